/// <reference types="office-js" />
import { analyzeWorkbook } from "../../src/core/analyze";
import type { WorkbookContent } from "../../src/core/content";
import type { Finding } from "../../src/core/findings";
import { followUpColumnAdditions } from "../../src/core/followup";
import { GeneratedSheetConflictError, METADATA_SHEET, METADATA_TITLE } from "../../src/core/port";
import { cellAddress, columnNumber } from "../../src/core/sheet";
import { buildSummary } from "../../src/core/summary";
import type { SheetLayout } from "../../src/core/summary/types";
import { INPUT_TABLES } from "../../src/core/spec";
import { templateContent } from "../../src/core/template";
import { contentToNeutral } from "../../src/core/layout";
import { readPlan } from "../../src/core/read";
import { unitTemplateContent } from "../../src/core/unit-template";
import { exampleWorkbook } from "../../src/example";
import { syntheticContent } from "../../src/bench/synthetic";
import { EXCEL_WEB_PAYLOAD_LIMIT, FakeExcel } from "../../src/fake-excel";
import { OfficeWorkbookPort } from "../../src/office/adapter";
import { MARK_FORMULA } from "../../src/office/marks";
import { ProtectedSheetError } from "../../src/office/tables";
import { ALL_REQUIREMENTS, requirementsUpTo, type Requirements } from "../../src/office/requirements";
import { portContract } from "../support/port-contract";
import { fakeDropdowns } from "./dropdowns";
import { goodContent } from "../support/workbooks";

function makeFakePort(content?: WorkbookContent, requirements: Requirements = ALL_REQUIREMENTS) {
  const fake = FakeExcel.fromContent(content);
  const logged: string[] = [];
  const port = new OfficeWorkbookPort(fake.runner, { requirements, log: (m) => logged.push(m) });
  return {
    fake,
    port,
    logged,
    read: async () => fake.toNeutral(),
    dropdowns: async () => fakeDropdowns(fake),
  };
}

portContract("OfficeWorkbookPort over the fake workbook", async (content) => makeFakePort(content));

async function summaryOf(port: OfficeWorkbookPort) {
  return buildSummary(analyzeWorkbook(await port.readWorkbook()), { checkedAt: "2025-01-31 14:05" });
}

describe("readWorkbook", () => {
  test("one sync; error values, tables not at A1 and sheets without a table", async () => {
    const { fake, port } = makeFakePort(goodContent());
    // Budget without its table (a file made by another tool), an error value in Mal.
    const budget = fake.state.tables.findIndex((t) => t.name === "Budget");
    fake.state.tables.splice(budget, 1);
    const mal = fake.state.sheets.find((s) => s.name === "Mål");
    const cell = mal?.rows[1]?.[5];
    if (cell) {
      cell.value = "#N/A";
      cell.error = "#N/A";
    }
    fake.resetStats();
    const workbook = await port.readWorkbook();
    expect(fake.syncCount).toBe(1);
    expect(workbook.tables.find((t) => t.name === "Mal")?.rows[0]?.[5]).toEqual({ error: "#N/A" });
    const plain = workbook.plainSheets?.find((s) => s.sheet === "Budget");
    expect(plain?.fromSheet).toBe(true);
    expect(plain?.headers.slice(0, 2)).toEqual(["Verksamhetsområde", "Post"]);
    const settings = workbook.tables.find((t) => t.name === "Perioder");
    expect([settings?.sheet, settings?.headerRow, settings?.firstColumn]).toEqual(["Inställningar", 1, 4]);
    expect(
      analyzeWorkbook(workbook).findings.filter((f) => f.sheet === "Budget" && f.severity === "error"),
    ).toEqual([]);
  });
});

