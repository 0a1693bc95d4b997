import fc from "fast-check";
import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import {
  activitySignal,
  assessIndicator,
  combineAssessments,
  followUp,
  missingFollowUpColumns,
  PARTIAL_BAND,
} from "../../src/core/followup";
import type { Activity, Indicator, Plan } from "../../src/core/model";
import { ASSESSMENTS, type Assessment } from "../../src/core/spec";
import { parseTarget } from "../../src/core/values";
import { filledFollowUpContent, withColumns } from "../support/followup";
import { goodContent, neutral, withCell, withRows } from "../support/workbooks";

/** The filled follow-up workbook of a document with one cell changed. */
const edited = (
  document: Parameters<typeof filledFollowUpContent>[0],
  table: string,
  row: number,
  header: string,
  value: string | number | null,
) => withCell(filledFollowUpContent(document), table, row, header, value);

const indicator = (target: string, extra: Partial<Indicator> = {}): Indicator => ({
  id: "I",
  goalId: "G",
  text: "Indikator",
  target: parseTarget(target),
  kfTarget: { kind: "empty" },
  ...extra,
});

const year = (target: string, outcome: number, extra: Partial<Indicator> = {}) =>
  assessIndicator(indicator(target, { outcomeYear: outcome, ...extra }), "Verksamhetsberättelse").assessment;

describe("indicator rule: outcome against årsmål", () => {
  it("higher is better: met at or above the target, partly within 10 % below, else not", () => {
    const up = { direction: "Högre är bättre" as const };
    expect(year("80 %", 80, up)).toBe("Uppfylls helt");
    expect(year("80 %", 95, up)).toBe("Uppfylls helt");
    expect(year("80 %", 72, up)).toBe("Uppfylls delvis");
    expect(year("80 %", 79.9, up)).toBe("Uppfylls delvis");
    expect(year("80 %", 71.9, up)).toBe("Uppfylls inte");
  });

  it("lower is better: met at or below, partly within 10 % above, else not", () => {
    const down = { direction: "Lägre är bättre" as const };
    expect(year("10 dagar", 9, down)).toBe("Uppfylls helt");
    expect(year("10 dagar", 11, down)).toBe("Uppfylls delvis");
    expect(year("10 dagar", 11.01, down)).toBe("Uppfylls inte");
    expect(year("2,9 GWh", 2.9, down)).toBe("Uppfylls helt");
  });

  it("bounds imply the direction; a tolerance compares the size of the deviation", () => {
    expect(year("Max 10 personer", 10)).toBe("Uppfylls helt");
    expect(year("Max 10 personer", 12)).toBe("Uppfylls inte");
    expect(year("Minst 80 %", 75)).toBe("Uppfylls delvis");
    expect(year("+/- 1 %", -0.8)).toBe("Uppfylls helt");
    expect(year("+/- 1 %", 1.05)).toBe("Uppfylls delvis");
    expect(year("+/- 1 %", -1.5)).toBe("Uppfylls inte");
  });

  it("uses the document's own period's outcome", () => {
    const i = indicator("50", {
      direction: "Högre är bättre",
      outcomeT1: 10,
      outcomeT2: 48,
      outcomeYear: 60,
    });
    expect(assessIndicator(i, "Tertialrapport 1").assessment).toBe("Uppfylls inte");
    expect(assessIndicator(i, "Tertialrapport 2").assessment).toBe("Uppfylls delvis");
    expect(assessIndicator(i, "Verksamhetsberättelse").assessment).toBe("Uppfylls helt");
    const r = assessIndicator(i, "Tertialrapport 2");
    expect(r.assessment && r.basis).toBe("Utfall T2 48 mot årsmål 50 (högre är bättre).");
  });

  it.each([
    ["Ökning", 5, { direction: "Högre är bättre" as const }, /riktning men ingen nivå/],
    ["Tas fram av nämnd", 5, {}, /inte satt/],
    ["Fastställs 2025", 5, {}, /inte satt/],
    ["", 5, {}, /Årsmål saknas/],
    ["80 %", 85, {}, /Riktning saknas/],
  ])("gives no assessment, with a reason, for årsmål %j", (target, outcome, extra, reason) => {
    const r = assessIndicator(indicator(target, { outcomeYear: outcome, ...extra }), "Verksamhetsberättelse");
    expect(r.assessment).toBeUndefined();
    expect("reason" in r && r.reason).toMatch(reason);
  });

  it("gives no assessment without the period's outcome", () => {
    const r = assessIndicator(
      indicator("80 %", { direction: "Högre är bättre", outcomeT1: 90 }),
      "Tertialrapport 2",
    );
    expect(r).toEqual({ reason: "Utfall T2 saknas." });
  });

  it("property: a better outcome never gives a worse assessment", () => {
    const rank = (a: Assessment | undefined) => (a ? ASSESSMENTS.indexOf(a) : -1);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: -20_000, max: 20_000, noNaN: true }),
        fc.double({ min: -20_000, max: 20_000, noNaN: true }),
        fc.boolean(),
        (target, a, b, higher) => {
          const [worse, better] = higher
            ? [Math.min(a, b), Math.max(a, b)]
            : [Math.max(a, b), Math.min(a, b)];
          const direction = higher ? ("Högre är bättre" as const) : ("Lägre är bättre" as const);
          const rw = year(String(target), worse, { direction });
          const rb = year(String(target), better, { direction });
          // ASSESSMENTS is ordered best first.
          return rank(rb) <= rank(rw);
        },
      ),
    );
  });

  it("property: the partly-met band is exactly PARTIAL_BAND of the target", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (target) => {
        const up = { direction: "Högre är bättre" as const };
        const edge = target * (1 - PARTIAL_BAND);
        return (
          year(String(target), edge, up) === "Uppfylls delvis" &&
          year(String(target), edge - target * 0.001, up) === "Uppfylls inte"
        );
      }),
    );
  });
});

