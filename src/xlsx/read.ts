/**
 * Reads an `.xlsx` file into the neutral sheet form with ExcelJS: every Excel table (ListObject)
 * and every sheet without a table (read from A1, headers in row 1).
 *
 * Before ExcelJS parses the file, the ZIP is looked at directly (with the JSZip that ExcelJS
 * itself uses) to tell what kind of file it is, to read each table's `ref`, `headerRowCount` and
 * `totalsRowCount` as Excel wrote them, and to drop data validations, which ExcelJS expands into
 * one object per cell (a whole-column dropdown costs it a million objects).
 */
import { promises as fs } from "node:fs";
import JSZip from "jszip";
import * as nodePath from "node:path";
import { ValueType, Workbook } from "exceljs";
import type { Cell, Worksheet } from "exceljs";
import { dateToSerial } from "../core/sheet";
import type { CellValue, NeutralWorkbook, SheetTable } from "../core/sheet";
import { checkSignature, readError } from "./errors";
import { xmlAttributes } from "./xml";
import { parseArea, type Area } from "./area";

export { XlsxReadError, type XlsxReadErrorReason } from "./errors";

// --- The ZIP, through the JSZip that ExcelJS depends on -----------------------------------------

interface ZipEntry {
  readonly name: string;
  readonly dir: boolean;
  async(type: "string"): Promise<string>;
}

interface ZipArchive {
  readonly files: Record<string, ZipEntry>;
  file(path: string, data: string): unknown;
  generateAsync(options: { type: "nodebuffer"; compression: "STORE" }): Promise<Buffer>;
}

/** A table part as Excel wrote it (`xl/tables/tableN.xml`). */
interface TablePart {
  readonly name: string;
  readonly ref?: string;
  /** `headerRowCount`; Excel leaves it out when it is 1. */
  readonly headerRowCount: number;
  readonly totalsRowCount: number;
}

interface PreparedZip {
  readonly bytes: Buffer;
  /** Table parts by lower-case table name. */
  readonly tableParts: ReadonlyMap<string, TablePart>;
}

const DATA_VALIDATIONS =
  /<([A-Za-z_][\w.-]*:)?dataValidations\b[^>]*?\/>|<([A-Za-z_][\w.-]*:)?dataValidations\b[^>]*>[\s\S]*?<\/\2?dataValidations>/g;
const TABLE_ROOT = /<(?:[A-Za-z_][\w.-]*:)?table\b([^>]*)>/;

function parseTablePart(xml: string): TablePart | undefined {
  const root = TABLE_ROOT.exec(xml);
  if (!root) return undefined;
  const attrs = xmlAttributes(root[1] ?? "");
  const name = attrs.get("name") ?? attrs.get("displayName");
  if (!name) return undefined;
  const count = (value: string | undefined, dflt: number): number => {
    const n = value === undefined ? NaN : Number(value);
    return Number.isFinite(n) ? n : dflt;
  };
  return {
    name,
    ref: attrs.get("ref"),
    headerRowCount: count(attrs.get("headerRowCount"), 1),
    totalsRowCount: count(attrs.get("totalsRowCount"), 0),
  };
}

async function prepareZip(bytes: Buffer, fileName: string | undefined): Promise<PreparedZip> {
  let zip: ZipArchive;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw readError("corrupt", fileName, "other", error);
  }
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  const path = (entry: ZipEntry): string => entry.name.replace(/^\//, "");
  const has = (name: string): boolean => entries.some((entry) => path(entry) === name);
  if (!has("xl/workbook.xml")) {
    if (has("xl/workbook.bin")) throw readError("not_xlsx", fileName, "xlsb");
    if (has("word/document.xml") || has("ppt/presentation.xml")) throw readError("not_xlsx", fileName);
    throw readError("corrupt", fileName);
  }

  const tableParts = new Map<string, TablePart>();
  let changed = false;
  try {
    for (const entry of entries) {
      const name = path(entry);
      if (/^xl\/tables\/[^/]+\.xml$/.test(name)) {
        const part = parseTablePart(await entry.async("string"));
        if (part) tableParts.set(part.name.toLowerCase(), part);
      } else if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
        const xml = await entry.async("string");
        if (/dataValidations/.test(xml)) {
          zip.file(entry.name, xml.replace(DATA_VALIDATIONS, ""));
          changed = true;
        }
      } else if (/^xl\/worksheets\/_rels\/[^/]+\.rels$/.test(name)) {
        // ExcelJS finds table parts only by the relative target Excel writes.
        const xml = await entry.async("string");
        const relative = xml.replace(/Target="\/xl\/tables\//g, 'Target="../tables/');
        if (relative !== xml) {
          zip.file(entry.name, relative);
          changed = true;
        }
      }
    }
    const prepared = changed ? await zip.generateAsync({ type: "nodebuffer", compression: "STORE" }) : bytes;
    return { bytes: prepared, tableParts };
  } catch (error) {
    throw readError("corrupt", fileName, "other", error);
  }
}

