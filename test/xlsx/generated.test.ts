import JSZip from "jszip";
import { Workbook, ValueType } from "exceljs";
import type { Worksheet } from "exceljs";
import type { WorkbookContent } from "../../src/core/content";
import { analyzeWorkbook } from "../../src/core/analyze";
import { GENERATED_SHEETS } from "../../src/core/spec";
import { buildSummary, type Summary } from "../../src/core/summary";
import type { LayoutCell, SheetLayout } from "../../src/core/summary/types";
import { exampleWorkbook } from "../../src/example";
import {
  applyGeneratedSheets,
  GeneratedSheetConflictError,
  GeneratedTableConflictError,
  METADATA_SHEET,
  METADATA_TITLE,
} from "../../src/xlsx/generated";
import { readXlsx } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { withCell } from "../support/workbooks";
import { parts } from "../support/xlsx-package";
import { excelLikeWorkbook } from "./excel-like";

const CHECKED_AT = "2025-03-01 14:05";
const ECONOMY = "Sammanställning ekonomi";
const GOALS = "Sammanställning mål";
const CONTROL = "Kontroll";

type LoadInput = Parameters<Workbook["xlsx"]["load"]>[0];

async function load(bytes: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as LoadInput);
  return workbook;
}

function sheet(workbook: Workbook, name: string): Worksheet {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`bladet ${name} saknas`);
  return ws;
}

async function summaryOf(bytes: Buffer): Promise<Summary> {
  return buildSummary(analyzeWorkbook(await readXlsx(bytes)), { checkedAt: CHECKED_AT });
}

async function summarize(bytes: Buffer, options: { cachedResults?: boolean } = {}): Promise<Buffer> {
  return applyGeneratedSheets(bytes, (await summaryOf(bytes)).sheets, options);
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The XML of a worksheet by its name. */
async function sheetXml(bytes: Buffer, name: string): Promise<string> {
  const all = parts(bytes);
  const workbook = all.get("xl/workbook.xml") ?? "";
  const rels = all.get("xl/_rels/workbook.xml.rels") ?? "";
  const tag = [...workbook.matchAll(/<sheet\b[^>]*>/g)]
    .map((m) => m[0])
    .find((t) => decode(attr(t, "name") ?? "") === name);
  if (!tag) throw new Error(`bladet ${name} saknas`);
  const id = attr(tag, "r:id");
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((r) => attr(r, "Id") === id);
  const target = attr(rel ?? "", "Target") ?? "";
  return all.get(target.startsWith("/") ? target.slice(1) : `xl/${target}`) ?? "";
}

/** Internal links of a sheet: cell → location. */
async function links(bytes: Buffer, name: string): Promise<Map<string, string>> {
  const xml = await sheetXml(bytes, name);
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<hyperlink\b[^>]*>/g)) {
    const location = attr(m[0], "location");
    if (location !== undefined) out.set(attr(m[0], "ref") ?? "", decode(location));
  }
  return out;
}

/** Everything about a sheet's cells that the add-in writes. */
function dump(ws: Worksheet) {
  const cells: unknown[] = [];
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) =>
      cells.push({
        address: cell.address,
        type: cell.type,
        value: cell.type === ValueType.Formula ? null : cell.value,
        formula: cell.type === ValueType.Formula ? cell.formula : null,
        result: cell.type === ValueType.Formula ? cell.result : null,
        numFmt: cell.numFmt,
        font: cell.font,
        fill: cell.fill,
        border: cell.border,
        alignment: cell.alignment,
      }),
    ),
  );
  return { cells, widths: ws.columns.map((c) => c.width), views: ws.views, state: ws.state };
}

/** Every cell of a layout with its 1-based position. */
function layoutCells(layout: SheetLayout): { row: number; column: number; cell: LayoutCell }[] {
  return layout.rows.flatMap((row, i) =>
    row.flatMap((cell, j) => (cell ? [{ row: i + 1, column: j + 1, cell }] : [])),
  );
}