describe("activity signals at the period end", () => {
  const act = (status: Activity["status"], start?: string, end?: string): Activity => ({
    id: "A",
    goalId: "G",
    text: "Aktivitet",
    ...(status ? { status } : {}),
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
  });

  it("maps each status", () => {
    expect(activitySignal(act("Klar"), "2025-04-30")).toBe("Uppfylls helt");
    expect(activitySignal(act("Avvikelse"), "2025-04-30")).toBe("Uppfylls delvis");
    expect(activitySignal(act(undefined), "2025-04-30")).toBeUndefined();
  });

  it("judges Pågår and Ej påbörjad by the dates", () => {
    expect(activitySignal(act("Pågår", "2025-01-01", "2025-12-31"), "2025-04-30")).toBe("Uppfylls helt");
    expect(activitySignal(act("Pågår", "2025-01-01", "2025-12-31"), "2025-12-31")).toBe("Uppfylls delvis");
    expect(activitySignal(act("Ej påbörjad", "2025-06-01", "2025-12-31"), "2025-04-30")).toBeUndefined();
    expect(activitySignal(act("Ej påbörjad", "2025-03-01", "2025-12-31"), "2025-04-30")).toBe(
      "Uppfylls delvis",
    );
    expect(activitySignal(act("Ej påbörjad", "2025-03-01", "2025-04-01"), "2025-04-30")).toBe(
      "Uppfylls inte",
    );
  });
});

describe("combining into a goal's suggestion", () => {
  it("met only when all are met; not met when none is met and most are not", () => {
    expect(combineAssessments([])).toBeUndefined();
    expect(combineAssessments(["Uppfylls helt", "Uppfylls helt"])).toBe("Uppfylls helt");
    expect(combineAssessments(["Uppfylls helt", "Uppfylls inte"])).toBe("Uppfylls delvis");
    expect(combineAssessments(["Uppfylls inte", "Uppfylls delvis"])).toBe("Uppfylls delvis");
    expect(combineAssessments(["Uppfylls inte", "Uppfylls inte", "Uppfylls delvis"])).toBe("Uppfylls inte");
  });

  it("property: independent of order, and met iff every part is met", () => {
    const assessment = fc.constantFrom(...ASSESSMENTS);
    fc.assert(
      fc.property(fc.array(assessment, { minLength: 1, maxLength: 12 }), (parts) => {
        const c = combineAssessments(parts);
        const reversed = combineAssessments([...parts].reverse());
        return c === reversed && (c === "Uppfylls helt") === parts.every((p) => p === "Uppfylls helt");
      }),
    );
  });
});

