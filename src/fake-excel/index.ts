/// <reference types="office-js" />
/**
 * A fake Excel workbook for tests and the browser preview: the subset of the Excel JavaScript API
 * the add-in uses (see ./proxies.ts), with Excel's queue-and-sync behaviour, request size limits,
 * injected failures, and helpers to build a workbook from {@link WorkbookContent} and to export
 * or inspect its state. No Node-only APIs.
 *
 * What it emulates: load-before-read and sync-before-read (`PropertyNotLoaded`), `*OrNullObject`
 * and `isNullObject`, commands applied in order at sync (a failing command leaves the earlier ones
 * applied, as Excel's batches are not atomic), Excel's reading of written text (a string starting
 * with `=`, `+`, `-` or `@` becomes a formula and numeric or date text becomes a number unless the
 * cell's format is `@`), sheet and table name rules, very hidden sheets (which cannot be deleted),
 * the last visible sheet, table overlap, sheet protection, charts over a block of their own sheet
 * (type, name, title, position, series fills; series names and values stay in the cells, read the
 * way Excel's chart wizard reads a block with a text header row and text labels), and Excel on
 * the web's 5 MB limits per request and per response.
 *
 * A method called on a null object gives another null object by default; `nullObjectCalls:
 * "throw"` makes it fail the sync instead (Excel's documentation does not say which it does, so
 * the adapter is tested both ways).
 *
 * What it does not: calculate formulas (a formula cell's value is empty), adjust references when
 * sheets are renamed or cells move, events, undo, merged cells, chart formatting beyond series
 * fills, charts over other sheets' cells, names, custom properties, locale-dependent parsing (it
 * reads typed text the en-US way).
 */
import type { WorkbookContent } from "../core/content";
import { tableLayout } from "../core/layout";
import { isCellError, type CellValue, type NeutralWorkbook, type SheetTable } from "../core/sheet";
import { FakeRequestContext, type InjectedFailure, type SyncHost } from "./proxies";
import {
  ensureCell,
  FakeExcelError,
  formatArea,
  getCell,
  newId,
  newSheet,
  parseArea,
  usedArea,
  type Area,
  type CellState,
  type SheetState,
  type WorkbookState,
  newWorkbook,
} from "./state";

export { FakeExcelError } from "./state";
export type { Area, CellState, ProtectionState, SheetState, TableState, WorkbookState } from "./state";
export { jsonBytes, utf8Length, type ExcelSubset } from "./types";

/** Excel on the web's limit per request and per response. */
export const EXCEL_WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;

export interface FakeExcelOptions {
  /** Requests larger than this fail with `RequestPayloadSizeLimitExceeded` (default 5 MB). */
  readonly requestLimitBytes?: number;
  /**
   * Responses larger than this fail with `ResponsePayloadSizeLimitExceeded` (default 5 MB, as
   * Excel on the web; `null` for none, as Excel on Windows and Mac).
   */
  readonly responseLimitBytes?: number | null;
  /**
   * What a method called on a null object gives: another null object (default), or a failed sync
   * (`ItemNotFound`). Excel's documentation does not say; the adapter works either way.
   */
  readonly nullObjectCalls?: "propagate" | "throw";
}

/** One `context.sync()`: its size and outcome. */
export interface SyncRecord {
  readonly commands: number;
  /** JSON of every queued command, in UTF-8 bytes. */
  readonly requestBytes: number;
  /** JSON of every loaded value, in UTF-8 bytes. */
  readonly responseBytes: number;
  /** The error code when the sync failed. */
  readonly error?: string;
}

/** A cell as tests see it. */
export interface CellView {
  readonly value: string | number | boolean;
  readonly formula?: string;
  readonly error?: string;
  readonly numberFormat: string;
  readonly style?: Readonly<Record<string, string | number | boolean>>;
  readonly hyperlink?: Readonly<Record<string, string>>;
}

export type FakeBatch<T> = (context: Excel.RequestContext) => Promise<T>;

export class FakeExcel implements SyncHost {
  readonly state: WorkbookState;
  readonly requestLimitBytes: number;
  readonly responseLimitBytes: number | undefined;
  readonly nullObjectCalls: "propagate" | "throw";
  private records: SyncRecord[] = [];
  private pendingRecord: { commands: number; requestBytes: number } | undefined;
  private readonly failures = new Map<number, InjectedFailure>();
  private readonly calls = new Map<string, number>();

  constructor(
    private readonly options: FakeExcelOptions = {},
    state: WorkbookState = newWorkbook(),
  ) {
    this.state = state;
    this.requestLimitBytes = options.requestLimitBytes ?? EXCEL_WEB_PAYLOAD_LIMIT;
    this.nullObjectCalls = options.nullObjectCalls ?? "propagate";
    this.responseLimitBytes =
      options.responseLimitBytes === null
        ? undefined
        : (options.responseLimitBytes ?? EXCEL_WEB_PAYLOAD_LIMIT);
  }

  /** An independent copy of this workbook (same state, fresh statistics). */
  clone(): FakeExcel {
    return new FakeExcel(this.options, structuredClone(this.state));
  }

