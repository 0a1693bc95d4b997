import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import type { WorkbookContent } from "../../src/core/content";
import { contentToNeutral } from "../../src/core/layout";
import { economySummaryLayout } from "../../src/core/summary/economy";
import type { EconomyTable, LayoutCell } from "../../src/core/summary/types";
import { roundHalfAwayFromZero } from "../../src/core/values";
import { exampleWorkbook } from "../../src/example";
import { parseEconomyTables } from "../support/seed-economy";
import { goodContent, withCell, withRoundingDifference, withRows } from "../support/workbooks";

/** Labels compared without spaces, hyphens and case: the seed's text export drops some spaces. */
const key = (s: string) => s.toLocaleLowerCase("sv").replace(/[\s\-–]/g, "");
const tenths = (x: number) => Math.round(roundHalfAwayFromZero(x, 1) * 10);
const summarize = (content: WorkbookContent) => {
  const { plan } = analyzeWorkbook(contentToNeutral(content));
  return economySummaryLayout(plan);
};

describe("golden: Sammanställning ekonomi reproduces seed 004's ekonomi tables", () => {
  const summary = summarize(exampleWorkbook());
  const printed = parseEconomyTables();

  /** Our table for a printed one: net table, the whole nämnd's posts, or an area by its heading. */
  const ours = (heading: string, labels: readonly string[]): EconomyTable => {
    const isPosts = labels.map(key).join() === ["kostnader", "intäkter", "netto"].join();
    if (key(heading) === key("Nämndens ekonomiska förutsättningar")) {
      const kind = isPosts ? "posts" : "net";
      const t = summary.tables.find((x) => x.kind === kind);
      if (!t) throw new Error(kind);
      return t;
    }
    const t = summary.tables.find(
      (x) => x.kind === "area" && key(x.title) === key(heading.replace("Stöd-", "Stöd")),
    );
    if (!t) throw new Error(`no table for ${heading}`);
    return t;
  };

  it("finds every printed table (net table, the nämnd's Kostnader/Intäkter/Netto, 13 area tables)", () => {
    expect(printed).toHaveLength(15);
    const matched = new Set(
      printed.map((p) =>
        ours(
          p.heading,
          p.rows.map((r) => r.label),
        ),
      ),
    );
    expect(matched.size).toBe(15);
    // …and nothing else: the example has no table the seed lacks, apart from investments.
    expect(summary.tables.filter((t) => t.kind !== "investments")).toHaveLength(15);
  });

  it.each(printed.map((p, i) => [i, p.heading] as const))(
    "table %i (%s): labels, order, columns and every figure",
    (i) => {
      const p = printed[i]!;
      const t = ours(
        p.heading,
        p.rows.map((r) => r.label),
      );
      expect(t.headers.map(key)).toEqual(p.columns.map(key));
      expect(t.rows.map((r) => key(r.label))).toEqual(p.rows.map((r) => key(r.label)));
      p.rows.forEach((row, r) => {
        row.values.forEach((v, c) => {
          expect({ row: row.label, column: p.columns[c], value: tenths(t.rows[r]!.values[c]!) }).toEqual({
            row: row.label,
            column: p.columns[c],
            value: v,
          });
        });
      });
    },
  );

  it("prints Totalt 3 224,7 for VP 2025 in bold, varav rows in italics", () => {
    const cells = summary.layout.rows.flat().filter((c): c is LayoutCell => c !== null);
    const label = (text: string) => cells.find((c) => c.value === text);
    expect(label("Totalt")?.bold).toBe(true);
    expect(label("varav barn och ungdom")?.italic).toBe(true);
    const totalRow = summary.layout.rows.find((r) => r[0]?.value === "Totalt")!;
    expect(tenths(totalRow[1]!.value as number)).toBe(32247);
    expect(totalRow[1]!.numberFormat).toBe("#,##0.0;-#,##0.0");
    expect(totalRow[1]!.formula).toMatch(/^=SUM\(/);
  });

  it("writes every amount as a formula over the Budget table", () => {
    const amountCells = summary.layout.rows
      .flatMap((r) => r.slice(1))
      .filter((c) => c && typeof c.value === "number");
    expect(amountCells.length).toBeGreaterThan(200);
    for (const c of amountCells)
      expect(c!.formula).toMatch(/^=(SUM\(|\(?SUMIFS\(Budget\[|SUMIFS\(Investeringar\[)/);
  });

  it("gives no rounding notes for the seed (its printed figures add up)", () => {
    expect(summary.findings).toEqual([]);
  });
});

describe("other layouts without code changes", () => {
  it("Tabellkolumner: fewer periods in the net table than in the area tables, with a Jmf column", () => {
    const s = summarize(goodContent()); // Nettotabell: VP2025, VP2024, Jmf budget 2024-2025
    const net = s.tables.find((t) => t.kind === "net")!;
    const area = s.tables.find((t) => t.kind === "area")!;
    expect(net.headers).toEqual(["VP 2025", "VP 2024", "Jmf budget 2024-2025"]);
    expect(area.headers).toEqual(["VP 2025", "VP 2024", "Bokslut 2023", "Jmf budget 2024-2025"]);
    expect(s.layout.rows.some((r) => r[0]?.value === "DRIFTVERKSAMHET, mnkr")).toBe(true);
    for (const row of net.rows) expect(row.values[2]).toBeCloseTo(row.values[0]! - row.values[1]!, 9);
    const total = net.rows.find((r) => r.label === "Totalt")!;
    expect(total.values).toEqual([150, 144, 6]);
    const diffCell = s.layout.rows.find((r) => r[0]?.value === "Administration")![3]!;
    expect(diffCell.formula).toMatch(/^=\(.*\)-\(.*\)$/);
  });

  it("Utanför delsumma: capital costs after a first Summa and before the grand Summa", () => {
    let c = withRows(goodContent(), "Verksamhetsomraden", (rows) => [
      ...rows,
      ["KAP", "Kapitalkostnader stadsmiljö", null, "Nej", "Nej", "Ja", null],
    ]);
    c = withRows(c, "Budget", (rows) => [
      ...rows,
      ["KAP", "Kostnader", "Avskrivningar", 7_000, 6_000, 5_000],
    ]);
    c = withCell(c, "Installningar", 7, "Värde", 157_000);
    const net = summarize(c).tables.find((t) => t.kind === "net")!;
    expect(net.rows.map((r) => r.label)).toEqual([
      "Administration",
      "Individ- och familjeomsorg",
      "varav barn och ungdom",
      "Summa",
      "Kapitalkostnader stadsmiljö",
      "Summa",
    ]);
    expect(net.rows[3]!.values[0]).toBe(150);
    expect(net.rows[5]!.values[0]).toBe(157);
    expect(net.rows.filter((r) => r.style === "total")).toHaveLength(2);
  });

  it("investments per Kategori with Totalt", () => {
    const inv = summarize(goodContent()).tables.find((t) => t.kind === "investments")!;
    expect(inv.rows.map((r) => [r.label, r.values[0]])).toEqual([
      ["Parkinvesteringar", 20],
      ["Maskiner och inventarier", 10],
      ["Totalt", 30],
    ]);
  });

  it("an Enhet-level workbook: Enhetens ekonomiska förutsättningar, in tkr without decimals", () => {
    let c = withCell(goodContent(), "Installningar", 1, "Värde", "Enhet");
    c = withRows(c, "Installningar", (rows) => [
      ...rows.map((r) =>
        r[0] === "Beloppsenhet i sammanställning"
          ? [r[0], "tkr"]
          : r[0] === "Decimaler i sammanställning"
            ? [r[0], 0]
            : r,
      ),
      ["Överordnad organisation", "Testnämnden"],
    ]);
    c = { tables: c.tables.filter((t) => t.table !== "Tabellkolumner") };
    const s = summarize(c);
    const net = s.tables.find((t) => t.kind === "net")!;
    expect(net.title).toBe("Enhetens ekonomiska förutsättningar");
    expect(net.rows.at(-1)).toMatchObject({ label: "Totalt", values: [150_000, 144_000, 138_000, 6_000] });
    const header = s.layout.rows.find((r) => r[0]?.value === "Tkr");
    expect(header).toBeDefined();
    const totalCell = s.layout.rows.find((r) => r[0]?.value === "Totalt")![1]!;
    expect(totalCell.numberFormat).toBe("#,##0;-#,##0");
    expect(s.tables.find((t) => t.kind === "posts")!.title).toMatch(/hela enheten/);
  });

  it("converts kr input to mnkr, with the conversion in the formula", () => {
    const c = withCell(goodContent(), "Installningar", 4, "Värde", "kr");
    const s = summarize(c);
    const net = s.tables.find((t) => t.kind === "net")!;
    expect(net.rows.at(-1)!.values[0]).toBeCloseTo(0.15, 12);
    const cell = s.layout.rows.find((r) => r[0]?.value === "Administration")![1]!;
    expect(cell.formula).toMatch(/\/1000000$/);
  });
});

describe("rounding", () => {
  it("totals come from unrounded amounts, with an info note naming table, column and difference", () => {
    const c = withRoundingDifference(goodContent());
    const s = summarize(c);
    const net = s.tables.find((t) => t.kind === "net")!;
    expect(net.rows.at(-1)!.values[0]).toBeCloseTo(150.08, 9);
    const notes = s.findings.filter((f) => f.code === CODES.rounding);
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]!.message).toContain("DRIFTVERKSAMHET, mnkr");
    expect(notes[0]!.message).toContain("VP 2025");
    expect(notes[0]!.message).toMatch(/skillnad 0,1 mnkr/);
    expect(notes.every((f) => f.severity === "info")).toBe(true);
  });
});
