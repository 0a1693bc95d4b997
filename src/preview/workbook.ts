/**
 * The preview's workbook: the typed fake Excel host (src/fake-excel) with the real Office.js
 * adapter (OfficeWorkbookPort) over it, plus what the sheet viewer needs to show it. Loaded with a
 * dynamic import, so the pane's first render does not wait for the example data or the adapter.
 *
 * **Formula values.** The fake does not calculate: a formula written through `range.formulas`
 * holds an empty value. The generated sheets' formulas are the layout engine's, and the engine
 * computed every value ({@link LayoutCell.value}); after a successful `writeGeneratedSheets` the
 * preview stores those values in the fake's formula cells, where Excel would keep its calculated
 * value (see {@link applyLayoutValues}). Reads through the adapter then see what Excel would show,
 * and a downloaded file carries them as the formulas' cached results. A file opened in the preview
 * brings its own cached results the same way.
 */
import type { WorkbookContent } from "../core/content";
import type { Finding } from "../core/findings";
import type { ColumnAddition } from "../core/followup";
import type { Progress, TemplateResult, WorkbookPort } from "../core/port";
import { columnLetter, type CellValue, isCellError } from "../core/sheet";
import type { SheetLayout } from "../core/summary/types";
import { exampleWorkbook } from "../example";
import { FakeExcel } from "../fake-excel";
import { getCell, type Area, type CellState, type ChartState, type SheetState } from "../fake-excel/state";
import { OfficeWorkbookPort } from "../office/adapter";
import { ALL_REQUIREMENTS } from "../office/requirements";
import { CHART_STRINGS } from "./ChartStrings";
import { formatValue } from "./format";
import { hyperlinkFormulaTarget, parseLink } from "./links";

export { FakeExcel };

/** A fake workbook and the real adapter over it. */
export interface LoadedWorkbook {
  readonly fake: FakeExcel;
  readonly port: WorkbookPort;
}

/** An empty workbook: one empty sheet, Blad1, as a new workbook in Swedish Excel. */
export function createEmptyWorkbook(): FakeExcel {
  return FakeExcel.fromContent();
}

/**
 * An example as the add-in puts it into Excel: its tables created through the real adapter in an
 * empty workbook (with the template's number formats, column widths and dropdowns), then the
 * empty Blad1 removed. By default the bundled example (Hägersten-Älvsjö VP 2025); the store passes
 * the follow-up example's content (Resursenheten VB 2021, a chunk of its own).
 */
export async function createExampleWorkbook(
  content: WorkbookContent = exampleWorkbook(),
): Promise<FakeExcel> {
  const fake = FakeExcel.fromContent();
  await createPort(fake).createTables(content);
  const state = fake.state;
  const blank = state.sheets.find((s) => s.name === "Blad1");
  if (blank && blank.rows.length === 0 && !state.tables.some((t) => t.sheet === blank)) {
    state.sheets.splice(state.sheets.indexOf(blank), 1);
  }
  state.activeSheet = state.sheets.find((s) => s.visibility === "Visible");
  return fake;
}

/** Stores the layout engine's values in the formula cells the adapter just wrote. */
export function applyLayoutValues(fake: FakeExcel, layouts: readonly SheetLayout[]): void {
  for (const layout of layouts) {
    const sheet = fake.sheet(layout.name);
    if (!sheet) continue;
    layout.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell || cell.formula === undefined) return;
        const target = getCell(sheet, r, c);
        if (!target || target.formula !== cell.formula) return;
        setComputed(target, cell.value);
      }),
    );
  }
}

function setComputed(cell: CellState, value: CellValue): void {
  if (value === null) cell.value = "";
  else if (isCellError(value)) {
    cell.value = value.error;
    cell.error = value.error;
  } else if (typeof value === "number" && !Number.isFinite(value)) {
    cell.value = "#NUM!";
    cell.error = "#NUM!";
  } else cell.value = value;
}

