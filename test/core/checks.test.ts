import type { WorkbookContent } from "../../src/core/content";
import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import type { Finding } from "../../src/core/findings";
import { goodContent, neutral, withCell, withRoundingDifference, withRows } from "../support/workbooks";

const run = (content: WorkbookContent) => analyzeWorkbook(neutral(content)).findings;
const codes = (findings: readonly Finding[]) => findings.map((f) => f.code);

describe("the good workbook", () => {
  it("gives no findings at all", () => {
    expect(run(goodContent())).toEqual([]);
  });

  it("reads settings, periods, areas, goals, indicators, activities, budget and investments", () => {
    const { plan } = analyzeWorkbook(neutral(goodContent()));
    expect(plan.settings).toMatchObject({
      organisation: "Testnämnden",
      planYear: 2025,
      budgetFrame: 150_000,
      inputUnit: "tkr",
    });
    expect(plan.periods.map((p) => p.id)).toEqual(["VP2025", "VP2024", "BS2023"]);
    expect(plan.periods.filter((p) => p.isPlanPeriod).map((p) => p.id)).toEqual(["VP2025"]);
    expect(plan.comparisons).toHaveLength(1);
    expect(plan.tableColumns[0]?.columns).toEqual(["VP2025", "VP2024", "Jmf budget 2024-2025"]);
    expect(plan.areas.map((a) => [a.code, a.parent ?? null, a.ownTable])).toEqual([
      ["ADM", null, true],
      ["IFO", null, true],
      ["IFO-BU", "IFO", true],
    ]);
    expect(plan.goals.map((g) => g.id)).toEqual(["1", "1.1", "N-1.1-a"]);
    expect(plan.goals[2]?.agenda2030).toEqual([3, 4, 10]);
    expect(plan.indicators[1]?.target).toMatchObject({ kind: "number", value: 12000 });
    expect(plan.indicators[1]?.kfTarget).toMatchObject({ kind: "set_elsewhere" });
    expect(plan.activities[1]).toMatchObject({ start: "2025-01-01", end: "2025-12-31" });
    expect(plan.budget.map((b) => b.amounts)).toEqual([
      [20_000, 19_000, 18_000],
      [-5_000, -4_000, -3_000],
      [30_000, 29_000, 28_000],
      [110_000, 105_000, 100_000],
      [-5_000, -5_000, -5_000],
    ]);
    expect(plan.investments?.map((l) => l.amounts[0])).toEqual([20_000, 10_000]);
  });

  it("accepts any column order and extra columns", () => {
    const content = goodContent();
    const shuffled: WorkbookContent = {
      tables: content.tables.map((t) => {
        const order = t.headers.map((_, i) => i).reverse();
        return {
          ...t,
          headers: [...order.map((i) => t.headers[i] ?? ""), "Egna anteckningar"],
          rows: t.rows.map((r) => [...order.map((i) => r[i] ?? null), "min kommentar"]),
        };
      }),
    };
    expect(run(shuffled)).toEqual([]);
    expect(analyzeWorkbook(neutral(shuffled)).plan.budget[3]?.amounts).toEqual([110_000, 105_000, 100_000]);
  });
});

interface Case {
  readonly name: string;
  readonly code: string;
  readonly severity: Finding["severity"];
  readonly sheet?: string;
  readonly cell?: string;
  readonly make: (c: WorkbookContent) => WorkbookContent;
}

const dropTable = (name: string) => (c: WorkbookContent) => ({
  tables: c.tables.filter((t) => t.table !== name),
});

