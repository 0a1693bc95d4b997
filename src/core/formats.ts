/**
 * How template tables are formatted, shared by every adapter that writes them (ExcelJS file,
 * Office.js): each column's kind, width and number format from the spec.
 */
import { INPUT_TABLES, normalizeKey, type ColumnKind, type ColumnSpec, type TableSpec } from "./spec";

export const TABLE_STYLE = "TableStyleMedium2";
export const TEXT_FORMAT = "@";
export const DATE_FORMAT = "yyyy-mm-dd";
export const AMOUNT_FORMAT = "#,##0;-#,##0";
export const AMOUNT_DECIMALS_FORMAT = "#,##0.0##;-#,##0.0##";
export const INTEGER_FORMAT = "0";
/** Sheet that holds the dropdowns' value lists. */
export const LISTS_SHEET = "Listor";
/** Rows below a table that get its dropdowns, so people can add rows. */
export const VALIDATION_MARGIN_ROWS = 500;
/** Rows of a source column a dropdown lists (e.g. Mål-ID), with room for added rows. */
export const LIST_SOURCE_ROWS = 2000;
const PERIOD_COLUMN_WIDTH = 16;

/** The spec of a table by its Excel table name (case-insensitive), if it is one of ours. */
export function specForTable(table: string): TableSpec | undefined {
  const key = normalizeKey(table);
  return INPUT_TABLES.find((spec) => normalizeKey(spec.table) === key);
}

export interface ColumnFormat {
  readonly kind: ColumnKind | "other";
  readonly width: number;
  readonly spec?: ColumnSpec;
}

/** A column's kind and width by its header: the spec's column, a period amount, or other. */
export function columnFormat(spec: TableSpec | undefined, header: string): ColumnFormat {
  const key = normalizeKey(header);
  const column = spec?.columns.find((c) => normalizeKey(c.header) === key);
  if (column) return { kind: column.kind, width: column.width, spec: column };
  // Budget and Investeringar: every column that is not one of the spec's own is a period.
  if (spec?.periodColumns) return { kind: "amount", width: PERIOD_COLUMN_WIDTH };
  return { kind: "other", width: Math.min(Math.max(header.length + 2, 12), 60) };
}

/** Number format of a column's cells by kind; undefined = General. */
export function columnNumberFormat(kind: ColumnFormat["kind"]): string | undefined {
  switch (kind) {
    case "text":
    case "target":
    case "list":
      return TEXT_FORMAT;
    case "date":
      return DATE_FORMAT;
    case "amount":
      return AMOUNT_FORMAT;
    case "integer":
      return INTEGER_FORMAT;
    default:
      return undefined;
  }
}
