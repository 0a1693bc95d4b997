/** An in-memory WorkbookPort over the bundled example that records every call. */
import type { WorkbookContent } from "../../src/core/content";
import type { Finding } from "../../src/core/findings";
import type { ColumnAddition } from "../../src/core/followup";
import { contentToNeutral } from "../../src/core/layout";
import type { Progress, TemplateResult, WorkbookPort } from "../../src/core/port";
import type { NeutralWorkbook } from "../../src/core/sheet";
import type { SheetLayout } from "../../src/core/summary/types";
import { exampleWorkbook } from "../../src/example";

export type Call =
  | { method: "readWorkbook" }
  | { method: "createTables"; content: WorkbookContent }
  | { method: "writeGeneratedSheets"; sheets: readonly SheetLayout[] }
  | { method: "markFindings"; findings: readonly Finding[] }
  | { method: "selectCell"; sheet: string; cell: string }
  | { method: "writeSettings"; values: ReadonlyMap<string, string | number | null> }
  | { method: "addTableColumns"; additions: readonly ColumnAddition[] }
  | { method: "openWorkbook"; content: WorkbookContent; fileName: string };

export class StubPort implements WorkbookPort {
  readonly calls: Call[] = [];
  workbook: NeutralWorkbook = contentToNeutral(exampleWorkbook());
  /** When set, writeGeneratedSheets waits for it after reporting half-way progress. */
  writeGate?: Promise<void>;
  /** When set, readWorkbook rejects with it. */
  readError?: unknown;
  writeError?: unknown;

  called(method: Call["method"]): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  async readWorkbook(): Promise<NeutralWorkbook> {
    this.calls.push({ method: "readWorkbook" });
    if (this.readError) throw this.readError;
    return this.workbook;
  }

  async createTables(content: WorkbookContent): Promise<TemplateResult> {
    this.calls.push({ method: "createTables", content });
    const existing = new Set(this.workbook.tables.map((t) => t.name));
    return {
      created: content.tables.filter((t) => !existing.has(t.table)).map((t) => t.table),
      kept: content.tables.filter((t) => existing.has(t.table)).map((t) => t.table),
    };
  }

  async writeGeneratedSheets(sheets: readonly SheetLayout[], progress?: Progress): Promise<void> {
    this.calls.push({ method: "writeGeneratedSheets", sheets });
    progress?.(0.5, "Skriver Sammanställning ekonomi");
    if (this.writeGate) await this.writeGate;
    if (this.writeError) throw this.writeError;
    progress?.(1, "Klart");
  }

  async markFindings(findings: readonly Finding[]): Promise<void> {
    this.calls.push({ method: "markFindings", findings });
  }

  async selectCell(sheet: string, cell: string): Promise<void> {
    this.calls.push({ method: "selectCell", sheet, cell });
  }

  async writeSettings(values: ReadonlyMap<string, string | number | null>): Promise<void> {
    this.calls.push({ method: "writeSettings", values });
  }

  async addTableColumns(additions: readonly ColumnAddition[]): Promise<void> {
    this.calls.push({ method: "addTableColumns", additions });
  }

  async openWorkbook(content: WorkbookContent, fileName: string): Promise<void> {
    this.calls.push({ method: "openWorkbook", content, fileName });
  }
}

/** A promise and its resolve function. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
