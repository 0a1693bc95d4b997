/**
 * The second bundled example (Resursenheten, Verksamhetsberättelse 2021) against seed 002: the
 * extraction test/fixtures/seeds/extracted/vb-002.json is read here, at test time, and every goal,
 * assessment, activity, status and text of the workbook is compared with it; then the workbook
 * is read and checked as the add-in and the command line read it, and summarized.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import type { TableContent } from "../../src/core/content";
import { contentToNeutral } from "../../src/core/layout";
import type { CellValue } from "../../src/core/sheet";
import { buildSummary } from "../../src/core/summary";
import { GOAL_SUMMARY_SHEET } from "../../src/core/summary/goals";
import { followupExampleWorkbook } from "../../src/example/followup";
import { readXlsx } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";

interface VbActivity {
  readonly id: string;
  readonly text: string;
  readonly startdatum: string;
  readonly slutdatum: string;
  readonly status: "done" | "avvikelse" | "blank";
  readonly analys?: string;
}
interface VbAssessment {
  readonly assessment: string;
}
interface VbUnitGoal {
  readonly id: string;
  readonly text: string;
  readonly assessment: VbAssessment;
  readonly forvantat_resultat: readonly string[];
  readonly analys: readonly string[];
  readonly activities: readonly VbActivity[];
}
interface VbBoardGoal {
  readonly id: string;
  readonly text: string;
  readonly assessment: VbAssessment;
  readonly beskrivning: readonly string[];
  readonly forvantat_resultat: readonly string[];
  readonly activities: readonly VbActivity[];
  readonly enhetsmal: readonly VbUnitGoal[];
}
interface VbKfGoal {
  readonly id: string;
  readonly text: string;
  readonly assessment: VbAssessment;
  readonly namndmal: readonly VbBoardGoal[];
}
interface Vb {
  readonly inriktningsmal: readonly { id: string; text: string; kf_mal: readonly VbKfGoal[] }[];
}

const vb = JSON.parse(
  readFileSync(join(__dirname, "..", "fixtures", "seeds", "extracted", "vb-002.json"), "utf8"),
) as Vb;
const content = followupExampleWorkbook();

const kfGoals = vb.inriktningsmal.flatMap((im) => im.kf_mal.map((kf) => ({ ...kf, parent: im.id })));
const boardGoals = kfGoals.flatMap((kf) => kf.namndmal.map((n) => ({ ...n, parent: kf.id })));
const unitGoals = boardGoals.flatMap((n) => n.enhetsmal.map((e) => ({ ...e, parent: n.id })));
const seedActivities = [
  ...boardGoals.flatMap((n) => n.activities.map((a) => ({ ...a, goal: n.id }))),
  ...unitGoals.flatMap((e) => e.activities.map((a) => ({ ...a, goal: e.id }))),
];

function table(name: string): TableContent {
  const t = content.tables.find((x) => x.table === name);
  if (!t) throw new Error(`table ${name} missing`);
  return t;
}

/** Rows of a table as objects keyed by header. */
function records(name: string): Record<string, CellValue>[] {
  const t = table(name);
  return t.rows.map((row) => Object.fromEntries(t.headers.map((h, i) => [h, row[i] ?? null])));
}

const byId = (rows: Record<string, CellValue>[], key: string) =>
  new Map(rows.map((r) => [String(r[key]), r]));

/** A cell's words: line and paragraph breaks and the bullet markers the text prints aside. */
const words = (v: CellValue | undefined): string =>
  typeof v === "string" ? v.replace(/^- /gm, "").replace(/\s+/g, " ").trim() : "";
const joined = (paragraphs: readonly string[]): string => words(paragraphs.join(" "));

