import { analyzeWorkbook } from "../../src/core/analyze";
import type { Finding } from "../../src/core/findings";
import { contentToNeutral } from "../../src/core/layout";
import { controlLayout } from "../../src/core/summary/control";
import type { SheetLayout } from "../../src/core/summary/types";
import { exampleWorkbook } from "../../src/example";

const FINDINGS: Finding[] = [
  { severity: "error", code: "VP-STR-001", message: "Kolumnen Mål saknas.", sheet: "Mål", cell: "D1" },
  {
    severity: "warning",
    code: "VP-IND-003",
    message: '=HYPERLINK("x") är ingen andel.',
    sheet: "Indikatorer",
    cell: "E14",
  },
  {
    severity: "warning",
    code: "VP-ACT-002",
    message: "Aktiviteten slutar före planåret.",
    sheet: "Aktiviteter",
  },
  { severity: "info", code: "VP-TOT-009", message: "Avrundningsdifferens 0,1 mnkr." },
];

const table = (layout: SheetLayout) => {
  const t = layout.tables?.[0];
  if (!t) throw new Error("no table");
  return t;
};
const values = (layout: SheetLayout, row: number) => (layout.rows[row] ?? []).map((c) => c?.value ?? null);

describe("Kontroll", () => {
  const layout = controlLayout(FINDINGS, { checkedAt: "2025-01-31 14:05" });

  it("has a title, the counts and the check time", () => {
    expect(layout.name).toBe("Kontroll");
    expect(layout.rows[0]?.[0]).toMatchObject({ value: "Kontroll – anmärkningar", bold: true, size: 14 });
    expect(String(layout.rows[1]?.[0]?.value)).toMatch(/^1 fel, 2 varningar, 1 info\b/);
    expect(String(layout.rows[1]?.[0]?.value)).toContain("2025-01-31 14:05");
    expect(layout.rows[2]).toEqual([]);
  });

  it("lists the findings in the given order in a table covering exactly header and findings", () => {
    const t = table(layout);
    expect(t).toEqual({ name: "Kontroll", row: 3, column: 0, columns: 5, rows: FINDINGS.length });
    expect(values(layout, t.row)).toEqual(["Allvarlighet", "Kod", "Meddelande", "Blad", "Cell"]);
    expect(layout.rows[t.row]?.every((c) => c?.bold)).toBe(true);
    expect(layout.rows).toHaveLength(t.row + 1 + t.rows);
    expect(layout.freezeRows).toBe(t.row + 1);
    expect(values(layout, 4)).toEqual(["Fel", "VP-STR-001", "Kolumnen Mål saknas.", "Mål", "D1"]);
    expect(values(layout, 5)).toEqual([
      "Varning",
      "VP-IND-003",
      '=HYPERLINK("x") är ingen andel.',
      "Indikatorer",
      "E14",
    ]);
    expect(values(layout, 6)).toEqual([
      "Varning",
      "VP-ACT-002",
      "Aktiviteten slutar före planåret.",
      "Aktiviteter",
      null,
    ]);
    expect(values(layout, 7)).toEqual(["Info", "VP-TOT-009", "Avrundningsdifferens 0,1 mnkr.", null, null]);
  });

  it("links each cell address to its sheet and cell; findings without a cell have no link", () => {
    expect(layout.rows[4]?.[4]?.link).toEqual({ sheet: "Mål", cell: "D1" });
    expect(layout.rows[5]?.[4]?.link).toEqual({ sheet: "Indikatorer", cell: "E14" });
    for (const r of [6, 7]) expect((layout.rows[r] ?? []).some((c) => c?.link !== undefined)).toBe(false);
  });

  it("colours the severity and writes texts as text, never formulas", () => {
    expect(layout.rows[4]?.[0]?.fill).toBe("FFC7CE");
    expect(layout.rows[5]?.[0]?.fill).toBe("FFEB9C");
    expect(layout.rows[7]?.[0]?.fill).toBe("DDEBF7");
    for (const row of layout.rows) {
      for (const c of row) {
        if (!c) continue;
        expect(c.formula).toBeUndefined();
        if (typeof c.value === "string") expect(c.numberFormat).toBe("@");
      }
    }
  });

  it("gives one 'Inga anmärkningar.' row for no findings", () => {
    const empty = controlLayout([]);
    expect(String(empty.rows[1]?.[0]?.value)).toBe("0 fel, 0 varningar, 0 info.");
    expect(table(empty)).toMatchObject({ row: 3, columns: 5, rows: 1 });
    expect(values(empty, 4)).toEqual(["Info", null, "Inga anmärkningar.", null, null]);
    expect(empty.rows).toHaveLength(5);
  });

  it("links every finding of the example workbook that has a cell", () => {
    const { findings } = analyzeWorkbook(contentToNeutral(exampleWorkbook()));
    const l = controlLayout(findings);
    expect(table(l).rows).toBe(Math.max(1, findings.length));
    findings.forEach((f, i) => {
      const row = l.rows[4 + i] ?? [];
      expect(row[1]?.value).toBe(f.code);
      expect(row[4]?.link).toEqual(f.sheet && f.cell ? { sheet: f.sheet, cell: f.cell } : undefined);
    });
  });
});
