/** All generated sheets from one analysis: what `summarize` and the pane's button write. */
import type { Analysis } from "../analyze";
import type { Finding } from "../findings";
import { GENERATED_SHEETS } from "../spec";
import { controlLayout, CONTROL_SHEET } from "./control";
import { ECONOMY_SHEET, economySummaryLayout, type EconomySummary } from "./economy";
import { GOAL_SUMMARY_SHEET, goalSummaryLayout } from "./goals";
import type { SheetLayout } from "./types";
import type { Consolidation } from "../consolidate";
import { consolidatedBudgetLayout, unitsLayout } from "./units";

export interface Summary {
  /** In tab order: Sammanställning ekonomi, Sammanställning mål, Kontroll. */
  readonly sheets: readonly SheetLayout[];
  readonly economy: EconomySummary;
  readonly findings: readonly Finding[];
}

export interface SummaryOptions {
  /** Shown in Kontroll, e.g. `2025-03-01 14:05`. */
  readonly checkedAt?: string;
}

export function buildSummary(analysis: Analysis, options: SummaryOptions = {}): Summary {
  const economy = economySummaryLayout(analysis.plan);
  const sheets = [
    economy.layout,
    goalSummaryLayout(analysis.plan),
    controlLayout(analysis.findings, options.checkedAt ? { checkedAt: options.checkedAt } : {}),
  ];
  return { sheets, economy, findings: analysis.findings };
}

/**
 * A consolidation's generated sheets: Enheter and Konsoliderad budget, then the summary of the
 * consolidated plan, whose ekonomi formulas sum over the Konsoliderad budget table.
 */
export function buildConsolidatedSummary(
  consolidation: Consolidation,
  options: SummaryOptions = {},
): Summary {
  const budget = consolidatedBudgetLayout(consolidation.plan, consolidation.budget);
  const plan = { ...consolidation.plan, budgetTable: budget.source };
  const summary = buildSummary({ plan, findings: consolidation.findings }, options);
  return { ...summary, sheets: [unitsLayout(consolidation), budget.layout, ...summary.sheets] };
}

/** The generated sheet names, checked against the spec's list at load time. */
export const GENERATED_SHEET_NAMES: readonly string[] = [ECONOMY_SHEET, GOAL_SUMMARY_SHEET, CONTROL_SHEET];
if (GENERATED_SHEET_NAMES.join() !== GENERATED_SHEETS.join())
  throw new Error("Genererade blad stämmer inte med spec.ts");
