import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Workbook } from "exceljs";
import type { DataValidation, Worksheet } from "exceljs";
import type { TableContent, WorkbookContent } from "../../src/core/content";
import { contentToNeutral } from "../../src/core/layout";
import { readPlan } from "../../src/core/read";
import { columnNumber, dateToSerial } from "../../src/core/sheet";
import type { CellValue, NeutralWorkbook, SheetTable } from "../../src/core/sheet";
import {
  ACTIVITY_STATUSES,
  ASSESSMENTS,
  DOCUMENT_TYPES,
  GOAL_LEVELS,
  INDICATOR_UNITS,
  INPUT_TABLES,
  INPUT_UNITS,
  LEVELS,
  PERIOD_TYPES,
  POSTS,
  SUMMARY_UNITS,
  YES_NO,
} from "../../src/core/spec";
import { XlsxReadError, readXlsx, readXlsxFile, toCellValue, worksheetTables } from "../../src/xlsx/read";
import { AMOUNT_DECIMALS_FORMAT, AMOUNT_FORMAT, DATE_FORMAT, TEXT_FORMAT } from "../../src/core/formats";
import { tableLayout, writeXlsx, writeXlsxFile } from "../../src/xlsx/write";
import { goodContent } from "../support/workbooks";
import { excelLikeWorkbook } from "./excel-like";
import { zip } from "./zip";

const LONG_TEXT = "Lång text. ".repeat(2728).slice(0, 30_000);

function headersOf(table: string, periods: readonly string[] = []): string[] {
  const spec = INPUT_TABLES.find((t) => t.table === table);
  if (!spec) throw new Error(table);
  return [...spec.columns.map((c) => c.header), ...(spec.periodColumns ? periods : [])];
}

function t(table: string, rows: CellValue[][], periods: readonly string[] = []): TableContent {
  const spec = INPUT_TABLES.find((s) => s.table === table);
  if (!spec) throw new Error(table);
  return { sheet: spec.sheet, table, headers: headersOf(table, periods), rows };
}

const PERIODS = ["VP 2025", "Bokslut 2023"];

function content(): WorkbookContent {
  return {
    tables: [
      t("Installningar", [
        ["Organisation", "Hägersten-Älvsjö stadsdelsnämnd"],
        ["Nivå", "Nämnd"],
        ["Planår", 2025],
        ["Dokument", "Verksamhetsplan"],
        ["Beloppsenhet i indata", "tkr"],
        ["Beloppsenhet i sammanställning", "mnkr"],
        ["Decimaler i sammanställning", 1],
      ]),
      t("Perioder", [
        ["VP2025", "VP 2025", "Budget", 2025, "Ja"],
        ["BS2023", "Bokslut 2023", "Bokslut", 2023, null],
      ]),
      t("Jamforelser", []),
      t("Tabellkolumner", [["Nettotabell", "VP2025, BS2023", "DRIFTVERKSAMHET, mnkr"]]),
      t("Verksamhetsomraden", [
        ["IFO", "Individ- och familjeomsorg", null, "Nej", "Ja", "Nej", null],
        ["IFO-BU", "Barn och ungdom", "IFO", "Ja", "Nej", "Nej", null],
      ]),
      t("Mal", [
        [
          "1",
          "KF:s inriktningsmål",
          null,
          '=HYPERLINK("http://x")',
          null,
          "3, 4, 5, 10",
          null,
          null,
          null,
          null,
        ],
        ["1.1", "KF:s mål för verksamhetsområdet", "1", "+46 8 123", "IFO", null, null, null, null, null],
        ["N-1", "Nämndmål", "1.1", "-minus", "IFO-BU", null, LONG_TEXT, "@at", "Uppfylls helt", null],
      ]),
      t("Indikatorer", [
        ["I-1", "1.1", "Andel nöjda barn", "%", "69 %", "69 %", "År", "Högre är bättre"],
        ["I-2", "N-1", "Antal besök", "antal", "12 000", null, "Tertial", null, 0.5, null, null, null, null],
      ]),
      t("Aktiviteter", [
        ["A-1", "N-1", "Upprätta en parkleksplan", "2025-01-31", "2025-12-31", "Enhetschef"],
        ["A-2", "N-1", "Medborgardialoger", 45658, "31/1 2025", null, "Pågår", null],
      ]),
      t(
        "Budget",
        [
          ["IFO", "Kostnader", "Ledning", 3_224_700, 3_000_000],
          ["IFO-BU", "Intäkter", null, -1200.5, "3 224,7"],
        ],
        PERIODS,
      ),
      t("Investeringar", [["Parkinvesteringar", null, 200, 150]], PERIODS),
    ],
  };
}

