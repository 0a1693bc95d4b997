/**
 * Native Excel charts for the generated sheets' {@link LayoutChart}s. ExcelJS cannot write charts,
 * so after it has written the package the chart parts are added by hand (./chart-parts.ts, shared
 * with the browser version's download): per sheet with charts one drawing
 * (`xl/drawings/drawingN.xml`, a `twoCellAnchor` with a graphic frame per chart) and per chart a
 * chart part (`xl/charts/chartN.xml`, a `c:barChart`), their relationships, the content types,
 * and the sheet's `<drawing r:id>` element. This module maps a layout's charts to those parts.
 *
 * Each series refers to the sheet's cells (`'Sammanställning ekonomi'!$C$40:$C$46`), so the chart
 * follows the sheet when Excel recalculates; the caches hold the layout's values, so readers that
 * do not calculate (and Excel before it has) show the same figures.
 *
 * On a later run ExcelJS drops the charts and drawings of the old generated sheets together with
 * the sheets (it keeps no chart parts at all), so a re-run leaves only the new ones.
 */
import type { CellValue } from "../core/sheet";
import type { LayoutCell, LayoutChart, SheetLayout } from "../core/summary/types";
import {
  addNativeCharts,
  nativeChartXml,
  reference,
  rgbColor,
  type ChartData,
  type ChartSeriesData,
  type NativeChart,
  type PackageParts,
} from "./chart-parts";

function cellOf(layout: SheetLayout, row: number, column: number): LayoutCell | null | undefined {
  return layout.rows[row]?.[column];
}

/** A cell value as a chart shows it in a label (text cache). */
function label(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return value.error;
  if (typeof value === "boolean") return value ? "SANT" : "FALSKT";
  return String(value);
}

/** A layout chart's data: always with category labels and series names (its block has both). */
export interface LayoutChartData extends ChartData {
  readonly categories: NonNullable<ChartData["categories"]>;
  readonly series: readonly (ChartSeriesData & {
    readonly name: NonNullable<ChartSeriesData["name"]>;
    readonly values: ChartSeriesData["values"] & { readonly cached: readonly CellValue[] };
  })[];
}

export function chartData(layout: SheetLayout, chart: LayoutChart): LayoutChartData {
  const categories = Math.max(chart.categories, 1);
  const first = chart.row + 1;
  const last = chart.row + categories;
  const rows = Array.from({ length: categories }, (_, k) => first + k);
  return {
    categories: {
      formula: reference(layout.name, first, chart.column, last, chart.column),
      labels: rows.map((r) => label(cellOf(layout, r, chart.column)?.value)),
    },
    series: Array.from({ length: Math.max(chart.series, 1) }, (_, s) => {
      const column = chart.column + 1 + s;
      const cells = rows.map((r) => cellOf(layout, r, column));
      const color = rgbColor(chart.seriesColors?.[s]);
      return {
        name: {
          formula: reference(layout.name, chart.row, column),
          text: label(cellOf(layout, chart.row, column)?.value),
        },
        values: {
          formula: reference(layout.name, first, column, last, column),
          format: cells.find((c) => c?.numberFormat)?.numberFormat ?? "General",
          cached: cells.map((c) => c?.value ?? null),
        },
        ...(color ? { color } : {}),
      };
    }),
  };
}

/**
 * A layout chart as it is written: `columnClustered` as clustered columns; `barStacked` as
 * horizontal stacked bars listing the categories top to bottom in the sheet's order, the value
 * axis at the bottom (it crosses the reversed category axis at its maximum).
 */
export function layoutNativeChart(layout: SheetLayout, chart: LayoutChart): NativeChart {
  const horizontal = chart.kind === "barStacked";
  return {
    name: chart.name,
    title: chart.title,
    direction: horizontal ? "bar" : "col",
    grouping: horizontal ? "stacked" : "clustered",
    reversed: horizontal,
    valueAxisCrosses: horizontal ? "max" : "autoZero",
    data: chartData(layout, chart),
    anchor: chart.anchor,
  };
}

/** `xl/charts/chartN.xml`: a clustered column chart or a stacked bar chart with title and legend. */
export function chartPartXml(layout: SheetLayout, chart: LayoutChart): string {
  return nativeChartXml(layoutNativeChart(layout, chart));
}

/**
 * Adds the layouts' charts to a package ExcelJS wrote: `sheets` maps each generated sheet's name
 * to its worksheet part. New parts take numbers above every existing one, so no part of another
 * sheet is touched. A generated sheet has no drawing of its own (ExcelJS writes drawings only for
 * pictures, which layouts have none of).
 */
export async function addChartParts(
  parts: PackageParts,
  layouts: readonly SheetLayout[],
  sheets: ReadonlyMap<string, string>,
): Promise<void> {
  await addNativeCharts(
    parts,
    layouts
      .filter((l) => (l.charts ?? []).length > 0 && sheets.has(l.name))
      .map((l) => ({
        path: sheets.get(l.name) ?? "",
        charts: (l.charts ?? []).map((chart) => layoutNativeChart(l, chart)),
      })),
  );
}
