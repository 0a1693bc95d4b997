/// <reference types="office-js" />
/**
 * Reading the workbook in ONE sync whatever its size: every spec table by name (a null object when
 * missing) with its values, number formats and address, and for the fallback every sheet named
 * like a spec sheet or table, read from its used range.
 *
 * Excel on the web also limits a response to 5 MB. When the one read is refused for that
 * (`ResponsePayloadSizeLimitExceeded`, from roughly 15,000 budget rows), the workbook is read in
 * parts instead: two syncs for which tables and sheets exist and where, then one per ~3 MB of
 * cells.
 */
import { EXCEL_ERROR_VALUES, type CellValue, type NeutralWorkbook, type SheetTable } from "../core/sheet";
import { INPUT_TABLES } from "../core/spec";
import { blockAddress, parseAddress, sameName, type Block, type SheetBlock } from "./address";
import { utf8Length } from "./batches";

/** Largest response the read in parts asks for. */
export const RESPONSE_BUDGET_BYTES = 3_000_000;

/** A value from `Range.values` in neutral form: `""` is empty, error text is an error. */
export function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : { error: "#NUM!" };
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return EXCEL_ERROR_VALUES.includes(value) ? { error: value } : value;
  return String(value);
}

function toFormat(format: unknown): string | null {
  return typeof format === "string" && format !== "" && format !== "General" ? format : null;
}

/** Sheets the reader may fall back to: each spec table's sheet and a sheet named like the table. */
export function fallbackSheetNames(): string[] {
  const names: string[] = [];
  for (const spec of INPUT_TABLES) {
    for (const name of [spec.sheet, spec.table]) if (!names.some((n) => sameName(n, name))) names.push(name);
  }
  return names;
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}

interface TableShape {
  readonly name: string;
  readonly showHeaders: boolean;
  readonly showTotals: boolean;
  /** The whole table, header and totals rows included; `sheet` names its worksheet. */
  readonly block: SheetBlock;
}

/** A table in neutral form from the values and number formats of its whole range. */
function tableOf(shape: TableShape, values: readonly unknown[][], formats: readonly unknown[][]): SheetTable {
  const first = shape.showHeaders ? 1 : 0;
  const end = values.length - (shape.showTotals ? 1 : 0);
  return {
    name: shape.name,
    sheet: shape.block.sheet,
    headerRow: shape.showHeaders ? shape.block.top : shape.block.top - 1,
    firstColumn: shape.block.left,
    headers: shape.showHeaders ? (values[0] ?? []).map(toCellValue) : [],
    rows: values.slice(first, end).map((row) => row.map(toCellValue)),
    numberFormats: formats.slice(first, end).map((row) => row.map(toFormat)),
  };
}

/** A sheet read from A1 (headers in row 1) from its used range, which need not start in A1. */
function plainSheetOf(
  sheet: string,
  used: Block,
  values: readonly unknown[][],
  formats: readonly unknown[][],
): SheetTable {
  const grid: CellValue[][] = [];
  const gridFormats: (string | null)[][] = [];
  for (let r = 1; r <= used.bottom; r++) {
    const rowValues = values[r - used.top];
    const rowFormats = formats[r - used.top];
    const row: CellValue[] = [];
    const rowFormat: (string | null)[] = [];
    for (let c = 1; c <= used.right; c++) {
      const inside = r >= used.top && c >= used.left;
      row.push(inside ? toCellValue(rowValues?.[c - used.left]) : null);
      rowFormat.push(inside ? toFormat(rowFormats?.[c - used.left]) : null);
    }
    grid.push(row);
    gridFormats.push(rowFormat);
  }
  return {
    name: sheet,
    sheet,
    headerRow: 1,
    firstColumn: 1,
    headers: grid[0] ?? [],
    rows: grid.slice(1),
    numberFormats: gridFormats.slice(1),
    fromSheet: true,
  };
}

/** Plain sheets only for sheets that hold none of the tables found, each once. */
function plainCandidates<T extends { readonly sheet: string }>(
  found: readonly SheetTable[],
  sheets: readonly T[],
): T[] {
  const result: T[] = [];
  for (const sheet of sheets) {
    if (found.some((t) => sameName(t.sheet, sheet.sheet))) continue;
    if (result.some((p) => sameName(p.sheet, sheet.sheet))) continue;
    result.push(sheet);
  }
  return result;
}

async function readAtOnce(context: Excel.RequestContext): Promise<NeutralWorkbook> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const tables = INPUT_TABLES.map((spec) => {
    const table = context.workbook.tables.getItemOrNullObject(spec.table);
    table.load("name,showHeaders,showTotals");
    const range = table.getRange();
    range.load("values,numberFormat,address");
    return { table, range };
  });
  const sheets = fallbackSheetNames().map((name) => {
    const sheet = worksheets.getItemOrNullObject(name);
    sheet.load("name");
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load("values,numberFormat,address");
    return { sheet, used };
  });
  await context.sync();

  const found: SheetTable[] = [];
  for (const { table, range } of tables) {
    if (table.isNullObject) continue;
    // The address names the table's sheet: `Budget!A1:H10`.
    const shape = {
      name: table.name,
      showHeaders: table.showHeaders,
      showTotals: table.showTotals,
      block: parseAddress(range.address),
    };
    found.push(tableOf(shape, range.values, range.numberFormat));
  }
  const present = sheets
    .filter(({ sheet, used }) => !sheet.isNullObject && !used.isNullObject)
    .map(({ sheet, used }) => ({ sheet: sheet.name, used }));
  const plainSheets = plainCandidates(found, present).map(({ sheet, used }) =>
    plainSheetOf(sheet, parseAddress(used.address), used.values, used.numberFormat),
  );
  return { sheetNames: worksheets.items.map((s) => s.name), tables: found, plainSheets };
}

