/// <reference types="office-js" />
/**
 * Creating the template's tables in a constant number of syncs (two reads, then one write request
 * per ~4 MB): only missing tables and sheets are added; existing tables and their data are never
 * touched. Text columns are formatted `@` before their values are written; dropdowns (ExcelApi
 * 1.8) take their values from ranges: a hidden sheet `Listor` for the spec's value lists, and the
 * source table's column for `listFrom` columns. A missing table on an existing sheet goes to the
 * right of what the sheet already holds. A reference list (spec `protectSheet`: the nämnd's goals
 * in a unit's workbook) gets its new sheet protected without a password in the same write request,
 * as the command line's file has it; a sheet that was already there is left as it is.
 */
import type { TableContent, WorkbookContent } from "../core/content";
import type { TemplateResult } from "../core/port";
import { columnLetter, isCellError, type CellValue } from "../core/sheet";
import {
  DOCUMENT_TYPES,
  INPUT_UNITS,
  LEVELS,
  normalizeKey,
  SUMMARY_UNITS,
  type ColumnSpec,
} from "../core/spec";
import {
  absoluteReference,
  blockAddress,
  columnWidthPoints,
  parseAddress,
  sameName,
  type Block,
} from "./address";
import { callBytes, packRequests, runRequests, type WriteOp } from "./batches";
import { GENERAL_FORMAT, TEXT_FORMAT, valueBlockOps, type CellInput } from "./layout-ops";
import { missingFeatureMessage, supports, type Requirements } from "./requirements";
import type { Log } from "./types";
import {
  AMOUNT_DECIMALS_FORMAT,
  columnFormat,
  columnNumberFormat,
  DATE_FORMAT,
  LIST_SOURCE_ROWS,
  LISTS_SHEET,
  specForTable,
  TABLE_STYLE,
  VALIDATION_MARGIN_ROWS,
  type ColumnFormat,
} from "../core/formats";

// The same formats, widths and dropdown rules as the .xlsx writer (src/xlsx/write.ts, which uses
// Node APIs and cannot be imported here).

/**
 * What a protected reference sheet still allows: exactly what src/xlsx/write.ts's
 * `protect("", { selectLockedCells, selectUnlockedCells, autoFilter, sort, formatColumns })`
 * allows. Selecting any cell is `selectionMode` "Normal", Excel's default (left out: the option is
 * ExcelApi 1.7, `protect` 1.2). ExcelJS locks objects and scenarios only when told `objects: false`
 * / `scenarios: false`, so the command line's file leaves them editable; so does this.
 */
const PROTECTION: Excel.WorksheetProtectionOptions = {
  allowAutoFilter: true,
  allowSort: true,
  allowFormatColumns: true,
  allowEditObjects: true,
  allowEditScenarios: true,
};

