/// <reference types="office-js" />
/**
 * A generated sheet's layout as write operations: number formats first, then values and formulas
 * (2-D blocks of rows), then formats grouped into rectangles of identical style, links, frozen
 * rows, tables and charts. Text is always written to cells formatted `@`, so Excel never reads user
 * text as a formula or a number.
 */
import { cellAddress, columnLetter, isCellError } from "../core/sheet";
import type { LayoutCell, LayoutChart, SheetLayout } from "../core/summary/types";
import { blockAddress, columnWidthPoints, quoteSheet, type Block } from "./address";
import { BLOCK_BUDGET_BYTES, callBytes, utf8Length, type WriteOp } from "./batches";

export const TEXT_FORMAT = "@";
export const GENERAL_FORMAT = "General";
export const GENERATED_TABLE_STYLE = "TableStyleLight9";

export interface LayoutWriteOptions {
  /** The sheet written to (a temporary name while the new sheets are built). */
  readonly sheet: string;
  /** Table name per LayoutTable name. */
  readonly tableNames: ReadonlyMap<string, string>;
  /** Whether `format.indentLevel` (ExcelApi 1.9) can be used. */
  readonly indent: boolean;
  /** Whether a chart axis's `position` (ExcelApi 1.8) can be used. */
  readonly chartAxisPosition?: boolean;
}

/** What a cell is written as: its number format and its entry in the `formulas` array. */
export interface CellInput {
  readonly format: string;
  readonly input: string | number | boolean;
}

/** A cell's number format and value (formula cells get their formula; text gets `@`). */
export function cellInput(cell: LayoutCell | null | undefined): CellInput {
  if (!cell) return { format: GENERAL_FORMAT, input: "" };
  const format = cell.numberFormat ?? GENERAL_FORMAT;
  if (cell.formula !== undefined)
    return { format: format === TEXT_FORMAT ? GENERAL_FORMAT : format, input: cell.formula };
  const value = cell.value;
  if (value === null) return { format, input: "" };
  if (typeof value === "string") return { format: TEXT_FORMAT, input: value };
  if (typeof value === "number")
    return Number.isFinite(value) ? { format, input: value } : { format, input: "" };
  if (typeof value === "boolean") return { format: GENERAL_FORMAT, input: value };
  if (isCellError(value)) return { format: GENERAL_FORMAT, input: value.error };
  return { format, input: "" };
}

/**
 * Writes of a block of cells starting at (`top`, `left`), 1-based: for each block of rows that
 * fits {@link BLOCK_BUDGET_BYTES}, the number formats first and then the values (or formulas), so
 * text lands in cells already formatted `@`.
 */
export function valueBlockOps(
  sheet: string,
  top: number,
  left: number,
  cells: readonly (readonly CellInput[])[],
  property: "values" | "formulas",
): WriteOp[] {
  const ops: WriteOp[] = [];
  const width = Math.max(1, ...cells.map((r) => r.length));
  let start = 0;
  let formats: string[][] = [];
  let inputs: (string | number | boolean)[][] = [];
  let bytes = 0;
  const flush = (end: number) => {
    if (formats.length === 0) return;
    const address = blockAddress({ top: top + start, left, bottom: top + end - 1, right: left + width - 1 });
    const f = formats;
    const v = inputs;
    ops.push({
      bytes: bytes + callBytes(address, null, null),
      apply: (_context, sheets) => {
        const range = sheets.get(sheet).getRange(address);
        range.numberFormat = f;
        if (property === "formulas") range.formulas = v;
        else range.values = v;
      },
    });
    formats = [];
    inputs = [];
    bytes = 0;
    start = end;
  };
  cells.forEach((row, r) => {
    const rowFormats: string[] = [];
    const rowInputs: (string | number | boolean)[] = [];
    for (let c = 0; c < width; c++) {
      rowFormats.push(row[c]?.format ?? GENERAL_FORMAT);
      rowInputs.push(row[c]?.input ?? "");
    }
    const rowBytes = utf8Length(JSON.stringify(rowFormats)) + utf8Length(JSON.stringify(rowInputs)) + 2;
    if (formats.length > 0 && bytes + rowBytes > BLOCK_BUDGET_BYTES) flush(r);
    formats.push(rowFormats);
    inputs.push(rowInputs);
    bytes += rowBytes;
  });
  flush(cells.length);
  return ops;
}

/** The formatting of a cell other than its number format, or undefined for none. */
interface CellStyle {
  readonly bold?: true;
  readonly italic?: true;
  readonly size?: number;
  readonly color?: string;
  readonly fill?: string;
  readonly wrap?: true;
  readonly align?: "left" | "right" | "center";
  readonly indent?: number;
  readonly borderTop?: true;
  readonly borderBottom?: true;
}

