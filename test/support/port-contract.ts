/**
 * Contract tests every WorkbookPort must pass (the Office.js adapter over the fake workbook, the
 * .xlsx adapter): reading tables, creating the template, replacing the generated sheets, refusing
 * to overwrite a user's sheet, and keeping formula-like user text as text.
 *
 * `makePort(content)` gives a port over a workbook holding the content's tables (placed as core's
 * `tableLayout` places them; without content, a new empty workbook), and `read()` reads that
 * workbook independently of the port.
 */
import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import type { TableContent, WorkbookContent } from "../../src/core/content";
import { GeneratedSheetConflictError, type WorkbookPort } from "../../src/core/port";
import type { CellValue, NeutralWorkbook, SheetTable } from "../../src/core/sheet";
import { GENERATED_SHEETS, INPUT_TABLES } from "../../src/core/spec";
import { buildSummary } from "../../src/core/summary";
import type { SheetLayout } from "../../src/core/summary/types";
import { templateContent } from "../../src/core/template";
import { exampleWorkbook } from "../../src/example";
import { goodContent } from "./workbooks";

export type MakePort = (
  content?: WorkbookContent,
) => Promise<{ port: WorkbookPort; read: () => Promise<NeutralWorkbook> }>;

const EPOCH = Date.UTC(1899, 11, 30);
const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - EPOCH) / 86_400_000;

/** goodContent() with every date as a serial number (how every adapter reads dates back). */
function contractContent(): WorkbookContent {
  return {
    tables: goodContent().tables.map((t) => ({
      ...t,
      rows: t.rows.map((row) =>
        row.map((v) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? serial(v) : v)),
      ),
    })),
  };
}

function findTable(workbook: NeutralWorkbook, name: string): SheetTable | undefined {
  return workbook.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
}

/** Rows padded to the header width, blank rows left out. */
function dataRows(rows: readonly (readonly CellValue[])[], width: number): CellValue[][] {
  return rows
    .map((row) => Array.from({ length: width }, (_, j) => row[j] ?? null))
    .filter((row) => row.some((v) => v !== null && v !== ""));
}

function expectTable(workbook: NeutralWorkbook, table: TableContent): void {
  const found = findTable(workbook, table.table);
  expect(found).toBeDefined();
  if (!found) return;
  expect(found.sheet).toBe(table.sheet);
  expect(found.headers).toEqual(table.headers);
  expect(dataRows(found.rows, table.headers.length)).toEqual(dataRows(table.rows, table.headers.length));
}

/** A sheet's cells from A1 as a reader sees them (a plain sheet, or the tables on it). */
function sheetCells(workbook: NeutralWorkbook, sheet: string): Map<string, CellValue> {
  const cells = new Map<string, CellValue>();
  const put = (t: SheetTable) => {
    t.headers.forEach((v, j) => cells.set(`${t.headerRow}:${t.firstColumn + j}`, v));
    t.rows.forEach((row, i) =>
      row.forEach((v, j) => cells.set(`${t.headerRow + 1 + i}:${t.firstColumn + j}`, v)),
    );
  };
  for (const t of workbook.plainSheets ?? []) if (t.sheet === sheet) put(t);
  for (const t of workbook.tables) if (t.sheet === sheet) put(t);
  return cells;
}

/** Every text cell of the layout that a reader can see has the layout's text. */
function expectLayoutText(workbook: NeutralWorkbook, layout: SheetLayout): void {
  const cells = sheetCells(workbook, layout.name);
  let checked = 0;
  layout.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell || cell.formula !== undefined || typeof cell.value !== "string") return;
      const key = `${r + 1}:${c + 1}`;
      if (!cells.has(key)) return;
      expect({ cell: key, value: cells.get(key) }).toEqual({ cell: key, value: cell.value });
      checked += 1;
    }),
  );
  expect(checked).toBeGreaterThan(0);
}

async function summarySheets(port: WorkbookPort): Promise<readonly SheetLayout[]> {
  return buildSummary(analyzeWorkbook(await port.readWorkbook()), { checkedAt: "2025-01-31 14:05" }).sheets;
}

const FORMULA_LIKE = ['=HYPERLINK("http://x")', "+46 8 123", "-1 minus", "@mention", "=1+1"];

