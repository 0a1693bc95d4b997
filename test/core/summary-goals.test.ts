import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeWorkbook } from "../../src/core/analyze";
import { contentToNeutral } from "../../src/core/layout";
import type { Plan } from "../../src/core/model";
import { goalSummaryLayout } from "../../src/core/summary/goals";
import type { LayoutCell, SheetLayout } from "../../src/core/summary/types";
import { formatTarget, isoToSerial } from "../../src/core/values";
import { exampleWorkbook } from "../../src/example";
import { goodContent, neutral, withCell, withRows } from "../support/workbooks";

const SEEDS = join(__dirname, "..", "fixtures", "seeds");

interface SeedItem {
  readonly id: string;
}
interface SeedGoal {
  readonly id: string;
  readonly text: string;
  readonly indicators?: readonly SeedItem[];
  readonly activities?: readonly SeedItem[];
}
interface SeedKf extends SeedGoal {
  readonly namndmal?: readonly SeedGoal[];
}
interface SeedGoals {
  readonly namndmal_count_check: { readonly explanation: string };
  readonly inriktningsmal: readonly { readonly id: string; readonly kf_mal: readonly SeedKf[] }[];
}

const examplePlan = (): Plan => analyzeWorkbook(contentToNeutral(exampleWorkbook())).plan;

const firstText = (row: readonly (LayoutCell | null)[] | undefined): string => {
  const v = row?.[0]?.value;
  return typeof v === "string" ? v : "";
};

/** Rows of the count table: from its header row to the Totalt row. */
function countTable(layout: SheetLayout) {
  const start = layout.rows.findIndex((r) => firstText(r) === "KF:s mål för verksamhetsområdet");
  const end = layout.rows.findIndex((r, i) => i > start && firstText(r) === "Totalt");
  if (start < 0 || end < 0) throw new Error("no count table");
  const header = (layout.rows[start] ?? []).map((c) => c?.value);
  const body = layout.rows.slice(start + 1, end + 1).map((r) => r.map((c) => c?.value ?? null));
  return { header, rows: body.slice(0, -1), total: body[body.length - 1] ?? [] };
}

const allCells = (layout: SheetLayout): LayoutCell[] =>
  layout.rows.flatMap((r) => r.filter((c): c is LayoutCell => c !== null));

const headingPrefixes = [
  "KF:s inriktningsmål: ",
  "KF:s mål för verksamhetsområdet: ",
  "Nämndmål: ",
  "Enhetsmål: ",
];
const headings = (layout: SheetLayout): string[] =>
  layout.rows.map(firstText).filter((t) => headingPrefixes.some((p) => t.startsWith(p)));