function styleOf(cell: LayoutCell | null | undefined, indent: boolean): CellStyle | undefined {
  if (!cell) return undefined;
  const style: {
    bold?: true;
    italic?: true;
    size?: number;
    color?: string;
    fill?: string;
    wrap?: true;
    align?: "left" | "right" | "center";
    indent?: number;
    borderTop?: true;
    borderBottom?: true;
  } = {};
  if (cell.bold) style.bold = true;
  if (cell.italic) style.italic = true;
  if (cell.size !== undefined) style.size = cell.size;
  if (cell.color) style.color = cell.color;
  if (cell.fill) style.fill = cell.fill;
  if (cell.wrap) style.wrap = true;
  if (cell.align) style.align = cell.align;
  if (indent && cell.indent) style.indent = cell.indent;
  if (cell.borderTop) style.borderTop = true;
  if (cell.borderBottom) style.borderBottom = true;
  return Object.keys(style).length > 0 ? style : undefined;
}

const ALIGNMENT = { left: "Left", right: "Right", center: "Center" } as const;

function color(rgb: string): string {
  return rgb.startsWith("#") ? rgb : `#${rgb}`;
}

/** Queues the calls that give a range the style. */
function applyStyle(format: Excel.RangeFormat, style: CellStyle): void {
  if (style.bold) format.font.bold = true;
  if (style.italic) format.font.italic = true;
  if (style.size !== undefined) format.font.size = style.size;
  if (style.color) format.font.color = color(style.color);
  if (style.fill) format.fill.color = color(style.fill);
  if (style.wrap) format.wrapText = true;
  if (style.align) format.horizontalAlignment = ALIGNMENT[style.align];
  if (style.indent !== undefined) format.indentLevel = style.indent;
  if (style.borderTop) format.borders.getItem("EdgeTop").style = "Continuous";
  if (style.borderBottom) format.borders.getItem("EdgeBottom").style = "Continuous";
}

function styleBytes(style: CellStyle): number {
  return Object.values(style).reduce<number>((n, v) => n + callBytes(v), 0);
}

interface StyledBlock {
  readonly style: CellStyle;
  readonly block: Block;
}

/**
 * Rectangles of identical style: runs of equal cells in a row, extended down while the next row
 * has the same run. Styles with borders are not merged down (a border on a range is its edge).
 */
export function styleRectangles(layout: SheetLayout, indent: boolean): StyledBlock[] {
  const done: StyledBlock[] = [];
  let open = new Map<string, { style: CellStyle; block: Block }>();
  layout.rows.forEach((cells, r) => {
    const next = new Map<string, { style: CellStyle; block: Block }>();
    const row = r + 1;
    let c = 0;
    while (c < cells.length) {
      const style = styleOf(cells[c], indent);
      if (!style) {
        c += 1;
        continue;
      }
      const key = JSON.stringify(style);
      let end = c;
      while (end + 1 < cells.length && JSON.stringify(styleOf(cells[end + 1], indent) ?? null) === key)
        end += 1;
      const runKey = `${c}:${end}:${key}`;
      const above = open.get(runKey);
      const mergeable = !style.borderTop && !style.borderBottom;
      if (above && mergeable) {
        next.set(runKey, { style, block: { ...above.block, bottom: row } });
        open.delete(runKey);
      } else {
        next.set(runKey, { style, block: { top: row, bottom: row, left: c + 1, right: end + 1 } });
      }
      c = end + 1;
    }
    open.forEach((v) => done.push(v));
    open = next;
  });
  open.forEach((v) => done.push(v));
  return done;
}

/** Excel's chart type per layout chart kind. */
const CHART_TYPES = { columnClustered: "ColumnClustered", barStacked: "BarStacked" } as const;

/**
 * A chart over its data block: created from the block (header row = series names, first column =
 * category labels, one series per column), named, titled, placed over its anchor cells and its
 * series filled. Horizontal bars list the categories top to bottom in the sheet's order, with the
 * value axis below them where ExcelApi 1.8 can say so. Queued after the block's values, so Excel
 * sees the header texts when it reads the block; one operation, no sync of its own.
 */
