/**
 * The state of a fake Excel workbook: sheets, cells, tables, formats. Plain data that the fake's
 * proxy objects change when a batch is synced, and that tests inspect. No Node-only APIs: the
 * browser preview runs the fake too.
 */
import { columnLetter, columnNumber, EXCEL_ERROR_VALUES, splitSheetReference } from "../core/sheet";

export { intersects, subtractArea } from "../core/sheet";

/** Excel's grid. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Area {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** Formatting of one cell: `font.bold`, `fill.color`, `borders.EdgeBottom.style`, `wrapText` … */
export type Style = Readonly<Record<string, string | number | boolean>>;

export interface Hyperlink {
  readonly address?: string;
  readonly documentReference?: string;
  readonly screenTip?: string;
  readonly textToDisplay?: string;
}

export interface CellState {
  /** The cell's value as Excel stores it; `""` is empty. A formula cell holds `""` (the fake does not calculate). */
  value: string | number | boolean;
  /** An error value such as `#N/A` (then `value` is the same text). */
  error?: string;
  /** Formula with leading `=`. */
  formula?: string;
  numberFormat: string;
  style?: Style;
  hyperlink?: Hyperlink;
}

export type Visibility = "Visible" | "Hidden" | "VeryHidden";

export interface ValidationState {
  readonly area: Area;
  rule: unknown;
  errorAlert?: unknown;
  ignoreBlanks?: boolean;
}

export interface ConditionalFormatState {
  readonly id: string;
  readonly type: string;
  readonly areas: readonly Area[];
  formula?: string;
  fillColor?: string;
  fontColor?: string;
}

/** A chart series: its fill as `#RRGGBB` once set (`undefined`: Excel's automatic colour). */
export interface ChartSeriesState {
  fill?: string;
}

/**
 * A chart on a sheet (`Worksheet.charts.add`). Its data stays in the cells: `source` is the range
 * it was created from, with the series names in the first row and the category labels in the
 * first column when Excel detected them so (`headerRow`, `labelColumn`).
 */
export interface ChartState {
  readonly id: string;
  name: string;
  /** Excel's chart type, e.g. `ColumnClustered`, `BarStacked`. */
  readonly type: string;
  readonly source: Area;
  /** Series are the source's columns (`Columns`) or rows (`Rows`). */
  readonly seriesBy: "Columns" | "Rows";
  readonly headerRow: boolean;
  readonly labelColumn: boolean;
  readonly series: ChartSeriesState[];
  title: string;
  /** The category axis: categories in reverse order (`reversePlotOrder`), where the value axis crosses it. */
  categoryAxis: { reversed: boolean; position: string };
  /** Where it sits: from the top-left corner of `start` to the bottom-right corner of `end`. */
  position?: { readonly start: Area; readonly end: Area };
  deleted?: boolean;
}

export interface SheetState {
  readonly id: string;
  name: string;
  visibility: Visibility;
  /** Rows of cells, 0-based; missing = empty cell with General format. */
  readonly rows: (CellState | undefined)[][];
  /** Column widths in points by 0-based column. */
  readonly columnWidths: Map<number, number>;
  frozenRows: number;
  frozenColumns: number;
  readonly validations: ValidationState[];
  /** Conditional formats, highest priority first. */
  readonly conditionalFormats: ConditionalFormatState[];
  /** Charts in creation order. */
  readonly charts: ChartState[];
  selection?: Area;
  /** Sheet protection (`Worksheet.protection.protect`) and its options; absent = not protected. */
  protection?: ProtectionState;
  deleted?: boolean;
}

/**
 * A protected sheet: what people may still do, in Office.js's names (`Excel.WorksheetProtectionOptions`;
 * an option left out is not allowed, `selectionMode` left out is "Normal"), and the password.
 */
