/**
 * Checks over the plan model (the spec's "Checks" section). Each finding has a stable code from
 * ./codes, a severity, a Swedish message and the cell it concerns.
 */
import { budgetTotals, buildAreaTree, sameAmount, type AreaTree } from "./budget";
import { CODES } from "./codes";
import type { Finding, Severity } from "./findings";
import { followUp, missingFollowUpColumns, REPORTED_OUTCOME } from "./followup";
import type { Goal, Indicator, Plan, Source, Target } from "./model";
import { sourceCell } from "./read";
import { GOAL_LEVELS, INDICATOR_UNITS, isFollowUp, normalizeKey, type GoalLevel } from "./spec";
import { economyRoundingFindings } from "./summary/economy";
import { formatNumberSv, formatShortSv, formatTarget } from "./values";

type Emit = (
  severity: Severity,
  code: string,
  message: string,
  source: Source | undefined,
  key: string,
) => void;

function emitter(out: Finding[]): Emit {
  return (severity, code, message, source, key) =>
    out.push({ severity, code, message, ...sourceCell(source, key) });
}

const levelIndex = (level: GoalLevel) => GOAL_LEVELS.indexOf(level);

export interface CheckOptions {
  /**
   * `false` skips the rounding notes of the plan's own ekonomi summary (info only): a
   * consolidation does not show a unit's summary, so it need not compute them.
   */
  readonly roundingNotes?: boolean;
}

/** Runs every single-workbook check. */
export function checkPlan(plan: Plan, options: CheckOptions = {}): Finding[] {
  const out: Finding[] = [];
  const emit = emitter(out);
  const tree = buildAreaTree(plan.areas);
  checkAreas(plan, tree, emit);
  const goals = new Map(plan.goals.map((g) => [g.id, g]));
  checkGoals(plan, goals, tree, emit);
  checkIndicators(plan, goals, emit);
  checkActivities(plan, goals, emit);
  checkBudget(plan, tree, emit, out, options.roundingNotes !== false);
  checkFollowUp(plan, emit);
  return out;
}

/** Follow-up documents: analyses, deviation comments, and Bedömningar that differ from the rules. */
function checkFollowUp(plan: Plan, emit: Emit): void {
  const result = followUp(plan);
  if (!result) return;
  for (const { table, headers } of missingFollowUpColumns(plan)) {
    // At the table's first (leftmost) header cell.
    const [firstKey] = [...table.columns.entries()].reduce((a, b) => (b[1] < a[1] ? b : a));
    emit(
      "warning",
      CODES.followUpColumnsMissing,
      `Tabellen ${table.table} saknar kolumnerna ${headers.join(", ")}, som ${result.document.toLowerCase()} använder. Spara Dokument under Inställningar i fönstret Verksamhetsplan (eller kör verksamhetsplan followup), så läggs de till utan att något annat ändras.`,
      { table, row: table.headerRow },
      firstKey,
    );
  }
  for (const g of result.goals.values()) {
    const { goal, effective, suggestion } = g;
    if (g.reference) continue;
    if (effective !== undefined && effective !== "Uppfylls helt" && !goal.analysis?.trim())
      emit(
        "warning",
        CODES.analysisMissing,
        `Målet ”${goal.id}” ${effective.toLowerCase()}${goal.assessment ? "" : " enligt förslaget"} men saknar Analys. Skriv vad som gjort att målet inte nås och vad som görs framåt.`,
        goal.source,
        "analysis",
      );
    if (goal.assessment !== undefined && suggestion !== undefined && goal.assessment !== suggestion)
      emit(
        "info",
        CODES.assessmentDiffers,
        `Målet ”${goal.id}” har Bedömning ${goal.assessment} men dess indikatorer, aktiviteter och delmål tyder på ${suggestion}. Kontrollera bedömningen eller förklara den i Analys.`,
        goal.source,
        "assessment",
      );
  }
  for (const { indicator, rule } of result.indicators.values()) {
    if (
      indicator.assessment !== undefined &&
      rule.assessment !== undefined &&
      indicator.assessment !== rule.assessment
    )
      emit(
        "info",
        CODES.assessmentDiffers,
        `Indikatorn ”${indicator.id}” har Bedömning ${indicator.assessment} men regeln ger ${rule.assessment}: ${rule.basis}`,
        indicator.source,
        "assessment",
      );
    else if (
      rule.assessment === undefined &&
      indicator.assessment === undefined &&
      indicator.direction === undefined &&
      indicator.target.kind === "number" &&
      indicator[REPORTED_OUTCOME[result.document].key] !== undefined
    )
      emit(
        "info",
        CODES.directionMissing,
        `Indikatorn ”${indicator.id}” kan inte bedömas: Riktning saknas. Välj Högre är bättre eller Lägre är bättre, eller fyll i Bedömning.`,
        indicator.source,
        "direction",
      );
  }
  for (const a of plan.activities)
    if (a.status === "Avvikelse" && !a.comment?.trim())
      emit(
        "warning",
        CODES.deviationWithoutComment,
        `Aktiviteten ”${a.id}” har status Avvikelse men ingen kommentar. Beskriv vad som avviker och varför.`,
        a.source,
        "comment",
      );
}