describe("follow-up example: the workbook against vb-002.json", () => {
  const reference = records("NamndensMal");
  const goals = records("Mal");
  const activities = records("Aktiviteter");
  const referenceById = byId(reference, "Mål-ID");
  const goalById = byId(goals, "Mål-ID");
  const activityById = byId(activities, "Aktivitets-ID");

  it("is a unit's Verksamhetsberättelse 2021 under Hägersten-Älvsjö stadsdelsnämnd", () => {
    const settings = Object.fromEntries(table("Installningar").rows.map((r) => [r[0], r[1]]));
    expect(settings).toMatchObject({
      Organisation: "Resursenheten",
      Nivå: "Enhet",
      "Överordnad organisation": "Hägersten-Älvsjö stadsdelsnämnd",
      Planår: 2021,
      Dokument: "Verksamhetsberättelse",
      "Beloppsenhet i indata": "tkr",
      "Beloppsenhet i sammanställning": "mnkr",
      "Decimaler i sammanställning": 1,
    });
  });

  it("carries the nämnd's chain in the reference table: 5 KF mål under their inriktningsmål, 8 nämndmål", () => {
    const level = (l: string) => reference.filter((g) => g["Nivå"] === l);
    expect(level("KF:s inriktningsmål").map((g) => g["Mål-ID"])).toEqual(vb.inriktningsmal.map((i) => i.id));
    expect(level("KF:s mål för verksamhetsområdet")).toHaveLength(5);
    expect(kfGoals).toHaveLength(5);
    for (const kf of kfGoals) {
      const row = referenceById.get(kf.id);
      expect(row?.["Nivå"]).toBe("KF:s mål för verksamhetsområdet");
      expect(row?.["Överordnat mål"]).toBe(kf.parent);
      expect(row?.["Mål"]).toBe(kf.text);
    }
    expect(level("Nämndmål")).toHaveLength(8);
    expect(boardGoals).toHaveLength(8);
    for (const n of boardGoals) {
      const row = referenceById.get(n.id);
      expect(row?.["Nivå"]).toBe("Nämndmål");
      expect(row?.["Överordnat mål"]).toBe(n.parent);
      expect(row?.["Mål"]).toBe(n.text);
      expect(words(row?.["Beskrivning"])).toBe(joined(n.beskrivning));
      expect(words(row?.["Förväntat resultat"])).toBe(joined(n.forvantat_resultat));
    }
    expect(reference).toHaveLength(3 + 5 + 8);
  });

  it("gives the nämnd's goals no Bedömning: the seed prints ”Ingen” for each", () => {
    for (const g of [...kfGoals, ...boardGoals]) expect(g.assessment.assessment).toBe("Ingen");
    expect(table("NamndensMal").headers).not.toContain("Bedömning");
  });

  it("has the unit's 5 enhetsmål with their nämndmål, Förväntat resultat, Bedömning and Analys", () => {
    expect(goals).toHaveLength(5);
    expect(unitGoals).toHaveLength(5);
    for (const e of unitGoals) {
      const row = goalById.get(e.id);
      expect(row?.["Nivå"]).toBe("Enhetsmål");
      expect(row?.["Överordnat mål"]).toBe(e.parent);
      expect(row?.["Mål"]).toBe(e.text);
      expect(row?.["Bedömning"]).toBe(e.assessment.assessment);
      expect(row?.["Bedömning"]).toBe("Uppfylls helt");
      expect(words(row?.["Förväntat resultat"])).toBe(joined(e.forvantat_resultat));
      expect(words(row?.["Analys"])).toBe(joined(e.analys));
      // The analysis's paragraphs stay paragraphs: separated by a blank line.
      expect(String(row?.["Analys"]).split("\n\n")).toHaveLength(e.analys.length);
    }
  });

  it("has all 7 activities on their goals: 3 Klar, 2 Avvikelse, 2 without status, 3 with comment", () => {
    expect(activities).toHaveLength(7);
    expect(seedActivities).toHaveLength(7);
    const status = { done: "Klar", avvikelse: "Avvikelse", blank: null } as const;
    for (const a of seedActivities) {
      const row = activityById.get(a.id);
      expect(row?.["Mål-ID"]).toBe(a.goal);
      expect(row?.["Aktivitet"]).toBe(a.text);
      expect(row?.["Startdatum"]).toBe(a.startdatum);
      expect(row?.["Slutdatum"]).toBe(a.slutdatum);
      expect(row?.["Status"]).toBe(status[a.status]);
      expect(row?.["Kommentar"]).toBe(a.analys ?? null);
    }
    const count = (s: CellValue) => activities.filter((a) => a["Status"] === s).length;
    expect([count("Klar"), count("Avvikelse"), count(null)]).toEqual([3, 2, 2]);
    expect(activities.filter((a) => a["Kommentar"] !== null)).toHaveLength(3);
    // The nämndmål-level activities (the nämnd's, reported by the unit) link to nämndmål.
    const onBoardGoals = activities.filter((a) => referenceById.has(String(a["Mål-ID"])));
    expect(onBoardGoals).toHaveLength(5);
  });

  it("has no indicators and no economy figures, as the seed", () => {
    expect(table("Indikatorer").rows).toEqual([]);
    expect(table("Budget").rows).toEqual([]);
    expect(records("Perioder")).toEqual([
      { "Period-ID": "BU2021", Rubrik: "Budget 2021", Typ: "Budget", År: 2021, Planperiod: "Ja" },
      { "Period-ID": "BS2021", Rubrik: "Bokslut 2021", Typ: "Bokslut", År: 2021, Planperiod: "Nej" },
    ]);
  });
});

