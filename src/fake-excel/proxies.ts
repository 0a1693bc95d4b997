/// <reference types="office-js" />
/**
 * The fake's proxy objects: the subset of the Excel JavaScript API the add-in uses, behaving like
 * Excel where it matters. Every call and property write is queued and applied when
 * `context.sync()` runs; reading a property needs `load()` and a completed sync (or a write of
 * that property on the same proxy, as in Office.js); `*OrNullObject` gives null objects whose
 * `isNullObject` is known after the sync.
 */
import {
  applyStored,
  areaCells,
  areaColumns,
  areaRows,
  checkEditable,
  checkSheetName,
  checkTableName,
  clearCell,
  contains,
  ensureCell,
  FakeExcelError,
  formatAddress,
  getCell,
  intersects,
  MAX_COLUMNS,
  MAX_ROWS,
  newId,
  newSheet,
  parseReference,
  storeInput,
  usedArea,
  visibleSheets,
  type Area,
  type CellState,
  type ChartState,
  type ConditionalFormatState,
  type SheetState,
  type TableState,
  type Visibility,
  type WorkbookState,
  subtractArea,
} from "./state";
import { jsonBytes, type ExcelSubset } from "./types";

// --- The request: queued commands, applied at sync ------------------------------------------------

/** A proxy whose null-object state becomes known at the end of a sync. */
interface Resolvable {
  setNull(isNull: boolean): void;
}

/** A proxy returned by a call: bound to its target when the call runs. */
interface Bindable<T> {
  bind(batch: Batch, target: T | null): void;
}

/** The proxy a command is queued on. */
interface Owner {
  readonly proxyId: number;
}

/** What one sync collects while its commands run; committed to the proxies when all succeeded. */
export class Batch {
  readonly commits: (() => void)[] = [];
  /** Proxies whose target was looked up, with whether it was a null object. */
  readonly resolved = new Map<Resolvable, boolean>();
  responseBytes = 0;

  constructor(readonly state: WorkbookState) {}
}

interface Command {
  readonly size: number;
  run(batch: Batch): void;
}

/** An injected failure of one sync. */
export interface InjectedFailure {
  /** Commands of the batch applied before it fails (default 0: nothing applied). */
  readonly afterCommands: number;
  readonly code: string;
}

/** What the fake workbook offers its request contexts. */
export interface SyncHost {
  readonly state: WorkbookState;
  readonly requestLimitBytes: number;
  readonly responseLimitBytes: number | undefined;
  /** What a call on a null object gives. */
  readonly nullObjectCalls: "propagate" | "throw";
  /** Records the start of a sync; returns a failure to inject, if one is set for it. */
  beginSync(commands: number, requestBytes: number): InjectedFailure | undefined;
  endSync(responseBytes: number, error?: unknown): void;
  /** Counts calls such as `suspendApiCalculationUntilNextSync`. */
  count(call: string): void;
}