const SETTING_LISTS: readonly { readonly setting: string; readonly values: readonly string[] }[] = [
  { setting: "Nivå", values: LEVELS },
  { setting: "Dokument", values: DOCUMENT_TYPES },
  { setting: "Beloppsenhet i indata", values: INPUT_UNITS },
  { setting: "Beloppsenhet i sammanställning", values: SUMMARY_UNITS },
];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isoSerial(text: string): number | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    year < 1900
  ) {
    return undefined;
  }
  return (date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** A template cell: text as text (`@`) in any column, ISO dates as dates, numbers in the column's format. */
export function templateCell(kind: ColumnFormat["kind"], value: CellValue): CellInput {
  const columnFormatText = columnNumberFormat(kind) ?? GENERAL_FORMAT;
  if (value === null) return { format: columnFormatText, input: "" };
  if (typeof value === "string") {
    const serial = kind === "date" ? isoSerial(value) : undefined;
    return serial === undefined
      ? { format: TEXT_FORMAT, input: value }
      : { format: DATE_FORMAT, input: serial };
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { format: columnFormatText, input: "" };
    if (columnFormatText === TEXT_FORMAT) return { format: GENERAL_FORMAT, input: value };
    if (kind === "amount" && !Number.isInteger(value))
      return { format: AMOUNT_DECIMALS_FORMAT, input: value };
    return { format: columnFormatText, input: value };
  }
  if (typeof value === "boolean") return { format: GENERAL_FORMAT, input: value };
  if (isCellError(value)) return { format: GENERAL_FORMAT, input: value.error };
  return { format: columnFormatText, input: "" };
}

/** Where a new table goes. */
interface Placement {
  readonly table: TableContent;
  readonly sheet: string;
  readonly newSheet: boolean;
  readonly headerRow: number;
  readonly firstColumn: number;
  /** Last data row (an empty table gets one empty row). */
  readonly lastRow: number;
}

/** The dropdown value lists on the sheet Listor: existing columns are reused, new ones appended. */
export class ListColumns {
  readonly added: { column: number; label: string; values: readonly string[] }[] = [];
  private readonly existing: { column: number; values: readonly string[] }[] = [];
  private next: number;

  constructor(
    readonly sheet: string,
    used: { values: unknown[][]; block: Block } | undefined,
  ) {
    this.next = used ? used.block.right + 1 : 1;
    if (used && used.block.top === 1) {
      for (let j = 0; j < (used.values[0] ?? []).length; j++) {
        const values: string[] = [];
        for (let i = 1; i < used.values.length; i++) {
          const v = used.values[i]?.[j];
          if (typeof v !== "string" || v === "") break;
          values.push(v);
        }
        this.existing.push({ column: used.block.left + j, values });
      }
    }
  }

  reference(label: string, values: readonly string[]): string {
    const same = (v: readonly string[]) => v.length === values.length && v.every((x, i) => x === values[i]);
    const found = this.existing.find((e) => same(e.values)) ?? this.added.find((a) => same(a.values));
    const column = found?.column ?? this.add(label, values);
    return `=${absoluteReference(this.sheet, { top: 2, left: column, bottom: Math.max(values.length, 1) + 1, right: column })}`;
  }

  private add(label: string, values: readonly string[]): number {
    const labels = new Set(this.added.map((a) => a.label));
    let unique = label;
    for (let n = 2; labels.has(unique); n++) unique = `${label} (${n})`;
    const column = this.next;
    this.next += 1;
    this.added.push({ column, label: unique, values });
    return column;
  }
}

export interface Validation {
  readonly sheet: string;
  readonly address: string;
  readonly rule: Excel.DataValidationRule;
  readonly alert: Excel.DataValidationErrorAlert;
}

export function listValidation(
  source: string,
  strict: boolean,
  message: string,
): Pick<Validation, "rule" | "alert"> {
  return {
    rule: { list: { inCellDropDown: true, source } },
    alert: { showAlert: strict, style: "Warning", title: "Värdet finns inte i listan", message },
  };
}

export interface CreateTablesOptions {
  readonly requirements: Requirements;
  readonly log: Log;
}

/** What sync 1 found. */
interface Existing {
  readonly sheets: readonly string[];
  /** Names of the sheets that are protected (lower case). */
  readonly protectedSheets: ReadonlySet<string>;
  readonly tables: readonly { readonly name: string; readonly sheet: string }[];
  /** Used range per content sheet that exists. */
  readonly used: ReadonlyMap<string, Block>;
  /** Header row and placement of existing tables that are list sources. */
  readonly sources: ReadonlyMap<string, { sheet: string; block: Block; headers: readonly unknown[] }>;
  readonly lists: { values: unknown[][]; block: Block } | undefined;
  readonly listsExists: boolean;
}

/**
 * What exists, in two syncs and without calls on objects that may be missing: first which sheets
 * and tables there are, then the used ranges of the content's sheets, the header rows of list
 * source tables and the lists already on Listor.
 */
async function readExisting(context: Excel.RequestContext, content: WorkbookContent): Promise<Existing> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/protection/protected");
  const tables = context.workbook.tables;
  tables.load("items/name,items/showHeaders,items/worksheet/name");
  await context.sync();

  const contentSheets = new Set(content.tables.map((t) => t.sheet.toLowerCase()));
  const used = worksheets.items
    .filter((sheet) => contentSheets.has(sheet.name.toLowerCase()))
    .map((sheet) => {
      const range = sheet.getUsedRangeOrNullObject(false);
      range.load("address");
      return { name: sheet.name, range };
    });
  const sourceNames = new Set(
    content.tables
      .flatMap(
        (t) =>
          specForTable(t.table)?.columns.flatMap((c) =>
            c.listFrom ? [c.listFrom.table, ...(c.listFrom.preferTable ? [c.listFrom.preferTable] : [])] : [],
          ) ?? [],
      )
      .map((name) => name.toLowerCase()),
  );
  const sources = tables.items
    .filter((table) => sourceNames.has(table.name.toLowerCase()) && table.showHeaders)
    .map((table) => {
      const range = table.getRange();
      range.load("address");
      const header = range.getRow(0);
      header.load("values");
      return { name: table.name, range, header };
    });
  const listsSheet = worksheets.items.find((sheet) => sameName(sheet.name, LISTS_SHEET));
  const listsUsed = listsSheet?.getUsedRangeOrNullObject(true);
  listsUsed?.load("values,address");
  await context.sync();

  const usedMap = new Map<string, Block>();
  for (const { name, range } of used)
    if (!range.isNullObject) usedMap.set(name.toLowerCase(), parseAddress(range.address));
  const sourceMap = new Map<string, { sheet: string; block: Block; headers: readonly unknown[] }>();
  for (const { name, range, header } of sources) {
    const block = parseAddress(range.address);
    sourceMap.set(name.toLowerCase(), { sheet: block.sheet, block, headers: header.values[0] ?? [] });
  }
  return {
    sheets: worksheets.items.map((s) => s.name),
    protectedSheets: new Set(
      worksheets.items.filter((s) => s.protection.protected).map((s) => s.name.toLowerCase()),
    ),
    tables: tables.items.map((t) => ({ name: t.name, sheet: t.worksheet.name })),
    used: usedMap,
    sources: sourceMap,
    lists:
      listsUsed === undefined || listsUsed.isNullObject
        ? undefined
        : { values: listsUsed.values, block: parseAddress(listsUsed.address) },
    listsExists: listsSheet !== undefined,
  };
}

