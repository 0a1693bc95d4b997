/**
 * The neutral sheet form: what every adapter (ExcelJS file, Office.js, the browser's fake host)
 * hands to the core, and what the core hands back to be written. No Office or file-format types.
 */

/** An Excel error value such as `#N/A` or `#REF!`. */
export interface CellError {
  readonly error: string;
}

/**
 * A cell's value as the core sees it. Dates are Excel serial numbers (or ISO text typed by a
 * user); adapters convert a JavaScript `Date` to a serial with {@link dateToSerial}.
 */
export type CellValue = string | number | boolean | null | CellError;

/** Every error value Excel shows in a cell (and returns through Office.js `values`). */
export const EXCEL_ERROR_VALUES: readonly string[] = [
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
];

export function isCellError(value: unknown): value is CellError {
  return typeof value === "object" && value !== null && typeof (value as CellError).error === "string";
}

/** One Excel table (ListObject), or a sheet read as a table with headers in row 1. */
export interface SheetTable {
  /** Table name (e.g. `Budget`); for a sheet read as a table, the sheet name. */
  readonly name: string;
  /** Worksheet name. */
  readonly sheet: string;
  /** 1-based worksheet row of the header row. */
  readonly headerRow: number;
  /** 1-based worksheet column of the first column. */
  readonly firstColumn: number;
  readonly headers: readonly CellValue[];
  /** Data rows below the header row, in sheet order (blank rows included, the reader skips them). */
  readonly rows: readonly (readonly CellValue[])[];
  /**
   * Number formats of the data cells, row-major like `rows` (`null` or missing = General).
   * Optional: an adapter that cannot tell leaves it out.
   */
  readonly numberFormats?: readonly (readonly (string | null | undefined)[] | undefined)[];
  /** `true` when this is a plain sheet read from A1 because no table of that name exists. */
  readonly fromSheet?: boolean;
}

/** A whole workbook in neutral form. */
export interface NeutralWorkbook {
  /** Every worksheet name, in tab order. */
  readonly sheetNames: readonly string[];
  /** Every Excel table of the workbook. */
  readonly tables: readonly SheetTable[];
  /**
   * Sheets without a table, read from A1 with headers in row 1, so files made by other tools
   * can be read. Adapters may leave out sheets the core does not need.
   */
  readonly plainSheets?: readonly SheetTable[];
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Excel serial (1900 date system) for a UTC date. */
export function dateToSerial(date: Date): number {
  return (date.getTime() - EXCEL_EPOCH_MS) / DAY_MS;
}

/** UTC date for an Excel serial (1900 date system, serials after 1900-03-01). */
export function serialToDate(serial: number): Date {
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS));
}

/** `A`, `B`, … `Z`, `AA` for a 1-based column number. */
export function columnLetter(column: number): string {
  let n = column;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `D14` for 1-based row 14, column 4. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

/** 1-based column number for a column letter (`AA` → 27). */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** A rectangle of cells, inclusive (0- or 1-based, as long as both sides count alike). */
export interface CellRect {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export function intersects(a: CellRect, b: CellRect): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/** The parts of `area` outside `hole`: up to four rectangles (above, below, left, right). */
export function subtractArea(area: CellRect, hole: CellRect): CellRect[] {
  if (!intersects(area, hole)) return [area];
  const pieces: CellRect[] = [];
  if (area.top < hole.top) pieces.push({ ...area, bottom: hole.top - 1 });
  if (area.bottom > hole.bottom) pieces.push({ ...area, top: hole.bottom + 1 });
  const top = Math.max(area.top, hole.top);
  const bottom = Math.min(area.bottom, hole.bottom);
  if (area.left < hole.left) pieces.push({ top, bottom, left: area.left, right: hole.left - 1 });
  if (area.right > hole.right) pieces.push({ top, bottom, left: hole.right + 1, right: area.right });
  return pieces;
}

/**
 * Splits an A1 reference into its sheet name (unquoted: `'Mål 2'` → `Mål 2`, `''` → `'`) and the
 * rest: `Budget!A1:C5`, `'Mål 2'!A1`, `A1:C5` (no sheet). `undefined` when a quoted name is not
 * closed and followed by `!`.
 */
export function splitSheetReference(
  text: string,
): { readonly sheet?: string; readonly rest: string } | undefined {
  const ref = text.trim();
  if (ref.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < ref.length) {
      if (ref[i] === "'" && ref[i + 1] === "'") {
        name += "'";
        i += 2;
      } else if (ref[i] === "'") break;
      else {
        name += ref[i];
        i += 1;
      }
    }
    return ref[i + 1] === "!" ? { sheet: name, rest: ref.slice(i + 2) } : undefined;
  }
  const bang = ref.lastIndexOf("!");
  return bang >= 0 ? { sheet: ref.slice(0, bang), rest: ref.slice(bang + 1) } : { rest: ref };
}
