/// <reference types="office-js" />
/**
 * The workbook port over Office.js: what the task pane and ribbon commands use in Excel. Every
 * command runs in one `run` (production: `Excel.run` from ./run.ts; tests and the browser
 * preview: the fake workbook's `run`) with a constant number of `context.sync()` calls:
 *
 * | command              | syncs                                                      |
 * |----------------------|------------------------------------------------------------|
 * | readWorkbook         | 1 (in parts when Excel on the web refuses a >5 MB response) |
 * | writeGeneratedSheets | 3 (read, write, swap); +1 per further ~4 MB of new sheets   |
 * | createTables         | 3 (two reads, write); +1 per further ~4 MB                  |
 * | markFindings         | 3 (sheets, their conditional formats, delete and add)       |
 * | selectCell           | 1                                                          |
 * | writeSettings        | 2                                                          |
 * | addTableColumns      | 3 (two reads, write); +1 per further ~4 MB; 0 when nothing to add |
 *
 * After a failure, writeGeneratedSheets, createTables and addTableColumns use two more syncs to
 * put the workbook back as it was.
 */
import type { WorkbookContent } from "../core/content";
import type { Finding } from "../core/findings";
import type { ColumnAddition } from "../core/followup";
import type { Progress, TemplateResult, WorkbookPort } from "../core/port";
import type { NeutralWorkbook } from "../core/sheet";
import type { SheetLayout } from "../core/summary/types";
import { isCellAddress } from "./address";
import { addTableColumns } from "./columns";
import { writeGeneratedSheets } from "./generated";
import { markFindings } from "./marks";
import { readWorkbook } from "./read";
import { officeRequirements, type Requirements } from "./requirements";
import { writeSettings } from "./settings";
import { createTables } from "./tables";
import type { ExcelRunner, Log } from "./types";

export type { ExcelRunner } from "./types";

export interface OfficePortOptions {
  /** Requirement sets of the host (default: `Office.context.requirements`, everything without Office). */
  readonly requirements?: Requirements;
  /** Where skipped features are reported (default: `console.warn`). */
  readonly log?: Log;
  /**
   * Opens `.xlsx` bytes (base64) as a new workbook: `Excel.createWorkbook` in production, injected
   * (like the runner) so tests can fake it. Without it openWorkbook says it cannot.
   */
  readonly createWorkbook?: (base64: string) => Promise<void>;
  /** Writes content as `.xlsx` bytes (loaded lazily by whoever injects it: ExcelJS is large). */
  readonly toXlsx?: (content: WorkbookContent) => Promise<Uint8Array>;
}

/** ExcelApi version of `Excel.createWorkbook`. */
export const CREATE_WORKBOOK_API = "1.8";

/** A Swedish message for a host that lacks something the action needs (shown as it is). */
export class MissingRequirementsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingRequirementsError";
  }
}

/** Bytes as base64, in chunks (String.fromCharCode takes a limited number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}

export class OfficeWorkbookPort implements WorkbookPort {
  private readonly requirements: Requirements;
  private readonly logger: Log;
  private readonly messages: string[] = [];
  private readonly createWorkbook: OfficePortOptions["createWorkbook"];
  private readonly toXlsx: OfficePortOptions["toXlsx"];

  constructor(
    private readonly run: ExcelRunner,
    options: OfficePortOptions = {},
  ) {
    this.createWorkbook = options.createWorkbook;
    this.toXlsx = options.toXlsx;
    this.requirements = options.requirements ?? officeRequirements();
    const log = options.log ?? ((message: string) => console.warn(message));
    this.logger = (message) => {
      this.messages.push(message);
      log(message);
    };
  }

  /** Messages about skipped features (e.g. dropdowns on an old Excel), for the pane to show. */
  get notices(): readonly string[] {
    return this.messages;
  }

  readWorkbook(): Promise<NeutralWorkbook> {
    return this.run((context) => readWorkbook(context));
  }

  createTables(content: WorkbookContent): Promise<TemplateResult> {
    return this.run((context) =>
      createTables(context, content, { requirements: this.requirements, log: this.logger }),
    );
  }

  writeGeneratedSheets(sheets: readonly SheetLayout[], progress?: Progress): Promise<void> {
    return this.run((context) =>
      writeGeneratedSheets(context, sheets, {
        requirements: this.requirements,
        log: this.logger,
        ...(progress ? { progress } : {}),
      }),
    );
  }

  markFindings(findings: readonly Finding[]): Promise<void> {
    return this.run((context) => markFindings(context, findings, this.requirements));
  }

  async selectCell(sheet: string, cell: string): Promise<void> {
    if (!isCellAddress(cell)) throw new Error(`”${cell}” är ingen celladress.`);
    try {
      await this.run(async (context) => {
        const worksheet = context.workbook.worksheets.getItem(sheet);
        worksheet.activate();
        worksheet.getRange(cell).select();
        await context.sync();
      });
    } catch (error) {
      if (errorCode(error) === "ItemNotFound") throw new Error(`Bladet ”${sheet}” finns inte i arbetsboken.`);
      if (errorCode(error) === "InvalidOperation")
        throw new Error(`Bladet ”${sheet}” är dolt. Visa bladet och försök igen.`);
      throw error;
    }
  }

  writeSettings(values: ReadonlyMap<string, string | number | null>): Promise<void> {
    return this.run((context) => writeSettings(context, values));
  }

  addTableColumns(additions: readonly ColumnAddition[]): Promise<void> {
    if (additions.every((a) => a.headers.length === 0)) return Promise.resolve();
    return this.run((context) =>
      addTableColumns(context, additions, { requirements: this.requirements, log: this.logger }),
    );
  }

  /** Writes the content as `.xlsx` and opens it as a new workbook (ExcelApi 1.8). */
  async openWorkbook(content: WorkbookContent, _fileName: string): Promise<void> {
    if (!this.requirements.isSetSupported("ExcelApi", CREATE_WORKBOOK_API))
      throw new MissingRequirementsError(
        `Att öppna en ny arbetsbok kräver Excel med ExcelApi ${CREATE_WORKBOOK_API} (Excel 2019 eller senare, Microsoft 365 eller Excel på webben). Uppdatera Excel eller använd Excel på webben.`,
      );
    if (!this.createWorkbook || !this.toXlsx)
      throw new MissingRequirementsError("Den här versionen av tillägget kan inte öppna nya arbetsböcker.");
    const bytes = await this.toXlsx(content);
    await this.createWorkbook(toBase64(bytes));
  }
}