export interface ProtectionState {
  readonly allowAutoFilter?: boolean;
  readonly allowDeleteColumns?: boolean;
  readonly allowDeleteRows?: boolean;
  readonly allowEditObjects?: boolean;
  readonly allowEditScenarios?: boolean;
  readonly allowFormatCells?: boolean;
  readonly allowFormatColumns?: boolean;
  readonly allowFormatRows?: boolean;
  readonly allowInsertColumns?: boolean;
  readonly allowInsertHyperlinks?: boolean;
  readonly allowInsertRows?: boolean;
  readonly allowPivotTables?: boolean;
  readonly allowSort?: boolean;
  /** "Normal" (any cell), "Unlocked" (unlocked cells only) or "None". */
  readonly selectionMode?: string;
  /** The password given to `protect` ("" = none); absent when only a file's hash of it is known. */
  readonly password?: string;
  /** A protected sheet's password hash read from a file, written back unchanged. */
  readonly passwordHash?: PasswordHash;
}

/** The hash of a sheet password in an .xlsx file (`<sheetProtection algorithmName=… hashValue=…>`). */
export interface PasswordHash {
  readonly algorithmName: string;
  readonly hashValue: string;
  readonly saltValue: string;
  readonly spinCount: number;
}

/** Excel refuses changes to a protected sheet. */
export function checkEditable(sheet: SheetState): void {
  if (sheet.protection) {
    throw new FakeExcelError("InvalidOperation", `The worksheet "${sheet.name}" is protected.`);
  }
}

export interface TableState {
  readonly id: string;
  name: string;
  sheet: SheetState;
  area: Area;
  showHeaders: boolean;
  showTotals: boolean;
  style: string;
  deleted?: boolean;
}

export interface WorkbookState {
  /** In tab order. */
  readonly sheets: SheetState[];
  readonly tables: TableState[];
  activeSheet?: SheetState;
  nextId: number;
}

/** An error as Office.js reports it: `code` is stable (`ItemNotFound`, `InvalidArgument` …). */
export class FakeExcelError extends Error {
  readonly debugInfo: { readonly code: string; readonly message: string };

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
    this.debugInfo = { code, message };
  }
}

export function newWorkbook(): WorkbookState {
  return { sheets: [], tables: [], nextId: 1 };
}

export function newId(state: WorkbookState, prefix: string): string {
  const id = `{${prefix}-${String(state.nextId).padStart(8, "0")}}`;
  state.nextId += 1;
  return id;
}

export function newSheet(state: WorkbookState, name: string): SheetState {
  return {
    id: newId(state, "sheet"),
    name,
    visibility: "Visible",
    rows: [],
    columnWidths: new Map(),
    frozenRows: 0,
    frozenColumns: 0,
    validations: [],
    conditionalFormats: [],
    charts: [],
  };
}

export function getCell(sheet: SheetState, row: number, column: number): CellState | undefined {
  return sheet.rows[row]?.[column];
}

export function ensureCell(sheet: SheetState, row: number, column: number): CellState {
  let cells = sheet.rows[row];
  if (!cells) {
    cells = [];
    sheet.rows[row] = cells;
  }
  let cell = cells[column];
  if (!cell) {
    cell = { value: "", numberFormat: "General" };
    cells[column] = cell;
  }
  return cell;
}

export function clearCell(sheet: SheetState, row: number, column: number): void {
  const cells = sheet.rows[row];
  if (cells && cells[column]) cells[column] = undefined;
}

export function areaRows(area: Area): number {
  return area.bottom - area.top + 1;
}

export function areaColumns(area: Area): number {
  return area.right - area.left + 1;
}

export function areaCells(area: Area): number {
  return areaRows(area) * areaColumns(area);
}

export function contains(outer: Area, inner: Area): boolean {
  return (
    outer.top <= inner.top &&
    outer.left <= inner.left &&
    outer.bottom >= inner.bottom &&
    outer.right >= inner.right
  );
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d+)$/;

function invalidAddress(address: string): FakeExcelError {
  return new FakeExcelError(
    "InvalidArgument",
    `The argument is invalid or missing or has an incorrect format: ${address}`,
  );
}

