/// <reference types="office-js" />
/**
 * The one place where the pane and the ribbon commands reach the Office.js adapter (src/office).
 * It is loaded lazily so its code (and Excel's API surface) stays out of the first paint and out of
 * the modules that tests import.
 */
import type { WorkbookPort } from "../core/port";
import { UserFacingError } from "./errors";

/**
 * Creates the Excel workbook port (the Office.js adapter over `Excel.run`). Office.js must be
 * ready. Throws a Swedish message when Excel is older than the add-in's minimum (ExcelApi 1.7).
 */
export async function createOfficePort(): Promise<WorkbookPort> {
  const [{ OfficeWorkbookPort }, { excelRun }, { minimumRequirementMessage, officeRequirements }] =
    await Promise.all([
      import(/* webpackChunkName: "office" */ "../office/adapter"),
      import(/* webpackChunkName: "office" */ "../office/run"),
      import(/* webpackChunkName: "office" */ "../office/requirements"),
    ]);
  const requirements = officeRequirements();
  const missing = minimumRequirementMessage(requirements);
  if (missing) throw new UserFacingError(missing);
  return new OfficeWorkbookPort(excelRun, {
    requirements,
    createWorkbook: (base64) => Excel.createWorkbook(base64),
    toXlsx: async (content) =>
      (await import(/* webpackChunkName: "xlsx-bytes" */ "./xlsx-bytes")).contentToXlsx(content),
  });
}