  /**
   * A workbook holding the content's tables where core's `tableLayout` puts them, as if read
   * from a file: values stored as given (strings stay strings, formatted `@`). Without tables it
   * has one empty sheet, `Blad1`, as a new workbook in Swedish Excel.
   */
  static fromContent(content?: WorkbookContent, options: FakeExcelOptions = {}): FakeExcel {
    const fake = new FakeExcel(options);
    const state = fake.state;
    const sheets = new Map<string, SheetState>();
    const sheetFor = (name: string): SheetState => {
      let sheet = sheets.get(name);
      if (!sheet) {
        sheet = newSheet(state, name);
        sheets.set(name, sheet);
        state.sheets.push(sheet);
      }
      return sheet;
    };
    for (const placed of tableLayout(content ?? { tables: [] })) {
      const sheet = sheetFor(placed.sheet);
      const { table } = placed;
      const top = placed.headerRow - 1;
      const left = placed.firstColumn - 1;
      table.headers.forEach((header, j) => {
        const cell = ensureCell(sheet, top, left + j);
        cell.value = header;
        cell.numberFormat = "@";
      });
      table.rows.forEach((row, i) =>
        table.headers.forEach((_h, j) => storeRaw(ensureCell(sheet, top + 1 + i, left + j), row[j] ?? null)),
      );
      const area: Area = {
        top,
        left,
        bottom: top + Math.max(table.rows.length, 1),
        right: left + Math.max(table.headers.length, 1) - 1,
      };
      state.tables.push({
        id: newId(state, "table"),
        name: table.table,
        sheet,
        area,
        showHeaders: true,
        showTotals: false,
        style: "TableStyleMedium2",
      });
    }
    if (state.sheets.length === 0) state.sheets.push(newSheet(state, "Blad1"));
    state.activeSheet = state.sheets[0];
    return fake;
  }

  /** Runs a batch like `Excel.run`: a new request context, and a final sync of anything left queued. */
  async run<T>(batch: FakeBatch<T>): Promise<T> {
    const context = new FakeRequestContext(this);
    // The single cast: the fake implements the subset of Excel.RequestContext the add-in uses.
    const result = await batch(context as unknown as Excel.RequestContext);
    if (context.pendingCommands > 0) await context.sync();
    return result;
  }

  /** `run` as a function value, for the adapter's constructor. */
  readonly runner = <T>(batch: FakeBatch<T>): Promise<T> => this.run(batch);

