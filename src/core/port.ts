/**
 * The workbook port: what the core's use cases need from a workbook, implemented by the Office.js
 * adapter (src/office) and the .xlsx adapter (src/xlsx). The task pane and the command line both
 * talk to a port, never to Excel or ExcelJS directly.
 */
import type { WorkbookContent } from "./content";
import type { Finding } from "./findings";
import type { ColumnAddition } from "./followup";
import type { NeutralWorkbook } from "./sheet";
import type { SheetLayout } from "./summary/types";

export interface TemplateResult {
  /** Tables created (table names). */
  readonly created: readonly string[];
  /** Tables that already existed and were left untouched. */
  readonly kept: readonly string[];
}

/** Reports progress of a long operation: a fraction 0–1 and a Swedish label. */
export type Progress = (fraction: number, label: string) => void;

export interface WorkbookPort {
  /** Every input table (and plain sheets without tables), read in one go. */
  readWorkbook(): Promise<NeutralWorkbook>;
  /**
   * Creates the template's tables. Tables that exist already are left untouched (their data is
   * never changed); only missing tables (and missing sheets) are added.
   */
  createTables(content: WorkbookContent): Promise<TemplateResult>;
  /**
   * Replaces the add-in's generated sheets with these. Writes the new sheets first and removes
   * the old ones last, so a failure leaves the previous version; refuses (throws
   * GeneratedSheetConflictError) if a user's sheet has a generated sheet's name.
   */
  writeGeneratedSheets(sheets: readonly SheetLayout[], progress?: Progress): Promise<void>;
  /** Marks the cells of these findings (clearing earlier marks). */
  markFindings(findings: readonly Finding[]): Promise<void>;
  /** Selects a cell so the user sees it. */
  selectCell(sheet: string, cell: string): Promise<void>;
  /**
   * Appends columns to existing tables, at each table's right end: the header, empty data cells,
   * and the template's format and dropdown for that column (found by header in the table specs).
   * Existing columns and data are never changed. All additions go in one batch. Headers a table
   * already has (trimmed, case-insensitive) are skipped, so `[]` or a repeat changes nothing. Refuses
   * with {@link TableColumnsError}, before anything is changed, when a table is missing, has no
   * header row, sits on a protected sheet or cannot grow (something occupies the cells to its right).
   */
  addTableColumns(additions: readonly ColumnAddition[]): Promise<void>;
  /** Writes setting values into the Installningar table (adds missing settings as rows). */
  writeSettings(values: ReadonlyMap<string, string | number | null>): Promise<void>;
  /**
   * Opens this content as a new workbook (Excel: a new window; the browser version: a download).
   * Optional: a port without it cannot create other workbooks (the pane says so).
   */
  openWorkbook?(content: WorkbookContent, fileName: string): Promise<void>;
}

/** A user's sheet has the name of a generated sheet: the add-in refuses to touch it. */
export class GeneratedSheetConflictError extends Error {
  constructor(readonly sheet: string) {
    super(
      `Bladet ”${sheet}” finns redan och skapades inte av Verksamhetsplan för Excel. Byt namn på bladet eller ta bort det och försök igen. Inget skrevs.`,
    );
    this.name = "GeneratedSheetConflictError";
  }
}

/** Columns cannot be appended to a table; nothing was changed. The message names the table. */
export class TableColumnsError extends Error {
  constructor(
    readonly table: string,
    reason: string,
  ) {
    super(`Tabellen ”${table}” kan inte få nya kolumner: ${reason} Inget ändrades.`);
    this.name = "TableColumnsError";
  }

  static missing(table: string): TableColumnsError {
    return new TableColumnsError(table, "den finns inte i arbetsboken.");
  }

  static noHeaderRow(table: string): TableColumnsError {
    return new TableColumnsError(table, "den har ingen rubrikrad. Visa rubrikraden och försök igen.");
  }

  static protectedSheet(table: string, sheet: string): TableColumnsError {
    return new TableColumnsError(
      table,
      `bladet ”${sheet}” är skyddat. Ta bort bladskyddet (Granska > Ta bort bladskydd) och försök igen.`,
    );
  }

  /** `where` is the occupied cell or range, e.g. `Mål!J1` or `Mål!J1:K3`. */
  static occupied(table: string, where: string): TableColumnsError {
    return new TableColumnsError(
      table,
      `cellerna till höger om tabellen är inte tomma (${where}). Flytta det som står där och försök igen.`,
    );
  }

  static sheetEdge(table: string): TableColumnsError {
    return new TableColumnsError(table, "den når redan bladets sista kolumn.");
  }
}

/** Name of the very hidden sheet that lists the generated sheets (the add-in's marker). */
export const METADATA_SHEET = "VP-metadata";
export const METADATA_TITLE = "Genererade blad (Verksamhetsplan för Excel) – ändra inte";
