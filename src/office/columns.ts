/// <reference types="office-js" />
/**
 * Appending columns to existing tables (the follow-up columns of Mål, Indikatorer and Aktiviteter)
 * in a constant number of syncs: two reads, then one write request per ~4 MB.
 *
 * 1. The tables (`getItemOrNullObject`), with header row, totals row, sheet name and protection,
 *    and whether the sheet `Listor` exists.
 * 2. Each table's address and header row, the used cells in the columns to its right, and the
 *    lists on `Listor`.
 * 3. The write: `table.columns.add(null, null, header)` per column (Excel gives the new column the
 *    header and empty cells), the column kind's number format on the new data cells (text and lists
 *    `@`, outcomes General: a new column otherwise takes its left neighbour's format), and for
 *    columns with a value list (Bedömning, Status) a dropdown over the data rows and
 *    {@link VALIDATION_MARGIN_ROWS} rows below, from a column on the hidden sheet `Listor` (added
 *    there when missing, as the template does).
 *
 * Everything that can refuse is checked before the write: a missing table, no header row, a
 * protected sheet, and anything in the cells the new columns will take (Excel would push them
 * aside). Headers the table already has are skipped. If the write fails part-way (Excel's batches
 * are not atomic), two more syncs delete the added columns, their dropdowns and new list columns.
 * Column widths are left as they are.
 */
import type { ColumnAddition } from "../core/followup";
import { TableColumnsError } from "../core/port";
import { normalizeKey } from "../core/spec";
import {
  columnFormat,
  columnNumberFormat,
  LISTS_SHEET,
  specForTable,
  VALIDATION_MARGIN_ROWS,
} from "../core/formats";
import { blockAddress, parseAddress, sameName, type Block, type SheetBlock } from "./address";
import {
  BLOCK_BUDGET_BYTES,
  callBytes,
  packRequests,
  runRequests,
  utf8Length,
  type WriteOp,
} from "./batches";
import { GENERAL_FORMAT } from "./layout-ops";
import { missingFeatureMessage, supports, type Requirements } from "./requirements";
import {
  clearAddedLists,
  ListColumns,
  listOps,
  listValidation,
  validationOps,
  type Validation,
} from "./tables";
import type { Log } from "./types";

/** Last column of a sheet (XFD). */
const MAX_COLUMN = 16_384;

export interface AddColumnsOptions {
  readonly requirements: Requirements;
  readonly log: Log;
}

/** One table to extend, as read in syncs 1 and 2. */
interface Planned {
  readonly name: string;
  readonly table: Excel.Table;
  readonly sheet: string;
  readonly block: SheetBlock;
  /** Last data row (above a totals row). */
  readonly lastDataRow: number;
  /** Columns of the table before the write. */
  readonly width: number;
  /** New headers, in order. */
  readonly headers: readonly string[];
}

/** The additions per table (case-insensitive), headers in order without repeats. */
function merged(additions: readonly ColumnAddition[]): ColumnAddition[] {
  const out: ColumnAddition[] = [];
  for (const addition of additions) {
    const same = out.findIndex((a) => sameName(a.table, addition.table));
    const previous = same >= 0 ? out[same] : undefined;
    const headers = [...(previous?.headers ?? [])];
    for (const header of addition.headers)
      if (header.trim() !== "" && !headers.some((h) => normalizeKey(h) === normalizeKey(header)))
        headers.push(header);
    const next = { table: previous?.table ?? addition.table, sheet: addition.sheet, headers };
    if (previous) out[same] = next;
    else out.push(next);
  }
  return out.filter((a) => a.headers.length > 0);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
}

/** Number formats of a block of cells, split so each write stays under {@link BLOCK_BUDGET_BYTES}. */
function formatOps(
  sheet: string,
  top: number,
  left: number,
  rows: number,
  formats: readonly string[],
): WriteOp[] {
  const rowBytes = utf8Length(JSON.stringify(formats)) + 1;
  const perOp = Math.max(1, Math.floor(BLOCK_BUDGET_BYTES / rowBytes));
  const ops: WriteOp[] = [];
  for (let start = 0; start < rows; start += perOp) {
    const count = Math.min(perOp, rows - start);
    const address = blockAddress({
      top: top + start,
      left,
      bottom: top + start + count - 1,
      right: left + formats.length - 1,
    });
    const grid = Array.from({ length: count }, () => [...formats]);
    ops.push({
      bytes: count * rowBytes + callBytes(address),
      apply: (_context, sheets) => {
        sheets.get(sheet).getRange(address).numberFormat = grid;
      },
    });
  }
  return ops;
}

