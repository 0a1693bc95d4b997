/**
 * The `Sammanställning mål` sheet: a count table per KF:s mål för verksamhetsområdet, then the goal
 * chain as the plan prints it (KF:s inriktningsmål → KF:s mål för verksamhetsområdet → Nämndmål →
 * Enhetsmål), each goal with its indicator and activity tables. Follow-up documents add outcomes,
 * assessments with coloured markers (a filled-in Bedömning, else the suggestion of ../followup),
 * activity status, counts per assessment at each level with a chart, and counts per activity
 * status. Every user text is written as text (`@`), never as a formula.
 */
import { followUp, type FollowUp, type GoalFollowUp } from "../followup";
import { GoalIndex } from "../goal-index";
import type { Activity, Goal, Indicator, Plan } from "../model";
import { ACTIVITY_STATUSES, ASSESSMENTS, GOAL_LEVELS, type Assessment, type GoalLevel } from "../spec";
import { formatTarget, isoToSerial } from "../values";
import type { LayoutCell, LayoutChart, SheetLayout } from "./types";

export const GOAL_SUMMARY_SHEET = "Sammanställning mål";

/** Light fill of table header rows. */
const HEADER_FILL = "DDEBF7";

/** Fill per assessment: green, yellow, red as in Excel's standard highlight styles. */
export const ASSESSMENT_FILL: Record<Assessment, string> = {
  "Uppfylls helt": "C6EFCE",
  "Uppfylls delvis": "FFEB9C",
  "Uppfylls inte": "FFC7CE",
};

/**
 * Text colour of an assessment cell on its fill: Excel's Good/Neutral/Bad cell styles, readable
 * (contrast above 4.5:1) where a bright green or amber on its light fill would not be.
 */
export const ASSESSMENT_TEXT: Record<Assessment, string> = {
  "Uppfylls helt": "006100",
  "Uppfylls delvis": "9C5700",
  "Uppfylls inte": "9C0006",
};
/** The chart's series colours: green, amber, red. */
export const ASSESSMENT_COLOR: Record<Assessment, string> = {
  "Uppfylls helt": "00B050",
  "Uppfylls delvis": "FFC000",
  "Uppfylls inte": "FF0000",
};
const NO_ASSESSMENT_COLOR = "A6A6A6";
/** Grey text for "— Ingen bedömning" on white (contrast 4.6:1). */
const NO_ASSESSMENT_TEXT = "767676";
export const NO_ASSESSMENT = "Ingen bedömning";

const STATUS_FILL: Partial<Record<string, string>> = { Klar: "C6EFCE", Avvikelse: "FFC7CE" };

/** Rows the assessment chart takes below the count tables. */
const CHART_ROWS = 16;

const HEADING_STYLE: Record<GoalLevel, { readonly size?: number }> = {
  "KF:s inriktningsmål": { size: 13 },
  "KF:s mål för verksamhetsområdet": { size: 12 },
  Nämndmål: {},
  Enhetsmål: {},
};

type CellStyle = Omit<LayoutCell, "value" | "formula" | "numberFormat">;
type Row = (LayoutCell | null)[];

/** A text cell: always a string with the text number format, so Excel never reads it as a formula. */
function text(value: string, style: CellStyle = {}): LayoutCell {
  return { value, numberFormat: "@", ...style };
}

/** A text cell, or an empty cell for blank text. */
function optionalText(value: string | undefined, style: CellStyle = {}): LayoutCell | null {
  return value === undefined || value.trim() === "" ? null : text(value, style);
}

function count(value: number, style: CellStyle = {}): LayoutCell {
  return { value, numberFormat: "0", ...style };
}

/** A date as an Excel serial shown `yyyy-mm-dd`; text that is no valid ISO date stays text. */
function date(iso: string | undefined): LayoutCell | null {
  if (iso === undefined || iso.trim() === "") return null;
  try {
    return { value: isoToSerial(iso), numberFormat: "yyyy-mm-dd", align: "right" };
  } catch {
    return text(iso);
  }
}

function outcome(value: number | undefined, unit: string | undefined): LayoutCell | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  return { value, numberFormat: unit === "%" ? 'General" %"' : "General" };
}

/**
 * An assessment with its coloured marker: `● Uppfylls helt`; `(förslag)` when no Bedömning is filled
 * in and the program suggests it; `— Ingen bedömning` where there is none.
 */
