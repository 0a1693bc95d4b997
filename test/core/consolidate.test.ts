import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import { consolidate, consolidateDigests, digestUnit, type UnitFile } from "../../src/core/consolidate";
import { contentToNeutral } from "../../src/core/layout";
import type { CellValue } from "../../src/core/sheet";
import { buildConsolidatedSummary } from "../../src/core/summary";
import { unitTemplateContent } from "../../src/core/unit-template";
import { exampleWorkbook } from "../../src/example";
import { withRows } from "../support/workbooks";
import { bu, filledUnitContent, unit } from "../support/units";

const board = analyzeWorkbook(contentToNeutral(exampleWorkbook()));
const unitContent = (name: string, parentGoal: string, budget: CellValue[][]) =>
  filledUnitContent(board.plan, name, parentGoal, budget);

describe("unit template", () => {
  const content = unitTemplateContent(board.plan, "Resursenheten");
  const { plan, findings } = analyzeWorkbook(contentToNeutral(content));

  it("is an Enhet of the nämnd with its periods and areas, and checks clean", () => {
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(plan.settings).toMatchObject({
      organisation: "Resursenheten",
      level: "Enhet",
      parentOrganisation: "Hägersten-Älvsjö stadsdelsnämnd",
      planYear: 2025,
    });
    expect(plan.periods.map((p) => p.id)).toEqual(board.plan.periods.map((p) => p.id));
    expect(plan.areas.map((a) => a.code)).toEqual(board.plan.areas.map((a) => a.code));
  });

  it("carries the nämnd's goal chain as a reference list, and empty tables for the unit's own", () => {
    expect(plan.goals.filter((g) => g.reference)).toHaveLength(3 + 16 + 27);
    expect(plan.goals.filter((g) => !g.reference)).toEqual([]);
    expect(plan.indicators).toEqual([]);
    expect(plan.budget).toEqual([]);
    expect(content.tables.find((t) => t.table === "NamndensMal")?.sheet).toBe("Nämndens mål");
  });

  it("links an Enhetsmål to a nämndmål of the reference list", () => {
    const filled = analyzeWorkbook(contentToNeutral(unitContent("Resursenheten", "N-1.1-a", bu(1000, -100))));
    expect(filled.findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});

describe("consolidation", () => {
  const a = unit("resursenheten.xlsx", unitContent("Resursenheten", "N-1.1-a", bu(100_000, -4_000)));
  // Enhet B filled in a template from an older goal list: its reference list still has N-9.9-z,
  // which the nämnd has since removed.
  const b = unit(
    "enhet-b.xlsx",
    withRows(unitContent("Enhet B", "N-9.9-z", bu(96_000, -3_000)), "NamndensMal", (rows) => [
      ...rows,
      ["N-9.9-z", "Nämndmål", "1.1", "Ett nämndmål som strukits", null],
    ]),
  );
  const again = unit("resursenheten-kopia.xlsx", unitContent("Resursenheten", "N-1.1-a", bu(1, -1)));
  const broken: UnitFile = {
    file: "trasig.xlsx",
    error: "Filen ”trasig.xlsx” kunde inte läsas: den verkar vara skadad.",
  };
  const foreign = unit("namnden.xlsx", exampleWorkbook());
  const result = consolidate(board, [a, b, again, broken, foreign]);

  it("lists one row per file, with organisation, errors, warnings and net per period", () => {
    expect(result.units.map((u) => [u.file, u.organisation, u.included])).toEqual([
      ["resursenheten.xlsx", "Resursenheten", true],
      ["enhet-b.xlsx", "Enhet B", true],
      ["resursenheten-kopia.xlsx", "Resursenheten", false],
      ["trasig.xlsx", "", false],
      ["namnden.xlsx", "Hägersten-Älvsjö stadsdelsnämnd", false],
    ]);
    expect(result.units[0]!.net).toEqual([96_000, 96_000, 96_000, 96_000, 96_000]);
    expect(result.units[1]!.errors).toBe(1);
  });

  it("names broken, foreign and duplicate files with the reason and skips them", () => {
    const skipped = result.findings.filter(
      (f) => f.code === CODES.skippedUnit || f.code === CODES.duplicateUnit,
    );
    expect(skipped.map((f) => f.file).sort()).toEqual([
      "namnden.xlsx",
      "resursenheten-kopia.xlsx",
      "trasig.xlsx",
    ]);
    expect(skipped.find((f) => f.file === "trasig.xlsx")?.message).toMatch(/skadad.*hoppas över/);
    expect(skipped.find((f) => f.file === "namnden.xlsx")?.message).toMatch(/nivån Nämnd/);
    expect(result.findings.find((f) => f.code === CODES.duplicateUnit)?.severity).toBe("error");
  });

  it("reports an Enhetsmål linked to a nämndmål that does not exist, at its cell in the unit's file", () => {
    const f = result.findings.filter((x) => x.code === CODES.unitGoalNotInBoard);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ file: "enhet-b.xlsx", sheet: "Mål", cell: "C2", severity: "error" });
  });

  it("sums the units' budgets per area in place of the nämnd's lines for that area", () => {
    const lines = result.plan.budget.filter((l) => l.area === "IFO-BU");
    expect(lines).toHaveLength(4);
    const net = lines.reduce((s, l) => s + (l.amounts[0] ?? 0), 0);
    expect(net).toBe(96_000 + 93_000);
    // Other areas keep the nämnd's own lines.
    const adm = (plan: typeof board.plan) =>
      plan.budget.filter((l) => l.area === "ADM").reduce((s, l) => s + (l.amounts[0] ?? 0), 0);
    expect(adm(result.plan)).toBe(adm(board.plan));
  });

  it("warns where the units' budget for an area differs from the nämnd's", () => {
    const f = result.findings.filter((x) => x.code === CODES.unitBudgetDiffers);
    expect(f).toHaveLength(5);
    expect(f[0]!.message).toMatch(
      /Barn och ungdom, VP 2025: enheterna budgeterar netto 189 000 tkr, nämnden 189 3\d\d tkr/,
    );
  });

  it("feeds the nämnd's summary: Enheter, Konsoliderad budget and ekonomi formulas over it", () => {
    const summary = buildConsolidatedSummary(result);
    expect(summary.sheets.map((s) => s.name)).toEqual([
      "Enheter",
      "Konsoliderad budget",
      "Sammanställning ekonomi",
      "Sammanställning mål",
      "Kontroll",
    ]);
    const bu = summary.economy.tables.find((t) => t.title === "Barn och ungdom")!;
    expect(bu.rows.find((r) => r.label === "Netto")!.values[0]).toBeCloseTo(189, 9);
    const formulas = summary.sheets[2]!.rows.flat().filter(
      (c) => c?.formula?.includes("SUMIFS") && !c.formula.includes("Investeringar["),
    );
    expect(formulas.length).toBeGreaterThan(0);
    for (const c of formulas) expect(c!.formula).toContain("KonsolideradBudget[");
    const kontroll = summary.sheets[4]!.rows.flat().map((c) => c?.value);
    expect(kontroll).toContain("enhet-b.xlsx › Mål");
  });
});

describe("consolidation in two steps: a digest per unit, then the merge", () => {
  const a = unit("resursenheten.xlsx", unitContent("Resursenheten", "N-1.1-a", bu(100_000, -4_000)));
  const b = unit(
    "enhet-b.xlsx",
    withRows(unitContent("Enhet B", "N-9.9-z", bu(96_000, -3_000)), "NamndensMal", (rows) => [
      ...rows,
      ["N-9.9-z", "Nämndmål", "1.1", "Ett nämndmål som strukits", null],
    ]),
  );
  // Linked to a nämndmål that neither the nämnd nor the unit's reference list has.
  const c = unit(
    "enhet-c.xlsx",
    unitContent("Enhet C", "N-8.8-x", [["OKÄNT", "Netto", null, 1, 2, 3, 4, 5]]),
  );
  const tkr = unit(
    "enhet-kr.xlsx",
    withRows(unitContent("Enhet Kr", "N-1.1-a", bu(5_000, -1_000)), "Installningar", (rows) =>
      rows.map((r) => (r[0] === "Beloppsenhet i indata" ? [r[0], "kr"] : r)),
    ),
  );
  const other = unit(
    "annan.xlsx",
    withRows(unitContent("Enhet D", "N-1.1-a", bu(1, -1)), "Installningar", (rows) =>
      rows.map((r) => (r[0] === "Överordnad organisation" ? [r[0], "Någon annan nämnd"] : r)),
    ),
  );
  const again = unit("kopia.xlsx", unitContent("resursenheten", "N-1.1-a", bu(1, -1)));
  const broken: UnitFile = { file: "trasig.xlsx", error: "Filen är skadad." };
  const unread: UnitFile = { file: "tom.xlsx" };
  const foreign = unit("namnden.xlsx", exampleWorkbook());
  const files = [a, b, c, tkr, other, again, broken, unread, foreign];

  it("gives what consolidate gives, also with the digests through JSON (as from a worker)", () => {
    const digests = files.map((f) => digestUnit(f));
    const expected = consolidate(board, files);
    expect(consolidateDigests(board, digests)).toStrictEqual(expected);
    const wire = digests.map((d) => JSON.parse(JSON.stringify(d)) as typeof d);
    expect(wire).toStrictEqual(digests);
    expect(consolidateDigests(board, wire)).toStrictEqual(expected);
    expect(expected.units.map((u) => u.included)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    // Enhet C's own check already says its nämndmål is missing, at the same cell: said once.
    const links = expected.findings.filter(
      (f) => f.code === CODES.unitGoalNotInBoard || f.code === CODES.parentMissing,
    );
    expect(links.map((f) => [f.file, f.code, f.cell])).toEqual([
      ["enhet-b.xlsx", CODES.unitGoalNotInBoard, "C2"],
      ["enhet-c.xlsx", CODES.parentMissing, "C2"],
    ]);
    expect(expected.units[3]!.net).toEqual([4, 4, 4, 4, 4]);
  });

  it("a digest holds the unit's settings, periods, lines, links and findings, nothing of the board", () => {
    const digest = digestUnit(a);
    if ("error" in digest) throw new Error("expected a read unit");
    expect(digest).toMatchObject({
      file: "resursenheten.xlsx",
      organisation: "Resursenheten",
      level: "Enhet",
      parentOrganisation: "Hägersten-Älvsjö stadsdelsnämnd",
      inputUnit: board.plan.settings.inputUnit,
      net: [96_000, 96_000, 96_000, 96_000, 96_000],
      goalLinks: [{ id: "E-1", parentId: "N-1.1-a", sheet: "Mål", cell: "C2" }],
    });
    expect(digest.periods).toEqual(board.plan.periods.map((p) => ({ id: p.id, title: p.title })));
    expect(digest.budget.map((l) => [l.area, l.post, l.specification, l.amounts[0], l.sheet])).toEqual([
      ["IFO-BU", "Kostnader", "Personal", 100_000, "Budget"],
      ["IFO-BU", "Intäkter", "Statsbidrag", -4_000, "Budget"],
    ]);
    expect(digest.findings.every((f) => f.file === "resursenheten.xlsx")).toBe(true);
    expect(digestUnit(broken)).toEqual({ file: "trasig.xlsx", error: "Filen är skadad." });
    expect(digestUnit(unread)).toEqual({ file: "tom.xlsx", error: "Filen kunde inte läsas." });
    expect(digestUnit(foreign)).toMatchObject({ level: "Nämnd", budget: [], findings: [] });
  });

  it("a digest's findings are the unit's own check's, but the rounding notes of its summary", () => {
    // 15,4 and 135,4 tkr show as 15 and 135 in the unit's ekonomi summary (whole tkr), their
    // total 150,8 as 151: a rounding note (info). The revenue has the wrong sign: a warning.
    const rounding = unit(
      "avrundning.xlsx",
      unitContent("Avrundning", "N-1.1-a", [
        ["IFO-BU", "Kostnader", "Personal", 15.4, 15.4, 15.4, 15.4, 15.4],
        ["ADM", "Kostnader", "Lokaler", 135.4, 135.4, 135.4, 135.4, 135.4],
        ["ADM", "Intäkter", "Hyror", 10, -10, -10, -10, -10],
      ]),
    );
    const own = analyzeWorkbook(rounding.workbook!).findings;
    expect(own.some((f) => f.code === CODES.rounding)).toBe(true);
    const digest = digestUnit(rounding);
    if ("error" in digest) throw new Error("expected a read unit");
    expect(digest.findings).toStrictEqual(
      own.filter((f) => f.code !== CODES.rounding).map((f) => ({ ...f, file: "avrundning.xlsx" })),
    );
    expect(digest.findings.map((f) => f.code)).toContain(CODES.signError);
  });
});
