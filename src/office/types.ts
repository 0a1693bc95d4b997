/// <reference types="office-js" />
/** Types shared by the Office.js adapter's modules. */

/** Runs a batch against a workbook, like `Excel.run`. */
export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Where the adapter reports what it skipped (missing requirement sets and the like). */
export type Log = (message: string) => void;
