import { promises as fs, statSync, readdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { crc32 } from "node:zlib";
import { Workbook } from "exceljs";
import fc from "fast-check";
import { unzipSync } from "fflate";
import { analyzeWorkbook } from "../../src/core/analyze";
import { digestUnit, type UnitDigest } from "../../src/core/consolidate";
import type { WorkbookContent } from "../../src/core/content";
import { contentToNeutral } from "../../src/core/layout";
import { readPlan } from "../../src/core/read";
import type { CellValue, NeutralWorkbook } from "../../src/core/sheet";
import { templateContent } from "../../src/core/template";
import { exampleWorkbook } from "../../src/example";
import { DEFAULT_TABLES, readXlsxFast } from "../../src/xlsx/fast-read";
import { fromWire, toWire, zlibInflate } from "../../src/xlsx/fast-read-worker";
import { readManyFast } from "../../src/xlsx/pool";
import { XlsxReadError, readXlsx } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { bu, filledUnitContent } from "../support/units";
import { goodContent, withCell } from "../support/workbooks";
import { excelLikeWorkbook } from "./excel-like";
import { zip } from "./zip";

const LONG_TEXT = "Lång text med radbrytning\noch tecken <&>\"' ".repeat(700).slice(0, 30_000);

/** Reads with both readers and checks the fast one gives read.ts's output for the requested tables. */
async function expectSameAsExcelJs(
  bytes: Uint8Array,
  tables?: readonly string[],
): Promise<{ fast: NeutralWorkbook; slow: NeutralWorkbook }> {
  const slow = await readXlsx(bytes);
  const fast = readXlsxFast(bytes, tables ? { tables } : {});
  // Node's zlib (the pool's choice) inflates to the same.
  expect(readXlsxFast(bytes, { ...(tables ? { tables } : {}), inflate: zlibInflate })).toStrictEqual(fast);
  const wanted = new Set((tables ?? DEFAULT_TABLES).map((t) => t.toLowerCase()));
  expect(fast.sheetNames).toStrictEqual(slow.sheetNames);
  expect(fast.tables).toStrictEqual(slow.tables.filter((t) => wanted.has(t.name.toLowerCase())));
  const fastPlain = fast.plainSheets ?? [];
  expect(fastPlain).toStrictEqual(
    (slow.plainSheets ?? []).filter((s) => fastPlain.some((f) => f.name === s.name)),
  );
  return { fast, slow };
}

/** Unzips a workbook, changes some parts, zips it again. */
function edit(bytes: Uint8Array, change: (parts: Record<string, string>) => void): Buffer {
  const files = unzipSync(bytes);
  const parts: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) parts[name] = Buffer.from(data).toString("utf8");
  change(parts);
  return zip(parts);
}

function replace(parts: Record<string, string>, name: string, from: string, to: string): void {
  const text = parts[name];
  if (text === undefined || !text.includes(from)) throw new Error(`${name}: ${from} not found`);
  parts[name] = text.replace(from, to);
}