async function loadExcelJs(bytes: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<Workbook["xlsx"]["load"]>[0]);
  return workbook;
}

function sheetOf(workbook: Workbook, name: string): Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

function validation(sheet: Worksheet, address: string): DataValidation | undefined {
  return (
    sheet as unknown as { dataValidations: { find(a: string): DataValidation | undefined } }
  ).dataValidations.find(address);
}

/** The non-empty values a list validation's range reference points at. */
function listValues(workbook: Workbook, formula: string): CellValue[] {
  const match = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(formula);
  if (!match) throw new Error(`not a quoted range reference: ${formula}`);
  const [, sheetName = "", column = "", first = "", , last = ""] = match;
  const sheet = sheetOf(workbook, sheetName.replace(/''/g, "'"));
  const values: CellValue[] = [];
  for (let row = Number(first); row <= Number(last); row++) {
    const value = sheet.getCell(row, columnNumber(column)).value;
    if (value !== null && value !== undefined) values.push(value as CellValue);
  }
  return values;
}

function tableOf(workbook: NeutralWorkbook, name: string): SheetTable {
  const table = workbook.tables.find((x) => x.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
}

function isoSerial(iso: string): number {
  return dateToSerial(new Date(`${iso}T00:00:00Z`));
}

describe("writeXlsx → readXlsx round trip", () => {
  let bytes: Buffer;
  let read: NeutralWorkbook;
  let excel: Workbook;

  beforeAll(async () => {
    bytes = await writeXlsx(content());
    read = await readXlsx(bytes);
    excel = await loadExcelJs(bytes);
  });

  test("every table comes back with its name, sheet, position, headers and values", () => {
    const written = content();
    const layout = tableLayout(written);
    expect(read.tables.map((x) => x.name)).toEqual(written.tables.map((x) => x.table));
    expect(read.sheetNames).toEqual([
      "Inställningar",
      "Verksamhetsområden",
      "Mål",
      "Indikatorer",
      "Aktiviteter",
      "Budget",
      "Investeringar",
      "Listor",
    ]);
    written.tables.forEach((table, i) => {
      const got = tableOf(read, table.table);
      const place = layout[i];
      expect({ sheet: got.sheet, headerRow: got.headerRow, firstColumn: got.firstColumn }).toEqual({
        sheet: place?.sheet,
        headerRow: place?.headerRow,
        firstColumn: place?.firstColumn,
      });
      expect(got.headers).toEqual(table.headers);
      const dateColumns = table.headers.flatMap((h, j) =>
        h === "Startdatum" || h === "Slutdatum" ? [j] : [],
      );
      const expected = (table.rows.length > 0 ? table.rows : [[]]).map((row) =>
        table.headers.map((_h, j) => {
          const value = row[j] ?? null;
          return dateColumns.includes(j) && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
            ? isoSerial(value)
            : value;
        }),
      );
      expect(got.rows).toEqual(expected);
    });
  });

  test("the layout agrees with the core's contentToNeutral", () => {
    const neutral = contentToNeutral(content());
    for (const table of neutral.tables) {
      const got = tableOf(read, table.name);
      expect([got.sheet, got.headerRow, got.firstColumn]).toEqual([
        table.sheet,
        table.headerRow,
        table.firstColumn,
      ]);
    }
    // Inställningar: Installningar A–B, Perioder D–H, Jamforelser J–L, Tabellkolumner N–P.
    expect(
      tableLayout(content())
        .slice(0, 4)
        .map((p) => p.firstColumn),
    ).toEqual([1, 4, 10, 14]);
  });

  test("text that looks like a formula or a number stays text", () => {
    const goals = tableOf(read, "Mal");
    expect(goals.rows.map((r) => r[3])).toEqual(['=HYPERLINK("http://x")', "+46 8 123", "-minus"]);
    expect(goals.rows[2]?.[7]).toBe("@at");
    expect(goals.rows[2]?.[6]).toBe(LONG_TEXT);
    const cell = sheetOf(excel, "Mål").getCell("D2");
    expect(cell.formula).toBeUndefined();
    expect(cell.value).toBe('=HYPERLINK("http://x")');
    expect(tableOf(read, "Budget").rows[1]?.[4]).toBe("3 224,7");
    expect(tableOf(read, "Aktiviteter").rows[1]?.[4]).toBe("31/1 2025");
  });

  test("number formats: dates, amounts, text", () => {
    const activities = tableOf(read, "Aktiviteter");
    expect(activities.rows[0]?.[3]).toBe(isoSerial("2025-01-31"));
    expect(activities.numberFormats?.[0]?.[3]).toBe(DATE_FORMAT);
    expect(activities.numberFormats?.[1]?.[3]).toBe(DATE_FORMAT);
    expect(activities.numberFormats?.[0]?.[2]).toBe(TEXT_FORMAT);
    const budget = tableOf(read, "Budget");
    expect(budget.numberFormats?.[0]?.[3]).toBe(AMOUNT_FORMAT);
    expect(budget.numberFormats?.[1]?.[3]).toBe(AMOUNT_DECIMALS_FORMAT);
    expect(budget.numberFormats?.[0]?.[0]).toBe(TEXT_FORMAT);
    expect(tableOf(read, "Perioder").numberFormats?.[0]?.[3]).toBe("0");
    // Empty cells below a table get the column's format too.
    expect(sheetOf(excel, "Aktiviteter").getCell("D50").numFmt).toBe(DATE_FORMAT);
    expect(sheetOf(excel, "Budget").getColumn(4).numFmt).toBe(AMOUNT_FORMAT);
    expect(sheetOf(excel, "Mål").getColumn(1).width).toBe(12);
    expect(sheetOf(excel, "Budget").getColumn(4).width).toBe(16);
  });

  test("ExcelJS sees real tables, header rows frozen", () => {
    for (const name of ["Inställningar", "Mål", "Budget"]) {
      const views = sheetOf(excel, name).views;
      expect(views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    }
    const tables = worksheetTables(sheetOf(excel, "Inställningar"));
    expect(tables.map((x) => [x.name, x.tableRef])).toEqual([
      ["Installningar", "A1:B8"],
      ["Perioder", "D1:H3"],
      ["Jamforelser", "J1:L2"],
      ["Tabellkolumner", "N1:P2"],
    ]);
  });

  test("dropdowns on list and listFrom columns, with a margin of empty rows", () => {
    const goals = sheetOf(excel, "Mål");
    const level = validation(goals, "B2");
    expect(level?.type).toBe("list");
    expect(listValues(excel, String(level?.formulae[0]))).toEqual([...GOAL_LEVELS]);
    expect(validation(goals, "B504")).toEqual(level); // 3 rows + 500
    expect(validation(goals, "B505")).toBeUndefined();
    expect(validation(goals, "C2")?.formulae).toEqual(["'Mål'!$A$2:$A$2000"]);
    expect(validation(goals, "E2")?.formulae).toEqual(["'Verksamhetsområden'!$A$2:$A$2000"]);
    expect(listValues(excel, String(validation(goals, "I2")?.formulae[0]))).toEqual([...ASSESSMENTS]);
    expect(validation(goals, "D2")).toBeUndefined();

    const indicators = sheetOf(excel, "Indikatorer");
    expect(validation(indicators, "B2")?.formulae).toEqual(["'Mål'!$A$2:$A$2000"]);
    expect(listValues(excel, String(validation(indicators, "D2")?.formulae[0]))).toEqual([
      ...INDICATOR_UNITS,
    ]);
    // Other units are allowed: no error alert on Enhet.
    expect(validation(indicators, "D2")?.showErrorMessage).toBeFalsy();
    expect(validation(indicators, "G2")?.showErrorMessage).toBe(true);

    const activities = sheetOf(excel, "Aktiviteter");
    expect(listValues(excel, String(validation(activities, "G2")?.formulae[0]))).toEqual([
      ...ACTIVITY_STATUSES,
    ]);

    const budget = sheetOf(excel, "Budget");
    expect(validation(budget, "A2")?.formulae).toEqual(["'Verksamhetsområden'!$A$2:$A$2000"]);
    expect(listValues(excel, String(validation(budget, "B2")?.formulae[0]))).toEqual([...POSTS]);
    expect(validation(budget, "D2")).toBeUndefined();

    const settings = sheetOf(excel, "Inställningar");
    // Perioder (D–H): Typ in F, Planperiod in H; Jamforelser (J–L): Period, Minus period → Perioder's Period-ID.
    expect(listValues(excel, String(validation(settings, "F2")?.formulae[0]))).toEqual([...PERIOD_TYPES]);
    expect(listValues(excel, String(validation(settings, "H2")?.formulae[0]))).toEqual([...YES_NO]);
    expect(validation(settings, "K2")?.formulae).toEqual(["'Inställningar'!$D$2:$D$2000"]);
    expect(validation(settings, "K502")?.formulae).toEqual(["'Inställningar'!$D$2:$D$2000"]);
    expect(validation(settings, "L2")?.formulae).toEqual(["'Inställningar'!$D$2:$D$2000"]);
    // For an empty table: one empty row and dropdowns on rows 2..501.
    expect(validation(settings, "K501")).toBeDefined();
    expect(validation(settings, "K503")).toBeUndefined();
    // Värde: per-row dropdowns for Nivå, Dokument and the amount units.
    const valueList = (address: string) => {
      const v = validation(settings, address);
      return v ? listValues(excel, String(v.formulae[0])) : undefined;
    };
    expect(valueList("B2")).toBeUndefined(); // Organisation
    expect(valueList("B3")).toEqual([...LEVELS]);
    expect(valueList("B4")).toBeUndefined(); // Planår
    expect(valueList("B5")).toEqual([...DOCUMENT_TYPES]);
    expect(valueList("B6")).toEqual([...INPUT_UNITS]);
    expect(valueList("B7")).toEqual([...SUMMARY_UNITS]);
    expect(valueList("B8")).toBeUndefined();
  });

  test("every list validation references a range, never an inline list", () => {
    for (const sheet of excel.worksheets) {
      const model = (
        sheet as unknown as { dataValidations: { model: Record<string, DataValidation | undefined> } }
      ).dataValidations.model;
      for (const v of Object.values(model)) {
        if (v?.type === "list")
          expect(String(v.formulae[0])).toMatch(/^'[^']+'!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+$/);
      }
    }
  });

  test("the sheet Listor is hidden unless asked otherwise", async () => {
    expect(sheetOf(excel, "Listor").state).toBe("hidden");
    const visible = await loadExcelJs(await writeXlsx(content(), { hiddenListsSheet: false }));
    expect(sheetOf(visible, "Listor").state).toBe("visible");
  });

  test("the lists sheet is read as a plain sheet", () => {
    expect(read.plainSheets?.map((s) => s.name)).toEqual(["Listor"]);
  });
});

test("the core reads a written file exactly as the content itself", async () => {
  const viaFile = readPlan(await readXlsx(await writeXlsx(goodContent())));
  const direct = readPlan(contentToNeutral(goodContent()));
  expect(viaFile.findings).toEqual([]);
  expect(JSON.parse(JSON.stringify(viaFile))).toEqual(JSON.parse(JSON.stringify(direct)));
});

describe("writeXlsx checks", () => {
  test("a text longer than Excel's 32 767 characters is an error naming the cell", async () => {
    const tooLong = content();
    const goals = tooLong.tables.find((x) => x.table === "Mal");
    if (!goals) throw new Error("Mal");
    const rows = goals.rows.map((r) => [...r]);
    const row = rows[1] ?? [];
    row[3] = "x".repeat(32_768);
    rows[1] = row;
    const changed = { tables: tooLong.tables.map((x) => (x === goals ? { ...x, rows } : x)) };
    await expect(writeXlsx(changed)).rejects.toThrow(/Mål!D3.*32 767/);
  });

  test("exactly 32 767 characters is fine", async () => {
    const text = "y".repeat(32_767);
    const bytes = await writeXlsx({
      tables: [{ sheet: "Mål", table: "Mal", headers: ["Mål-ID", "Mål"], rows: [["1", text]] }],
    });
    expect(tableOf(await readXlsx(bytes), "Mal").rows[0]?.[1]).toBe(text);
  });

  test("duplicate headers and bad table names are errors", async () => {
    await expect(
      writeXlsx({ tables: [{ sheet: "A", table: "T", headers: ["X", "x "], rows: [] }] }),
    ).rejects.toThrow(/kolumnrubriken/);
    await expect(
      writeXlsx({ tables: [{ sheet: "A", table: "A1", headers: ["X"], rows: [] }] }),
    ).rejects.toThrow(/Tabellnamnet/);
    await expect(
      writeXlsx({ tables: [{ sheet: "A:B", table: "T", headers: ["X"], rows: [] }] }),
    ).rejects.toThrow(/Bladnamnet/);
  });

  test("a table that is not in the spec is written without formats or dropdowns", async () => {
    const bytes = await writeXlsx({
      tables: [
        {
          sheet: "Egna",
          table: "Anteckningar",
          headers: ["Rubrik", "Tal"],
          rows: [
            ["a", 1.5],
            ["b", true],
          ],
        },
      ],
    });
    const read = await readXlsx(bytes);
    expect(read.sheetNames).toEqual(["Egna"]);
    expect(tableOf(read, "Anteckningar").rows).toEqual([
      ["a", 1.5],
      ["b", true],
    ]);
    expect(tableOf(read, "Anteckningar").numberFormats).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  test("whitespace, line breaks, control characters and literal _xHHHH_ survive", async () => {
    const values = [
      " x ",
      "a\nb",
      "tab\there",
      "ctl\u0001x\u001f",
      "_x0041_",
      "_x00e5_ och _X0041_",
      "emoji 😀",
      "<&>\"'",
    ];
    const bytes = await writeXlsx({
      tables: [{ sheet: "S", table: "T", headers: ["A"], rows: values.map((v) => [v]) }],
    });
    expect(tableOf(await readXlsx(bytes), "T").rows).toEqual(values.map((v) => [v]));
  });

  test("error values are written as errors", async () => {
    const bytes = await writeXlsx({
      tables: [
        { sheet: "S", table: "T", headers: ["A", "B"], rows: [[{ error: "#N/A" }, { error: "#DIV/0!" }]] },
      ],
    });
    expect(tableOf(await readXlsx(bytes), "T").rows).toEqual([[{ error: "#N/A" }, { error: "#DIV/0!" }]]);
  });
});

describe("reading files Excel wrote", () => {
  let read: NeutralWorkbook;

  beforeAll(async () => {
    read = await readXlsx(excelLikeWorkbook());
  });

  test("whole-column dropdowns do not make reading slow (ExcelJS expands them per cell)", async () => {
    const start = Date.now();
    await readXlsx(excelLikeWorkbook());
    expect(Date.now() - start).toBeLessThan(3000);
  });

  test("a table without headerRowCount has a header row; the totals row is left out", () => {
    const budget = tableOf(read, "Budget");
    expect(budget).toMatchObject({ sheet: "Budget", headerRow: 1, firstColumn: 1 });
    expect(budget.headers).toEqual(["Verksamhetsområde", "Post", "VP 2025", "Datum"]);
    expect(budget.rows).toHaveLength(3);
  });

  test("values: rich text, inline strings, booleans, cached formula results, errors, dates", () => {
    const budget = tableOf(read, "Budget");
    expect(budget.rows).toEqual([
      ["IFO", "Kostnader", 3_224_700, isoSerial("2025-01-31")],
      ["Adm", true, 6_449_400, 0.69],
      [{ error: "#N/A" }, "abc", { error: "#N/A" }, null],
    ]);
  });

  test("number formats, built-in ones included", () => {
    expect(tableOf(read, "Budget").numberFormats).toEqual([
      [null, null, "#,##0", "mm-dd-yy"],
      [null, null, "#,##0", "0%"],
      [null, null, null, "yyyy-mm-dd"],
    ]);
  });

  test("a table without a header row takes its headers from the table's column names", () => {
    const goals = tableOf(read, "Mal");
    expect(goals).toMatchObject({ sheet: "Mål", headerRow: 1, firstColumn: 2, headers: ["Mål-ID", "Mål"] });
    expect(goals.rows).toEqual([
      ["1", "Ett mål"],
      ["1.1", "Ett annat mål"],
    ]);
  });

  test("a sheet without a table is read from A1 as a plain sheet", () => {
    expect(read.sheetNames).toEqual(["Budget", "Anteckningar", "Mål"]);
    expect(read.plainSheets).toHaveLength(1);
    const notes = read.plainSheets?.[0];
    expect(notes).toMatchObject({
      name: "Anteckningar",
      sheet: "Anteckningar",
      headerRow: 1,
      firstColumn: 1,
      fromSheet: true,
    });
    expect(notes?.headers).toEqual(["Rubrik", "Värde"]);
    // The merged cell B4 is empty, as in Excel; the formatted empty cell F9 is not part of the used range.
    expect(notes?.rows).toEqual([
      ["x", 5],
      [null, null],
      ["sammanslagen", null],
      ["=inte en formel", null],
    ]);
    expect(notes?.numberFormats?.[0]).toEqual([null, "#,##0"]);
  });

  test("ExcelJS alone: tables through getTables() and model.tables, and its quirks", async () => {
    // ExcelJS itself cannot open the file: it finds table parts only by relative paths.
    const raw = new Workbook();
    const withoutDropdowns = excelLikeWorkbook({ wholeColumnDropdowns: false });
    await expect(
      raw.xlsx.load(withoutDropdowns as unknown as Parameters<Workbook["xlsx"]["load"]>[0]),
    ).rejects.toThrow(TypeError);

    // Our own file: both ways of listing tables give the name and the full range (`tableRef`, not `ref`).
    const own = await loadExcelJs(
      await writeXlsx({ tables: [{ sheet: "S", table: "T", headers: ["A", "B"], rows: [[1, 2]] }] }),
    );
    const sheet = sheetOf(own, "S");
    const viaGetTables = sheet.getTables() as unknown as {
      table: { name: string; tableRef: string; ref?: string };
    }[];
    expect(viaGetTables.map((x) => [x.table.name, x.table.tableRef, x.table.ref])).toEqual([
      ["T", "A1:B2", undefined],
    ]);
    const viaModel = (sheet.model as unknown as { tables: { name: string; tableRef: string }[] }).tables;
    expect(viaModel.map((x) => [x.name, x.tableRef])).toEqual([["T", "A1:B2"]]);
    expect(worksheetTables(sheet).map((x) => [x.name, x.tableRef, x.headerRow])).toEqual([
      ["T", "A1:B2", true],
    ]);
  });
});

describe("cell values", () => {
  test("hyperlinks and rich text read as their text; formula results of every kind", async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet("Länkar");
    sheet.getRow(1).values = ["Länk", "Rik", "Formel", "Datum"];
    sheet.getCell("A2").value = { text: "Stockholm", hyperlink: "https://start.stockholm" };
    sheet.getCell("B2").value = { richText: [{ text: "fet", font: { bold: true } }, { text: " text" }] };
    sheet.getCell("C2").value = { formula: 'A2&""', result: "Stockholm" };
    sheet.getCell("D2").value = { formula: "DATE(2025,1,31)", result: new Date(Date.UTC(2025, 0, 31)) };
    sheet.getCell("D2").numFmt = "yyyy-mm-dd";
    sheet.getCell("C3").value = { formula: "1=1", result: true };
    sheet.getCell("C4").value = { formula: "1/0", result: { error: "#DIV/0!" } };
    sheet.getCell("C5").value = { formula: "A1" };
    const read = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    const links = read.plainSheets?.[0];
    expect(links?.headers).toEqual(["Länk", "Rik", "Formel", "Datum"]);
    expect(links?.rows).toEqual([
      ["Stockholm", "fet text", "Stockholm", isoSerial("2025-01-31")],
      [null, null, true, null],
      [null, null, { error: "#DIV/0!" }, null],
      // Row 5 holds only a formula without a cached result: null, so outside the used range.
    ]);
  });

  test("toCellValue", () => {
    expect(toCellValue(undefined)).toBeNull();
    expect(toCellValue(Number.NaN)).toEqual({ error: "#NUM!" });
    expect(toCellValue(new Date(Number.NaN))).toBeNull();
    expect(toCellValue(new Date(Date.UTC(2025, 0, 31, 12)))).toBe(isoSerial("2025-01-31") + 0.5);
    expect(toCellValue({ text: { richText: [{ text: "a" }, { text: "b" }] }, hyperlink: "x" })).toBe("ab");
    expect(toCellValue({ sharedFormula: "A1", result: 3 })).toBe(3);
    expect(toCellValue({ error: "#SPILL!" })).toEqual({ error: "#SPILL!" });
  });
});

describe("read errors", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "vp-xlsx-"));
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function reason(promise: Promise<unknown>): Promise<XlsxReadError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof XlsxReadError) return error;
      throw error;
    }
    throw new Error("expected an XlsxReadError");
  }

  test("a missing file", async () => {
    const error = await reason(readXlsxFile(path.join(dir, "saknas.xlsx")));
    expect(error.reason).toBe("missing");
    expect(error.message).toBe("Filen ”saknas.xlsx” finns inte.");
    expect(error.fileName).toBe("saknas.xlsx");
  });

  test("a text file renamed .xlsx", async () => {
    const file = path.join(dir, "text.xlsx");
    await fs.writeFile(file, "Detta är ingen arbetsbok\n");
    const error = await reason(readXlsxFile(file));
    expect(error.reason).toBe("not_xlsx");
    expect(error.message).toBe("Filen ”text.xlsx” är inte en Excel-arbetsbok (.xlsx).");
  });

  test("an empty file", async () => {
    expect((await reason(readXlsx(Buffer.alloc(0)))).reason).toBe("not_xlsx");
  });

  const ole = (streamName: string): Buffer =>
    Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from(streamName, "utf16le"),
      Buffer.alloc(64),
    ]);

  test("a password-protected workbook (OLE file with EncryptedPackage)", async () => {
    const file = path.join(dir, "hemlig.xlsx");
    await fs.writeFile(file, ole("EncryptedPackage"));
    const error = await reason(readXlsxFile(file));
    expect(error.reason).toBe("encrypted");
    expect(error.message).toBe(
      "Filen ”hemlig.xlsx” är lösenordsskyddad. Ta bort lösenordet i Excel och försök igen.",
    );
  });

  test("an old .xls workbook", async () => {
    const error = await reason(readXlsx(ole("Workbook"), "gammal.xls"));
    expect(error.reason).toBe("not_xlsx");
    expect(error.message).toMatch(/gammal\.xls.*\.xls.*spara den som Excel-arbetsbok \(\.xlsx\)/);
  });

  test("a ZIP file that is not a workbook", async () => {
    const error = await reason(readXlsx(zip({ "hej.txt": "hej" }), "arkiv.xlsx"));
    expect(error.reason).toBe("corrupt");
    expect(error.message).toBe("Filen ”arkiv.xlsx” kunde inte läsas: den verkar vara skadad.");
  });

  test("a truncated workbook", async () => {
    const bytes = await writeXlsx(content());
    expect((await reason(readXlsx(bytes.subarray(0, Math.floor(bytes.length / 2))))).reason).toBe("corrupt");
  });

  test("a workbook whose sheet XML is broken", async () => {
    const broken = zip({
      "[Content_Types].xml": "<Types/>",
      "xl/workbook.xml": "<workbook><sheets><sheet name='A' sheetId='1' r:id='rId1'",
    });
    expect((await reason(readXlsx(broken))).reason).toBe("corrupt");
  });

  test("messages without a file name", async () => {
    expect((await reason(readXlsx(Buffer.from("hej")))).message).toBe(
      "Filen är inte en Excel-arbetsbok (.xlsx).",
    );
  });
});