/** The real adapter over the fake, with the computed values kept after writing generated sheets. */
export function createPort(fake: FakeExcel): WorkbookPort {
  const port = new OfficeWorkbookPort(fake.runner, { requirements: ALL_REQUIREMENTS, log: () => undefined });
  return {
    readWorkbook: () => port.readWorkbook(),
    createTables: (content: WorkbookContent): Promise<TemplateResult> => port.createTables(content),
    writeGeneratedSheets: async (sheets: readonly SheetLayout[], progress?: Progress) => {
      await port.writeGeneratedSheets(sheets, progress);
      applyLayoutValues(fake, sheets);
    },
    markFindings: (findings: readonly Finding[]) => port.markFindings(findings),
    selectCell: (sheet: string, cell: string) => port.selectCell(sheet, cell),
    writeSettings: (values: ReadonlyMap<string, string | number | null>) => port.writeSettings(values),
    addTableColumns: (additions: readonly ColumnAddition[]) => port.addTableColumns(additions),
  };
}

// --- What the viewer shows ----------------------------------------------------------------------

/** One cell as the viewer draws it. */
export interface GridCell {
  readonly text: string;
  readonly align: "left" | "right" | "center";
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly size?: number;
  readonly color?: string;
  /** Background: the cell's fill, or a conditional format's (the findings' marks). */
  readonly fill?: string;
  /** The fill comes from a mark (a conditional format). */
  readonly marked?: boolean;
  readonly wrap?: boolean;
  readonly indent?: number;
  readonly borderTop?: boolean;
  readonly borderBottom?: boolean;
  /** Left-aligned text runs on into this many empty cells to its right, as in Excel. */
  readonly overflow?: number;
  readonly formula?: string;
  /** An internal link: the sheet and cell it selects. */
  readonly link?: { readonly sheet: string; readonly cell: string };
}

/** One series of a chart as the viewer draws it: its values read from the sheet's cells. */
export interface GridChartSeries {
  readonly name: string;
  /** `#RRGGBB`: the series' fill, or Excel's default palette colour for its position. */
  readonly color: string;
  /** One per category; `null` where the cell holds no number. */
  readonly values: readonly (number | null)[];
  /** The values as the cells show them (their number format). */
  readonly texts: readonly string[];
}

/** A chart of the sheet, read from the fake workbook's chart and its source cells. */
export interface GridChart {
  readonly name: string;
  readonly title: string;
  /** Vertical columns or horizontal bars. */
  readonly direction: "column" | "bar";
  readonly stacked: boolean;
  /**
   * Categories in reverse plot order. Excel's default puts the first category next to the value
   * axis: leftmost for columns, at the bottom for bars; reversed bars read top to bottom.
   */
  readonly reversed: boolean;
  readonly categories: readonly string[];
  readonly series: readonly GridChartSeries[];
  /** The number format of the values (for the value axis). */
  readonly numberFormat: string;
  /** Where it sits: from the top-left corner of (row, column) to that of (toRow, toColumn), 0-based. */
  readonly anchor?: {
    readonly row: number;
    readonly column: number;
    readonly toRow: number;
    readonly toColumn: number;
  };
}

export interface Grid {
  readonly sheet: string;
  /** Rows and columns shown (at least the used range, at least 20 × 8). */
  readonly rowCount: number;
  readonly columnCount: number;
  /** Rows of the used range left out (the viewer shows at most {@link MAX_GRID_ROWS}). */
  readonly rowsLeftOut: number;
  /** Column widths in CSS pixels. */
  readonly widths: readonly number[];
  readonly cells: readonly (readonly (GridCell | undefined)[])[];
  readonly frozenRows: number;
  /** The selected area (0-based) when the sheet has one. */
  readonly selection?: Area;
  /** The sheet's charts, in creation order. */
  readonly charts: readonly GridChart[];
}

export const MAX_GRID_ROWS = 2000;
const MAX_GRID_COLUMNS = 60;
const DEFAULT_WIDTH_POINTS = 48;

/** Sheets shown as tabs: the visible ones, in tab order (hidden and very hidden ones are not). */
export function visibleSheetNames(fake: FakeExcel): string[] {
  return fake.state.sheets.filter((s) => s.visibility === "Visible").map((s) => s.name);
}