describe("Sammanställning mål on the example workbook", () => {
  const plan = examplePlan();
  const layout = goalSummaryLayout(plan);
  const seed = JSON.parse(readFileSync(join(SEEDS, "extracted", "goals-004.json"), "utf8")) as SeedGoals;
  const seedKf = seed.inriktningsmal.flatMap((i) => i.kf_mal);

  it("is named and titled", () => {
    expect(layout.name).toBe("Sammanställning mål");
    expect(layout.rows[0]?.[0]).toMatchObject({
      value: "Sammanställning mål – Hägersten-Älvsjö stadsdelsnämnd Verksamhetsplan 2025",
      bold: true,
      size: 14,
    });
    expect(layout.rows[1]).toEqual([]);
    expect(layout.columnWidths[0]).toBeGreaterThanOrEqual(60);
  });

  it("puts the count table first, with totals 27 nämndmål, 111 indicators, 100 activities", () => {
    const table = countTable(layout);
    expect(layout.rows[2]?.[0]?.value).toBe("Antal per KF:s mål för verksamhetsområdet");
    expect(table.header).toEqual([
      "KF:s mål för verksamhetsområdet",
      "Nämndmål",
      "Indikatorer",
      "Aktiviteter",
    ]);
    expect(table.rows).toHaveLength(16);
    expect(table.total).toEqual(["Totalt", 27, 111, 100]);
  });

  it("counts per KF:s mål för verksamhetsområdet as the seed extraction does", () => {
    const expected = seedKf.map((kf) => {
      const own = kf.namndmal ?? [];
      return [
        `${kf.id} ${kf.text}`,
        own.length,
        (kf.indicators?.length ?? 0) + own.reduce((n, g) => n + (g.indicators?.length ?? 0), 0),
        (kf.activities?.length ?? 0) + own.reduce((n, g) => n + (g.activities?.length ?? 0), 0),
      ];
    });
    const rows = countTable(layout).rows;
    expect(rows.map((r) => String(r[0]).split(" ")[0])).toEqual(seedKf.map((kf) => kf.id));
    expect(rows.map((r) => r.slice(1))).toEqual(expected.map((r) => r.slice(1)));

    // The distribution stated in the extraction's own check (1.1:1, 1.2:3, …).
    const stated = /distributed ((?:\d\.\d+:\d+(?:, )?)+)/.exec(seed.namndmal_count_check.explanation)?.[1];
    expect(stated).toBeDefined();
    expect(rows.map((r) => `${String(r[0]).split(" ")[0]}:${String(r[1])}`).join(", ")).toBe(stated);
  });

  it("writes counts as numbers with a whole-number format", () => {
    const start = layout.rows.findIndex((r) => firstText(r) === "Totalt");
    expect(layout.rows[start]?.slice(1)).toEqual(
      [27, 111, 100].map((value) => expect.objectContaining({ value, numberFormat: "0", bold: true })),
    );
  });

  it("lists the goal headings in the order the plan prints them", () => {
    const found = headings(layout);
    expect(found.filter((h) => h.startsWith("KF:s inriktningsmål: "))).toHaveLength(3);
    expect(found.filter((h) => h.startsWith("KF:s mål för verksamhetsområdet: "))).toHaveLength(16);
    expect(found.filter((h) => h.startsWith("Nämndmål: "))).toHaveLength(27);
    expect(found[0]).toBe(
      "KF:s inriktningsmål: 1. Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden",
    );

    const text = readFileSync(join(SEEDS, "004_399123d281b37ae1.txt"), "utf8")
      .replace(/\*\*/g, "")
      .replace(/[ \t]+/g, " ");
    const sectionStart = text.indexOf("## KF:s inriktningsmål: 1.");
    expect(sectionStart).toBeGreaterThan(0);
    let last = sectionStart - 1;
    for (const heading of found) {
      const at = text.indexOf(heading, last + 1);
      if (at < 0) throw new Error(`not found after position ${last}: ${heading}`);
      expect(at).toBeGreaterThan(last);
      last = at;
    }
  });

  it("shows every indicator and activity exactly once (once per plan row with that text)", () => {
    const occurrences = new Map<string, number>();
    for (const c of allCells(layout)) {
      if (typeof c.value === "string") occurrences.set(c.value, (occurrences.get(c.value) ?? 0) + 1);
    }
    const expected = new Map<string, number>();
    for (const t of [...plan.indicators.map((i) => i.text), ...plan.activities.map((a) => a.text)]) {
      expected.set(t, (expected.get(t) ?? 0) + 1);
    }
    for (const [t, n] of expected) expect([t, occurrences.get(t) ?? 0]).toEqual([t, n]);
  });

  it("gives indicator rows their targets and periodicity, activity rows their dates as serials", () => {
    const indicator = plan.indicators[0];
    const activity = plan.activities[0];
    if (!indicator || !activity) throw new Error("empty plan");
    const row = layout.rows.find((r) => r[0]?.value === indicator.text);
    expect(row?.map((c) => c?.value ?? null)).toEqual([
      indicator.text,
      formatTarget(indicator.target),
      formatTarget(indicator.kfTarget),
      indicator.periodicity,
    ]);
    const aRow = layout.rows.find((r) => r[0]?.value === activity.text);
    expect(aRow?.slice(1)).toEqual([
      expect.objectContaining({ value: isoToSerial("2024-01-01"), numberFormat: "yyyy-mm-dd" }),
      expect.objectContaining({ value: isoToSerial("2024-08-31"), numberFormat: "yyyy-mm-dd" }),
    ]);
    const headers = layout.rows.filter((r) => r[0]?.value === "Indikator")[0];
    expect(headers?.map((c) => c?.value)).toEqual(["Indikator", "Årsmål", "KF:s årsmål", "Periodicitet"]);
    expect(headers?.[0]).toMatchObject({ bold: true, borderBottom: true, fill: "DDEBF7" });
    const aHeaders = layout.rows.find((r) => r[0]?.value === "Aktivitet");
    expect(aHeaders?.map((c) => c?.value)).toEqual(["Aktivitet", "Startdatum", "Slutdatum"]);
  });

  it("writes every text as a text cell and no formulas, and has no follow-up columns in a plan", () => {
    for (const c of allCells(layout)) {
      expect(c.formula).toBeUndefined();
      if (typeof c.value === "string") expect(c.numberFormat).toBe("@");
    }
    const texts = new Set(allCells(layout).map((c) => c.value));
    for (const h of ["Utfall T1", "Bedömning", "Status", "Enhetsmål", "Mål utan giltigt överordnat mål"]) {
      expect(texts.has(h)).toBe(false);
    }
  });

  it("omits empty tables: a nämndmål without indicators is followed by no Indikator header", () => {
    const i = layout.rows.findIndex((r) => firstText(r) === "Nämndmål: Invånarna är självförsörjande");
    expect(i).toBeGreaterThan(0);
    const next = layout.rows
      .slice(i + 1)
      .findIndex((r) => headingPrefixes.some((p) => firstText(r).startsWith(p)));
    const block = layout.rows.slice(i + 1, i + 1 + next).map(firstText);
    expect(block).not.toContain("Indikator");
    expect(block).not.toContain("Aktivitet");
  });
});