test("a workbook too large for one response (Excel on the web) is read in parts, with the same result", async () => {
  const content = syntheticContent({ budgetLines: 30_000, indicators: 200 });
  const limited = FakeExcel.fromContent(content);
  const unlimited = FakeExcel.fromContent(content, { responseLimitBytes: null });
  const read = (fake: FakeExcel) =>
    new OfficeWorkbookPort(fake.runner, { requirements: ALL_REQUIREMENTS, log: () => {} }).readWorkbook();
  const expected = await read(unlimited);
  expect(unlimited.syncCount).toBe(1);
  expect(unlimited.maxResponseBytes).toBeGreaterThan(EXCEL_WEB_PAYLOAD_LIMIT);
  const parts = await read(limited);
  expect(limited.syncs[0]?.error).toBe("ResponsePayloadSizeLimitExceeded");
  expect(limited.syncCount).toBeGreaterThan(3);
  expect(limited.maxResponseBytes).toBeLessThanOrEqual(EXCEL_WEB_PAYLOAD_LIMIT);
  expect(JSON.stringify(parts)).toBe(JSON.stringify(expected));
});

describe("writeGeneratedSheets", () => {
  test("writes values, formulas, formats, links, frozen rows, a real table and the metadata", async () => {
    const { fake, port } = makeFakePort(exampleWorkbook());
    const summary = await summaryOf(port);
    const progress: number[] = [];
    fake.resetStats();
    await port.writeGeneratedSheets(summary.sheets, (f) => progress.push(f));
    expect(fake.syncCount).toBe(3);
    expect(progress[progress.length - 1]).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(fake.callCount("suspendApiCalculationUntilNextSync")).toBe(2);

    const [economy, goals, control] = summary.sheets as [SheetLayout, SheetLayout, SheetLayout];
    let formulas = 0;
    economy.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        const written = fake.cell(economy.name, cellAddress(r + 1, c + 1));
        if (!cell) return;
        if (cell.formula) {
          formulas += 1;
          expect(written?.formula).toBe(cell.formula);
        } else if (typeof cell.value === "string") {
          expect([written?.value, written?.numberFormat, written?.formula]).toEqual([
            cell.value,
            "@",
            undefined,
          ]);
        }
        if (cell.numberFormat && cell.formula) expect(written?.numberFormat).toBe(cell.numberFormat);
        if (cell.bold) expect(written?.style?.["font.bold"]).toBe(true);
        if (cell.italic) expect(written?.style?.["font.italic"]).toBe(true);
        if (cell.fill) expect(written?.style?.["fill.color"]).toBe(`#${cell.fill}`);
        if (cell.indent) expect(written?.style?.indentLevel).toBe(cell.indent);
        if (cell.borderBottom) expect(written?.style?.["borders.EdgeBottom.style"]).toBe("Continuous");
        if (cell.align === "right") expect(written?.style?.horizontalAlignment).toBe("Right");
      }),
    );
    expect(formulas).toBeGreaterThan(10);
    expect(fake.sheet(economy.name)?.columnWidths.size).toBe(economy.columnWidths.length);
    expect(fake.sheet(goals.name)?.frozenRows).toBe(goals.freezeRows ?? 0);

    // Kontroll: a filterable table and links that select the cell.
    const table = fake.state.tables.find((t) => t.name === "Kontroll");
    expect(table?.sheet.name).toBe("Kontroll");
    expect(fake.sheet("Kontroll")?.frozenRows).toBe(control.freezeRows);
    let links = 0;
    control.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell?.link) return;
        links += 1;
        expect(fake.cell("Kontroll", cellAddress(r + 1, c + 1))?.hyperlink).toEqual({
          documentReference: `'${cell.link.sheet}'!${cell.link.cell}`,
          textToDisplay: cell.value,
        });
      }),
    );
    expect(links).toBe(summary.findings.filter((f) => f.sheet && f.cell).length);

    const metadata = fake.sheet(METADATA_SHEET);
    expect(metadata?.visibility).toBe("VeryHidden");
    expect(fake.cell(METADATA_SHEET, "A1")?.value).toBe(METADATA_TITLE);
    expect(["A2", "A3", "A4", "A5"].map((a) => fake.cell(METADATA_SHEET, a)?.value)).toEqual([
      "Sammanställning ekonomi",
      "Sammanställning mål",
      "Kontroll",
      undefined,
    ]);
  });

  test("a rerun keeps the place the user moved a generated sheet to, its activation and the table name", async () => {
    const { fake, port } = makeFakePort(exampleWorkbook());
    const summary = await summaryOf(port);
    await port.writeGeneratedSheets(summary.sheets);
    await fake.run(async (context) => {
      const kontroll = context.workbook.worksheets.getItem("Kontroll");
      kontroll.position = 0;
      kontroll.activate();
      await context.sync();
    });
    const order = fake.sheetNames();
    fake.resetStats();
    await port.writeGeneratedSheets(summary.sheets);
    expect(fake.syncCount).toBe(3);
    expect(fake.sheetNames()).toEqual(order);
    expect(fake.state.activeSheet?.name).toBe("Kontroll");
    expect(fake.state.tables.filter((t) => t.sheet.name === "Kontroll").map((t) => t.name)).toEqual([
      "Kontroll",
    ]);
    expect(fake.state.sheets.filter((s) => s.name.startsWith("~"))).toEqual([]);
  });

  test("leftovers of a failed run (very hidden ~ sheets) are removed; a user's ~ sheet is not", async () => {
    const { fake, port } = makeFakePort(exampleWorkbook());
    await fake.run(async (context) => {
      const leftover = context.workbook.worksheets.add("~Kontroll");
      leftover.visibility = "VeryHidden";
      context.workbook.worksheets.add("~Sammanställning mål").getRange("A1").values = [["Användarens"]];
      await context.sync();
    });
    await port.writeGeneratedSheets((await summaryOf(port)).sheets);
    expect(fake.sheetNames().filter((n) => n.startsWith("~"))).toEqual(["~Sammanställning mål"]);
    expect(fake.cell("~Sammanställning mål", "A1")?.value).toBe("Användarens");
    expect(fake.sheetNames()).toEqual(expect.arrayContaining(["Sammanställning mål", "Kontroll"]));
  });

  test("a table named Kontroll elsewhere: the new table gets another name", async () => {
    const content = exampleWorkbook();
    const { fake, port } = makeFakePort({
      tables: [...content.tables, { sheet: "Egen", table: "Kontroll", headers: ["A"], rows: [["x"]] }],
    });
    await port.writeGeneratedSheets((await summaryOf(port)).sheets);
    expect(fake.state.tables.find((t) => t.sheet.name === "Kontroll")?.name).toBe("Kontroll_2");
    expect(fake.state.tables.find((t) => t.sheet.name === "Egen")?.name).toBe("Kontroll");
  });

  test("a metadata sheet that is not ours is a conflict", async () => {
    const { fake, port } = makeFakePort(exampleWorkbook());
    await fake.run(async (context) => {
      context.workbook.worksheets.add(METADATA_SHEET).getRange("A1").values = [["Något annat"]];
      await context.sync();
    });
    const before = fake.snapshot();
    await expect(port.writeGeneratedSheets((await summaryOf(port)).sheets)).rejects.toBeInstanceOf(
      GeneratedSheetConflictError,
    );
    expect(fake.snapshot()).toEqual(before);
  });

  test("without ExcelApi 1.9 indents are left out and the rest is written", async () => {
    const { fake, port } = makeFakePort(exampleWorkbook(), requirementsUpTo("1.7"));
    const summary = await summaryOf(port);
    await port.writeGeneratedSheets(summary.sheets);
    expect(fake.callCount("suspendScreenUpdatingUntilNextSync")).toBe(0);
    const indented = fake.state.sheets.flatMap((s) =>
      s.rows.flatMap((r) => (r ?? []).filter((c) => c?.style?.indentLevel !== undefined)),
    );
    expect(indented).toEqual([]);
    expect(fake.sheetNames()).toEqual(expect.arrayContaining(["Sammanställning ekonomi", "Kontroll"]));
  });
});

