/**
 * Writes {@link WorkbookContent} as an `.xlsx` file with ExcelJS: one real Excel table
 * (ListObject) per {@link TableContent}, formats, column widths, frozen header rows and dropdowns
 * taken from the table specs in `src/core/spec.ts`.
 */
import { promises as fs } from "node:fs";
import * as nodePath from "node:path";
import { Workbook } from "exceljs";
import type { CellErrorValue, CellValue as ExcelCellValue, DataValidation, Worksheet } from "exceljs";
import type { TableContent, WorkbookContent } from "../core/content";
import { tableLayout as coreTableLayout } from "../core/layout";
import { cellAddress, columnLetter, isCellError } from "../core/sheet";
import type { CellValue } from "../core/sheet";
import { DOCUMENT_TYPES, INPUT_UNITS, LEVELS, SUMMARY_UNITS, normalizeKey } from "../core/spec";
import type { ColumnSpec } from "../core/spec";
import {
  AMOUNT_DECIMALS_FORMAT,
  columnFormat,
  columnNumberFormat,
  LIST_SOURCE_ROWS,
  LISTS_SHEET,
  specForTable,
  TABLE_STYLE,
  TEXT_FORMAT,
  VALIDATION_MARGIN_ROWS,
  type ColumnFormat,
} from "../core/formats";
import { escapeText } from "./chart-parts";

export interface WriteXlsxOptions {
  /** Hide the sheet `Listor` that holds the dropdown values (default `true`). */
  readonly hiddenListsSheet?: boolean;
}

/** Where one table goes on its sheet. */
export interface TablePlacement {
  readonly sheet: string;
  readonly table: string;
  /** 1-based worksheet row of the header row. */
  readonly headerRow: number;
  /** 1-based worksheet column of the first column. */
  readonly firstColumn: number;
  readonly columnCount: number;
  /** 1-based row of the last data row (an empty table gets one empty data row). */
  readonly lastRow: number;
}

/** Excel's limit for the text in one cell. */
export const MAX_CELL_TEXT = 32_767;

/** Settings whose Värde gets a dropdown, by normalised setting name. */
const SETTING_LISTS: readonly { readonly setting: string; readonly values: readonly string[] }[] = [
  { setting: "Nivå", values: LEVELS },
  { setting: "Dokument", values: DOCUMENT_TYPES },
  { setting: "Beloppsenhet i indata", values: INPUT_UNITS },
  { setting: "Beloppsenhet i sammanställning", values: SUMMARY_UNITS },
];

/**
 * Where each table goes: tables on the same sheet side by side from row 1, in content order,
 * with one empty column between them (the core's layout, so `contentToNeutral` agrees with the
 * file). Pure; the writer uses it and tests check it.
 */
export function tableLayout(content: WorkbookContent): TablePlacement[] {
  return coreTableLayout(content).map((placed) => ({
    sheet: placed.sheet,
    table: placed.table.table,
    headerRow: placed.headerRow,
    firstColumn: placed.firstColumn,
    columnCount: placed.table.headers.length,
    lastRow: placed.headerRow + Math.max(placed.table.rows.length, 1),
  }));
}

function cellNumberFormat(kind: ColumnFormat["kind"], value: CellValue): string | undefined {
  if (kind === "amount" && typeof value === "number" && !Number.isInteger(value))
    return AMOUNT_DECIMALS_FORMAT;
  return columnNumberFormat(kind);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A UTC date for ISO text `2025-01-31`, or undefined when the text is not a real date. */
function isoDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid && year >= 1900 ? date : undefined;
}

/** The error values ExcelJS can write (its `CellErrorValue`); others are written as text. */
const EXCELJS_ERRORS: readonly string[] = [
  "#N/A",
  "#REF!",
  "#NAME?",
  "#DIV/0!",
  "#NULL!",
  "#VALUE!",
  "#NUM!",
];

export function isExcelError(error: string): error is CellErrorValue["error"] {
  return EXCELJS_ERRORS.includes(error);
}

function toExcelValue(value: CellValue, kind: ColumnFormat["kind"], where: string): ExcelCellValue {
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (isCellError(value)) return isExcelError(value.error) ? { error: value.error } : value.error;
  if (value.length > MAX_CELL_TEXT) {
    throw new Error(
      `Texten i ${where} är ${value.length} tecken lång. En cell i Excel rymmer högst 32 767 tecken; ` +
        `korta texten.`,
    );
  }
  if (kind === "date") return isoDate(value) ?? value;
  return escapeText(value);
}

/** SpreadsheetML's `_xHHHH_` text escapes (one implementation, shared with the browser). */
export { escapeText };