function place(existing: Existing, missing: readonly TableContent[]): Placement[] {
  const next = new Map<string, number>();
  return missing.map((table) => {
    const key = table.sheet.toLowerCase();
    const newSheet = !existing.sheets.some((s) => sameName(s, table.sheet));
    const used = existing.used.get(key);
    const firstColumn = next.get(key) ?? (used ? used.right + 2 : 1);
    next.set(key, firstColumn + Math.max(1, table.headers.length) + 1);
    return {
      table,
      sheet: table.sheet,
      newSheet,
      headerRow: 1,
      firstColumn,
      lastRow: 1 + Math.max(table.rows.length, 1),
    };
  });
}

/** Where `listFrom` points: a new table's column or an existing table's column. */
function sourceReference(
  listFrom: NonNullable<ColumnSpec["listFrom"]>,
  placements: readonly Placement[],
  existing: Existing,
): string | undefined {
  const columnKey = normalizeKey(listFrom.column);
  // A unit's Överordnat mål lists the nämnd's goals when the workbook has them.
  const present = (name: string) =>
    placements.some((p) => normalizeKey(p.table.table) === normalizeKey(name)) ||
    existing.sources.has(name.toLowerCase());
  const tableName =
    listFrom.preferTable && present(listFrom.preferTable) ? listFrom.preferTable : listFrom.table;
  const placed = placements.find((p) => normalizeKey(p.table.table) === normalizeKey(tableName));
  if (placed) {
    const j = placed.table.headers.findIndex((h) => normalizeKey(h) === columnKey);
    if (j < 0) return undefined;
    const column = placed.firstColumn + j;
    const last = Math.max(placed.headerRow + LIST_SOURCE_ROWS - 1, placed.lastRow + VALIDATION_MARGIN_ROWS);
    return `=${absoluteReference(placed.sheet, { top: placed.headerRow + 1, left: column, bottom: last, right: column })}`;
  }
  const source = existing.sources.get(tableName.toLowerCase());
  if (!source) return undefined;
  const j = source.headers.findIndex((h) => typeof h === "string" && normalizeKey(h) === columnKey);
  if (j < 0) return undefined;
  const column = source.block.left + j;
  const last = Math.max(
    source.block.top + LIST_SOURCE_ROWS - 1,
    source.block.bottom + VALIDATION_MARGIN_ROWS,
  );
  return `=${absoluteReference(source.sheet, { top: source.block.top + 1, left: column, bottom: last, right: column })}`;
}

