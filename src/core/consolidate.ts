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
import { normalizeKey, type AmountUnit, type OrgLevel, type Post } from "./spec";
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
function periodMap(board: readonly Period[], unit: readonly UnitPeriod[]): (number | undefined)[] {
  const byId = new Map(unit.map((p, i) => [normalizeKey(p.id), i]));
  const byTitle = new Map(unit.map((p, i) => [normalizeKey(p.title), i]));
  return board.map((p) => byId.get(normalizeKey(p.id)) ?? byTitle.get(normalizeKey(p.title)));
}

function count(findings: readonly Finding[], severity: Finding["severity"]): number {
  let n = 0;
  for (const f of findings) if (f.severity === severity) n++;
  return n;
}

/** A unit's period as the merge needs it. */
export interface UnitPeriod {
  readonly id: string;
  readonly title: string;
}

/** A unit's budget line as the unit's plan has it. */
export interface UnitBudgetLine {
  /** The area as the unit's plan reads it: its Kod there, or the text as entered when unknown. */
  readonly area: string;
  readonly post: Post;
  readonly specification?: string;
  /** One amount per unit period, in the unit's input unit; `null` = blank. */
  readonly amounts: readonly (number | null)[];
  /** The sheet the line is on, for findings. */
  readonly sheet?: string;
}

/** An Enhetsmål's link to its nämndmål, with the cell of the link. */
export interface UnitGoalLink {
  readonly id: string;
  readonly parentId: string;
  readonly sheet?: string;
  readonly cell?: string;
}

/** A file that could not be read. */
export interface UnreadUnitDigest {
  readonly file: string;
  /** Swedish reason. */
  readonly error: string;
}

/**
 * What the consolidation needs of a unit's workbook that was read. For a file that is no unit
 * plan (`notPlan`, or a level other than Enhet) the lists are empty: the merge skips it.
 */
export interface ReadUnitDigest {
  readonly file: string;
  readonly organisation: string;
  readonly level: OrgLevel;
  readonly parentOrganisation?: string;
  /** Not a workbook from Verksamhetsplan för Excel: no Budget table, or no Organisation. */
  readonly notPlan?: true;
  readonly inputUnit: AmountUnit;
  readonly periods: readonly UnitPeriod[];
  /** The unit's net per unit period, in its input unit (its budget's total). */
  readonly net: readonly number[];
  readonly budget: readonly UnitBudgetLine[];
  /** The Enhetsmål that link to a parent goal. */
  readonly goalLinks: readonly UnitGoalLink[];
  /**
   * The unit's own findings (read and checks, but the info-only rounding notes of its own ekonomi
   * summary, which a consolidation does not show), sorted, each with `file`.
   */
  readonly findings: readonly Finding[];
}

/**
 * A compact summary of one unit's file, independent of the board: what `digestUnit` makes (on a
 * worker thread, see `readManyFast`'s `digest` option) and `consolidateDigests` merges. Plain
 * data: survives JSON and structured clone; no key is set to `undefined`.
 */
export type UnitDigest = UnreadUnitDigest | ReadUnitDigest;

/** A finding of the unit's, with its file, without keys set to `undefined`. */
function unitFinding(f: Finding, file: string): Finding {
  return {
    severity: f.severity,
    code: f.code,
    message: f.message,
    ...(f.sheet !== undefined ? { sheet: f.sheet } : {}),
    ...(f.cell !== undefined ? { cell: f.cell } : {}),
    file,
  };
}