/** `'Mål'!$A$2:$A$2000`: sheet names are always quoted, `'` doubled. */
export function rangeReference(sheet: string, column: number, firstRow: number, lastRow: number): string {
  const letter = columnLetter(column);
  return `'${sheet.replace(/'/g, "''")}'!$${letter}$${firstRow}:$${letter}$${lastRow}`;
}

const INVALID_SHEET_CHARS = /[:\\/?*[\]]/;
const TABLE_NAME = /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u;
const CELL_LIKE_NAME = /^([A-Za-z]{1,3}\d+|[RrCc]\d*|[Rr]\d+[Cc]\d+)$/;

function checkContent(content: WorkbookContent): void {
  const tableNames = new Set<string>();
  const sheetNames = new Map<string, string>();
  for (const table of content.tables) {
    const sheet = table.sheet;
    if (sheet.trim() === "" || sheet.length > 31 || INVALID_SHEET_CHARS.test(sheet) || /^'|'$/.test(sheet)) {
      throw new Error(
        `Bladnamnet ”${sheet}” går inte att använda i Excel: högst 31 tecken, inte tomt, ` +
          `utan tecknen : \\ / ? * [ ] och utan ' först eller sist.`,
      );
    }
    const sheetKey = sheet.toLocaleLowerCase("sv");
    const sameSheet = sheetNames.get(sheetKey);
    if (sameSheet !== undefined && sameSheet !== sheet) {
      throw new Error(
        `Bladnamnen ”${sameSheet}” och ”${sheet}” skiljer sig bara i versaler; Excel ser dem som samma blad.`,
      );
    }
    sheetNames.set(sheetKey, sheet);
    if (table.table.length > 255 || !TABLE_NAME.test(table.table) || CELL_LIKE_NAME.test(table.table)) {
      throw new Error(
        `Tabellnamnet ”${table.table}” går inte att använda i Excel: det ska börja med en bokstav ` +
          `och bara innehålla bokstäver, siffror, punkt och understreck.`,
      );
    }
    const tableKey = table.table.toLocaleLowerCase("sv");
    if (tableNames.has(tableKey)) throw new Error(`Tabellnamnet ”${table.table}” förekommer två gånger.`);
    tableNames.add(tableKey);
    if (table.headers.length === 0) throw new Error(`Tabellen ”${table.table}” har inga kolumner.`);
    const headers = new Set<string>();
    table.headers.forEach((header, index) => {
      const key = header.trim().toLocaleLowerCase("sv");
      if (key === "") {
        throw new Error(`Tabellen ”${table.table}” har en kolumn utan rubrik (kolumn ${index + 1}).`);
      }
      if (headers.has(key))
        throw new Error(`Tabellen ”${table.table}” har kolumnrubriken ”${header}” två gånger.`);
      headers.add(key);
    });
    table.rows.forEach((row, index) => {
      if (row.length > table.headers.length) {
        throw new Error(
          `Rad ${index + 1} i tabellen ”${table.table}” har ${row.length} värden men tabellen har ` +
            `${table.headers.length} kolumner.`,
        );
      }
    });
  }
}

/** The values of every dropdown list, each in its own column of the sheet Listor. */
class ListsSheet {
  private readonly lists: { label: string; values: readonly string[] }[] = [];

  constructor(readonly name: string) {}

  /** Range reference of a list, adding it on first use (identical lists share a column). */
  reference(label: string, values: readonly string[]): string {
    let index = this.lists.findIndex(
      (l) => l.values.length === values.length && l.values.every((v, i) => v === values[i]),
    );
    if (index < 0) {
      const labels = new Set(this.lists.map((l) => l.label));
      let unique = label;
      for (let n = 2; labels.has(unique); n++) unique = `${label} (${n})`;
      this.lists.push({ label: unique, values });
      index = this.lists.length - 1;
    }
    return rangeReference(this.name, index + 1, 2, Math.max(values.length, 1) + 1);
  }

  get isEmpty(): boolean {
    return this.lists.length === 0;
  }

  write(workbook: Workbook, hidden: boolean): void {
    const sheet = workbook.addWorksheet(this.name, { state: hidden ? "hidden" : "visible" });
    this.lists.forEach((list, index) => {
      const column = sheet.getColumn(index + 1);
      column.width = Math.min(Math.max(list.label.length, ...list.values.map((v) => v.length)) + 2, 60);
      column.numFmt = TEXT_FORMAT;
      sheet.getCell(1, index + 1).value = list.label;
      sheet.getCell(1, index + 1).font = { bold: true };
      list.values.forEach((value, row) => {
        sheet.getCell(row + 2, index + 1).value = value;
      });
    });
  }
}