function assessmentCell(
  assessment: Assessment | undefined,
  suggested: boolean,
  style: CellStyle = {},
): LayoutCell {
  if (assessment === undefined)
    return text(`— ${NO_ASSESSMENT}`, { ...style, color: NO_ASSESSMENT_TEXT, bold: false });
  return text(`● ${assessment}${suggested ? " (förslag)" : ""}`, {
    ...style,
    fill: ASSESSMENT_FILL[assessment],
    color: ASSESSMENT_TEXT[assessment],
    ...(suggested ? { italic: true } : {}),
  });
}

function headerRow(headers: readonly string[]): LayoutCell[] {
  return headers.map((h) => text(h, { bold: true, borderBottom: true, fill: HEADER_FILL }));
}

/** The goal as its heading prints it: `KF:s inriktningsmål: 1. …`, `Nämndmål: …`. */
export function goalHeading(goal: Goal): string {
  switch (goal.level) {
    case "KF:s inriktningsmål":
      return `KF:s inriktningsmål: ${goal.id}. ${goal.text}`;
    case "KF:s mål för verksamhetsområdet":
      return `KF:s mål för verksamhetsområdet: ${goal.id} ${goal.text}`;
    case "Nämndmål":
      return `Nämndmål: ${goal.text}`;
    case "Enhetsmål":
      return `Enhetsmål: ${goal.text}`;
  }
}

/** Per KF:s mål för verksamhetsområdet: its goals below and the indicators and activities of all. */
export interface GoalCounts {
  readonly goal: Goal;
  readonly boardGoals: number;
  readonly unitGoals: number;
  readonly indicators: number;
  readonly activities: number;
}

function countsFor(index: GoalIndex, goal: Goal): GoalCounts {
  const boardGoals = index.childrenOf(goal).filter((g) => g.level === "Nämndmål");
  const unitGoals = boardGoals.flatMap((g) => index.childrenOf(g));
  const all = [goal, ...boardGoals, ...unitGoals];
  return {
    goal,
    boardGoals: boardGoals.length,
    unitGoals: unitGoals.length,
    indicators: all.reduce((n, g) => n + index.indicatorsOf(g).length, 0),
    activities: all.reduce((n, g) => n + index.activitiesOf(g).length, 0),
  };
}

/** The count table's rows: one per KF:s mål för verksamhetsområdet in plan order. */
export function goalCounts(plan: Plan): GoalCounts[] {
  const index = new GoalIndex(plan);
  return plan.goals
    .filter((g) => g.level === "KF:s mål för verksamhetsområdet")
    .map((g) => countsFor(index, g));
}

class GoalSheetBuilder {
  readonly rows: Row[] = [];
  readonly charts: LayoutChart[] = [];
  private readonly placed = new Set<Goal>();
  private readonly followUp: boolean;
  private readonly result: FollowUp | undefined;
  private readonly withUnitGoals: boolean;

  constructor(
    private readonly plan: Plan,
    private readonly index: GoalIndex,
  ) {
    this.result = followUp(plan, index);
    this.followUp = this.result !== undefined;
    this.withUnitGoals = plan.settings.level === "Enhet" || plan.goals.some((g) => g.level === "Enhetsmål");
  }

  get columnCount(): number {
    return this.followUp ? 8 : 5;
  }

  private add(row: Row): void {
    this.rows.push(row);
  }

  private blank(): void {
    if (this.rows.length > 0 && this.rows[this.rows.length - 1]?.length !== 0) this.rows.push([]);
  }

  title(): void {
    const s = this.plan.settings;
    const what = [s.organisation, s.document, String(s.planYear)].filter((x) => x.trim() !== "").join(" ");
    this.add([text(`Sammanställning mål – ${what}`, { bold: true, size: 14 })]);
    this.add([]);
  }

  countTable(): void {
    const counts = goalCounts(this.plan);
    this.add([text("Antal per KF:s mål för verksamhetsområdet", { bold: true })]);
    const headers = [
      "KF:s mål för verksamhetsområdet",
      "Nämndmål",
      ...(this.withUnitGoals ? ["Enhetsmål"] : []),
      "Indikatorer",
      "Aktiviteter",
    ];
    this.add(headers.map((h, i) => text(h, { bold: true, borderBottom: true, wrap: i === 0 })));
    const numbers = (c: Omit<GoalCounts, "goal">): number[] => [
      c.boardGoals,
      ...(this.withUnitGoals ? [c.unitGoals] : []),
      c.indicators,
      c.activities,
    ];
    for (const c of counts) {
      this.add([text(`${c.goal.id} ${c.goal.text}`, { wrap: true }), ...numbers(c).map((n) => count(n))]);
    }
    const total = {
      boardGoals: sum(counts.map((c) => c.boardGoals)),
      unitGoals: sum(counts.map((c) => c.unitGoals)),
      indicators: sum(counts.map((c) => c.indicators)),
      activities: sum(counts.map((c) => c.activities)),
    };
    const style = { bold: true, borderTop: true };
    this.add([text("Totalt", style), ...numbers(total).map((n) => count(n, style))]);
  }