/** The active sheet, or the first visible one. */
export function activeSheetName(fake: FakeExcel): string | undefined {
  const active = fake.state.activeSheet;
  if (active && !active.deleted && active.visibility === "Visible" && fake.state.sheets.includes(active))
    return active.name;
  return visibleSheetNames(fake)[0];
}

/** `Mål!A32` of the active sheet's selection (its top-left cell). */
export function selectionAddress(fake: FakeExcel): string | undefined {
  const name = activeSheetName(fake);
  const sheet = name ? fake.sheet(name) : undefined;
  if (!sheet?.selection) return undefined;
  return `${sheet.name}!${areaText(sheet.selection)}`;
}

export function areaText(area: Area): string {
  const a = `${columnLetter(area.left + 1)}${area.top + 1}`;
  if (area.top === area.bottom && area.left === area.right) return a;
  return `${a}:${columnLetter(area.right + 1)}${area.bottom + 1}`;
}

/** What the user does in the viewer: shows a sheet, selects a cell (as clicking in Excel). */
export function activate(fake: FakeExcel, sheetName: string, area?: Area): void {
  const sheet = fake.sheet(sheetName);
  if (!sheet || sheet.visibility !== "Visible") return;
  fake.state.activeSheet = sheet;
  if (area) sheet.selection = area;
}

function styleOf(cell: CellState, key: string): string | number | boolean | undefined {
  return cell.style?.[key];
}

const hex = (color: string | undefined) =>
  color && /^#?[0-9a-f]{6}$/i.test(color) ? `#${color.replace("#", "")}` : undefined;

function gridCell(cell: CellState, mark: string | undefined): GridCell {
  const shown =
    cell.error !== undefined
      ? { text: cell.error, align: "center" as const }
      : formatValue(cell.value, cell.numberFormat);
  const alignment = String(styleOf(cell, "horizontalAlignment") ?? "General");
  const align =
    alignment === "Left"
      ? "left"
      : alignment === "Right"
        ? "right"
        : alignment === "Center"
          ? "center"
          : shown.align;
  const fill = mark ?? hex(styleOf(cell, "fill.color") as string | undefined);
  const link = cell.hyperlink?.documentReference
    ? parseLink(cell.hyperlink.documentReference)
    : cell.formula
      ? hyperlinkFormulaTarget(cell.formula)
      : undefined;
  const size = styleOf(cell, "font.size");
  const indent = styleOf(cell, "indentLevel");
  const color = hex(styleOf(cell, "font.color") as string | undefined);
  return {
    text: shown.text,
    align,
    ...(styleOf(cell, "font.bold") === true ? { bold: true } : {}),
    ...(styleOf(cell, "font.italic") === true ? { italic: true } : {}),
    ...(typeof size === "number" && size !== 11 ? { size } : {}),
    ...(color && color !== "#000000" ? { color } : {}),
    ...(fill && fill.toUpperCase() !== "#FFFFFF" ? { fill } : {}),
    ...(mark ? { marked: true } : {}),
    ...(styleOf(cell, "wrapText") === true ? { wrap: true } : {}),
    ...(typeof indent === "number" && indent > 0 ? { indent } : {}),
    ...(isBorder(styleOf(cell, "borders.EdgeTop.style")) ? { borderTop: true } : {}),
    ...(isBorder(styleOf(cell, "borders.EdgeBottom.style")) ? { borderBottom: true } : {}),
    ...(cell.formula !== undefined ? { formula: cell.formula } : {}),
    ...(link ? { link } : {}),
  };
}

const isBorder = (style: unknown) => typeof style === "string" && style !== "None";

/** The marks' fill per cell (`row,column`): conditional formats with a fill colour, first wins. */
function marksOf(sheet: SheetState): Map<string, string> {
  const marks = new Map<string, string>();
  for (const format of sheet.conditionalFormats) {
    const fill = hex(format.fillColor);
    if (!fill) continue;
    for (const area of format.areas) {
      const bottom = Math.min(area.bottom, area.top + MAX_GRID_ROWS);
      const right = Math.min(area.right, area.left + MAX_GRID_COLUMNS);
      for (let r = area.top; r <= bottom; r++)
        for (let c = area.left; c <= right; c++) if (!marks.has(`${r},${c}`)) marks.set(`${r},${c}`, fill);
    }
  }
  return marks;
}

