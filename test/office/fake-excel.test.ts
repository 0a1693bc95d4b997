/// <reference types="office-js" />
/** The fake Excel workbook behaves like Excel where the adapter depends on it. */
import { contentToNeutral } from "../../src/core/layout";
import { EXCEL_WEB_PAYLOAD_LIMIT, FakeExcel, FakeExcelError, type ExcelSubset } from "../../src/fake-excel";
import { goodContent } from "../support/workbooks";

async function rejection(promise: Promise<unknown>): Promise<FakeExcelError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FakeExcelError)) throw new Error(`Expected a FakeExcelError, got ${String(error)}`);
  return error;
}

function fakeWithSheet(): FakeExcel {
  return FakeExcel.fromContent({
    tables: [{ sheet: "Blad", table: "Data", headers: ["A", "B"], rows: [["x", 1]] }],
  });
}

describe("load and sync before read", () => {
  test("reading a property that was never loaded throws PropertyNotLoaded", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Blad").getRange("A1:B2");
      await context.sync();
      // eslint-disable-next-line office-addins/load-object-before-read -- the mistake this test makes on purpose
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  test("a loaded property cannot be read before the sync", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Blad").getRange("A1:B2");
      range.load("values");
      // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read -- on purpose
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(range.values).toEqual([
        ["A", "B"],
        ["x", 1],
      ]);
    });
  });

  test("a misspelled property in load fails at sync", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Blad").getRange("A1").load("valuez");
      expect((await rejection(context.sync())).code).toBe("InvalidArgument");
    });
  });

  test("isNullObject is known after the sync; calls on a null object give null objects", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Saknas");
      const used = missing.getUsedRangeOrNullObject(true);
      used.load("values");
      const table = context.workbook.tables.getItemOrNullObject("Data");
      const range = table.getRange();
      range.load("address");
      // eslint-disable-next-line office-addins/call-sync-before-read -- the mistake this test makes on purpose
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(used.isNullObject).toBe(true);
      expect(table.isNullObject).toBe(false);
      expect(range.address).toBe("Blad!A1:B2");
    });
  });

  test("getItem of a missing sheet fails at sync with ItemNotFound", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Saknas").getRange("A1").load("values");
      expect((await rejection(context.sync())).code).toBe("ItemNotFound");
    });
  });

  test("a wrong member name does not compile", () => {
    // @ts-expect-error: Excel.Range has no property "valuez", so the fake cannot claim it.
    type Wrong = ExcelSubset<Excel.Range, "valuez">;
    const check = async (context: Excel.RequestContext) => {
      const range = context.workbook.worksheets.getItem("Blad").getRange("A1");
      // @ts-expect-error: the adapter is typed with Excel's own types.
      range.valuez = [[1]];
      // @ts-expect-error: Excel.Worksheet has no getRangez.
      context.workbook.worksheets.getItem("Blad").getRangez("A1");
    };
    expect(typeof check).toBe("function");
    const wrong: Wrong | undefined = undefined;
    expect(wrong).toBeUndefined();
  });
});