describe("createTables", () => {
  test("dropdowns from the hidden sheet Listor and from the source table's column", async () => {
    const { fake, port, logged } = makeFakePort();
    fake.resetStats();
    await port.createTables(templateContent({ planYear: 2025 }));
    expect(fake.syncCount).toBe(3);
    expect(logged).toEqual([]);
    expect(fake.sheet("Listor")?.visibility).toBe("Hidden");
    const goals = fake.sheet("Mål");
    expect(goals?.frozenRows).toBe(1);
    const sources = (goals?.validations ?? []).map((v) => JSON.stringify(v.rule));
    expect(sources.some((s) => s.includes("'Listor'!$"))).toBe(true);
    const areaColumn = columnNumber("E");
    expect(goals?.validations.find((v) => v.area.left === areaColumn - 1)?.rule).toEqual({
      list: { inCellDropDown: true, source: "='Verksamhetsområden'!$A$2:$A$2000" },
    });
    // Text columns are formatted as text, also below the header.
    expect(fake.cell("Mål", "A1")?.numberFormat).toBe("@");
  });

  test("without ExcelApi 1.8: no dropdowns, and a message saying so", async () => {
    const { fake, port, logged } = makeFakePort(undefined, requirementsUpTo("1.7"));
    const result = await port.createTables(templateContent({ planYear: 2025 }));
    expect(result.created.length).toBeGreaterThan(5);
    expect(fake.state.sheets.flatMap((s) => s.validations)).toEqual([]);
    expect(fake.sheet("Listor")).toBeUndefined();
    expect(logged.join(" ")).toContain("ExcelApi 1.8");
    expect(port.notices).toEqual(logged);
  });

  test("reference lists go on protected sheets, the others stay editable", async () => {
    const { fake, port } = makeFakePort();
    const template = templateContent({ planYear: 2025, level: "Enhet" });
    await port.createTables(template);
    for (const table of template.tables) {
      const protectedSheet = INPUT_TABLES.find((s) => s.table === table.table)?.protectSheet === true;
      expect([table.table, fake.sheet(table.sheet)?.protection !== undefined]).toEqual([
        table.table,
        protectedSheet,
      ]);
    }
  });

  test("everything present: two reads, nothing written", async () => {
    const { fake, port } = makeFakePort(templateContent({ planYear: 2025 }));
    const before = fake.snapshot();
    fake.resetStats();
    const result = await port.createTables(templateContent({ planYear: 2025 }));
    expect(result.created).toEqual([]);
    expect(fake.syncCount).toBe(2);
    expect(fake.snapshot()).toEqual(before);
  });
});