describe("readXlsxFast gives what readXlsx (ExcelJS) gives", () => {
  test("the bundled example", async () => {
    const { fast } = await expectSameAsExcelJs(await writeXlsx(exampleWorkbook()));
    expect(fast.tables.map((t) => t.name)).toEqual(exampleWorkbook().tables.map((t) => t.table));
    expect(fast.plainSheets).toEqual([]);
  });

  test("empty templates, nämnd and enhet, follow-up document", async () => {
    await expectSameAsExcelJs(await writeXlsx(templateContent()));
    await expectSameAsExcelJs(
      await writeXlsx(
        templateContent({
          level: "Enhet",
          organisation: "Enhet 1",
          parentOrganisation: "Nämnden",
          document: "Verksamhetsberättelse",
        }),
      ),
    );
  });

  test("a plan with formula-like text, long text, dates, decimals and text amounts", async () => {
    let content: WorkbookContent = goodContent();
    content = withCell(content, "Mal", 0, "Beskrivning", '=HYPERLINK("http://x")');
    content = withCell(content, "Mal", 1, "Beskrivning", LONG_TEXT);
    content = withCell(content, "Mal", 2, "Förväntat resultat", "+46 8 123 @at -minus");
    content = withCell(content, "Aktiviteter", 0, "Startdatum", "2025-01-31");
    content = withCell(content, "Aktiviteter", 1, "Slutdatum", "31/1 2025");
    content = withCell(content, "Budget", 0, "VP 2025", 1234.567);
    content = withCell(content, "Budget", 1, "VP 2024", "3 224,7");
    content = withCell(content, "Indikatorer", 0, "Årsmål", 0.69);
    const bytes = await writeXlsx(content);
    const { fast, slow } = await expectSameAsExcelJs(bytes);
    const goals = fast.tables.find((t) => t.name === "Mal");
    expect(goals?.rows[0]?.[6]).toBe('=HYPERLINK("http://x")');
    expect(goals?.rows[1]?.[6]).toBe(LONG_TEXT);
    // The core reads both the same.
    expect(JSON.parse(JSON.stringify(readPlan(fast)))).toEqual(JSON.parse(JSON.stringify(readPlan(slow))));
  });

  test("text that must be escaped: whitespace, control characters, _xHHHH_, emoji, markup", async () => {
    const values: CellValue[] = [
      " x ",
      "a\nb",
      "a\r\nb",
      "tab\there",
      "ctl\u0001x\u001f",
      "_x0041_",
      "_x00e5_ och _X0041_",
      "emoji 😀",
      "<&>\"'",
      "&amp; &lt;",
      true,
      false,
      0,
      -0.5,
      1e-7,
      123456789012345,
      { error: "#N/A" },
      { error: "#DIV/0!" },
      null,
    ];
    const bytes = await writeXlsx({
      tables: [{ sheet: "S", table: "T", headers: ["A", "B"], rows: values.map((v) => [v, String(v)]) }],
    });
    await expectSameAsExcelJs(bytes, ["T"]);
  });

  test("a file as Excel writes it: shared strings, built-in formats, totals row, no header row", async () => {
    const { fast } = await expectSameAsExcelJs(excelLikeWorkbook());
    expect(fast.tables.map((t) => t.name)).toEqual(["Budget", "Mal"]);
    await expectSameAsExcelJs(excelLikeWorkbook({ wholeColumnDropdowns: false }));
  });

  test("a plain sheet asked for by name is read from A1, merged cells empty", async () => {
    const { fast } = await expectSameAsExcelJs(excelLikeWorkbook(), ["Anteckningar"]);
    expect(fast.tables).toEqual([]);
    expect(fast.plainSheets?.map((s) => s.name)).toEqual(["Anteckningar"]);
  });

  test("the 1904 date system", async () => {
    const bytes = edit(excelLikeWorkbook(), (parts) =>
      replace(parts, "xl/workbook.xml", "<bookViews>", '<workbookPr date1904="1"/><bookViews>'),
    );
    const { fast } = await expectSameAsExcelJs(bytes);
    expect(fast.tables[0]?.rows[0]?.[3]).toBe(45688 + 1462);
  });

  test("external hyperlinks read as their text; internal links change nothing", async () => {
    const links = ["B1", "B2", "C2", "D2", "A3", "B3", "A4", "C4", "D4"]
      .map((ref) => `<hyperlink ref="${ref}" r:id="rId9"/>`)
      .join("");
    const bytes = edit(excelLikeWorkbook(), (parts) => {
      replace(
        parts,
        "xl/worksheets/sheet1.xml",
        "<pageMargins",
        `<hyperlinks>${links}<hyperlink ref="C3" location="'Mål'!A1"/></hyperlinks><pageMargins`,
      );
      replace(
        parts,
        "xl/worksheets/_rels/sheet1.xml.rels",
        "</Relationships>",
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://start.stockholm/" TargetMode="External"/></Relationships>',
      );
    });
    const { fast } = await expectSameAsExcelJs(bytes);
    expect(fast.tables[0]?.rows).toEqual([
      ["IFO", "Kostnader", "3224700", ""],
      ["Adm", "true", 6_449_400, 0.69],
      ["", "abc", "", ""],
    ]);
  });

  test("merged ranges: cells the file lacks get the row's or the column's format", async () => {
    const bytes = edit(excelLikeWorkbook(), (parts) => {
      const sheet = "xl/worksheets/sheet1.xml";
      replace(parts, sheet, '<c r="B3" t="b"><v>1</v></c>', "");
      replace(parts, sheet, '<c r="D4" s="4"><f>1+1</f></c>', "");
      replace(parts, sheet, '<row r="3">', '<row r="3" s="2" customFormat="1">');
      replace(
        parts,
        sheet,
        "<sheetData>",
        '<cols><col min="4" max="4" width="12" style="4" customWidth="1"/></cols><sheetData>',
      );
      replace(
        parts,
        sheet,
        "<pageMargins",
        '<mergeCells count="2"><mergeCell ref="A3:B3"/><mergeCell ref="D3:D4"/></mergeCells><pageMargins',
      );
    });
    const { fast } = await expectSameAsExcelJs(bytes);
    const budget = fast.tables[0];
    expect(budget?.rows[1]).toEqual(["Adm", null, 6_449_400, 0.69]);
    expect(budget?.numberFormats?.[1]).toEqual([null, "0%", "#,##0", "0%"]);
    expect(budget?.numberFormats?.[2]?.[3]).toBe("yyyy-mm-dd");
  });

  test("shared formulas, odd values and strings in every form", async () => {
    const strings = [
      "<si><t>rad ett\r\nrad två</t></si>",
      "<si><t>cr&#13;tecken _x000D_ och _x00e5_</t></si>",
      '<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="0"/></si>',
      "<si/>",
      "<si><t/></si>",
      '<si><r><t>fet</t></r><r><rPr><b/></rPr></r><r><t xml:space="preserve"> text_x0041_</t></r></si>',
    ];
    const cells = [
      '<row r="6"><c r="A6" t="s"><v>12</v></c><c r="B6" t="s"><v>13</v></c><c r="C6" t="s"><v>14</v></c><c r="D6" t="s"><v>15</v></c><c r="E6" t="s"><v>16</v></c><c r="F6" t="s"><v>17</v></c></row>',
      '<row r="7"><c r="A7" t="str"><v>&amp;lt;b&amp;gt; &amp;amp;</v></c><c r="B7" t="inlineStr"><is><r><t>a_x0041_</t></r><r><t>b</t></r></is></c><c r="C7" t="inlineStr"><is><t>x_x0041_ &amp;lt;</t></is></c><c r="D7" t="b"><v>true</v></c><c r="E7"><v>abc</v></c><c r="F7" t="d"><v>2025-01-31T00:00:00</v></c></row>',
      '<row r="8"><c r="A8" s="2"/><c r="B8"/><c r="C8" s="3"><v>45688.5</v></c><c r="D8" s="1"><f t="shared" ref="D8:E8" si="0">A1</f><v>0</v></c><c r="E8" s="1"><f t="shared" si="0"/><v>7</v></c><c r="F8" t="str"><f>A1</f><v></v></c></row>',
    ].join("");
    const bytes = edit(excelLikeWorkbook(), (parts) => {
      replace(parts, "xl/sharedStrings.xml", "</sst>", `${strings.join("")}</sst>`);
      replace(parts, "xl/worksheets/sheet2.xml", '<row r="9">', `${cells}<row r="9">`);
    });
    const { fast } = await expectSameAsExcelJs(bytes, ["Anteckningar"]);
    const rows = fast.plainSheets?.[0]?.rows;
    expect(rows?.[4]).toEqual([
      "rad ett\nrad två",
      "cr\rtecken \r och _x00e5_",
      "漢字",
      null,
      "",
      "fet textA",
    ]);
    expect(rows?.[5]).toEqual(["<b> &", "aAb", "x_x0041_ &lt;", true, { error: "#NUM!" }, 2025]);
    expect(rows?.[6]?.slice(2)).toEqual([45688.5, 0, 7, null]);
  });

  test("hyperlinks, rich text and formula results of every kind written by ExcelJS", async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet("Länkar");
    sheet.getRow(1).values = ["Länk", "Rik", "Formel", "Datum", "Tal"];
    sheet.getCell("A2").value = { text: "Stockholm", hyperlink: "https://start.stockholm" };
    sheet.getCell("B2").value = { richText: [{ text: "fet", font: { bold: true } }, { text: " text" }] };
    sheet.getCell("C2").value = { formula: 'A2&""', result: "Stockholm" };
    sheet.getCell("D2").value = { formula: "DATE(2025,1,31)", result: new Date(Date.UTC(2025, 0, 31, 6)) };
    sheet.getCell("D2").numFmt = "yyyy-mm-dd hh:mm";
    sheet.getCell("E2").value = { text: "5", hyperlink: "https://x" };
    sheet.getCell("C3").value = { formula: "1=1", result: true };
    sheet.getCell("C4").value = { formula: "1/0", result: { error: "#DIV/0!" } };
    sheet.getCell("C5").value = { formula: "A1" };
    sheet.getCell("E5").value = 0.25;
    sheet.getCell("E5").numFmt = "0.0 %";
    sheet.mergeCells("A6:B7");
    sheet.getCell("A6").value = "sammanslagen";
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    await expectSameAsExcelJs(bytes, ["Länkar"]);
  });

  test("a table that is missing is looked for as a plain sheet, as the core does", async () => {
    const workbook = new Workbook();
    const settings = workbook.addWorksheet("Inställningar");
    settings.addTable({
      name: "Installningar",
      ref: "A1",
      headerRow: true,
      columns: [{ name: "Inställning" }, { name: "Värde" }],
      rows: [
        ["Organisation", "Enhet 7"],
        ["Nivå", "Enhet"],
      ],
    });
    workbook.addWorksheet("Perioder").addRows([
      ["Period-ID", "Rubrik", "Typ", "År", "Planperiod"],
      ["VP2025", "VP 2025", "Budget", 2025, "Ja"],
    ]);
    workbook.addWorksheet("Budget").addRows([
      ["Verksamhetsområde", "Post", "Specifikation", "VP 2025"],
      ["O1", "Kostnader", null, 1000],
    ]);
    workbook.addWorksheet("Övrigt").addRows([["inte med"]]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const { fast } = await expectSameAsExcelJs(bytes);
    expect(fast.tables.map((t) => t.name)).toEqual(["Installningar"]);
    expect(fast.plainSheets?.map((s) => s.name)).toEqual(["Perioder", "Budget"]);
    expect(readPlan(fast).plan.budget.map((b) => b.amounts)).toEqual([[1000]]);
  });

  test("only the requested tables are read; names are case-insensitive", async () => {
    const bytes = await writeXlsx(goodContent());
    const fast = readXlsxFast(bytes, { tables: ["budget", "PERIODER"] });
    expect(fast.tables.map((t) => t.name)).toEqual(["Perioder", "Budget"]);
    expect(fast.plainSheets).toEqual([]);
    expect(readXlsxFast(bytes, { tables: [] }).tables).toEqual([]);
  });

  test("random tables written with writeXlsx read back equal through both readers", async () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 20 }),
      fc.constantFrom(" x", "_x0041_", "a\nb", "<&>", "=A1", "\u0001", "1 000", "2025-01-31"),
    );
    const value: fc.Arbitrary<CellValue> = fc.oneof(
      text,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom({ error: "#N/A" }, { error: "#REF!" }, { error: "#VALUE!" }),
    );
    const table = fc
      .record({
        width: fc.integer({ min: 1, max: 5 }),
        rows: fc.array(fc.array(value, { minLength: 5, maxLength: 5 }), { maxLength: 8 }),
      })
      .map(({ width, rows }) => ({
        headers: Array.from({ length: width }, (_, j) => `Kolumn ${j + 1}`),
        rows: rows.map((row) => row.slice(0, width)),
      }));
    await fc.assert(
      fc.asyncProperty(table, async ({ headers, rows }) => {
        const bytes = await writeXlsx({ tables: [{ sheet: "Blad", table: "Slump", headers, rows }] });
        const slow = await readXlsx(bytes);
        const fast = readXlsxFast(bytes, { tables: ["Slump"] });
        expect(fast.tables).toStrictEqual(slow.tables.filter((t) => t.name === "Slump"));
        expect(fast.tables[0]?.headers).toEqual(headers);
      }),
      { numRuns: 30 },
    );
  });
});

