/**
 * The fake workbook's charts as native Excel charts in a downloaded `.xlsx` file: each chart is
 * mapped to the chart parts the command line writes for its generated sheets
 * (src/xlsx/chart-parts.ts), which are added to ExcelJS's package after it is written (ExcelJS
 * cannot write charts). Part of the lazily loaded download chunk, like ExcelJS.
 *
 * The mapping: type (`ColumnClustered`, `BarStacked` … as bars or columns, clustered, stacked or
 * 100 % stacked: the chart types the viewer draws), name, title, the series and categories as
 * references to the chart's source block (series by columns or rows, names from the header row
 * and labels from the first column when the chart has them) with the cells' values as caches,
 * series fills, the category axis's order and where the value axis crosses it, and the place
 * (`setPosition`'s cells). For a chart the add-in made from a layout this gives the same chart
 * part as the command line writes for that layout.
 *
 * Opening an `.xlsx` in the browser version does not read charts back (src/preview/xlsx.ts).
 */
import type { CellState, ChartState, SheetState } from "../fake-excel/state";
import { getCell } from "../fake-excel/state";
import {
  addChartsToXlsx,
  reference,
  rgbColor,
  type ChartAnchor,
  type ChartData,
  type NativeChart,
} from "../xlsx/chart-parts";

/** Where Excel puts a chart that was never placed: 8 columns by 15 rows, beside its data. */
const DEFAULT_COLUMNS = 8;
const DEFAULT_ROWS = 15;

/** A cell's value as a chart's text cache holds it (as the command line's layout charts). */
function label(cell: CellState | undefined): string {
  if (!cell) return "";
  if (cell.error !== undefined) return cell.error;
  if (typeof cell.value === "boolean") return cell.value ? "SANT" : "FALSKT";
  return String(cell.value);
}

const cached = (cell: CellState | undefined) =>
  cell === undefined || cell.error !== undefined ? null : cell.value;

const BAR_TYPES = /^(Bar|3DBar|CylinderBar|ConeBar|PyramidBar)/;

/** The chart's series and categories, read from its source block as Excel reads it. */
function chartDataOf(sheet: SheetState, chart: ChartState): ChartData | undefined {
  const { source } = chart;
  const byColumns = chart.seriesBy === "Columns";
  const top = source.top + (chart.headerRow ? 1 : 0);
  const left = source.left + (chart.labelColumn ? 1 : 0);
  const count = byColumns ? source.bottom - top + 1 : source.right - left + 1;
  if (count <= 0 || chart.series.length === 0) return undefined;
  const indexes = Array.from({ length: count }, (_, k) => k);
  /** Row and column of series `s`'s value for category `k`. */
  const at = (s: number, k: number): [number, number] =>
    byColumns ? [top + k, left + s] : [top + s, left + k];
  const hasLabels = byColumns ? chart.labelColumn : chart.headerRow;
  const hasNames = byColumns ? chart.headerRow : chart.labelColumn;
  const categories = hasLabels
    ? {
        formula: byColumns
          ? reference(sheet.name, top, source.left, source.bottom, source.left)
          : reference(sheet.name, source.top, left, source.top, source.right),
        labels: indexes.map((k) =>
          label(byColumns ? getCell(sheet, top + k, source.left) : getCell(sheet, source.top, left + k)),
        ),
      }
    : undefined;
  return {
    ...(categories ? { categories } : {}),
    series: chart.series.map((series, s) => {
      const [firstRow, firstColumn] = at(s, 0);
      const [lastRow, lastColumn] = at(s, count - 1);
      const cells = indexes.map((k) => getCell(sheet, ...at(s, k)));
      const [nameRow, nameColumn] = byColumns ? [source.top, left + s] : [top + s, source.left];
      const color = rgbColor(series.fill);
      return {
        ...(hasNames
          ? {
              name: {
                formula: reference(sheet.name, nameRow, nameColumn),
                text: label(getCell(sheet, nameRow, nameColumn)),
              },
            }
          : {}),
        values: {
          formula: reference(sheet.name, firstRow, firstColumn, lastRow, lastColumn),
          format: cells.find((c) => c && c.numberFormat !== "General")?.numberFormat ?? "General",
          cached: cells.map(cached),
        },
        ...(color ? { color } : {}),
      };
    }),
  };
}

function anchorOf(chart: ChartState): ChartAnchor {
  const { position, source } = chart;
  if (!position)
    return {
      row: source.top,
      column: source.right + 2,
      toRow: source.top + DEFAULT_ROWS,
      toColumn: source.right + 2 + DEFAULT_COLUMNS,
    };
  return {
    row: position.start.top,
    column: position.start.left,
    toRow: position.end.bottom + 1,
    toColumn: position.end.right + 1,
  };
}

/** A chart of the fake as it is written to the file; undefined for one without data. */
export function nativeChartOf(sheet: SheetState, chart: ChartState): NativeChart | undefined {
  const data = chartDataOf(sheet, chart);
  if (!data) return undefined;
  const position = chart.categoryAxis.position;
  return {
    name: chart.name,
    title: chart.title,
    direction: BAR_TYPES.test(chart.type) ? "bar" : "col",
    grouping: /Stacked100/.test(chart.type)
      ? "percentStacked"
      : /Stacked/.test(chart.type)
        ? "stacked"
        : "clustered",
    reversed: chart.categoryAxis.reversed,
    valueAxisCrosses: position === "Maximum" ? "max" : position === "Minimum" ? "min" : "autoZero",
    data,
    anchor: anchorOf(chart),
  };
}

/** The package ExcelJS wrote with the sheets' charts added (the same bytes when there are none). */
export function withCharts(bytes: Uint8Array, sheets: readonly SheetState[]): Promise<Uint8Array> {
  return addChartsToXlsx(
    bytes,
    sheets.map((sheet) => ({
      sheet: sheet.name,
      charts: sheet.charts
        .filter((c) => !c.deleted)
        .map((c) => nativeChartOf(sheet, c))
        .filter((c): c is NativeChart => c !== undefined),
    })),
  );
}