describe("the unit template's reference sheet Nämndens mål", () => {
  const REFERENCE = "Nämndens mål";
  const unitTemplate = () =>
    unitTemplateContent(readPlan(contentToNeutral(exampleWorkbook())).plan, "Enhet Norr");

  async function protectedSheets(fake: FakeExcel): Promise<[string, boolean][]> {
    return fake.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name,items/protection/protected");
      await context.sync();
      return sheets.items.map((s): [string, boolean] => [s.name, s.protection.protected]);
    });
  }

  test("is protected as the command line's file has it, the other sheets not, in the same syncs", async () => {
    const { fake, port, logged } = makeFakePort();
    fake.resetStats();
    const result = await port.createTables(unitTemplate());
    expect(result.created).toContain("NamndensMal");
    // Two reads and one write request, as for any template: the protection goes in the write.
    expect(fake.syncCount).toBe(3);
    expect(logged).toEqual([]);
    // src/xlsx/write.ts's options: select any cell, filter, sort, column widths; no password.
    expect(fake.sheet(REFERENCE)?.protection).toEqual({
      allowAutoFilter: true,
      allowSort: true,
      allowFormatColumns: true,
      allowEditObjects: true,
      allowEditScenarios: true,
      password: "",
    });
    const sheets = await protectedSheets(fake);
    expect(sheets.length).toBeGreaterThan(5);
    expect(sheets.filter(([, p]) => p)).toEqual([[REFERENCE, true]]);
    // The table, its values, formats and dropdowns were written before the protection.
    expect(fake.cell(REFERENCE, "A1")?.value).toBe("Mål-ID");
    expect(fake.sheet(REFERENCE)?.frozenRows).toBe(1);
    expect(fake.sheet(REFERENCE)?.validations.length).toBeGreaterThan(0);
  });

  test("later operations: marks skip it, a cell can be selected, writes are refused", async () => {
    const { fake, port } = makeFakePort();
    await port.createTables(unitTemplate());
    await port.markFindings([
      { severity: "warning", code: "X", message: "varning", sheet: REFERENCE, cell: "B2" },
      { severity: "error", code: "Y", message: "fel", sheet: "Mål", cell: "A2" },
    ]);
    expect(fake.sheet(REFERENCE)?.conditionalFormats).toEqual([]);
    expect(fake.sheet("Mål")?.conditionalFormats.map((f) => f.formula)).toEqual([MARK_FORMULA]);
    await port.selectCell(REFERENCE, "B2");
    expect(fake.state.activeSheet?.name).toBe(REFERENCE);
    // Adding the missing tables again: everything is there, nothing is written.
    const before = fake.snapshot();
    expect((await port.createTables(unitTemplate())).created).toEqual([]);
    expect(fake.snapshot()).toEqual(before);
    // Excel refuses edits on the sheet (an error at sync).
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem(REFERENCE).getRange("A2").values = [["ändrad"]];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidOperation" });
    expect(fake.snapshot()).toEqual(before);
  });

  test("a missing table on an existing protected sheet: a Swedish message before anything is written", async () => {
    const { fake, port } = makeFakePort();
    await port.createTables(unitTemplate());
    // The table gone (as a file made elsewhere could have it), the protected sheet still there.
    fake.state.tables.splice(
      fake.state.tables.findIndex((t) => t.name === "NamndensMal"),
      1,
    );
    const before = fake.snapshot();
    fake.resetStats();
    const error = await port.createTables(unitTemplate()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProtectedSheetError);
    expect((error as Error).message).toBe(
      "Tabellen ”NamndensMal” kan inte skapas: bladet ”Nämndens mål” är skyddat. Ta bort bladskyddet " +
        "(Granska > Ta bort bladskydd) och försök igen. Inget ändrades.",
    );
    expect(fake.syncCount).toBe(2);
    expect(fake.snapshot()).toEqual(before);
  });
});

