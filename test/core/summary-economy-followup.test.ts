/**
 * Follow-up documents (Tertialrapport 1/2, Verksamhetsberättelse): Sammanställning ekonomi shows
 * the follow-up figure beside the budget with `Avvikelse mot budget`, and a chart block per area.
 * Expected figures are computed by hand from followUpContent's documented amounts (tkr → mnkr).
 */
import fc from "fast-check";
import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import type { WorkbookContent } from "../../src/core/content";
import { contentToNeutral } from "../../src/core/layout";
import type { Plan } from "../../src/core/model";
import { cellAddress } from "../../src/core/sheet";
import {
  DEVIATION_HEADER,
  deviationFormat,
  economySummaryLayout,
  NO_AMOUNTS_NOTE,
  type EconomySummary,
} from "../../src/core/summary/economy";
import type { EconomyTable, LayoutCell } from "../../src/core/summary/types";
import { roundHalfAwayFromZero } from "../../src/core/values";
import { followUpContent, goodContent, withCell, withRows } from "../support/workbooks";

const planOf = (content: WorkbookContent): Plan => analyzeWorkbook(contentToNeutral(content)).plan;
const summarize = (content: WorkbookContent): EconomySummary => economySummaryLayout(planOf(content));
/** Tenths of a unit: exact integers for hand-computed expectations with one decimal. */
const tenths = (x: number) => Math.round(roundHalfAwayFromZero(x, 1) * 10);

function tableOf(s: EconomySummary, kind: EconomyTable["kind"], title?: string): EconomyTable {
  const t = s.tables.find((x) => x.kind === kind && (title === undefined || x.title === title));
  if (!t) throw new Error(`${kind} ${title ?? ""}`);
  return t;
}

/** Per row label: the values in tenths of the given columns. */
function figures(t: EconomyTable, headers: readonly string[]): Record<string, number[]> {
  const cols = headers.map((h) => {
    const i = t.headers.indexOf(h);
    if (i < 0) throw new Error(h);
    return i;
  });
  return Object.fromEntries(t.rows.map((r) => [r.label, cols.map((c) => tenths(r.values[c] ?? NaN))]));
}

/** 0-based index of the first sheet row at or after `from` whose first cell is `label`. */
function rowIndex(s: EconomySummary, label: string, from = 0): number {
  const i = s.layout.rows.findIndex((r, k) => k >= from && r[0]?.value === label);
  if (i < 0) throw new Error(label);
  return i;
}

const cell = (s: EconomySummary, row: number, column: number): LayoutCell => {
  const c = s.layout.rows[row]?.[column];
  if (!c) throw new Error(`${row},${column}`);
  return c;
};
const address = (row: number, column: number) => cellAddress(row + 1, column + 1);
const notes = (s: EconomySummary) =>
  s.layout.rows
    .filter((r) => r.length === 1 && r[0]?.italic === true)
    .map((r) => String(r[0]?.value))
    .filter((v) => !v.startsWith("Belopp i"));

