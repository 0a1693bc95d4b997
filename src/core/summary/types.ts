/**
 * Generated-sheet layouts: what the pure layout engine produces and every adapter (ExcelJS file,
 * Office.js) writes as is. Rows and columns are 0-based here; row 0 is worksheet row 1.
 */
import type { CellValue } from "../sheet";

export interface LayoutCell {
  /** The value the engine computed (shown by adapters that do not calculate). */
  readonly value: CellValue;
  /** An Excel formula (with leading `=`) over the input tables; `value` is its computed result. */
  readonly formula?: string;
  /** Excel number format, e.g. `#,##0.0;-#,##0.0` or `@`. */
  readonly numberFormat?: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** Font size in points for titles. */
  readonly size?: number;
  readonly wrap?: boolean;
  readonly align?: "left" | "right" | "center";
  readonly indent?: number;
  /** An internal link that selects a cell when clicked. */
  readonly link?: { readonly sheet: string; readonly cell: string };
  /** Background colour as RRGGBB (assessment markers, header rows). */
  readonly fill?: string;
  /** Font colour as RRGGBB. */
  readonly color?: string;
  /** Thin border below (header and total rows). */
  readonly borderBottom?: boolean;
  readonly borderTop?: boolean;
}

/** An Excel table (ListObject) over part of a generated sheet, e.g. Kontroll's filterable list. */
export interface LayoutTable {
  readonly name: string;
  /** 0-based header row and first column; the table spans `columns` columns and `rows` data rows. */
  readonly row: number;
  readonly column: number;
  readonly columns: number;
  readonly rows: number;
}

export interface SheetLayout {
  readonly name: string;
  /** Row-major cells; `null` is an empty cell. Rows may differ in length. */
  readonly rows: readonly (readonly (LayoutCell | null)[])[];
  /** Width per column in characters. */
  readonly columnWidths: readonly number[];
  /** Frozen rows at the top (0 = none). */
  readonly freezeRows?: number;
  readonly tables?: readonly LayoutTable[];
  /** Charts over data blocks of this sheet. */
  readonly charts?: readonly LayoutChart[];
}

/**
 * A chart over a contiguous data block of its own sheet: the header row at `row` holds the
 * series names in columns `column + 1 … column + series`; the `categories` rows below it hold
 * the category label in `column` and one value per series. Adapters write a native Excel chart
 * whose series refer to those cells, so the chart follows the sheet.
 */
export interface LayoutChart {
  /** Unique within the workbook, letters and digits only (Excel's chart name). */
  readonly name: string;
  readonly title: string;
  /** `columnClustered`: series side by side per category; `barStacked`: horizontal stacked bars. */
  readonly kind: "columnClustered" | "barStacked";
  /** 0-based header row and category column of the data block. */
  readonly row: number;
  readonly column: number;
  /** Number of category rows below the header row (at least 1). */
  readonly categories: number;
  /** Number of series columns to the right of the category column (at least 1). */
  readonly series: number;
  /** Fill per series as RRGGBB; adapters use Excel's default palette where absent. */
  readonly seriesColors?: readonly string[];
  /** Where the chart sits: from the top-left corner of cell (row, column) to that of (toRow, toColumn), 0-based. */
  readonly anchor: {
    readonly row: number;
    readonly column: number;
    readonly toRow: number;
    readonly toColumn: number;
  };
}

/** One generated ekonomi table, kept for tests and for checking formulas against values. */
export interface EconomyTable {
  readonly title: string;
  readonly kind: "net" | "posts" | "area" | "investments";
  /** Column headers after the corner cell. */
  readonly headers: readonly string[];
  readonly rows: readonly EconomyRow[];
}

export interface EconomyRow {
  readonly label: string;
  readonly style: "normal" | "varav" | "total";
  /** Unrounded values in the summary unit, one per header. */
  readonly values: readonly number[];
}
