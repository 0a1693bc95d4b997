/**
 * Follow-up assessments (tertialrapport 1 and 2, verksamhetsberättelse): each indicator is
 * assessed from its outcome, årsmål and Riktning; each goal gets a suggested assessment from its
 * indicators, activities and sub-goals; a filled-in Bedömning overrides either. The rules are
 * documented for users in docs/followup.md; the tests in test/core/followup.test.ts hold them.
 */
import { CHILD_LEVEL, GoalIndex } from "./goal-index";
import type { Activity, Goal, Indicator, Plan, SourceTable, Target } from "./model";
import {
  ACTIVITIES_TABLE,
  GOALS_TABLE,
  INDICATORS_TABLE,
  isFollowUp,
  normalizeKey,
  type Assessment,
  type DocumentType,
  type GoalLevel,
  type TableSpec,
} from "./spec";
import type { NeutralWorkbook } from "./sheet";
import { cellText, formatShortSv, formatTarget } from "./values";

/**
 * The band below a target (above it for `Lägre är bättre`) within which an indicator is
 * partly met: 10 % of the target's size. `Högre är bättre`, årsmål 80 %: 80 or more is met,
 * 72 up to 80 partly met, below 72 not met.
 */
export const PARTIAL_BAND = 0.1;

/** The outcome a document reports on: Utfall T1, Utfall T2 or Utfall helår. */
export const REPORTED_OUTCOME: Record<
  Exclude<DocumentType, "Verksamhetsplan">,
  { readonly key: "outcomeT1" | "outcomeT2" | "outcomeYear"; readonly label: string }
> = {
  "Tertialrapport 1": { key: "outcomeT1", label: "Utfall T1" },
  "Tertialrapport 2": { key: "outcomeT2", label: "Utfall T2" },
  Verksamhetsberättelse: { key: "outcomeYear", label: "Utfall helår" },
};

/** The last day a document reports on, `MM-DD` in the plan year: end of April, August, December. */
const PERIOD_END: Record<Exclude<DocumentType, "Verksamhetsplan">, string> = {
  "Tertialrapport 1": "04-30",
  "Tertialrapport 2": "08-31",
  Verksamhetsberättelse: "12-31",
};

/** A rule's result: an assessment with what it rests on, or why there is none. */
export type RuleResult =
  | { readonly assessment: Assessment; readonly basis: string }
  | { readonly assessment?: undefined; readonly reason: string };

const EPSILON = 1e-9;

function higherIsBetter(outcome: number, target: number): Assessment {
  if (outcome >= target - EPSILON) return "Uppfylls helt";
  if (outcome >= target - PARTIAL_BAND * Math.abs(target) - EPSILON) return "Uppfylls delvis";
  return "Uppfylls inte";
}

function lowerIsBetter(outcome: number, target: number): Assessment {
  if (outcome <= target + EPSILON) return "Uppfylls helt";
  if (outcome <= target + PARTIAL_BAND * Math.abs(target) + EPSILON) return "Uppfylls delvis";
  return "Uppfylls inte";
}

function shown(value: number, unit: string | undefined): string {
  return unit === "%" ? `${formatShortSv(value)} %` : formatShortSv(value);
}

/** The Riktning that applies: the column's, else what a bound target implies. */
function directionOf(indicator: Indicator): "higher" | "lower" | undefined {
  if (indicator.direction === "Högre är bättre") return "higher";
  if (indicator.direction === "Lägre är bättre") return "lower";
  if (indicator.target.kind === "min") return "higher";
  if (indicator.target.kind === "max") return "lower";
  return undefined;
}

/** Why a target cannot be assessed against, or `undefined` when it can. */
function unassessableTarget(target: Target): string | undefined {
  switch (target.kind) {
    case "empty":
      return "Årsmål saknas.";
    case "invalid":
      return "Årsmålet kan inte läsas.";
    case "direction":
      return `Årsmålet (${formatTarget(target)}) anger en riktning men ingen nivå; fyll i Bedömning.`;
    case "set_elsewhere":
    case "pending":
      return `Årsmålet är inte satt (${formatTarget(target)}); fyll i Bedömning.`;
    default:
      return undefined;
  }
}

/**
 * The rule's assessment of an indicator in a follow-up document (its Bedömning column aside):
 * the outcome the document reports on against the årsmål, in the direction that is better.
 */