/** Excel tables' look: a blue header row with white bold text and, for most styles, banded rows. */
const TABLE_HEADER = "#4472C4";
const TABLE_BAND = "#D9E1F2";

function tableLooks(fake: FakeExcel, sheet: SheetState): Map<string, { header: boolean; fill: string }> {
  const looks = new Map<string, { header: boolean; fill: string }>();
  for (const table of fake.state.tables) {
    if (table.sheet !== sheet || table.deleted) continue;
    const { area } = table;
    const banded = !/Light(8|9|10|11|12|13|14)$/.test(table.style) && table.style !== "";
    const first = table.showHeaders ? area.top + 1 : area.top;
    const bottom = Math.min(area.bottom, area.top + MAX_GRID_ROWS);
    for (let c = area.left; c <= Math.min(area.right, MAX_GRID_COLUMNS); c++) {
      if (table.showHeaders) looks.set(`${area.top},${c}`, { header: true, fill: TABLE_HEADER });
      if (banded)
        for (let r = first; r <= bottom; r += 2) looks.set(`${r},${c}`, { header: false, fill: TABLE_BAND });
    }
  }
  return looks;
}

/** The sheet as the viewer draws it. */
export function gridOf(fake: FakeExcel, sheetName: string): Grid | undefined {
  const sheet = fake.sheet(sheetName);
  if (!sheet) return undefined;
  const marks = marksOf(sheet);
  const tables = tableLooks(fake, sheet);
  let lastRow = -1;
  let lastColumn = -1;
  sheet.rows.forEach((cells, r) =>
    cells?.forEach((cell, c) => {
      if (!cell || (cell.value === "" && cell.formula === undefined && !cell.style?.["fill.color"])) return;
      lastRow = Math.max(lastRow, r);
      lastColumn = Math.max(lastColumn, c);
    }),
  );
  for (const key of marks.keys()) {
    const [r = 0, c = 0] = key.split(",").map(Number);
    lastRow = Math.max(lastRow, r);
    lastColumn = Math.max(lastColumn, c);
  }
  for (const c of sheet.columnWidths.keys()) if (c < MAX_GRID_COLUMNS) lastColumn = Math.max(lastColumn, c);
  const charts = sheet.charts.map((chart) => gridChart(sheet, chart));
  // The grid reaches to the charts' anchors, so they sit over cells that are drawn.
  for (const chart of charts) {
    if (!chart.anchor) continue;
    lastRow = Math.max(lastRow, chart.anchor.toRow - 1);
    lastColumn = Math.max(lastColumn, chart.anchor.toColumn - 1);
  }
  if (sheet.selection) {
    lastRow = Math.max(lastRow, sheet.selection.bottom);
    lastColumn = Math.max(lastColumn, sheet.selection.right);
  }
  const usedRows = lastRow + 1;
  const rowCount = Math.min(Math.max(usedRows + 5, 30), MAX_GRID_ROWS);
  const columnCount = Math.min(Math.max(lastColumn + 2, 10), MAX_GRID_COLUMNS);
  const cells: (GridCell | undefined)[][] = [];
  for (let r = 0; r < rowCount; r++) {
    const row: (GridCell | undefined)[] = [];
    for (let c = 0; c < columnCount; c++) {
      const cell = getCell(sheet, r, c);
      const mark = marks.get(`${r},${c}`);
      let shown: GridCell | undefined = cell
        ? gridCell(cell, mark)
        : mark
          ? { text: "", align: "left", fill: mark, marked: true }
          : undefined;
      const look = tables.get(`${r},${c}`);
      if (look && !shown?.fill)
        shown = look.header
          ? { text: "", align: "left", ...shown, fill: look.fill, color: "#FFFFFF", bold: true }
          : { text: "", align: "left", ...shown, fill: look.fill };
      row.push(shown);
    }
    // Text runs on over empty neighbours (Excel's overflow), except in wrapped cells.
    row.forEach((cell, c) => {
      if (!cell || cell.text === "" || cell.align !== "left" || cell.wrap || cell.link) return;
      let free = 0;
      while (c + free + 1 < columnCount && free < 12 && !row[c + free + 1]?.text && !row[c + free + 1]?.fill)
        free++;
      if (free > 0) row[c] = { ...cell, overflow: free };
    });
    cells.push(row);
  }
  const widths = Array.from({ length: columnCount }, (_, c) =>
    Math.round(((sheet.columnWidths.get(c) ?? DEFAULT_WIDTH_POINTS) * 4) / 3),
  );
  return {
    sheet: sheet.name,
    rowCount,
    columnCount,
    rowsLeftOut: Math.max(0, usedRows - MAX_GRID_ROWS),
    widths,
    cells,
    frozenRows: sheet.frozenRows,
    ...(sheet.selection ? { selection: sheet.selection } : {}),
    charts,
  };
}