/** One area without a sheet name: `A1`, `A1:C5`, `A:C`, `2:4`. */
export function parseArea(text: string): Area {
  const parts = text.trim().split(":");
  if (parts.length === 1) {
    const m = CELL.exec(parts[0] ?? "");
    if (!m?.[1] || !m[2]) throw invalidAddress(text);
    const row = Number(m[2]) - 1;
    const column = columnNumber(m[1]) - 1;
    return checkArea({ top: row, left: column, bottom: row, right: column }, text);
  }
  if (parts.length !== 2) throw invalidAddress(text);
  const [a = "", b = ""] = parts;
  const ca = CELL.exec(a);
  const cb = CELL.exec(b);
  if (ca?.[1] && ca[2] && cb?.[1] && cb[2]) {
    const r1 = Number(ca[2]) - 1;
    const r2 = Number(cb[2]) - 1;
    const c1 = columnNumber(ca[1]) - 1;
    const c2 = columnNumber(cb[1]) - 1;
    return checkArea(
      { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) },
      text,
    );
  }
  const cola = COLUMN.exec(a);
  const colb = COLUMN.exec(b);
  if (cola?.[1] && colb?.[1]) {
    const c1 = columnNumber(cola[1]) - 1;
    const c2 = columnNumber(colb[1]) - 1;
    return checkArea({ top: 0, left: Math.min(c1, c2), bottom: MAX_ROWS - 1, right: Math.max(c1, c2) }, text);
  }
  const rowa = ROW.exec(a);
  const rowb = ROW.exec(b);
  if (rowa?.[1] && rowb?.[1]) {
    const r1 = Number(rowa[1]) - 1;
    const r2 = Number(rowb[1]) - 1;
    return checkArea(
      { top: Math.min(r1, r2), left: 0, bottom: Math.max(r1, r2), right: MAX_COLUMNS - 1 },
      text,
    );
  }
  throw invalidAddress(text);
}

function checkArea(area: Area, text: string): Area {
  if (area.top < 0 || area.left < 0 || area.bottom >= MAX_ROWS || area.right >= MAX_COLUMNS)
    throw invalidAddress(text);
  return area;
}

/** `Budget!A1:C5`, `'Mål 2'!A1` or `A1:C5`: the sheet name (unquoted) and the areas. */
export function parseReference(text: string): { readonly sheet?: string; readonly areas: Area[] } {
  const split = splitSheetReference(text);
  if (!split) throw invalidAddress(text);
  const { sheet, rest } = split;
  const areas = rest
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(parseArea);
  if (areas.length === 0) throw invalidAddress(text);
  return sheet === undefined ? { areas } : { sheet, areas };
}

/** `A1` or `A1:C5` (whole columns `A:C`, whole rows `2:4`). */
export function formatArea(area: Area): string {
  const wholeColumns = area.top === 0 && area.bottom === MAX_ROWS - 1;
  const wholeRows = area.left === 0 && area.right === MAX_COLUMNS - 1;
  if (wholeRows) return `${area.top + 1}:${area.bottom + 1}`;
  if (wholeColumns) return `${columnLetter(area.left + 1)}:${columnLetter(area.right + 1)}`;
  const a = `${columnLetter(area.left + 1)}${area.top + 1}`;
  if (area.top === area.bottom && area.left === area.right) return a;
  return `${a}:${columnLetter(area.right + 1)}${area.bottom + 1}`;
}

/** A sheet name as Excel writes it in an address: quoted unless plain letters, digits, `_` and `.`. */
export function quoteSheet(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !CELL.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function formatAddress(sheet: string, area: Area): string {
  return `${quoteSheet(sheet)}!${formatArea(area)}`;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERCENT = /^([+-]?(\d+\.?\d*|\.\d+))%$/;
const EPOCH = Date.UTC(1899, 11, 30);

/** What Excel stores when a value is written to a cell through `values` or `formulas`. */
export interface Stored {
  readonly value: string | number | boolean;
  readonly formula?: string;
  readonly error?: string;
  /** The number format Excel gives a General cell for a typed date or percentage. */
  readonly numberFormat?: string;
}

/**
 * Excel's reading of a written value (en-US rules). In a cell formatted as text (`@`) a string is
 * stored as given. Otherwise a string starting with `=`, `+`, `-` or `@` becomes a formula, a
 * number, ISO date, percentage, TRUE/FALSE or error text becomes that value: the behaviour that
 * makes writing user text without the text format unsafe.
 */
export function storeInput(input: unknown, numberFormat: string): Stored {
  if (input === null || input === undefined || input === "") return { value: "" };
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new FakeExcelError("InvalidArgument", "Invalid number");
    return { value: input };
  }
  if (typeof input === "boolean") return { value: input };
  if (typeof input !== "string") throw new FakeExcelError("InvalidArgument", "Invalid cell value");
  if (input.length > 32_767)
    throw new FakeExcelError("InvalidArgument", "Text longer than 32,767 characters");
  if (numberFormat === "@") return { value: input };
  if (input.startsWith("=") && input.length > 1) return { value: "", formula: input };
  if (/^[+\-@]/.test(input) && input.length > 1 && !NUMBER.test(input))
    return { value: "", formula: `=${input}` };
  if (NUMBER.test(input)) return { value: Number(input) };
  const general = numberFormat === "General";
  const percent = PERCENT.exec(input);
  if (percent?.[1]) return { value: Number(percent[1]) / 100, ...(general ? { numberFormat: "0%" } : {}) };
  const iso = ISO_DATE.exec(input);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1900) {
      return {
        value: (date.getTime() - EPOCH) / 86_400_000,
        ...(general ? { numberFormat: "yyyy-mm-dd" } : {}),
      };
    }
  }
  const upper = input.toUpperCase();
  if (upper === "TRUE" || upper === "FALSE") return { value: upper === "TRUE" };
  if (EXCEL_ERROR_VALUES.includes(upper)) return { value: upper, error: upper };
  return { value: input };
}

