/** Where each table of a WorkbookContent goes, and the content as a neutral workbook. */
import type { TableContent, WorkbookContent } from "./content";
import type { NeutralWorkbook, SheetTable } from "./sheet";

export interface PlacedTable {
  readonly table: TableContent;
  readonly sheet: string;
  /** 1-based header row. */
  readonly headerRow: number;
  /** 1-based first column. */
  readonly firstColumn: number;
}

/** Tables start in row 1; tables sharing a sheet sit side by side with one empty column between. */
export function tableLayout(content: WorkbookContent): PlacedTable[] {
  const nextColumn = new Map<string, number>();
  return content.tables.map((table) => {
    const firstColumn = nextColumn.get(table.sheet) ?? 1;
    nextColumn.set(table.sheet, firstColumn + Math.max(1, table.headers.length) + 1);
    return { table, sheet: table.sheet, headerRow: 1, firstColumn };
  });
}

/** Sheet names of the content in first-appearance order. */
export function sheetOrder(content: WorkbookContent): string[] {
  return [...new Set(content.tables.map((t) => t.sheet))];
}

/** The content as the reader would see it after writing (values as given, no number formats). */
export function contentToNeutral(content: WorkbookContent): NeutralWorkbook {
  const tables: SheetTable[] = tableLayout(content).map((p) => ({
    name: p.table.table,
    sheet: p.sheet,
    headerRow: p.headerRow,
    firstColumn: p.firstColumn,
    headers: p.table.headers,
    rows: p.table.rows,
  }));
  return { sheetNames: sheetOrder(content), tables };
}