function checkAreas(plan: Plan, tree: AreaTree, emit: Emit): void {
  for (const { area, reason } of tree.broken) {
    emit(
      "error",
      CODES.areaTree,
      reason === "unknown"
        ? `Verksamhetsområdet ”${area.code}” har det överordnade området ”${area.parent ?? ""}”, som inte finns i kolumnen Kod.`
        : `Verksamhetsområdet ”${area.code}” ligger i en cirkel av överordnade områden. Rätta kolumnen Överordnat.`,
      area.source,
      "parent",
    );
  }
  for (const area of plan.areas) {
    if (area.outsideSubtotal && area.parent !== undefined)
      emit(
        "warning",
        CODES.areaTree,
        `”Utanför delsumma” gäller bara områden på översta nivån; ”${area.code}” har ett överordnat område.`,
        area.source,
        "outsideSubtotal",
      );
  }
}

function checkGoals(plan: Plan, goals: ReadonlyMap<string, Goal>, tree: AreaTree, emit: Emit): void {
  const children = new Map<string, Goal[]>();
  for (const g of plan.goals) {
    if (g.parentId === undefined) continue;
    const list = children.get(g.parentId) ?? [];
    list.push(g);
    children.set(g.parentId, list);
  }
  const withContent = new Set<string>();
  for (const i of plan.indicators) withContent.add(i.goalId);
  for (const a of plan.activities) withContent.add(a.goalId);

  for (const g of plan.goals) {
    const level = levelIndex(g.level);
    if (g.area !== undefined && !tree.byCode.has(g.area) && !plan.areas.some((a) => a.name === g.area))
      emit(
        "error",
        CODES.unknownArea,
        `Målet ”${g.id}” har verksamhetsområdet ”${g.area}”, som inte finns på bladet Verksamhetsområden.`,
        g.source,
        "area",
      );
    if (level === 0) {
      if (g.parentId !== undefined)
        emit(
          "error",
          CODES.parentLevel,
          `Målet ”${g.id}” är ett KF:s inriktningsmål och ska inte ha något överordnat mål.`,
          g.source,
          "parent",
        );
    } else if (g.parentId === undefined) {
      emit(
        "error",
        CODES.parentMissing,
        `Målet ”${g.id}” (${g.level}) saknar överordnat mål. Ange Mål-ID för ett ${GOAL_LEVELS[level - 1]}.`,
        g.source,
        "parent",
      );
    } else {
      const parent = goals.get(g.parentId);
      if (!parent)
        emit(
          "error",
          CODES.parentMissing,
          `Målet ”${g.id}” pekar på det överordnade målet ”${g.parentId}”, som inte finns på bladet Mål.`,
          g.source,
          "parent",
        );
      else if (levelIndex(parent.level) !== level - 1)
        emit(
          "error",
          CODES.parentLevel,
          `Målet ”${g.id}” (${g.level}) ska länkas till ett ${GOAL_LEVELS[level - 1]}, men ”${parent.id}” är ett ${parent.level}.`,
          g.source,
          "parent",
        );
      else if (g.level === "KF:s mål för verksamhetsområdet" && !kfNumberFits(g.id, parent.id))
        emit(
          "warning",
          CODES.kfNumbering,
          `KF-målet ”${g.id}” hör till inriktningsmål ”${parent.id}” men är inte numrerat som ”${parent.id}.1”, ”${parent.id}.2” …`,
          g.source,
          "id",
        );
    }
    if (g.level === "Nämndmål" && plan.settings.level === "Nämnd" && !withContent.has(g.id))
      emit(
        "warning",
        CODES.boardGoalEmpty,
        `Nämndmålet ”${g.id}” har varken indikator eller aktivitet. Lägg till minst en så att målet kan följas upp.`,
        g.source,
        "id",
      );
    if (
      g.level === "KF:s mål för verksamhetsområdet" &&
      !(children.get(g.id) ?? []).some((c) => c.level === "Nämndmål")
    )
      emit("info", CODES.kfGoalWithoutBoardGoal, `KF-målet ”${g.id}” har inget nämndmål.`, g.source, "id");
  }
}

