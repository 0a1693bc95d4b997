/**
 * The pane's heavy part: the core's use cases (reader, checks, summaries and their schemas).
 * Loaded with a dynamic import on the first action, so the pane's first paint does not wait for it.
 */
// First: before src/core/schemas.ts builds its schemas.
import "./zod-csp";
import type { Finding } from "../core/findings";
import type { Settings } from "../core/model";
import type { Progress, TemplateResult, WorkbookPort } from "../core/port";
import { analyzeWorkbook } from "../core/analyze";
import { consolidateDigests, type UnitDigest } from "../core/consolidate";
import type { Plan } from "../core/model";
import { readPlan } from "../core/read";
import { buildConsolidatedSummary } from "../core/summary";
import { DEVIATION_HEADER, type EconomySummary } from "../core/summary/economy";
import { unitTemplateContent } from "../core/unit-template";
import { UserFacingError } from "./errors";
import type { NeutralWorkbook } from "../core/sheet";
import type { OrgLevel } from "../core/spec";
import { runCheck, runCreateTemplate, runSaveSettings, runSummary } from "../core/usecases";
import type { ColumnAddition } from "../core/followup";
import { followUp } from "../core/followup";
import type { Assessment } from "../core/spec";
import { formatNumberSv } from "../core/values";
import { STRINGS, countFindings, type FindingCounts } from "./strings";

export interface CheckOutcome {
  readonly findings: readonly Finding[];
  readonly counts: FindingCounts;
}

/** Reads and checks the workbook and marks the findings' cells. */
export async function check(port: WorkbookPort): Promise<CheckOutcome> {
  const analysis = await runCheck(port, { mark: true });
  return { findings: analysis.findings, counts: countFindings(analysis.findings) };
}

export interface SummaryOutcome {
  /** Generated sheets written, in tab order. */
  readonly sheets: readonly string[];
  /** The net table's Totalt for the plan period, formatted as in the sheet. */
  readonly total?: { readonly period: string; readonly amount: string; readonly unit: "tkr" | "mnkr" };
  /** Follow-up documents: the Totalt row's Avvikelse mot budget, formatted as in the sheet. */
  readonly deviation?: {
    readonly amount: string;
    readonly favourable: boolean;
    readonly unit: "tkr" | "mnkr";
  };
  /** Follow-up documents: the organisation's own goals per assessment (Bedömning, else the suggestion). */
  readonly assessments?: Readonly<Record<Assessment | "none", number>>;
  readonly counts: FindingCounts;
}

