/** All generated sheets from one analysis: what `summarize` and the pane's button write. */
import type { Analysis } from "../analyze";
import type { Finding } from "../findings";
import { GENERATED_SHEETS } from "../spec";
import { controlLayout, CONTROL_SHEET } from "./control";
import { ECONOMY_SHEET, economySummaryLayout, type EconomySummary } from "./economy";
import { GOAL_SUMMARY_SHEET, goalSummaryLayout } from "./goals";
import type { SheetLayout } from "./types";

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

/** The generated sheet names, checked against the spec's list at load time. */
export const GENERATED_SHEET_NAMES: readonly string[] = [ECONOMY_SHEET, GOAL_SUMMARY_SHEET, CONTROL_SHEET];
if (GENERATED_SHEET_NAMES.join() !== GENERATED_SHEETS.join())
  throw new Error("Genererade blad stämmer inte med spec.ts");