export function assessIndicator(indicator: Indicator, document: DocumentType): RuleResult {
  if (document === "Verksamhetsplan") return { reason: "En verksamhetsplan har inga utfall." };
  const { key, label } = REPORTED_OUTCOME[document];
  const outcome = indicator[key];
  const target = indicator.target;
  const notSet = unassessableTarget(target);
  if (notSet !== undefined) return { reason: notSet };
  if (outcome === undefined) return { reason: `${label} saknas.` };
  if (target.kind === "empty" || target.kind === "invalid" || !("value" in target))
    return { reason: "Årsmålet kan inte läsas." };
  const unit = target.unit ?? (indicator.unit === "%" ? "%" : undefined);
  const goal = `årsmål ${formatTarget(target)}`;
  const got = `${label} ${shown(outcome, unit)}`;
  if (target.kind === "tolerance") {
    const assessment = lowerIsBetter(Math.abs(outcome), target.value);
    return { assessment, basis: `${got} mot ${goal} (avvikelse inom ±${shown(target.value, unit)}).` };
  }
  const direction = directionOf(indicator);
  if (direction === undefined)
    return { reason: "Riktning saknas: ange Högre är bättre eller Lägre är bättre." };
  const assessment =
    direction === "higher" ? higherIsBetter(outcome, target.value) : lowerIsBetter(outcome, target.value);
  const better = direction === "higher" ? "högre är bättre" : "lägre är bättre";
  return { assessment, basis: `${got} mot ${goal} (${better}).` };
}

/**
 * What an activity's Status says about its goal at the document's period end (`MM-DD` of the plan
 * year): `Klar` → met; `Avvikelse` → partly met; `Pågår` → met while its end date is after the
 * period end, else partly met; `Ej påbörjad` → nothing before its start date, partly met once it
 * should have started, not met once it should have ended. No status → nothing.
 */
export function activitySignal(activity: Activity, periodEnd: string): Assessment | undefined {
  const started = activity.start === undefined || activity.start <= periodEnd;
  const due = activity.end === undefined || activity.end <= periodEnd;
  switch (activity.status) {
    case "Klar":
      return "Uppfylls helt";
    case "Avvikelse":
      return "Uppfylls delvis";
    case "Pågår":
      return due ? "Uppfylls delvis" : "Uppfylls helt";
    case "Ej påbörjad":
      if (!started) return undefined;
      return due ? "Uppfylls inte" : "Uppfylls delvis";
    default:
      return undefined;
  }
}

/**
 * Combines assessments: met when every one is met; not met when none is met and more than half
 * are not met; otherwise partly met. Nothing to combine → `undefined`.
 */
export function combineAssessments(parts: readonly Assessment[]): Assessment | undefined {
  if (parts.length === 0) return undefined;
  const met = parts.filter((p) => p === "Uppfylls helt").length;
  const notMet = parts.filter((p) => p === "Uppfylls inte").length;
  if (met === parts.length) return "Uppfylls helt";
  if (met === 0 && notMet * 2 > parts.length) return "Uppfylls inte";
  return "Uppfylls delvis";
}

export interface IndicatorFollowUp {
  readonly indicator: Indicator;
  readonly rule: RuleResult;
  /** The Bedömning column when filled in, else the rule's assessment. */
  readonly effective?: Assessment;
}

export interface GoalFollowUp {
  readonly goal: Goal;
  /** The suggestion from indicators, activities and sub-goals; none for the nämnd's goals in a unit workbook. */
  readonly suggestion?: Assessment;
  /** The Bedömning column when filled in, else the suggestion. */
  readonly effective?: Assessment;
  /** How many indicators, activities and sub-goals the suggestion rests on (those with an assessment). */
  readonly basis: { readonly indicators: number; readonly activities: number; readonly goals: number };
  /** `true` for the nämnd's goals carried in a unit's workbook: the nämnd assesses them. */
  readonly reference: boolean;
}

export interface FollowUp {
  readonly document: Exclude<DocumentType, "Verksamhetsplan">;
  /** The period end the activities are judged at, ISO `YYYY-MM-DD`. */
  readonly periodEnd: string;
  readonly indicators: ReadonlyMap<Indicator, IndicatorFollowUp>;
  readonly goals: ReadonlyMap<Goal, GoalFollowUp>;
}

const LEVELS_BOTTOM_UP: readonly GoalLevel[] = [
  "Enhetsmål",
  "Nämndmål",
  "KF:s mål för verksamhetsområdet",
  "KF:s inriktningsmål",
];

