/**
 * The browser version's state: which workbook is open (the fake Excel workbook), the port the
 * task pane talks to, and what the sheet viewer shows. React reads it with useSyncExternalStore.
 *
 * Every workbook gets a new generation: the pane is mounted anew for it (its results belonged to
 * the previous workbook) with a port bound to that workbook only. The heavy parts (the fake, the
 * adapter, the example data; ExcelJS for files) are loaded with dynamic imports, so the pane
 * renders before they arrive; its port waits for them. The follow-up example (Resursenheten VB
 * 2021) is a chunk of its own, loaded only when it is opened.
 */
import type { WorkbookContent } from "../core/content";
import type { Finding } from "../core/findings";
import type { Progress, WorkbookPort } from "../core/port";
import type { SheetLayout } from "../core/summary/types";
import type { Area } from "../fake-excel/state";
import { PREVIEW_STRINGS as S } from "./strings";
import type { FakeExcel, Grid } from "./workbook";

type WorkbookModule = typeof import("./workbook");

/** `example`: Hägersten-Älvsjö VP 2025; `followup`: Resursenheten VB 2021; `empty`: a new workbook. */
export type Source =
  { readonly kind: "example" } | { readonly kind: "followup" } | { readonly kind: "empty" };

/** The file name a workbook started from a source gets (what a download is called). */
function sourceFileName(source: Source): string {
  switch (source.kind) {
    case "example":
      return S.exampleName;
    case "followup":
      return S.followupName;
    case "empty":
      return S.emptyName;
  }
}

interface Loaded {
  readonly module: WorkbookModule;
  readonly fake: FakeExcel;
  readonly port: WorkbookPort;
}

export interface Snapshot {
  /** A new number for every workbook opened (the pane is mounted anew). */
  readonly generation: number;
  /** A new number after every change the viewer should show. */
  readonly version: number;
  /** The port the pane uses, bound to this generation's workbook. */
  readonly port: WorkbookPort;
  readonly ready: boolean;
  /** Opening or downloading a file. */
  readonly busy?: string;
  readonly error?: string;
  readonly fileName: string;
  /** Visible sheets in tab order. */
  readonly sheets: readonly string[];
  readonly active?: string;
  /** `Indikatorer!E58` */
  readonly selection?: string;
}

function loadWorkbookModule(): Promise<WorkbookModule> {
  return import(/* webpackChunkName: "workbook" */ "./workbook");
}

/** The follow-up example's content (Resursenheten VB 2021), loaded when it is opened. */
async function followupContent(): Promise<WorkbookContent> {
  const { followupExampleWorkbook } = await import(
    /* webpackChunkName: "example-followup" */ "../example/followup"
  );
  return followupExampleWorkbook();
}