describe("Sammanställning mål: text that looks like a formula", () => {
  const formulaLike = '=HYPERLINK("x")';
  let content = withCell(goodContent(), "Mal", 2, "Mål", formulaLike);
  content = withCell(content, "Mal", 2, "Beskrivning", "+46 8 508 000 00");
  content = withCell(content, "Indikatorer", 0, "Indikator", "=1+1");
  content = withCell(content, "Aktiviteter", 0, "Aktivitet", "@SUM(A1)");
  const layout = goalSummaryLayout(analyzeWorkbook(neutral(content)).plan);

  it.each([`Nämndmål: ${formulaLike}`, "+46 8 508 000 00", "=1+1", "@SUM(A1)"])("keeps %s a string", (t) => {
    const cells = allCells(layout).filter((c) => c.value === t);
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) {
      expect(typeof c.value).toBe("string");
      expect(c.numberFormat).toBe("@");
      expect("formula" in c).toBe(false);
    }
  });

  it("keeps a KF goal named as a formula a string in the count table too", () => {
    const kf = withCell(goodContent(), "Mal", 1, "Mål", formulaLike);
    const l = goalSummaryLayout(analyzeWorkbook(neutral(kf)).plan);
    const cells = allCells(l).filter((c) => typeof c.value === "string" && c.value.includes(formulaLike));
    expect(cells.map((c) => c.value)).toEqual([
      `1.1 ${formulaLike}`,
      `KF:s mål för verksamhetsområdet: 1.1 ${formulaLike}`,
    ]);
    for (const c of cells) expect(c).toMatchObject({ numberFormat: "@" });
    expect(allCells(l).some((c) => c.formula !== undefined)).toBe(false);
  });
});