function notLoaded(property: string): FakeExcelError {
  return new FakeExcelError(
    "PropertyNotLoaded",
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

function invalid(message: string): FakeExcelError {
  return new FakeExcelError("InvalidArgument", message);
}

function notFound(message = "The requested resource doesn't exist."): FakeExcelError {
  return new FakeExcelError("ItemNotFound", message);
}

export class FakeRequestContext implements ExcelSubset<
  Excel.RequestContext,
  "workbook" | "application" | "sync"
> {
  readonly workbook: FakeWorkbook;
  readonly application: FakeApplication;
  private queue: Command[] = [];

  constructor(readonly host: SyncHost) {
    this.workbook = new FakeWorkbook(this);
    this.application = this.workbook.application;
  }

  /** Number of commands queued for the next sync. */
  get pendingCommands(): number {
    return this.queue.length;
  }

  /** Queues a command; its size is the JSON of the call as sent. */
  enqueue(owner: Owner, name: string, args: unknown, run: (batch: Batch) => void): void {
    this.queue.push({ size: jsonBytes({ o: owner.proxyId, n: name, a: args }), run });
  }

  /** Queues a call that returns a new proxy, bound to its target when the call runs. */
  create<P extends Bindable<T>, T>(
    owner: Owner,
    name: string,
    args: unknown,
    proxy: P,
    compute: (batch: Batch) => T | null,
  ): P {
    this.enqueue(owner, name, args, (batch) => proxy.bind(batch, compute(batch)));
    return proxy;
  }

  /**
   * A call on a null object: gives a null object, or (when the host emulates an Excel that does
   * not propagate null objects) fails the sync with ItemNotFound.
   */
  nullCall(): null {
    if (this.host.nullObjectCalls === "throw") throw notFound("The object is a null object.");
    return null;
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    const commands = this.queue;
    this.queue = [];
    await Promise.resolve();
    const requestBytes = commands.reduce((n, c) => n + c.size + 1, 2);
    const failure = this.host.beginSync(commands.length, requestBytes);
    try {
      if (requestBytes > this.host.requestLimitBytes) {
        throw new FakeExcelError(
          "RequestPayloadSizeLimitExceeded",
          `The request payload size has exceeded the limit (${requestBytes} bytes). See https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization.`,
        );
      }
      const batch = new Batch(this.host.state);
      commands.forEach((command, index) => {
        if (failure && index === failure.afterCommands) throw injectedError(failure);
        command.run(batch);
      });
      if (failure) throw injectedError(failure);
      const limit = this.host.responseLimitBytes;
      if (limit !== undefined && batch.responseBytes > limit) {
        throw new FakeExcelError(
          "ResponsePayloadSizeLimitExceeded",
          `The response payload size has exceeded the limit (${batch.responseBytes} bytes).`,
        );
      }
      batch.resolved.forEach((isNull, proxy) => proxy.setNull(isNull));
      batch.commits.forEach((commit) => commit());
      this.host.endSync(batch.responseBytes);
      return passThroughValue as T;
    } catch (error) {
      this.host.endSync(0, error);
      throw error;
    }
  }
}

function injectedError(failure: InjectedFailure): FakeExcelError {
  return new FakeExcelError(failure.code, `Injected failure after ${failure.afterCommands} command(s).`);
}

// --- Proxy base classes ---------------------------------------------------------------------------

type LoadOption = string | string[] | OfficeExtension.LoadOption;

function loadPaths(option: LoadOption | undefined): string[] {
  const select = typeof option === "object" && !Array.isArray(option) ? option.select : option;
  const text = select === undefined ? "" : Array.isArray(select) ? select.join(",") : select;
  return text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

interface Loadable {
  snapshot(batch: Batch, paths: readonly string[]): void;
}

export abstract class FakeObject<T> implements Loadable {
  private static counter = 0;
  readonly proxyId = ++FakeObject.counter;
  /** Values loaded (after sync) or written on this proxy. */
  protected readonly local = new Map<string, unknown>();
  private nullState: boolean | undefined;
  private bound: { readonly target: T | null } | undefined;

  constructor(
    readonly context: FakeRequestContext,
    private readonly derive?: (batch: Batch) => T | null,
  ) {}

  get isNullObject(): boolean {
    if (this.nullState === undefined) throw notLoaded("isNullObject");
    return this.nullState;
  }

  /** @internal Binds a proxy returned by a call, when the call runs. */
  bind(batch: Batch, target: T | null): void {
    this.bound = { target };
    batch.resolved.set(this, target === null);
  }

  /** @internal Binds an item of a loaded collection. */
  bindItem(target: T): this {
    this.bound = { target };
    this.nullState = false;
    return this;
  }

  /** @internal */
  setNull(isNull: boolean): void {
    this.nullState = isNull;
  }

  /** The object this proxy stands for while a batch runs (`null` for a null object). */
  protected targetIn(batch: Batch): T | null {
    let target: T | null;
    if (this.bound) target = this.bound.target;
    else if (this.derive) target = this.derive(batch);
    else throw new Error("Fake Excel: proxy used before the call that creates it ran.");
    if (target !== null) this.checkAlive(target);
    batch.resolved.set(this, target === null);
    return target;
  }

  /** The target of a write or method call: a null object cannot be changed. */
  protected mustTarget(batch: Batch): T {
    const target = this.targetIn(batch);
    if (target === null) throw notFound("The object is a null object.");
    return target;
  }

  /** Throws when the object was deleted. */
  protected checkAlive(_target: T): void {}

  /** A child proxy derived from this one (a navigation property). */
  protected child<C>(
    make: (derive: (batch: Batch) => C | null) => FakeObject<C>,
    get: (target: T, batch: Batch) => C | null,
  ): FakeObject<C> {
    return make((batch) => {
      const parent = this.targetIn(batch);
      return parent === null ? null : get(parent, batch);
    });
  }

  protected get<V>(property: string): V {
    if (this.local.has(property)) return this.local.get(property) as V;
    if (this.nullState === true) return undefined as V;
    throw notLoaded(property);
  }

  protected set(property: string, value: unknown, apply: (target: T, batch: Batch) => void): void {
    this.local.set(property, value);
    this.context.enqueue(this, property, value, (batch) => apply(this.mustTarget(batch), batch));
  }

  protected call(method: string, args: unknown, apply: (target: T, batch: Batch) => void): void {
    this.context.enqueue(this, method, args, (batch) => apply(this.mustTarget(batch), batch));
  }

  /** Scalar properties that can be loaded, read from the target. */
  protected abstract scalars(): Readonly<Record<string, (target: T) => unknown>>;

  /** Navigation properties that can be loaded through (`format/font/bold`). */
  protected navigations(): Readonly<Record<string, Loadable>> {
    return {};
  }

  load(option?: LoadOption): this {
    const paths = loadPaths(option);
    this.context.enqueue(this, "load", paths, (batch) => this.snapshot(batch, paths));
    return this;
  }

  /** @internal Reads one computed property now; it becomes readable when the sync completes. */
  loadScalar(batch: Batch, name: string, read: (target: T) => unknown): void {
    const target = this.targetIn(batch);
    if (target === null) return;
    const value = read(target);
    batch.responseBytes += jsonBytes([[name, value]]);
    batch.commits.push(() => this.local.set(name, value));
  }

  /** @internal Reads the requested properties now; they become readable when the sync completes. */
  snapshot(batch: Batch, paths: readonly string[]): void {
    const target = this.targetIn(batch);
    if (target === null) return;
    const scalars = this.scalars();
    const navigations = this.navigations();
    const names = paths.length > 0 ? paths : Object.keys(scalars);
    const loaded: [string, unknown][] = [];
    const nested = new Map<string, string[]>();
    for (const path of names) {
      const slash = path.indexOf("/");
      const head = slash < 0 ? path : path.slice(0, slash);
      if (slash >= 0 || navigations[head]) {
        const list = nested.get(head) ?? [];
        if (slash >= 0) list.push(path.slice(slash + 1));
        nested.set(head, list);
        continue;
      }
      const read = scalars[path];
      if (!read) throw invalid(`The property '${path}' does not exist on this object.`);
      loaded.push([path, read(target)]);
    }
    nested.forEach((sub, head) => {
      const navigation = navigations[head];
      if (!navigation) throw invalid(`The property '${head}' does not exist on this object.`);
      navigation.snapshot(batch, sub);
    });
    batch.responseBytes += jsonBytes(loaded);
    batch.commits.push(() => loaded.forEach(([name, value]) => this.local.set(name, value)));
  }
}

/** A collection: `load("items/name")` (or `load("name")`) loads its items. */
abstract class FakeCollection<T, I extends FakeObject<E>, E> extends FakeObject<T> {
  get items(): I[] {
    return this.get<I[]>("items");
  }

  protected abstract enumerate(target: T): E[];
  protected abstract item(target: E): I;

  protected scalars(): Readonly<Record<string, (target: T) => unknown>> {
    return {};
  }

  override snapshot(batch: Batch, paths: readonly string[]): void {
    const target = this.targetIn(batch);
    if (target === null) return;
    const sub = paths
      .map((p) =>
        p === "items" || p === "items/*" ? "" : p.startsWith("items/") ? p.slice("items/".length) : p,
      )
      .filter((p) => p !== "");
    const items = this.enumerate(target).map((t) => this.item(t).bindItem(t));
    for (const item of items) item.snapshot(batch, sub);
    batch.commits.push(() => this.local.set("items", items));
  }
}

// --- Workbook, application ------------------------------------------------------------------------

export class FakeApplication
  extends FakeObject<WorkbookState>
  implements
    ExcelSubset<
      Excel.Application,
      "suspendApiCalculationUntilNextSync" | "suspendScreenUpdatingUntilNextSync"
    >
{
  suspendApiCalculationUntilNextSync(): void {
    this.call("suspendApiCalculationUntilNextSync", [], () =>
      this.context.host.count("suspendApiCalculationUntilNextSync"),
    );
  }

  suspendScreenUpdatingUntilNextSync(): void {
    this.call("suspendScreenUpdatingUntilNextSync", [], () =>
      this.context.host.count("suspendScreenUpdatingUntilNextSync"),
    );
  }

  protected scalars(): Readonly<Record<string, (target: WorkbookState) => unknown>> {
    return {};
  }
}

export class FakeWorkbook
  extends FakeObject<WorkbookState>
  implements ExcelSubset<Excel.Workbook, "worksheets" | "tables" | "application">
{
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly application: FakeApplication;

  constructor(context: FakeRequestContext) {
    super(context, (batch) => batch.state);
    this.worksheets = new FakeWorksheetCollection(context, (batch) => batch.state);
    this.tables = new FakeTableCollection(context, (batch) => ({ state: batch.state }));
    this.application = new FakeApplication(context, (batch) => batch.state);
  }

  protected scalars(): Readonly<Record<string, (target: WorkbookState) => unknown>> {
    return {};
  }
}

// --- Worksheets -----------------------------------------------------------------------------------

function findSheet(state: WorkbookState, key: string): SheetState | undefined {
  const lower = key.toLowerCase();
  return state.sheets.find((s) => s.id === key || s.name.toLowerCase() === lower);
}

function activateAfterLeaving(state: WorkbookState, sheet: SheetState): void {
  if (state.activeSheet !== sheet) return;
  const index = state.sheets.indexOf(sheet);
  const visible = state.sheets.filter((s) => s !== sheet && s.visibility === "Visible");
  const after = visible.find((s) => state.sheets.indexOf(s) > index);
  const before = visible.filter((s) => state.sheets.indexOf(s) < index).pop();
  state.activeSheet = after ?? before;
}

export class FakeWorksheetCollection
  extends FakeCollection<WorkbookState, FakeWorksheet, SheetState>
  implements
    ExcelSubset<
      Excel.WorksheetCollection,
      "items" | "load" | "getItem" | "getItemOrNullObject" | "add" | "getActiveWorksheet"
    >
{
  protected enumerate(state: WorkbookState): SheetState[] {
    return [...state.sheets];
  }

  protected item(): FakeWorksheet {
    return new FakeWorksheet(this.context);
  }

  getItem(key: string): FakeWorksheet {
    return this.context.create(this, "getItem", [key], new FakeWorksheet(this.context), (batch) => {
      const state = this.targetIn(batch);
      if (state === null) return this.context.nullCall();
      const sheet = findSheet(state, key);
      if (!sheet) throw notFound(`The worksheet "${key}" doesn't exist.`);
      return sheet;
    });
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return this.context.create(
      this,
      "getItemOrNullObject",
      [key],
      new FakeWorksheet(this.context),
      (batch) => {
        const state = this.targetIn(batch);
        return state === null ? this.context.nullCall() : (findSheet(state, key) ?? null);
      },
    );
  }

  add(name?: string): FakeWorksheet {
    return this.context.create(this, "add", [name ?? null], new FakeWorksheet(this.context), (batch) => {
      const state = this.mustTarget(batch);
      let sheetName = name;
      if (sheetName === undefined) {
        let n = state.sheets.length + 1;
        while (findSheet(state, `Sheet${n}`)) n += 1;
        sheetName = `Sheet${n}`;
      }
      checkSheetName(state, sheetName);
      const sheet = newSheet(state, sheetName);
      state.sheets.push(sheet);
      if (!state.activeSheet) state.activeSheet = sheet;
      return sheet;
    });
  }

  getActiveWorksheet(): FakeWorksheet {
    return this.context.create(this, "getActiveWorksheet", [], new FakeWorksheet(this.context), (batch) => {
      const state = this.mustTarget(batch);
      const active = state.activeSheet ?? visibleSheets(state)[0];
      if (!active) throw notFound("No active worksheet.");
      return active;
    });
  }
}

function toVisibility(value: string): Visibility {
  if (value === "Visible" || value === "Hidden" || value === "VeryHidden") return value;
  throw invalid(`Invalid visibility ${value}`);
}

export class FakeWorksheet
  extends FakeObject<SheetState>
  implements
    ExcelSubset<
      Excel.Worksheet,
      | "name"
      | "id"
      | "position"
      | "visibility"
      | "tables"
      | "charts"
      | "freezePanes"
      | "protection"
      | "load"
      | "delete"
      | "activate"
      | "getRange"
      | "getRanges"
      | "getUsedRangeOrNullObject"
      | "getCell"
      | "isNullObject"
    >
{
  readonly tables: FakeTableCollection = new FakeTableCollection(this.context, (batch) => {
    const sheet = this.targetIn(batch);
    return sheet === null ? null : { state: batch.state, sheet };
  });
  readonly charts: FakeChartCollection = new FakeChartCollection(this.context, (batch) =>
    this.targetIn(batch),
  );
  readonly freezePanes: FakeWorksheetFreezePanes = new FakeWorksheetFreezePanes(this.context, (batch) =>
    this.targetIn(batch),
  );
  readonly protection: FakeWorksheetProtection = new FakeWorksheetProtection(this.context, (batch) =>
    this.targetIn(batch),
  );

  protected override checkAlive(sheet: SheetState): void {
    if (sheet.deleted) throw notFound(`The worksheet "${sheet.name}" was deleted.`);
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { protection: this.protection, freezePanes: this.freezePanes };
  }

  protected scalars(): Readonly<Record<string, (sheet: SheetState) => unknown>> {
    return {
      name: (s) => s.name,
      id: (s) => s.id,
      position: (s) => this.positionOf(s),
      visibility: (s) => s.visibility,
    };
  }

  private positionOf(sheet: SheetState): number {
    return this.context.host.state.sheets.indexOf(sheet);
  }

  get name(): string {
    return this.get("name");
  }

  set name(value: string) {
    this.set("name", value, (sheet, batch) => {
      checkSheetName(batch.state, value, sheet);
      sheet.name = value;
    });
  }

  get id(): string {
    return this.get("id");
  }

  get position(): number {
    return this.get("position");
  }

  set position(value: number) {
    this.set("position", value, (sheet, batch) => {
      const sheets = batch.state.sheets;
      if (!Number.isInteger(value) || value < 0 || value >= sheets.length)
        throw invalid(`Invalid position ${value}`);
      sheets.splice(sheets.indexOf(sheet), 1);
      sheets.splice(value, 0, sheet);
    });
  }

  get visibility(): Excel.SheetVisibility | "Visible" | "Hidden" | "VeryHidden" {
    return this.get("visibility");
  }

  set visibility(value: Excel.SheetVisibility | "Visible" | "Hidden" | "VeryHidden") {
    const visibility = toVisibility(String(value));
    this.set("visibility", visibility, (sheet, batch) => {
      if (visibility !== "Visible" && sheet.visibility === "Visible") {
        if (visibleSheets(batch.state).length <= 1) {
          throw new FakeExcelError(
            "InvalidOperation",
            "A workbook must contain at least one visible worksheet.",
          );
        }
        activateAfterLeaving(batch.state, sheet);
      }
      sheet.visibility = visibility;
    });
  }

  delete(): void {
    this.call("delete", [], (sheet, batch) => {
      const state = batch.state;
      if (sheet.visibility === "VeryHidden") {
        throw new FakeExcelError(
          "InvalidOperation",
          "A very hidden worksheet cannot be deleted; change its visibility first.",
        );
      }
      if (sheet.visibility === "Visible" && visibleSheets(state).length <= 1) {
        throw new FakeExcelError(
          "InvalidOperation",
          "A workbook must contain at least one visible worksheet.",
        );
      }
      activateAfterLeaving(state, sheet);
      state.sheets.splice(state.sheets.indexOf(sheet), 1);
      sheet.deleted = true;
      for (const table of state.tables.filter((t) => t.sheet === sheet)) {
        table.deleted = true;
        state.tables.splice(state.tables.indexOf(table), 1);
      }
    });
  }

  activate(): void {
    this.call("activate", [], (sheet, batch) => {
      if (sheet.visibility !== "Visible")
        throw new FakeExcelError("InvalidOperation", "A hidden worksheet cannot be activated.");
      batch.state.activeSheet = sheet;
    });
  }

  getRange(address?: string): FakeRange {
    return this.context.create(this, "getRange", [address ?? null], new FakeRange(this.context), (batch) => {
      const sheet = this.targetIn(batch);
      if (sheet === null) return this.context.nullCall();
      if (address === undefined || address === "")
        return { sheet, area: { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLUMNS - 1 } };
      const reference = parseReference(address);
      if (reference.sheet !== undefined && reference.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
        throw invalid(`The address ${address} is not on this worksheet.`);
      }
      const [area] = reference.areas;
      if (!area || reference.areas.length > 1) throw invalid(`Use getRanges for ${address}.`);
      return { sheet, area };
    });
  }

  getRanges(address?: string): FakeRangeAreas {
    return this.context.create(
      this,
      "getRanges",
      [address ?? null],
      new FakeRangeAreas(this.context),
      (batch) => {
        const sheet = this.targetIn(batch);
        if (sheet === null) return this.context.nullCall();
        const reference = parseReference(address ?? "");
        if (reference.sheet !== undefined && reference.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
          throw invalid(`The address ${address ?? ""} is not on this worksheet.`);
        }
        return { sheet, areas: reference.areas };
      },
    );
  }

  getCell(row: number, column: number): FakeRange {
    return this.context.create(this, "getCell", [row, column], new FakeRange(this.context), (batch) => {
      const sheet = this.targetIn(batch);
      return sheet === null
        ? this.context.nullCall()
        : { sheet, area: { top: row, left: column, bottom: row, right: column } };
    });
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return this.context.create(
      this,
      "getUsedRangeOrNullObject",
      [valuesOnly ?? false],
      new FakeRange(this.context),
      (batch) => {
        const sheet = this.targetIn(batch);
        if (sheet === null) return this.context.nullCall();
        const area = usedArea(sheet, valuesOnly === true);
        return area ? { sheet, area } : null;
      },
    );
  }
}

export class FakeWorksheetFreezePanes
  extends FakeObject<SheetState>
  implements ExcelSubset<Excel.WorksheetFreezePanes, "freezeRows" | "freezeColumns" | "unfreeze">
{
  protected scalars(): Readonly<Record<string, (sheet: SheetState) => unknown>> {
    return {};
  }

  freezeRows(count?: number): void {
    this.call("freezeRows", [count ?? 1], (sheet) => {
      sheet.frozenRows = count ?? 1;
      sheet.frozenColumns = 0;
    });
  }

  freezeColumns(count?: number): void {
    this.call("freezeColumns", [count ?? 1], (sheet) => {
      sheet.frozenColumns = count ?? 1;
      sheet.frozenRows = 0;
    });
  }

  unfreeze(): void {
    this.call("unfreeze", [], (sheet) => {
      sheet.frozenRows = 0;
      sheet.frozenColumns = 0;
    });
  }
}

export class FakeWorksheetProtection
  extends FakeObject<SheetState>
  implements ExcelSubset<Excel.WorksheetProtection, "protected" | "protect" | "unprotect" | "load">
{
  protected scalars(): Readonly<Record<string, (sheet: SheetState) => unknown>> {
    return { protected: (s) => s.protection !== undefined };
  }

  get protected(): boolean {
    return this.get("protected");
  }

  protect(options?: Excel.WorksheetProtectionOptions, password?: string): void {
    this.call("protect", [options ?? null, password === undefined ? null : "***"], (sheet) => {
      if (sheet.protection)
        throw new FakeExcelError("InvalidOperation", "The worksheet is already protected.");
      sheet.protection = { ...options, password: password ?? "" };
    });
  }

  unprotect(password?: string): void {
    this.call("unprotect", [password === undefined ? null : "***"], (sheet) => {
      if (sheet.protection && sheet.protection.password !== (password ?? "")) {
        throw new FakeExcelError("InvalidArgument", "The password is wrong.");
      }
      delete sheet.protection;
    });
  }
}

// --- Tables ---------------------------------------------------------------------------------------

interface TableScope {
  readonly state: WorkbookState;
  readonly sheet?: SheetState;
}

function findTable(scope: TableScope, key: string): TableState | undefined {
  const lower = key.toLowerCase();
  return scope.state.tables.find(
    (t) => (!scope.sheet || t.sheet === scope.sheet) && (t.id === key || t.name.toLowerCase() === lower),
  );
}

function cellText(cell: CellState | undefined): string {
  if (!cell || cell.value === "") return "";
  return typeof cell.value === "boolean" ? (cell.value ? "TRUE" : "FALSE") : String(cell.value);
}

export class FakeTableCollection
  extends FakeCollection<TableScope, FakeTable, TableState>
  implements ExcelSubset<Excel.TableCollection, "items" | "load" | "getItem" | "getItemOrNullObject" | "add">
{
  protected enumerate(scope: TableScope): TableState[] {
    return scope.state.tables.filter((t) => !scope.sheet || t.sheet === scope.sheet);
  }

  protected item(): FakeTable {
    return new FakeTable(this.context);
  }

  getItem(key: string): FakeTable {
    return this.context.create(this, "getItem", [key], new FakeTable(this.context), (batch) => {
      const scope = this.targetIn(batch);
      if (scope === null) return this.context.nullCall();
      const table = findTable(scope, key);
      if (!table) throw notFound(`The table "${key}" doesn't exist.`);
      return table;
    });
  }

  getItemOrNullObject(key: string): FakeTable {
    return this.context.create(this, "getItemOrNullObject", [key], new FakeTable(this.context), (batch) => {
      const scope = this.targetIn(batch);
      return scope === null ? this.context.nullCall() : (findTable(scope, key) ?? null);
    });
  }

  add(address: Excel.Range | string, hasHeaders: boolean): FakeTable {
    if (typeof address !== "string") throw new Error("Fake Excel: tables.add takes an address string.");
    return this.context.create(this, "add", [address, hasHeaders], new FakeTable(this.context), (batch) => {
      const scope = this.mustTarget(batch);
      const state = scope.state;
      const reference = parseReference(address);
      let sheet = scope.sheet;
      if (reference.sheet !== undefined) {
        const named = findSheet(state, reference.sheet);
        if (!named || (sheet && named !== sheet)) throw invalid(`Invalid table address ${address}`);
        sheet = named;
      }
      if (!sheet) throw invalid(`The address ${address} needs a worksheet name.`);
      checkEditable(sheet);
      const [given] = reference.areas;
      if (!given || reference.areas.length > 1) throw invalid(`Invalid table address ${address}`);
      if (!hasHeaders) throw new FakeExcelError("NotImplemented", "Fake Excel: tables without a header row.");
      const area = given.top === given.bottom ? { ...given, bottom: given.bottom + 1 } : given;
      if (state.tables.some((t) => t.sheet === sheet && intersects(t.area, area))) {
        throw invalid("A table can't overlap another table.");
      }
      // Header cells become unique texts, as Excel makes them.
      const seen = new Set<string>();
      for (let c = area.left; c <= area.right; c++) {
        const cell = ensureCell(sheet, area.top, c);
        let text = cellText(cell).trim() === "" ? `Column${c - area.left + 1}` : cellText(cell);
        for (let n = 2; seen.has(text.toLowerCase()); n++) text = `${cellText(cell)}${n}`;
        seen.add(text.toLowerCase());
        applyStored(cell, { value: text });
      }
      let n = state.tables.length + 1;
      while (state.tables.some((t) => t.name.toLowerCase() === `table${n}`)) n += 1;
      const table: TableState = {
        id: newId(state, "table"),
        name: `Table${n}`,
        sheet,
        area,
        showHeaders: true,
        showTotals: false,
        style: "TableStyleMedium2",
      };
      state.tables.push(table);
      return table;
    });
  }
}

function dataBody(table: TableState): Area {
  return {
    ...table.area,
    top: table.area.top + (table.showHeaders ? 1 : 0),
    bottom: table.area.bottom - (table.showTotals ? 1 : 0),
  };
}

export class FakeTable
  extends FakeObject<TableState>
  implements
    ExcelSubset<
      Excel.Table,
      | "name"
      | "id"
      | "showHeaders"
      | "showTotals"
      | "style"
      | "worksheet"
      | "rows"
      | "columns"
      | "load"
      | "getRange"
      | "getHeaderRowRange"
      | "getDataBodyRange"
      | "getTotalRowRange"
      | "delete"
      | "isNullObject"
    >
{
  readonly worksheet: FakeWorksheet = new FakeWorksheet(
    this.context,
    (batch) => this.targetIn(batch)?.sheet ?? null,
  );
  readonly rows: FakeTableRowCollection = new FakeTableRowCollection(this.context, (batch) =>
    this.targetIn(batch),
  );
  readonly columns: FakeTableColumnCollection = new FakeTableColumnCollection(this.context, (batch) =>
    this.targetIn(batch),
  );

  protected override checkAlive(table: TableState): void {
    if (table.deleted) throw notFound(`The table "${table.name}" was deleted.`);
  }

  protected scalars(): Readonly<Record<string, (table: TableState) => unknown>> {
    return {
      name: (t) => t.name,
      id: (t) => t.id,
      showHeaders: (t) => t.showHeaders,
      showTotals: (t) => t.showTotals,
      style: (t) => t.style,
    };
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { worksheet: this.worksheet };
  }

  get name(): string {
    return this.get("name");
  }

  set name(value: string) {
    this.set("name", value, (table, batch) => {
      checkTableName(batch.state, value, table);
      table.name = value;
    });
  }

  get id(): string {
    return this.get("id");
  }

  get showHeaders(): boolean {
    return this.get("showHeaders");
  }

  get showTotals(): boolean {
    return this.get("showTotals");
  }

  get style(): string {
    return this.get("style");
  }

  set style(value: string) {
    this.set("style", value, (table) => {
      table.style = value;
    });
  }

  private range(method: string, area: (table: TableState) => Area): FakeRange {
    return this.context.create(this, method, [], new FakeRange(this.context), (batch) => {
      const table = this.targetIn(batch);
      return table === null ? this.context.nullCall() : { sheet: table.sheet, area: area(table) };
    });
  }

  getRange(): FakeRange {
    return this.range("getRange", (t) => t.area);
  }

  getHeaderRowRange(): FakeRange {
    return this.range("getHeaderRowRange", (t) => {
      if (!t.showHeaders) throw notFound("The table has no header row.");
      return { ...t.area, bottom: t.area.top };
    });
  }

  getDataBodyRange(): FakeRange {
    return this.range("getDataBodyRange", dataBody);
  }

  getTotalRowRange(): FakeRange {
    return this.range("getTotalRowRange", (t) => {
      if (!t.showTotals) throw notFound("The table has no total row.");
      return { ...t.area, top: t.area.bottom };
    });
  }

  delete(): void {
    this.call("delete", [], (table, batch) => {
      for (let r = table.area.top; r <= table.area.bottom; r++)
        for (let c = table.area.left; c <= table.area.right; c++) clearCell(table.sheet, r, c);
      table.deleted = true;
      batch.state.tables.splice(batch.state.tables.indexOf(table), 1);
    });
  }
}

export class FakeTableRow extends FakeObject<TableState> implements ExcelSubset<Excel.TableRow, "load"> {
  protected scalars(): Readonly<Record<string, (table: TableState) => unknown>> {
    return {};
  }
}

export class FakeTableRowCollection
  extends FakeObject<TableState>
  implements ExcelSubset<Excel.TableRowCollection, "add" | "load">
{
  protected scalars(): Readonly<Record<string, (table: TableState) => unknown>> {
    return { count: (t) => areaRows(dataBody(t)) };
  }

  add(
    index?: number,
    values?: Array<Array<boolean | string | number>> | boolean | string | number,
    _alwaysInsert?: boolean,
  ): FakeTableRow {
    const row = new FakeTableRow(this.context);
    this.context.create(this, "add", [index ?? null, values ?? null], row, (batch) => {
      const table = this.mustTarget(batch);
      checkEditable(table.sheet);
      if (index !== undefined && index !== null && index !== -1) {
        throw new FakeExcelError("NotImplemented", "Fake Excel: only adding rows at the end of a table.");
      }
      const width = areaColumns(table.area);
      const rows = Array.isArray(values) ? values : [Array.from({ length: width }, () => values ?? "")];
      if (rows.some((r) => !Array.isArray(r) || r.length !== width)) {
        throw invalid(
          "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
        );
      }
      const body = dataBody(table);
      const insertAt = body.bottom + 1;
      const count = rows.length;
      const sheet = table.sheet;
      // Cells below, within the table's columns, move down.
      for (let r = sheet.rows.length - 1; r >= insertAt; r--) {
        for (let c = table.area.left; c <= table.area.right; c++) {
          const cell = getCell(sheet, r, c);
          clearCell(sheet, r, c);
          if (cell) {
            ensureCell(sheet, r + count, c);
            const cells = sheet.rows[r + count];
            if (cells) cells[c] = cell;
          }
        }
      }
      table.area = { ...table.area, bottom: table.area.bottom + count };
      // New rows take the number format and style of the last data row, then their values.
      rows.forEach((values, i) => {
        values.forEach((value, j) => {
          const c = table.area.left + j;
          const above = body.bottom >= body.top ? getCell(sheet, body.bottom, c) : undefined;
          const cell = ensureCell(sheet, insertAt + i, c);
          cell.numberFormat = above?.numberFormat ?? "General";
          if (above?.style) cell.style = above.style;
          applyStored(cell, storeInput(value, cell.numberFormat));
        });
      });
      return table;
    });
    return row;
  }
}

/** A table column: its table and header text (the column is found by its header when a call runs). */
interface ColumnTarget {
  readonly table: TableState;
  readonly name: string;
}

function headerTexts(table: TableState): string[] {
  const texts: string[] = [];
  for (let c = table.area.left; c <= table.area.right; c++)
    texts.push(cellText(getCell(table.sheet, table.area.top, c)));
  return texts;
}

/** Whether a cell holds something (a value or formula); format alone does not count. */
function holdsValue(cell: CellState | undefined): boolean {
  return cell !== undefined && (cell.value !== "" || cell.formula !== undefined);
}

export class FakeTableColumnCollection
  extends FakeCollection<TableState, FakeTableColumn, ColumnTarget>
  implements ExcelSubset<Excel.TableColumnCollection, "items" | "load" | "add">
{
  protected override checkAlive(table: TableState): void {
    if (table.deleted) throw notFound(`The table "${table.name}" was deleted.`);
  }

  protected enumerate(table: TableState): ColumnTarget[] {
    if (!table.showHeaders)
      throw new FakeExcelError("NotImplemented", "Fake Excel: columns of a table without headers.");
    return headerTexts(table).map((name) => ({ table, name }));
  }

  protected item(): FakeTableColumn {
    return new FakeTableColumn(this.context);
  }

  /**
   * Appends a column at the table's right end (only there: `index` undefined, null or -1) with
   * `name` as its header and empty cells that take the number format and style of the column to
   * their left, as Excel extends a table's formatting. Values are not supported. Excel would shift
   * the cells to the right of the table aside; the fake refuses when any of them holds something
   * or belongs to another table, as the add-in never wants its user's cells moved.
   */
  add(
    index?: number,
    values?: Array<Array<boolean | string | number>> | boolean | string | number,
    name?: string,
  ): FakeTableColumn {
    const column = new FakeTableColumn(this.context);
    this.context.create(this, "add", [index ?? null, values ?? null, name ?? null], column, (batch) => {
      const table = this.mustTarget(batch);
      checkEditable(table.sheet);
      if (index !== undefined && index !== null && index !== -1)
        throw new FakeExcelError("NotImplemented", "Fake Excel: only adding columns at the end of a table.");
      if (values !== undefined && values !== null)
        throw new FakeExcelError("NotImplemented", "Fake Excel: columns.add with values.");
      if (!table.showHeaders)
        throw new FakeExcelError("NotImplemented", "Fake Excel: columns of a table without headers.");
      const { sheet, area } = table;
      const c = area.right + 1;
      if (c >= MAX_COLUMNS)
        throw new FakeExcelError("InvalidOperation", "The table can't grow beyond the sheet.");
      const next: Area = { ...area, left: c, right: c };
      for (let r = area.top; r <= area.bottom; r++) {
        if (holdsValue(getCell(sheet, r, c)))
          throw new FakeExcelError("InvalidOperation", "The cells to the right of the table are not empty.");
      }
      if (batch.state.tables.some((t) => t !== table && t.sheet === sheet && intersects(t.area, next)))
        throw invalid("A table can't overlap another table.");
      const taken = new Set(headerTexts(table).map((h) => h.toLowerCase()));
      const wanted =
        name === undefined || name === null || name.trim() === "" ? `Column${areaColumns(area) + 1}` : name;
      let header = wanted;
      for (let n = 2; taken.has(header.toLowerCase()); n++) header = `${wanted}${n}`;
      for (let r = area.top; r <= area.bottom; r++) {
        const left = getCell(sheet, r, c - 1);
        const cell = ensureCell(sheet, r, c);
        cell.numberFormat = left?.numberFormat ?? "General";
        if (left?.style) cell.style = left.style;
        else delete cell.style;
        applyStored(cell, { value: r === area.top ? header : "" });
      }
      table.area = { ...area, right: c };
      return { table, name: header };
    });
    return column;
  }
}

export class FakeTableColumn
  extends FakeObject<ColumnTarget>
  implements ExcelSubset<Excel.TableColumn, "name" | "index" | "load" | "delete">
{
  protected override checkAlive(target: ColumnTarget): void {
    if (target.table.deleted) throw notFound(`The table "${target.table.name}" was deleted.`);
    if (this.indexOf(target) < 0) throw notFound(`The column "${target.name}" doesn't exist.`);
  }

  private indexOf(target: ColumnTarget): number {
    const lower = target.name.toLowerCase();
    return headerTexts(target.table).findIndex((h) => h.toLowerCase() === lower);
  }

  protected scalars(): Readonly<Record<string, (target: ColumnTarget) => unknown>> {
    return { name: (t) => t.name, index: (t) => this.indexOf(t) };
  }

  get name(): string {
    return this.get("name");
  }

  get index(): number {
    return this.get("index");
  }

  /** Deletes the column's cells; the cells to their right, in the table's rows, move left. */
  delete(): void {
    this.call("delete", [], (target) => {
      const { table } = target;
      const { sheet, area } = table;
      checkEditable(sheet);
      if (areaColumns(area) <= 1) throw new FakeExcelError("InvalidOperation", "A table needs a column.");
      const c = area.left + this.indexOf(target);
      for (let r = area.top; r <= area.bottom; r++) {
        const cells = sheet.rows[r];
        if (!cells || cells.length <= c) continue;
        for (let x = c; x < cells.length; x++) cells[x] = cells[x + 1];
        cells.length -= 1;
      }
      table.area = { ...area, right: area.right - 1 };
    });
  }
}

// --- Ranges ---------------------------------------------------------------------------------------

export interface RangeTarget {
  readonly sheet: SheetState;
  readonly area: Area;
}

interface AreasTarget {
  readonly sheet: SheetState;
  readonly areas: readonly Area[];
}

/** Reading a whole grid is refused, as Excel refuses reads of more than 5 million cells. */
const MAX_READ_CELLS = 5_000_000;

function grid<V>(target: RangeTarget, read: (cell: CellState | undefined) => V): V[][] {
  const { area, sheet } = target;
  if (areaCells(area) > MAX_READ_CELLS)
    throw new FakeExcelError("RangeExceedsLimit", "The range is too large to read.");
  const result: V[][] = [];
  for (let r = area.top; r <= area.bottom; r++) {
    const row: V[] = [];
    for (let c = area.left; c <= area.right; c++) row.push(read(getCell(sheet, r, c)));
    result.push(row);
  }
  return result;
}

function checkDimensions(area: Area, values: unknown): unknown[][] {
  const ok =
    Array.isArray(values) &&
    values.length === areaRows(area) &&
    values.every((row) => Array.isArray(row) && row.length === areaColumns(area));
  if (!ok) {
    throw invalid(
      "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
    );
  }
  return values as unknown[][];
}

function forEachCell(area: Area, visit: (row: number, column: number) => void): void {
  if (areaCells(area) > 1_000_000) {
    throw new FakeExcelError(
      "NotImplemented",
      "Fake Excel: cell-by-cell changes to more than a million cells.",
    );
  }
  for (let r = area.top; r <= area.bottom; r++) for (let c = area.left; c <= area.right; c++) visit(r, c);
}

function writeCells(target: RangeTarget, values: unknown): void {
  checkEditable(target.sheet);
  const rows = checkDimensions(target.area, values);
  rows.forEach((row, i) =>
    row.forEach((value, j) => {
      const cell = ensureCell(target.sheet, target.area.top + i, target.area.left + j);
      applyStored(cell, storeInput(value, cell.numberFormat));
    }),
  );
}

function cellValue(cell: CellState | undefined): string | number | boolean {
  return cell?.value ?? "";
}

export class FakeRange
  extends FakeObject<RangeTarget>
  implements
    ExcelSubset<
      Excel.Range,
      | "values"
      | "formulas"
      | "numberFormat"
      | "address"
      | "rowCount"
      | "columnCount"
      | "rowIndex"
      | "columnIndex"
      | "format"
      | "hyperlink"
      | "dataValidation"
      | "conditionalFormats"
      | "worksheet"
      | "load"
      | "select"
      | "clear"
      | "getCell"
      | "getRow"
      | "getResizedRange"
      | "getOffsetRange"
      | "getColumnsAfter"
      | "getUsedRangeOrNullObject"
      | "isNullObject"
    >
{
  readonly format: FakeRangeFormat = new FakeRangeFormat(this.context, (batch) => this.targetIn(batch));
  readonly dataValidation: FakeDataValidation = new FakeDataValidation(this.context, (batch) =>
    this.targetIn(batch),
  );
  readonly conditionalFormats: FakeConditionalFormatCollection = new FakeConditionalFormatCollection(
    this.context,
    (batch) => {
      const target = this.targetIn(batch);
      return target === null ? null : { sheet: target.sheet, areas: [target.area] };
    },
  );
  readonly worksheet: FakeWorksheet = new FakeWorksheet(
    this.context,
    (batch) => this.targetIn(batch)?.sheet ?? null,
  );

  protected override checkAlive(target: RangeTarget): void {
    if (target.sheet.deleted) throw notFound("The worksheet of the range was deleted.");
  }

  /** @internal The range while a batch runs (`null` for a null object), for calls that take a range. */
  resolve(batch: Batch): RangeTarget | null {
    return this.targetIn(batch);
  }

  protected scalars(): Readonly<Record<string, (target: RangeTarget) => unknown>> {
    return {
      values: (t) => grid(t, cellValue),
      formulas: (t) => grid(t, (cell) => cell?.formula ?? cellValue(cell)),
      numberFormat: (t) => grid(t, (cell) => cell?.numberFormat ?? "General"),
      address: (t) => formatAddress(t.sheet.name, t.area),
      rowCount: (t) => areaRows(t.area),
      columnCount: (t) => areaColumns(t.area),
      rowIndex: (t) => t.area.top,
      columnIndex: (t) => t.area.left,
      hyperlink: (t) => getCell(t.sheet, t.area.top, t.area.left)?.hyperlink ?? null,
    };
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { format: this.format, worksheet: this.worksheet, dataValidation: this.dataValidation };
  }

  get values(): unknown[][] {
    return this.get("values");
  }

  set values(values: unknown[][]) {
    this.set("values", values, (target) => writeCells(target, values));
  }

  get formulas(): unknown[][] {
    return this.get("formulas");
  }

  set formulas(values: unknown[][]) {
    this.set("formulas", values, (target) => writeCells(target, values));
  }

  get numberFormat(): unknown[][] {
    return this.get("numberFormat");
  }

  set numberFormat(formats: unknown[][]) {
    this.set("numberFormat", formats, (target) => {
      checkEditable(target.sheet);
      const rows = checkDimensions(target.area, formats);
      rows.forEach((row, i) =>
        row.forEach((format, j) => {
          if (typeof format !== "string") throw invalid("A number format must be text.");
          ensureCell(target.sheet, target.area.top + i, target.area.left + j).numberFormat =
            format === "" ? "General" : format;
        }),
      );
    });
  }

  get address(): string {
    return this.get("address");
  }

  get rowCount(): number {
    return this.get("rowCount");
  }

  get columnCount(): number {
    return this.get("columnCount");
  }

  get rowIndex(): number {
    return this.get("rowIndex");
  }

  get columnIndex(): number {
    return this.get("columnIndex");
  }

  get hyperlink(): Excel.RangeHyperlink {
    return this.get("hyperlink");
  }

  set hyperlink(link: Excel.RangeHyperlink) {
    this.set("hyperlink", link, (target) => {
      checkEditable(target.sheet);
      forEachCell(target.area, (r, c) => {
        const cell = ensureCell(target.sheet, r, c);
        const stored: Excel.RangeHyperlink = {};
        if (link.address !== undefined) stored.address = link.address;
        if (link.documentReference !== undefined) stored.documentReference = link.documentReference;
        if (link.screenTip !== undefined) stored.screenTip = link.screenTip;
        if (link.textToDisplay !== undefined) stored.textToDisplay = link.textToDisplay;
        cell.hyperlink = stored;
        if (link.textToDisplay !== undefined) applyStored(cell, { value: link.textToDisplay });
      });
    });
  }

  select(): void {
    this.call("select", [], (target, batch) => {
      if (target.sheet.visibility !== "Visible")
        throw new FakeExcelError("InvalidOperation", "The worksheet is hidden.");
      batch.state.activeSheet = target.sheet;
      target.sheet.selection = target.area;
    });
  }

  clear(
    applyTo?:
      | Excel.ClearApplyTo
      | "All"
      | "Formats"
      | "Contents"
      | "Hyperlinks"
      | "RemoveHyperlinks"
      | "ResetContents",
  ): void {
    const what = String(applyTo ?? "All");
    this.call("clear", [what], (target) => {
      const { sheet, area } = target;
      checkEditable(sheet);
      sheet.rows.forEach((cells, r) => {
        if (r < area.top || r > area.bottom) return;
        cells?.forEach((cell, c) => {
          if (!cell || c < area.left || c > area.right) return;
          if (what === "All") clearCell(sheet, r, c);
          else if (what === "Contents" || what === "ResetContents") applyStored(cell, { value: "" });
          else if (what === "Formats") {
            cell.numberFormat = "General";
            delete cell.style;
          } else delete cell.hyperlink;
        });
      });
    });
  }

  private derived(method: string, args: unknown[], area: (a: Area) => Area): FakeRange {
    return this.context.create(this, method, args, new FakeRange(this.context), (batch) => {
      const target = this.targetIn(batch);
      if (target === null) return this.context.nullCall();
      const next = area(target.area);
      if (
        next.top < 0 ||
        next.left < 0 ||
        next.bottom >= MAX_ROWS ||
        next.right >= MAX_COLUMNS ||
        next.bottom < next.top ||
        next.right < next.left
      ) {
        throw invalid("The range is outside the worksheet.");
      }
      return { sheet: target.sheet, area: next };
    });
  }

  getCell(row: number, column: number): FakeRange {
    return this.derived("getCell", [row, column], (a) => ({
      top: a.top + row,
      left: a.left + column,
      bottom: a.top + row,
      right: a.left + column,
    }));
  }

  getRow(row: number): FakeRange {
    return this.derived("getRow", [row], (a) => ({ ...a, top: a.top + row, bottom: a.top + row }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derived("getResizedRange", [deltaRows, deltaColumns], (a) => ({
      ...a,
      bottom: a.bottom + deltaRows,
      right: a.right + deltaColumns,
    }));
  }

  getColumnsAfter(count?: number): FakeRange {
    const n = count ?? 1;
    if (!Number.isInteger(n) || n < 1)
      throw new FakeExcelError("NotImplemented", "Fake Excel: getColumnsAfter(count < 1).");
    return this.derived("getColumnsAfter", [n], (a) => ({ ...a, left: a.right + 1, right: a.right + n }));
  }

  /** The used cells within this range (a null object when there are none). */
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return this.context.create(
      this,
      "getUsedRangeOrNullObject",
      [valuesOnly ?? false],
      new FakeRange(this.context),
      (batch) => {
        const target = this.targetIn(batch);
        if (target === null) return this.context.nullCall();
        const area = usedArea(target.sheet, valuesOnly === true, target.area);
        return area ? { sheet: target.sheet, area } : null;
      },
    );
  }

  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derived("getOffsetRange", [rowOffset, columnOffset], (a) => ({
      top: a.top + rowOffset,
      left: a.left + columnOffset,
      bottom: a.bottom + rowOffset,
      right: a.right + columnOffset,
    }));
  }
}

export class FakeRangeAreas
  extends FakeObject<AreasTarget>
  implements
    ExcelSubset<Excel.RangeAreas, "address" | "areaCount" | "conditionalFormats" | "load" | "isNullObject">
{
  readonly conditionalFormats: FakeConditionalFormatCollection = new FakeConditionalFormatCollection(
    this.context,
    (batch) => this.targetIn(batch),
  );

  protected scalars(): Readonly<Record<string, (target: AreasTarget) => unknown>> {
    return {
      address: (t) => t.areas.map((a) => formatAddress(t.sheet.name, a)).join(","),
      areaCount: (t) => t.areas.length,
    };
  }

  get address(): string {
    return this.get("address");
  }

  get areaCount(): number {
    return this.get("areaCount");
  }
}

// --- Formats --------------------------------------------------------------------------------------

const STYLE_DEFAULTS: Readonly<Record<string, string | number | boolean>> = {
  "font.bold": false,
  "font.italic": false,
  "font.size": 11,
  "font.color": "#000000",
  "fill.color": "#FFFFFF",
  wrapText: false,
  horizontalAlignment: "General",
  indentLevel: 0,
};

function styleDefault(key: string): string | number | boolean {
  if (key.startsWith("borders."))
    return key.endsWith(".style") ? "None" : key.endsWith(".color") ? "#000000" : "Thin";
  return STYLE_DEFAULTS[key] ?? "";
}

/** The value of a style key over a range: `null` when the cells differ, as Excel reports it. */
function readStyle(target: RangeTarget, key: string): string | number | boolean | null {
  let result: string | number | boolean | undefined;
  let mixed = false;
  forEachCell(target.area, (r, c) => {
    const value = getCell(target.sheet, r, c)?.style?.[key] ?? styleDefault(key);
    if (result === undefined) result = value;
    else if (result !== value) mixed = true;
  });
  return mixed ? null : (result ?? null);
}

function writeStyle(target: RangeTarget, key: string, value: string | number | boolean): void {
  checkEditable(target.sheet);
  forEachCell(target.area, (r, c) => {
    const cell = ensureCell(target.sheet, r, c);
    cell.style = { ...cell.style, [key]: value };
  });
}

function normalizeColor(color: string): string {
  const hex = /^#?([0-9a-fA-F]{6})$/.exec(color.trim());
  if (hex?.[1]) return `#${hex[1].toUpperCase()}`;
  if (/^[A-Za-z]+$/.test(color.trim())) return color.trim();
  throw invalid(`Invalid color ${color}`);
}

abstract class FakeStyleObject extends FakeObject<RangeTarget> {
  protected abstract readonly prefix: string;

  protected styleScalar(name: string): (target: RangeTarget) => unknown {
    return (t) => readStyle(t, this.prefix + name);
  }

  protected setStyle(name: string, value: string | number | boolean): void {
    this.set(name, value, (target) => writeStyle(target, this.prefix + name, value));
  }
}

const ALIGNMENTS = [
  "General",
  "Left",
  "Center",
  "Right",
  "Fill",
  "Justify",
  "CenterAcrossSelection",
  "Distributed",
];

export class FakeRangeFormat
  extends FakeStyleObject
  implements
    ExcelSubset<
      Excel.RangeFormat,
      | "font"
      | "fill"
      | "borders"
      | "columnWidth"
      | "wrapText"
      | "horizontalAlignment"
      | "indentLevel"
      | "load"
    >
{
  protected readonly prefix = "";
  readonly font: FakeRangeFont = new FakeRangeFont(this.context, (batch) => this.targetIn(batch));
  readonly fill: FakeRangeFill = new FakeRangeFill(this.context, (batch) => this.targetIn(batch));
  readonly borders: FakeRangeBorderCollection = new FakeRangeBorderCollection(this.context, (batch) =>
    this.targetIn(batch),
  );

  protected scalars(): Readonly<Record<string, (target: RangeTarget) => unknown>> {
    return {
      columnWidth: (t) => {
        const widths = new Set<number>();
        for (let c = t.area.left; c <= t.area.right && widths.size < 2; c++)
          widths.add(t.sheet.columnWidths.get(c) ?? 48);
        return widths.size === 1 ? [...widths][0] : null;
      },
      wrapText: this.styleScalar("wrapText"),
      horizontalAlignment: this.styleScalar("horizontalAlignment"),
      indentLevel: this.styleScalar("indentLevel"),
    };
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { font: this.font, fill: this.fill };
  }

  get columnWidth(): number {
    return this.get("columnWidth");
  }

  set columnWidth(points: number) {
    this.set("columnWidth", points, (target) => {
      if (!(points >= 0)) throw invalid(`Invalid column width ${points}`);
      for (let c = target.area.left; c <= target.area.right; c++) target.sheet.columnWidths.set(c, points);
    });
  }

  get wrapText(): boolean {
    return this.get("wrapText");
  }

  set wrapText(value: boolean) {
    this.setStyle("wrapText", value);
  }

  get horizontalAlignment():
    | Excel.HorizontalAlignment
    | "General"
    | "Left"
    | "Center"
    | "Right"
    | "Fill"
    | "Justify"
    | "CenterAcrossSelection"
    | "Distributed" {
    return this.get("horizontalAlignment");
  }

  set horizontalAlignment(
    value:
      | Excel.HorizontalAlignment
      | "General"
      | "Left"
      | "Center"
      | "Right"
      | "Fill"
      | "Justify"
      | "CenterAcrossSelection"
      | "Distributed",
  ) {
    const text = String(value);
    if (!ALIGNMENTS.includes(text)) throw invalid(`Invalid alignment ${text}`);
    this.setStyle("horizontalAlignment", text);
  }

  get indentLevel(): number {
    return this.get("indentLevel");
  }

  set indentLevel(value: number) {
    if (!Number.isInteger(value) || value < 0 || value > 250) throw invalid(`Invalid indent ${value}`);
    this.setStyle("indentLevel", value);
  }
}

export class FakeRangeFont
  extends FakeStyleObject
  implements ExcelSubset<Excel.RangeFont, "bold" | "italic" | "size" | "color" | "load">
{
  protected readonly prefix = "font.";

  protected scalars(): Readonly<Record<string, (target: RangeTarget) => unknown>> {
    return {
      bold: this.styleScalar("bold"),
      italic: this.styleScalar("italic"),
      size: this.styleScalar("size"),
      color: this.styleScalar("color"),
    };
  }

  get bold(): boolean {
    return this.get("bold");
  }

  set bold(value: boolean) {
    this.setStyle("bold", value);
  }

  get italic(): boolean {
    return this.get("italic");
  }

  set italic(value: boolean) {
    this.setStyle("italic", value);
  }

  get size(): number {
    return this.get("size");
  }

  set size(value: number) {
    if (!(value > 0 && value <= 409)) throw invalid(`Invalid font size ${value}`);
    this.setStyle("size", value);
  }

  get color(): string {
    return this.get("color");
  }

  set color(value: string) {
    this.setStyle("color", normalizeColor(value));
  }
}

export class FakeRangeFill
  extends FakeStyleObject
  implements ExcelSubset<Excel.RangeFill, "color" | "load" | "clear">
{
  protected readonly prefix = "fill.";

  protected scalars(): Readonly<Record<string, (target: RangeTarget) => unknown>> {
    return { color: this.styleScalar("color") };
  }

  get color(): string {
    return this.get("color");
  }

  set color(value: string) {
    this.setStyle("color", normalizeColor(value));
  }

  clear(): void {
    this.call("clear", [], (target) =>
      forEachCell(target.area, (r, c) => {
        const cell = getCell(target.sheet, r, c);
        if (cell?.style?.["fill.color"] === undefined) return;
        const { ["fill.color"]: _removed, ...rest } = cell.style;
        cell.style = Object.keys(rest).length > 0 ? rest : undefined;
        if (cell.style === undefined) delete cell.style;
      }),
    );
  }
}

const BORDER_INDEXES = [
  "EdgeTop",
  "EdgeBottom",
  "EdgeLeft",
  "EdgeRight",
  "InsideVertical",
  "InsideHorizontal",
  "DiagonalDown",
  "DiagonalUp",
];

export class FakeRangeBorderCollection
  extends FakeObject<RangeTarget>
  implements ExcelSubset<Excel.RangeBorderCollection, "getItem">
{
  protected scalars(): Readonly<Record<string, (target: RangeTarget) => unknown>> {
    return {};
  }

  getItem(
    index:
      | "EdgeTop"
      | "EdgeBottom"
      | "EdgeLeft"
      | "EdgeRight"
      | "InsideVertical"
      | "InsideHorizontal"
      | "DiagonalDown"
      | "DiagonalUp",
  ): FakeRangeBorder {
    const side = String(index);
    if (!BORDER_INDEXES.includes(side)) throw new Error(`Fake Excel: unknown border ${side}`);
    return new FakeRangeBorder(this.context, (batch) => {
      const target = this.targetIn(batch);
      return target === null ? null : { ...target, side };
    });
  }
}

interface BorderTarget extends RangeTarget {
  readonly side: string;
}

/** The cells and edge a border index stands for. */
function borderEdges(target: BorderTarget): { area: Area; edge: string }[] {
  const { area, side } = target;
  switch (side) {
    case "EdgeTop":
      return [{ area: { ...area, bottom: area.top }, edge: "EdgeTop" }];
    case "EdgeBottom":
      return [{ area: { ...area, top: area.bottom }, edge: "EdgeBottom" }];
    case "EdgeLeft":
      return [{ area: { ...area, right: area.left }, edge: "EdgeLeft" }];
    case "EdgeRight":
      return [{ area: { ...area, left: area.right }, edge: "EdgeRight" }];
    case "InsideHorizontal":
      return area.bottom > area.top
        ? [
            { area: { ...area, bottom: area.bottom - 1 }, edge: "EdgeBottom" },
            { area: { ...area, top: area.top + 1 }, edge: "EdgeTop" },
          ]
        : [];
    case "InsideVertical":
      return area.right > area.left
        ? [
            { area: { ...area, right: area.right - 1 }, edge: "EdgeRight" },
            { area: { ...area, left: area.left + 1 }, edge: "EdgeLeft" },
          ]
        : [];
    default:
      return [{ area, edge: side }];
  }
}

export class FakeRangeBorder
  extends FakeObject<BorderTarget>
  implements ExcelSubset<Excel.RangeBorder, "style" | "color" | "weight" | "load">
{
  protected scalars(): Readonly<Record<string, (target: BorderTarget) => unknown>> {
    const read = (property: string) => (t: BorderTarget) => {
      const [first] = borderEdges(t);
      return first
        ? readStyle({ sheet: t.sheet, area: first.area }, `borders.${first.edge}.${property}`)
        : null;
    };
    return { style: read("style"), color: read("color"), weight: read("weight") };
  }

  private setBorder(property: string, value: string): void {
    this.set(property, value, (target) => {
      for (const { area, edge } of borderEdges(target))
        writeStyle({ sheet: target.sheet, area }, `borders.${edge}.${property}`, value);
    });
  }

  get style():
    | Excel.BorderLineStyle
    | "None"
    | "Continuous"
    | "Dash"
    | "DashDot"
    | "DashDotDot"
    | "Dot"
    | "Double"
    | "SlantDashDot" {
    return this.get("style");
  }

  set style(
    value:
      | Excel.BorderLineStyle
      | "None"
      | "Continuous"
      | "Dash"
      | "DashDot"
      | "DashDotDot"
      | "Dot"
      | "Double"
      | "SlantDashDot",
  ) {
    this.setBorder("style", String(value));
  }

  get color(): string {
    return this.get("color");
  }

  set color(value: string) {
    this.setBorder("color", normalizeColor(value));
  }

  get weight(): Excel.BorderWeight | "Hairline" | "Thin" | "Medium" | "Thick" {
    return this.get("weight");
  }

  set weight(value: Excel.BorderWeight | "Hairline" | "Thin" | "Medium" | "Thick") {
    this.setBorder("weight", String(value));
  }
}

// --- Data validation ------------------------------------------------------------------------------

export class FakeDataValidation
  extends FakeObject<RangeTarget>
  implements ExcelSubset<Excel.DataValidation, "rule" | "errorAlert" | "ignoreBlanks" | "clear" | "load">
{
  protected scalars(): Readonly<Record<string, (target: RangeTarget) => unknown>> {
    const exact = (t: RangeTarget) =>
      t.sheet.validations.find(
        (v) =>
          v.area.top === t.area.top &&
          v.area.left === t.area.left &&
          v.area.bottom === t.area.bottom &&
          v.area.right === t.area.right,
      );
    return {
      rule: (t) => exact(t)?.rule ?? null,
      errorAlert: (t) => exact(t)?.errorAlert ?? null,
      ignoreBlanks: (t) => exact(t)?.ignoreBlanks ?? true,
    };
  }

  private entry(target: RangeTarget) {
    const { sheet, area } = target;
    checkEditable(sheet);
    let entry = sheet.validations.find(
      (v) =>
        v.area.top === area.top &&
        v.area.left === area.left &&
        v.area.bottom === area.bottom &&
        v.area.right === area.right,
    );
    if (!entry) {
      if (sheet.validations.some((v) => intersects(v.area, area) && !contains(area, v.area))) {
        throw new FakeExcelError("InvalidOperation", "The range has other data validation; clear it first.");
      }
      for (const v of sheet.validations.filter((v) => contains(area, v.area)))
        sheet.validations.splice(sheet.validations.indexOf(v), 1);
      entry = { area, rule: null };
      sheet.validations.push(entry);
    }
    return entry;
  }

  get rule(): Excel.DataValidationRule {
    return this.get("rule");
  }

  set rule(rule: Excel.DataValidationRule) {
    const copy: unknown = JSON.parse(JSON.stringify(rule));
    this.set("rule", rule, (target) => {
      this.entry(target).rule = copy;
    });
  }

  get errorAlert(): Excel.DataValidationErrorAlert {
    return this.get("errorAlert");
  }

  set errorAlert(alert: Excel.DataValidationErrorAlert) {
    const copy: unknown = JSON.parse(JSON.stringify(alert));
    this.set("errorAlert", alert, (target) => {
      this.entry(target).errorAlert = copy;
    });
  }

  get ignoreBlanks(): boolean {
    return this.get("ignoreBlanks");
  }

  set ignoreBlanks(value: boolean) {
    this.set("ignoreBlanks", value, (target) => {
      this.entry(target).ignoreBlanks = value;
    });
  }

  /** Clears validation from the range's cells; a rule reaching beyond the range keeps the rest. */
  clear(): void {
    this.call("clear", [], ({ sheet, area }) => {
      checkEditable(sheet);
      for (const v of sheet.validations.filter((v) => intersects(area, v.area))) {
        const at = sheet.validations.indexOf(v);
        const rest = subtractArea(v.area, area).map((piece) => ({ ...v, area: piece }));
        sheet.validations.splice(at, 1, ...rest);
      }
    });
  }
}

// --- Conditional formats --------------------------------------------------------------------------

interface FormatTarget {
  readonly sheet: SheetState;
  readonly format: ConditionalFormatState;
}

export class FakeConditionalFormatCollection
  extends FakeCollection<AreasTarget, FakeConditionalFormat, FormatTarget>
  implements ExcelSubset<Excel.ConditionalFormatCollection, "items" | "load" | "add">
{
  protected enumerate(target: AreasTarget): FormatTarget[] {
    return target.sheet.conditionalFormats
      .filter((f) => f.areas.some((a) => target.areas.some((b) => intersects(a, b))))
      .map((format) => ({ sheet: target.sheet, format }));
  }

  protected item(): FakeConditionalFormat {
    return new FakeConditionalFormat(this.context);
  }

  add(
    type:
      | Excel.ConditionalFormatType
      | "Custom"
      | "DataBar"
      | "ColorScale"
      | "IconSet"
      | "TopBottom"
      | "PresetCriteria"
      | "ContainsText"
      | "CellValue",
  ): FakeConditionalFormat {
    const kind = String(type);
    return this.context.create(this, "add", [kind], new FakeConditionalFormat(this.context), (batch) => {
      const target = this.mustTarget(batch);
      checkEditable(target.sheet);
      const format: ConditionalFormatState = {
        id: newId(batch.state, "cf"),
        type: kind,
        areas: target.areas,
      };
      target.sheet.conditionalFormats.unshift(format);
      return { sheet: target.sheet, format };
    });
  }
}

export class FakeConditionalFormat
  extends FakeObject<FormatTarget>
  implements
    ExcelSubset<
      Excel.ConditionalFormat,
      "type" | "custom" | "customOrNullObject" | "delete" | "load" | "isNullObject"
    >
{
  readonly custom: FakeCustomConditionalFormat = new FakeCustomConditionalFormat(this.context, (batch) => {
    const target = this.targetIn(batch);
    if (target !== null && target.format.type !== "Custom")
      throw new FakeExcelError("InvalidOperation", "Not a custom conditional format.");
    return target;
  });
  readonly customOrNullObject: FakeCustomConditionalFormat = new FakeCustomConditionalFormat(
    this.context,
    (batch) => {
      const target = this.targetIn(batch);
      return target !== null && target.format.type === "Custom" ? target : null;
    },
  );

  protected override checkAlive(target: FormatTarget): void {
    if (!target.sheet.conditionalFormats.includes(target.format))
      throw notFound("The conditional format was deleted.");
  }

  protected scalars(): Readonly<Record<string, (target: FormatTarget) => unknown>> {
    return {
      type: (t) => t.format.type,
      id: (t) => t.format.id,
      priority: (t) => t.sheet.conditionalFormats.indexOf(t.format),
    };
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { custom: this.custom, customOrNullObject: this.customOrNullObject };
  }

  get type():
    | Excel.ConditionalFormatType
    | "Custom"
    | "DataBar"
    | "ColorScale"
    | "IconSet"
    | "TopBottom"
    | "PresetCriteria"
    | "ContainsText"
    | "CellValue" {
    return this.get("type");
  }

  delete(): void {
    this.call("delete", [], ({ sheet, format }) => {
      sheet.conditionalFormats.splice(sheet.conditionalFormats.indexOf(format), 1);
    });
  }
}

export class FakeCustomConditionalFormat
  extends FakeObject<FormatTarget>
  implements ExcelSubset<Excel.CustomConditionalFormat, "rule" | "format" | "load">
{
  readonly rule: FakeConditionalFormatRule = new FakeConditionalFormatRule(this.context, (batch) =>
    this.targetIn(batch),
  );
  readonly format: FakeConditionalRangeFormat = new FakeConditionalRangeFormat(this.context, (batch) =>
    this.targetIn(batch),
  );

  protected scalars(): Readonly<Record<string, (target: FormatTarget) => unknown>> {
    return {};
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { rule: this.rule, format: this.format };
  }
}

export class FakeConditionalFormatRule
  extends FakeObject<FormatTarget>
  implements ExcelSubset<Excel.ConditionalFormatRule, "formula" | "load">
{
  protected scalars(): Readonly<Record<string, (target: FormatTarget) => unknown>> {
    return { formula: (t) => t.format.formula ?? "" };
  }

  get formula(): string {
    return this.get("formula");
  }

  set formula(value: string) {
    this.set("formula", value, ({ format }) => {
      format.formula = value;
    });
  }
}

export class FakeConditionalRangeFormat
  extends FakeObject<FormatTarget>
  implements ExcelSubset<Excel.ConditionalRangeFormat, "fill" | "font" | "load">
{
  readonly fill: FakeConditionalRangeFill = new FakeConditionalRangeFill(this.context, (batch) =>
    this.targetIn(batch),
  );
  readonly font: FakeConditionalRangeFont = new FakeConditionalRangeFont(this.context, (batch) =>
    this.targetIn(batch),
  );

  protected scalars(): Readonly<Record<string, (target: FormatTarget) => unknown>> {
    return {};
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { fill: this.fill, font: this.font };
  }
}

export class FakeConditionalRangeFill
  extends FakeObject<FormatTarget>
  implements ExcelSubset<Excel.ConditionalRangeFill, "color" | "load">
{
  protected scalars(): Readonly<Record<string, (target: FormatTarget) => unknown>> {
    return { color: (t) => t.format.fillColor ?? null };
  }

  get color(): string {
    return this.get("color");
  }

  set color(value: string) {
    const color = normalizeColor(value);
    this.set("color", color, ({ format }) => {
      format.fillColor = color;
    });
  }
}

export class FakeConditionalRangeFont
  extends FakeObject<FormatTarget>
  implements ExcelSubset<Excel.ConditionalRangeFont, "color" | "load">
{
  protected scalars(): Readonly<Record<string, (target: FormatTarget) => unknown>> {
    return { color: (t) => t.format.fontColor ?? null };
  }

  get color(): string {
    return this.get("color");
  }

  set color(value: string) {
    const color = normalizeColor(value);
    this.set("color", color, ({ format }) => {
      format.fontColor = color;
    });
  }
}

// --- Charts ---------------------------------------------------------------------------------------

interface ChartTarget {
  readonly sheet: SheetState;
  readonly chart: ChartState;
}

interface SeriesTarget extends ChartTarget {
  readonly index: number;
}

type ChartTypeName = Parameters<Excel.ChartCollection["add"]>[0];
type SeriesByName = Excel.ChartSeriesBy | "Auto" | "Columns" | "Rows";

/** A cell holding text (not a number, not empty): a header as Excel's chart wizard sees it. */
function isLabel(cell: CellState | undefined): boolean {
  return (
    cell !== undefined && cell.formula === undefined && typeof cell.value === "string" && cell.value !== ""
  );
}

function isEmpty(cell: CellState | undefined): boolean {
  return cell === undefined || (cell.value === "" && cell.formula === undefined);
}

/**
 * How Excel reads a chart's source block: the first row holds series names when its cells after
 * the first are text (or the top-left cell is empty), the first column category labels when its
 * cells below the first are text (or the top-left cell is empty). An approximation of Excel's
 * rules, enough for data blocks with a text header row and text labels.
 */
function chartHeaders(sheet: SheetState, area: Area): { headerRow: boolean; labelColumn: boolean } {
  const corner = getCell(sheet, area.top, area.left);
  const cornerEmpty = isEmpty(corner);
  const rowCells: (CellState | undefined)[] = [];
  for (let c = area.left + 1; c <= area.right; c++) rowCells.push(getCell(sheet, area.top, c));
  const columnCells: (CellState | undefined)[] = [];
  for (let r = area.top + 1; r <= area.bottom; r++) columnCells.push(getCell(sheet, r, area.left));
  const allLabels = (cells: (CellState | undefined)[]) =>
    cells.some(isLabel) && cells.every((c) => isEmpty(c) || isLabel(c));
  const tall = area.bottom > area.top;
  const wide = area.right > area.left;
  return {
    headerRow: tall && (wide ? cornerEmpty || allLabels(rowCells) : isLabel(corner)),
    labelColumn: wide && (cornerEmpty || allLabels(columnCells)),
  };
}

/** Loads a collection's `count` (a scalar beside its items). */
function loadCount<T>(collection: FakeObject<T> & { countOf(target: T): number }, batch: Batch): void {
  collection.loadScalar(batch, "count", (target) => collection.countOf(target));
}

const DEFAULT_CHART_COLUMNS = 8;
const DEFAULT_CHART_ROWS = 15;

export class FakeChartCollection
  extends FakeCollection<SheetState, FakeChart, ChartTarget>
  implements
    ExcelSubset<Excel.ChartCollection, "items" | "count" | "load" | "add" | "getItem" | "getItemOrNullObject">
{
  protected override checkAlive(sheet: SheetState): void {
    if (sheet.deleted) throw notFound(`The worksheet "${sheet.name}" was deleted.`);
  }

  protected enumerate(sheet: SheetState): ChartTarget[] {
    return sheet.charts.map((chart) => ({ sheet, chart }));
  }

  protected item(): FakeChart {
    return new FakeChart(this.context);
  }

  /** @internal */
  countOf(sheet: SheetState): number {
    return sheet.charts.length;
  }

  /** `count` is a scalar of the collection; anything else loads the items. */
  override snapshot(batch: Batch, paths: readonly string[]): void {
    const rest = paths.filter((p) => p !== "count");
    if (paths.includes("count")) loadCount(this, batch);
    if (rest.length > 0 || paths.length === 0) super.snapshot(batch, rest);
  }

  get count(): number {
    return this.get("count");
  }

  /** Adds a chart over a block of the same sheet (the fake's subset: not over another sheet). */
  add(type: ChartTypeName, sourceData: Excel.Range, seriesBy?: SeriesByName): FakeChart {
    if (!(sourceData instanceof FakeRange))
      throw new Error("Fake Excel: charts.add takes a range of the fake.");
    const kind = String(type);
    const by = String(seriesBy ?? "Auto");
    return this.context.create(
      this,
      "add",
      [kind, { range: sourceData.proxyId }, by],
      new FakeChart(this.context),
      (batch) => {
        const sheet = this.mustTarget(batch);
        checkEditable(sheet);
        const source = sourceData.resolve(batch);
        if (source === null) throw notFound("The source range is a null object.");
        if (source.sheet !== sheet)
          throw new FakeExcelError("NotImplemented", "Fake Excel: charts over another sheet's cells.");
        if (kind === "Invalid") throw invalid("Invalid chart type.");
        if (!["Auto", "Columns", "Rows"].includes(by)) throw invalid(`Invalid seriesBy ${by}`);
        const { area } = source;
        const seriesByColumns = by === "Columns" || (by === "Auto" && areaRows(area) >= areaColumns(area));
        const { headerRow, labelColumn } = chartHeaders(sheet, area);
        const count = seriesByColumns
          ? areaColumns(area) - (labelColumn ? 1 : 0)
          : areaRows(area) - (headerRow ? 1 : 0);
        let n = 1;
        const names = new Set(batch.state.sheets.flatMap((s) => s.charts.map((c) => c.name.toLowerCase())));
        while (names.has(`chart ${n}`)) n += 1;
        const chart: ChartState = {
          id: newId(batch.state, "chart"),
          name: `Chart ${n}`,
          type: kind,
          source: area,
          seriesBy: seriesByColumns ? "Columns" : "Rows",
          headerRow,
          labelColumn,
          series: Array.from({ length: Math.max(count, 0) }, () => ({})),
          title: "",
          categoryAxis: { reversed: false, position: "Automatic" },
        };
        sheet.charts.push(chart);
        return { sheet, chart };
      },
    );
  }

  private find(sheet: SheetState, name: string): ChartTarget | null {
    const lower = name.toLowerCase();
    const chart = sheet.charts.find((c) => c.name.toLowerCase() === lower || c.id === name);
    return chart ? { sheet, chart } : null;
  }

  getItem(name: string): FakeChart {
    return this.context.create(this, "getItem", [name], new FakeChart(this.context), (batch) => {
      const sheet = this.targetIn(batch);
      if (sheet === null) return this.context.nullCall();
      const found = this.find(sheet, name);
      if (!found) throw notFound(`The chart "${name}" doesn't exist.`);
      return found;
    });
  }

  getItemOrNullObject(name: string): FakeChart {
    return this.context.create(this, "getItemOrNullObject", [name], new FakeChart(this.context), (batch) => {
      const sheet = this.targetIn(batch);
      return sheet === null ? this.context.nullCall() : this.find(sheet, name);
    });
  }
}

/** A cell address of the chart's sheet (`B3`, or `'Blad 1'!B3` naming that sheet). */
function chartCell(sheet: SheetState, address: string): Area {
  const reference = parseReference(address);
  if (reference.sheet !== undefined && reference.sheet.toLowerCase() !== sheet.name.toLowerCase())
    throw invalid(`The address ${address} is not on the chart's worksheet.`);
  const [area] = reference.areas;
  if (!area || reference.areas.length > 1) throw invalid(`Invalid address ${address}`);
  return area;
}

export class FakeChart
  extends FakeObject<ChartTarget>
  implements
    ExcelSubset<
      Excel.Chart,
      | "name"
      | "id"
      | "chartType"
      | "title"
      | "series"
      | "axes"
      | "worksheet"
      | "setPosition"
      | "load"
      | "isNullObject"
    >
{
  readonly title: FakeChartTitle = new FakeChartTitle(this.context, (batch) => this.targetIn(batch));
  readonly axes: FakeChartAxes = new FakeChartAxes(this.context, (batch) => this.targetIn(batch));
  readonly series: FakeChartSeriesCollection = new FakeChartSeriesCollection(this.context, (batch) =>
    this.targetIn(batch),
  );
  readonly worksheet: FakeWorksheet = new FakeWorksheet(
    this.context,
    (batch) => this.targetIn(batch)?.sheet ?? null,
  );

  protected override checkAlive(target: ChartTarget): void {
    if (target.sheet.deleted || target.chart.deleted) throw notFound("The chart was deleted.");
  }

  protected scalars(): Readonly<Record<string, (target: ChartTarget) => unknown>> {
    return { name: (t) => t.chart.name, id: (t) => t.chart.id, chartType: (t) => t.chart.type };
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { title: this.title, series: this.series, axes: this.axes, worksheet: this.worksheet };
  }

  get name(): string {
    return this.get("name");
  }

  set name(value: string) {
    this.set("name", value, ({ sheet, chart }) => {
      checkEditable(sheet);
      if (value.trim() === "" || value.length > 255) throw invalid(`The chart name "${value}" is invalid.`);
      chart.name = value;
    });
  }

  get id(): string {
    return this.get("id");
  }

  get chartType(): Excel.Chart["chartType"] {
    return this.get("chartType");
  }

  setPosition(startCell: Excel.Range | string, endCell?: Excel.Range | string): void {
    if (typeof startCell !== "string" || (endCell !== undefined && typeof endCell !== "string"))
      throw new Error("Fake Excel: setPosition takes address strings.");
    this.call("setPosition", [startCell, endCell ?? null], ({ sheet, chart }) => {
      checkEditable(sheet);
      const start = chartCell(sheet, startCell);
      const end =
        endCell === undefined
          ? {
              top: start.top + DEFAULT_CHART_ROWS - 1,
              left: start.left + DEFAULT_CHART_COLUMNS - 1,
              bottom: start.top + DEFAULT_CHART_ROWS - 1,
              right: start.left + DEFAULT_CHART_COLUMNS - 1,
            }
          : chartCell(sheet, endCell);
      if (end.bottom < start.top || end.right < start.left)
        throw invalid("The end cell is above or left of the start cell.");
      chart.position = { start, end };
    });
  }
}

export class FakeChartAxes
  extends FakeObject<ChartTarget>
  implements ExcelSubset<Excel.ChartAxes, "categoryAxis" | "load">
{
  readonly categoryAxis: FakeChartAxis = new FakeChartAxis(this.context, (batch) => this.targetIn(batch));

  protected scalars(): Readonly<Record<string, (target: ChartTarget) => unknown>> {
    return {};
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { categoryAxis: this.categoryAxis };
  }
}

const AXIS_POSITIONS = ["Automatic", "Maximum", "Minimum", "Custom"];

/** The category axis: its order (ExcelApi 1.7) and where the value axis crosses it (1.8). */
export class FakeChartAxis
  extends FakeObject<ChartTarget>
  implements ExcelSubset<Excel.ChartAxis, "reversePlotOrder" | "position" | "load">
{
  protected scalars(): Readonly<Record<string, (target: ChartTarget) => unknown>> {
    return {
      reversePlotOrder: (t) => t.chart.categoryAxis.reversed,
      position: (t) => t.chart.categoryAxis.position,
    };
  }

  get reversePlotOrder(): boolean {
    return this.get("reversePlotOrder");
  }

  set reversePlotOrder(value: boolean) {
    this.set("reversePlotOrder", value, ({ sheet, chart }) => {
      checkEditable(sheet);
      chart.categoryAxis.reversed = value;
    });
  }

  get position(): Excel.ChartAxisPosition | "Automatic" | "Maximum" | "Minimum" | "Custom" {
    return this.get("position");
  }

  set position(value: Excel.ChartAxisPosition | "Automatic" | "Maximum" | "Minimum" | "Custom") {
    const position = String(value);
    if (!AXIS_POSITIONS.includes(position)) throw invalid(`Invalid axis position ${position}`);
    this.set("position", position, ({ sheet, chart }) => {
      checkEditable(sheet);
      chart.categoryAxis.position = position;
    });
  }
}

export class FakeChartTitle
  extends FakeObject<ChartTarget>
  implements ExcelSubset<Excel.ChartTitle, "text" | "load">
{
  protected scalars(): Readonly<Record<string, (target: ChartTarget) => unknown>> {
    return { text: (t) => t.chart.title };
  }

  get text(): string {
    return this.get("text");
  }

  set text(value: string) {
    this.set("text", value, ({ sheet, chart }) => {
      checkEditable(sheet);
      chart.title = value;
    });
  }
}

export class FakeChartSeriesCollection
  extends FakeCollection<ChartTarget, FakeChartSeries, SeriesTarget>
  implements ExcelSubset<Excel.ChartSeriesCollection, "items" | "count" | "getItemAt" | "load">
{
  protected enumerate(target: ChartTarget): SeriesTarget[] {
    return target.chart.series.map((_s, index) => ({ ...target, index }));
  }

  protected item(): FakeChartSeries {
    return new FakeChartSeries(this.context);
  }

  /** @internal */
  countOf(target: ChartTarget): number {
    return target.chart.series.length;
  }

  /** `count` is a scalar of the collection; anything else loads the items. */
  override snapshot(batch: Batch, paths: readonly string[]): void {
    const rest = paths.filter((p) => p !== "count");
    if (paths.includes("count")) loadCount(this, batch);
    if (rest.length > 0 || paths.length === 0) super.snapshot(batch, rest);
  }

  get count(): number {
    return this.get("count");
  }

  getItemAt(index: number): FakeChartSeries {
    return this.context.create(this, "getItemAt", [index], new FakeChartSeries(this.context), (batch) => {
      const target = this.targetIn(batch);
      if (target === null) return this.context.nullCall();
      if (!Number.isInteger(index) || index < 0 || index >= target.chart.series.length)
        throw notFound(`The chart has no series ${index}.`);
      return { ...target, index };
    });
  }
}

/** A series' name as Excel shows it: its header cell's text, or `Series N`. */
function seriesName(target: SeriesTarget): string {
  const { sheet, chart, index } = target;
  const { source } = chart;
  const cell =
    chart.seriesBy === "Columns"
      ? chart.headerRow
        ? getCell(sheet, source.top, source.left + index + (chart.labelColumn ? 1 : 0))
        : undefined
      : chart.labelColumn
        ? getCell(sheet, source.top + index + (chart.headerRow ? 1 : 0), source.left)
        : undefined;
  return cell && cell.value !== "" ? String(cell.value) : `Series${index + 1}`;
}

export class FakeChartSeries
  extends FakeObject<SeriesTarget>
  implements ExcelSubset<Excel.ChartSeries, "name" | "format" | "load">
{
  readonly format: FakeChartSeriesFormat = new FakeChartSeriesFormat(this.context, (batch) =>
    this.targetIn(batch),
  );

  protected override checkAlive(target: SeriesTarget): void {
    if (target.sheet.deleted || target.chart.deleted) throw notFound("The chart was deleted.");
  }

  protected scalars(): Readonly<Record<string, (target: SeriesTarget) => unknown>> {
    return { name: seriesName };
  }

  protected override navigations(): Readonly<Record<string, Loadable>> {
    return { format: this.format };
  }

  get name(): string {
    return this.get("name");
  }
}

export class FakeChartSeriesFormat
  extends FakeObject<SeriesTarget>
  implements ExcelSubset<Excel.ChartSeriesFormat, "fill" | "load">
{
  readonly fill: FakeChartFill = new FakeChartFill(this.context, (batch) => this.targetIn(batch));

  protected scalars(): Readonly<Record<string, (target: SeriesTarget) => unknown>> {
    return {};
  }
}

export class FakeChartFill
  extends FakeObject<SeriesTarget>
  implements ExcelSubset<Excel.ChartFill, "setSolidColor" | "clear">
{
  protected scalars(): Readonly<Record<string, (target: SeriesTarget) => unknown>> {
    return {};
  }

  setSolidColor(color: string): void {
    this.call("setSolidColor", [color], ({ sheet, chart, index }) => {
      checkEditable(sheet);
      const series = chart.series[index];
      if (series) series.fill = normalizeColor(color);
    });
  }

  clear(): void {
    this.call("clear", [], ({ chart, index }) => {
      const series = chart.series[index];
      if (series) delete series.fill;
    });
  }
}
