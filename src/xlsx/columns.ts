/**
 * Appends columns to existing Excel tables by editing the `.xlsx` package directly (see
 * ./package.ts): nothing else in the workbook is rewritten, so formulas, charts, pivot tables and
 * everything ExcelJS does not model stay as they are.
 *
 * Per table:
 * - the table part (`xl/tables/tableN.xml`): `ref`, the autoFilter's `ref`, `<tableColumns count>`
 *   and a `<tableColumn id name>` per new column;
 * - the sheet: the header cells (inline strings, in the header cells' own format), an empty cell in
 *   each data row with the column kind's number format (text and lists `@`, outcomes General) on
 *   the format of the cell to its left, `<dimension>`, a `<col>` width where no `<col>` covers the
 *   column yet, and for columns with a value list (Bedömning, Status) a dropdown over the data rows
 *   and {@link VALIDATION_MARGIN_ROWS} rows below (an inline list with the template's values);
 * - `xl/styles.xml`: the cell formats this needs, when the workbook has none like them.
 *
 * Every check is made before anything is written: a missing table, no header row, a protected
 * sheet, a merged cell, another table or anything in the cells the new columns take, or the sheet's
 * last column, refuses with {@link TableColumnsError} and leaves the file as it was.
 */
import type { ColumnAddition } from "../core/followup";
import { TableColumnsError } from "../core/port";
import { normalizeKey } from "../core/spec";
import { cellAddress, columnLetter, intersects } from "../core/sheet";
import { columnFormat, columnNumberFormat, specForTable, VALIDATION_MARGIN_ROWS } from "../core/formats";
import type { Area } from "./area";
import { escapeText } from "./chart-parts";
import { XlsxPackage, type TablePart } from "./package";
import {
  addColumnWidth,
  addListValidations,
  areaRef,
  cellsIn,
  cellXml,
  isProtected,
  mergedAreas,
  putCells,
  Styles,
  widenDimension,
  type ListValidation,
} from "./sheet-xml";
import { decodeXml, encodeXml, xmlAttributes } from "./xml";

const MAX_COLUMN = 16_384;
const TABLE_ROOT = /<table\b[^>]*>/;
const TABLE_COLUMNS = /<tableColumns\b[^>]*\/>|<tableColumns\b[^>]*>[\s\S]*?<\/tableColumns>/;
const TABLE_COLUMN = /<tableColumn\b([^>]*?)(?:\/>|>[\s\S]*?<\/tableColumn>)/g;

interface Planned {
  readonly table: TablePart;
  readonly headers: readonly string[];
  /** The new columns' cells: header row to the table's last row. */
  readonly area: Area;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Header names of a table part's columns (`_xHHHH_` escapes decoded). */
function columnNames(tableXml: string): string[] {
  return [...tableXml.matchAll(TABLE_COLUMN)].map((m) =>
    (xmlAttributes(m[1] ?? "").get("name") ?? "").replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    ),
  );
}

function check(
  pkg: XlsxPackage,
  tables: readonly TablePart[],
  addition: ColumnAddition,
): Planned | undefined {
  const table = tables.find((t) => sameName(t.name, addition.table));
  if (!table) throw TableColumnsError.missing(addition.table);
  if (table.headerRowCount < 1) throw TableColumnsError.noHeaderRow(table.name);
  if (!TABLE_COLUMNS.test(pkg.read(table.path) ?? ""))
    throw new TableColumnsError(table.name, "tabelldefinitionen i filen kunde inte läsas.");
  const present = new Set(columnNames(pkg.read(table.path) ?? "").map(normalizeKey));
  const headers: string[] = [];
  for (const header of addition.headers) {
    const key = normalizeKey(header);
    if (key === "" || present.has(key)) continue;
    present.add(key);
    headers.push(header);
  }
  if (headers.length === 0) return undefined;
  const sheetXml = pkg.read(table.sheet.path) ?? "";
  if (isProtected(sheetXml)) throw TableColumnsError.protectedSheet(table.name, table.sheet.name);
  if (table.area.right + headers.length > MAX_COLUMN) throw TableColumnsError.sheetEdge(table.name);
  const area: Area = {
    top: table.area.top,
    bottom: table.area.bottom,
    left: table.area.right + 1,
    right: table.area.right + headers.length,
  };
  const where = (a: Area) => `${table.sheet.name}!${areaRef(a)}`;
  const other = tables.find(
    (t) => t !== table && t.sheet.path === table.sheet.path && intersects(t.area, area),
  );
  if (other) throw TableColumnsError.occupied(table.name, `tabellen ${other.name}, ${where(other.area)}`);
  const merged = mergedAreas(sheetXml).find((m) => intersects(m, area));
  if (merged) throw TableColumnsError.occupied(table.name, `sammanfogade celler ${where(merged)}`);
  const used = [...cellsIn(sheetXml, area).values()].filter((c) => c.hasValue);
  if (used.length > 0) {
    const first = used.reduce((a, b) => (b.row < a.row || (b.row === a.row && b.column < a.column) ? b : a));
    throw TableColumnsError.occupied(
      table.name,
      `${table.sheet.name}!${cellAddress(first.row, first.column)}`,
    );
  }
  return { table, headers, area };
}