describe("markFindings", () => {
  const findings: Finding[] = [
    { severity: "error", code: "X", message: "fel", sheet: "Budget", cell: "D2" },
    { severity: "error", code: "X", message: "fel", sheet: "Budget", cell: "D3" },
    { severity: "warning", code: "Y", message: "varning", sheet: "Mål", cell: "B2" },
    { severity: "info", code: "Z", message: "info", sheet: "Saknas", cell: "A1" },
    { severity: "info", code: "Z", message: "utan cell", sheet: "Mål" },
  ];

  test("marks cells by severity and replaces only its own marks", async () => {
    const { fake, port } = makeFakePort(goodContent());
    await fake.run(async (context) => {
      const own = context.workbook.worksheets
        .getItem("Budget")
        .getRange("A2")
        .conditionalFormats.add("Custom");
      own.custom.rule.formula = "=A2>0";
      await context.sync();
    });
    fake.resetStats();
    await port.markFindings(findings);
    expect(fake.syncCount).toBe(3);
    const budget = fake.sheet("Budget")?.conditionalFormats ?? [];
    expect(budget.map((f) => [f.formula, f.fillColor, f.areas.length])).toEqual([
      [MARK_FORMULA, "#FFC7CE", 1],
      ["=A2>0", undefined, 1],
    ]);
    expect(fake.sheet("Mål")?.conditionalFormats.map((f) => f.fillColor)).toEqual(["#FFEB9C"]);

    await port.markFindings(findings.slice(2, 3));
    expect(fake.sheet("Budget")?.conditionalFormats.map((f) => f.formula)).toEqual(["=A2>0"]);
    expect(fake.sheet("Mål")?.conditionalFormats.map((f) => f.formula)).toEqual([MARK_FORMULA]);
    await port.markFindings([]);
    expect(fake.state.sheets.flatMap((s) => s.conditionalFormats).map((f) => f.formula)).toEqual(["=A2>0"]);
  });

  test("without ExcelApi 1.9 each block of cells gets its own mark", async () => {
    const { fake, port } = makeFakePort(goodContent(), requirementsUpTo("1.8"));
    await port.markFindings(findings);
    expect(fake.sheet("Budget")?.conditionalFormats.map((f) => f.areas)).toEqual([
      [{ top: 1, left: 3, bottom: 2, right: 3 }],
    ]);
  });
});