describe("Tertialrapport 2 with a Justerad budget: Prognos beside the adjusted budget", () => {
  const s = summarize(followUpContent("Tertialrapport 2", { adjustedBudget: true }));
  const order = [
    "Justerad budget 2025",
    "Prognos T2 2025",
    DEVIATION_HEADER,
    "Budget 2025",
    "Bokslut 2024",
    "Jmf budget 2025-bokslut 2024",
  ];

  it("compares the last Justerad budget of the plan year with the last Prognos of the plan year", () => {
    expect(s.followUp?.word).toBe("prognos");
    const plan = planOf(followUpContent("Tertialrapport 2", { adjustedBudget: true }));
    expect(plan.periods[s.followUp!.budget]?.id).toBe("JB2025");
    expect(plan.periods[s.followUp!.compared]?.id).toBe("PROG2025");
  });

  it("puts budget, prognos and Avvikelse mot budget first, then the other periods and Jämförelser", () => {
    for (const t of s.tables) expect(t.headers).toEqual(order);
    expect(s.tables.map((t) => t.kind)).toEqual(["net", "posts", "area", "area", "area", "investments"]);
  });

  it("net table: deviation = budget − prognos per row, negative where the forecast exceeds the budget", () => {
    expect(figures(tableOf(s, "net"), order.slice(0, 3))).toEqual({
      Administration: [155, 163, -8],
      "Individ- och familjeomsorg": [1360, 1365, -5],
      "varav barn och ungdom": [1060, 1075, -15],
      Totalt: [1515, 1528, -13],
    });
  });

  it("Kostnader och intäkter: higher revenue than budgeted gives a positive (favourable) deviation", () => {
    expect(figures(tableOf(s, "posts"), order.slice(0, 3))).toEqual({
      Kostnader: [1615, 1635, -20],
      Intäkter: [-100, -107, 7],
      Netto: [1515, 1528, -13],
    });
  });

  it("area tables and Investeringar carry the deviation too", () => {
    expect(figures(tableOf(s, "area", "Administration"), order.slice(0, 3))).toEqual({
      Kostnader: [205, 215, -10],
      Intäkter: [-50, -52, 2],
      Netto: [155, 163, -8],
    });
    expect(figures(tableOf(s, "investments"), order.slice(0, 3))).toEqual({
      Parkinvesteringar: [210, 180, 30],
      "Maskiner och inventarier": [100, 110, -10],
      Totalt: [310, 290, 20],
    });
  });

  it("writes the deviation as a formula over the same row's budget and prognos cells, red when negative", () => {
    let checked = 0;
    s.layout.rows.forEach((row, r) => {
      const c = row[3];
      if (!c || typeof c.value !== "number" || s.layout.rows[r]?.length !== order.length + 1) return;
      const header = s.layout.rows.slice(0, r).findLast((x) => x[0]?.value === "Mnkr");
      if (header?.[3]?.value !== DEVIATION_HEADER) return;
      expect(c.formula).toBe(`=${address(r, 1)}-${address(r, 2)}`);
      expect(c.numberFormat).toBe("#,##0.0;[Red]-#,##0.0");
      expect(c.value).toBeCloseTo((cell(s, r, 1).value as number) - (cell(s, r, 2).value as number), 9);
      checked++;
    });
    // 4 net rows, 3 posts, 3 × 3 area rows, 3 investment rows.
    expect(checked).toBe(19);
    const admin = rowIndex(s, "Administration");
    expect(cell(s, admin, 3).formula).toBe("=B6-C6");
    // The other columns keep their SUMIFS formulas and ordinary format.
    expect(cell(s, admin, 1).formula).toMatch(/^=\(SUMIFS\(Budget\[Justerad budget 2025\]/);
    expect(cell(s, admin, 2).formula).toMatch(/^=\(SUMIFS\(Budget\[Prognos T2 2025\]/);
    expect(cell(s, admin, 4).numberFormat).toBe("#,##0.0;-#,##0.0");
    const header = s.layout.rows[rowIndex(s, "Mnkr")]!;
    expect(header[3]?.value).toBe(DEVIATION_HEADER);
    expect(header[3]?.bold).toBe(true);
  });

  it("explains the sign once, in a note row under the first table", () => {
    const totalt = rowIndex(s, "Totalt");
    expect(s.layout.rows[totalt + 1]?.[0]?.value).toBe(
      "Avvikelse mot budget = budget − prognos (Justerad budget 2025 − Prognos T2 2025); positivt värde = överskott, negativt = underskott.",
    );
    expect(notes(s)).toHaveLength(1);
    expect(s.layout.rows[totalt + 1]?.[0]?.numberFormat).toBe("@");
  });

  it("adds the chart block after the tables, referring to the net table's cells", () => {
    const title = rowIndex(s, "Budget och prognos per verksamhetsområde");
    expect(title).toBeGreaterThan(rowIndex(s, "Investeringar"));
    const header = s.layout.rows[title + 1]!;
    expect(header.map((c) => c?.value)).toEqual([
      "Verksamhetsområde",
      "Justerad budget 2025",
      "Prognos T2 2025",
    ]);
    const block = s.layout.rows.slice(title + 2, title + 4);
    expect(
      block.map((r) => r.map((c) => (typeof c?.value === "number" ? tenths(c.value) : c?.value))),
    ).toEqual([
      ["Administration", 155, 163],
      ["Individ- och familjeomsorg", 1360, 1365],
    ]);
    const admin = rowIndex(s, "Administration");
    const ifo = rowIndex(s, "Individ- och familjeomsorg");
    expect(block.map((r) => [r[1]?.formula, r[2]?.formula])).toEqual([
      [`=${address(admin, 1)}`, `=${address(admin, 2)}`],
      [`=${address(ifo, 1)}`, `=${address(ifo, 2)}`],
    ]);
    expect(block[0]?.[1]?.numberFormat).toBe("#,##0.0;-#,##0.0");
  });

  it("puts a clustered column chart over the block in the layout", () => {
    const title = rowIndex(s, "Budget och prognos per verksamhetsområde");
    expect(s.layout.charts).toHaveLength(1);
    const chart = s.layout.charts![0]!;
    expect(chart).toMatchObject({
      name: "BudgetPrognosDiagram",
      title: "Budget och prognos per verksamhetsområde (mnkr)",
      kind: "columnClustered",
      row: title + 1,
      column: 0,
      categories: 2,
      series: 2,
      seriesColors: ["5B9BD5", "ED7D31"],
    });
    // To the right of the block (3 columns), about 8 columns × 18 rows.
    expect(chart.anchor.column).toBeGreaterThanOrEqual(3);
    expect(chart.anchor.row).toBe(title);
    expect(chart.anchor.toColumn - chart.anchor.column).toBe(8);
    expect(chart.anchor.toRow - chart.anchor.row).toBe(18);
  });

  it("gives no rounding notes for these figures", () => {
    expect(s.findings).toEqual([]);
  });
});

describe("Verksamhetsberättelse: Bokslut beside the budget", () => {
  const s = summarize(followUpContent("Verksamhetsberättelse"));
  const order = [
    "Budget 2025",
    "Bokslut 2025",
    DEVIATION_HEADER,
    "Prognos 2025",
    "Bokslut 2024",
    "Jmf budget 2025-bokslut 2024",
  ];

  it("without a Justerad budget compares the Planperiod with the plan year's Bokslut", () => {
    for (const t of s.tables) expect(t.headers).toEqual(order);
    expect(s.followUp?.word).toBe("bokslut");
  });

  it("deviations per table, by hand", () => {
    expect(figures(tableOf(s, "net"), order.slice(0, 3))).toEqual({
      Administration: [150, 159, -9],
      "Individ- och familjeomsorg": [1350, 1357, -7],
      "varav barn och ungdom": [1050, 1069, -19],
      Totalt: [1500, 1516, -16],
    });
    expect(figures(tableOf(s, "posts"), order.slice(0, 3))).toEqual({
      Kostnader: [1600, 1625, -25],
      Intäkter: [-100, -109, 9],
      Netto: [1500, 1516, -16],
    });
    expect(figures(tableOf(s, "investments"), order.slice(0, 3))).toEqual({
      Parkinvesteringar: [200, 175, 25],
      "Maskiner och inventarier": [100, 108, -8],
      Totalt: [300, 283, 17],
    });
  });

  it("says bokslut in the note and charts budget against bokslut", () => {
    expect(notes(s)).toEqual([
      "Avvikelse mot budget = budget − bokslut (Budget 2025 − Bokslut 2025); positivt värde = överskott, negativt = underskott.",
    ]);
    const title = rowIndex(s, "Budget och prognos per verksamhetsområde");
    expect(s.layout.rows[title + 1]?.map((c) => c?.value)).toEqual([
      "Verksamhetsområde",
      "Budget 2025",
      "Bokslut 2025",
    ]);
    expect(s.layout.charts?.[0]?.categories).toBe(2);
  });

  it("takes Utfall like Bokslut", () => {
    const withUtfall = withRows(followUpContent("Verksamhetsberättelse"), "Perioder", (rows) =>
      rows.map((r) => (r[0] === "BS2025" ? ["BS2025", "Bokslut 2025", "Utfall", 2025, "Nej"] : r)),
    );
    const u = summarize(withUtfall);
    expect(u.followUp?.word).toBe("utfall");
    expect(notes(u)[0]).toMatch(/^Avvikelse mot budget = budget − utfall \(Budget 2025 − Bokslut 2025\);/);
  });

  it("with both Utfall and Bokslut for the plan year, the last one in Perioder order", () => {
    // PROG2025 becomes an Utfall before BS2025: the Bokslut, listed last, is compared.
    const both = withCell(followUpContent("Verksamhetsberättelse"), "Perioder", 1, "Typ", "Utfall");
    const b = summarize(both);
    expect(b.followUp?.word).toBe("bokslut");
    expect(tableOf(b, "net").headers.slice(0, 3)).toEqual(["Budget 2025", "Bokslut 2025", DEVIATION_HEADER]);
  });

  it("falls back to the plan year's Prognos when there is no Bokslut or Utfall for it", () => {
    const noClosing = withCell(followUpContent("Verksamhetsberättelse"), "Perioder", 2, "År", 2023);
    const n = summarize(noClosing);
    expect(tableOf(n, "net").headers.slice(0, 3)).toEqual(["Budget 2025", "Prognos 2025", DEVIATION_HEADER]);
    expect(notes(n)[0]).toMatch(/= budget − prognos \(Budget 2025 − Prognos 2025\)/);
  });
});

describe("when a period is missing", () => {
  it("Tertialrapport 1 without a Prognos for the plan year: no column, no chart, a note saying why", () => {
    const content = withCell(followUpContent("Tertialrapport 1"), "Perioder", 1, "År", 2024);
    const s = summarize(content);
    expect(s.followUp).toBeUndefined();
    for (const t of s.tables) expect(t.headers).not.toContain(DEVIATION_HEADER);
    expect(tableOf(s, "net").headers).toEqual([
      "Budget 2025",
      "Prognos T1 2025",
      "Bokslut 2024",
      "Jmf budget 2025-bokslut 2024",
    ]);
    expect(s.layout.charts).toBeUndefined();
    expect(s.layout.rows.some((r) => r[0]?.value === "Budget och prognos per verksamhetsområde")).toBe(false);
    const note = "Ingen period med Typ Prognos för 2025 i Perioder – avvikelsen mot budget kan inte visas.";
    expect(notes(s)).toEqual([note]);
    expect(s.layout.rows[rowIndex(s, "Totalt") + 1]?.[0]?.value).toBe(note);
  });

  it("Verksamhetsberättelse without Bokslut, Utfall or Prognos for the plan year", () => {
    let content = withCell(followUpContent("Verksamhetsberättelse"), "Perioder", 1, "År", 2024);
    content = withCell(content, "Perioder", 2, "År", 2024);
    expect(notes(summarize(content))).toEqual([
      "Ingen period med Typ Bokslut, Utfall eller Prognos för 2025 i Perioder – avvikelsen mot budget kan inte visas.",
    ]);
  });

  it("without a Justerad budget for the plan year and without a Planperiod", () => {
    const content = withCell(followUpContent("Tertialrapport 2"), "Perioder", 0, "Planperiod", "Nej");
    const s = summarize(content);
    expect(s.followUp).toBeUndefined();
    expect(notes(s)).toEqual([
      "Ingen period med Typ Justerad budget för 2025 och ingen planperiod i Perioder – avvikelsen mot budget kan inte visas.",
    ]);
  });
});

describe("Tabellkolumner in a follow-up document", () => {
  it("the user's choice wins: no deviation unless named, and the chart falls back to SUMIFS", () => {
    const content = withRows(followUpContent("Tertialrapport 2"), "Tabellkolumner", () => [
      ["Nettotabell", "BS2024, B2025", "DRIFTVERKSAMHET, mnkr"],
    ]);
    const s = summarize(content);
    expect(tableOf(s, "net").headers).toEqual(["Bokslut 2024", "Budget 2025"]);
    // Tables without a Tabellkolumner row keep the follow-up order.
    expect(tableOf(s, "posts").headers.slice(0, 3)).toEqual([
      "Budget 2025",
      "Prognos T2 2025",
      DEVIATION_HEADER,
    ]);
    const title = rowIndex(s, "Budget och prognos per verksamhetsområde");
    const admin = rowIndex(s, "Administration");
    const first = s.layout.rows[title + 2]!;
    expect(first[1]?.formula).toBe(`=${address(admin, 2)}`);
    expect(first[2]?.formula).toMatch(/^=\(SUMIFS\(Budget\[Prognos T2 2025\]/);
    expect(tenths(first[2]?.value as number)).toBe(163);
  });

  it("Avvikelse mot budget named in Kolumner is placed there, referring to wherever the periods are", () => {
    const plan = planOf(followUpContent("Tertialrapport 2"));
    const s = economySummaryLayout({
      ...plan,
      tableColumns: [{ table: "Nettotabell", columns: ["PROG2025", "avvikelse MOT budget", "B2025"] }],
    });
    const net = tableOf(s, "net");
    expect(net.headers).toEqual(["Prognos T2 2025", DEVIATION_HEADER, "Budget 2025"]);
    expect(figures(net, [DEVIATION_HEADER]).Totalt).toEqual([-28]);
    const admin = rowIndex(s, "Administration");
    expect(cell(s, admin, 2).formula).toBe(`=${address(admin, 3)}-${address(admin, 1)}`);
    const totalt = rowIndex(s, "Totalt");
    expect(cell(s, totalt, 2).formula).toBe(`=${address(totalt, 3)}-${address(totalt, 1)}`);
  });

  it("without the budget and prognos columns, the deviation is its own formula over the Budget table", () => {
    const plan = planOf(followUpContent("Tertialrapport 2"));
    const s = economySummaryLayout({
      ...plan,
      tableColumns: [{ table: "Nettotabell", columns: ["BS2024", DEVIATION_HEADER] }],
    });
    const admin = rowIndex(s, "Administration");
    expect(cell(s, admin, 2).formula).toMatch(
      /^=\(\(SUMIFS\(Budget\[Budget 2025\].*\)-\(\(SUMIFS\(Budget\[Prognos T2 2025\]/,
    );
    expect(tenths(cell(s, admin, 2).value as number)).toBe(-13);
    const totalt = rowIndex(s, "Totalt");
    expect(cell(s, totalt, 2).formula).toBe(`=SUM(${address(admin, 2)},${address(admin + 1, 2)})`);
  });

  it("the reader accepts Avvikelse mot budget in Kolumner of a follow-up document, not of a plan", () => {
    const named = withRows(followUpContent("Tertialrapport 2"), "Tabellkolumner", () => [
      ["Nettotabell", "B2025, PROG2025, avvikelse mot budget", null],
    ]);
    const { findings, plan } = analyzeWorkbook(contentToNeutral(named));
    expect(findings.filter((f) => f.code === CODES.unknownReference)).toEqual([]);
    expect(plan.tableColumns[0]?.columns).toEqual(["B2025", "PROG2025", DEVIATION_HEADER]);
    expect(tableOf(economySummaryLayout(plan), "net").headers).toEqual([
      "Budget 2025",
      "Prognos T2 2025",
      DEVIATION_HEADER,
    ]);
    const asPlan = withRows(named, "Installningar", (rows) =>
      rows.map((r) => (r[0] === "Dokument" ? ["Dokument", "Verksamhetsplan"] : r)),
    );
    const f = analyzeWorkbook(contentToNeutral(asPlan)).findings.find(
      (x) => x.code === CODES.unknownReference,
    );
    expect(f?.message).toMatch(/^”avvikelse mot budget” är varken ett Period-ID eller en jämförelse/);
  });

  it("an unknown name in Kolumner still gives the reader's finding", () => {
    const content = withRows(followUpContent("Tertialrapport 2"), "Tabellkolumner", () => [
      ["Nettotabell", "B2025, PROG2025, Avvikelse mot prognos", null],
    ]);
    const { findings, plan } = analyzeWorkbook(contentToNeutral(content));
    const f = findings.find((x) => x.code === CODES.unknownReference);
    expect(f?.message).toMatch(/^”Avvikelse mot prognos” är varken ett Period-ID eller en jämförelse/);
    expect(f?.severity).toBe("error");
    expect(tableOf(economySummaryLayout(plan), "net").headers).toEqual(["Budget 2025", "Prognos T2 2025"]);
  });
});

describe("a Verksamhetsplan is unchanged", () => {
  it("no deviation, no note, no chart, even with Justerad budget and Prognos periods for the plan year", () => {
    const vp = summarize(goodContent());
    expect(vp.followUp).toBeUndefined();
    expect(vp.layout.charts).toBeUndefined();
    expect(notes(vp)).toEqual([]);
    expect(tableOf(vp, "area").headers).toEqual([
      "VP 2025",
      "VP 2024",
      "Bokslut 2023",
      "Jmf budget 2024-2025",
    ]);

    const asVp = withCell(
      followUpContent("Tertialrapport 2", { adjustedBudget: true }),
      "Installningar",
      3,
      "Värde",
      "Verksamhetsplan",
    );
    const s = summarize(asVp);
    expect(s.followUp).toBeUndefined();
    expect(s.layout.charts).toBeUndefined();
    expect(notes(s)).toEqual([]);
    for (const t of s.tables)
      expect(t.headers).toEqual([
        "Budget 2025",
        "Justerad budget 2025",
        "Prognos T2 2025",
        "Bokslut 2024",
        "Jmf budget 2025-bokslut 2024",
      ]);
    for (const c of s.layout.rows.flat()) expect(c?.numberFormat ?? "").not.toContain("[Red]");
  });
});

describe("property: Avvikelse mot budget = budget − prognos", () => {
  /** Amounts in tkr with up to one decimal: costs positive, revenues negative. */
  const cost = fc.integer({ min: 0, max: 50_000_000 }).map((x) => x / 10);
  const revenue = cost.map((x) => -x);
  const line = fc.tuple(cost, cost, revenue, revenue);

  it("for random amounts and decimals, per row, as computed and as displayed", () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 3 }),
        (lines, decimals) => {
          let content = withCell(followUpContent("Tertialrapport 2"), "Installningar", 6, "Värde", decimals);
          // Line i: Kostnader (i even) or Intäkter (i odd) of followUpContent's Budget rows.
          content = withRows(content, "Budget", (rows) =>
            rows.map((r, i) => {
              const [c1, c2, r1, r2] = lines[i]!;
              const [budget, forecast] = r[1] === "Kostnader" ? [c1, c2] : [r1, r2];
              return [r[0]!, r[1]!, r[2]!, budget, forecast, r[5]!];
            }),
          );
          const s = summarize(content);
          const unit = 10 ** -decimals;
          for (const t of s.tables) {
            if (t.kind === "investments") continue;
            expect(t.headers.slice(0, 3)).toEqual(["Budget 2025", "Prognos T2 2025", DEVIATION_HEADER]);
            for (const row of t.rows) {
              const [b, f, d] = row.values as [number, number, number];
              expect(Math.abs(d - (b - f))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b), Math.abs(f)));
              // As displayed: the shown deviation is within one unit of the last decimal of shown budget − shown prognos.
              const shown = (x: number) => roundHalfAwayFromZero(x, decimals);
              expect(Math.abs(shown(d) - (shown(b) - shown(f)))).toBeLessThanOrEqual(unit * 1.000001);
            }
          }
          for (const r of s.layout.rows)
            if (r.length > 3 && typeof r[3]?.value === "number" && r[3]?.formula?.match(/^=B\d+-C\d+$/))
              expect(r[3].numberFormat).toBe(deviationFormat(decimals));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("a workbook without any amounts", () => {
  const empty = withRows(
    withRows(followUpContent("Verksamhetsberättelse"), "Budget", () => []),
    "Investeringar",
    () => [],
  );

  it("shows a note instead of tables of zeros, and no chart", () => {
    const s = summarize(empty);
    expect(s.tables).toEqual([]);
    expect(s.layout.charts).toBeUndefined();
    expect(s.layout.rows.map((r) => r[0]?.value)).toContain(NO_AMOUNTS_NOTE);
  });

  it("shows the tables as soon as one line has amounts", () => {
    const one = withRows(empty, "Investeringar", () => [["Parkinvesteringar", null, 1000, 900, 800]]);
    expect(summarize(one).tables.length).toBeGreaterThan(0);
  });
});
