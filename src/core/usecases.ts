/** The add-in's actions, over any workbook port: the pane, ribbon commands and CLI share them. */
import { analyzeWorkbook, type Analysis } from "./analyze";
import type { Progress, TemplateResult, WorkbookPort } from "./port";
import type { OrgLevel } from "./spec";
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
