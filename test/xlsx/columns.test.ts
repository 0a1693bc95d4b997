/**
 * Appending table columns and writing settings by editing the `.xlsx` package directly
 * (src/xlsx/columns.ts, src/xlsx/settings.ts): the edited files open in openpyxl (Debian's
 * /usr/bin/python3) and LibreOffice with the tables' new refs and headers, a formula in a table
 * survives, every part that has nothing to do with the change keeps its bytes (charts of the
 * generated sheets too), and refusals leave the file as it was.
 */
import { Workbook } from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { analyzeWorkbook } from "../../src/core/analyze";
import { followUpColumnAdditions } from "../../src/core/followup";
import { TableColumnsError } from "../../src/core/port";
import { runSaveSettings } from "../../src/core/usecases";
import { INDICATORS_TABLE, REFERENCE_GOALS_TABLE } from "../../src/core/spec";
import { buildSummary } from "../../src/core/summary";
import { tableHeaders } from "../../src/core/template";
import { applyGeneratedSheets } from "../../src/xlsx/generated";
import { XlsxWorkbookPort } from "../../src/xlsx/port";
import { readXlsx } from "../../src/xlsx/read";
import { putCells } from "../../src/xlsx/sheet-xml";
import { writeXlsx } from "../../src/xlsx/write";
import { recalculateInLibreOffice, soffice } from "../support/libreoffice";
import { openpyxlAvailable, runOpenpyxl } from "../support/openpyxl";
import { followUpContent, goodContent } from "../support/workbooks";
import { excelLikeWorkbook } from "./excel-like";

function entries(bytes: Buffer): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(bytes));
}

function part(bytes: Buffer, name: string): string {
  const data = entries(bytes)[name];
  if (!data) throw new Error(`${name} saknas`);
  return strFromU8(data);
}

/** Names of the parts whose bytes differ (or that exist in only one of the files). */
function changedParts(a: Buffer, b: Buffer): string[] {
  const x = entries(a);
  const y = entries(b);
  return [...new Set([...Object.keys(x), ...Object.keys(y)])]
    .filter((name) => {
      const p = x[name];
      const q = y[name];
      return !p || !q || Buffer.compare(Buffer.from(p), Buffer.from(q)) !== 0;
    })
    .sort();
}