function validationsFor(
  placement: Placement,
  placements: readonly Placement[],
  existing: Existing,
  lists: ListColumns,
): Validation[] {
  const { table } = placement;
  const spec = specForTable(table.table);
  if (!spec) return [];
  const result: Validation[] = [];
  const firstRow = placement.headerRow + 1;
  const lastRow = placement.lastRow + VALIDATION_MARGIN_ROWS;
  table.headers.forEach((header, j) => {
    const column = columnFormat(spec, header).spec;
    if (!column) return;
    const address = blockAddress({
      top: firstRow,
      left: placement.firstColumn + j,
      bottom: lastRow,
      right: placement.firstColumn + j,
    });
    if (column.values) {
      const source = lists.reference(column.header, column.values);
      result.push({
        sheet: placement.sheet,
        address,
        ...listValidation(
          source,
          column.kind === "list",
          `Välj ett av värdena i listan för ${column.header}.`,
        ),
      });
    } else if (column.listFrom) {
      const source = sourceReference(column.listFrom, placements, existing);
      if (!source) return;
      result.push({
        sheet: placement.sheet,
        address,
        ...listValidation(
          source,
          true,
          `Värdet finns inte i kolumnen ${column.listFrom.column} i tabellen ${column.listFrom.table}.`,
        ),
      });
    }
  });
  if (spec.table === "Installningar") {
    const nameIndex = table.headers.findIndex((h) => normalizeKey(h) === normalizeKey("Inställning"));
    const valueIndex = table.headers.findIndex((h) => normalizeKey(h) === normalizeKey("Värde"));
    if (nameIndex >= 0 && valueIndex >= 0) {
      table.rows.forEach((row, i) => {
        const name = row[nameIndex];
        if (typeof name !== "string") return;
        const setting = SETTING_LISTS.find((s) => normalizeKey(s.setting) === normalizeKey(name));
        if (!setting) return;
        const source = lists.reference(setting.setting, setting.values);
        const r = placement.headerRow + 1 + i;
        result.push({
          sheet: placement.sheet,
          address: blockAddress({
            top: r,
            left: placement.firstColumn + valueIndex,
            bottom: r,
            right: placement.firstColumn + valueIndex,
          }),
          ...listValidation(source, true, `Välj ett av värdena i listan för ${setting.setting}.`),
        });
      });
    }
  }
  return result;
}

function tableOps(placement: Placement): WriteOp[] {
  const { table, sheet } = placement;
  const spec = specForTable(table.table);
  const formats = table.headers.map((h) => columnFormat(spec, h));
  const header: CellInput[] = table.headers.map((h) => ({ format: TEXT_FORMAT, input: h }));
  const body = table.rows.length > 0 ? table.rows : [[]];
  const rows: CellInput[][] = body.map((row) => formats.map((f, j) => templateCell(f.kind, row[j] ?? null)));
  const ops = valueBlockOps(sheet, placement.headerRow, placement.firstColumn, [header, ...rows], "values");
  const address = blockAddress({
    top: placement.headerRow,
    left: placement.firstColumn,
    bottom: placement.lastRow,
    right: placement.firstColumn + table.headers.length - 1,
  });
  ops.push({
    bytes: callBytes(address, true, table.table, TABLE_STYLE),
    apply: (_context, sheets) => {
      const created = sheets.get(sheet).tables.add(address, true);
      created.name = table.table;
      created.style = TABLE_STYLE;
    },
  });
  // Column widths only on sheets the template adds: an existing sheet's widths stay the user's.
  if (placement.newSheet) {
    formats.forEach((f, j) => {
      const column = columnLetter(placement.firstColumn + j);
      const points = columnWidthPoints(f.width);
      ops.push({
        bytes: callBytes(column, points),
        apply: (_context, sheets) => {
          sheets.get(sheet).getRange(`${column}:${column}`).format.columnWidth = points;
        },
      });
    });
  }
  return ops;
}