/** Downloads bytes as an `.xlsx` file (a link to a Blob, clicked). */
export function downloadFile(name: string, bytes: Uint8Array): void {
  const blob = new Blob([bytes as BlobPart], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class PreviewStore {
  private readonly listeners = new Set<() => void>();
  private current: Loaded | undefined;
  private snapshot: Snapshot;

  constructor(source: Source = { kind: "example" }) {
    const loading = this.load(source);
    this.snapshot = {
      generation: 1,
      version: 0,
      port: this.portFor(loading),
      ready: false,
      fileName: sourceFileName(source),
      sheets: [],
    };
    loading.then(
      (loaded) => this.switchTo(loaded, this.snapshot.fileName, false),
      (error: unknown) => this.update({ error: errorMessage(error) }),
    );
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): Snapshot => this.snapshot;

  /** The fake workbook (tests and the viewer's grid). */
  get fake(): FakeExcel | undefined {
    return this.current?.fake;
  }

  /** The active sheet as the viewer draws it. */
  grid(sheet: string): Grid | undefined {
    return this.current ? this.current.module.gridOf(this.current.fake, sheet) : undefined;
  }

  /** Shows a sheet and optionally selects an area, as a click in Excel. */
  activate(sheet: string, area?: Area): void {
    if (!this.current) return;
    this.current.module.activate(this.current.fake, sheet, area);
    this.refresh();
  }

  /** Starts over with one of the examples or an empty workbook. */
  async start(source: Source): Promise<void> {
    this.update({ busy: S.loading, error: undefined });
    try {
      const loaded = await this.load(source);
      this.switchTo(loaded, sourceFileName(source), true);
    } catch (error) {
      this.update({ busy: undefined, error: errorMessage(error) });
    }
  }

  /** Opens an `.xlsx` file; a file that cannot be read leaves the open workbook as it was. */
  async open(file: File): Promise<void> {
    this.update({ busy: S.opening(file.name), error: undefined });
    try {
      const [module, xlsx, bytes] = await Promise.all([
        loadWorkbookModule(),
        import(/* webpackChunkName: "xlsx" */ "./xlsx"),
        file.arrayBuffer(),
      ]);
      const fake = await xlsx.openXlsx(bytes, file.name);
      this.switchTo({ module, fake, port: module.createPort(fake) }, file.name, true);
    } catch (error) {
      this.update({ busy: undefined, error: errorMessage(error) });
    }
  }

  /** The open workbook as `.xlsx` bytes. */
  async save(): Promise<{ name: string; bytes: Uint8Array }> {
    const current = this.current;
    if (!current) throw new Error(S.loading);
    const xlsx = await import(/* webpackChunkName: "xlsx" */ "./xlsx");
    const name = /\.xlsx$/i.test(this.snapshot.fileName)
      ? this.snapshot.fileName
      : `${this.snapshot.fileName}.xlsx`;
    return { name, bytes: await xlsx.saveXlsx(current.fake) };
  }

  /** Downloads the open workbook (a link to a Blob, clicked). */
  async download(): Promise<void> {
    this.update({ busy: S.downloading, error: undefined });
    try {
      const { name, bytes } = await this.save();
      downloadFile(name, bytes);
      this.update({ busy: undefined });
    } catch (error) {
      this.update({ busy: undefined, error: errorMessage(error) });
    }
  }

  clearError(): void {
    if (this.snapshot.error) this.update({ error: undefined });
  }

  // ---------------------------------------------------------------------------------------------

  private async load(source: Source): Promise<Loaded> {
    // The follow-up example's data loads beside the workbook module; without content the
    // workbook module's own example (Hägersten-Älvsjö VP 2025) is created.
    const [module, content] = await Promise.all([
      loadWorkbookModule(),
      source.kind === "followup" ? followupContent() : undefined,
    ]);
    const fake =
      source.kind === "empty" ? module.createEmptyWorkbook() : await module.createExampleWorkbook(content);
    return { module, fake, port: module.createPort(fake) };
  }

  private switchTo(loaded: Loaded, fileName: string, newGeneration: boolean): void {
    this.current = loaded;
    this.update({
      ...(newGeneration
        ? { generation: this.snapshot.generation + 1, port: this.portFor(Promise.resolve(loaded)) }
        : {}),
      ready: true,
      busy: undefined,
      fileName,
      ...this.view(),
    });
  }

  private view(): Pick<Snapshot, "sheets" | "active" | "selection"> {
    const current = this.current;
    if (!current) return { sheets: [] };
    const { module, fake } = current;
    return {
      sheets: module.visibleSheetNames(fake),
      active: module.activeSheetName(fake),
      selection: module.selectionAddress(fake),
    };
  }

  /** After the workbook changed: the viewer draws it again. */
  private refresh(): void {
    this.update(this.view());
  }

  private update(change: Partial<Snapshot>): void {
    const next: Record<string, unknown> = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    this.snapshot = next as unknown as Snapshot;
    for (const listener of this.listeners) listener();
  }

  /** A port that waits for its workbook, runs the real adapter and then lets the viewer redraw. */
  private portFor(workbook: Promise<Loaded>): WorkbookPort {
    const run = async <T>(fn: (port: WorkbookPort) => Promise<T>): Promise<T> => {
      const loaded = await workbook;
      try {
        return await fn(loaded.port);
      } finally {
        if (this.current === loaded) this.refresh();
      }
    };
    return {
      readWorkbook: () => run((p) => p.readWorkbook()),
      createTables: (content) => run((p) => p.createTables(content)),
      writeGeneratedSheets: (sheets: readonly SheetLayout[], progress?: Progress) =>
        run((p) => p.writeGeneratedSheets(sheets, progress)),
      markFindings: (findings: readonly Finding[]) => run((p) => p.markFindings(findings)),
      selectCell: (sheet, cell) => run((p) => p.selectCell(sheet, cell)),
      writeSettings: (values) => run((p) => p.writeSettings(values)),
      addTableColumns: (additions) => run((p) => p.addTableColumns(additions)),
      // In the browser a new workbook is a download (the open workbook stays as it is).
      openWorkbook: async (content, fileName) => {
        const { contentToXlsx } = await import(/* webpackChunkName: "xlsx-bytes" */ "../taskpane/xlsx-bytes");
        downloadFile(/\.xlsx$/i.test(fileName) ? fileName : `${fileName}.xlsx`, await contentToXlsx(content));
      },
    };
  }
}
