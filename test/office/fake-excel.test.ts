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

describe("table columns, columns after a range, used cells in a range, clearing validation", () => {
  test("columns.add appends at the right end: header, empty cells in the left column's format", async () => {
    const fake = fakeWithSheet();
    const cell = fake.sheet("Blad")?.rows[1]?.[1];
    if (cell) cell.numberFormat = "0.0";
    await fake.run(async (context) => {
      const table = context.workbook.tables.getItem("Data");
      table.columns.add(undefined, undefined, "C");
      table.columns.add(undefined, undefined, "c");
      const columns = table.columns.load("items/name,items/index");
      await context.sync();
      expect(columns.items.map((c) => [c.name, c.index])).toEqual([
        ["A", 0],
        ["B", 1],
        ["C", 2],
        ["c2", 3],
      ]);
    });
    expect(fake.state.tables[0]?.area).toEqual({ top: 0, left: 0, bottom: 1, right: 3 });
    expect(fake.cell("Blad", "C2")).toEqual({ value: "", numberFormat: "0.0" });
    // Deleting a column moves the cells to its right (in the table's rows) left.
    await fake.run(async (context) => {
      const columns = context.workbook.tables.getItem("Data").columns.load("items/name");
      await context.sync();
      columns.items[2]?.delete();
      await context.sync();
    });
    expect(fake.toNeutral().tables[0]?.headers).toEqual(["A", "B", "c2"]);
    expect(fake.cell("Blad", "D1")).toBeUndefined();
  });

  test("columns.add refuses cells to the right that hold something, and a protected sheet", async () => {
    const fake = fakeWithSheet();
    const sheet = fake.sheet("Blad");
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Blad").getRange("C2").values = [["upptagen"]];
      await context.sync();
      context.workbook.tables.getItem("Data").columns.add(undefined, undefined, "C");
      expect((await rejection(context.sync())).code).toBe("InvalidOperation");
    });
    if (sheet) sheet.protection = { password: "" };
    await fake.run(async (context) => {
      context.workbook.tables.getItem("Data").columns.add(undefined, undefined, "C");
      expect((await rejection(context.sync())).code).toBe("InvalidOperation");
    });
    expect(fake.state.tables[0]?.area.right).toBe(1);
  });

  test("protection: protect with options, protected only after load and sync, edits refused at sync", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Blad");
      const protection = context.workbook.worksheets.getItem("Blad").protection;
      protection.protect({ allowAutoFilter: true, allowSort: true });
      protection.load("protected");

      expect(() => protection.protected).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(protection.protected).toBe(true);
      // Twice is an error, as in Excel.
      protection.protect();
      expect((await rejection(context.sync())).code).toBe("InvalidOperation");
      sheet.getRange("A2").values = [["ändrad"]];
      expect((await rejection(context.sync())).code).toBe("InvalidOperation");
      sheet.getRange("A2").select();
      await context.sync();
    });
    expect(fake.sheet("Blad")?.protection).toEqual({ allowAutoFilter: true, allowSort: true, password: "" });
    expect(fake.cell("Blad", "A2")?.value).toBe("x");
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Blad");
      const protection = context.workbook.worksheets.getItem("Blad").protection;
      protection.unprotect();
      sheet.getRange("A2").values = [["ändrad"]];
      protection.load("protected");
      await context.sync();
      expect(protection.protected).toBe(false);
    });
    expect(fake.cell("Blad", "A2")?.value).toBe("ändrad");
  });

  test("a deleted column is ItemNotFound; values in columns.add are not supported", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const columns = context.workbook.tables.getItem("Data").columns.load("items/name");
      await context.sync();
      const b = columns.items[1];
      b?.delete();
      await context.sync();
      b?.load("name");
      expect((await rejection(context.sync())).code).toBe("ItemNotFound");
      context.workbook.tables.getItem("Data").columns.add(undefined, [["C"], [1]]);
      expect((await rejection(context.sync())).code).toBe("NotImplemented");
    });
  });

  test("getColumnsAfter and a range's used cells", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Blad");
      sheet.getRange("E2").values = [["x"]];
      const table = context.workbook.tables.getItem("Data").getRange();
      const after = table.getColumnsAfter(2).load("address");
      const none = table.getColumnsAfter(2).getUsedRangeOrNullObject(true).load("address");
      const some = table.getColumnsAfter(3).getUsedRangeOrNullObject(true).load("address");
      await context.sync();
      expect(after.address).toBe("Blad!C1:D2");
      expect(none.isNullObject).toBe(true);
      expect(some.address).toBe("Blad!E2");
    });
  });

  test("dataValidation.clear clears only the range's cells of a larger rule", async () => {
    const fake = fakeWithSheet();
    await fake.run(async (context) => {
      const validation = context.workbook.worksheets.getItem("Blad").getRange("A2:C10").dataValidation;
      validation.rule = { list: { inCellDropDown: true, source: "a,b" } };
      await context.sync();
      context.workbook.worksheets.getItem("Blad").getRange("B5:D6").dataValidation.clear();
      await context.sync();
    });
    const areas = fake.sheet("Blad")?.validations.map((v) => v.area);
    expect(areas).toEqual([
      { top: 1, left: 0, bottom: 3, right: 2 },
      { top: 6, left: 0, bottom: 9, right: 2 },
      { top: 4, left: 0, bottom: 5, right: 0 },
    ]);
  });
});