/** goodContent as a file, with a formula in Indikatorer!E2 (Årsmål) as a user might put there. */
async function planWithFormula(): Promise<Buffer> {
  const workbook = new Workbook();
  await workbook.xlsx.load((await writeXlsx(goodContent())) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Indikatorer");
  if (!sheet) throw new Error("Indikatorer");
  sheet.getCell("E2").value = { formula: "LEN(C2)", result: 16 };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function followUp(bytes: Buffer): Promise<Buffer> {
  const port = new XlsxWorkbookPort(bytes);
  await port.addTableColumns(followUpColumnAdditions(await port.readWorkbook()));
  await port.writeSettings(new Map([["Dokument", "Tertialrapport 1"]]));
  return port.file;
}

// --- openpyxl and LibreOffice ---------------------------------------------------------------------

const hasOpenpyxl = openpyxlAvailable();
// CI installs both (.ci/run): there a missing one is a broken setup, not a reason to skip.
if ((!soffice || !hasOpenpyxl) && process.env["CI"] === "true")
  throw new Error("LibreOffice (soffice) eller openpyxl saknas i CI; .ci/run ska installera dem.");
if (!hasOpenpyxl)
  console.warn("openpyxl saknas i /usr/bin/python3: de redigerade filerna läses inte med openpyxl.");
if (!soffice) console.warn("LibreOffice saknas: de redigerade filerna öppnas inte i LibreOffice.");
const withOpenpyxl = hasOpenpyxl ? it : it.skip;
const withLibreOffice = soffice && hasOpenpyxl ? it : it.skip;

/** What openpyxl sees: per table its sheet, ref, autoFilter ref and column names; header cells; some cells. */
const OPENPYXL_TABLES = `
import json, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
values = load_workbook(sys.argv[1], data_only=True)
out = {"tables": {}, "cells": {}, "validations": {}}
for ws in wb.worksheets:
    for name, ref in ws.tables.items():
        t = ws.tables[name]
        out["tables"][name] = {
            "sheet": ws.title, "ref": t.ref,
            "autoFilter": None if t.autoFilter is None else t.autoFilter.ref,
            "columns": [c.name for c in t.tableColumns],
            "header": [ws.cell(row=ws[t.ref.split(":")[0]].row, column=c).value
                       for c in range(ws[t.ref.split(":")[0]].column, ws[t.ref.split(":")[1]].column + 1)],
        }
    out["validations"][ws.title] = [[str(v.sqref), v.formula1] for v in ws.data_validations.dataValidation]
for ref in sys.argv[2:]:
    sheet, cell = ref.split("!")
    c = wb[sheet][cell]
    out["cells"][ref] = {"value": c.value, "cached": values[sheet][cell].value, "format": c.number_format}
print(json.dumps(out))
`;

interface OpenpyxlView {
  tables: Record<
    string,
    { sheet: string; ref: string; autoFilter: string | null; columns: string[]; header: unknown[] }
  >;
  cells: Record<string, { value: unknown; cached: unknown; format: string }>;
  validations: Record<string, [string, string][]>;
}

function openpyxl(bytes: Buffer, cells: readonly string[] = []): Promise<OpenpyxlView> {
  return runOpenpyxl<OpenpyxlView>(OPENPYXL_TABLES, bytes, "arbetsbok.xlsx", cells);
}

const INDICATOR_HEADERS = tableHeaders(INDICATORS_TABLE, "Tertialrapport 1");

describe("a plan's workbook made a follow-up document by editing the package", () => {
  let input: Buffer;
  let output: Buffer;
  beforeAll(async () => {
    input = await planWithFormula();
    output = await followUp(input);
  });

  it("changes only the three tables, their sheets, the settings sheet and styles.xml", () => {
    const sheets = ["Inställningar", "Mål", "Indikatorer", "Aktiviteter"];
    const workbook = part(output, "xl/workbook.xml");
    const rels = part(output, "xl/_rels/workbook.xml.rels");
    const sheetPart = (name: string) => {
      const id = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(workbook)?.[1];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
      return `xl/${target}`;
    };
    const tablePart = (name: string) =>
      Object.keys(entries(output)).find(
        (p) => p.startsWith("xl/tables/") && new RegExp(`\\sname="${name}"`).test(part(output, p)),
      );
    // The settings table grows only when a setting is missing; Dokument exists.
    expect(changedParts(input, output)).toEqual(
      [
        ...sheets.map(sheetPart),
        ...["Mal", "Indikatorer", "Aktiviteter"].map(tablePart),
        "xl/styles.xml",
      ].sort(),
    );
    // The formula in the existing table cell is the same XML as before.
    expect(part(output, sheetPart("Indikatorer"))).toContain("<f>LEN(C2)</f>");
  });

  it("reads back with the new headers, Dokument set and no follow-up columns missing", async () => {
    const workbook = await readXlsx(output);
    expect(workbook.tables.find((t) => t.name === "Indikatorer")?.headers).toEqual(INDICATOR_HEADERS);
    expect(followUpColumnAdditions(workbook)).toEqual([]);
    expect(analyzeWorkbook(workbook).plan.settings.document).toBe("Tertialrapport 1");
  });

  withOpenpyxl(
    "openpyxl opens it: new refs and headers, the formula, formats and the dropdowns",
    async () => {
      const view = await openpyxl(output, ["Indikatorer!E2", "Indikatorer!I2", "Indikatorer!L2", "Mål!I2"]);
      expect(view.tables["Indikatorer"]).toEqual({
        sheet: "Indikatorer",
        ref: "A1:M4",
        autoFilter: "A1:M4",
        columns: INDICATOR_HEADERS,
        header: INDICATOR_HEADERS,
      });
      expect(view.tables["Mal"]?.ref).toBe("A1:J4");
      expect(view.tables["Mal"]?.columns.slice(-2)).toEqual(["Bedömning", "Analys"]);
      expect(view.tables["Aktiviteter"]?.ref).toBe("A1:H3");
      expect(view.tables["Aktiviteter"]?.header.slice(-2)).toEqual(["Status", "Kommentar"]);
      expect(view.cells["Indikatorer!E2"]).toEqual({ value: "=LEN(C2)", cached: 16, format: "@" });
      expect(view.cells["Indikatorer!I2"]?.format).toBe("General");
      expect(view.cells["Indikatorer!L2"]?.format).toBe("@");
      expect(view.validations["Indikatorer"]).toContainEqual([
        "L2:L504",
        '"Uppfylls helt,Uppfylls delvis,Uppfylls inte"',
      ]);
      expect(view.validations["Aktiviteter"]).toContainEqual([
        "G2:G503",
        '"Ej påbörjad,Pågår,Klar,Avvikelse"',
      ]);
    },
  );

  withLibreOffice(
    "LibreOffice opens it, keeps the tables with their new refs and headers, and calculates the formula",
    async () => {
      const view = await openpyxl(await recalculateInLibreOffice(output, 100_000), ["Indikatorer!E2"]);
      expect(view.tables["Indikatorer"]?.ref).toBe("A1:M4");
      expect(view.tables["Indikatorer"]?.header).toEqual(INDICATOR_HEADERS);
      expect(view.tables["Mal"]?.header.slice(-2)).toEqual(["Bedömning", "Analys"]);
      expect(view.tables["Aktiviteter"]?.header.slice(-2)).toEqual(["Status", "Kommentar"]);
      expect(view.cells["Indikatorer!E2"]?.value).toBe("=LEN(C2)");
      expect(view.cells["Indikatorer!E2"]?.cached).toBe("Andel nöjda barn".length);
      expect(
        view.validations["Indikatorer"]?.some(
          ([ref, formula]) => ref.startsWith("L2:") && formula.includes("Uppfylls delvis"),
        ),
      ).toBe(true);
    },
    120_000,
  );
});

describe("a workbook LibreOffice saved (its own XML, entries with data descriptors)", () => {
  withLibreOffice(
    "gets Dokument and the columns; unchanged parts are copied as they were; openpyxl opens it",
    async () => {
      const saved = await recalculateInLibreOffice(await writeXlsx(goodContent()), 100_000);
      const port = new XlsxWorkbookPort(saved);
      const added = await runSaveSettings(port, new Map([["Dokument", "Verksamhetsberättelse"]]));
      expect(added.map((a) => a.table)).toEqual(["Mal", "Indikatorer", "Aktiviteter"]);
      const workbook = await readXlsx(port.file);
      expect(followUpColumnAdditions(workbook)).toEqual([]);
      expect(analyzeWorkbook(workbook).plan.settings.document).toBe("Verksamhetsberättelse");
      expect(workbook.tables.find((t) => t.name === "Indikatorer")?.rows.length).toBe(3);
      const view = await openpyxl(port.file);
      expect(view.tables["Indikatorer"]?.header).toEqual(INDICATOR_HEADERS);
      expect(view.tables["Indikatorer"]?.ref).toBe("A1:M4");
      // Parts that did not change are the same bytes, compressed as LibreOffice stored them.
      const changed = changedParts(saved, port.file);
      expect(changed.every((p) => /^xl\/(worksheets\/sheet\d+|tables\/table\d+|styles)\.xml$/.test(p))).toBe(
        true,
      );
      expect(Object.keys(entries(port.file))).toEqual(Object.keys(entries(saved)));
    },
    120_000,
  );
});

describe("a workbook Excel wrote (shared strings, a totals row, an absolute table path)", () => {
  it("grows the table above its totals row, keeps the formulas, and refuses a table without headers", async () => {
    const input = excelLikeWorkbook();
    const port = new XlsxWorkbookPort(input);
    await port.addTableColumns([{ table: "budget", sheet: "Budget", headers: ["VP 2026"] }]);
    const sheet = part(port.file, "xl/worksheets/sheet1.xml");
    const table = part(port.file, "xl/tables/table1.xml");
    expect(/<table\b[^>]*\sref="([^"]+)"/.exec(table)?.[1]).toBe("A1:E5");
    expect(/<autoFilter ref="([^"]+)"/.exec(table)?.[1]).toBe("A1:E4");
    expect(table).toContain('<tableColumns count="5">');
    expect(table).toContain('<tableColumn id="5" name="VP 2026"/>');
    expect(sheet).toContain('<dimension ref="A1:E5"/>');
    expect(sheet).toContain("<f>C2*2</f>");
    expect(sheet).toContain("<f>SUBTOTAL(109,Budget[VP 2025])</f>");
    expect(sheet).not.toContain('r="E5"');
    const budget = (await readXlsx(port.file)).tables.find((t) => t.name === "Budget");
    expect(budget?.headers).toEqual(["Verksamhetsområde", "Post", "VP 2025", "Datum", "VP 2026"]);
    // A period column of Budget: an amount format on its data cells.
    expect(budget?.numberFormats?.map((r) => r?.[4])).toEqual([
      "#,##0;-#,##0",
      "#,##0;-#,##0",
      "#,##0;-#,##0",
    ]);
    expect(changedParts(input, port.file)).toEqual(
      ["xl/styles.xml", "xl/tables/table1.xml", "xl/worksheets/sheet1.xml"].sort(),
    );

    const before = port.file;
    await expect(port.addTableColumns([{ table: "Mal", sheet: "Mål", headers: ["Analys"] }])).rejects.toThrow(
      "Tabellen ”Mal” kan inte få nya kolumner: den har ingen rubrikrad.",
    );
    expect(port.file).toBe(before);
  });

  withOpenpyxl("openpyxl opens the edited file", async () => {
    const port = new XlsxWorkbookPort(excelLikeWorkbook());
    await port.addTableColumns([{ table: "Budget", sheet: "Budget", headers: ["VP 2026"] }]);
    const view = await openpyxl(port.file, ["Budget!C3"]);
    expect(view.tables["Budget"]).toMatchObject({ ref: "A1:E5", autoFilter: "A1:E4" });
    expect(view.tables["Budget"]?.columns).toEqual([
      "Verksamhetsområde",
      "Post",
      "VP 2025",
      "Datum",
      "VP 2026",
    ]);
    expect(view.cells["Budget!C3"]?.value).toBe("=C2*2");
  });
});