export function portContract(name: string, makePort: MakePort): void {
  describe(`WorkbookPort contract: ${name}`, () => {
    test("readWorkbook returns the content's tables (names, headers, values; dates as serials)", async () => {
      const content = contractContent();
      const { port } = await makePort(content);
      const workbook = await port.readWorkbook();
      for (const table of content.tables) expectTable(workbook, table);
      const activities = findTable(workbook, "Aktiviteter");
      expect(activities?.rows[0]?.[3]).toBe(serial("2025-01-01"));
      expect(workbook.sheetNames).toEqual(
        expect.arrayContaining([...new Set(content.tables.map((t) => t.sheet))]),
      );
    });

    test("createTables on an empty workbook creates every table", async () => {
      const { port, read } = await makePort();
      const template = templateContent({ planYear: 2025 });
      const result = await port.createTables(template);
      expect([...result.created].sort()).toEqual(INPUT_TABLES.map((t) => t.table).sort());
      expect(result.kept).toEqual([]);
      const workbook = await read();
      for (const table of template.tables) expectTable(workbook, table);
      // The port reads back what it wrote.
      const again = await port.readWorkbook();
      for (const table of template.tables) expectTable(again, table);
    });

    test("createTables on a partial workbook adds only the missing tables and keeps existing data byte-for-byte", async () => {
      const missing = ["Jamforelser", "Tabellkolumner", "Aktiviteter"];
      const content = contractContent();
      const partial = { tables: content.tables.filter((t) => !missing.includes(t.table)) };
      const { port, read } = await makePort(partial);
      const before = await read();
      const template = templateContent({ planYear: 2025 });
      const result = await port.createTables(template);
      const expected = template.tables
        .map((t) => t.table)
        .filter((n) => !partial.tables.some((t) => t.table === n));
      expect(expected).toEqual(expect.arrayContaining(missing));
      expect([...result.created].sort()).toEqual(expected.sort());
      expect([...result.kept].sort()).toEqual(partial.tables.map((t) => t.table).sort());
      const after = await read();
      for (const table of partial.tables)
        expect(findTable(after, table.table)).toEqual(findTable(before, table.table));
      for (const name of expected) expect(findTable(after, name)).toBeDefined();
      const again = await port.readWorkbook();
      expect(analyzeWorkbook(again).findings.filter((f) => f.code === CODES.missingTable)).toEqual([]);
    });

    test("writeGeneratedSheets writes the three sheets; a second run replaces them", async () => {
      const { port, read } = await makePort(exampleWorkbook());
      const inputSheets = (await read()).sheetNames;
      const sheets = await summarySheets(port);
      await port.writeGeneratedSheets(sheets);
      const first = await read();
      const visible = (names: readonly string[]) =>
        names.filter((n) => !n.startsWith("VP-") && !n.startsWith("~"));
      expect(visible(first.sheetNames)).toEqual([...visible(inputSheets), ...GENERATED_SHEETS]);
      for (const layout of sheets) expectLayoutText(first, layout);
      const control = findTable(first, "Kontroll");
      expect(control?.sheet).toBe("Kontroll");
      expect(control?.headers).toEqual(["Allvarlighet", "Kod", "Meddelande", "Blad", "Cell"]);

      // A second run with other content replaces the sheets: same names, new content, nothing left over.
      const otherPort = (await makePort(contractContent())).port;
      const other = await summarySheets(otherPort);
      await port.writeGeneratedSheets(other);
      const second = await read();
      expect(visible(second.sheetNames)).toEqual(visible(first.sheetNames));
      expect(second.sheetNames.length).toBe(first.sheetNames.length);
      for (const layout of other) expectLayoutText(second, layout);
    });

    test("a user's sheet named Kontroll: GeneratedSheetConflictError and nothing changed", async () => {
      const content = exampleWorkbook();
      const user: TableContent = {
        sheet: "Kontroll",
        table: "MinaAnteckningar",
        headers: ["Not"],
        rows: [["Min egen"]],
      };
      const { port, read } = await makePort({ tables: [...content.tables, user] });
      const sheets = await summarySheets(port);
      const before = await read();
      const error: unknown = await port.writeGeneratedSheets(sheets).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GeneratedSheetConflictError);
      expect((error as GeneratedSheetConflictError).sheet).toBe("Kontroll");
      expect(await read()).toEqual(before);
    });

    test("formula-like user text stays text", async () => {
      const { port, read } = await makePort();
      const template = templateContent({ planYear: 2025 });
      const tables = template.tables.map((t): TableContent => {
        if (t.table === "Mal") {
          return {
            ...t,
            rows: FORMULA_LIKE.map((text, i) => [`1.1${i}`, "Nämndmål", null, text, null, null, null, null]),
          };
        }
        if (t.table === "Installningar") return { ...t, rows: [...t.rows, ["Organisation", "=1+1"]] };
        return t;
      });
      await port.createTables({ tables });
      const goals = findTable(await read(), "Mal");
      expect(goals?.rows.map((r) => r[0])).toEqual(FORMULA_LIKE.map((_t, i) => `1.1${i}`));
      expect(goals?.rows.map((r) => r[3])).toEqual(FORMULA_LIKE);

      await port.writeSettings(
        new Map<string, string | number | null>([
          ["Organisation", "+46 8 123"],
          ["Ny inställning", "=A1"],
        ]),
      );
      const settings = findTable(await read(), "Installningar");
      const value = (name: string) => settings?.rows.filter((r) => r[0] === name).map((r) => r[1]);
      expect(value("Ny inställning")).toEqual(["=A1"]);
      expect(value("Organisation")).toEqual(["+46 8 123", "=1+1"]);

      const layout: SheetLayout = {
        name: "Kontroll",
        rows: FORMULA_LIKE.map((text) => [{ value: text }]),
        columnWidths: [20],
      };
      await port.writeGeneratedSheets([layout]);
      const cells = sheetCells(await read(), "Kontroll");
      expect(FORMULA_LIKE.map((_t, i) => cells.get(`${i + 1}:1`))).toEqual(FORMULA_LIKE);
    });
  });
}