// --- Cell values ----------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function plainText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isRecord(value) && Array.isArray(value.richText)) {
    return value.richText.map((run: unknown) => (isRecord(run) ? plainText(run.text) : "")).join("");
  }
  if (isRecord(value) && "text" in value) return plainText(value.text);
  return "";
}

/** An ExcelJS cell value in neutral form. */
export function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : { error: "#NUM!" };
  if (value instanceof Date) {
    const serial = dateToSerial(value);
    return Number.isFinite(serial) ? serial : null;
  }
  if (!isRecord(value)) return null;
  if (typeof value.error === "string") return { error: value.error };
  if (Array.isArray(value.richText)) return plainText(value);
  if ("formula" in value || "sharedFormula" in value) {
    // A formula cell holds the result Excel cached; a file never calculated has none.
    return "result" in value ? toCellValue(value.result) : null;
  }
  if ("text" in value) return plainText(value.text);
  return null;
}

function cellValue(cell: Cell | undefined): CellValue {
  if (!cell) return null;
  // The other cells of a merged range repeat the top-left value in ExcelJS; Excel has them empty.
  if (cell.isMerged && cell.master !== cell) return null;
  // ExcelJS leaves a cached result of 0, false or "" out of `cell.value`; `cell.result` has it.
  if (cell.type === ValueType.Formula) return toCellValue(cell.result ?? null);
  return toCellValue(cell.value);
}

function numberFormat(cell: Cell | undefined): string | null {
  const format: unknown = cell?.numFmt;
  if (typeof format !== "string" || format === "" || format.toLowerCase() === "general") return null;
  return format;
}

interface Block {
  readonly headers: CellValue[];
  readonly rows: CellValue[][];
  readonly numberFormats: (string | null)[][];
}

function readBlock(
  sheet: Worksheet,
  headerRow: number | undefined,
  firstRow: number,
  lastRow: number,
  firstColumn: number,
  lastColumn: number,
): Block {
  const columns = Array.from({ length: lastColumn - firstColumn + 1 }, (_, j) => firstColumn + j);
  const headers =
    headerRow === undefined ? [] : columns.map((column) => cellValue(sheet.findCell(headerRow, column)));
  const rows: CellValue[][] = [];
  const numberFormats: (string | null)[][] = [];
  for (let row = firstRow; row <= lastRow; row++) {
    const cells = columns.map((column) => sheet.findCell(row, column));
    rows.push(cells.map(cellValue));
    numberFormats.push(cells.map(numberFormat));
  }
  return { headers, rows, numberFormats };
}

// --- Tables -----------------------------------------------------------------------------------------

export interface TableModel {
  readonly name: string;
  /** Full range as read from a file (`A1:F120`). */
  readonly tableRef?: string;
  /** Top-left cell (a table created in memory) or full range. */
  readonly ref?: string;
  readonly headerRow?: boolean;
  readonly totalsRow?: boolean;
  readonly columnNames: readonly string[];
}

function toTableModel(value: unknown): TableModel | undefined {
  // `getTables()` gives Table objects (the typings say tuples); their model is `.table`.
  const item: unknown = Array.isArray(value) ? value[0] : value;
  const model: unknown = isRecord(item) && isRecord(item.table) ? item.table : item;
  if (!isRecord(model) || typeof model.name !== "string") return undefined;
  const columns = Array.isArray(model.columns) ? model.columns : [];
  return {
    name: model.name,
    tableRef: typeof model.tableRef === "string" ? model.tableRef : undefined,
    ref: typeof model.ref === "string" ? model.ref : undefined,
    headerRow: typeof model.headerRow === "boolean" ? model.headerRow : undefined,
    totalsRow: typeof model.totalsRow === "boolean" ? model.totalsRow : undefined,
    columnNames: columns.map((column: unknown) =>
      isRecord(column) && typeof column.name === "string" ? column.name : "",
    ),
  };
}

/** The tables ExcelJS found on a sheet. */
export function worksheetTables(sheet: Worksheet): TableModel[] {
  const withTables = sheet as unknown as { getTables?: () => unknown; tables?: unknown };
  const list: unknown =
    typeof withTables.getTables === "function"
      ? withTables.getTables()
      : isRecord(withTables.tables)
        ? Object.values(withTables.tables)
        : [];
  if (!Array.isArray(list)) return [];
  return list.map(toTableModel).filter((t): t is TableModel => t !== undefined);
}