describe("refusals leave the file as it was", () => {
  it("a protected sheet (the nämnd's goals in a unit's workbook)", async () => {
    const bytes = await writeXlsx({
      tables: [
        {
          sheet: REFERENCE_GOALS_TABLE.sheet,
          table: REFERENCE_GOALS_TABLE.table,
          headers: REFERENCE_GOALS_TABLE.columns.map((c) => c.header),
          rows: [["N-1", "Nämndmål", null, "Ett mål", null, null, null]],
        },
      ],
    });
    const port = new XlsxWorkbookPort(bytes);
    await expect(
      port.addTableColumns([{ table: "NamndensMal", sheet: "Nämndens mål", headers: ["Bedömning"] }]),
    ).rejects.toThrow(
      new TableColumnsError(
        "NamndensMal",
        "bladet ”Nämndens mål” är skyddat. Ta bort bladskyddet (Granska > Ta bort bladskydd) och försök igen.",
      ).message,
    );
    expect(port.file).toBe(bytes);
  });
});

describe("the generated sheets' charts", () => {
  it("survive writing settings and adding columns (no ExcelJS round trip)", async () => {
    const content = followUpContent("Tertialrapport 1");
    const plain = await writeXlsx(content);
    const summary = buildSummary(analyzeWorkbook(await readXlsx(plain)));
    const summarized = await applyGeneratedSheets(plain, summary.sheets);
    const charts = Object.keys(entries(summarized)).filter((p) => p.startsWith("xl/charts/"));
    expect(charts.length).toBeGreaterThan(0);
    const port = new XlsxWorkbookPort(summarized);
    await port.writeSettings(new Map<string, string | number | null>([["Dokument", "Tertialrapport 2"]]));
    await port.addTableColumns([{ table: "Mal", sheet: "Mål", headers: ["Egen kolumn"] }]);
    const changed = changedParts(summarized, port.file);
    expect(
      changed.filter((p) => !/^xl\/(worksheets\/sheet\d+|tables\/table\d+|styles)\.xml$/.test(p)),
    ).toEqual([]);
    expect(Object.keys(entries(port.file)).filter((p) => p.startsWith("xl/charts/"))).toEqual(charts);
    expect(analyzeWorkbook(await readXlsx(port.file)).plan.settings.document).toBe("Tertialrapport 2");
  });
});