  /**
   * Follow-up documents: the number of goals per assessment at each level (and of indicators),
   * with a stacked bar chart in the rows below it, then the number of activities per status.
   */
  assessmentTables(): void {
    const result = this.result;
    if (!result) return;
    this.blank();
    this.add([text("Bedömningar per nivå", { bold: true })]);
    const headerAt = this.rows.length;
    const columns = [...ASSESSMENTS, NO_ASSESSMENT] as const;
    this.add(headerRow(["Nivå", ...columns, "Totalt"]).map((c) => ({ ...c, wrap: true })));
    const tally = (assessments: readonly (Assessment | undefined)[]): number[] => [
      ...ASSESSMENTS.map((a) => assessments.filter((x) => x === a).length),
      assessments.filter((x) => x === undefined).length,
      assessments.length,
    ];
    const lines: { label: string; counts: number[] }[] = [];
    for (const level of GOAL_LEVELS) {
      const goals = [...result.goals.values()].filter((g) => g.goal.level === level);
      if (goals.length > 0) lines.push({ label: level, counts: tally(goals.map((g) => g.effective)) });
    }
    const indicators = [...result.indicators.values()];
    if (indicators.length > 0)
      lines.push({ label: "Indikatorer", counts: tally(indicators.map((i) => i.effective)) });
    for (const line of lines) this.add([text(line.label), ...line.counts.map((n) => count(n))]);
    if (lines.length > 0) {
      const top = this.rows.length + 1;
      this.charts.push({
        name: "BedomningarDiagram",
        title: "Bedömningar per nivå",
        kind: "barStacked",
        row: headerAt,
        column: 0,
        categories: lines.length,
        series: columns.length,
        seriesColors: [...ASSESSMENTS.map((a) => ASSESSMENT_COLOR[a]), NO_ASSESSMENT_COLOR],
        anchor: { row: top, column: 0, toRow: top + CHART_ROWS, toColumn: 3 },
      });
      for (let r = 0; r <= CHART_ROWS + 1; r++) this.add([]);
    }

    const activities = this.plan.activities;
    if (activities.length === 0) return;
    this.add([text("Aktiviteter per status", { bold: true })]);
    this.add(
      headerRow(["", ...ACTIVITY_STATUSES, "Status saknas", "Totalt"]).map((c) => ({ ...c, wrap: true })),
    );
    this.add([
      text("Aktiviteter"),
      ...ACTIVITY_STATUSES.map((s) => count(activities.filter((a) => a.status === s).length)),
      count(activities.filter((a) => a.status === undefined).length),
      count(activities.length),
    ]);
  }

  chain(): void {
    for (const goal of this.plan.goals) {
      if (goal.level === "KF:s inriktningsmål" && !this.placed.has(goal)) this.goalBlock(goal);
    }
    const orphans = this.plan.goals.filter((g) => !this.placed.has(g));
    if (orphans.length > 0) {
      this.blank();
      this.add([text("Mål utan giltigt överordnat mål", { bold: true, size: 13 })]);
      // A goal whose valid parent is itself unplaced comes under that parent.
      for (const goal of orphans) {
        const parent = this.index.validParent(goal);
        if (this.placed.has(goal) || (parent && !this.placed.has(parent))) continue;
        this.goalBlock(goal);
      }
      for (const goal of orphans) if (!this.placed.has(goal)) this.goalBlock(goal);
    }
    const { indicators, activities } = this.index.unlinked();
    if (indicators.length + activities.length > 0) {
      this.blank();
      this.add([text("Indikatorer och aktiviteter utan giltigt mål", { bold: true, size: 13 })]);
      this.tables(indicators, activities);
    }
  }

