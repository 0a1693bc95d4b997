/**
 * Contract tests every WorkbookPort must pass (the Office.js adapter over the fake workbook, the
 * .xlsx adapter): reading tables, creating the template, replacing the generated sheets, refusing
 * to overwrite a user's sheet, and keeping formula-like user text as text.
 *
 * `makePort(content)` gives a port over a workbook holding the content's tables (placed as core's
 * `tableLayout` places them; without content, a new empty workbook), and `read()` reads that
 * workbook independently of the port. `dropdowns()`, where the workbook can tell, lists its list
 * dropdowns (readWorkbook does not show them).
 */
import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import type { TableContent, WorkbookContent } from "../../src/core/content";
import { followUpColumnAdditions, type ColumnAddition } from "../../src/core/followup";
import { readPlan } from "../../src/core/read";
import { GeneratedSheetConflictError, TableColumnsError, type WorkbookPort } from "../../src/core/port";
import type { CellValue, NeutralWorkbook, SheetTable } from "../../src/core/sheet";
import { ACTIVITY_STATUSES, ASSESSMENTS, GENERATED_SHEETS, INPUT_TABLES } from "../../src/core/spec";
import { buildSummary } from "../../src/core/summary";
import type { SheetLayout } from "../../src/core/summary/types";
import { templateContent } from "../../src/core/template";
import { runSaveSettings } from "../../src/core/usecases";
import { exampleWorkbook } from "../../src/example";
import { goodContent } from "./workbooks";

/** A list dropdown: its sheet, cells (1-based, inclusive) and the values it offers. */
export interface Dropdown {
  readonly sheet: string;
  readonly area: {
    readonly top: number;
    readonly left: number;
    readonly bottom: number;
    readonly right: number;
  };
  readonly values: readonly string[];
}