describe("goal suggestions over the plan", () => {
  const plan = (content = filledFollowUpContent("Verksamhetsberättelse")): Plan =>
    analyzeWorkbook(neutral(content)).plan;
  const byId = (p: Plan) => {
    const result = followUp(p);
    if (!result) throw new Error("no follow-up");
    return (id: string) => [...result.goals.values()].find((g) => g.goal.id === id);
  };

  it("is undefined for a verksamhetsplan", () => {
    expect(followUp(analyzeWorkbook(neutral(goodContent())).plan)).toBeUndefined();
  });

  it("rolls indicators, activities and sub-goals up the chain", () => {
    const goal = byId(plan());
    expect(goal("N-1.1-a")).toMatchObject({
      suggestion: "Uppfylls helt",
      effective: "Uppfylls helt",
      basis: { indicators: 2, activities: 1, goals: 0 },
    });
    // 1.1 has I-1 (met), A-1 (Klar) and N-1.1-a (met).
    expect(goal("1.1")).toMatchObject({
      suggestion: "Uppfylls helt",
      basis: { indicators: 1, activities: 1, goals: 1 },
    });
    expect(goal("1")).toMatchObject({ suggestion: "Uppfylls helt", basis: { goals: 1 } });
  });

  it("lets a filled-in Bedömning override the rule and the suggestion, also upwards", () => {
    let content = edited("Verksamhetsberättelse", "Indikatorer", 2, "Utfall helår", 4);
    const goal = byId(plan(content));
    // I-3: 4 GWh against max 2,9 → not met; with I-2 met and A-2 Klar: partly met.
    expect(goal("N-1.1-a")?.suggestion).toBe("Uppfylls delvis");
    content = withCell(content, "Mal", 2, "Bedömning", "Uppfylls inte");
    const overridden = byId(plan(content));
    expect(overridden("N-1.1-a")).toMatchObject({
      suggestion: "Uppfylls delvis",
      effective: "Uppfylls inte",
    });
    // 1.1 sees N-1.1-a as not met: met, met, not met → partly.
    expect(overridden("1.1")?.suggestion).toBe("Uppfylls delvis");
  });

  it("does not suggest for the nämnd's goals in a unit workbook", () => {
    const p = plan();
    const asUnit: Plan = {
      ...p,
      goals: p.goals.map((g) => (g.level === "Enhetsmål" ? g : { ...g, reference: true })),
    };
    const goal = byId(asUnit);
    expect(goal("N-1.1-a")).toMatchObject({ reference: true });
    expect(goal("N-1.1-a")?.suggestion).toBeUndefined();
    expect(goal("N-1.1-a")?.effective).toBeUndefined();
  });
});

describe("follow-up checks", () => {
  const run = (content: ReturnType<typeof filledFollowUpContent>) =>
    analyzeWorkbook(neutral(content)).findings;
  const only = (content: ReturnType<typeof filledFollowUpContent>, code: string) =>
    run(content).filter((f) => f.code === code);

  it.each(["Tertialrapport 1", "Tertialrapport 2", "Verksamhetsberättelse"] as const)(
    "are silent on the good %s",
    (document) => {
      expect(run(filledFollowUpContent(document))).toEqual([]);
    },
  );

  it("IND-UTFALL-SAKNAS: outcomes the document requires by Periodicitet", () => {
    const content = edited("Tertialrapport 2", "Indikatorer", 1, "Utfall T1", null);
    const f = only(content, CODES.outcomeMissing);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: "warning", sheet: "Indikatorer", cell: "I3" });
    expect(f[0]?.message).toMatch(/Utfall T1 saknas för indikatorn ”I-2” \(periodicitet Tertial\)/);
    // An År indicator needs no outcome in a tertialrapport, but one in the VB.
    const t1 = edited("Tertialrapport 1", "Indikatorer", 0, "Utfall helår", null);
    expect(only(t1, CODES.outcomeMissing)).toEqual([]);
    const vb = edited("Verksamhetsberättelse", "Indikatorer", 0, "Utfall helår", null);
    expect(only(vb, CODES.outcomeMissing).map((x) => x.cell)).toEqual(["K2"]);
  });

  it("AKT-STATUS-SAKNAS: an activity without status", () => {
    const content = edited("Tertialrapport 1", "Aktiviteter", 1, "Status", null);
    expect(only(content, CODES.statusMissing)).toMatchObject([{ severity: "warning", cell: "G3" }]);
  });

  it("UPF-AVVIKELSE-KOMMENTAR: Avvikelse without a comment, silent with one", () => {
    const content = edited("Tertialrapport 1", "Aktiviteter", 0, "Status", "Avvikelse");
    const f = only(content, CODES.deviationWithoutComment);
    expect(f).toMatchObject([{ severity: "warning", sheet: "Aktiviteter", cell: "H2" }]);
    expect(f[0]?.message).toContain("A-1");
    const commented = withCell(content, "Aktiviteter", 0, "Kommentar", "Försenad upphandling");
    expect(only(commented, CODES.deviationWithoutComment)).toEqual([]);
  });

  it("UPF-ANALYS-SAKNAS: a goal not fully met without Analys (by Bedömning or suggestion)", () => {
    const byBedomning = edited("Verksamhetsberättelse", "Mal", 2, "Bedömning", "Uppfylls delvis");
    // The goal's own row, and its parents, whose suggestions now are partly met too.
    const f = only(byBedomning, CODES.analysisMissing);
    expect(f.map((x) => x.cell)).toEqual(["J2", "J3", "J4"]);
    expect(f[2]).toMatchObject({ severity: "warning", sheet: "Mål" });
    expect(f[2]?.message).toMatch(/”N-1\.1-a” uppfylls delvis men saknar Analys/);
    expect(f[0]?.message).toMatch(/”1” uppfylls delvis enligt förslaget/);
    const explained = withCell(byBedomning, "Mal", 2, "Analys", "Personalbrist under våren.");
    expect(only(explained, CODES.analysisMissing).map((x) => x.cell)).toEqual(["J2", "J3"]);

    const bySuggestion = edited("Verksamhetsberättelse", "Indikatorer", 2, "Utfall helår", 4);
    const g = only(bySuggestion, CODES.analysisMissing).map((x) => x.message);
    expect(g.some((m) => /”N-1\.1-a” uppfylls delvis enligt förslaget/.test(m))).toBe(true);
  });

  it("UPF-BEDOMNING-AVVIKER: a Bedömning contradicting the suggestion or the rule (info)", () => {
    const goal = withCell(
      edited("Verksamhetsberättelse", "Mal", 2, "Bedömning", "Uppfylls inte"),
      "Mal",
      2,
      "Analys",
      "Förklaring",
    );
    const f = only(goal, CODES.assessmentDiffers);
    expect(f.find((x) => x.cell === "I4")).toMatchObject({ severity: "info", sheet: "Mål" });
    const ind = edited("Verksamhetsberättelse", "Indikatorer", 0, "Bedömning", "Uppfylls delvis");
    const g = only(ind, CODES.assessmentDiffers);
    expect(g).toMatchObject([{ severity: "info", sheet: "Indikatorer", cell: "L2" }]);
    expect(g[0]?.message).toContain("Utfall helår 71 % mot årsmål 69 % (högre är bättre)");
  });

  it("UPF-RIKTNING-SAKNAS: an indicator that cannot be assessed for want of Riktning (info)", () => {
    const content = withRows(filledFollowUpContent("Verksamhetsberättelse"), "Indikatorer", (rows) =>
      rows.map((r) => (r[0] === "I-1" ? [...r.slice(0, 7), null, ...r.slice(8)] : r)),
    );
    expect(only(content, CODES.directionMissing)).toMatchObject([{ severity: "info", cell: "H2" }]);
  });

  it("are silent in a verksamhetsplan even with follow-up columns filled", () => {
    const plan = withColumns(goodContent(), "Aktiviteter", { Status: ["Avvikelse", null], Kommentar: [] });
    const codes = run(plan).map((f) => f.code);
    expect(codes).not.toContain(CODES.deviationWithoutComment);
    expect(codes).not.toContain(CODES.statusMissing);
  });
});