describe("writes", () => {
  test("are queued and applied at sync", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Blad").getRange("D1").values = [["ny"]];
      expect(fake.cell("Blad", "D1")).toBeUndefined();
      await context.sync();
      expect(fake.cell("Blad", "D1")?.value).toBe("ny");
    });
  });

  test("Excel's reading of text: formulas and numbers unless the cell is formatted @", async () => {
    const fake = fakeWithSheet();
    const texts = ['=HYPERLINK("http://x")', "+46 8 123", "1.10", "2025-01-31", "69%", "-5", "TRUE", "#N/A"];
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Blad");
      sheet.getRange("D1:K1").values = [texts];
      const text = sheet.getRange("D2:K2");
      text.numberFormat = [texts.map(() => "@")];
      text.values = [texts];
      await context.sync();
    });
    const general = ["D1", "E1", "F1", "G1", "H1", "I1", "J1", "K1"].map((a) => fake.cell("Blad", a));
    expect(general.map((c) => c?.formula)).toEqual([
      '=HYPERLINK("http://x")',
      "=+46 8 123",
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(general.slice(2).map((c) => c?.value)).toEqual([1.1, 45688, 0.69, -5, true, "#N/A"]);
    expect(general[7]?.error).toBe("#N/A");
    const asText = ["D2", "E2", "F2", "G2", "H2", "I2", "J2", "K2"].map((a) => fake.cell("Blad", a));
    expect(asText.map((c) => c?.value)).toEqual(texts);
    expect(asText.every((c) => c?.formula === undefined)).toBe(true);
  });

  test("a 2-D array of the wrong size is refused", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Blad").getRange("A1:B2").values = [[1]];
      expect((await rejection(context.sync())).code).toBe("InvalidArgument");
    });
  });

  test("a request over 5 MB fails with RequestPayloadSizeLimitExceeded and changes nothing", async () => {
    const fake = fakeWithSheet();
    const before = fake.snapshot();
    const rows = 60_000;
    const values = Array.from({ length: rows }, (_, i) => [`rad ${i} ${"x".repeat(80)}`]);
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Blad").getRange(`D1:D${rows}`).values = values;
      expect((await rejection(context.sync())).code).toBe("RequestPayloadSizeLimitExceeded");
    });
    expect(fake.syncs[0]?.requestBytes).toBeGreaterThan(EXCEL_WEB_PAYLOAD_LIMIT);
    expect(fake.snapshot()).toEqual(before);
  });

  test("an injected failure can leave part of the batch applied (batches are not atomic)", async () => {
    const fake = fakeWithSheet();
    fake.failOnSync(1, { afterCommands: 3 });
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Blad");
      sheet.getRange("D1").values = [["först"]];
      sheet.getRange("D2").values = [["sedan"]];
      expect((await rejection(context.sync())).code).toBe("GeneralException");
    });
    // getItem, getRange and the first write ran; the second getRange did not.
    expect(fake.cell("Blad", "D1")?.value).toBe("först");
    expect(fake.cell("Blad", "D2")).toBeUndefined();
    expect(fake.syncCount).toBe(1);
  });

  test("Excel.run syncs what is left queued", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Blad").getRange("D1").values = [["sist"]];
    });
    expect(fake.cell("Blad", "D1")?.value).toBe("sist");
    expect(fake.syncCount).toBe(1);
  });
});

describe("sheets and tables", () => {
  test("a very hidden sheet cannot be deleted; the last visible sheet cannot be hidden", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const hidden = context.workbook.worksheets.add("Dold");
      hidden.visibility = "VeryHidden";
      await context.sync();
      hidden.delete();
      expect((await rejection(context.sync())).code).toBe("InvalidOperation");
      context.workbook.worksheets.getItem("Blad").visibility = "Hidden";
      expect((await rejection(context.sync())).code).toBe("InvalidOperation");
      hidden.visibility = "Hidden";
      hidden.delete();
      await context.sync();
    });
    expect(fake.sheetNames()).toEqual(["Blad"]);
  });

  test("sheet names are unique regardless of case; positions move sheets", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      context.workbook.worksheets.add("BLAD");
      expect((await rejection(context.sync())).code).toBe("ItemAlreadyExists");
      const second = context.workbook.worksheets.add("Andra");
      second.position = 0;
      second.load("position");
      await context.sync();
      expect(second.position).toBe(0);
    });
    expect(fake.sheetNames()).toEqual(["Andra", "Blad"]);
  });

  test("tables: add with headers, ranges, no overlap", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Blad");
      sheet.getRange("D1:E1").values = [["Kod", "Namn"]];
      const table = sheet.tables.add("D1:E1", true);
      table.name = "Koder";
      const body = table.getDataBodyRange();
      body.load("address");
      const header = table.getHeaderRowRange();
      header.load("values");
      await context.sync();
      expect(body.address).toBe("Blad!D2:E2");
      expect(header.values).toEqual([["Kod", "Namn"]]);
      sheet.tables.add("A1:D3", true);
      expect((await rejection(context.sync())).code).toBe("InvalidArgument");
    });
    expect(fake.toNeutral().tables.map((t) => t.name)).toEqual(["Data", "Koder"]);
  });

  test("loading collections with nested paths", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const tables = context.workbook.tables;
      tables.load("items/name,items/worksheet/name");
      await context.sync();
      expect(tables.items.map((t) => [t.name, t.worksheet.name])).toEqual([["Data", "Blad"]]);
    });
  });

  test("fromContent and toNeutral agree with core's layout", () => {
    const content = goodContent();
    const neutral = FakeExcel.fromContent(content).toNeutral();
    const expected = contentToNeutral(content);
    expect(neutral.sheetNames).toEqual(expected.sheetNames);
    expect(neutral.tables.map((t) => [t.name, t.sheet, t.headerRow, t.firstColumn, t.headers])).toEqual(
      expected.tables.map((t) => [t.name, t.sheet, t.headerRow, t.firstColumn, t.headers]),
    );
    neutral.tables.forEach((t, i) => {
      const rows = expected.tables[i]?.rows ?? [];
      expect(t.rows).toEqual(rows.map((r) => t.headers.map((_h, j) => r[j] ?? null)));
    });
  });
});