export type MakePort = (content?: WorkbookContent) => Promise<{
  port: WorkbookPort;
  read: () => Promise<NeutralWorkbook>;
  dropdowns?: () => Promise<readonly Dropdown[]>;
}>;

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

    describe("addTableColumns", () => {
      const FOLLOW_UP: readonly [string, readonly string[]][] = [
        ["Mal", ["Bedömning", "Analys"]],
        ["Indikatorer", ["Utfall T1", "Utfall T2", "Utfall helår", "Bedömning", "Kommentar"]],
        ["Aktiviteter", ["Status", "Kommentar"]],
      ];
      const LISTS: Readonly<Record<string, readonly string[]>> = {
        Bedömning: ASSESSMENTS,
        Status: ACTIVITY_STATUSES,
      };
      const visibleSheets = (w: NeutralWorkbook) => w.sheetNames.filter((n) => n !== "Listor");

      /** Every table as before, with `additions` appended on the right (empty cells) and nothing else changed. */
      function expectAppended(
        before: NeutralWorkbook,
        after: NeutralWorkbook,
        additions: readonly ColumnAddition[],
      ) {
        expect(visibleSheets(after)).toEqual(visibleSheets(before));
        expect(after.tables.map((t) => t.name).sort()).toEqual(before.tables.map((t) => t.name).sort());
        for (const old of before.tables) {
          const now = findTable(after, old.name);
          const added = additions.filter((a) => a.table === old.name).flatMap((a) => a.headers);
          const width = old.headers.length;
          expect({
            table: old.name,
            sheet: now?.sheet,
            headerRow: now?.headerRow,
            firstColumn: now?.firstColumn,
          }).toEqual({
            table: old.name,
            sheet: old.sheet,
            headerRow: old.headerRow,
            firstColumn: old.firstColumn,
          });
          expect({ table: old.name, headers: now?.headers }).toEqual({
            table: old.name,
            headers: [...old.headers, ...added],
          });
          expect({ table: old.name, rows: now?.rows.map((r) => r.slice(0, width)) }).toEqual({
            table: old.name,
            rows: old.rows,
          });
          expect(now?.rows.flatMap((r) => r.slice(width)).every((v) => v === null || v === "")).toBe(true);
          if (old.numberFormats && now?.numberFormats)
            expect({ table: old.name, formats: now.numberFormats.map((r) => r?.slice(0, width)) }).toEqual({
              table: old.name,
              formats: old.numberFormats.map((r) => r?.slice(0, width)),
            });
        }
      }

      test("appends the missing follow-up columns at each table's right end; nothing else changes", async () => {
        const { port, read, dropdowns } = await makePort(contractContent());
        const before = await read();
        const additions = followUpColumnAdditions(before);
        expect(additions.map((a) => [a.table, a.headers])).toEqual(FOLLOW_UP);
        await port.addTableColumns(additions);
        const after = await read();
        expectAppended(before, after, additions);
        expect(followUpColumnAdditions(await port.readWorkbook())).toEqual([]);

        // The column kind's number format, not the left neighbour's: outcomes General, texts and lists text.
        const indicators = findTable(after, "Indikatorer");
        const formatOf = (header: string) => {
          const j = indicators?.headers.indexOf(header) ?? -1;
          return indicators?.numberFormats?.[0]?.[j] ?? null;
        };
        if (indicators?.numberFormats) {
          expect(formatOf("Utfall T1")).toBeNull();
          expect(formatOf("Utfall helår")).toBeNull();
          expect(formatOf("Bedömning")).toBe("@");
          expect(formatOf("Kommentar")).toBe("@");
        }

        if (dropdowns) {
          const lists = await dropdowns();
          for (const [name, headers] of FOLLOW_UP) {
            const table = findTable(after, name);
            if (!table) throw new Error(name);
            for (const header of headers) {
              const values = LISTS[header];
              if (!values) continue;
              const column = table.firstColumn + table.headers.indexOf(header);
              const last = table.headerRow + table.rows.length;
              const found = lists.find(
                (d) =>
                  d.sheet === table.sheet &&
                  d.area.left <= column &&
                  column <= d.area.right &&
                  d.area.top <= table.headerRow + 1 &&
                  d.area.bottom >= last,
              );
              expect({ table: name, header, values: found?.values }).toEqual({ table: name, header, values });
            }
          }
        }
      });

      test("runSaveSettings with a follow-up Dokument: the check no longer asks for columns; a second save adds none", async () => {
        const { port } = await makePort(contractContent());
        const settings = new Map<string, string | number | null>([["Dokument", "Tertialrapport 1"]]);
        const added = await runSaveSettings(port, settings);
        expect(added.map((a) => [a.table, a.headers])).toEqual(FOLLOW_UP);
        const workbook = await port.readWorkbook();
        expect(readPlan(workbook).plan.settings.document).toBe("Tertialrapport 1");
        expect(
          analyzeWorkbook(workbook).findings.filter((f) => f.code === CODES.followUpColumnsMissing),
        ).toEqual([]);
        expect(await runSaveSettings(port, settings)).toEqual([]);
      });

      test("a table without data rows gets its columns too", async () => {
        const content = contractContent();
        const empty = {
          tables: content.tables.map((t) => (t.table === "Aktiviteter" ? { ...t, rows: [] } : t)),
        };
        const { port, read } = await makePort(empty);
        const before = await read();
        const additions: ColumnAddition[] = [
          { table: "Aktiviteter", sheet: "Aktiviteter", headers: ["Status", "Kommentar"] },
        ];
        await port.addTableColumns(additions);
        expectAppended(before, await read(), additions);
        expect(followUpColumnAdditions(await port.readWorkbook()).map((a) => a.table)).toEqual([
          "Mal",
          "Indikatorer",
        ]);
      });

      test("[] changes nothing; headers a table has already are skipped", async () => {
        const { port, read } = await makePort(contractContent());
        const before = await read();
        await port.addTableColumns([]);
        await port.addTableColumns([{ table: "Mal", sheet: "Mål", headers: [] }]);
        expect(await read()).toEqual(before);
        await port.addTableColumns([{ table: "mal", sheet: "Mål", headers: [" mål ", "Analys", "analys"] }]);
        expectAppended(before, await read(), [{ table: "Mal", sheet: "Mål", headers: ["Analys"] }]);
      });

      test("refuses, naming the table, when the cells to its right are taken; nothing changes (runSaveSettings too)", async () => {
        const content = contractContent();
        // tableLayout puts this table one empty column to the right of Mal (A:H): at J.
        const notes: TableContent = {
          sheet: "Mål",
          table: "Anteckningar",
          headers: ["Not"],
          rows: [["Min egen"]],
        };
        const { port, read } = await makePort({ tables: [...content.tables, notes] });
        const before = await read();
        const error: unknown = await port
          .addTableColumns(followUpColumnAdditions(before))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TableColumnsError);
        expect((error as Error).message).toMatch(
          /^Tabellen ”Mal” kan inte få nya kolumner: .*J1.* Inget ändrades\.$/,
        );
        expect(await read()).toEqual(before);
        // runSaveSettings puts Dokument back when the columns cannot be added.
        const saved: unknown = await runSaveSettings(
          port,
          new Map<string, string | number | null>([["Dokument", "Tertialrapport 1"]]),
        ).catch((e: unknown) => e);
        expect(saved).toBeInstanceOf(TableColumnsError);
        expect(readPlan(await read()).plan.settings.document).toBe("Verksamhetsplan");
        expect(await read()).toEqual(before);
        const missing: unknown = await port
          .addTableColumns([{ table: "Saknas", sheet: "Mål", headers: ["Analys"] }])
          .catch((e: unknown) => e);
        expect((missing as Error).message).toContain("”Saknas”");
        expect(await read()).toEqual(before);
      });
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
