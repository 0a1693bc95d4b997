/// <reference types="office-js" />
/**
 * Replacing the generated sheets, in a constant number of syncs:
 *
 * 1. one read: sheet names, the metadata sheet (which sheets are ours), table names;
 * 2. the new sheets written under temporary names, very hidden (one request per ~4 MB);
 * 3. the swap, in one request: old sheets renamed away, new sheets renamed and shown, the metadata
 *    written, then the old sheets deleted and the metadata updated.
 *
 * New content comes first and old content is removed last. If anything fails, a recovery reads the
 * workbook again: while every old sheet still exists it restores the previous state exactly
 * (deletes the new sheets, renames the old ones back, restores the metadata); once an old sheet is
 * gone it completes the swap instead.
 */
import { GeneratedSheetConflictError, METADATA_SHEET, METADATA_TITLE, type Progress } from "../core/port";
import { GENERATED_SHEETS } from "../core/spec";
import type { SheetLayout } from "../core/summary/types";
import { sameName } from "./address";
import { packRequests, runRequests, suspendUpdates, callBytes, type WriteOp } from "./batches";
import { layoutOps, TEXT_FORMAT } from "./layout-ops";
import { supports, type Requirements } from "./requirements";
import type { Log } from "./types";

const MAX_SHEET_NAME = 31;
const NEW_PREFIX = "~";
const OLD_PREFIX = "~~";

export type Visibility = Excel.SheetVisibility | "Visible" | "Hidden" | "VeryHidden";

export interface SheetInfo {
  readonly name: string;
  readonly id: string;
  readonly visibility: Visibility;
}

export interface WorkbookInfo {
  /** In tab order. */
  readonly sheets: readonly SheetInfo[];
  readonly activeId: string | undefined;
  /** The metadata sheet's used values (from A1), or undefined when the sheet is missing. */
  readonly metadata: readonly (readonly unknown[])[] | undefined;
  /** Their number formats (restored with them after a failure). */
  readonly metadataFormats?: readonly (readonly unknown[])[];
  readonly metadataExists: boolean;
  readonly tables: readonly { readonly name: string; readonly sheet: string }[];
}

interface NewSheet {
  readonly layout: SheetLayout;
  readonly final: string;
  readonly temp: string;
  /** Position to move the new sheet to (before the old sheet it replaces). */
  readonly position?: number;
  readonly tables: readonly { readonly layoutName: string; readonly temp: string; readonly final: string }[];
}

interface OldSheet extends SheetInfo {
  /** The name it is renamed to while the new sheet takes its name. */
  readonly parked?: string;
}

export interface SwapPlan {
  readonly sheets: readonly NewSheet[];
  /** Our earlier generated sheets (and leftovers of failed runs), to delete. */
  readonly old: readonly OldSheet[];
  /** Tables on old sheets that have a new table's name, renamed away first. */
  readonly parkedTables: readonly { readonly name: string; readonly parked: string }[];
  readonly metadataExists: boolean;
  readonly metadataBefore: readonly (readonly unknown[])[] | undefined;
  readonly metadataFormatsBefore: readonly (readonly unknown[])[] | undefined;
  /** The new sheet to activate when the active sheet was an old generated one. */
  readonly activate?: string;
}

function uniqueName(wanted: string, taken: Set<string>, max = MAX_SHEET_NAME): string {
  const fit = (text: string) => text.slice(0, max);
  let name = fit(wanted);
  for (let n = 2; taken.has(name.toLowerCase()); n++)
    name = fit(`${wanted.slice(0, 1)}${n} ${wanted.slice(1)}`);
  taken.add(name.toLowerCase());
  return name;
}