function close(actual: unknown, expected: number): boolean {
  return typeof actual === "number" && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

let example: Buffer;
let summary: Summary;
let output: Buffer;

beforeAll(async () => {
  example = await writeXlsx(exampleWorkbook());
  summary = await summaryOf(example);
  output = await applyGeneratedSheets(example, summary.sheets);
});

describe("applyGeneratedSheets on the example", () => {
  it("adds the three sheets last, in order, and lists them in the very hidden VP-metadata", async () => {
    const workbook = await load(output);
    const names = workbook.worksheets.map((s) => s.name);
    const before = (await load(example)).worksheets.map((s) => s.name);
    expect(names).toEqual([...before, ...GENERATED_SHEETS, METADATA_SHEET]);
    const registry = sheet(workbook, METADATA_SHEET);
    expect(registry.state).toBe("veryHidden");
    const listed = [1, 2, 3, 4, 5].map((r) => registry.getCell(r, 1).value);
    expect(listed).toEqual([METADATA_TITLE, ...GENERATED_SHEETS, null]);
    for (const name of GENERATED_SHEETS) expect(sheet(workbook, name).state).toBe("visible");
    expect(sheet(workbook, "Listor").state).toBe("hidden");
  });

  it("writes every economy amount as a formula with the engine's value as cached result", async () => {
    const workbook = await load(output);
    const ws = sheet(workbook, ECONOMY);
    const layout = summary.sheets.find((s) => s.name === ECONOMY);
    if (!layout) throw new Error(ECONOMY);
    const formulas = layoutCells(layout).filter((c) => c.cell.formula);
    expect(formulas.length).toBeGreaterThan(100);
    for (const { row, column, cell } of formulas) {
      const written = ws.getCell(row, column);
      expect(written.type).toBe(ValueType.Formula);
      expect(`=${written.formula}`).toBe(cell.formula);
      expect(close(written.result, cell.value as number)).toBe(true);
      expect(written.numFmt).toBe(cell.numberFormat);
    }
    // Structured references over the Budget table, totals as SUM over the rows above.
    expect(formulas.some((c) => c.cell.formula?.includes("SUMIFS(Budget[VP 2025]"))).toBe(true);
    expect(formulas.some((c) => /^=SUM\(B\d+/.test(c.cell.formula ?? ""))).toBe(true);
    // The raw file holds the result too (ExcelJS's value getter hides a 0 result).
    expect(await sheetXml(output, ECONOMY)).toMatch(/<f>[^<]*SUMIFS[^<]*<\/f><v>-?\d/);
  });

  it("writes texts, number formats and styles as the layout says", async () => {
    const workbook = await load(output);
    const layout = summary.sheets.find((s) => s.name === ECONOMY);
    if (!layout) throw new Error(ECONOMY);
    const ws = sheet(workbook, ECONOMY);
    const title = ws.getCell("A1");
    expect(title.value).toBe(layout.rows[0]?.[0]?.value);
    expect(title.font).toMatchObject({ bold: true, size: 14 });
    expect(title.numFmt).toBe("@");
    const header = layoutCells(layout).find((c) => c.cell.fill);
    if (!header) throw new Error("ingen rubrikcell");
    const cell = ws.getCell(header.row, header.column);
    expect(cell.fill).toEqual({
      type: "pattern",
      pattern: "solid",
      fgColor: { argb: `FF${header.cell.fill}` },
    });
    expect(cell.border.bottom).toEqual({ style: "thin" });
    const total = layoutCells(layout).find((c) => c.cell.borderTop && c.cell.formula);
    if (!total) throw new Error("ingen summarad");
    expect(ws.getCell(total.row, total.column).border.top).toEqual({ style: "thin" });
    expect(ws.getCell(total.row, total.column).font.bold).toBe(true);
    const varav = layoutCells(layout).find((c) => c.cell.indent);
    if (!varav) throw new Error("ingen varav-rad");
    expect(ws.getCell(varav.row, varav.column).alignment).toMatchObject({ indent: varav.cell.indent });
    expect(ws.getCell(varav.row, varav.column).font.italic).toBe(true);
    expect(ws.getColumn(1).width).toBe(layout.columnWidths[0]);
  });

  it("makes Kontroll a filterable Excel table whose cell links select the finding's cell", async () => {
    const workbook = await load(output);
    const ws = sheet(workbook, CONTROL);
    const layout = summary.sheets.find((s) => s.name === CONTROL);
    const tableLayout = layout?.tables?.[0];
    if (!layout || !tableLayout) throw new Error(CONTROL);
    const table = ws.getTable(tableLayout.name) as unknown as { table?: { tableRef?: string } };
    const first = tableLayout.row + 1;
    const ref = `A${first}:E${first + tableLayout.rows}`;
    expect(table.table?.tableRef).toBe(ref);
    const all = parts(output);
    const part = [...all.entries()].find(
      ([p, xml]) => p.startsWith("xl/tables/") && attr(xml, "name") === "Kontroll",
    );
    expect(part?.[1]).toContain(`<autoFilter ref="${ref}"`);
    // The header cells keep their text and style; the table did not overwrite them.
    expect(ws.getCell(first, 1).value).toBe("Allvarlighet");
    expect(ws.getCell(first, 1).font.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: first });

    const expected = new Map(
      summary.findings.filter((f) => f.sheet && f.cell).map((f, i) => [i, `'${f.sheet}'!${f.cell}`] as const),
    );
    const found = await links(output, CONTROL);
    expect(found.size).toBe(expected.size);
    expect(found.size).toBeGreaterThan(0);
    // Each link sits on the finding's row, in the Cell column, and points at an existing sheet.
    summary.findings.forEach((f, i) => {
      const address = `E${first + 1 + i}`;
      if (f.sheet && f.cell) {
        expect(found.get(address)).toBe(`'${f.sheet}'!${f.cell}`);
        expect(ws.getCell(address).value).toBe(f.cell);
        expect(workbook.getWorksheet(f.sheet)).toBeDefined();
      } else expect(found.has(address)).toBe(false);
    });
    // Excel's own form: no relationship for internal links.
    expect(await sheetXml(output, CONTROL)).not.toMatch(/<hyperlink\b[^>]*r:id=/);
  });

  it("leaves the input tables, number formats, dropdowns and the hidden Listor sheet as they were", async () => {
    const before = await readXlsx(example);
    const after = await readXlsx(output);
    expect(after.tables.filter((t) => t.sheet !== CONTROL)).toEqual(before.tables);
    expect(
      after.plainSheets?.filter(
        (s) => !GENERATED_SHEETS.includes(s.sheet as never) && s.sheet !== METADATA_SHEET,
      ),
    ).toEqual(before.plainSheets);
    for (const name of before.sheetNames) {
      const validations = (xml: string) => /<dataValidations\b[\s\S]*?<\/dataValidations>/.exec(xml)?.[0];
      expect(validations(await sheetXml(output, name))).toBe(validations(await sheetXml(example, name)));
    }
    expect(await sheetXml(output, "Budget")).toContain("<dataValidations");
  });

  it("is idempotent: a second run changes nothing", async () => {
    const second = await summarize(output);
    const [a, b] = [await load(output), await load(second)];
    expect(b.worksheets.map((s) => s.name)).toEqual(a.worksheets.map((s) => s.name));
    for (const name of [...GENERATED_SHEETS, METADATA_SHEET])
      expect(dump(sheet(b, name))).toEqual(dump(sheet(a, name)));
    expect(await links(second, CONTROL)).toEqual(await links(output, CONTROL));
    const [r1, r2] = [await readXlsx(output), await readXlsx(second)];
    const input = (t: { sheet: string }) => !GENERATED_SHEETS.includes(t.sheet as never);
    expect(r2.tables.filter(input)).toEqual(r1.tables.filter(input));
    expect(r2.plainSheets).toEqual(r1.plainSheets);
    // Even the package is the same, part for part.
    const [p1, p2] = [parts(output), parts(second)];
    expect([...p2.keys()].sort()).toEqual([...p1.keys()].sort());
    for (const [path, xml] of p1)
      if (!path.startsWith("docProps/")) expect({ path, xml: p2.get(path) }).toEqual({ path, xml });
  });

  it("keeps formula-like user text as text, in the summary and in the input", async () => {
    const texts = [
      '=HYPERLINK("https://example.com","klicka")',
      "+46 8 508 000 00",
      "-12",
      "@inte en formel",
    ];
    let content: WorkbookContent = exampleWorkbook();
    texts.forEach((text, i) => (content = withCell(content, "Aktiviteter", i, "Aktivitet", text)));
    const bytes = await writeXlsx(content);
    const result = await summarize(bytes);
    const s = await summaryOf(bytes);
    const goals = s.sheets.find((x) => x.name === GOALS);
    if (!goals) throw new Error(GOALS);
    const workbook = await load(result);
    const ws = sheet(workbook, GOALS);
    for (const text of texts) {
      const placed = layoutCells(goals).find((c) => c.cell.value === text);
      if (!placed) throw new Error(`${text} finns inte i sammanställningen`);
      const cell = ws.getCell(placed.row, placed.column);
      expect(cell.type).toBe(ValueType.String);
      expect(cell.value).toBe(text);
      expect(cell.numFmt).toBe("@");
    }
    expect(await sheetXml(result, GOALS)).not.toContain("<f>");
    const activities = (await readXlsx(result)).tables.find((t) => t.name === "Aktiviteter");
    expect(activities?.rows.slice(0, 4).map((r) => r[2])).toEqual(texts);
  });

  it("writes formulas without results when asked, and asks Excel to recalculate", async () => {
    const result = await summarize(example, { cachedResults: false });
    const xml = await sheetXml(result, ECONOMY);
    expect(xml).toMatch(/<f>[^<]*SUMIFS/);
    expect(xml).not.toMatch(/<\/f><v>/);
    expect(parts(result).get("xl/workbook.xml")).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
  });
});

describe("applyGeneratedSheets: layout features", () => {
  it("writes styles, links to quoted sheet names, escaped text and errors as given", async () => {
    const layout: SheetLayout = {
      name: "Testblad",
      rows: [
        [
          {
            value: "Rubrik",
            bold: true,
            italic: true,
            size: 12,
            color: "595959",
            wrap: true,
            align: "center",
          },
          { value: 1.25, numberFormat: "0.00", fill: "FFC7CE", borderTop: true, borderBottom: true },
          { value: "B2", link: { sheet: "Chefens 'egna' blad", cell: "B2" }, color: "0563C1" },
        ],
        [null, { value: "Tab\tkontrolltecken \u0001 och _x0041_", numberFormat: "@", indent: 2 }],
        [{ value: { error: "#N/A" } }, { value: true }, { value: 7, formula: "=1+6" }],
      ],
      columnWidths: [20, 12],
      freezeRows: 0,
    };
    const result = await applyGeneratedSheets(example, [layout]);
    const ws = sheet(await load(result), "Testblad");
    expect(ws.getCell("A1").font).toEqual({
      bold: true,
      italic: true,
      size: 12,
      color: { argb: "FF595959" },
    });
    expect(ws.getCell("A1").alignment).toEqual({ wrapText: true, horizontal: "center" });
    expect(ws.getCell("B1").value).toBe(1.25);
    expect(ws.getCell("B1").numFmt).toBe("0.00");
    expect(ws.getCell("B1").border).toEqual({ top: { style: "thin" }, bottom: { style: "thin" } });
    expect(ws.getCell("C1").font).toMatchObject({ underline: true, color: { argb: "FF0563C1" } });
    expect(await links(result, "Testblad")).toEqual(new Map([["C1", "'Chefens ''egna'' blad'!B2"]]));
    expect(ws.getCell("B2").value).toBe("Tab\tkontrolltecken \u0001 och _x0041_");
    expect(ws.getCell("B2").alignment).toEqual({ indent: 2 });
    expect(ws.getCell("A3").value).toEqual({ error: "#N/A" });
    expect(ws.getCell("B3").value).toBe(true);
    expect(ws.getCell("C3").formula).toBe("1+6");
    expect(ws.getCell("C3").result).toBe(7);
    expect(ws.getColumn(1).width).toBe(20);
    expect(ws.getColumn(2).width).toBe(12);
    const registry = sheet(await load(result), METADATA_SHEET);
    expect(registry.getCell("A2").value).toBe("Testblad");
  });
});

describe("applyGeneratedSheets: sheets that are not its own", () => {
  async function withUserSheet(name: string, base: Buffer = example): Promise<Buffer> {
    const workbook = await load(base);
    workbook.addWorksheet(name).getCell("A1").value = "Mina egna anteckningar";
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it("refuses to replace a user's sheet named Kontroll, before writing anything", async () => {
    const input = await withUserSheet("Kontroll");
    const copy = Buffer.from(input);
    await expect(applyGeneratedSheets(input, summary.sheets)).rejects.toThrow(GeneratedSheetConflictError);
    await expect(applyGeneratedSheets(input, summary.sheets)).rejects.toThrow(
      "Bladet ”Kontroll” finns redan och skapades inte av Verksamhetsplan för Excel. Byt namn på bladet eller ta bort det och försök igen. Inget skrevs.",
    );
    expect(input.equals(copy)).toBe(true);
  });

  it("compares names like Excel does (without regard to case)", async () => {
    const input = await withUserSheet("kontroll");
    await expect(applyGeneratedSheets(input, summary.sheets)).rejects.toThrow(
      "Bladet ”kontroll” finns redan",
    );
  });

  it("refuses a user's sheet with a generated name that the registry does not list", async () => {
    // The registry lists the three generated sheets; remove one and add a user sheet by that name.
    const workbook = await load(output);
    workbook.removeWorksheet(sheet(workbook, GOALS).id);
    workbook.addWorksheet(GOALS).getCell("A1").value = "Eget";
    const registry = sheet(workbook, METADATA_SHEET);
    registry.getCell(3, 1).value = null;
    const input = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(applyGeneratedSheets(input, summary.sheets)).rejects.toThrow(GeneratedSheetConflictError);
  });

  it("refuses when a user's table has the name of the Kontroll table", async () => {
    const workbook = await load(example);
    const ws = workbook.addWorksheet("Mitt blad");
    ws.addTable({
      name: "Kontroll",
      ref: "A1",
      columns: [{ name: "Anteckning" }],
      rows: [["x"]],
    });
    const input = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(applyGeneratedSheets(input, summary.sheets)).rejects.toThrow(GeneratedTableConflictError);
  });

  it("keeps user sheets, their internal links, defined names and the active sheet; new sheets stay in place", async () => {
    // A user adds a sheet after the generated ones, with a link, a print area and named ranges.
    const workbook = await load(output);
    const notes = workbook.addWorksheet("Anteckningar");
    notes.getCell("A1").value = "Till budgeten";
    notes.getCell("B2").value = 42;
    const notesIndex = workbook.worksheets.length - 1;
    workbook.views = [
      {
        x: 0,
        y: 0,
        width: 10000,
        height: 20000,
        firstSheet: 0,
        activeTab: notesIndex,
        visibility: "visible",
      },
    ];
    const base = Buffer.from(await workbook.xlsx.writeBuffer());
    // Defined names and an internal link (with Excel's xr:uid) are added the way Excel writes them.
    const notesXml = await sheetXml(base, "Anteckningar");
    const notesPath = [...parts(base).entries()].find(([, xml]) => xml === notesXml)?.[0];
    if (!notesPath) throw new Error("Anteckningar");
    const zip = await JSZip.loadAsync(base);
    const wbXml = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
    zip.file(
      "xl/workbook.xml",
      wbXml
        .replace(/<definedNames\b[\s\S]*?<\/definedNames>|<definedNames\/>/, "")
        .replace(
          "</sheets>",
          `</sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="${notesIndex}">'Anteckningar'!$A$1:$B$2</definedName>` +
            `<definedName name="Lokal" localSheetId="${notesIndex}">'Anteckningar'!$B$2</definedName>` +
            `<definedName name="Gammal" localSheetId="${notesIndex - 2}">'Kontroll'!$A$1</definedName>` +
            `<definedName name="Moms">0.25</definedName><definedName name="Ram">Budget!$D$2</definedName></definedNames>`,
        ),
    );
    zip.file(
      notesPath,
      notesXml.replace(
        "<pageMargins",
        `<hyperlinks><hyperlink ref="A1" location="'Budget'!D2" display="Till budgeten" xr:uid="{00000000-0004-0000-0000-000000000000}"/></hyperlinks><pageMargins`,
      ),
    );
    const prepared = await zip.generateAsync({ type: "nodebuffer" });

    const result = await summarize(prepared);
    const names = (await load(result)).worksheets.map((s) => s.name);
    expect(names.slice(-5)).toEqual([...GENERATED_SHEETS, "Anteckningar", METADATA_SHEET]);
    expect(await links(result, "Anteckningar")).toEqual(new Map([["A1", "'Budget'!D2"]]));
    expect(await sheetXml(result, "Anteckningar")).not.toContain("xr:uid");
    const resultXml = parts(result).get("xl/workbook.xml") ?? "";
    const newIndex = names.indexOf("Anteckningar");
    expect(newIndex).toBe(notesIndex - 1);
    expect(resultXml).toContain(
      `<definedName name="_xlnm.Print_Area" localSheetId="${newIndex}">'Anteckningar'!$A$1:$B$2</definedName>`,
    );
    expect(resultXml).toContain(
      `<definedName name="Lokal" localSheetId="${newIndex}">'Anteckningar'!$B$2</definedName>`,
    );
    expect(resultXml).toContain(`<definedName name="Moms">0.25</definedName>`);
    expect(resultXml).toContain(`<definedName name="Ram">Budget!$D$2</definedName>`);
    // A name scoped to the old Kontroll sheet went with it.
    expect(resultXml).not.toContain('name="Gammal"');
    expect(resultXml).toMatch(new RegExp(`<workbookView\\b[^>]*activeTab="${newIndex}"`));
    const after = sheet(await load(result), "Anteckningar");
    expect(after.getCell("A1").value).toBe("Till budgeten");
    expect(after.getCell("B2").value).toBe(42);
  });

  it("keeps custom document properties such as sensitivity labels", async () => {
    const zip = await JSZip.loadAsync(example);
    const custom =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="MSIP_Label_Enabled"><vt:lpwstr>true</vt:lpwstr></property></Properties>';
    zip.file("docProps/custom.xml", custom);
    const types = (await zip.file("[Content_Types].xml")?.async("string")) ?? "";
    zip.file(
      "[Content_Types].xml",
      types.replace(
        "</Types>",
        '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
      ),
    );
    const rels = (await zip.file("_rels/.rels")?.async("string")) ?? "";
    zip.file(
      "_rels/.rels",
      rels.replace(
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
      ),
    );
    const result = await summarize(await zip.generateAsync({ type: "nodebuffer" }));
    const after = parts(result);
    expect(after.get("docProps/custom.xml")).toBe(custom);
    expect(after.get("[Content_Types].xml")).toContain('PartName="/docProps/custom.xml"');
    expect(after.get("_rels/.rels")).toMatch(
      /relationships\/custom-properties" Target="docProps\/custom.xml"/,
    );
  });

  it("keeps whole-column dropdowns of a file Excel made, verbatim and quickly", async () => {
    const input = excelLikeWorkbook({ wholeColumnDropdowns: true });
    const before = await readXlsx(input);
    const started = Date.now();
    const result = await applyGeneratedSheets(input, summary.sheets);
    expect(Date.now() - started).toBeLessThan(5000);
    const validations = /<dataValidations\b[\s\S]*?<\/dataValidations>/.exec(
      await sheetXml(result, "Budget"),
    )?.[0];
    expect(validations).toBe(
      /<dataValidations\b[\s\S]*?<\/dataValidations>/.exec(await sheetXml(input, "Budget"))?.[0],
    );
    const after = await readXlsx(result);
    expect(after.tables.filter((t) => t.sheet !== CONTROL)).toEqual(before.tables);
    expect(after.sheetNames).toEqual([...before.sheetNames, ...GENERATED_SHEETS, METADATA_SHEET]);
    // Excel's table parts come through as Excel wrote them (ExcelJS would set headerRowCount="0").
    const tableParts = async (bytes: Buffer) =>
      new Map(
        [...parts(bytes).entries()]
          .filter(([path]) => path.startsWith("xl/tables/"))
          .map(([, xml]) => [attr(xml, "name") ?? "", xml] as const),
      );
    const [inputTables, outputTables] = [await tableParts(input), await tableParts(result)];
    for (const [name, xml] of inputTables) expect(outputTables.get(name)).toBe(xml);
    const ids = [...outputTables.values()].map((xml) => attr(xml, "id"));
    expect(new Set(ids).size).toBe(ids.length);
    expect(outputTables.get("Kontroll")).toBeDefined();
  });
});