/** Excel's default series colours (Office theme accents 1–6). */
export const DEFAULT_CHART_COLORS: readonly string[] = [
  "#4472C4",
  "#ED7D31",
  "#A5A5A5",
  "#FFC000",
  "#5B9BD5",
  "#70AD47",
];

function cellText(cell: CellState | undefined): string {
  if (!cell) return "";
  if (cell.error !== undefined) return cell.error;
  return formatValue(cell.value, cell.numberFormat).text;
}

function cellNumber(cell: CellState | undefined): number | null {
  return cell && cell.error === undefined && typeof cell.value === "number" && Number.isFinite(cell.value)
    ? cell.value
    : null;
}

/**
 * A chart with its data read from the cells now (so it follows the sheet): series names from the
 * header row, category labels from the first column (or rows, for series by rows), the values
 * as numbers and as the cells show them.
 */
export function gridChart(sheet: SheetState, chart: ChartState): GridChart {
  const { source } = chart;
  const byColumns = chart.seriesBy === "Columns";
  const firstData = {
    row: source.top + (chart.headerRow ? 1 : 0),
    column: source.left + (chart.labelColumn ? 1 : 0),
  };
  const categoryCount = byColumns ? source.bottom - firstData.row + 1 : source.right - firstData.column + 1;
  const cellAt = (series: number, category: number) =>
    byColumns
      ? getCell(sheet, firstData.row + category, firstData.column + series)
      : getCell(sheet, firstData.row + series, firstData.column + category);
  const categories = Array.from({ length: Math.max(categoryCount, 0) }, (_, k) => {
    const label = byColumns
      ? chart.labelColumn
        ? getCell(sheet, firstData.row + k, source.left)
        : undefined
      : chart.headerRow
        ? getCell(sheet, source.top, firstData.column + k)
        : undefined;
    return cellText(label) || String(k + 1);
  });
  let numberFormat: string | undefined;
  const series = chart.series.map((s, i) => {
    const header = byColumns
      ? chart.headerRow
        ? getCell(sheet, source.top, firstData.column + i)
        : undefined
      : chart.labelColumn
        ? getCell(sheet, firstData.row + i, source.left)
        : undefined;
    const cells = categories.map((_c, k) => cellAt(i, k));
    numberFormat ??= cells.find((c) => c && c.numberFormat !== "General")?.numberFormat;
    return {
      name: cellText(header) || CHART_STRINGS.seriesName(i + 1),
      color: hex(s.fill) ?? DEFAULT_CHART_COLORS[i % DEFAULT_CHART_COLORS.length] ?? "#4472C4",
      values: cells.map(cellNumber),
      texts: cells.map(cellText),
    };
  });
  const position = chart.position;
  return {
    name: chart.name,
    title: chart.title,
    direction: /^(Bar|3DBar|CylinderBar|ConeBar|PyramidBar)/.test(chart.type) ? "bar" : "column",
    stacked: /Stacked/.test(chart.type),
    reversed: chart.categoryAxis.reversed,
    categories,
    series,
    numberFormat: numberFormat ?? "General",
    ...(position
      ? {
          anchor: {
            row: position.start.top,
            column: position.start.left,
            toRow: position.end.bottom + 1,
            toColumn: position.end.right + 1,
          },
        }
      : {}),
  };
}
