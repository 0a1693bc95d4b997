/**
 * The workbook port over an .xlsx file held in memory: what the command line and tests use where
 * the pane uses Excel. Generated sheets are written with `applyGeneratedSheets` (which keeps the
 * rest of the package as it is); settings and appended table columns are direct edits of the
 * package's XML (./settings.ts, ./columns.ts), so nothing else changes; missing template tables go
 * through ExcelJS, which keeps values, formulas, formats, tables and dropdowns but may drop charts,
 * pivot tables and other parts it does not model (see src/xlsx/generated.ts).
 */
import { Workbook, type Worksheet } from "exceljs";
import type { WorkbookContent } from "../core/content";
import type { Finding } from "../core/findings";
import type { ColumnAddition } from "../core/followup";
import type { Progress, TemplateResult, WorkbookPort } from "../core/port";
import { normalizeKey } from "../core/spec";
import type { NeutralWorkbook } from "../core/sheet";
import type { SheetLayout } from "../core/summary/types";
import { addTableColumnsToPackage } from "./columns";
import { applyGeneratedSheets } from "./generated";
import { readXlsx } from "./read";
import { SettingsTableError, writeSettingsToPackage } from "./settings";
import { writeTable, writeXlsx } from "./write";

export class XlsxWorkbookPort implements WorkbookPort {
  /** `fileName` (optional) names the file in error messages. */
  constructor(
    private bytes: Buffer,
    private readonly fileName?: string,
  ) {}

  /** The workbook as it is now. */
  get file(): Buffer {
    return this.bytes;
  }

  static async empty(): Promise<XlsxWorkbookPort> {
    const workbook = new Workbook();
    workbook.addWorksheet("Blad1");
    return new XlsxWorkbookPort(Buffer.from(await workbook.xlsx.writeBuffer()));
  }

  /** The last read, kept until the bytes change (runSaveSettings reads, then writeSettings reads again). */
  private lastRead?: { readonly bytes: Buffer; readonly workbook: Promise<NeutralWorkbook> };

  readWorkbook(): Promise<NeutralWorkbook> {
    if (this.lastRead?.bytes !== this.bytes)
      this.lastRead = { bytes: this.bytes, workbook: readXlsx(this.bytes, this.fileName) };
    return this.lastRead.workbook;
  }

  async createTables(content: WorkbookContent): Promise<TemplateResult> {
    const existing = await this.readWorkbook();
    const has = (name: string) => existing.tables.some((t) => normalizeKey(t.name) === normalizeKey(name));
    const kept = content.tables.filter((t) => has(t.table)).map((t) => t.table);
    const missing = content.tables.filter((t) => !has(t.table));
    if (missing.length === 0) return { created: [], kept };
    const blank =
      existing.tables.length === 0 && (existing.plainSheets ?? []).every((s) => s.rows.length === 0);
    if (blank) {
      // A new, empty workbook: write the whole template, with its dropdowns and hidden lists.
      this.bytes = await writeXlsx(content);
      return { created: missing.map((t) => t.table), kept };
    }
    const workbook = new Workbook();
    await workbook.xlsx.load(this.bytes as unknown as ArrayBuffer);
    for (const table of missing) {
      const sheet = workbook.getWorksheet(table.sheet) ?? workbook.addWorksheet(table.sheet);
      // Beside whatever the sheet holds, with one empty column between.
      const used = sheet.actualColumnCount > 0 ? lastUsedColumn(sheet) : 0;
      const firstColumn = used === 0 ? 1 : used + 2;
      writeTable(sheet, table, {
        sheet: table.sheet,
        table: table.table,
        headerRow: 1,
        firstColumn,
        columnCount: table.headers.length,
        lastRow: 1 + Math.max(1, table.rows.length),
      });
    }
    this.bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    return { created: missing.map((t) => t.table), kept };
  }

  async writeGeneratedSheets(sheets: readonly SheetLayout[], progress?: Progress): Promise<void> {
    progress?.(0.1, "Skriver bladen");
    this.bytes = await applyGeneratedSheets(this.bytes, sheets);
    progress?.(1, "Klart");
  }

  /** A file has no selection or marks to show; the Kontroll sheet lists the findings. */
  async markFindings(_findings: readonly Finding[]): Promise<void> {}

  async selectCell(_sheet: string, _cell: string): Promise<void> {}

  /** Edits the package directly (./columns.ts); refuses before changing anything. */
  async addTableColumns(additions: readonly ColumnAddition[]): Promise<void> {
    const bytes = addTableColumnsToPackage(this.bytes, additions, this.fileName);
    if (bytes) this.bytes = bytes;
  }

  /**
   * Writes the Värde cells (and appends missing settings) by editing the package directly
   * (./settings.ts); only a table with a totals row still goes through ExcelJS.
   */
  async writeSettings(values: ReadonlyMap<string, string | number | null>): Promise<void> {
    const neutral = await this.readWorkbook();
    const edited = writeSettingsToPackage(this.bytes, neutral, values, this.fileName);
    if (edited) {
      this.bytes = edited;
      return;
    }
    // A totals row: the table is written again through ExcelJS.
    const existing = neutral.tables.find((t) => normalizeKey(t.name) === "installningar");
    if (!existing) throw SettingsTableError.missing();
    const workbook = new Workbook();
    await workbook.xlsx.load(this.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(existing.sheet);
    if (!sheet) throw new SettingsTableError("Tabellen Installningar kunde inte öppnas.");
    const nameColumn = existing.headers.findIndex((h) => normalizeKey(String(h ?? "")) === "inställning");
    const valueColumn = existing.headers.findIndex((h) => normalizeKey(String(h ?? "")) === "värde");
    if (nameColumn < 0 || valueColumn < 0) throw SettingsTableError.columns();
    // ExcelJS cannot add rows to a table it has loaded: the table is written again in place with
    // the changed values and the new settings below.
    const remaining = new Map(values);
    const rows = existing.rows.map((row) => {
      const copy = [...row];
      const name = String(row[nameColumn] ?? "");
      const key = [...remaining.keys()].find((k) => normalizeKey(k) === normalizeKey(name));
      if (key !== undefined) {
        copy[valueColumn] = remaining.get(key) ?? null;
        remaining.delete(key);
      }
      return copy;
    });
    for (const [name, value] of remaining)
      rows.push(
        existing.headers.map((_h, j) => (j === nameColumn ? name : j === valueColumn ? value : null)),
      );
    sheet.removeTable(existing.name);
    writeTable(
      sheet,
      {
        sheet: existing.sheet,
        table: existing.name,
        headers: existing.headers.map((h) => String(h ?? "")),
        rows,
      },
      {
        sheet: existing.sheet,
        table: existing.name,
        headerRow: existing.headerRow,
        firstColumn: existing.firstColumn,
        columnCount: existing.headers.length,
        lastRow: existing.headerRow + Math.max(1, rows.length),
      },
    );
    this.bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  }
}

function lastUsedColumn(sheet: Worksheet): number {
  let last = 0;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (typeof cell.col === "number" && cell.col > last) last = cell.col;
    });
  });
  return last;
}
