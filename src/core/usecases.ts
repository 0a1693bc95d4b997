/** The add-in's actions, over any workbook port: the pane, ribbon commands and CLI share them. */
import { analyzeWorkbook, type Analysis } from "./analyze";
import { followUpColumnAdditions, type ColumnAddition } from "./followup";
import type { Progress, TemplateResult, WorkbookPort } from "./port";
import { DOCUMENT_TYPES, isFollowUp, type DocumentType, type OrgLevel } from "./spec";
import { buildSummary, type Summary } from "./summary";
import { templateContent } from "./template";

/** Reads and checks the workbook. */
export async function runCheck(port: WorkbookPort, options: { mark?: boolean } = {}): Promise<Analysis> {
  const analysis = analyzeWorkbook(await port.readWorkbook());
  if (options.mark) await port.markFindings(analysis.findings);
  return analysis;
}

/** Reads, checks and writes the generated sheets (findings go to Kontroll). */
export async function runSummary(
  port: WorkbookPort,
  options: { checkedAt?: string; progress?: Progress } = {},
): Promise<Summary> {
  options.progress?.(0.1, "Läser arbetsboken");
  const analysis = analyzeWorkbook(await port.readWorkbook());
  options.progress?.(0.4, "Beräknar sammanställningar");
  const summary = buildSummary(analysis, options.checkedAt ? { checkedAt: options.checkedAt } : {});
  await port.writeGeneratedSheets(summary.sheets, (f, label) => options.progress?.(0.4 + 0.6 * f, label));
  return summary;
}

/** Creates the template tables, adding only what is missing. */
export async function runCreateTemplate(
  port: WorkbookPort,
  options: { level?: OrgLevel; planYear?: number } = {},
): Promise<TemplateResult> {
  return port.createTables(templateContent(options));
}

/**
 * Saves settings; when Dokument is a follow-up document, also appends the follow-up columns the
 * Mål, Indikatorer and Aktiviteter tables lack (Bedömning, Analys, Utfall …, Status, Kommentar),
 * so a plan's workbook is ready for its tertialrapport or verksamhetsberättelse. Returns the
 * columns added.
 */
export async function runSaveSettings(
  port: WorkbookPort,
  values: ReadonlyMap<string, string | number | null>,
): Promise<readonly ColumnAddition[]> {
  const document = values.get("Dokument");
  const additions =
    typeof document === "string" &&
    (DOCUMENT_TYPES as readonly string[]).includes(document) &&
    isFollowUp(document as DocumentType)
      ? followUpColumnAdditions(await port.readWorkbook())
      : [];
  await port.writeSettings(values);
  if (additions.length > 0) {
    if (!port.addTableColumns) throw new Error("Den här arbetsboken kan inte få nya kolumner.");
    await port.addTableColumns(additions);
  }
  return additions;
}
