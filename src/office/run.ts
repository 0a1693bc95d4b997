/// <reference types="office-js" />
/**
 * The production runner: the only place that touches the global `Excel`. Everything else takes an
 * {@link ExcelRunner}, so tests (and the browser preview) hand in the fake workbook's `run`.
 */
import type { ExcelRunner } from "./types";

/** `Excel.run`, waiting while the user edits a cell instead of failing with InvalidOperation. */
export const excelRun: ExcelRunner = (batch) => Excel.run({ delayForCellEdit: true }, batch);