/** The assessments of a follow-up document; `undefined` for a verksamhetsplan. */
export function followUp(plan: Plan, index: GoalIndex = new GoalIndex(plan)): FollowUp | undefined {
  const document = plan.settings.document;
  if (!isFollowUp(document) || document === "Verksamhetsplan") return undefined;
  const periodEnd = `${String(plan.settings.planYear).padStart(4, "0")}-${PERIOD_END[document]}`;

  const indicators = new Map<Indicator, IndicatorFollowUp>();
  for (const indicator of plan.indicators) {
    const rule = assessIndicator(indicator, document);
    const effective = indicator.assessment ?? rule.assessment;
    indicators.set(indicator, { indicator, rule, ...(effective ? { effective } : {}) });
  }

  // Bottom-up: a goal's children (one level down) are done before it.
  const goals = new Map<Goal, GoalFollowUp>();
  for (const level of LEVELS_BOTTOM_UP) {
    for (const goal of plan.goals) {
      if (goal.level !== level) continue;
      const reference = goal.reference === true;
      const fromIndicators = index.indicatorsOf(goal).flatMap((i) => indicators.get(i)?.effective ?? []);
      const fromActivities = index.activitiesOf(goal).flatMap((a) => activitySignal(a, periodEnd) ?? []);
      const fromGoals =
        CHILD_LEVEL[level] === undefined
          ? []
          : index.childrenOf(goal).flatMap((child) => goals.get(child)?.effective ?? []);
      const suggestion = reference
        ? undefined
        : combineAssessments([...fromIndicators, ...fromActivities, ...fromGoals]);
      const effective = reference ? goal.assessment : (goal.assessment ?? suggestion);
      goals.set(goal, {
        goal,
        reference,
        ...(suggestion ? { suggestion } : {}),
        ...(effective ? { effective } : {}),
        basis: {
          indicators: fromIndicators.length,
          activities: fromActivities.length,
          goals: fromGoals.length,
        },
      });
    }
  }
  return { document, periodEnd, indicators, goals };
}

export interface MissingFollowUpColumns {
  readonly spec: TableSpec;
  /** The table as read (from one of its rows). */
  readonly table: SourceTable;
  /** Follow-up column headers the table lacks, in template order. */
  readonly headers: readonly string[];
}

/**
 * The follow-up columns (Bedömning, Analys, Utfall …, Status, Kommentar) that the Mål, Indikatorer
 * and Aktiviteter tables lack: a plan's workbook switched to a follow-up document has none of
 * them until they are added. Tables without rows are not listed (nothing to follow up there).
 */
export function missingFollowUpColumns(plan: Plan): MissingFollowUpColumns[] {
  const tables: [TableSpec, SourceTable | undefined][] = [
    [GOALS_TABLE, plan.goals.find((g) => g.source && !g.reference)?.source?.table],
    [INDICATORS_TABLE, plan.indicators.find((i) => i.source)?.source?.table],
    [ACTIVITIES_TABLE, plan.activities.find((a) => a.source)?.source?.table],
  ];
  const out: MissingFollowUpColumns[] = [];
  for (const [spec, table] of tables) {
    if (!table) continue;
    const headers = spec.columns.filter((c) => c.followUp && !table.columns.has(c.key)).map((c) => c.header);
    if (headers.length > 0) out.push({ spec, table, headers });
  }
  return out;
}

/** Columns to append to one existing table: header texts in template order. */
export interface ColumnAddition {
  readonly table: string;
  readonly sheet: string;
  readonly headers: readonly string[];
}

/**
 * The follow-up columns to append so a workbook's Mål, Indikatorer and Aktiviteter tables carry
 * what a follow-up document uses: each table that exists (as an Excel table) gets the follow-up
 * columns it lacks, empty tables too. Headers match trimmed and case-insensitively, as the reader
 * does; tables read from plain sheets are left alone (there is no table to extend).
 */
export function followUpColumnAdditions(workbook: NeutralWorkbook): ColumnAddition[] {
  const out: ColumnAddition[] = [];
  for (const spec of [GOALS_TABLE, INDICATORS_TABLE, ACTIVITIES_TABLE]) {
    const table = workbook.tables.find((t) => normalizeKey(t.name) === normalizeKey(spec.table));
    if (!table) continue;
    const present = new Set(table.headers.map((h) => normalizeKey(cellText(h))));
    const headers = spec.columns
      .filter((c) => c.followUp && !present.has(normalizeKey(c.header)))
      .map((c) => c.header);
    if (headers.length > 0) out.push({ table: table.name, sheet: table.sheet, headers });
  }
  return out;
}
