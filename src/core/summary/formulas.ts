/** Excel formula text over the input tables: structured references where a table exists. */
import type { SourceTable } from "../model";
import { cellAddress, columnLetter } from "../sheet";

/** A string literal for a formula: doubled quotes. */
export function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A SUMIFS criterion that matches exactly: wildcards escaped, `=` forces equality. */
export function exactCriterion(text: string): string {
  return quote(`=${text.replace(/[~*?]/g, (c) => `~${c}`)}`);
}

/** A worksheet name as used in a reference: always quoted, inner quotes doubled. */
export function sheetRef(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** Reference to one column of an input table: `Budget[VP 2025]` or `'Budget'!$D$2:$D$40`. */
export function columnRef(table: SourceTable, key: string): string | undefined {
  const column = table.columns.get(key);
  const header = table.headers.get(key);
  if (column === undefined || header === undefined) return undefined;
  if (!table.fromSheet) return `${table.table}[${header.replace(/['#[\]]/g, (c) => `'${c}`)}]`;
  const letter = columnLetter(column);
  const last = Math.max(table.lastRow, table.headerRow + 1);
  return `${sheetRef(table.sheet)}!$${letter}$${table.headerRow + 1}:$${letter}$${last}`;
}

/** Reference to a cell on a generated sheet (same sheet: no sheet name). */
export function cellRef(row0: number, column0: number): string {
  return cellAddress(row0 + 1, column0 + 1);
}

/** Excel's formula length limit. */
export const MAX_FORMULA_LENGTH = 8_192;