interface ValidationSheet {
  dataValidations: { add(address: string, validation: DataValidation): void };
}

function addValidation(sheet: Worksheet, range: string, validation: DataValidation): void {
  (sheet as unknown as ValidationSheet).dataValidations.add(range, validation);
}

function listValidation(reference: string, strict: boolean, message: string): DataValidation {
  return strict
    ? {
        type: "list",
        allowBlank: true,
        formulae: [reference],
        showErrorMessage: true,
        errorStyle: "warning",
        errorTitle: "Värdet finns inte i listan",
        error: message,
      }
    : { type: "list", allowBlank: true, formulae: [reference], showErrorMessage: false };
}

function uniqueSheetName(wanted: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLocaleLowerCase("sv")));
  let name = wanted;
  for (let n = 2; lower.has(name.toLocaleLowerCase("sv")); n++) name = `${wanted} ${n}`;
  return name;
}

/** Writes the content as an `.xlsx` workbook and returns its bytes. */
export async function writeXlsx(content: WorkbookContent, options: WriteXlsxOptions = {}): Promise<Buffer> {
  checkContent(content);
  const layout = tableLayout(content);
  const workbook = new Workbook();
  workbook.creator = "Verksamhetsplan för Excel";
  workbook.created = new Date();

  const sheetNames = [...new Set(content.tables.map((t) => t.sheet))];
  const lists = new ListsSheet(uniqueSheetName(LISTS_SHEET, sheetNames));
  const sheets = new Map<string, Worksheet>();
  for (const name of sheetNames) {
    // The header row stays in view (tables sharing a sheet all start in the same row).
    const headerRow = Math.min(...layout.filter((p) => p.sheet === name).map((p) => p.headerRow));
    const sheet = workbook.addWorksheet(name, {
      views: [{ state: "frozen", xSplit: 0, ySplit: headerRow, topLeftCell: cellAddress(headerRow + 1, 1) }],
    });
    sheets.set(name, sheet);
  }

  content.tables.forEach((table, index) => {
    const placement = layout[index];
    const sheet = sheets.get(table.sheet);
    if (!placement || !sheet) return;
    writeTable(sheet, table, placement);
  });
  content.tables.forEach((table, index) => {
    const placement = layout[index];
    const sheet = sheets.get(table.sheet);
    if (!placement || !sheet) return;
    addDropdowns(sheet, table, placement, content, layout, lists);
  });

  if (!lists.isEmpty) lists.write(workbook, options.hiddenListsSheet !== false);
  // Reference lists (the nämnd's goals in a unit's workbook) are protected without a password:
  // people can read, select, filter and copy, but not edit by mistake.
  for (const table of content.tables)
    if (specForTable(table.table)?.protectSheet)
      await sheets.get(table.sheet)?.protect("", {
        selectLockedCells: true,
        selectUnlockedCells: true,
        autoFilter: true,
        sort: true,
        formatColumns: true,
      });
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes);
}

export function writeTable(sheet: Worksheet, table: TableContent, placement: TablePlacement): void {
  const spec = specForTable(table.table);
  const formats = table.headers.map((header) => columnFormat(spec, header));
  const { headerRow, firstColumn } = placement;

  // Column styles first: cells created afterwards (the table's) inherit them, and Excel gives the
  // column's format to values people type below the table.
  formats.forEach((format, j) => {
    const column = sheet.getColumn(firstColumn + j);
    column.width = format.width;
    const numFmt = columnNumberFormat(format.kind);
    if (numFmt) column.numFmt = numFmt;
  });

  const rows = table.rows.map((row, i) =>
    table.headers.map((_header, j) => {
      const value = row[j] ?? null;
      const where = `${table.sheet}!${cellAddress(headerRow + 1 + i, firstColumn + j)}`;
      return toExcelValue(value, formats[j]?.kind ?? "other", where);
    }),
  );
  sheet.addTable({
    name: table.table,
    displayName: table.table,
    ref: cellAddress(headerRow, firstColumn),
    headerRow: true,
    totalsRow: false,
    style: { theme: TABLE_STYLE, showRowStripes: true },
    columns: table.headers.map((name) => ({ name, filterButton: true })),
    // ExcelJS (and Excel) need at least one data row.
    rows: rows.length > 0 ? rows : [table.headers.map(() => null)],
  });

  // The table's cells have their column's format; only amounts with decimals need another.
  table.rows.forEach((row, i) => {
    formats.forEach((format, j) => {
      const numFmt = cellNumberFormat(format.kind, row[j] ?? null);
      if (numFmt && numFmt !== columnNumberFormat(format.kind)) {
        sheet.getCell(headerRow + 1 + i, firstColumn + j).numFmt = numFmt;
      }
    });
  });
}