  private goalBlock(goal: Goal): void {
    if (this.placed.has(goal)) return;
    this.placed.add(goal);
    this.blank();
    const heading = text(goalHeading(goal), { bold: true, wrap: true, ...HEADING_STYLE[goal.level] });
    const assessed = this.result?.goals.get(goal);
    if (!assessed) this.add([heading]);
    else {
      const suggested = goal.assessment === undefined && !assessed.reference;
      this.add([heading, assessmentCell(assessed.effective, suggested, { bold: true })]);
      this.suggestionNote(assessed);
    }
    if (goal.agenda2030.length > 0) {
      this.add([text(`Agenda 2030: ${goal.agenda2030.join(", ")}`, { italic: true })]);
    }
    this.paragraph("Beskrivning", goal.description);
    this.paragraph("Förväntat resultat", goal.expectedResult);
    if (this.followUp) this.paragraph("Analys", goal.analysis);
    this.tables(this.index.indicatorsOf(goal), this.index.activitiesOf(goal));
    for (const child of this.index.childrenOf(goal)) this.goalBlock(child);
  }

  /** Under a filled-in Bedömning that differs from the suggestion: the suggestion. */
  private suggestionNote({ goal, suggestion }: GoalFollowUp): void {
    if (goal.assessment === undefined || suggestion === undefined || suggestion === goal.assessment) return;
    this.add([
      text("Förslag enligt indikatorer, aktiviteter och delmål:", { italic: true }),
      assessmentCell(suggestion, true),
    ]);
  }

  private paragraph(label: string, body: string | undefined): void {
    const cell = optionalText(body, { wrap: true });
    if (!cell) return;
    this.add([text(label, { italic: true, bold: true })]);
    this.add([cell]);
  }

  private tables(indicators: readonly Indicator[], activities: readonly Activity[]): void {
    if (indicators.length > 0) {
      this.blank();
      this.add(
        headerRow([
          "Indikator",
          "Årsmål",
          "KF:s årsmål",
          "Periodicitet",
          ...(this.followUp ? ["Utfall T1", "Utfall T2", "Utfall helår", "Bedömning"] : []),
        ]),
      );
      for (const i of indicators) {
        this.add(this.indicatorRow(i));
        this.commentRow(i.comment);
      }
    }
    if (activities.length > 0) {
      this.blank();
      this.add(headerRow(["Aktivitet", "Startdatum", "Slutdatum", ...(this.followUp ? ["Status"] : [])]));
      for (const a of activities) {
        this.add(this.activityRow(a));
        this.commentRow(a.comment);
      }
    }
  }

  /**
   * Follow-up documents: an indicator's or activity's Kommentar on its own row below it, in the
   * wide first column (as the seeds print an activity's analysis under it).
   */
  private commentRow(comment: string | undefined): void {
    if (!this.followUp) return;
    const cell = optionalText(comment === undefined ? undefined : `Kommentar: ${comment.trim()}`, {
      italic: true,
      wrap: true,
    });
    if (cell) this.add([cell]);
  }

  private indicatorRow(i: Indicator): Row {
    const row: Row = [
      text(i.text, { wrap: true }),
      optionalText(formatTarget(i.target), { align: "right" }),
      optionalText(formatTarget(i.kfTarget), { align: "right" }),
      optionalText(i.periodicity),
    ];
    if (this.followUp) {
      row.push(
        outcome(i.outcomeT1, i.unit),
        outcome(i.outcomeT2, i.unit),
        outcome(i.outcomeYear, i.unit),
        assessmentCell(this.result?.indicators.get(i)?.effective, i.assessment === undefined),
      );
    }
    return row;
  }

  private activityRow(a: Activity): Row {
    const row: Row = [text(a.text, { wrap: true }), date(a.start), date(a.end)];
    if (this.followUp) {
      const fill = a.status === undefined ? undefined : STATUS_FILL[a.status];
      row.push(optionalText(a.status, fill ? { fill } : {}));
    }
    return row;
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** The `Sammanställning mål` sheet for a plan. */
export function goalSummaryLayout(plan: Plan): SheetLayout {
  const builder = new GoalSheetBuilder(plan, new GoalIndex(plan));
  builder.title();
  builder.countTable();
  builder.assessmentTables();
  builder.chain();
  const columnWidths = [70, ...Array.from({ length: builder.columnCount - 1 }, () => 15)];
  return {
    name: GOAL_SUMMARY_SHEET,
    rows: builder.rows,
    columnWidths,
    freezeRows: 1,
    ...(builder.charts.length > 0 ? { charts: builder.charts } : {}),
  };
}