/** Reads and checks one unit's workbook into its digest. Pure; needs nothing from the board. */
export function digestUnit(unit: UnitFile): UnitDigest {
  if (!unit.workbook) return { file: unit.file, error: unit.error ?? "Filen kunde inte läsas." };
  const hasBudget = unit.workbook.tables.some((t) => normalizeKey(t.name) === "budget");
  // A consolidation never shows a unit's own ekonomi summary: no rounding notes for it (info).
  const analysis = analyzeWorkbook(unit.workbook, { roundingNotes: false });
  const read = analysis.plan.settings;
  const settings = {
    organisation: read.organisation,
    level: read.level,
    ...(read.parentOrganisation !== undefined ? { parentOrganisation: read.parentOrganisation } : {}),
    inputUnit: read.inputUnit,
  };
  // A file the merge skips whatever the board: its settings suffice.
  const empty = { periods: [], net: [], budget: [], goalLinks: [], findings: [] };
  if (!hasBudget || !settings.organisation) return { file: unit.file, ...settings, notPlan: true, ...empty };
  if (settings.level !== "Enhet") return { file: unit.file, ...settings, ...empty };

  const up = analysis.plan;
  const goalLinks: UnitGoalLink[] = [];
  for (const g of up.goals) {
    if (g.level !== "Enhetsmål" || g.parentId === undefined) continue;
    const column = g.source?.table.columns.get("parent");
    const cell = g.source && column !== undefined ? cellAddress(g.source.row, column) : undefined;
    goalLinks.push({
      id: g.id,
      parentId: g.parentId,
      ...(g.source ? { sheet: g.source.table.sheet } : {}),
      ...(cell !== undefined ? { cell } : {}),
    });
  }
  return {
    file: unit.file,
    ...settings,
    periods: up.periods.map((p) => ({ id: p.id, title: p.title })),
    net: Array.from(budgetTotals(up, buildAreaTree(up.areas)).total.net),
    budget: up.budget.map((line) => ({
      area: line.area,
      post: line.post,
      ...(line.specification ? { specification: line.specification } : {}),
      amounts: line.amounts,
      ...(line.source ? { sheet: line.source.table.sheet } : {}),
    })),
    goalLinks,
    findings: analysis.findings.map((f) => unitFinding(f, unit.file)),
  };
}

/** Consolidates the units' files into the board's plan: `consolidateDigests` over `digestUnit`. */
export function consolidate(board: Analysis, files: readonly UnitFile[]): Consolidation {
  return consolidateDigests(
    board,
    files.map((file) => digestUnit(file)),
  );
}

/**
 * Merges the units' digests into the board's plan: decides what counts (other nämnd, duplicate
 * units), maps areas, periods and amount units onto the board's, and reports.
 */
export function consolidateDigests(board: Analysis, digests: readonly UnitDigest[]): Consolidation {
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

  for (const unit of digests) {
    if ("error" in unit) {
      skip(unit.file, "", unit.error);
      continue;
    }
    const organisation = unit.organisation;
    if (unit.notPlan) {
      skip(
        unit.file,
        organisation,
        "Filen är inte en arbetsbok från Verksamhetsplan för Excel (tabellen Budget eller Organisation saknas).",
      );
      continue;
    }
    if (unit.level !== "Enhet") {
      skip(
        unit.file,
        organisation,
        `Arbetsboken gäller ”${organisation}” på nivån ${unit.level}, inte en enhet.`,
      );
      continue;
    }
    const parent = unit.parentOrganisation;
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

    const unitFindings: Finding[] = [...unit.findings];
    // Enhetsmål must link to a nämndmål of the board.
    for (const g of unit.goalLinks) {
      const target = boardGoals.get(normalizeKey(g.parentId));
      if (!target || target.level !== "Nämndmål") {
        // The unit's own check may already say the parent is missing from its reference list.
        if (
          unitFindings.some((f) => f.code === CODES.parentMissing && f.cell === g.cell && f.sheet === g.sheet)
        )
          continue;
        unitFindings.push({
          severity: "error",
          code: CODES.unitGoalNotInBoard,
          message: `${unit.file}: enhetsmålet ”${g.id}” länkar till nämndmålet ”${g.parentId}”, som inte finns bland nämndens mål.`,
          file: unit.file,
          ...(g.sheet !== undefined ? { sheet: g.sheet } : {}),
          ...(g.cell ? { cell: g.cell } : {}),
        });
      }
    }
    // The unit's budget lines in the board's periods, areas and unit.
    const map = periodMap(plan.periods, unit.periods);
    const factor = unitFactor(unit.inputUnit, plan.settings.inputUnit);
    const net = map.map((i) => (i === undefined ? null : (unit.net[i] ?? 0) * factor));
    for (const line of unit.budget) {
      const area = areaByKey.get(normalizeKey(line.area));
      if (!area) {
        unitFindings.push({
          severity: "error",
          code: CODES.unknownArea,
          message: `${unit.file}: verksamhetsområdet ”${line.area}” finns inte i nämndens områden; raden räknas inte.`,
          file: unit.file,
          ...(line.sheet !== undefined ? { sheet: line.sheet } : {}),
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