describe("files and input types", () => {
  test("writeXlsxFile → readXlsxFile, and Uint8Array / ArrayBuffer input", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "vp-xlsx-"));
    try {
      const file = path.join(dir, "plan.xlsx");
      await writeXlsxFile(file, content());
      expect(await fs.readdir(dir)).toEqual(["plan.xlsx"]);
      const fromFile = await readXlsxFile(file);
      expect(tableOf(fromFile, "Budget").rows[0]).toEqual([
        "IFO",
        "Kostnader",
        "Ledning",
        3_224_700,
        3_000_000,
      ]);

      const bytes = await fs.readFile(file);
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const arrayBuffer = view.slice().buffer;
      expect((await readXlsx(view)).tables).toEqual(fromFile.tables);
      expect((await readXlsx(arrayBuffer)).tables).toEqual(fromFile.tables);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("cached formula results", () => {
  it("reads a cached result of 0 as 0, not as an empty cell", async () => {
    const { Workbook } = await import("exceljs");
    const wb = new Workbook();
    const ws = wb.addWorksheet("Budget");
    ws.getCell("A1").value = "Belopp";
    ws.getCell("A2").value = { formula: "1-1", result: 0 };
    ws.getCell("A3").value = { formula: "2+2", result: 4 };
    const read = await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(read.plainSheets?.[0]?.rows).toEqual([[0], [4]]);
  });
});