/** A stored ZIP in ZIP64 form (sizes and offsets in the extra field, a ZIP64 end record). */
function zip64(entries: Readonly<Record<string, Uint8Array>>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, Buffer.from(data));
    const extra = Buffer.alloc(28);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(data.length), 4);
    extra.writeBigUInt64LE(BigInt(data.length), 12);
    extra.writeBigUInt64LE(BigInt(offset), 20);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(0xffffffff, 20);
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(0xffffffff, 42);
    centrals.push(central, nameBytes, extra);
    offset += 30 + nameBytes.length + data.length;
  }
  const count = Object.keys(entries).length;
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeBigUInt64LE(BigInt(count), 24);
  end64.writeBigUInt64LE(BigInt(count), 32);
  end64.writeBigUInt64LE(BigInt(centralSize), 40);
  end64.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + centralSize), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...locals, ...centrals, end64, locator, end]);
}

test("a workbook in a ZIP64 package", () => {
  const plain = readXlsxFast(excelLikeWorkbook());
  const bytes = zip64(unzipSync(excelLikeWorkbook()));
  expect(readXlsxFast(bytes)).toStrictEqual(plain);
  expect(readXlsxFast(bytes, { inflate: zlibInflate })).toStrictEqual(plain);
});

describe("files that are not workbooks", () => {
  function failure(bytes: Uint8Array, fileName?: string): XlsxReadError {
    try {
      readXlsxFast(bytes, fileName ? { fileName } : {});
    } catch (error) {
      if (error instanceof XlsxReadError) return error;
      throw error;
    }
    throw new Error("expected an XlsxReadError");
  }

  const ole = (streamName: string): Buffer =>
    Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from(streamName, "utf16le"),
      Buffer.alloc(64),
    ]);

  test("a text file, an empty file", () => {
    const error = failure(Buffer.from("Detta är ingen arbetsbok\n"), "text.xlsx");
    expect(error.reason).toBe("not_xlsx");
    expect(error.message).toBe("Filen ”text.xlsx” är inte en Excel-arbetsbok (.xlsx).");
    expect(failure(new Uint8Array(0)).reason).toBe("not_xlsx");
  });

  test("a password-protected workbook, an old .xls", () => {
    const encrypted = failure(ole("EncryptedPackage"), "hemlig.xlsx");
    expect(encrypted.reason).toBe("encrypted");
    expect(encrypted.message).toBe(
      "Filen ”hemlig.xlsx” är lösenordsskyddad. Ta bort lösenordet i Excel och försök igen.",
    );
    const xls = failure(ole("Workbook"), "gammal.xls");
    expect(xls.reason).toBe("not_xlsx");
    expect(xls.message).toMatch(/gammal\.xls.*\.xls.*spara den som Excel-arbetsbok \(\.xlsx\)/);
  });

  test("a ZIP without a workbook, a binary workbook, a truncated or broken one", async () => {
    const plain = failure(zip({ "hej.txt": "hej" }), "arkiv.xlsx");
    expect(plain.reason).toBe("corrupt");
    expect(plain.message).toBe("Filen ”arkiv.xlsx” kunde inte läsas: den verkar vara skadad.");
    expect(failure(zip({ "xl/workbook.bin": "x" })).reason).toBe("not_xlsx");
    const bytes = await writeXlsx(goodContent());
    expect(failure(bytes.subarray(0, Math.floor(bytes.length / 2))).reason).toBe("corrupt");
    const broken = zip({
      "[Content_Types].xml": "<Types/>",
      "xl/workbook.xml": "<workbook><sheets><sheet name='A' sheetId='1' r:id='rId1'",
    });
    expect(failure(broken).reason).toBe("corrupt");
    const badStrings = edit(excelLikeWorkbook(), (parts) => {
      parts["xl/sharedStrings.xml"] = "<sst><si><t>utan slut";
    });
    expect(failure(badStrings).reason).toBe("corrupt");
  });

  test("the same reasons and messages as readXlsx", async () => {
    const cases = [Buffer.from("hej"), ole("EncryptedPackage"), zip({ "hej.txt": "hej" })];
    for (const bytes of cases) {
      const slow = (await readXlsx(bytes, "fil.xlsx").then(
        () => undefined,
        (e: unknown) => e,
      )) as XlsxReadError;
      const fast = failure(bytes, "fil.xlsx");
      expect([fast.reason, fast.message]).toEqual([slow.reason, slow.message]);
    }
  });
});