function kfNumberFits(id: string, parentId: string): boolean {
  if (!/^\d+$/.test(parentId)) return true; // only the city's numeric numbering is checked
  return new RegExp(`^${parentId}\\.\\d+\\.?$`).test(id);
}

function linkTo(
  goals: ReadonlyMap<string, Goal>,
  goalId: string,
  what: string,
  id: string,
  source: Source | undefined,
  emit: Emit,
): Goal | undefined {
  const goal = goals.get(goalId);
  if (!goal) {
    emit(
      "error",
      CODES.goalMissing,
      `${what} ”${id}” pekar på målet ”${goalId}”, som inte finns på bladet Mål.`,
      source,
      "goalId",
    );
    return undefined;
  }
  if (goal.level === "KF:s inriktningsmål")
    emit(
      "warning",
      CODES.parentLevel,
      `${what} ”${id}” hör till inriktningsmålet ”${goalId}”. Koppla den till ett KF-mål för verksamhetsområdet, ett nämndmål eller ett enhetsmål.`,
      source,
      "goalId",
    );
  return goal;
}

const isShare = (text: string) => /^andel/i.test(text.trim());

function targetKey(t: Target): string {
  return t.kind === "empty" ? "" : normalizeKey(t.raw);
}

function checkTarget(i: Indicator, target: Target, key: "target" | "kfTarget", emit: Emit): void {
  const header = key === "target" ? "Årsmål" : "KF:s årsmål";
  if (target.kind === "invalid") {
    emit(
      "error",
      CODES.targetUnreadable,
      `${header} ”${target.raw}” för indikatorn ”${i.id}” kan inte läsas. Skriv till exempel 69 %, 12 000, +/- 1 %, Max 10, Ökning, Tas fram av nämnd eller Fastställs 2025.`,
      i.source,
      key,
    );
    return;
  }
  const percent =
    (target.kind === "number" || target.kind === "max" || target.kind === "min") &&
    (target.unit === "%" || (target.unit === undefined && i.unit === "%"));
  if (percent && "value" in target && (target.value < 0 || target.value > 100))
    emit(
      "error",
      CODES.percentOutOfRange,
      `${header} ${formatTarget(target)} för indikatorn ”${i.id}” ligger utanför 0–100 %.`,
      i.source,
      key,
    );
  if (isShare(i.text) && target.kind === "number" && target.unit !== "%")
    emit(
      "warning",
      CODES.shareWithoutPercent,
      `Indikatorn ”${i.id}” är en andel men ${header} ”${target.raw}” saknar %. Skriv målet i procent, till exempel ${formatShortSv(target.value <= 1 ? target.value * 100 : target.value)} %, eller ändra indikatorns namn.`,
      i.source,
      key,
    );
}