describe("addTableColumns", () => {
  const syncsFor = async (size: number) => {
    const { fake, port } = makeFakePort(
      syntheticContent({ budgetLines: 10, indicators: size, activities: size, goals: size }),
    );
    const additions = followUpColumnAdditions(fake.toNeutral());
    fake.resetStats();
    await port.addTableColumns(additions);
    const indicators = fake.state.tables.find((t) => t.name === "Indikatorer");
    return {
      syncs: fake.syncCount,
      maxRequest: fake.maxRequestBytes,
      rows: indicators ? indicators.area.bottom - indicators.area.top : 0,
      after: fake,
      port,
    };
  };

  test("three syncs (two reads, one write), the same for 10 and 10 000 rows", async () => {
    const small = await syncsFor(10);
    const large = await syncsFor(10_000);
    expect(large.rows).toBe(10_000);
    expect([small.syncs, large.syncs]).toEqual([3, 3]);
    expect(large.maxRequest).toBeLessThan(EXCEL_WEB_PAYLOAD_LIMIT);
    // Nothing asked for: no sync at all; only headers the tables have already: the two reads.
    large.after.resetStats();
    await large.port.addTableColumns(followUpColumnAdditions(large.after.toNeutral()));
    expect(large.after.syncCount).toBe(0);
    await large.port.addTableColumns([{ table: "Mal", sheet: "Mål", headers: ["Analys"] }]);
    expect(large.after.syncCount).toBe(2);
  });

  test("formats by column kind and dropdowns from the hidden sheet Listor, reusing its lists", async () => {
    const { fake, port } = makeFakePort();
    await port.createTables(templateContent({ planYear: 2025 }));
    const listsBefore = fake.sheet("Listor")?.rows[0]?.length ?? 0;
    await port.addTableColumns(followUpColumnAdditions(fake.toNeutral()));
    const indicators = fake.toNeutral().tables.find((t) => t.name === "Indikatorer");
    const at = (header: string) => cellAddress(2, (indicators?.headers.indexOf(header) ?? 0) + 1);
    // Riktning (text, left of the new columns) does not pass its text format on to the outcomes.
    expect(fake.cell("Indikatorer", at("Riktning"))?.numberFormat).toBe("@");
    expect(fake.cell("Indikatorer", at("Utfall T1"))?.numberFormat).toBe("General");
    expect(fake.cell("Indikatorer", at("Bedömning"))?.numberFormat).toBe("@");
    const dropdowns = fakeDropdowns(fake).filter((d) => d.sheet === "Aktiviteter");
    expect(dropdowns.find((d) => d.values.includes("Avvikelse"))?.area).toMatchObject({
      top: 2,
      bottom: 502,
    });
    // Assessments and statuses are new lists on Listor, which stays hidden.
    expect(fake.sheet("Listor")?.rows[0]?.length).toBe(listsBefore + 2);
    expect(fake.sheet("Listor")?.visibility).toBe("Hidden");
  });

  test("a protected sheet: a Swedish message naming the table and sheet, one sync, nothing changed", async () => {
    const { fake, port } = makeFakePort(goodContent());
    const sheet = fake.sheet("Indikatorer");
    if (sheet) sheet.protection = { password: "" };
    const before = fake.snapshot();
    fake.resetStats();
    await expect(port.addTableColumns(followUpColumnAdditions(fake.toNeutral()))).rejects.toThrow(
      "Tabellen ”Indikatorer” kan inte få nya kolumner: bladet ”Indikatorer” är skyddat.",
    );
    expect(fake.syncCount).toBe(1);
    expect(fake.snapshot()).toEqual(before);
  });

  test("a table without a header row, or one that is missing: refused before anything is written", async () => {
    const { fake, port } = makeFakePort(goodContent());
    const before = fake.snapshot();
    await expect(
      port.addTableColumns([{ table: "Saknas", sheet: "Mål", headers: ["Analys"] }]),
    ).rejects.toThrow("Tabellen ”Saknas” kan inte få nya kolumner: den finns inte i arbetsboken.");
    const mal = fake.state.tables.find((t) => t.name === "Mal");
    if (mal) mal.showHeaders = false;
    await expect(port.addTableColumns([{ table: "Mal", sheet: "Mål", headers: ["Analys"] }])).rejects.toThrow(
      "den har ingen rubrikrad",
    );
    if (mal) mal.showHeaders = true;
    expect(fake.snapshot()).toEqual(before);
  });

  test("without ExcelApi 1.8: the columns without dropdowns, and a message saying so", async () => {
    const { fake, port, logged } = makeFakePort(goodContent(), requirementsUpTo("1.7"));
    await port.addTableColumns(followUpColumnAdditions(fake.toNeutral()));
    expect(followUpColumnAdditions(fake.toNeutral())).toEqual([]);
    expect(fakeDropdowns(fake)).toEqual([]);
    expect(logged.join("\n")).toContain("Kolumnerna lades till utan listrutor.");
  });
});