describe("Sammanställning mål for an Enhet", () => {
  let content = withRows(goodContent(), "Installningar", (rows) =>
    rows
      .map((r) => (r[0] === "Nivå" ? ["Nivå", "Enhet"] : r))
      .concat([["Överordnad organisation", "Testnämnden"]])
      .map((r) => (r[0] === "Organisation" ? ["Organisation", "Resursenheten"] : r)),
  );
  content = withRows(content, "Mal", (rows) => [
    ...rows,
    ["E-1", "Enhetsmål", "N-1.1-a", "Alla barn möts av trygga vuxna", null, null, "Så gör vi", null],
    ["E-2", "Enhetsmål", "N-1.1-a", "Fritiden är meningsfull", null, null, null, null],
    ["E-X", "Enhetsmål", "N-saknas", "Ett mål utan nämndmål", null, null, null, null],
  ]);
  content = withRows(content, "Indikatorer", (rows) => [
    ...rows,
    ["I-E1", "E-1", "Andel barn som känner sig trygga", "%", "90 %", null, "År", null],
    ["I-X", "E-X", "Indikator under föräldralöst mål", "antal", "5", null, "År", null],
  ]);
  content = withRows(content, "Aktiviteter", (rows) => [
    ...rows,
    ["A-E2", "E-2", "Ordna sommaraktiviteter", "2025-06-01", "2025-08-31", null],
    ["A-Z", "Z-okänt", "Aktivitet utan mål", "2025-01-01", "2025-12-31", null],
  ]);
  const plan = analyzeWorkbook(neutral(content)).plan;
  const layout = goalSummaryLayout(plan);

  it("reads as an Enhet plan", () => {
    expect(plan.settings.level).toBe("Enhet");
    expect(plan.goals.filter((g) => g.level === "Enhetsmål")).toHaveLength(3);
  });

  it("adds the Enhetsmål column and counts unit goals with their indicators and activities", () => {
    const table = countTable(layout);
    expect(table.header).toEqual([
      "KF:s mål för verksamhetsområdet",
      "Nämndmål",
      "Enhetsmål",
      "Indikatorer",
      "Aktiviteter",
    ]);
    expect(table.rows).toEqual([["1.1 Alla barn ska ges jämlika uppväxtvillkor", 1, 2, 4, 3]]);
    expect(table.total).toEqual(["Totalt", 1, 2, 4, 3]);
  });

  it("shows Enhetsmål blocks under their Nämndmål, and broken chains at the end", () => {
    const rows = layout.rows.map(firstText);
    const at = (t: string) => rows.indexOf(t);
    expect(headings(layout)).toEqual([
      "KF:s inriktningsmål: 1. Ett Stockholm som håller samman",
      "KF:s mål för verksamhetsområdet: 1.1 Alla barn ska ges jämlika uppväxtvillkor",
      "Nämndmål: Barn erbjuds en trygg fritid",
      "Enhetsmål: Alla barn möts av trygga vuxna",
      "Enhetsmål: Fritiden är meningsfull",
      "Enhetsmål: Ett mål utan nämndmål",
    ]);
    expect(at("Enhetsmål: Alla barn möts av trygga vuxna")).toBeLessThan(
      at("Andel barn som känner sig trygga"),
    );
    expect(at("Andel barn som känner sig trygga")).toBeLessThan(at("Enhetsmål: Fritiden är meningsfull"));
    expect(at("Enhetsmål: Fritiden är meningsfull")).toBeLessThan(at("Ordna sommaraktiviteter"));
    expect(rows[at("Så gör vi") - 1]).toBe("Beskrivning");
    const orphanHeading = at("Mål utan giltigt överordnat mål");
    expect(orphanHeading).toBeGreaterThan(at("Ordna sommaraktiviteter"));
    expect(orphanHeading).toBeLessThan(at("Enhetsmål: Ett mål utan nämndmål"));
    expect(at("Enhetsmål: Ett mål utan nämndmål")).toBeLessThan(at("Indikator under föräldralöst mål"));
    expect(at("Indikatorer och aktiviteter utan giltigt mål")).toBeLessThan(at("Aktivitet utan mål"));
    expect(layout.rows[orphanHeading]?.[0]).toMatchObject({ bold: true });
  });
});