describe("readManyFast", () => {
  let dir: string;
  let good: Buffer;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "vp-fast-"));
    good = await writeXlsx(goodContent());
    await fs.writeFile(path.join(dir, "a.xlsx"), good);
    await fs.writeFile(path.join(dir, "trasig.xlsx"), "ingen arbetsbok");
    await fs.writeFile(path.join(dir, "c.xlsx"), await writeXlsx(templateContent({ level: "Enhet" })));
    const board = analyzeWorkbook(contentToNeutral(exampleWorkbook())).plan;
    await fs.writeFile(
      path.join(dir, "enhet.xlsx"),
      await writeXlsx(filledUnitContent(board, "Enhet 1", "N-9.9-z", bu(1000.5, -100))),
    );
    await fs.writeFile(path.join(dir, "namnd.xlsx"), await writeXlsx(exampleWorkbook()));
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test("in the calling thread: input order, an error per broken file, progress", async () => {
    const files = ["a.xlsx", "trasig.xlsx", "saknas.xlsx", "c.xlsx"].map((f) => path.join(dir, f));
    const progress: number[] = [];
    const results = await readManyFast(files, { workers: 0, onProgress: (done) => progress.push(done) });
    expect(results.map((r) => r.name)).toEqual(["a.xlsx", "trasig.xlsx", "saknas.xlsx", "c.xlsx"]);
    expect(results[0]?.workbook).toStrictEqual(readXlsxFast(good));
    expect(results[1]).toEqual({
      name: "trasig.xlsx",
      error: { reason: "not_xlsx", message: "Filen ”trasig.xlsx” är inte en Excel-arbetsbok (.xlsx)." },
    });
    expect(results[2]?.error).toEqual({ reason: "missing", message: "Filen ”saknas.xlsx” finns inte." });
    expect(results[3]?.workbook?.tables.length).toBeGreaterThan(0);
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  test("bytes in, and only some tables", async () => {
    const results = await readManyFast(
      [
        { name: "x.xlsx", bytes: good },
        { name: "y.xlsx", bytes: new Uint8Array([1, 2, 3]) },
      ],
      { workers: 0, tables: ["Budget"] },
    );
    expect(results[0]?.workbook?.tables.map((t) => t.name)).toEqual(["Budget"]);
    expect(results[1]?.error?.reason).toBe("not_xlsx");
  });

  test("digests: what digestUnit makes of the workbook read; a digest with the reason for a broken file", async () => {
    const names = ["enhet.xlsx", "trasig.xlsx", "namnd.xlsx", "saknas.xlsx"];
    const progress: number[] = [];
    const results = await readManyFast(
      names.map((f) => path.join(dir, f)),
      { workers: 0, digest: true, onProgress: (done) => progress.push(done) },
    );
    expect(results.map((r) => r.name)).toEqual(names);
    expect(results.every((r) => r.workbook === undefined)).toBe(true);
    const unitBytes = await fs.readFile(path.join(dir, "enhet.xlsx"));
    expect(results[0]).toStrictEqual({
      name: "enhet.xlsx",
      digest: digestUnit({ file: "enhet.xlsx", workbook: readXlsxFast(unitBytes) }),
    });
    expect(results[0]?.digest).toMatchObject({ organisation: "Enhet 1", level: "Enhet" });
    expect(results[1]).toStrictEqual({
      name: "trasig.xlsx",
      digest: { file: "trasig.xlsx", error: "Filen ”trasig.xlsx” är inte en Excel-arbetsbok (.xlsx)." },
      error: { reason: "not_xlsx", message: "Filen ”trasig.xlsx” är inte en Excel-arbetsbok (.xlsx)." },
    });
    expect(results[2]?.digest).toMatchObject({ file: "namnd.xlsx", level: "Nämnd", budget: [] });
    expect(results[3]?.digest).toEqual({ file: "saknas.xlsx", error: "Filen ”saknas.xlsx” finns inte." });
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  test("a digest goes as JSON text, unless its amounts hold -0 (structured clone then)", async () => {
    const workbook = readXlsxFast(await fs.readFile(path.join(dir, "enhet.xlsx")));
    const digest = digestUnit({ file: "enhet.xlsx", workbook });
    const wire = toWire({ id: 3, digest });
    expect(wire.digestJson).toEqual(expect.any(String));
    expect(fromWire(wire)).toStrictEqual({ id: 3, digest });
    if ("error" in digest) throw new Error("expected a read unit");
    const negative: UnitDigest = {
      ...digest,
      budget: digest.budget.map((l, i) => (i === 0 ? { ...l, amounts: [-0, ...l.amounts.slice(1)] } : l)),
    };
    const kept = toWire({ id: 4, digest: negative });
    expect(kept.digestJson).toBeUndefined();
    expect(fromWire(kept)).toStrictEqual({ id: 4, digest: negative });
    const failed = {
      id: 5,
      digest: { file: "x.xlsx", error: "trasig" },
      error: { reason: "corrupt", message: "trasig" },
    };
    expect(fromWire(toWire(failed))).toStrictEqual(failed);
  });

  test("an aborted signal rejects", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      readManyFast([path.join(dir, "a.xlsx")], { workers: 0, signal: controller.signal }),
    ).rejects.toBeDefined();
  });

  // Worker threads need the compiled worker script: checked against dist/ when it is up to date.
  const dist = path.resolve(__dirname, "../../dist/xlsx");
  const newest = (folder: string): number =>
    Math.max(...readdirSync(folder).map((f) => statSync(path.join(folder, f)).mtimeMs));
  let fresh = false;
  try {
    fresh = newest(dist) >= newest(path.resolve(__dirname, "../../src/xlsx"));
  } catch {
    fresh = false;
  }
  (fresh ? test : test.skip)("on worker threads (compiled dist/): the same results", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled module
    const compiled = require(path.join(dist, "pool.js")) as {
      readManyFast: typeof readManyFast;
      closeIdleWorkers: () => Promise<void>;
    };
    const files = ["a.xlsx", "trasig.xlsx", "saknas.xlsx", "c.xlsx", "a.xlsx"].map((f) => path.join(dir, f));
    const inThread = await readManyFast(files, { workers: 0 });
    const onWorkers = await compiled.readManyFast(files, { workers: 2 });
    expect(onWorkers).toEqual(inThread);
    // Digests: read and checked on the workers, the same as in this thread, in input order.
    const units = [
      "enhet.xlsx",
      "trasig.xlsx",
      "namnd.xlsx",
      "saknas.xlsx",
      "c.xlsx",
      "enhet.xlsx",
      "a.xlsx",
    ];
    const unitFiles = units.map((f) => path.join(dir, f));
    const digestsInThread = await readManyFast(unitFiles, { workers: 0, digest: true });
    const digestsOnWorkers = await compiled.readManyFast(unitFiles, { workers: 2, digest: true });
    expect(digestsOnWorkers).toStrictEqual(digestsInThread);
    expect(digestsOnWorkers.map((r) => r.name)).toEqual(units);
    // The workers are kept between calls: the next call gets them, warm, with the same results.
    expect(await compiled.readManyFast(unitFiles, { workers: 2, digest: true })).toStrictEqual(
      digestsInThread,
    );
    const controller = new AbortController();
    const aborted = compiled.readManyFast(files, { workers: 2, signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toBeDefined();
    expect(await compiled.readManyFast(files, { workers: 2 })).toEqual(inThread);
    await compiled.closeIdleWorkers();
  });
});