describe("a plan's workbook switched to a follow-up document", () => {
  const switched = withRows(goodContent(), "Installningar", (rows) =>
    rows.map((r) => (r[0] === "Dokument" ? ["Dokument", "Tertialrapport 2"] : r)),
  );

  it("lists the missing follow-up columns per table, in template order", () => {
    const plan = analyzeWorkbook(neutral(switched)).plan;
    expect(missingFollowUpColumns(plan).map((m) => [m.spec.table, m.headers])).toEqual([
      ["Mal", ["Bedömning", "Analys"]],
      ["Indikatorer", ["Utfall T1", "Utfall T2", "Utfall helår", "Bedömning", "Kommentar"]],
      ["Aktiviteter", ["Status", "Kommentar"]],
    ]);
    expect(
      missingFollowUpColumns(analyzeWorkbook(neutral(filledFollowUpContent("Tertialrapport 2"))).plan),
    ).toEqual([]);
  });

  it("UPF-KOLUMNER-SAKNAS: one warning per table at its header, instead of one per row", () => {
    const findings = analyzeWorkbook(neutral(switched)).findings;
    const missing = findings.filter((f) => f.code === CODES.followUpColumnsMissing);
    expect(missing.map((f) => [f.severity, f.sheet, f.cell]).sort()).toEqual([
      ["warning", "Aktiviteter", "A1"],
      ["warning", "Indikatorer", "A1"],
      ["warning", "Mål", "A1"],
    ]);
    expect(findings.find((f) => f.sheet === "Indikatorer")?.message).toMatch(
      /Tabellen Indikatorer saknar kolumnerna Utfall T1, Utfall T2, Utfall helår, Bedömning, Kommentar/,
    );
    const codes = findings.map((f) => f.code);
    expect(codes).not.toContain(CODES.outcomeMissing);
    expect(codes).not.toContain(CODES.statusMissing);
  });
});