function checkIndicators(plan: Plan, goals: ReadonlyMap<string, Goal>, emit: Emit): void {
  const byText = new Map<string, Indicator>();
  const doc = plan.settings.document;
  for (const i of plan.indicators) {
    const goal = linkTo(goals, i.goalId, "Indikatorn", i.id, i.source, emit);
    if (goal && (goal.level === "Nämndmål" || goal.level === "Enhetsmål") && i.target.kind === "empty")
      emit(
        "warning",
        CODES.targetMissing,
        `Indikatorn ”${i.id}” under ${goal.level.toLowerCase()} ”${goal.id}” saknar årsmål.`,
        i.source,
        "target",
      );
    checkTarget(i, i.target, "target", emit);
    checkTarget(i, i.kfTarget, "kfTarget", emit);
    if (i.unit !== undefined && !(INDICATOR_UNITS as readonly string[]).includes(i.unit)) {
      const printed = [i.target, i.kfTarget].some(
        (t) => "unit" in t && t.unit !== undefined && normalizeKey(t.unit) === normalizeKey(i.unit ?? ""),
      );
      if (!printed)
        emit(
          "warning",
          CODES.unknownUnit,
          `Enheten ”${i.unit}” för indikatorn ”${i.id}” är okänd. Använd ${INDICATOR_UNITS.join(", ")} eller samma enhet som i årsmålet.`,
          i.source,
          "unit",
        );
    }
    const key = normalizeKey(i.text);
    const first = byText.get(key);
    if (!first) byText.set(key, i);
    else if (targetKey(first.target) !== targetKey(i.target))
      emit(
        "warning",
        CODES.conflictingTargets,
        `Indikatorn ”${i.text}” har årsmålet ${formatTarget(i.target)} här men ${formatTarget(first.target)} i ”${first.id}”${first.source ? ` (rad ${first.source.row})` : ""}. Samma indikator bör ha samma mål.`,
        i.source,
        "target",
      );
    if (isFollowUp(doc)) checkOutcomes(plan, i, emit);
  }
}

function checkOutcomes(plan: Plan, i: Indicator, emit: Emit): void {
  const doc = plan.settings.document;
  const often = i.periodicity === "Tertial" || i.periodicity === "Kvartal" || i.periodicity === "Månad";
  const required: { key: "outcomeT1" | "outcomeT2" | "outcomeYear"; label: string }[] = [];
  if (doc === "Tertialrapport 1" && often) required.push({ key: "outcomeT1", label: "Utfall T1" });
  if (doc === "Tertialrapport 2") {
    if (often) required.push({ key: "outcomeT1", label: "Utfall T1" });
    if (often || i.periodicity === "Halvår") required.push({ key: "outcomeT2", label: "Utfall T2" });
  }
  if (doc === "Verksamhetsberättelse") required.push({ key: "outcomeYear", label: "Utfall helår" });
  // Without the column, UPF-KOLUMNER-SAKNAS says so once for the table.
  const hasColumn = (key: string) => i.source === undefined || i.source.table.columns.has(key);
  for (const r of required)
    if (i[r.key] === undefined && hasColumn(r.key))
      emit(
        "warning",
        CODES.outcomeMissing,
        `${r.label} saknas för indikatorn ”${i.id}” (periodicitet ${i.periodicity ?? "ej angiven"}), som ${doc.toLowerCase()} kräver.`,
        i.source,
        r.key,
      );
}

function checkActivities(plan: Plan, goals: ReadonlyMap<string, Goal>, emit: Emit): void {
  const year = plan.settings.planYear;
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const byText = new Map<string, { goalIds: Set<string>; first: string }>();
  for (const a of plan.activities) {
    linkTo(goals, a.goalId, "Aktiviteten", a.id, a.source, emit);
    if (a.start && a.end && a.start > a.end)
      emit(
        "error",
        CODES.startAfterEnd,
        `Aktiviteten ”${a.id}” börjar ${a.start}, efter sitt slutdatum ${a.end}.`,
        a.source,
        "start",
      );
    else if (year > 0 && a.end && a.end < yearStart)
      emit(
        "warning",
        CODES.outsidePlanYear,
        `Aktiviteten ”${a.id}” slutar ${a.end}, före planåret ${year}. Ta bort den eller flytta slutdatumet.`,
        a.source,
        "end",
      );
    else if (year > 0 && a.start && a.start > yearEnd)
      emit(
        "warning",
        CODES.outsidePlanYear,
        `Aktiviteten ”${a.id}” börjar ${a.start}, efter planåret ${year}.`,
        a.source,
        "start",
      );
    // Texts that differ only by a final full stop are the same activity (seed 004 has one).
    const key = normalizeKey(a.text).replace(/[.!;:\s]+$/, "");
    const seen = byText.get(key);
    if (!seen) byText.set(key, { goalIds: new Set([a.goalId]), first: a.id });
    else if (!seen.goalIds.has(a.goalId)) {
      seen.goalIds.add(a.goalId);
      emit(
        "info",
        CODES.sameActivityText,
        `Aktiviteten ”${a.id}” har samma text som ”${seen.first}” men hör till ett annat mål (${[...seen.goalIds].join(", ")}).`,
        a.source,
        "text",
      );
    }
    if (
      isFollowUp(plan.settings.document) &&
      a.status === undefined &&
      (a.source === undefined || a.source.table.columns.has("status"))
    )
      emit(
        "warning",
        CODES.statusMissing,
        `Status saknas för aktiviteten ”${a.id}”. Välj Ej påbörjad, Pågår, Klar eller Avvikelse.`,
        a.source,
        "status",
      );
  }
}