describe("Sammanställning mål in a follow-up document", () => {
  const base = analyzeWorkbook(neutral(goodContent())).plan;
  const plan: Plan = {
    ...base,
    settings: { ...base.settings, document: "Tertialrapport 1" },
    goals: base.goals.map((g) =>
      g.id === "N-1.1-a" ? { ...g, assessment: "Uppfylls delvis", analysis: "Vi ligger nära målet." } : g,
    ),
    indicators: base.indicators.map((i) =>
      i.id === "I-1" ? { ...i, outcomeT1: 67, outcomeYear: 70, assessment: "Uppfylls helt" } : i,
    ),
    activities: base.activities.map((a) =>
      a.id === "A-1" ? { ...a, status: "Pågår", comment: "Enligt plan" } : a,
    ),
  };
  const layout = goalSummaryLayout(plan);
  const rowOf = (t: string) => layout.rows.find((r) => r[0]?.value === t);

  it("adds outcome and assessment columns to indicator tables", () => {
    expect(rowOf("Indikator")?.map((c) => c?.value)).toEqual([
      "Indikator",
      "Årsmål",
      "KF:s årsmål",
      "Periodicitet",
      "Utfall T1",
      "Utfall T2",
      "Utfall helår",
      "Bedömning",
    ]);
    const row = rowOf("Andel nöjda barn");
    expect(row?.map((c) => c?.value ?? null)).toEqual([
      "Andel nöjda barn",
      "69 %",
      "69 %",
      "År",
      67,
      null,
      70,
      "● Uppfylls helt",
    ]);
    expect(row?.[7]).toMatchObject({ fill: "C6EFCE", color: "006100", numberFormat: "@" });
  });

  it("adds status to activity tables, and each comment on its own row below", () => {
    expect(rowOf("Aktivitet")?.map((c) => c?.value)).toEqual([
      "Aktivitet",
      "Startdatum",
      "Slutdatum",
      "Status",
    ]);
    const at = layout.rows.findIndex((r) => r[0]?.value === "Upprätta en parkleksplan");
    expect(layout.rows[at]?.slice(3).map((c) => c?.value)).toEqual(["Pågår"]);
    expect(layout.rows[at + 1]).toEqual([
      { value: "Kommentar: Enligt plan", numberFormat: "@", italic: true, wrap: true },
    ]);
    // No comment, no row.
    const other = layout.rows.findIndex((r) => r[0]?.value === "Genomföra medborgardialoger");
    expect(String(layout.rows[other + 1]?.[0]?.value ?? "")).not.toMatch(/^Kommentar/);
  });

  it("puts the goal's Bedömning next to its heading, coloured", () => {
    const row = rowOf("Nämndmål: Barn erbjuds en trygg fritid");
    expect(row?.[1]).toMatchObject({ value: "● Uppfylls delvis", fill: "FFEB9C", color: "9C5700" });
    expect(rowOf("Vi ligger nära målet.")).toBeDefined();
    // 1.1 has no Bedömning: its suggestion from I-1 (met), A-1 (Pågår, ends after April: on
    // track) and N-1.1-a (partly met) is shown, marked as such.
    expect(
      rowOf("KF:s mål för verksamhetsområdet: 1.1 Alla barn ska ges jämlika uppväxtvillkor")?.[1],
    ).toMatchObject({ value: "● Uppfylls delvis (förslag)", italic: true, fill: "FFEB9C" });
  });

  it("shows the suggestion under a Bedömning that differs from it", () => {
    // N-1.1-a: I-2 and I-3 have no T1 outcome, A-2 has no status: nothing to suggest from.
    expect(rowOf("Förslag enligt indikatorer, aktiviteter och delmål:")).toBeUndefined();
    const differing: Plan = {
      ...plan,
      goals: plan.goals.map((g) => (g.id === "1.1" ? { ...g, assessment: "Uppfylls inte" } : g)),
    };
    const rows = goalSummaryLayout(differing).rows;
    const at = rows.findIndex((r) =>
      r[0]?.value?.toString().startsWith("KF:s mål för verksamhetsområdet: 1.1"),
    );
    expect(rows[at]?.[1]?.value).toBe("● Uppfylls inte");
    expect(rows[at + 1]?.map((c) => c?.value)).toEqual([
      "Förslag enligt indikatorer, aktiviteter och delmål:",
      "● Uppfylls delvis (förslag)",
    ]);
  });

  it("counts goals per assessment at each level, with a stacked bar chart over that block", () => {
    const at = layout.rows.findIndex((r) => r[0]?.value === "Bedömningar per nivå");
    const block = layout.rows.slice(at + 1, at + 6).map((r) => r.map((c) => c?.value ?? null));
    expect(block).toEqual([
      ["Nivå", "Uppfylls helt", "Uppfylls delvis", "Uppfylls inte", "Ingen bedömning", "Totalt"],
      ["KF:s inriktningsmål", 0, 1, 0, 0, 1],
      ["KF:s mål för verksamhetsområdet", 0, 1, 0, 0, 1],
      ["Nämndmål", 0, 1, 0, 0, 1],
      // I-1 has its Bedömning; I-2 (Tertial) and I-3 (År) have no T1 outcome.
      ["Indikatorer", 1, 0, 0, 2, 3],
    ]);
    expect(layout.charts).toEqual([
      expect.objectContaining({
        name: "BedomningarDiagram",
        kind: "barStacked",
        row: at + 1,
        column: 0,
        categories: 4,
        series: 4,
        seriesColors: ["00B050", "FFC000", "FF0000", "A6A6A6"],
      }),
    ]);
    const chart = layout.charts?.[0];
    // The chart sits in empty rows between the tables and the goal chain.
    for (let r = chart!.anchor.row; r < chart!.anchor.toRow; r++) expect(layout.rows[r]).toEqual([]);
  });

  it("counts activities per status", () => {
    const at = layout.rows.findIndex((r) => r[0]?.value === "Aktiviteter per status");
    expect(layout.rows.slice(at + 1, at + 3).map((r) => r.map((c) => c?.value ?? null))).toEqual([
      ["", "Ej påbörjad", "Pågår", "Klar", "Avvikelse", "Status saknas", "Totalt"],
      ["Aktiviteter", 0, 1, 0, 0, 1, 2],
    ]);
  });

  it("has no assessment tables or charts in a verksamhetsplan", () => {
    const vp = goalSummaryLayout(base);
    expect(vp.charts).toBeUndefined();
    expect(vp.rows.some((r) => r[0]?.value === "Bedömningar per nivå")).toBe(false);
  });

  it("titles the sheet with the document", () => {
    expect(layout.rows[0]?.[0]?.value).toBe("Sammanställning mål – Testnämnden Tertialrapport 1 2025");
  });
});