describe("putCells", () => {
  const sheet = (data: string) =>
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/>${data}<pageMargins/></worksheet>`;
  const cells = (entries: [number, number, string][]) => {
    const map = new Map<number, Map<number, string>>();
    for (const [r, c, xml] of entries) map.set(r, (map.get(r) ?? new Map<number, string>()).set(c, xml));
    return map;
  };

  it("keeps rows and cells in order: missing rows, self-closing rows, cells without r, replaced cells", () => {
    const xml = sheet(
      '<sheetData><row r="2" spans="1:2"><c r="A2"><v>1</v></c><c><v>2</v></c></row><row r="4"/><row r="6"><c r="D6" s="3"/></row></sheetData>',
    );
    const out = putCells(
      xml,
      cells([
        [1, 3, '<c r="C1"/>'],
        [2, 3, '<c r="C2"/>'],
        [4, 1, '<c r="A4"/>'],
        [5, 3, '<c r="C5"/>'],
        [6, 3, '<c r="C6"/>'],
        [6, 4, '<c r="D6"/>'],
        [7, 3, '<c r="C7"/>'],
      ]),
    );
    expect(out).toBe(
      sheet(
        '<sheetData><row r="1"><c r="C1"/></row><row r="2" spans="1:3"><c r="A2"><v>1</v></c><c><v>2</v></c><c r="C2"/></row>' +
          '<row r="4"><c r="A4"/></row><row r="5"><c r="C5"/></row><row r="6"><c r="C6"/><c r="D6"/></row><row r="7"><c r="C7"/></row></sheetData>',
      ),
    );
  });

  it("fills an empty <sheetData/>", () => {
    expect(putCells(sheet("<sheetData/>"), cells([[3, 2, '<c r="B3"/>']]))).toBe(
      sheet('<sheetData><row r="3"><c r="B3"/></row></sheetData>'),
    );
  });
});