function checkBudget(plan: Plan, tree: AreaTree, emit: Emit, out: Finding[], rounding: boolean): void {
  const periods = plan.periods;
  for (const line of plan.budget) {
    if (!line.areaKnown)
      emit(
        "error",
        CODES.unknownArea,
        `Verksamhetsområdet ”${line.area}” finns inte på bladet Verksamhetsområden. Skriv en Kod eller ett Namn därifrån.`,
        line.source,
        "area",
      );
    if (line.post === "Netto") continue;
    line.amounts.forEach((amount, p) => {
      if (amount === null || amount === 0) return;
      const wrong = line.post === "Intäkter" ? amount > 0 : amount < 0;
      if (wrong)
        emit(
          "warning",
          CODES.signError,
          line.post === "Intäkter"
            ? `Intäkten ${formatNumberSv(amount, 0)} är positiv. Intäkter skrivs med minustecken; troligen teckenfel.`
            : `Kostnaden ${formatNumberSv(amount, 0)} är negativ. Kostnader skrivs utan minustecken; troligen teckenfel.`,
          line.source,
          `period:${periods[p]?.id ?? ""}`,
        );
    });
  }
  const totals = budgetTotals(plan, tree);
  const unit = plan.settings.inputUnit;
  for (const node of tree.order) {
    const own = totals.own.get(node.area.code);
    if (!own || !own.hasNetLines || !own.hasPostLines) continue;
    periods.forEach((period, p) => {
      const ki = (own.costs[p] ?? 0) + (own.revenues[p] ?? 0);
      const net = own.netLines[p] ?? 0;
      if (!sameAmount(ki, net)) {
        const line = plan.budget.find((l) => l.area === node.area.code && l.post === "Netto");
        emit(
          "error",
          CODES.netMismatch,
          `För ${node.area.name}, ${period.title}: Kostnader + Intäkter = ${formatNumberSv(ki, 1)} ${unit} men Netto = ${formatNumberSv(net, 1)} ${unit}.`,
          line?.source,
          `period:${period.id}`,
        );
      }
    });
  }
  const p = periods.findIndex((x) => x.isPlanPeriod);
  const settings = plan.settings;
  if (p >= 0 && settings.budgetFrame !== undefined) {
    const net = totals.total.net[p] ?? 0;
    if (!sameAmount(net, settings.budgetFrame))
      emit(
        "error",
        CODES.budgetFrame,
        `Nettobudgeten för ${periods[p]?.title ?? ""} är ${formatNumberSv(net, 1)} ${unit} men Budgetram netto är ${formatNumberSv(settings.budgetFrame, 1)} ${unit} (skillnad ${formatNumberSv(net - settings.budgetFrame, 1)} ${unit}).`,
        settings.sources.get("Budgetram netto"),
        "value",
      );
  }
  if (p >= 0 && settings.investmentFrame !== undefined && plan.investments) {
    const sum = plan.investments.reduce((s, l) => s + (l.amounts[p] ?? 0), 0);
    if (!sameAmount(sum, settings.investmentFrame))
      emit(
        "error",
        CODES.investmentFrame,
        `Investeringarna för ${periods[p]?.title ?? ""} är ${formatNumberSv(sum, 1)} ${unit} men Investeringsram är ${formatNumberSv(settings.investmentFrame, 1)} ${unit}.`,
        settings.sources.get("Investeringsram"),
        "value",
      );
  }
  if (rounding) out.push(...economyRoundingFindings(plan, tree, totals));
}