export function chartOp(sheet: string, chart: LayoutChart, axisPosition = true): WriteOp {
  const type = CHART_TYPES[chart.kind];
  const source = blockAddress({
    top: chart.row + 1,
    left: chart.column + 1,
    bottom: chart.row + 1 + Math.max(chart.categories, 1),
    right: chart.column + 1 + Math.max(chart.series, 1),
  });
  const { anchor } = chart;
  const start = cellAddress(anchor.row + 1, anchor.column + 1);
  // setPosition's end cell is covered entirely: the one before the anchor's `to` corner.
  const end = cellAddress(
    Math.max(anchor.toRow, anchor.row + 1),
    Math.max(anchor.toColumn, anchor.column + 1),
  );
  // Only well-formed RRGGBB: Excel would refuse the whole request over a bad colour.
  const fills = (chart.seriesColors ?? [])
    .slice(0, chart.series)
    .map((rgb) => (/^#?[0-9A-Fa-f]{6}$/.test(rgb) ? color(rgb) : undefined));
  const bars = chart.kind === "barStacked";
  return {
    bytes: callBytes(type, source, "Columns", chart.name, chart.title, start, end, ...fills, bars, bars),
    apply: (_context, sheets) => {
      const worksheet = sheets.get(sheet);
      const created = worksheet.charts.add(type, worksheet.getRange(source), "Columns");
      created.name = chart.name;
      created.title.text = chart.title;
      created.setPosition(start, end);
      fills.forEach((fill, i) => {
        if (fill) created.series.getItemAt(i).format.fill.setSolidColor(fill);
      });
      if (bars) {
        created.axes.categoryAxis.reversePlotOrder = true;
        if (axisPosition) created.axes.categoryAxis.position = "Maximum";
      }
    },
  };
}

/** The write operations for one generated sheet (without adding the sheet itself). */
export function layoutOps(layout: SheetLayout, options: LayoutWriteOptions): WriteOp[] {
  const name = options.sheet;
  const ops: WriteOp[] = [];

  // Column widths, equal neighbours together.
  const widths = layout.columnWidths;
  for (let c = 0; c < widths.length;) {
    const width = widths[c] ?? 0;
    let end = c;
    while (end + 1 < widths.length && widths[end + 1] === width) end += 1;
    const address = `${columnLetter(c + 1)}:${columnLetter(end + 1)}`;
    const points = columnWidthPoints(width);
    ops.push({
      bytes: callBytes(address, points),
      apply: (_context, sheets) => {
        sheets.get(name).getRange(address).format.columnWidth = points;
      },
    });
    c = end + 1;
  }

  // Number formats, then values and formulas, in blocks of rows.
  const width = Math.max(1, ...layout.rows.map((r) => r.length));
  const cells = layout.rows.map((row) => Array.from({ length: width }, (_, c) => cellInput(row[c])));
  ops.push(...valueBlockOps(name, 1, 1, cells, "formulas"));

  // Formats, one range per rectangle of identical style.
  for (const { style, block } of styleRectangles(layout, options.indent)) {
    const address = blockAddress(block);
    ops.push({
      bytes: callBytes(address) + styleBytes(style),
      apply: (_context, sheets) => applyStyle(sheets.get(name).getRange(address).format, style),
    });
  }

  // Internal links that select a cell.
  layout.rows.forEach((cells, r) =>
    cells.forEach((cell, c) => {
      if (!cell?.link) return;
      const address = cellAddress(r + 1, c + 1);
      const link: Excel.RangeHyperlink = {
        documentReference: `${quoteSheet(cell.link.sheet)}!${cell.link.cell}`,
        textToDisplay: typeof cell.value === "string" ? cell.value : cell.link.cell,
      };
      ops.push({
        bytes: callBytes(address, link),
        apply: (_context, sheets) => {
          sheets.get(name).getRange(address).hyperlink = link;
        },
      });
    }),
  );

  const freezeRows = layout.freezeRows ?? 0;
  if (freezeRows > 0) {
    ops.push({
      bytes: callBytes(freezeRows),
      apply: (_context, sheets) => sheets.get(name).freezePanes.freezeRows(freezeRows),
    });
  }

  for (const table of layout.tables ?? []) {
    const address = blockAddress({
      top: table.row + 1,
      left: table.column + 1,
      bottom: table.row + 1 + Math.max(table.rows, 1),
      right: table.column + table.columns,
    });
    const tableName = options.tableNames.get(table.name) ?? table.name;
    ops.push({
      bytes: callBytes(address, true, tableName, GENERATED_TABLE_STYLE),
      apply: (_context, sheets) => {
        const created = sheets.get(name).tables.add(address, true);
        created.name = tableName;
        created.style = GENERATED_TABLE_STYLE;
      },
    });
  }

  for (const chart of layout.charts ?? []) ops.push(chartOp(name, chart, options.chartAxisPosition ?? false));
  return ops;
}
