/**
 * The pane's consolidation and unit template through the real Office.js adapter over the fake
 * Excel workbook: the generated sheets may be any list (Enheter and Konsoliderad budget too), and
 * openWorkbook writes .xlsx bytes and hands them to the injected `Excel.createWorkbook`.
 */
import { analyzeWorkbook } from "../../src/core/analyze";
import { consolidate } from "../../src/core/consolidate";
import { contentToNeutral } from "../../src/core/layout";
import { readPlan } from "../../src/core/read";
import { buildConsolidatedSummary, buildSummary } from "../../src/core/summary";
import { unitTemplateContent } from "../../src/core/unit-template";
import { exampleWorkbook } from "../../src/example";
import { FakeExcel } from "../../src/fake-excel";
import { OfficeWorkbookPort, toBase64 } from "../../src/office/adapter";
import { ALL_REQUIREMENTS, requirementsUpTo } from "../../src/office/requirements";
import { errorText } from "../../src/taskpane/errors";
import { contentToXlsx } from "../../src/taskpane/xlsx-bytes";
import { readXlsxFast } from "../../src/xlsx/fast-read";
import { writeXlsx } from "../../src/xlsx/write";
import { openXlsx, saveXlsx } from "../../src/preview/xlsx";
import { bu, filledUnitContent, unit } from "../support/units";
import { parts, sheetPath } from "../support/xlsx-package";

const board = () => readPlan(contentToNeutral(exampleWorkbook())).plan;

function unitFiles() {
  const plan = board();
  const parent = plan.goals.find((g) => g.level !== "Enhetsmål")?.id ?? "";
  return [
    unit("Enhet Norr.xlsx", filledUnitContent(plan, "Enhet Norr", parent, bu(1000, 200))),
    unit("Enhet Söder.xlsx", filledUnitContent(plan, "Enhet Söder", parent, bu(500, 100))),
    { file: "Trasig.xlsx", error: "Filen ”Trasig.xlsx” är ingen Excel-arbetsbok." },
  ];
}

const visible = (fake: FakeExcel) =>
  fake.state.sheets.filter((s) => s.visibility === "Visible").map((s) => s.name);

describe("consolidated sheets through the Office.js adapter (fake Excel)", () => {
  it("writes Enheter and Konsoliderad budget with the summary, and replaces them", async () => {
    const fake = FakeExcel.fromContent(exampleWorkbook());
    const port = new OfficeWorkbookPort(fake.runner, {
      requirements: ALL_REQUIREMENTS,
      log: () => undefined,
    });
    const consolidation = consolidate(analyzeWorkbook(await port.readWorkbook()), unitFiles());
    const summary = buildConsolidatedSummary(consolidation, { checkedAt: "2025-03-01 14:05" });
    const names = summary.sheets.map((s) => s.name);
    expect(names).toEqual([
      "Enheter",
      "Konsoliderad budget",
      "Sammanställning ekonomi",
      "Sammanställning mål",
      "Kontroll",
    ]);
    await port.writeGeneratedSheets(summary.sheets);
    expect(visible(fake)).toEqual(expect.arrayContaining(names));
    // Twice: the previous version is replaced, not duplicated.
    await port.writeGeneratedSheets(summary.sheets);
    for (const name of names) expect(visible(fake).filter((s) => s === name)).toHaveLength(1);
    const units = fake.sheet("Enheter");
    const texts = (units?.rows ?? []).flatMap((row) => (row ?? []).map((c) => (c ? String(c.value) : "")));
    expect(texts).toEqual(expect.arrayContaining(["Enhet Norr", "Enhet Söder"]));
    // A plain summary afterwards removes the consolidation's extra sheets.
    await port.writeGeneratedSheets(buildSummary(analyzeWorkbook(await port.readWorkbook())).sheets);
    expect(visible(fake)).not.toContain("Enheter");
    expect(visible(fake)).not.toContain("Konsoliderad budget");
  });
});

