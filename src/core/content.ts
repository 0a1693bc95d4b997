/** Workbook content to be written by an adapter: input tables as header + rows. */
import type { CellValue } from "./sheet";

export interface TableContent {
  /** Worksheet name. */
  readonly sheet: string;
  /** Excel table name; must be one of the spec's tables for formats and dropdowns to apply. */
  readonly table: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly CellValue[])[];
}

export interface WorkbookContent {
  /** Tables in sheet order; several tables may share a sheet (Inställningar). */
  readonly tables: readonly TableContent[];
}
