/**
 * Content as `.xlsx` bytes, in the browser: the content's tables are created through the real
 * Office.js adapter in an empty fake workbook (as the add-in creates them in Excel: formats,
 * column widths, dropdowns, the hidden list sheet, the protected reference sheet `Nämndens mål`),
 * then written with ExcelJS's browser bundle (src/preview/xlsx.ts, which writes the protection as
 * the command line does). Loaded on demand: ExcelJS is large.
 *
 * (src/xlsx/write.ts's writeXlsx needs Node: `node:fs`, `node:path`, `Buffer`, and ExcelJS's
 * Node entry; bundled for the browser it would bring ExcelJS's polyfilled build.)
 */
import type { WorkbookContent } from "../core/content";
import { FakeExcel } from "../fake-excel";
import { OfficeWorkbookPort } from "../office/adapter";
import { ALL_REQUIREMENTS } from "../office/requirements";
import { saveXlsx } from "../preview/xlsx";

export async function contentToXlsx(content: WorkbookContent): Promise<Uint8Array> {
  const fake = FakeExcel.fromContent();
  const port = new OfficeWorkbookPort(fake.runner, { requirements: ALL_REQUIREMENTS, log: () => undefined });
  await port.createTables(content);
  const state = fake.state;
  // The new workbook's empty Blad1 goes, as in the preview's example.
  const blank = state.sheets.find((s) => s.name === "Blad1");
  if (blank && blank.rows.length === 0 && !state.tables.some((t) => t.sheet === blank))
    state.sheets.splice(state.sheets.indexOf(blank), 1);
  state.activeSheet = state.sheets.find((s) => s.visibility === "Visible");
  return saveXlsx(fake);
}