function uniqueTableName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted}_${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Sheets listed in the metadata sheet (A2 down), after checking its title. */
export function listedSheets(info: WorkbookInfo): string[] {
  if (!info.metadataExists) return [];
  const values = info.metadata ?? [];
  if (values[0]?.[0] !== METADATA_TITLE) throw new GeneratedSheetConflictError(METADATA_SHEET);
  return values
    .slice(1)
    .map((row) => row[0])
    .filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

/** A very hidden sheet named like a temporary sheet of ours: left by a run whose recovery failed. */
function isLeftover(sheet: SheetInfo): boolean {
  if (sheet.visibility !== "VeryHidden" || !sheet.name.startsWith(NEW_PREFIX)) return false;
  const rest = sheet.name.replace(/^~+(\d+ )?/, "");
  return (
    rest !== "" && GENERATED_SHEETS.some((g) => g.slice(0, rest.length).toLowerCase() === rest.toLowerCase())
  );
}

/**
 * Decides names and positions. Throws GeneratedSheetConflictError when a sheet that is not ours
 * has a generated sheet's name (or the metadata sheet is not ours). Pure: tested on its own.
 */
export function planSwap(info: WorkbookInfo, layouts: readonly SheetLayout[]): SwapPlan {
  const listed = new Set(listedSheets(info).map((n) => n.toLowerCase()));
  const byName = new Map(info.sheets.map((s) => [s.name.toLowerCase(), s]));
  for (const layout of layouts) {
    const existing = byName.get(layout.name.toLowerCase());
    if (existing && !listed.has(existing.name.toLowerCase()))
      throw new GeneratedSheetConflictError(existing.name);
  }
  const old = info.sheets.filter(
    (s) => !sameName(s.name, METADATA_SHEET) && (listed.has(s.name.toLowerCase()) || isLeftover(s)),
  );
  const takenSheets = new Set(info.sheets.map((s) => s.name.toLowerCase()));
  const finals = new Set(layouts.map((l) => l.name.toLowerCase()));
  const oldSheets: OldSheet[] = old.map((s) =>
    finals.has(s.name.toLowerCase())
      ? { ...s, parked: uniqueName(`${OLD_PREFIX}${s.name}`, takenSheets) }
      : s,
  );

  // Table names: a new table keeps its name unless a table outside our old sheets has it.
  const oldNames = new Set(old.map((s) => s.name.toLowerCase()));
  const takenTables = new Set(info.tables.map((t) => t.name.toLowerCase()));
  const foreignTables = new Set(
    info.tables.filter((t) => !oldNames.has(t.sheet.toLowerCase())).map((t) => t.name.toLowerCase()),
  );
  const parkedTables: { name: string; parked: string }[] = [];
  const finalTables = new Set<string>();
  const tablesFor = (layout: SheetLayout) =>
    (layout.tables ?? []).map((t) => {
      const final = uniqueTableName(t.name, new Set([...foreignTables, ...finalTables]));
      finalTables.add(final.toLowerCase());
      const onOld = info.tables.find((x) => sameName(x.name, final) && oldNames.has(x.sheet.toLowerCase()));
      if (onOld)
        parkedTables.push({
          name: onOld.name,
          parked: uniqueTableName(`VPgammal_${onOld.name}`, takenTables),
        });
      return { layoutName: t.name, temp: uniqueTableName(`VPny_${t.name}`, takenTables), final };
    });

  // Positions: each new sheet goes right before the old sheet it replaces.
  const order: string[] = info.sheets.map((s) => s.id);
  const sheets: NewSheet[] = layouts.map((layout) => {
    const temp = uniqueName(`${NEW_PREFIX}${layout.name}`, takenSheets);
    order.push(`new:${temp}`);
    return { layout, final: layout.name, temp, tables: tablesFor(layout) };
  });
  const placed = sheets.map((sheet) => {
    const predecessor = old.find((s) => sameName(s.name, sheet.final));
    if (!predecessor) return sheet;
    const key = `new:${sheet.temp}`;
    order.splice(order.indexOf(key), 1);
    const position = order.indexOf(predecessor.id);
    order.splice(position, 0, key);
    return { ...sheet, position };
  });

  const activeOld = old.find((s) => s.id === info.activeId);
  const successor = activeOld ? layouts.find((l) => sameName(l.name, activeOld.name)) : undefined;
  return {
    sheets: placed,
    old: oldSheets,
    parkedTables,
    metadataExists: info.metadataExists,
    metadataBefore: info.metadata,
    metadataFormatsBefore: info.metadataFormats,
    ...(successor ? { activate: successor.name } : {}),
  };
}

/** Writes the metadata sheet's list (creating the very hidden sheet when missing). */
function writeMetadata(
  context: Excel.RequestContext,
  exists: boolean,
  names: readonly (readonly unknown[])[],
  formats?: readonly (readonly unknown[])[],
): void {
  const worksheets = context.workbook.worksheets;
  let sheet: Excel.Worksheet;
  if (exists) {
    sheet = worksheets.getItem(METADATA_SHEET);
  } else {
    sheet = worksheets.add(METADATA_SHEET);
    sheet.visibility = "VeryHidden";
  }
  sheet.getRange("A:A").clear();
  if (names.length === 0) return;
  const range = sheet.getRange(`A1:A${names.length}`);
  range.numberFormat = names.map((_row, i) => [String(formats?.[i]?.[0] ?? TEXT_FORMAT)]);
  range.values = names.map((row) => [row[0] ?? ""]);
}

function metadataRows(names: readonly string[]): unknown[][] {
  return [[METADATA_TITLE], ...names.map((n) => [n])];
}

/** The writes of phase 2: each new sheet added (very hidden) and filled. */
function writeOps(
  plan: SwapPlan,
  requirements: Requirements,
  created: Map<string, Excel.Worksheet>,
): WriteOp[] {
  const indent = supports(requirements, "indentLevel");
  const chartAxisPosition = supports(requirements, "chartAxisPosition");
  return plan.sheets.flatMap((sheet) => [
    {
      bytes: callBytes(sheet.temp, "VeryHidden", "id"),
      apply: (context: Excel.RequestContext, sheets) => {
        const added = context.workbook.worksheets.add(sheet.temp);
        added.visibility = "VeryHidden";
        added.load("id");
        sheets.set(sheet.temp, added);
        created.set(sheet.temp, added);
      },
    } satisfies WriteOp,
    ...layoutOps(sheet.layout, {
      sheet: sheet.temp,
      indent,
      chartAxisPosition,
      tableNames: new Map(sheet.tables.map((t) => [t.layoutName, t.temp])),
    }),
  ]);
}

/** Phase 3: the swap, queued (the caller syncs). */
function queueSwap(context: Excel.RequestContext, plan: SwapPlan): void {
  const worksheets = context.workbook.worksheets;
  const tables = context.workbook.tables;
  for (const old of plan.old) if (old.parked) worksheets.getItem(old.id).name = old.parked;
  for (const table of plan.parkedTables) tables.getItem(table.name).name = table.parked;
  for (const sheet of plan.sheets) {
    const added = worksheets.getItem(sheet.temp);
    added.name = sheet.final;
    added.visibility = "Visible";
    if (sheet.position !== undefined) added.position = sheet.position;
  }
  for (const sheet of plan.sheets)
    for (const table of sheet.tables) tables.getItem(table.temp).name = table.final;
  const finals = plan.sheets.map((s) => s.final);
  // Until the old sheets are gone, the metadata lists them too, so a later run can finish the job.
  writeMetadata(
    context,
    plan.metadataExists,
    metadataRows([...finals, ...plan.old.map((o) => o.parked ?? o.name)]),
  );
  for (const old of plan.old) {
    const sheet = worksheets.getItem(old.id);
    if (old.visibility === "VeryHidden") sheet.visibility = "Hidden";
    sheet.delete();
  }
  writeMetadata(context, true, metadataRows(finals));
  if (plan.activate) worksheets.getItem(plan.activate).activate();
}

/**
 * After a failure: reads the workbook and either restores the previous state (no old sheet
 * deleted yet) or completes the swap (some old sheet already deleted). Two syncs.
 */
async function recover(
  context: Excel.RequestContext,
  plan: SwapPlan,
  created: Map<string, Excel.Worksheet>,
): Promise<void> {
  const createdIds = new Map<string, string>();
  for (const sheet of plan.sheets) {
    const proxy = created.get(sheet.temp);
    // A sheet's id is readable once the request that added it has completed.
    const id = proxy ? idOf(proxy) : undefined;
    if (id) createdIds.set(sheet.temp, id);
  }
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/id,items/visibility");
  const tables = context.workbook.tables;
  tables.load("items/name");
  await context.sync();
  const now = worksheets.items.map((s) => ({ name: s.name, id: s.id, visibility: s.visibility }));
  const byId = new Map(now.map((s) => [s.id, s]));
  const byName = new Map(now.map((s) => [s.name.toLowerCase(), s]));
  const tableNames = new Set(tables.items.map((t) => t.name.toLowerCase()));
  const committed = plan.old.some((o) => !byId.has(o.id));
  const remove = (sheet: { id: string; visibility: Visibility }) => {
    const proxy = worksheets.getItem(sheet.id);
    if (sheet.visibility === "VeryHidden") proxy.visibility = "Hidden";
    proxy.delete();
  };
  const newSheet = (sheet: NewSheet) => {
    const id = createdIds.get(sheet.temp);
    return id ? byId.get(id) : byName.get(sheet.temp.toLowerCase());
  };

  if (!committed) {
    // Restore: delete the new sheets, give the old ones back their names, restore the metadata.
    for (const sheet of plan.sheets) {
      const current = newSheet(sheet);
      if (current) remove(current);
    }
    for (const old of plan.old) {
      const current = byId.get(old.id);
      if (!current) continue;
      const proxy = worksheets.getItem(old.id);
      if (current.name !== old.name) proxy.name = old.name;
      if (current.visibility !== old.visibility) proxy.visibility = old.visibility;
    }
    for (const table of plan.parkedTables) {
      if (tableNames.has(table.parked.toLowerCase())) tables.getItem(table.parked).name = table.name;
    }
    const metadata = byName.get(METADATA_SHEET.toLowerCase());
    if (plan.metadataExists && metadata)
      writeMetadata(context, true, plan.metadataBefore ?? [], plan.metadataFormatsBefore);
    if (!plan.metadataExists && metadata) remove(metadata);
  } else {
    // Complete: delete what is left of the old sheets, finish naming the new ones.
    for (const old of plan.old) {
      const current = byId.get(old.id);
      if (current) remove(current);
    }
    for (const sheet of plan.sheets) {
      const current = newSheet(sheet);
      if (!current) continue;
      const proxy = worksheets.getItem(current.id);
      if (current.name !== sheet.final) proxy.name = sheet.final;
      if (current.visibility !== "Visible") proxy.visibility = "Visible";
      for (const table of sheet.tables) {
        if (tableNames.has(table.temp.toLowerCase())) tables.getItem(table.temp).name = table.final;
      }
    }
    writeMetadata(
      context,
      byName.has(METADATA_SHEET.toLowerCase()),
      metadataRows(plan.sheets.map((s) => s.final)),
    );
    if (plan.activate) worksheets.getItem(plan.activate).activate();
  }
  await context.sync();
}

function idOf(sheet: Excel.Worksheet): string | undefined {
  try {
    return sheet.id;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}

/** The metadata values and formats when its used range starts in A1 (where the title must be). */
function metadataValues(used: Excel.Range): { metadata: unknown[][]; metadataFormats: unknown[][] } {
  return used.isNullObject || !/!\$?A\$?1(:|$)/.test(used.address)
    ? { metadata: [], metadataFormats: [] }
    : { metadata: used.values, metadataFormats: used.numberFormat };
}

/** Reads what phase 1 needs in one sync (the metadata read through a possibly null sheet). */
async function readInfoAtOnce(context: Excel.RequestContext): Promise<WorkbookInfo> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/id,items/visibility");
  const active = worksheets.getActiveWorksheet();
  active.load("id");
  const metadataSheet = worksheets.getItemOrNullObject(METADATA_SHEET);
  const metadataUsed = metadataSheet.getUsedRangeOrNullObject(true);
  metadataUsed.load("values,numberFormat,address");
  const tables = context.workbook.tables;
  tables.load("items/name,items/worksheet/name");
  await context.sync();
  const metadataExists = !metadataSheet.isNullObject;
  return {
    sheets: worksheets.items.map((s) => ({ name: s.name, id: s.id, visibility: s.visibility })),
    activeId: active.id,
    ...(metadataExists ? metadataValues(metadataUsed) : { metadata: undefined }),
    metadataExists,
    tables: tables.items.map((t) => ({ name: t.name, sheet: t.worksheet.name })),
  };
}

/** The same in two syncs, without a call on a possibly null object. */
async function readInfoInTwo(context: Excel.RequestContext): Promise<WorkbookInfo> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/id,items/visibility");
  const active = worksheets.getActiveWorksheet();
  active.load("id");
  const tables = context.workbook.tables;
  tables.load("items/name,items/worksheet/name");
  await context.sync();
  const metadataSheet = worksheets.items.find((s) => sameName(s.name, METADATA_SHEET));
  let metadata: { metadata: unknown[][] | undefined; metadataFormats?: unknown[][] } = {
    metadata: undefined,
  };
  if (metadataSheet) {
    const used = metadataSheet.getUsedRangeOrNullObject(true);
    used.load("values,numberFormat,address");
    await context.sync();
    metadata = metadataValues(used);
  }
  return {
    sheets: worksheets.items.map((s) => ({ name: s.name, id: s.id, visibility: s.visibility })),
    activeId: active.id,
    ...metadata,
    metadataExists: metadataSheet !== undefined,
    tables: tables.items.map((t) => ({ name: t.name, sheet: t.worksheet.name })),
  };
}

/**
 * What phase 1 needs: one sync, or two when Excel refuses a call on the null object of a missing
 * metadata sheet (the documentation does not say whether it gives another null object).
 */
export async function readWorkbookInfo(context: Excel.RequestContext): Promise<WorkbookInfo> {
  try {
    return await readInfoAtOnce(context);
  } catch (error) {
    if (errorCode(error) !== "ItemNotFound") throw error;
    return readInfoInTwo(context);
  }
}

export interface WriteGeneratedOptions {
  readonly requirements: Requirements;
  readonly progress?: Progress;
  readonly log: Log;
}

export async function writeGeneratedSheets(
  context: Excel.RequestContext,
  layouts: readonly SheetLayout[],
  options: WriteGeneratedOptions,
): Promise<void> {
  const progress = options.progress ?? (() => {});
  progress(0, "Läser arbetsboken");
  const info = await readWorkbookInfo(context);
  const plan = planSwap(info, layouts);
  const created = new Map<string, Excel.Worksheet>();
  const requests = packRequests(writeOps(plan, options.requirements, created));
  const total = requests.length + 1;
  try {
    await runRequests(context, requests, options.requirements, (done) =>
      progress(done / (total + 1), `Skriver de nya bladen (${done} av ${requests.length})`),
    );
    progress(requests.length / (total + 1), "Byter ut de genererade bladen");
    suspendUpdates(context, options.requirements);
    queueSwap(context, plan);
    await context.sync();
  } catch (error) {
    try {
      await recover(context, plan, created);
    } catch (recoveryError) {
      options.log(`Återställningen efter ett fel misslyckades: ${String(recoveryError)}`);
    }
    throw error;
  }
  progress(1, "Klart");
}