/** One block of cells to read, and where its rows go. */
interface Part {
  readonly target: number;
  readonly sheet: string;
  readonly block: Block;
}

async function readInParts(context: Excel.RequestContext): Promise<NeutralWorkbook> {
  // 1. Which tables and sheets exist (collections only: no calls on objects that may be missing),
  //    then where they are, without values.
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const tables = context.workbook.tables;
  tables.load("items/name,items/showHeaders,items/showTotals");
  await context.sync();
  const specTables = tables.items.filter((t) => INPUT_TABLES.some((spec) => sameName(spec.table, t.name)));
  const tableRanges = specTables.map((table) => {
    const range = table.getRange();
    range.load("address");
    return { table, range };
  });
  const fallback = fallbackSheetNames();
  const sheetRanges = worksheets.items
    .filter((sheet) => fallback.some((name) => sameName(name, sheet.name)))
    .map((sheet) => {
      const used = sheet.getUsedRangeOrNullObject(true);
      used.load("address");
      return { sheet: sheet.name, used };
    });
  await context.sync();

  const shapes: TableShape[] = tableRanges.map(({ table, range }) => ({
    name: table.name,
    showHeaders: table.showHeaders,
    showTotals: table.showTotals,
    block: parseAddress(range.address),
  }));
  const shells = shapes.map((s) => tableOf(s, [], []));
  const present = sheetRanges
    .filter(({ used }) => !used.isNullObject)
    .map(({ sheet, used }) => ({ sheet, used: parseAddress(used.address) }));
  const plain = plainCandidates(shells, present);

  // 2. The cells, in parts that keep each response under the budget.
  const targets: { sheet: string; block: Block; values: unknown[][]; formats: unknown[][] }[] = [
    ...shapes.map((s) => ({ sheet: s.block.sheet, block: s.block, values: [], formats: [] })),
    ...plain.map((p) => ({ sheet: p.sheet, block: p.used, values: [], formats: [] })),
  ];
  let pending: Part[] = targets.map((t, target) => ({ target, sheet: t.sheet, block: t.block }));
  let bytesPerCell = 48;
  while (pending.length > 0) {
    const request: Part[] = [];
    let budget = RESPONSE_BUDGET_BYTES;
    const rest: Part[] = [];
    for (const part of pending) {
      const width = part.block.right - part.block.left + 1;
      const rows = Math.floor(budget / (bytesPerCell * width));
      if (rows <= 0) {
        rest.push(part);
        continue;
      }
      const bottom = Math.min(part.block.bottom, part.block.top + rows - 1);
      request.push({ ...part, block: { ...part.block, bottom } });
      budget -= (bottom - part.block.top + 1) * width * bytesPerCell;
      if (bottom < part.block.bottom) rest.push({ ...part, block: { ...part.block, top: bottom + 1 } });
    }
    if (request.length === 0) {
      // Not even one row fits the estimate: read one row of the first part.
      const [first, ...others] = rest;
      if (!first) break;
      request.push({ ...first, block: { ...first.block, bottom: first.block.top } });
      rest.splice(0, rest.length, ...others);
      if (first.block.bottom > first.block.top)
        rest.unshift({ ...first, block: { ...first.block, top: first.block.top + 1 } });
    }
    const ranges = request.map((part) => {
      const range = context.workbook.worksheets.getItem(part.sheet).getRange(blockAddress(part.block));
      range.load("values,numberFormat");
      return { part, range };
    });
    try {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per ~3 MB of cells: Excel on the web refuses larger responses
      await context.sync();
    } catch (error) {
      const single = request.length === 1 && request[0]?.block.top === request[0]?.block.bottom;
      if (errorCode(error) !== "ResponsePayloadSizeLimitExceeded" || single) throw error;
      bytesPerCell *= 2;
      continue;
    }
    let bytes = 0;
    let cells = 0;
    for (const { part, range } of ranges) {
      const values: unknown[][] = range.values;
      const formats: unknown[][] = range.numberFormat;
      const target = targets[part.target];
      target?.values.push(...values);
      target?.formats.push(...formats);
      bytes += utf8Length(JSON.stringify(values)) + utf8Length(JSON.stringify(formats));
      cells += (part.block.bottom - part.block.top + 1) * (part.block.right - part.block.left + 1);
    }
    // Size the next parts from what these cells really took.
    if (cells > 0) bytesPerCell = Math.max(8, Math.ceil((bytes / cells) * 1.3));
    pending = rest;
  }

  const found = shapes.map((shape, i) => tableOf(shape, targets[i]?.values ?? [], targets[i]?.formats ?? []));
  const plainSheets = plain.map((p, i) => {
    const target = targets[shapes.length + i];
    return plainSheetOf(p.sheet, p.used, target?.values ?? [], target?.formats ?? []);
  });
  return { sheetNames: worksheets.items.map((s) => s.name), tables: found, plainSheets };
}

/**
 * One sync normally. Read in parts instead when Excel refuses the one read: a response over 5 MB
 * (Excel on the web), or an Excel error from a missing table (the one read relies on calls on a
 * null object giving null objects).
 */
export async function readWorkbook(context: Excel.RequestContext): Promise<NeutralWorkbook> {
  try {
    return await readAtOnce(context);
  } catch (error) {
    const code = errorCode(error);
    if (code !== "ResponsePayloadSizeLimitExceeded" && code !== "ItemNotFound") throw error;
    return readInParts(context);
  }
}