export function applyStored(cell: CellState, stored: Stored): void {
  cell.value = stored.value;
  if (stored.formula === undefined) delete cell.formula;
  else cell.formula = stored.formula;
  if (stored.error === undefined) delete cell.error;
  else cell.error = stored.error;
  if (stored.numberFormat !== undefined) cell.numberFormat = stored.numberFormat;
}

/** The used range: cells with a value (valuesOnly) or with anything set; only `within` an area if given. */
export function usedArea(sheet: SheetState, valuesOnly: boolean, within?: Area): Area | undefined {
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  sheet.rows.forEach((cells, r) => {
    if (within && (r < within.top || r > within.bottom)) return;
    cells?.forEach((cell, c) => {
      if (!cell) return;
      if (within && (c < within.left || c > within.right)) return;
      const used = valuesOnly
        ? cell.value !== "" || cell.formula !== undefined
        : cell.value !== "" ||
          cell.formula !== undefined ||
          cell.numberFormat !== "General" ||
          cell.style !== undefined ||
          cell.hyperlink !== undefined;
      if (!used) return;
      top = Math.min(top, r);
      left = Math.min(left, c);
      bottom = Math.max(bottom, r);
      right = Math.max(right, c);
    });
  });
  return bottom < 0 ? undefined : { top, left, bottom, right };
}

const INVALID_SHEET_CHARS = /[:\\/?*[\]]/;

export function checkSheetName(state: WorkbookState, name: string, self?: SheetState): void {
  if (name.trim() === "" || name.length > 31 || INVALID_SHEET_CHARS.test(name) || /^'|'$/.test(name)) {
    throw new FakeExcelError("InvalidArgument", `The sheet name "${name}" is invalid.`);
  }
  if (name.toLowerCase() === "history")
    throw new FakeExcelError("InvalidArgument", "The name History is reserved.");
  const lower = name.toLowerCase();
  if (state.sheets.some((s) => s !== self && s.name.toLowerCase() === lower)) {
    throw new FakeExcelError("ItemAlreadyExists", `A sheet named "${name}" already exists.`);
  }
}

const TABLE_NAME = /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u;
const CELL_LIKE = /^([A-Za-z]{1,3}\d+|[RrCc]\d*|[Rr]\d+[Cc]\d+)$/;

export function checkTableName(state: WorkbookState, name: string, self?: TableState): void {
  if (name.length > 255 || !TABLE_NAME.test(name) || CELL_LIKE.test(name)) {
    throw new FakeExcelError("InvalidArgument", `The table name "${name}" is invalid.`);
  }
  const lower = name.toLowerCase();
  if (state.tables.some((t) => t !== self && t.name.toLowerCase() === lower)) {
    throw new FakeExcelError("ItemAlreadyExists", `A table named "${name}" already exists.`);
  }
}

/** Visible sheets in tab order. */
export function visibleSheets(state: WorkbookState): SheetState[] {
  return state.sheets.filter((s) => s.visibility === "Visible");
}