export function listOps(lists: ListColumns, create: boolean): WriteOp[] {
  if (lists.added.length === 0) return [];
  const ops: WriteOp[] = [];
  if (create) {
    ops.push({
      bytes: callBytes(LISTS_SHEET),
      apply: (context, sheets) => sheets.set(LISTS_SHEET, context.workbook.worksheets.add(LISTS_SHEET)),
    });
  }
  for (const list of lists.added) {
    const cells: CellInput[][] = [list.label, ...list.values].map((v) => [{ format: TEXT_FORMAT, input: v }]);
    ops.push(...valueBlockOps(LISTS_SHEET, 1, list.column, cells, "values"));
  }
  if (create) {
    ops.push({
      bytes: callBytes("Hidden"),
      apply: (_context, sheets) => {
        sheets.get(LISTS_SHEET).visibility = "Hidden";
      },
    });
  }
  return ops;
}

/** Undo after a failed write: clears the list columns it appended to a sheet Listor that was there. */
export function clearAddedLists(worksheets: Excel.WorksheetCollection, lists: ListColumns): void {
  for (const list of lists.added)
    worksheets
      .getItem(LISTS_SHEET)
      .getRange(
        blockAddress({ top: 1, left: list.column, bottom: list.values.length + 1, right: list.column }),
      )
      .clear();
}

/** The dropdowns; with `replace`, any validation already on the cells is cleared first. */
export function validationOps(
  validations: readonly Validation[],
  options: { readonly replace?: boolean } = {},
): WriteOp[] {
  return validations.map((v) => ({
    bytes: callBytes(v.address, v.rule, v.alert, true),
    apply: (_context, sheets) => {
      const validation = sheets.get(v.sheet).getRange(v.address).dataValidation;
      if (options.replace) validation.clear();
      validation.ignoreBlanks = true;
      validation.rule = v.rule;
      validation.errorAlert = v.alert;
    },
  }));
}

/** Removes what a failed run may have added: new sheets, new tables and their cells, new list columns. */
async function undo(
  context: Excel.RequestContext,
  placements: readonly Placement[],
  lists: ListColumns,
  listsCreated: boolean,
  validations: readonly Validation[],
  tablesBefore: readonly string[],
): Promise<void> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const tables = context.workbook.tables;
  tables.load("items/name,items/worksheet/name");
  await context.sync();
  const sheetExists = (name: string) => worksheets.items.some((s) => sameName(s.name, name));
  const newSheets = new Set(placements.filter((p) => p.newSheet).map((p) => p.sheet.toLowerCase()));
  if (listsCreated) newSheets.add(LISTS_SHEET.toLowerCase());
  // Every table that was not there before, on a sheet that stays (also one whose name was not set yet).
  for (const table of tables.items) {
    if (tablesBefore.some((name) => sameName(name, table.name))) continue;
    if (!newSheets.has(table.worksheet.name.toLowerCase())) table.delete();
  }
  for (const name of newSheets) if (sheetExists(name)) worksheets.getItem(name).delete();
  for (const p of placements) {
    if (p.newSheet || !sheetExists(p.sheet)) continue;
    const sheet = worksheets.getItem(p.sheet);
    sheet
      .getRange(
        blockAddress({
          top: p.headerRow,
          left: p.firstColumn,
          bottom: p.lastRow,
          right: p.firstColumn + p.table.headers.length - 1,
        }),
      )
      .clear();
  }
  for (const v of validations) {
    if (!newSheets.has(v.sheet.toLowerCase()) && sheetExists(v.sheet))
      worksheets.getItem(v.sheet).getRange(v.address).dataValidation.clear();
  }
  if (!listsCreated && sheetExists(LISTS_SHEET)) clearAddedLists(worksheets, lists);
  await context.sync();
}