function sameHeaders(sheet: Worksheet, row: number, area: Area, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  return names.every((name, j) => {
    const text = plainText(cellValue(sheet.findCell(row, area.left + j)));
    return text.trim().toLowerCase() === name.trim().toLowerCase();
  });
}

function readTable(sheet: Worksheet, model: TableModel, part: TablePart | undefined): SheetTable | undefined {
  const area = parseArea(part?.ref ?? model.tableRef ?? model.ref ?? "");
  if (!area) return undefined;
  const hasHeader = part
    ? part.headerRowCount > 0
    : model.headerRow === true || sameHeaders(sheet, area.top, area, model.columnNames);
  const hasTotals = part ? part.totalsRowCount > 0 : model.totalsRow === true;
  const headerRow = hasHeader ? area.top : area.top - 1;
  const lastRow = hasTotals ? area.bottom - 1 : area.bottom;
  const block = readBlock(
    sheet,
    hasHeader ? area.top : undefined,
    headerRow + 1,
    lastRow,
    area.left,
    area.right,
  );
  const headers = Array.from({ length: area.right - area.left + 1 }, (_, j) => {
    const fromSheet = block.headers[j] ?? null;
    return fromSheet !== null && fromSheet !== "" ? fromSheet : (model.columnNames[j] ?? null);
  });
  return {
    name: model.name,
    sheet: sheet.name,
    headerRow,
    firstColumn: area.left,
    headers,
    rows: block.rows,
    numberFormats: block.numberFormats,
  };
}

/** A sheet without a table: its used range from A1, headers in row 1. */
function readPlainSheet(sheet: Worksheet): SheetTable {
  let lastRow = 0;
  let lastColumn = 0;
  sheet.eachRow((row, rowNumber) => {
    row.eachCell((cell, columnNumber) => {
      if (cellValue(cell) === null) return;
      lastRow = Math.max(lastRow, rowNumber);
      lastColumn = Math.max(lastColumn, columnNumber);
    });
  });
  const block = readBlock(sheet, lastRow > 0 ? 1 : undefined, 2, lastRow, 1, lastColumn);
  return {
    name: sheet.name,
    sheet: sheet.name,
    headerRow: 1,
    firstColumn: 1,
    headers: block.headers,
    rows: block.rows,
    numberFormats: block.numberFormats,
    fromSheet: true,
  };
}

function toBuffer(input: Buffer | Uint8Array | ArrayBuffer): Buffer {
  if (Buffer.isBuffer(input)) return input;
  if (input instanceof ArrayBuffer) return Buffer.from(input);
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

type LoadInput = Parameters<Workbook["xlsx"]["load"]>[0];

/**
 * Reads a workbook's bytes. `fileName` (optional) names the file in error messages.
 * @throws XlsxReadError when the bytes are not a readable `.xlsx` workbook.
 */
export async function readXlsx(
  input: Buffer | Uint8Array | ArrayBuffer,
  fileName?: string,
): Promise<NeutralWorkbook> {
  const bytes = toBuffer(input);
  checkSignature(bytes, fileName);
  const prepared = await prepareZip(bytes, fileName);
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(prepared.bytes as unknown as LoadInput);
  } catch (error) {
    throw readError("corrupt", fileName, "other", error);
  }
  const sheets = workbook.worksheets;
  if (sheets.length === 0) throw readError("corrupt", fileName);

  const tables: SheetTable[] = [];
  const plainSheets: SheetTable[] = [];
  for (const sheet of sheets) {
    const models = worksheetTables(sheet);
    for (const model of models) {
      const table = readTable(sheet, model, prepared.tableParts.get(model.name.toLowerCase()));
      if (table) tables.push(table);
    }
    if (models.length === 0) plainSheets.push(readPlainSheet(sheet));
  }
  return { sheetNames: sheets.map((sheet) => sheet.name), tables, plainSheets };
}

/**
 * Reads a workbook file.
 * @throws XlsxReadError when the file is missing or not a readable `.xlsx` workbook.
 */
export async function readXlsxFile(path: string): Promise<NeutralWorkbook> {
  const fileName = nodePath.basename(path);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    const code = isRecord(error) ? error.code : undefined;
    if (code === "ENOENT" || code === "ENOTDIR") throw readError("missing", fileName, "other", error);
    if (code === "EISDIR") throw readError("not_xlsx", fileName, "other", error);
    throw error;
  }
  return readXlsx(bytes, fileName);
}