describe("openWorkbook", () => {
  const content = () => unitTemplateContent(board(), "Enhet Norr");

  it("writes the content as .xlsx and opens it with Excel.createWorkbook (base64)", async () => {
    const opened: string[] = [];
    const fake = FakeExcel.fromContent(exampleWorkbook());
    const port = new OfficeWorkbookPort(fake.runner, {
      requirements: ALL_REQUIREMENTS,
      log: () => undefined,
      createWorkbook: async (base64) => void opened.push(base64),
      toXlsx: async (c) => new Uint8Array(await writeXlsx(c)),
    });
    await port.openWorkbook(content(), "Enhet Norr.xlsx");
    expect(opened).toHaveLength(1);
    const bytes = new Uint8Array(Buffer.from(opened[0] ?? "", "base64"));
    const settings = readPlan(readXlsxFast(bytes)).plan.settings;
    expect(settings.organisation).toBe("Enhet Norr");
    expect(settings.level).toBe("Enhet");
  });

  it("says in Swedish that ExcelApi 1.8 is needed on older Excel", async () => {
    const createWorkbook = jest.fn(async () => undefined);
    const port = new OfficeWorkbookPort(FakeExcel.fromContent().runner, {
      requirements: requirementsUpTo("1.7"),
      log: () => undefined,
      createWorkbook,
      toXlsx: async () => new Uint8Array(),
    });
    const error = await port.openWorkbook(content(), "x.xlsx").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errorText(error)).toMatch(/kräver Excel med ExcelApi 1\.8/);
    expect(createWorkbook).not.toHaveBeenCalled();
  });

  it("base64 of large byte arrays matches Node's", () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 7919) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });

  it("the browser's writer (fake workbook + ExcelJS's browser bundle) gives a readable unit workbook", async () => {
    const bytes = await contentToXlsx(content());
    const workbook = readXlsxFast(bytes);
    const { plan } = readPlan(workbook);
    expect(plan.settings.organisation).toBe("Enhet Norr");
    expect(plan.settings.level).toBe("Enhet");
    expect(workbook.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(content().tables.map((t) => t.table)),
    );
  });

  it("the browser's writer protects Nämndens mål as the command line does, and only that sheet", async () => {
    const protectionTags = (bytes: Uint8Array) => {
      const all = parts(bytes);
      const workbook = all.get("xl/workbook.xml") ?? "";
      const names = [...workbook.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1] ?? "");
      return new Map(
        names.map((name) => [
          name,
          /<sheetProtection\b[^>]*\/>/.exec(all.get(sheetPath(all, name)) ?? "")?.[0],
        ]),
      );
    };
    const browser = protectionTags(await contentToXlsx(content()));
    const cli = protectionTags(new Uint8Array(await writeXlsx(content())));
    const REFERENCE = "Nämndens mål";
    expect(browser.get(REFERENCE)).toMatch(/^<sheetProtection\b[^>]*\bsheet="1"/);
    expect([...browser].filter(([, tag]) => tag !== undefined).map(([name]) => name)).toEqual([REFERENCE]);
    // The same permissions as the command line's file, attribute for attribute, and no password.
    expect(browser.get(REFERENCE)).toBe(cli.get(REFERENCE));
    expect(browser.get(REFERENCE)).not.toMatch(/hashValue|password/);
  });

  it("opening the browser's file in the browser version reads the protection back; saving keeps it", async () => {
    const fake = await openXlsx((await contentToXlsx(content())).slice().buffer, "Enhet Norr.xlsx");
    const REFERENCE = "Nämndens mål";
    expect(fake.state.sheets.filter((s) => s.protection).map((s) => s.name)).toEqual([REFERENCE]);
    expect(fake.sheet(REFERENCE)?.protection).toMatchObject({
      allowAutoFilter: true,
      allowSort: true,
      allowFormatColumns: true,
      allowFormatCells: false,
      allowInsertRows: false,
      allowDeleteRows: false,
      allowEditObjects: true,
      allowEditScenarios: true,
      selectionMode: "Normal",
      password: "",
    });
    // Protected in the fake as in Excel: the adapter's protection check sees it, edits are refused.
    const refused = await fake
      .run(async (context) => {
        context.workbook.worksheets.getItem(REFERENCE).getRange("A2").values = [["x"]];
        await context.sync();
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(refused).toMatchObject({ code: "InvalidOperation" });
    const again = parts(await saveXlsx(fake));
    expect(again.get(sheetPath(again, REFERENCE))).toMatch(/<sheetProtection\b[^>]*\bsheet="1"/);
    expect(again.get(sheetPath(again, "Mål"))).not.toContain("<sheetProtection");
  });
});