/** `2025-03-01 14:05` in local time, for the Kontroll sheet. */
export function checkedAtText(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`;
}

/** Writes the generated sheets (runSummary) and picks out what the pane shows. */
export async function summarize(port: WorkbookPort, progress: Progress): Promise<SummaryOutcome> {
  let workbook: NeutralWorkbook | undefined;
  // Keeps the workbook runSummary reads, to find the plan period and number format afterwards.
  const recording: WorkbookPort = {
    readWorkbook: async () => (workbook = await port.readWorkbook()),
    createTables: (content) => port.createTables(content),
    writeGeneratedSheets: (sheets, p) => port.writeGeneratedSheets(sheets, p),
    markFindings: (findings) => port.markFindings(findings),
    selectCell: (sheet, cell) => port.selectCell(sheet, cell),
    writeSettings: (values) => port.writeSettings(values),
    addTableColumns: (additions) => port.addTableColumns(additions),
  };
  const summary = await runSummary(recording, { checkedAt: checkedAtText(), progress });
  progress(1, "Klart");
  const outcome = { sheets: summary.sheets.map((s) => s.name), counts: countFindings(summary.findings) };
  if (!workbook) return outcome;
  const plan = readPlan(workbook).plan;
  const total = planTotal(plan, summary.economy);
  const deviation = totalDeviation(plan, summary.economy);
  const assessments = ownAssessments(plan);
  return {
    ...outcome,
    ...(total ? { total } : {}),
    ...(deviation ? { deviation } : {}),
    ...(assessments ? { assessments } : {}),
  };
}

/** The net table's Totalt in its Avvikelse mot budget column, when it has one. */
function totalDeviation(plan: Plan, economy: EconomySummary): SummaryOutcome["deviation"] {
  const value = netTotal(economy, DEVIATION_HEADER);
  if (value === undefined) return undefined;
  const { decimals, summaryUnit } = plan.settings;
  return { amount: formatNumberSv(value, decimals), favourable: value >= 0, unit: summaryUnit };
}

/** Counts of the organisation's own goals per assessment (the nämnd's goals in a unit's book aside). */
function ownAssessments(plan: Plan): SummaryOutcome["assessments"] {
  const result = followUp(plan);
  if (!result) return undefined;
  const counts: Record<Assessment | "none", number> = {
    "Uppfylls helt": 0,
    "Uppfylls delvis": 0,
    "Uppfylls inte": 0,
    none: 0,
  };
  for (const g of result.goals.values()) if (!g.reference) counts[g.effective ?? "none"] += 1;
  return counts;
}

/**
 * Saves the settings; a follow-up Dokument also gets the follow-up columns the tables lack.
 * Returns the columns added.
 */
export async function saveSettings(
  port: WorkbookPort,
  values: ReadonlyMap<string, string | number | null>,
): Promise<readonly ColumnAddition[]> {
  return runSaveSettings(port, values);
}

/** The net table's Totalt for the plan period, formatted as in the sheet. */
function planTotal(plan: Plan, economy: EconomySummary): SummaryOutcome["total"] {
  const period = plan.periods.find((p) => p.isPlanPeriod);
  const value = period ? netTotal(economy, period.title) : undefined;
  if (!period || value === undefined) return undefined;
  const amount = formatNumberSv(value, plan.settings.decimals);
  return { period: period.title, amount, unit: plan.settings.summaryUnit };
}

/** The net table's (last) total row, in the column with this header. */
function netTotal(economy: EconomySummary, header: string): number | undefined {
  const net = economy.tables.find((t) => t.kind === "net");
  const column = net ? net.headers.indexOf(header) : -1;
  const totalRow = net ? [...net.rows].reverse().find((r) => r.style === "total") : undefined;
  return column < 0 ? undefined : totalRow?.values[column];
}

export interface ConsolidationOutcome extends SummaryOutcome {
  /** Units whose files were consolidated. */
  readonly consolidated: readonly string[];
  /** Files left out, with the reason. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

/**
 * Consolidates the units' digests into the open workbook's (the nämnd's) plan and writes the
 * generated sheets: Enheter, Konsoliderad budget and the summary of the consolidated plan.
 */
export async function consolidateUnits(
  port: WorkbookPort,
  digests: readonly UnitDigest[],
  progress: Progress,
): Promise<ConsolidationOutcome> {
  const board = analyzeWorkbook(await port.readWorkbook());
  const consolidation = consolidateDigests(board, digests);
  const summary = buildConsolidatedSummary(consolidation, { checkedAt: checkedAtText() });
  await port.writeGeneratedSheets(summary.sheets, progress);
  progress(1, "Klart");
  const total = planTotal(consolidation.plan, summary.economy);
  return {
    sheets: summary.sheets.map((s) => s.name),
    counts: countFindings(summary.findings),
    consolidated: consolidation.units.filter((u) => u.included).map((u) => u.organisation || u.file),
    skipped: consolidation.units
      .filter((u) => !u.included)
      .map((u) => ({ file: u.file, reason: u.reason ?? "" })),
    ...(total ? { total } : {}),
  };
}

/** A file name from the unit's name (characters Windows refuses replaced). */
export function unitFileName(unit: string): string {
  return `${unit.trim().replace(/[\\/:*?"<>|]+/g, "-")}.xlsx`;
}

/** Builds the unit's workbook from the open (nämnd's) workbook and opens it as a new workbook. */
export async function createUnitTemplate(port: WorkbookPort, unit: string): Promise<string> {
  if (!port.openWorkbook) throw new UserFacingError(STRINGS.units.openUnsupported);
  const { plan } = readPlan(await port.readWorkbook());
  const fileName = unitFileName(unit);
  await port.openWorkbook(unitTemplateContent(plan, unit.trim()), fileName);
  return fileName;
}

export type ExampleId = "plan" | "followup";

/** File names of the bundled examples when opened as new workbooks. */
export const EXAMPLE_FILES: Record<ExampleId, string> = {
  plan: "exempel-hagersten-alvsjo-vp-2025.xlsx",
  followup: "exempel-resursenheten-vb-2021.xlsx",
};

/**
 * Opens a bundled example as a new workbook (Excel: a new window; the browser version: a
 * download): the plan (Hägersten-Älvsjö VP 2025) or the follow-up (Resursenheten VB 2021).
 * Each example's data is loaded only when asked for.
 */
export async function openExample(port: WorkbookPort, which: ExampleId): Promise<string> {
  if (!port.openWorkbook) throw new UserFacingError(STRINGS.units.openUnsupported);
  const content =
    which === "plan"
      ? (await import(/* webpackChunkName: "example" */ "../example")).exampleWorkbook()
      : (
          await import(/* webpackChunkName: "example-followup" */ "../example/followup")
        ).followupExampleWorkbook();
  await port.openWorkbook(content, EXAMPLE_FILES[which]);
  return EXAMPLE_FILES[which];
}

/** The settings as the reader sees them (defaults filled in where the workbook has none). */
export async function loadSettings(port: WorkbookPort): Promise<Settings> {
  return readPlan(await port.readWorkbook()).plan.settings;
}

/** Creates the template's tables with these choices (only missing tables are added). */
export async function createTemplate(
  port: WorkbookPort,
  options: { level: OrgLevel; planYear: number },
): Promise<TemplateResult> {
  return runCreateTemplate(port, options);
}

/**
 * Adds only the missing tables, using the workbook's own Nivå and Planår when its Inställningar
 * has them (so new Budget columns match the existing periods), else the given ones.
 */
export async function addMissingTables(
  port: WorkbookPort,
  fallback: { level: OrgLevel; planYear: number },
): Promise<TemplateResult> {
  const settings = readPlan(await port.readWorkbook()).plan.settings;
  const has = (name: string) => settings.sources.has(name);
  const level = has("Nivå") ? settings.level : fallback.level;
  const planYear = settings.planYear > 0 ? settings.planYear : fallback.planYear;
  return runCreateTemplate(port, { level, planYear });
}
