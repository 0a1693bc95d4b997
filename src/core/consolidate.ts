/**
 * Consolidation: the units' workbooks that come back to the controller, summed into the nämnd's
 * plan. Pure: the adapters parse the files; this decides what counts and what is reported.
 */
import { analyzeWorkbook, type Analysis } from "./analyze";
import { unitFactor, sameAmount, buildAreaTree, budgetTotals } from "./budget";
import { CODES } from "./codes";
import { sortFindings, type Finding } from "./findings";
import type { BudgetLine, Period, Plan } from "./model";
import { cellAddress, type NeutralWorkbook } from "./sheet";
import { normalizeKey } from "./spec";
import { formatNumberSv } from "./values";

/** A unit's file as the adapter read it: a workbook, or why it could not be read. */
export interface UnitFile {
  readonly file: string;
  readonly workbook?: NeutralWorkbook;
  /** Swedish reason when the file could not be read (missing, not .xlsx, encrypted, broken). */
  readonly error?: string;
}

export interface UnitRow {
  readonly file: string;
  readonly organisation: string;
  readonly included: boolean;
  /** Why the file was skipped, when it was. */
  readonly reason?: string;
  readonly errors: number;
  readonly warnings: number;
  /** Net per board period, in the board's input unit; null where the unit has no such period. */
  readonly net: readonly (number | null)[];
}

export interface Consolidation {
  readonly units: readonly UnitRow[];
  /**
   * The consolidated budget in the board's periods and input unit: for every area the units
   * report on, the units' lines; for the other areas, the board's own lines.
   */
  readonly budget: readonly ConsolidatedLine[];
  /** The board's plan with the consolidated budget in place of its own. */
  readonly plan: Plan;
  /** The board's own findings plus the consolidation's, sorted. */
  readonly findings: readonly Finding[];
}

export interface ConsolidatedLine extends BudgetLine {
  /** The unit's Organisation, or the board's when the line is the board's own. */
  readonly unit: string;
}

/** Maps a unit's periods onto the board's: by Period-ID, else by Rubrik. */
function periodMap(board: readonly Period[], unit: readonly Period[]): (number | undefined)[] {
  const byId = new Map(unit.map((p, i) => [normalizeKey(p.id), i]));
  const byTitle = new Map(unit.map((p, i) => [normalizeKey(p.title), i]));
  return board.map((p) => byId.get(normalizeKey(p.id)) ?? byTitle.get(normalizeKey(p.title)));
}

function count(findings: readonly Finding[], severity: Finding["severity"]): number {
  return findings.filter((f) => f.severity === severity).length;
}

