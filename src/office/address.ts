/** A1 addresses as Excel returns and accepts them. */
import { cellAddress, columnNumber, splitSheetReference } from "../core/sheet";

/** A block of cells, 1-based and inclusive. */
export interface Block {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export interface SheetBlock extends Block {
  readonly sheet: string;
}

const AREA = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/;

/** `Budget!A1:H10`, `'Mål 2'!B3` (Excel's `Range.address`) → sheet and block. */
export function parseAddress(address: string): SheetBlock {
  const split = splitSheetReference(address);
  const sheet = split?.sheet ?? "";
  const rest = split?.rest ?? "";
  const m = AREA.exec(rest);
  if (!m?.[1] || !m[2]) throw new Error(`Oväntad celladress från Excel: ${address}`);
  const left = columnNumber(m[1]);
  const top = Number(m[2]);
  const right = m[3] ? columnNumber(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  return { sheet, top, left, bottom, right };
}

/** `A1` or `A1:C5`. */
export function blockAddress(block: Block): string {
  const first = cellAddress(block.top, block.left);
  return block.top === block.bottom && block.left === block.right
    ? first
    : `${first}:${cellAddress(block.bottom, block.right)}`;
}

/** A sheet name in a reference: always quoted, `'` doubled. */
export function quoteSheet(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** `'Mål'!$B$2:$B$2000`: an absolute reference for list sources. */
export function absoluteReference(sheet: string, block: Block): string {
  const abs = (row: number, column: number) =>
    cellAddress(row, column).replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  const first = abs(block.top, block.left);
  const last = abs(block.bottom, block.right);
  return `${quoteSheet(sheet)}!${first === last ? first : `${first}:${last}`}`;
}

export function overlaps(a: Block, b: Block): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/** Column width in points for a width in characters (Calibri 11: 7 px per character plus 5 px padding). */
export function columnWidthPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

/** A valid A1 cell address such as `D14`. */
export function isCellAddress(text: string): boolean {
  return /^[A-Z]{1,3}[1-9]\d*$/.test(text);
}

/** Compare sheet and table names as Excel does: case-insensitively. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