/** `A1:H20` with its last column moved to `right` (a column number). */
function widenRef(ref: string, right: number): string {
  return ref.replace(
    /(:\$?)[A-Za-z]{1,3}(\$?\d+)$/,
    (_, colon: string, row: string) => `${colon}${columnLetter(right)}${row}`,
  );
}

/** The table part with the new columns: `ref`, autoFilter `ref`, `<tableColumns>`. */
function editTablePart(xml: string, planned: Planned): string {
  const { headers, area } = planned;
  const ref = (tag: string) =>
    tag.replace(
      /\sref="([^"]*)"/,
      (_, value: string) => ` ref="${encodeXml(widenRef(decodeXml(value), area.right))}"`,
    );
  let out = xml.replace(TABLE_ROOT, ref).replace(/<autoFilter\b[^>]*>/, ref);
  const block = TABLE_COLUMNS.exec(out);
  if (!block) return out;
  const existing = [...block[0].matchAll(TABLE_COLUMN)];
  let id = existing.reduce((n, m) => Math.max(n, Number(xmlAttributes(m[1] ?? "").get("id")) || 0), 0);
  const added = headers.map(
    (header) => `<tableColumn id="${++id}" name="${encodeXml(escapeText(header))}"/>`,
  );
  const open = (/^<tableColumns\b[^>]*?(?=\/?>)/.exec(block[0])?.[0] ?? "<tableColumns").replace(
    /\scount="[^"]*"/,
    "",
  );
  const inner = block[0].endsWith("/>")
    ? ""
    : block[0].slice(block[0].indexOf(">") + 1, -"</tableColumns>".length);
  const replacement = `${open} count="${existing.length + added.length}">${inner}${added.join("")}</tableColumns>`;
  out = out.slice(0, block.index) + replacement + out.slice(block.index + block[0].length);
  return out;
}

/** The sheet with the new columns' cells, widths, dimension and dropdowns. */
function editSheet(xml: string, planned: Planned, styles: Styles): string {
  const { table, headers, area } = planned;
  const spec = specForTable(table.name);
  const lastColumn = table.area.right;
  const headerRow = table.area.top;
  const lastDataRow = table.area.bottom - (table.totalsRowCount > 0 ? 1 : 0);
  const left = cellsIn(xml, { top: area.top, bottom: area.bottom, left: lastColumn, right: lastColumn });
  const formats = headers.map((h) => columnFormat(spec, h));
  const cells = new Map<number, Map<number, string>>();
  for (let r = headerRow; r <= lastDataRow; r++) {
    const row = new Map<number, string>();
    const base = left.get(`${r}:${lastColumn}`)?.style;
    headers.forEach((header, j) => {
      const column = area.left + j;
      if (r === headerRow) row.set(column, cellXml(r, column, base, header));
      else {
        const code = columnNumberFormat(formats[j]?.kind ?? "other") ?? "General";
        row.set(column, cellXml(r, column, styles.withFormat(base, code), null));
      }
    });
    cells.set(r, row);
  }
  let out = putCells(xml, cells);
  out = widenDimension(out, area);
  headers.forEach((_h, j) => {
    const format = formats[j];
    if (!format) return;
    const code = columnNumberFormat(format.kind);
    out = addColumnWidth(
      out,
      area.left + j,
      format.width,
      code ? styles.withFormat(undefined, code) : undefined,
    );
  });
  const validations: ListValidation[] = [];
  headers.forEach((_h, j) => {
    const column = formats[j]?.spec;
    if (!column?.values) return;
    const c = area.left + j;
    validations.push({
      area: { top: headerRow + 1, bottom: lastDataRow + VALIDATION_MARGIN_ROWS, left: c, right: c },
      values: column.values,
      strict: column.kind === "list",
      header: column.header,
    });
  });
  return addListValidations(out, validations);
}

/**
 * The package with the columns appended (see the module comment).
 * @throws TableColumnsError before anything is changed.
 * @throws XlsxReadError when the bytes are not a readable workbook.
 */
export function addTableColumnsToPackage(
  bytes: Uint8Array,
  additions: readonly ColumnAddition[],
  fileName?: string,
): Buffer | undefined {
  if (additions.every((a) => a.headers.length === 0)) return undefined;
  const pkg = XlsxPackage.open(bytes, fileName);
  const tables = pkg.tables();
  const byTable = new Map<string, ColumnAddition>();
  for (const addition of additions) {
    const key = addition.table.toLowerCase();
    const previous = byTable.get(key);
    byTable.set(
      key,
      previous ? { ...previous, headers: [...previous.headers, ...addition.headers] } : addition,
    );
  }
  const planned = [...byTable.values()].flatMap((a) => check(pkg, tables, a) ?? []);
  if (planned.length === 0) return undefined;
  const styles = new Styles(pkg.read("xl/styles.xml"));
  for (const p of planned) {
    pkg.write(p.table.path, editTablePart(pkg.read(p.table.path) ?? "", p));
    pkg.write(p.table.sheet.path, editSheet(pkg.read(p.table.sheet.path) ?? "", p, styles));
  }
  if (styles.xml !== undefined) pkg.write("xl/styles.xml", styles.xml);
  return pkg.toBuffer();
}