export function consolidate(board: Analysis, files: readonly UnitFile[]): Consolidation {
  const plan = board.plan;
  const findings: Finding[] = [];
  const units: UnitRow[] = [];
  const unitLines: ConsolidatedLine[] = [];
  const boardOrg = normalizeKey(plan.settings.organisation);
  const boardGoals = new Map(plan.goals.map((g) => [normalizeKey(g.id), g]));
  const areaByKey = new Map<string, string>();
  for (const a of plan.areas) {
    areaByKey.set(normalizeKey(a.code), a.code);
    areaByKey.set(normalizeKey(a.name), a.code);
  }
  const seen = new Map<string, string>();
  const none = plan.periods.map(() => null);

  const skip = (file: string, organisation: string, reason: string, code: string = CODES.skippedUnit) => {
    units.push({ file, organisation, included: false, reason, errors: 0, warnings: 0, net: none });
    findings.push({ severity: "error", code, message: `${file}: ${reason} Filen hoppas över.`, file });
  };

  for (const unit of files) {
    if (!unit.workbook) {
      skip(unit.file, "", unit.error ?? "Filen kunde inte läsas.");
      continue;
    }
    const analysis = analyzeWorkbook(unit.workbook);
    const up = analysis.plan;
    const organisation = up.settings.organisation;
    if (!unit.workbook.tables.some((t) => normalizeKey(t.name) === "budget") || !organisation) {
      skip(
        unit.file,
        organisation,
        "Filen är inte en arbetsbok från Verksamhetsplan för Excel (tabellen Budget eller Organisation saknas).",
      );
      continue;
    }
    if (up.settings.level !== "Enhet") {
      skip(
        unit.file,
        organisation,
        `Arbetsboken gäller ”${organisation}” på nivån ${up.settings.level}, inte en enhet.`,
      );
      continue;
    }
    const parent = up.settings.parentOrganisation;
    if (boardOrg && parent && normalizeKey(parent) !== boardOrg) {
      skip(
        unit.file,
        organisation,
        `Enheten ”${organisation}” hör till ”${parent}”, inte till ”${plan.settings.organisation}”.`,
      );
      continue;
    }
    const key = normalizeKey(organisation);
    const first = seen.get(key);
    if (first !== undefined) {
      skip(unit.file, organisation, `Enheten ”${organisation}” finns redan i ${first}.`, CODES.duplicateUnit);
      continue;
    }
    seen.set(key, unit.file);

    const unitFindings: Finding[] = analysis.findings.map((f) => ({ ...f, file: unit.file }));
    // Enhetsmål must link to a nämndmål of the board.
    for (const g of up.goals) {
      if (g.level !== "Enhetsmål" || g.parentId === undefined) continue;
      const target = boardGoals.get(normalizeKey(g.parentId));
      if (!target || target.level !== "Nämndmål") {
        const column = g.source?.table.columns.get("parent");
        const cell = g.source && column !== undefined ? cellAddress(g.source.row, column) : undefined;
        // The unit's own check may already say the parent is missing from its reference list.
        if (
          unitFindings.some(
            (f) => f.code === CODES.parentMissing && f.cell === cell && f.sheet === g.source?.table.sheet,
          )
        )
          continue;
        unitFindings.push({
          severity: "error",
          code: CODES.unitGoalNotInBoard,
          message: `${unit.file}: enhetsmålet ”${g.id}” länkar till nämndmålet ”${g.parentId}”, som inte finns bland nämndens mål.`,
          file: unit.file,
          ...(g.source ? { sheet: g.source.table.sheet } : {}),
          ...(cell ? { cell } : {}),
        });
      }
    }
    // The unit's budget lines in the board's periods, areas and unit.
    const map = periodMap(plan.periods, up.periods);
    const factor = unitFactor(up.settings.inputUnit, plan.settings.inputUnit);
    const unitTotals = budgetTotals(up, buildAreaTree(up.areas)).total.net;
    const net = map.map((i) => (i === undefined ? null : (unitTotals[i] ?? 0) * factor));
    for (const line of up.budget) {
      const area = areaByKey.get(normalizeKey(line.area));
      if (!area) {
        unitFindings.push({
          severity: "error",
          code: CODES.unknownArea,
          message: `${unit.file}: verksamhetsområdet ”${line.area}” finns inte i nämndens områden; raden räknas inte.`,
          file: unit.file,
          ...(line.source ? { sheet: line.source.table.sheet } : {}),
        });
        continue;
      }
      const amounts = map.map((i) => {
        const a = i === undefined ? null : (line.amounts[i] ?? null);
        return a === null ? null : a * factor;
      });
      unitLines.push({
        area,
        areaKnown: true,
        post: line.post,
        ...(line.specification ? { specification: line.specification } : {}),
        amounts,
        unit: organisation,
      });
    }
    findings.push(...unitFindings);
    units.push({
      file: unit.file,
      organisation,
      included: true,
      errors: count(unitFindings, "error"),
      warnings: count(unitFindings, "warning"),
      net,
    });
  }

  // Areas the units report on take the units' lines; the others keep the board's own.
  const covered = new Set(unitLines.map((l) => l.area));
  const boardLines: ConsolidatedLine[] = plan.budget
    .filter((l) => !covered.has(l.area))
    .map((l) => ({ ...l, unit: plan.settings.organisation }));
  const budget = [...unitLines, ...boardLines];
  findings.push(...budgetDifferences(plan, unitLines, covered));
  // Formulas cannot point at the board's Budget table for lines that came from the units.
  const { budgetTable: _ownTable, ...rest } = plan;
  const consolidated: Plan = { ...rest, budget };
  return { units, budget, plan: consolidated, findings: sortFindings([...board.findings, ...findings]) };
}

/** Units' net per area (the areas they book on) against the board's budget for the area. */
function budgetDifferences(
  plan: Plan,
  unitLines: readonly BudgetLine[],
  covered: ReadonlySet<string>,
): Finding[] {
  const out: Finding[] = [];
  const tree = buildAreaTree(plan.areas);
  const own = budgetTotals(plan, tree).own;
  const units = budgetTotals({ periods: plan.periods, budget: unitLines }, tree).own;
  const unit = plan.settings.inputUnit;
  for (const code of covered) {
    const b = own.get(code);
    const u = units.get(code);
    if (!b || !u) continue;
    const name = tree.byCode.get(code)?.area.name ?? code;
    plan.periods.forEach((period, p) => {
      const boardNet = b.net[p] ?? 0;
      const unitNet = u.net[p] ?? 0;
      if (!sameAmount(boardNet, unitNet))
        out.push({
          severity: "warning",
          code: CODES.unitBudgetDiffers,
          message: `${name}, ${period.title}: enheterna budgeterar netto ${formatNumberSv(unitNet, 0)} ${unit}, nämnden ${formatNumberSv(boardNet, 0)} ${unit} (skillnad ${formatNumberSv(unitNet - boardNet, 0)} ${unit}).`,
          sheet: "Budget",
        });
    });
  }
  return out;
}