const cases: Case[] = [
  {
    name: "missing table",
    code: CODES.missingTable,
    severity: "error",
    sheet: "Mål",
    make: dropTable("Mal"),
  },
  {
    name: "missing required column",
    code: CODES.missingColumn,
    severity: "error",
    sheet: "Aktiviteter",
    cell: "A1",
    make: (c) => ({
      tables: c.tables.map((t) =>
        t.table === "Aktiviteter"
          ? { ...t, headers: t.headers.map((h) => (h === "Mål-ID" ? "Målid?" : h)) }
          : t,
      ),
    }),
  },
  {
    name: "unknown Nivå",
    code: CODES.unknownValue,
    severity: "error",
    sheet: "Mål",
    cell: "B4",
    make: (c) => withCell(c, "Mal", 2, "Nivå", "Nämdmål"),
  },
  {
    name: "unknown Post",
    code: CODES.unknownValue,
    severity: "error",
    sheet: "Budget",
    cell: "B2",
    make: (c) => withCell(c, "Budget", 0, "Post", "Kostnad"),
  },
  {
    name: "unknown Periodicitet",
    code: CODES.unknownValue,
    severity: "error",
    sheet: "Indikatorer",
    cell: "G3",
    make: (c) => withCell(c, "Indikatorer", 1, "Periodicitet", "Varje vecka"),
  },
  {
    name: "unknown Enhet",
    code: CODES.unknownUnit,
    severity: "warning",
    sheet: "Indikatorer",
    cell: "D3",
    make: (c) => withCell(c, "Indikatorer", 1, "Enhet", "furlong"),
  },
  {
    name: "unreadable amount",
    code: CODES.badNumber,
    severity: "error",
    sheet: "Budget",
    cell: "E3",
    make: (c) => withCell(c, "Budget", 1, "VP 2024", "ca 40"),
  },
  {
    name: "Excel error in an amount",
    code: CODES.badNumber,
    severity: "error",
    sheet: "Budget",
    cell: "D4",
    make: (c) => withCell(c, "Budget", 2, "VP 2025", { error: "#N/A" }),
  },
  {
    name: "unreadable date",
    code: CODES.badDate,
    severity: "error",
    sheet: "Aktiviteter",
    cell: "D2",
    make: (c) => withCell(c, "Aktiviteter", 0, "Startdatum", "1 april"),
  },
  {
    name: "duplicate Mål-ID",
    code: CODES.duplicateId,
    severity: "error",
    sheet: "Mål",
    cell: "A4",
    make: (c) => withCell(c, "Mal", 2, "Mål-ID", "1.1"),
  },
  {
    name: "duplicate Indikator-ID",
    code: CODES.duplicateId,
    severity: "error",
    sheet: "Indikatorer",
    cell: "A3",
    make: (c) => withCell(c, "Indikatorer", 1, "Indikator-ID", "I-1"),
  },
  {
    name: "duplicate Kod",
    code: CODES.duplicateId,
    severity: "error",
    sheet: "Verksamhetsområden",
    cell: "A3",
    make: (c) => withCell(c, "Verksamhetsomraden", 1, "Kod", "adm"),
  },
  {
    name: "missing Planår",
    code: CODES.badSetting,
    severity: "error",
    sheet: "Inställningar",
    cell: "B4",
    make: (c) => withCell(c, "Installningar", 2, "Värde", "nästa år"),
  },
  {
    name: "no plan period",
    code: CODES.badPeriods,
    severity: "error",
    sheet: "Inställningar",
    make: (c) => withCell(c, "Perioder", 0, "Planperiod", "Nej"),
  },
  {
    name: "parent goal missing",
    code: CODES.parentMissing,
    severity: "error",
    sheet: "Mål",
    cell: "C4",
    make: (c) => withCell(c, "Mal", 2, "Överordnat mål", "9.9"),
  },
  {
    name: "parent at the wrong level",
    code: CODES.parentLevel,
    severity: "error",
    sheet: "Mål",
    cell: "C4",
    make: (c) => withCell(c, "Mal", 2, "Överordnat mål", "1"),
  },
  {
    name: "KF numbering inconsistent with parent",
    code: CODES.kfNumbering,
    severity: "warning",
    sheet: "Mål",
    cell: "A5",
    make: (c) =>
      withRows(c, "Mal", (rows) => [
        ...rows,
        ["2.3", "KF:s mål för verksamhetsområdet", "1", "Fel numrerat", null, null, null, null],
        ["N-2.3-a", "Nämndmål", "2.3", "Ett nämndmål", null, null, null, null],
      ]),
  },
  {
    name: "indicator pointing to a missing goal",
    code: CODES.goalMissing,
    severity: "error",
    sheet: "Indikatorer",
    cell: "B2",
    make: (c) => withCell(c, "Indikatorer", 0, "Mål-ID", "7.7"),
  },
  {
    name: "activity pointing to a missing goal",
    code: CODES.goalMissing,
    severity: "error",
    sheet: "Aktiviteter",
    cell: "B3",
    make: (c) => withCell(c, "Aktiviteter", 1, "Mål-ID", "N-x"),
  },
  {
    name: "nämndmål with neither indicator nor activity",
    code: CODES.boardGoalEmpty,
    severity: "warning",
    sheet: "Mål",
    cell: "A5",
    make: (c) =>
      withRows(c, "Mal", (rows) => [
        ...rows,
        ["N-1.1-b", "Nämndmål", "1.1", "Tomt mål", null, null, null, null],
      ]),
  },
  {
    name: "KF goal with no nämndmål",
    code: CODES.kfGoalWithoutBoardGoal,
    severity: "info",
    sheet: "Mål",
    cell: "A5",
    make: (c) =>
      withRows(c, "Mal", (rows) => [
        ...rows,
        ["1.2", "KF:s mål för verksamhetsområdet", "1", "Ett KF-mål utan nämndmål", null, null, null, null],
      ]),
  },
  {
    name: "budget line on an unknown area",
    code: CODES.unknownArea,
    severity: "error",
    sheet: "Budget",
    cell: "A3",
    make: (c) => withCell(c, "Budget", 1, "Verksamhetsområde", "XYZ"),
  },
  {
    name: "goal on an unknown area",
    code: CODES.unknownArea,
    severity: "error",
    sheet: "Mål",
    cell: "E4",
    make: (c) => withCell(c, "Mal", 2, "Verksamhetsområde", "XYZ"),
  },
  {
    name: "area with an unknown parent",
    code: CODES.areaTree,
    severity: "error",
    sheet: "Verksamhetsområden",
    cell: "C4",
    make: (c) => withCell(c, "Verksamhetsomraden", 2, "Överordnat", "IF0"),
  },
  {
    name: "missing Årsmål on a nämndmål indicator",
    code: CODES.targetMissing,
    severity: "warning",
    sheet: "Indikatorer",
    cell: "E3",
    make: (c) => withCell(c, "Indikatorer", 1, "Årsmål", null),
  },
  {
    name: "unreadable target",
    code: CODES.targetUnreadable,
    severity: "error",
    sheet: "Indikatorer",
    cell: "E2",
    make: (c) => withCell(c, "Indikatorer", 0, "Årsmål", "ungefär som förra året"),
  },
  {
    name: "percent target outside 0–100",
    code: CODES.percentOutOfRange,
    severity: "error",
    sheet: "Indikatorer",
    cell: "E2",
    make: (c) => withCell(c, "Indikatorer", 0, "Årsmål", "120 %"),
  },
  {
    name: "share whose target has no %",
    code: CODES.shareWithoutPercent,
    severity: "warning",
    sheet: "Indikatorer",
    cell: "E2",
    make: (c) => withCell(c, "Indikatorer", 0, "Årsmål", "0,04"),
  },
  {
    name: "same indicator text with different targets",
    code: CODES.conflictingTargets,
    severity: "warning",
    sheet: "Indikatorer",
    cell: "E5",
    make: (c) =>
      withRows(c, "Indikatorer", (rows) => [
        ...rows,
        ["I-4", "N-1.1-a", "Andel nöjda barn", "%", "75 %", null, "År", null],
      ]),
  },
  {
    name: "activity starting after its end",
    code: CODES.startAfterEnd,
    severity: "error",
    sheet: "Aktiviteter",
    cell: "D2",
    make: (c) => withCell(c, "Aktiviteter", 0, "Startdatum", "2026-01-01"),
  },
  {
    name: "activity ending before the plan year",
    code: CODES.outsidePlanYear,
    severity: "warning",
    sheet: "Aktiviteter",
    cell: "E2",
    make: (c) =>
      withCell(
        withCell(c, "Aktiviteter", 0, "Startdatum", "2024-01-01"),
        "Aktiviteter",
        0,
        "Slutdatum",
        "2024-08-31",
      ),
  },
  {
    name: "activity starting after the plan year",
    code: CODES.outsidePlanYear,
    severity: "warning",
    sheet: "Aktiviteter",
    cell: "D2",
    make: (c) =>
      withCell(
        withCell(c, "Aktiviteter", 0, "Startdatum", "2026-02-01"),
        "Aktiviteter",
        0,
        "Slutdatum",
        "2026-12-31",
      ),
  },
  {
    name: "same activity text under several goals",
    code: CODES.sameActivityText,
    severity: "info",
    sheet: "Aktiviteter",
    cell: "C4",
    make: (c) =>
      withRows(c, "Aktiviteter", (rows) => [
        ...rows,
        ["A-3", "1.1", "Genomföra medborgardialoger", null, null, null],
      ]),
  },
  {
    name: "Kostnader + Intäkter ≠ Netto",
    code: CODES.netMismatch,
    severity: "error",
    sheet: "Budget",
    cell: "D7",
    make: (c) => withRows(c, "Budget", (rows) => [...rows, ["ADM", "Netto", null, 15_001, 15_000, 15_000]]),
  },
  {
    name: "net total ≠ Budgetram netto",
    code: CODES.budgetFrame,
    severity: "error",
    sheet: "Inställningar",
    cell: "B9",
    make: (c) => withCell(c, "Installningar", 7, "Värde", 149_999),
  },
  {
    name: "investments ≠ Investeringsram",
    code: CODES.investmentFrame,
    severity: "error",
    sheet: "Inställningar",
    cell: "B10",
    make: (c) => withCell(c, "Installningar", 8, "Värde", 25_000),
  },
  {
    name: "Intäkter entered positive",
    code: CODES.signError,
    severity: "warning",
    sheet: "Budget",
    cell: "E3",
    make: (c) => withCell(c, "Budget", 1, "VP 2024", 4_000),
  },
  {
    name: "Kostnader entered negative",
    code: CODES.signError,
    severity: "warning",
    sheet: "Budget",
    cell: "F4",
    make: (c) => withCell(c, "Budget", 2, "Bokslut 2023", -28_000),
  },
  {
    name: "displayed rows that do not add up to the displayed total",
    code: CODES.rounding,
    severity: "info",
    make: withRoundingDifference,
  },
];

describe.each(cases)("check: $name", ({ code, severity, sheet, cell, make }) => {
  it(`reports ${code} (${severity}) at the cell`, () => {
    const findings = run(make(goodContent())).filter((f) => f.code === code);
    expect(findings.length).toBeGreaterThan(0);
    const f = findings[0]!;
    expect(f.severity).toBe(severity);
    if (sheet) expect(f.sheet).toBe(sheet);
    if (cell) expect(f.cell).toBe(cell);
    expect(f.message).toMatch(/[a-zåäö]/i);
  });

  it("stays silent on the good workbook", () => {
    expect(codes(run(goodContent()))).not.toContain(code);
  });
});