function addDropdowns(
  sheet: Worksheet,
  table: TableContent,
  placement: TablePlacement,
  content: WorkbookContent,
  layout: readonly TablePlacement[],
  lists: ListsSheet,
): void {
  const spec = specForTable(table.table);
  if (!spec) return;
  const firstRow = placement.headerRow + 1;
  const lastRow = placement.lastRow + VALIDATION_MARGIN_ROWS;

  table.headers.forEach((header, j) => {
    const format = columnFormat(spec, header);
    const column = format.spec;
    if (!column) return;
    const letter = columnLetter(placement.firstColumn + j);
    const range = `${letter}${firstRow}:${letter}${lastRow}`;
    if (column.values) {
      const reference = lists.reference(column.header, column.values);
      addValidation(
        sheet,
        range,
        listValidation(
          reference,
          column.kind === "list",
          `Välj ett av värdena i listan för ${column.header}.`,
        ),
      );
    } else if (column.listFrom) {
      const source = sourceReference(column.listFrom, content, layout);
      if (!source) return;
      const { reference, table: sourceTable } = source;
      addValidation(
        sheet,
        range,
        listValidation(
          reference,
          true,
          `Värdet finns inte i kolumnen ${column.listFrom.column} i tabellen ${sourceTable}.`,
        ),
      );
    }
  });

  if (spec.table === "Installningar") addSettingDropdowns(sheet, table, placement, lists);
}

/** The range of another table's column (e.g. Mål-ID of table Mal), with room for added rows. */
function sourceReference(
  listFrom: NonNullable<ColumnSpec["listFrom"]>,
  content: WorkbookContent,
  layout: readonly TablePlacement[],
): { reference: string; table: string } | undefined {
  const has = (name: string) => content.tables.some((t) => normalizeKey(t.table) === normalizeKey(name));
  const tableKey = normalizeKey(
    listFrom.preferTable && has(listFrom.preferTable) ? listFrom.preferTable : listFrom.table,
  );
  const index = content.tables.findIndex((t) => normalizeKey(t.table) === tableKey);
  const source = content.tables[index];
  const placement = layout[index];
  if (!source || !placement) return undefined;
  const columnKey = normalizeKey(listFrom.column);
  const j = source.headers.findIndex((h) => normalizeKey(h) === columnKey);
  if (j < 0) return undefined;
  const lastRow = Math.max(
    placement.headerRow + LIST_SOURCE_ROWS - 1,
    placement.lastRow + VALIDATION_MARGIN_ROWS,
  );
  return {
    reference: rangeReference(placement.sheet, placement.firstColumn + j, placement.headerRow + 1, lastRow),
    table: source.table,
  };
}

/** Värde gets a per-row dropdown on the rows for Nivå, Dokument and the amount units. */
function addSettingDropdowns(
  sheet: Worksheet,
  table: TableContent,
  placement: TablePlacement,
  lists: ListsSheet,
): void {
  const nameIndex = table.headers.findIndex((h) => normalizeKey(h) === normalizeKey("Inställning"));
  const valueIndex = table.headers.findIndex((h) => normalizeKey(h) === normalizeKey("Värde"));
  if (nameIndex < 0 || valueIndex < 0) return;
  table.rows.forEach((row, i) => {
    const name = row[nameIndex];
    if (typeof name !== "string") return;
    const setting = SETTING_LISTS.find((s) => normalizeKey(s.setting) === normalizeKey(name));
    if (!setting) return;
    const reference = lists.reference(setting.setting, setting.values);
    const address = cellAddress(placement.headerRow + 1 + i, placement.firstColumn + valueIndex);
    addValidation(
      sheet,
      address,
      listValidation(reference, true, `Välj ett av värdena i listan för ${setting.setting}.`),
    );
  });
}

/**
 * Writes the workbook to a file. The bytes go to a temporary file next to it first, so a failed
 * write leaves an existing file intact.
 */
export async function writeXlsxFile(
  path: string,
  content: WorkbookContent,
  options: WriteXlsxOptions = {},
): Promise<void> {
  await writeFileAtomically(path, await writeXlsx(content, options));
}

/** Writes a file through a temporary file next to it, so a failed write leaves an existing file intact. */
export async function writeFileAtomically(path: string, bytes: Buffer): Promise<void> {
  const temporary = nodePath.join(
    nodePath.dirname(path),
    `.${nodePath.basename(path)}.${process.pid}.${Date.now()}.tmp`,
  );
  try {
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