/** Reads what the write needs and checks that every table can take its columns. */
async function plan(
  context: Excel.RequestContext,
  additions: readonly ColumnAddition[],
): Promise<{ planned: Planned[]; lists: ListColumns; listsExists: boolean }> {
  // Sync 1: the tables and their sheets.
  const found = additions.map((addition) => {
    const table = context.workbook.tables.getItemOrNullObject(addition.table);
    table.load("name,showHeaders,showTotals,worksheet/name,worksheet/protection/protected");
    return { addition, table };
  });
  const listsSheet = context.workbook.worksheets.getItemOrNullObject(LISTS_SHEET);
  listsSheet.load("name");
  await context.sync();

  for (const { addition, table } of found) {
    if (table.isNullObject) throw TableColumnsError.missing(addition.table);
    if (!table.showHeaders) throw TableColumnsError.noHeaderRow(table.name);
    if (table.worksheet.protection.protected)
      throw TableColumnsError.protectedSheet(table.name, table.worksheet.name);
  }

  // Sync 2: where each table is, its headers, and what lies to its right.
  const read = found.map(({ addition, table }) => {
    const range = table.getRange();
    range.load("address");
    const header = range.getRow(0);
    header.load("values");
    const right = range.getColumnsAfter(addition.headers.length).getUsedRangeOrNullObject(true);
    right.load("address");
    return { addition, table, range, header, right };
  });
  const listsUsed = listsSheet.isNullObject ? undefined : listsSheet.getUsedRangeOrNullObject(true);
  listsUsed?.load("values,address");
  await context.sync();

  const planned: Planned[] = [];
  for (const { addition, table, range, header, right } of read) {
    const block = parseAddress(range.address);
    const present = new Set((header.values[0] ?? []).map((h) => normalizeKey(text(h))));
    const headers = addition.headers.filter((h) => !present.has(normalizeKey(h)));
    if (headers.length === 0) continue;
    if (block.right + headers.length > MAX_COLUMN) throw TableColumnsError.sheetEdge(table.name);
    if (!right.isNullObject) {
      const used = parseAddress(right.address);
      if (used.left <= block.right + headers.length) {
        const clipped: Block = { ...used, right: Math.min(used.right, block.right + headers.length) };
        throw TableColumnsError.occupied(table.name, `${table.worksheet.name}!${blockAddress(clipped)}`);
      }
    }
    planned.push({
      name: table.name,
      table,
      sheet: table.worksheet.name,
      block,
      lastDataRow: block.bottom - (table.showTotals ? 1 : 0),
      width: block.right - block.left + 1,
      headers,
    });
  }
  const lists = new ListColumns(
    LISTS_SHEET,
    listsUsed === undefined || listsUsed.isNullObject
      ? undefined
      : { values: listsUsed.values, block: parseAddress(listsUsed.address) },
  );
  return { planned, lists, listsExists: !listsSheet.isNullObject };
}

/** Dropdowns for the new columns that have a value list in the table's spec. */
function validationsFor(p: Planned, lists: ListColumns): Validation[] {
  const spec = specForTable(p.name);
  const result: Validation[] = [];
  p.headers.forEach((header, j) => {
    const column = columnFormat(spec, header).spec;
    if (!column?.values) return;
    const left = p.block.right + 1 + j;
    result.push({
      sheet: p.sheet,
      address: blockAddress({
        top: p.block.top + 1,
        left,
        bottom: p.lastDataRow + VALIDATION_MARGIN_ROWS,
        right: left,
      }),
      ...listValidation(
        lists.reference(column.header, column.values),
        column.kind === "list",
        `Välj ett av värdena i listan för ${column.header}.`,
      ),
    });
  });
  return result;
}

function columnOps(p: Planned): WriteOp[] {
  const ops: WriteOp[] = p.headers.map((header) => ({
    bytes: callBytes(null, null, header),
    apply: () => {
      p.table.columns.add(undefined, undefined, header);
    },
  }));
  const spec = specForTable(p.name);
  const formats = p.headers.map((h) => columnNumberFormat(columnFormat(spec, h).kind) ?? GENERAL_FORMAT);
  const rows = p.lastDataRow - p.block.top;
  if (rows > 0) ops.push(...formatOps(p.sheet, p.block.top + 1, p.block.right + 1, rows, formats));
  return ops;
}

/** Removes what a failed write may have added: the new columns, their dropdowns, new list columns. */
async function undo(
  context: Excel.RequestContext,
  planned: readonly Planned[],
  validations: readonly Validation[],
  lists: ListColumns,
  listsCreated: boolean,
): Promise<void> {
  const columns = planned.map((p) => {
    const collection = p.table.columns;
    collection.load("items/name");
    return { p, collection };
  });
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  await context.sync();
  // Newest first, so each delete leaves the others where they were.
  for (const { p, collection } of columns)
    for (const column of collection.items.slice(p.width).reverse()) column.delete();
  const exists = (name: string) => worksheets.items.some((s) => sameName(s.name, name));
  for (const v of validations)
    if (exists(v.sheet)) worksheets.getItem(v.sheet).getRange(v.address).dataValidation.clear();
  if (listsCreated) {
    if (exists(LISTS_SHEET)) worksheets.getItem(LISTS_SHEET).delete();
  } else if (exists(LISTS_SHEET)) clearAddedLists(worksheets, lists);
  await context.sync();
}

export async function addTableColumns(
  context: Excel.RequestContext,
  additions: readonly ColumnAddition[],
  options: AddColumnsOptions,
): Promise<void> {
  const wanted = merged(additions);
  if (wanted.length === 0) return;
  const { planned, lists, listsExists } = await plan(context, wanted);
  if (planned.length === 0) return;

  const dropdowns = supports(options.requirements, "dataValidation");
  const validations = dropdowns ? planned.flatMap((p) => validationsFor(p, lists)) : [];
  if (
    !dropdowns &&
    planned.some((p) => p.headers.some((h) => columnFormat(specForTable(p.name), h).spec?.values))
  )
    options.log(`${missingFeatureMessage("dataValidation")} Kolumnerna lades till utan listrutor.`);
  const listsCreated = lists.added.length > 0 && !listsExists;

  const ops: WriteOp[] = [...listOps(lists, listsCreated)];
  for (const p of planned) ops.push(...columnOps(p));
  // Any validation already on the cells goes first: Excel refuses a rule over cells with another.
  ops.push(...validationOps(validations, { replace: true }));
  try {
    await runRequests(context, packRequests(ops), options.requirements);
  } catch (error) {
    try {
      await undo(context, planned, validations, lists, listsCreated);
    } catch (undoError) {
      options.log(`Återställningen efter ett fel misslyckades: ${String(undoError)}`);
    }
    throw error;
  }
}
