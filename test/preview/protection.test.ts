/// <reference types="office-js" />
/**
 * Sheet protection in the browser version's files: a protected sheet read from an `.xlsx` keeps
 * its permissions and its password hash (the password itself is unknown, so the fake cannot
 * unprotect it), and the download writes both back; a sheet protected through the fake's
 * Office.js API is written with ExcelJS's `protect`.
 */
import { Workbook } from "exceljs";
import { FakeExcel } from "../../src/fake-excel";
import { openXlsx, saveXlsx } from "../../src/preview/xlsx";
import { attr, parts, sheetPath } from "../support/xlsx-package";

const tagOf = (bytes: Uint8Array, sheet: string) => {
  const all = parts(bytes);
  return /<sheetProtection\b[^>]*\/>/.exec(all.get(sheetPath(all, sheet)) ?? "")?.[0];
};

describe("sheet protection in the browser version's .xlsx files", () => {
  test("a file's password-protected sheet: read with its permissions and hash, written back unchanged", async () => {
    const workbook = new Workbook();
    workbook.addWorksheet("Skyddat").getCell("A1").value = "Mål";
    workbook.addWorksheet("Öppet").getCell("A1").value = 1;
    await workbook.getWorksheet("Skyddat")?.protect("hemligt", {
      selectLockedCells: false,
      selectUnlockedCells: true,
      insertRows: true,
      objects: false,
      spinCount: 1000,
    });
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const original = tagOf(bytes, "Skyddat");
    expect(attr(original ?? "", "hashValue")).toBeTruthy();
    const fake = await openXlsx(bytes.slice().buffer, "skyddad.xlsx");

    expect(fake.sheet("Öppet")?.protection).toBeUndefined();
    const protection = fake.sheet("Skyddat")?.protection;
    expect(protection).toMatchObject({
      selectionMode: "Unlocked",
      allowInsertRows: true,
      allowSort: false,
      allowEditObjects: false,
      allowEditScenarios: true,
      passwordHash: { algorithmName: "SHA-512", spinCount: 1000 },
    });
    expect(protection?.password).toBeUndefined();
    // Without the password the fake, like Excel, cannot unprotect it.
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem("Skyddat").protection.unprotect();
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });

    const saved = tagOf(await saveXlsx(fake), "Skyddat");
    for (const name of ["sheet", "algorithmName", "hashValue", "saltValue", "spinCount"])
      expect([name, attr(saved ?? "", name)]).toEqual([name, attr(original ?? "", name)]);
    expect(attr(saved ?? "", "selectLockedCells")).toBe("1");
    expect(attr(saved ?? "", "insertRows")).toBe("0");
    expect(attr(saved ?? "", "objects")).toBe("1");
    expect(attr(saved ?? "", "sort")).toBeUndefined();
  });

  test("protected through the Office.js API: written protected; unprotected: written without", async () => {
    const fake = FakeExcel.fromContent();
    await fake.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.add("Referens").protection.protect({ allowAutoFilter: true, selectionMode: "None" });
      sheets.add("Upplåst").protection.protect();
      sheets.getItem("Upplåst").protection.unprotect();
      await context.sync();
    });
    const bytes = await saveXlsx(fake);
    const tag = tagOf(bytes, "Referens") ?? "";
    expect(attr(tag, "sheet")).toBe("1");
    expect(attr(tag, "autoFilter")).toBe("0");
    expect(attr(tag, "selectLockedCells")).toBe("1");
    expect(attr(tag, "selectUnlockedCells")).toBe("1");
    expect(attr(tag, "hashValue")).toBeUndefined();
    expect(tagOf(bytes, "Upplåst")).toBeUndefined();
    expect(tagOf(bytes, "Blad1")).toBeUndefined();
    const reopened = await openXlsx(bytes.slice().buffer, "x.xlsx");
    expect(reopened.sheet("Referens")?.protection).toMatchObject({
      allowAutoFilter: true,
      selectionMode: "None",
      password: "",
    });
  });
});