/** A missing table that would go on a protected sheet (or need new lists on a protected Listor). */
export class ProtectedSheetError extends Error {
  /** Without `table`: the tables' dropdown lists would go on the protected sheet. */
  constructor(sheet: string, table?: string) {
    super(
      `${table === undefined ? "Tabellerna" : `Tabellen ”${table}”`} kan inte skapas: bladet ”${sheet}” ` +
        "är skyddat. Ta bort bladskyddet (Granska > Ta bort bladskydd) och försök igen. Inget ändrades.",
    );
    this.name = "ProtectedSheetError";
  }
}

export async function createTables(
  context: Excel.RequestContext,
  content: WorkbookContent,
  options: CreateTablesOptions,
): Promise<TemplateResult> {
  const existing = await readExisting(context, content);
  const kept = content.tables.filter((t) => existing.tables.some((e) => sameName(e.name, t.table)));
  const missing = content.tables.filter((t) => !kept.includes(t));
  if (missing.length === 0) return { created: [], kept: kept.map((t) => t.table) };

  const placements = place(existing, missing);
  const dropdowns = supports(options.requirements, "dataValidation");
  if (!dropdowns)
    options.log(`${missingFeatureMessage("dataValidation")} Tabellerna skapades utan listrutor.`);
  const lists = new ListColumns(LISTS_SHEET, existing.lists);
  const validations = dropdowns
    ? placements.flatMap((p) => validationsFor(p, placements, existing, lists))
    : [];
  const listsCreated = lists.added.length > 0 && !existing.listsExists;
  // Excel refuses writes to a protected sheet: say so before anything is written.
  for (const p of placements)
    if (!p.newSheet && existing.protectedSheets.has(p.sheet.toLowerCase()))
      throw new ProtectedSheetError(p.sheet, p.table.table);
  if (lists.added.length > 0 && existing.protectedSheets.has(LISTS_SHEET.toLowerCase()))
    throw new ProtectedSheetError(LISTS_SHEET);

  const ops: WriteOp[] = [];
  const added = new Set<string>();
  for (const p of placements) {
    if (!p.newSheet || added.has(p.sheet.toLowerCase())) continue;
    added.add(p.sheet.toLowerCase());
    ops.push({
      bytes: callBytes(p.sheet),
      apply: (context, sheets) => sheets.set(p.sheet, context.workbook.worksheets.add(p.sheet)),
    });
  }
  ops.push(...listOps(lists, listsCreated));
  for (const p of placements) ops.push(...tableOps(p));
  ops.push(...validationOps(validations));
  for (const sheet of added) {
    const name = placements.find((p) => p.sheet.toLowerCase() === sheet)?.sheet ?? sheet;
    ops.push({
      bytes: callBytes(1),
      apply: (_context, sheets) => sheets.get(name).freezePanes.freezeRows(1),
    });
  }
  // Reference lists (the nämnd's goals in a unit's workbook) are protected without a password, as
  // the .xlsx writer does: people can read, select, filter and copy, but not edit by mistake.
  for (const p of placements) {
    if (!p.newSheet || !specForTable(p.table.table)?.protectSheet) continue;
    ops.push({
      bytes: callBytes(PROTECTION),
      apply: (_context, sheets) => sheets.get(p.sheet).protection.protect(PROTECTION),
    });
  }
  try {
    await runRequests(context, packRequests(ops), options.requirements);
  } catch (error) {
    try {
      await undo(
        context,
        placements,
        lists,
        listsCreated,
        validations,
        existing.tables.map((t) => t.name),
      );
    } catch (undoError) {
      options.log(`Återställningen efter ett fel misslyckades: ${String(undoError)}`);
    }
    throw error;
  }
  return { created: missing.map((t) => t.table), kept: kept.map((t) => t.table) };
}