describe("follow-up example: read, checked and summarized", () => {
  const expectFindings = (findings: ReturnType<typeof analyzeWorkbook>["findings"]) => {
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    // The two activities the seed prints with neither ✓ nor Avvikelse.
    expect(findings.filter((f) => f.code === CODES.statusMissing).map((f) => f.cell)).toEqual(["G7", "G8"]);
    // E-1.3-b-1 is marked Uppfylls helt while both its activities are Avvikelse.
    const differs = findings.filter((f) => f.code === CODES.assessmentDiffers);
    expect(differs.map((f) => [f.severity, f.sheet, f.cell])).toEqual([["info", "Mål", "I3"]]);
    expect(differs[0]?.message).toContain("E-1.3-b-1");
    const explained = new Set<string>([CODES.statusMissing, CODES.assessmentDiffers]);
    expect(findings.filter((f) => !explained.has(f.code))).toEqual([]);
  };

  it("reads without errors, with the goals, assessments and activities", () => {
    const { plan, findings } = analyzeWorkbook(contentToNeutral(content));
    expectFindings(findings);
    expect(plan.settings.level).toBe("Enhet");
    expect(plan.goals.filter((g) => g.reference)).toHaveLength(16);
    const unit = plan.goals.filter((g) => g.level === "Enhetsmål");
    expect(unit.map((g) => g.assessment)).toEqual(Array(5).fill("Uppfylls helt"));
    expect(plan.activities).toHaveLength(7);
    expect(plan.indicators).toEqual([]);
  });

  it("gives the same findings as an .xlsx file", async () => {
    const { findings } = analyzeWorkbook(await readXlsx(await writeXlsx(content), "resursenheten.xlsx"));
    expectFindings(findings);
  });

  it("summarizes with an empty Budget: every goal with its Bedömning, every activity with its status", () => {
    const summary = buildSummary(analyzeWorkbook(contentToNeutral(content)));
    const sheet = summary.sheets.find((s) => s.name === GOAL_SUMMARY_SHEET);
    const rows = (sheet?.rows ?? []).map((r) => r.map((c) => (c ? c.value : null)));
    // The heading's row carries the Bedömning (the summary may print it with a marker, as the seed).
    for (const e of unitGoals) {
      const row = rows.find((r) => r[0] === `Enhetsmål: ${e.text}`);
      expect(String(row?.[1])).toMatch(/(^|\s)Uppfylls helt$/);
    }
    for (const a of seedActivities) {
      const row = rows.find((r) => r[0] === a.text);
      expect(row?.[3] ?? null).toBe({ done: "Klar", avvikelse: "Avvikelse", blank: null }[a.status]);
    }
    expect(summary.sheets.map((s) => s.name)).toContain("Sammanställning ekonomi");
  });
});
