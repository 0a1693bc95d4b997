/**
 * Proves the summary's formulas with a real spreadsheet engine: the generated sheets are written
 * without cached results, LibreOffice (headless, told to always recalculate on load) computes them,
 * and every result must equal what the layout engine computed. Skipped, with a visible notice,
 * where LibreOffice is not installed (Debian package libreoffice-calc-nogui).
 */
import { Workbook } from "exceljs";
import { analyzeWorkbook } from "../../src/core/analyze";
import { buildSummary, type Summary } from "../../src/core/summary";
import { ECONOMY_SHEET } from "../../src/core/summary/economy";
import { exampleWorkbook } from "../../src/example";
import { applyGeneratedSheets } from "../../src/xlsx/generated";
import { readXlsx } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { recalculateInLibreOffice, soffice } from "../support/libreoffice";
import { followUpContent } from "../support/workbooks";

// CI installs LibreOffice (.ci/run): there a missing soffice is a broken setup, not a reason to skip.
if (!soffice && process.env["CI"] === "true")
  throw new Error("LibreOffice (soffice) saknas i CI; .ci/run ska installera libreoffice-calc-nogui.");
if (!soffice)
  console.warn(
    "LibreOffice saknas: formeltestet hoppas över (installera libreoffice-calc-nogui för att räkna om sammanställningens formler).",
  );
const maybe = soffice ? it : it.skip;

function close(actual: unknown, expected: number): boolean {
  return typeof actual === "number" && Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected));
}

/** Summarizes without cached results, lets LibreOffice calculate, and compares every formula cell. */
async function checkWithLibreOffice(input: Buffer): Promise<{ summary: Summary; formulas: string[] }> {
  const summary = buildSummary(analyzeWorkbook(await readXlsx(input)));
  const layout = summary.sheets.find((s) => s.name === ECONOMY_SHEET);
  if (!layout) throw new Error(ECONOMY_SHEET);
  const written = await applyGeneratedSheets(input, summary.sheets, { cachedResults: false });
  const calculated = new Workbook();
  await calculated.xlsx.load(
    (await recalculateInLibreOffice(written, 50_000)) as unknown as Parameters<Workbook["xlsx"]["load"]>[0],
  );
  const ws = calculated.getWorksheet(ECONOMY_SHEET);
  if (!ws) throw new Error(`${ECONOMY_SHEET} saknas i LibreOffices fil`);

  const mismatches: string[] = [];
  const formulas: string[] = [];
  const amounts: number[] = [];
  layout.rows.forEach((row, i) =>
    row.forEach((cell, j) => {
      if (!cell || typeof cell.value !== "number") return;
      amounts.push(cell.value);
      const address = ws.getCell(i + 1, j + 1).address;
      // Every amount of every economy table is a formula (none is a bare number in the example).
      if (!cell.formula) {
        mismatches.push(`${address}: ${cell.value} utan formel`);
        return;
      }
      formulas.push(cell.formula);
      // `result`, not `value`: ExcelJS's value getter leaves out a result of 0.
      const result = ws.getCell(i + 1, j + 1).result;
      if (!close(result, cell.value))
        mismatches.push(`${address}: LibreOffice ${String(result)}, motorn ${cell.value} (${cell.formula})`);
    }),
  );
  expect(mismatches).toEqual([]);
  // The layout's amounts are exactly the economy tables' values, plus a chart's data block
  // (follow-up documents: budget and follow-up figure per top-level area).
  const chartCells = (layout.charts ?? []).reduce((n, c) => n + c.categories * c.series, 0);
  const expected =
    summary.economy.tables.reduce((n, t) => n + t.rows.length * t.headers.length, 0) + chartCells;
  expect(amounts.length).toBe(expected);
  expect(formulas.length).toBe(expected);
  return { summary, formulas };
}

describe("the summary's formulas, recalculated by LibreOffice", () => {
  maybe("give the engine's values over the example's Excel tables (structured references)", async () => {
    const { formulas } = await checkWithLibreOffice(await writeXlsx(exampleWorkbook()));
    expect(formulas.some((f) => f.includes("SUMIFS(Budget[VP 2025]"))).toBe(true);
    expect(formulas.some((f) => f.includes("Investeringar["))).toBe(true);
  });

  maybe(
    "give the engine's values in a Verksamhetsberättelse: Avvikelse mot budget and the chart block",
    async () => {
      const { formulas } = await checkWithLibreOffice(
        await writeXlsx(followUpContent("Verksamhetsberättelse")),
      );
      expect(formulas).toContain("=B6-C6");
      expect(formulas.filter((f) => /^=[A-Z]+\d+$/.test(f)).length).toBeGreaterThanOrEqual(4);
    },
  );

  maybe(
    "give the engine's values when Budget is a plain sheet without an Excel table (A1 ranges)",
    async () => {
      const workbook = new Workbook();
      await workbook.xlsx.load(
        (await writeXlsx(exampleWorkbook())) as unknown as Parameters<Workbook["xlsx"]["load"]>[0],
      );
      // The cells stay where they are; only the table definition goes.
      workbook.getWorksheet("Budget")?.removeTable("Budget");
      const input = Buffer.from(await workbook.xlsx.writeBuffer());
      const read = await readXlsx(input);
      expect(read.tables.some((t) => t.name === "Budget")).toBe(false);
      expect(read.plainSheets?.some((s) => s.sheet === "Budget")).toBe(true);
      const { formulas } = await checkWithLibreOffice(input);
      expect(formulas.some((f) => f.includes("SUMIFS('Budget'!$D$2:$D$"))).toBe(true);
      expect(formulas.some((f) => f.includes("Budget["))).toBe(false);
    },
  );
});