describe("writeSettings", () => {
  test("updates existing settings and appends missing ones as text", async () => {
    const { fake, port } = makeFakePort(goodContent());
    fake.resetStats();
    await port.writeSettings(
      new Map<string, string | number | null>([
        ["Planår", 2026],
        ["Organisation", "=Ny nämnd"],
        ["Budgetram netto", null],
        ["Ny", "+46 8 123"],
      ]),
    );
    expect(fake.syncCount).toBe(2);
    const settings = fake.toNeutral().tables.find((t) => t.name === "Installningar");
    const value = (name: string) => settings?.rows.find((r) => r[0] === name)?.[1];
    expect(value("Planår")).toBe(2026);
    expect(value("Organisation")).toBe("=Ny nämnd");
    expect(value("Budgetram netto")).toBeNull();
    expect(value("Ny")).toBe("+46 8 123");
  });
});

describe("selectCell", () => {
  test("activates the sheet and selects the cell; a missing sheet is a Swedish error", async () => {
    const { fake, port } = makeFakePort(goodContent());
    await port.selectCell("Budget", "D14");
    expect(fake.state.activeSheet?.name).toBe("Budget");
    expect(fake.sheet("Budget")?.selection).toEqual({ top: 13, left: 3, bottom: 13, right: 3 });
    await expect(port.selectCell("Saknas", "A1")).rejects.toThrow(
      "Bladet ”Saknas” finns inte i arbetsboken.",
    );
  });
});

// Excel's documentation does not say what a call on a null object gives; the adapter must work
// when it fails the request instead of giving another null object.
portContract("OfficeWorkbookPort over a fake where calls on null objects fail", async (content) => {
  const fake = FakeExcel.fromContent(content, { nullObjectCalls: "throw" });
  const port = new OfficeWorkbookPort(fake.runner, { requirements: ALL_REQUIREMENTS, log: () => {} });
  return { port, read: async () => fake.toNeutral(), dropdowns: async () => fakeDropdowns(fake) };
});
