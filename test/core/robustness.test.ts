import fc from "fast-check";
import { analyzeWorkbook } from "../../src/core/analyze";
import { budgetTotals, buildAreaTree } from "../../src/core/budget";
import type { WorkbookContent } from "../../src/core/content";
import { contentToNeutral } from "../../src/core/layout";
import type { CellValue } from "../../src/core/sheet";
import { syntheticContent } from "../../src/bench/synthetic";
import { goodContent, neutral } from "../support/workbooks";

/** Anything a cell can hold, with the nasty cases weighted up. */
const nastyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.constant(""),
  fc.constant("   \u00a0 "),
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "=SUM(A1:A3)",
    "+46 8 508 000 00",
    "-12,5",
    "@user",
    '=HYPERLINK("http://x","y")',
    "1,2,3",
    "Ja",
    "nej",
  ),
  fc.constant("x".repeat(30_000)),
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308, 45_658),
  fc.boolean(),
  fc.constantFrom("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?").map((error) => ({ error })),
);

/** The good workbook with arbitrary values put into random cells of every table. */
const corrupted: fc.Arbitrary<WorkbookContent> = fc
  .array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), nastyCell), { minLength: 1, maxLength: 40 })
  .map((edits) => {
    const content = goodContent();
    const tables = content.tables.map((t) => ({ ...t, rows: t.rows.map((r) => [...r]) }));
    for (const [ti, ri, ci, value] of edits) {
      const t = tables[ti % tables.length]!;
      if (t.rows.length === 0) continue;
      const row = t.rows[ri % t.rows.length]!;
      while (row.length < t.headers.length) row.push(null);
      row[ci % t.headers.length] = value;
    }
    return { tables };
  });

describe("robustness", () => {
  it("never throws on arbitrary cell content in any column of any table, and reports bad values", () => {
    fc.assert(
      fc.property(corrupted, (content) => {
        const { findings, plan } = analyzeWorkbook(neutral(content));
        for (const f of findings) {
          expect(["error", "warning", "info"]).toContain(f.severity);
          expect(f.message.length).toBeGreaterThan(0);
          if (f.cell) expect(f.cell).toMatch(/^[A-Z]+\d+$/);
        }
        // Nothing bad ever becomes a silent number: every amount read is finite.
        for (const line of plan.budget)
          for (const a of line.amounts) if (a !== null) expect(Number.isFinite(a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary headers and ragged rows", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), nastyCell), { maxLength: 12 }),
        fc.array(fc.array(nastyCell, { maxLength: 15 }), { maxLength: 8 }),
        fc.constantFrom(
          "Installningar",
          "Perioder",
          "Mal",
          "Indikatorer",
          "Aktiviteter",
          "Budget",
          "Verksamhetsomraden",
        ),
        (headers, rows, name) => {
          const content = goodContent();
          const tables = content.tables.map((t) =>
            t.table === name
              ? { ...t, headers: headers.map((h) => (typeof h === "string" ? h : String(h))), rows }
              : t,
          );
          expect(() => analyzeWorkbook(contentToNeutral({ tables }))).not.toThrow();
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads tables from plain sheets when no table exists (files made by other tools)", () => {
    const wb = neutral(goodContent());
    const plain = {
      sheetNames: wb.sheetNames,
      tables: wb.tables.filter((t) => t.name !== "Mal"),
      plainSheets: wb.tables
        .filter((t) => t.name === "Mal")
        .map((t) => ({ ...t, name: "Mål", fromSheet: true })),
    };
    const { plan, findings } = analyzeWorkbook(plain);
    expect(findings).toEqual([]);
    expect(plan.goals).toHaveLength(3);
  });

  it("budget totals equal the sum of the lines for any amounts (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("ADM", "IFO", "IFO-BU"), fc.integer({ min: -1e9, max: 1e9 })), {
          maxLength: 60,
        }),
        (lines) => {
          const content = goodContent();
          const tables = content.tables.map((t) =>
            t.table === "Budget"
              ? {
                  ...t,
                  rows: lines.map(([area, x]) => [area, x < 0 ? "Intäkter" : "Kostnader", null, x, 0, 0]),
                }
              : t,
          );
          const { plan } = analyzeWorkbook(contentToNeutral({ tables }));
          const totals = budgetTotals(plan, buildAreaTree(plan.areas));
          const sum = lines.reduce((s, [, x]) => s + x, 0);
          expect(totals.total.net[0]).toBe(sum);
          const ifo = lines.filter(([a]) => a !== "ADM").reduce((s, [, x]) => s + x, 0);
          expect(totals.byArea.get("IFO")?.net[0]).toBe(ifo);
          expect(totals.total.costs[0]! + totals.total.revenues[0]!).toBe(sum);
        },
      ),
    );
  });

  it("reads and checks 50,000 budget lines and 20,000 indicators", () => {
    const content = syntheticContent({ budgetLines: 50_000, indicators: 20_000 });
    const { plan, findings } = analyzeWorkbook(contentToNeutral(content));
    expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(plan.budget).toHaveLength(50_000);
    expect(plan.indicators).toHaveLength(20_000);
    const frame = plan.settings.budgetFrame;
    const net = plan.budget.reduce((s, l) => s + (l.amounts[0] ?? 0), 0);
    expect(net).toBe(frame);
  });
});
