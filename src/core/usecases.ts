/** The add-in's actions, over any workbook port: the pane, ribbon commands and CLI share them. */
import { analyzeWorkbook, type Analysis } from "./analyze";
import { followUpColumnAdditions, type ColumnAddition } from "./followup";
import type { Progress, TemplateResult, WorkbookPort } from "./port";
import type { NeutralWorkbook } from "./sheet";
import {
  DOCUMENT_TYPES,
  isFollowUp,
  normalizeKey,
  SETTINGS_TABLE,
  type DocumentType,
  type OrgLevel,
} from "./spec";
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
 *
 * The settings are written first, then the columns. When the columns cannot be added (a protected
 * sheet, cells in the way) the settings that existed before get their old values back, so the
 * workbook is as it was (a setting that was missing stays as a new row) and the error is passed on.
 */
export async function runSaveSettings(
  port: WorkbookPort,
  values: ReadonlyMap<string, string | number | null>,
): Promise<readonly ColumnAddition[]> {
  const document = values.get("Dokument");
  const followUp =
    typeof document === "string" &&
    (DOCUMENT_TYPES as readonly string[]).includes(document) &&
    isFollowUp(document as DocumentType);
  const workbook = followUp ? await port.readWorkbook() : undefined;
  const additions = workbook ? followUpColumnAdditions(workbook) : [];
  await port.writeSettings(values);
  if (additions.length === 0) return additions;
  try {
    await port.addTableColumns(additions);
  } catch (error) {
    const previous = workbook ? previousSettings(workbook, values) : new Map();
    if (previous.size > 0) await port.writeSettings(previous).catch(() => undefined);
    throw error;
  }
  return additions;
}

/** The values the given settings had in the Installningar table (settings that existed only). */
function previousSettings(
  workbook: NeutralWorkbook,
  values: ReadonlyMap<string, string | number | null>,
): Map<string, string | number | null> {
  const table = workbook.tables.find((t) => normalizeKey(t.name) === normalizeKey(SETTINGS_TABLE.table));
  const previous = new Map<string, string | number | null>();
  if (!table) return previous;
  const column = (header: string) =>
    table.headers.findIndex((h) => typeof h === "string" && normalizeKey(h) === normalizeKey(header));
  const nameIndex = column("Inställning");
  const valueIndex = column("Värde");
  if (nameIndex < 0 || valueIndex < 0) return previous;
  for (const name of values.keys()) {
    const row = table.rows.find((r) => {
      const cell = r[nameIndex];
      return typeof cell === "string" && normalizeKey(cell) === normalizeKey(name);
    });
    if (!row) continue;
    const value = row[valueIndex] ?? null;
    if (value === null || typeof value === "string" || typeof value === "number") previous.set(name, value);
  }
  return previous;
}