  /**
   * Makes the `n`-th sync from now (1 = the next one) fail with `code`, after applying the first
   * `afterCommands` commands of its batch (default 0: none).
   */
  failOnSync(n: number, options: { afterCommands?: number; code?: string } = {}): void {
    this.failures.set(this.records.length + n, {
      afterCommands: options.afterCommands ?? 0,
      code: options.code ?? "GeneralException",
    });
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** @internal */
  beginSync(commands: number, requestBytes: number): InjectedFailure | undefined {
    this.pendingRecord = { commands, requestBytes };
    const failure = this.failures.get(this.records.length + 1);
    if (failure) this.failures.delete(this.records.length + 1);
    return failure;
  }

  /** @internal */
  endSync(responseBytes: number, error?: unknown): void {
    const record = this.pendingRecord ?? { commands: 0, requestBytes: 0 };
    this.pendingRecord = undefined;
    const code = error instanceof FakeExcelError ? error.code : error === undefined ? undefined : "Error";
    this.records.push({ ...record, responseBytes, ...(code ? { error: code } : {}) });
  }

  /** @internal */
  count(call: string): void {
    this.calls.set(call, (this.calls.get(call) ?? 0) + 1);
  }

  /** Every sync since the last reset. */
  get syncs(): readonly SyncRecord[] {
    return this.records;
  }

  get syncCount(): number {
    return this.records.length;
  }

  get maxRequestBytes(): number {
    return Math.max(0, ...this.records.map((r) => r.requestBytes));
  }

  get maxResponseBytes(): number {
    return Math.max(0, ...this.records.map((r) => r.responseBytes));
  }

  /** How often a call such as `suspendApiCalculationUntilNextSync` ran. */
  callCount(call: string): number {
    return this.calls.get(call) ?? 0;
  }

  resetStats(): void {
    this.records = [];
    this.calls.clear();
    this.failures.clear();
  }

  // --- Inspection ---------------------------------------------------------------------------------

  /** Sheet names in tab order. */
  sheetNames(): string[] {
    return this.state.sheets.map((s) => s.name);
  }

  sheet(name: string): SheetState | undefined {
    const lower = name.toLowerCase();
    return this.state.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  /** A cell (`D14`) of a sheet, or undefined when it was never written. */
  cell(sheet: string, address: string): CellView | undefined {
    const s = this.sheet(sheet);
    if (!s) throw new Error(`Fake Excel: no sheet ${sheet}`);
    const area = parseArea(address);
    const cell = getCell(s, area.top, area.left);
    return cell ? viewOf(cell) : undefined;
  }

  /**
   * The workbook in neutral form, as a reader of the file would see it: every table, and every
   * sheet without a table from A1. Formula cells read as empty (the fake does not calculate).
   */
  toNeutral(): NeutralWorkbook {
    const tables: SheetTable[] = this.state.tables.map((t) => {
      const header = t.showHeaders ? t.area.top : t.area.top - 1;
      const body: Area = { ...t.area, top: header + 1, bottom: t.area.bottom - (t.showTotals ? 1 : 0) };
      const block = readBlock(t.sheet, body);
      return {
        name: t.name,
        sheet: t.sheet.name,
        headerRow: header + 1,
        firstColumn: t.area.left + 1,
        headers: t.showHeaders ? (readBlock(t.sheet, { ...t.area, bottom: t.area.top }).rows[0] ?? []) : [],
        rows: block.rows,
        numberFormats: block.numberFormats,
      };
    });
    const plainSheets: SheetTable[] = this.state.sheets
      .filter((s) => !this.state.tables.some((t) => t.sheet === s))
      .map((s) => {
        const used = usedArea(s, true);
        const block = used
          ? readBlock(s, { top: 0, left: 0, bottom: used.bottom, right: used.right })
          : { rows: [], numberFormats: [] };
        return {
          name: s.name,
          sheet: s.name,
          headerRow: 1,
          firstColumn: 1,
          headers: block.rows[0] ?? [],
          rows: block.rows.slice(1),
          numberFormats: block.numberFormats.slice(1),
          fromSheet: true,
        };
      });
    return { sheetNames: this.sheetNames(), tables, plainSheets };
  }

  /**
   * The whole state as plain data without internal ids, for comparing a workbook before and after
   * an operation.
   */
  snapshot(): unknown {
    const state = this.state;
    return {
      active: state.activeSheet?.name ?? null,
      sheets: state.sheets.map((s) => ({
        name: s.name,
        visibility: s.visibility,
        frozenRows: s.frozenRows,
        frozenColumns: s.frozenColumns,
        columnWidths: [...s.columnWidths.entries()].sort((a, b) => a[0] - b[0]),
        selection: s.selection ? formatArea(s.selection) : null,
        protection: s.protection ?? null,
        cells: cellsOf(s),
        validations: s.validations.map((v) => ({ ...v, area: formatArea(v.area) })),
        conditionalFormats: s.conditionalFormats.map((f) => ({
          type: f.type,
          areas: f.areas.map(formatArea),
          formula: f.formula ?? null,
          fillColor: f.fillColor ?? null,
          fontColor: f.fontColor ?? null,
        })),
        charts: s.charts.map((c) => ({
          name: c.name,
          type: c.type,
          source: formatArea(c.source),
          seriesBy: c.seriesBy,
          title: c.title,
          position: c.position ? `${formatArea(c.position.start)}:${formatArea(c.position.end)}` : null,
          fills: c.series.map((x) => x.fill ?? null),
        })),
      })),
      tables: state.tables.map((t) => ({
        name: t.name,
        sheet: t.sheet.name,
        area: formatArea(t.area),
        showHeaders: t.showHeaders,
        showTotals: t.showTotals,
        style: t.style,
      })),
    };
  }
}

function storeRaw(cell: CellState, value: CellValue): void {
  if (value === null) return;
  if (isCellError(value)) {
    cell.value = value.error;
    cell.error = value.error;
    return;
  }
  cell.value = value;
  if (typeof value === "string") cell.numberFormat = "@";
}

function viewOf(cell: CellState): CellView {
  return {
    value: cell.value,
    numberFormat: cell.numberFormat,
    ...(cell.formula !== undefined ? { formula: cell.formula } : {}),
    ...(cell.error !== undefined ? { error: cell.error } : {}),
    ...(cell.style !== undefined ? { style: cell.style } : {}),
    ...(cell.hyperlink !== undefined ? { hyperlink: { ...cell.hyperlink } } : {}),
  };
}

function cellsOf(sheet: SheetState): [string, CellView][] {
  const result: [string, CellView][] = [];
  sheet.rows.forEach((cells, r) =>
    cells?.forEach((cell, c) => {
      if (cell) result.push([formatArea({ top: r, left: c, bottom: r, right: c }), viewOf(cell)]);
    }),
  );
  return result;
}

function neutralValue(cell: CellState | undefined): CellValue {
  if (!cell || cell.formula !== undefined || cell.value === "") return null;
  if (cell.error !== undefined) return { error: cell.error };
  return cell.value;
}

function readBlock(
  sheet: SheetState,
  area: Area,
): { rows: CellValue[][]; numberFormats: (string | null)[][] } {
  const rows: CellValue[][] = [];
  const numberFormats: (string | null)[][] = [];
  for (let r = area.top; r <= area.bottom; r++) {
    const row: CellValue[] = [];
    const formats: (string | null)[] = [];
    for (let c = area.left; c <= area.right; c++) {
      const cell = getCell(sheet, r, c);
      row.push(neutralValue(cell));
      formats.push(cell && cell.numberFormat !== "General" ? cell.numberFormat : null);
    }
    rows.push(row);
    numberFormats.push(formats);
  }
  return { rows, numberFormats };
}
