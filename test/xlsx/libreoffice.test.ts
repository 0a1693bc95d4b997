/**
 * Proves the summary's formulas with a real spreadsheet engine: the generated sheets are written
 * without cached results, LibreOffice (headless, told to always recalculate on load) computes them,
 * and every result must equal what the layout engine computed. Skipped, with a visible notice,
 * where LibreOffice is not installed (Debian package libreoffice-calc-nogui).
 */
import { execFile } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Workbook } from "exceljs";
import { analyzeWorkbook } from "../../src/core/analyze";
import { buildSummary, type Summary } from "../../src/core/summary";
import { ECONOMY_SHEET } from "../../src/core/summary/economy";
import { exampleWorkbook } from "../../src/example";
import { applyGeneratedSheets } from "../../src/xlsx/generated";
import { readXlsx } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { followUpContent } from "../support/workbooks";

const run = promisify(execFile);

/** `soffice` on PATH or where Debian puts it; `VERKSAMHETSPLAN_SOFFICE` names another (or a missing one). */
function findSoffice(): string | undefined {
  const chosen = process.env["VERKSAMHETSPLAN_SOFFICE"];
  if (chosen !== undefined) return existsSync(chosen) ? chosen : undefined;
  const dirs = [
    ...(process.env["PATH"] ?? "").split(path.delimiter),
    "/usr/bin",
    "/usr/lib/libreoffice/program",
  ];
  for (const dir of dirs) {
    const candidate = path.join(dir, "soffice");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const soffice = findSoffice();
// CI installs LibreOffice (.ci/run): there a missing soffice is a broken setup, not a reason to skip.
if (!soffice && process.env["CI"] === "true")
  throw new Error("LibreOffice (soffice) saknas i CI; .ci/run ska installera libreoffice-calc-nogui.");
if (!soffice)
  console.warn(
    "LibreOffice saknas: formeltestet hoppas över (installera libreoffice-calc-nogui för att räkna om sammanställningens formler).",
  );
const maybe = soffice ? it : it.skip;

/** LibreOffice's setting "recalculation on file load" for Excel files: 0 = always. */
const ALWAYS_RECALCULATE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Opens the workbook in LibreOffice (private profile), recalculates and saves it as .xlsx. */
async function recalculate(bytes: Buffer): Promise<Buffer> {
  if (!soffice) throw new Error("LibreOffice saknas");
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "vp-libreoffice-"));
  try {
    const profile = path.join(root, "profile");
    await fs.mkdir(path.join(profile, "user"), { recursive: true });
    await fs.writeFile(path.join(profile, "user", "registrymodifications.xcu"), ALWAYS_RECALCULATE);
    const input = path.join(root, "in", "arbetsbok.xlsx");
    const outDir = path.join(root, "out");
    await fs.mkdir(path.dirname(input));
    await fs.writeFile(input, bytes);
    await run(
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx",
        "--outdir",
        outDir,
        input,
      ],
      { timeout: 50_000 },
    );
    return await fs.readFile(path.join(outDir, "arbetsbok.xlsx"));
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

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
    (await recalculate(written)) as unknown as Parameters<Workbook["xlsx"]["load"]>[0],
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
