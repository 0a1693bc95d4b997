/**
 * Direct edits of a worksheet part (`xl/worksheets/sheetN.xml`) and of `xl/styles.xml`: reading
 * and writing cells in `<sheetData>` (rows and cells stay in order; `spans` hints are widened),
 * the worksheet's top-level elements in schema order (`<cols>`, `<dataValidations>`,
 * `<dimension>`, placed by ./worksheet-order.ts), and cell formats derived from existing ones.
 * Regular expressions over the XML as Excel, LibreOffice and ExcelJS write it (unprefixed
 * SpreadsheetML); no DOM, so large sheets stay fast.
 */
import { cellAddress, columnNumber, subtractArea } from "../core/sheet";
import { parseArea, type Area } from "./area";
import { escapeText } from "./chart-parts";
import { findElement, insertElement, type Element } from "./worksheet-order";
import { encodeXml, xmlAttributes } from "./xml";

// --- Top-level elements ------------------------------------------------------------------------

function replaceRange(xml: string, element: Element, snippet: string): string {
  return xml.slice(0, element.start) + snippet + xml.slice(element.end);
}

/** Whether the sheet is protected (`<sheetProtection sheet="1">`). */
export function isProtected(xml: string): boolean {
  const element = findElement(xml, "sheetProtection");
  if (!element) return false;
  const sheet = xmlAttributes(xml.slice(element.start, element.end).replace(/^<sheetProtection/, "")).get(
    "sheet",
  );
  return sheet === "1" || sheet === "true";
}

/** The merged areas of the sheet. */
export function mergedAreas(xml: string): Area[] {
  const element = findElement(xml, "mergeCells");
  if (!element) return [];
  return [...xml.slice(element.start, element.end).matchAll(/<mergeCell\b([^>]*)>/g)].flatMap((m) => {
    const area = parseArea(xmlAttributes(m[1] ?? "").get("ref") ?? "");
    return area ? [area] : [];
  });
}

/** `A1` or `A1:C5`. */
export function areaRef(area: Area): string {
  const first = cellAddress(area.top, area.left);
  return area.top === area.bottom && area.left === area.right
    ? first
    : `${first}:${cellAddress(area.bottom, area.right)}`;
}

// --- Cells ---------------------------------------------------------------------------------------

const ROW = /<row\b[^>]*?(?:\/>|>[\s\S]*?<\/row>)/g;
const CELL = /<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g;

/** A cell as found in the sheet. */
export interface CellXml {
  readonly row: number;
  readonly column: number;
  readonly xml: string;
  /** The `s` attribute: index into styles.xml's cellXfs. */
  readonly style?: number;
  /** A value, inline string or formula (a format alone does not count). */
  readonly hasValue: boolean;
}

function startTag(element: string): string {
  return /^<[^>]*>/.exec(element)?.[0] ?? "";
}

const CELL_STYLE = /^<c\b[^>]*?\ss\s*=\s*"(\d+)"/;
const CELL_REF = /^<c\b[^>]*?\sr\s*=\s*"([A-Za-z]{1,3})\d+"/;
const ROW_NUMBER = /^<row\b[^>]*?\sr\s*=\s*"(\d+)"/;
const HAS_VALUE = /<f[\s>/]|<v>[^<]|<v\s[^>]*>[^<]|<is[\s>]/;

function cellOf(xml: string, row: number, column: number): CellXml {
  const s = CELL_STYLE.exec(xml)?.[1];
  const hasValue = HAS_VALUE.test(xml);
  return { row, column, xml, hasValue, ...(s !== undefined ? { style: Number(s) } : {}) };
}

interface RowXml {
  readonly row: number;
  readonly start: number;
  readonly end: number;
  readonly xml: string;
}

function sheetDataOf(xml: string): { start: number; end: number; selfClosing: boolean } | undefined {
  const element = findElement(xml, "sheetData");
  if (!element) return undefined;
  const text = xml.slice(element.start, element.end);
  const open = startTag(text);
  if (open.endsWith("/>")) return { start: element.start, end: element.end, selfClosing: true };
  return {
    start: element.start + open.length,
    end: element.end - "</sheetData>".length,
    selfClosing: false,
  };
}

function rowsOf(xml: string, from: number, to: number): RowXml[] {
  const rows: RowXml[] = [];
  const inner = xml.slice(from, to);
  let previous = 0;
  for (const m of inner.matchAll(ROW)) {
    const r = Number(ROW_NUMBER.exec(m[0])?.[1] ?? previous + 1);
    previous = r;
    rows.push({ row: r, start: from + (m.index ?? 0), end: from + (m.index ?? 0) + m[0].length, xml: m[0] });
  }
  return rows;
}

/** The cells of a row, in order: their columns and XML (the rest is read by {@link cellOf} when needed). */
function cellsOfRow(row: RowXml): { column: number; xml: string }[] {
  const cells: { column: number; xml: string }[] = [];
  let previous = 0;
  for (const m of row.xml.matchAll(CELL)) {
    const letters = CELL_REF.exec(m[0])?.[1];
    const column = letters ? columnNumber(letters) : previous + 1;
    previous = column;
    cells.push({ column, xml: m[0] });
  }
  return cells;
}

/** The cells (that exist in the XML) within an area, by `row:column`. */
export function cellsIn(xml: string, area: Area): Map<string, CellXml> {
  const out = new Map<string, CellXml>();
  const data = sheetDataOf(xml);
  if (!data || data.selfClosing) return out;
  for (const row of rowsOf(xml, data.start, data.end)) {
    if (row.row < area.top || row.row > area.bottom) continue;
    for (const { column, xml: cell } of cellsOfRow(row))
      if (column >= area.left && column <= area.right)
        out.set(`${row.row}:${column}`, cellOf(cell, row.row, column));
  }
  return out;
}

/** The cell XML for a value: inline text, a number, or empty (with just its format). */
export function cellXml(
  row: number,
  column: number,
  style: number | undefined,
  value: string | number | null,
): string {
  const r = `r="${cellAddress(row, column)}"${style === undefined || style === 0 ? "" : ` s="${style}"`}`;
  if (value === null || (typeof value === "number" && !Number.isFinite(value))) return `<c ${r}/>`;
  if (typeof value === "number") return `<c ${r}><v>${String(value)}</v></c>`;
  const space = /^\s|\s$|\n/.test(value) ? ' xml:space="preserve"' : "";
  return `<c ${r} t="inlineStr"><is><t${space}>${encodeXml(escapeText(value))}</t></is></c>`;
}

/** A row's start tag with `spans` widened to hold these columns (or left out when it cannot be). */
function widenSpans(tag: string, columns: readonly number[]): string {
  const spans = /\sspans="([^"]*)"/.exec(tag);
  if (!spans || columns.length === 0) return tag;
  const m = /^(\d+):(\d+)$/.exec(spans[1] ?? "");
  if (!m) return tag.replace(spans[0], "");
  const low = Math.min(Number(m[1]), ...columns);
  const high = Math.max(Number(m[2]), ...columns);
  return tag.replace(spans[0], ` spans="${low}:${high}"`);
}

/**
 * Writes cells: `cells` maps row → column → cell XML. A cell that exists is replaced; others go in
 * column order, in their row (rows that do not exist are added in row order).
 */
export function putCells(xml: string, cells: ReadonlyMap<number, ReadonlyMap<number, string>>): string {
  if (cells.size === 0) return xml;
  let sheet = xml;
  let data = sheetDataOf(sheet);
  if (!data) return sheet;
  if (data.selfClosing) {
    sheet = `${sheet.slice(0, data.start)}<sheetData></sheetData>${sheet.slice(data.end)}`;
    const inner = data.start + "<sheetData>".length;
    data = { start: inner, end: inner, selfClosing: false };
  }
  const wanted = [...cells.keys()].sort((a, b) => a - b);
  const newRow = (r: number) => {
    const columns = [...(cells.get(r) ?? new Map<number, string>())].sort((a, b) => a[0] - b[0]);
    return `<row r="${r}">${columns.map(([, c]) => c).join("")}</row>`;
  };
  const out: string[] = [];
  let at = data.start;
  let w = 0;
  for (const row of rowsOf(sheet, data.start, data.end)) {
    if (w >= wanted.length) break;
    if ((wanted[w] ?? 0) < row.row) {
      out.push(sheet.slice(at, row.start));
      at = row.start;
      while (w < wanted.length && (wanted[w] ?? 0) < row.row) out.push(newRow(wanted[w++] ?? 0));
    }
    if (wanted[w] === row.row) {
      out.push(sheet.slice(at, row.start), editRow(row, cells.get(row.row) ?? new Map<number, string>()));
      at = row.end;
      w += 1;
    }
  }
  out.push(sheet.slice(at, data.end));
  while (w < wanted.length) out.push(newRow(wanted[w++] ?? 0));
  return sheet.slice(0, data.start) + out.join("") + sheet.slice(data.end);
}

function editRow(row: RowXml, add: ReadonlyMap<number, string>): string {
  const tag = startTag(row.xml);
  const selfClosing = tag.endsWith("/>");
  const open = widenSpans(selfClosing ? `${tag.slice(0, -2)}>` : tag, [...add.keys()]);
  const body = selfClosing ? "" : row.xml.slice(tag.length, row.xml.length - "</row>".length);
  const existing = cellsOfRow({ ...row, xml: `${open}${body}</row>` });
  const columns = [...add.keys()].sort((a, b) => a - b);
  // Existing cells in order (replaced where written), the new ones between them.
  const out: string[] = [];
  let c = 0;
  let rest = body;
  for (const cell of existing) {
    const index = rest.indexOf(cell.xml);
    out.push(rest.slice(0, index));
    rest = rest.slice(index + cell.xml.length);
    while (c < columns.length && (columns[c] ?? 0) < cell.column) out.push(add.get(columns[c++] ?? 0) ?? "");
    if (c < columns.length && columns[c] === cell.column) out.push(add.get(columns[c++] ?? 0) ?? "");
    else out.push(cell.xml);
  }
  while (c < columns.length) out.push(add.get(columns[c++] ?? 0) ?? "");
  return `${open}${out.join("")}${rest}</row>`;
}

// --- Other worksheet elements ----------------------------------------------------------------------

/** Widens `<dimension ref>` to include an area. */
export function widenDimension(xml: string, area: Area): string {
  const element = findElement(xml, "dimension");
  if (!element) return xml;
  const text = xml.slice(element.start, element.end);
  const current = parseArea(xmlAttributes(text.replace(/^<dimension\b/, "")).get("ref") ?? "");
  const union = current
    ? {
        top: Math.min(current.top, area.top),
        left: Math.min(current.left, area.left),
        bottom: Math.max(current.bottom, area.bottom),
        right: Math.max(current.right, area.right),
      }
    : area;
  return replaceRange(xml, element, `<dimension ref="${areaRef(union)}"/>`);
}

/** Sets a column's width (characters) and style unless a `<col>` already covers it. */
export function addColumnWidth(
  xml: string,
  column: number,
  width: number,
  style: number | undefined,
): string {
  const col = `<col min="${column}" max="${column}" width="${width}"${style ? ` style="${style}"` : ""} customWidth="1"/>`;
  const element = findElement(xml, "cols");
  if (!element) return insertElement(xml, "cols", `<cols>${col}</cols>`);
  const text = xml.slice(element.start, element.end);
  const cols = [...text.matchAll(/<col\b([^>]*)>/g)].map((m) => {
    const attrs = xmlAttributes(m[1] ?? "");
    return { min: Number(attrs.get("min")), max: Number(attrs.get("max")), index: m.index ?? 0 };
  });
  if (cols.some((c) => c.min <= column && column <= c.max)) return xml;
  const next = cols.find((c) => c.min > column);
  const at = element.start + (next ? next.index : text.lastIndexOf("</cols>"));
  return xml.slice(0, at) + col + xml.slice(at);
}

export interface ListValidation {
  readonly area: Area;
  readonly values: readonly string[];
  /** Refuse other values (a warning), as for list columns; else the list only helps. */
  readonly strict: boolean;
  readonly header: string;
}

/** `"a,b,c"`: an inline list, or undefined when a value cannot be in one (a comma, too long). */
function inlineList(values: readonly string[]): string | undefined {
  if (values.some((v) => v.includes(","))) return undefined;
  const list = `"${values.map((v) => v.replace(/"/g, '""')).join(",")}"`;
  return list.length > 257 ? undefined : list;
}

/**
 * Adds list dropdowns (inline lists, the same values as the template's lists). Existing rules give
 * up the cells the new ones cover, as Excel does when a rule is set on a range.
 */
export function addListValidations(xml: string, validations: readonly ListValidation[]): string {
  const rules = validations.flatMap((v) => {
    const list = inlineList(v.values);
    if (list === undefined) return [];
    const alert = v.strict
      ? ` errorStyle="warning" showErrorMessage="1" errorTitle="Värdet finns inte i listan" error="${encodeXml(`Välj ett av värdena i listan för ${v.header}.`)}"`
      : "";
    return [
      `<dataValidation type="list" allowBlank="1"${alert} sqref="${areaRef(v.area)}"><formula1>${encodeXml(list)}</formula1></dataValidation>`,
    ];
  });
  if (rules.length === 0) return xml;
  const element = findElement(xml, "dataValidations");
  if (!element)
    return insertElement(
      xml,
      "dataValidations",
      `<dataValidations count="${rules.length}">${rules.join("")}</dataValidations>`,
    );
  const text = xml.slice(element.start, element.end);
  const kept: string[] = [];
  for (const m of text.matchAll(/<dataValidation\b[^>]*?(?:\/>|>[\s\S]*?<\/dataValidation>)/g)) {
    const rule = m[0];
    const sqref = /\ssqref="([^"]*)"/.exec(startTag(rule));
    const areas = (sqref?.[1] ?? "").split(/\s+/).flatMap((ref) => {
      const area = parseArea(ref);
      return area ? [area] : [];
    });
    let rest = areas;
    for (const v of validations) rest = rest.flatMap((a) => subtractArea(a, v.area));
    if (!sqref || (rest.length === areas.length && rest.every((a, i) => a === areas[i]))) kept.push(rule);
    else if (rest.length > 0) kept.push(rule.replace(sqref[0], ` sqref="${rest.map(areaRef).join(" ")}"`));
  }
  const open = startTag(text)
    .replace(/\/>$/, ">")
    .replace(/\scount="[^"]*"/, "");
  const all = [...kept, ...rules];
  return replaceRange(
    xml,
    element,
    `${open.replace(/^<dataValidations/, `<dataValidations count="${all.length}"`)}${all.join("")}</dataValidations>`,
  );
}

// --- Styles ------------------------------------------------------------------------------------------

/** Built-in number formats by format code. */
const BUILT_IN_FORMATS: Readonly<Record<string, number>> = {
  General: 0,
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
  "@": 49,
};

/** An `<xf>` element with its attributes sorted, to compare formats. */
function canonicalXf(xf: string): string {
  const tag = startTag(xf);
  const attrs = [...xmlAttributes(tag.replace(/^<xf\b/, ""))].sort(([a], [b]) => a.localeCompare(b));
  const body = tag.endsWith("/>") ? "" : xf.slice(tag.length);
  return JSON.stringify([attrs, body.replace(/<\/xf>$/, "")]);
}

const XF = /<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g;
const DEFAULT_XF = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';

/** `xl/styles.xml` with cell formats added as needed: a cell's format with another number format. */
export class Styles {
  private readonly derived = new Map<string, number>();
  private changed = false;

  constructor(private text: string | undefined) {}

  /** The styles part when it changed. */
  get xml(): string | undefined {
    return this.changed ? this.text : undefined;
  }

  private cellXfs(): { start: number; end: number; xfs: string[] } | undefined {
    const m = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(this.text ?? "");
    if (!m) return undefined;
    return {
      start: m.index,
      end: m.index + m[0].length,
      xfs: [...(m[1] ?? "").matchAll(XF)].map((x) => x[0]),
    };
  }

  private customFormats(): Map<number, string> {
    const formats = new Map<number, string>();
    for (const m of (this.text ?? "").matchAll(/<numFmt\b([^>]*)>/g)) {
      const attrs = xmlAttributes(m[1] ?? "");
      formats.set(Number(attrs.get("numFmtId")), attrs.get("formatCode") ?? "");
    }
    return formats;
  }

  /** The number format code of a cell format (`General` when unknown). */
  formatOf(style: number | undefined): string {
    const xf = this.cellXfs()?.xfs[style ?? 0];
    const id = Number(xmlAttributes(startTag(xf ?? "").replace(/^<xf\b/, "")).get("numFmtId") ?? 0);
    const builtIn = Object.entries(BUILT_IN_FORMATS).find(([, n]) => n === id)?.[0];
    return builtIn ?? this.customFormats().get(id) ?? "General";
  }

  private formatId(code: string): number {
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    const custom = this.customFormats();
    for (const [id, format] of custom) if (format === code) return id;
    const id = Math.max(163, ...custom.keys()) + 1;
    const numFmt = `<numFmt numFmtId="${id}" formatCode="${encodeXml(code)}"/>`;
    const text = this.text ?? "";
    const numFmts = /<numFmts\b[^>]*>[\s\S]*?<\/numFmts>|<numFmts\b[^>]*\/>/.exec(text);
    if (numFmts) {
      const inner = [...numFmts[0].matchAll(/<numFmt\b[^>]*>/g)].map((m) => m[0]);
      this.text = text.replace(
        numFmts[0],
        `<numFmts count="${inner.length + 1}">${inner.join("")}${numFmt}</numFmts>`,
      );
    } else {
      this.text = text.replace(
        /<styleSheet\b[^>]*>/,
        (root) => `${root}<numFmts count="1">${numFmt}</numFmts>`,
      );
    }
    this.changed = true;
    return id;
  }

  /**
   * The index of a cell format like `style` (font, fill, border, alignment) with this number
   * format: `style` itself when it has it, else a new one (one per pair). Undefined without
   * a styles part.
   */
  withFormat(style: number | undefined, code: string): number | undefined {
    const key = `${style ?? 0}|${code}`;
    const known = this.derived.get(key);
    if (known !== undefined) return known;
    const xfs = this.cellXfs();
    if (!xfs) return undefined;
    if (this.formatOf(style) === code) return style ?? 0;
    const id = this.formatId(code);
    const fresh = this.cellXfs() ?? xfs;
    const base = fresh.xfs[style ?? 0] ?? DEFAULT_XF;
    const tag = startTag(base);
    let next = /\snumFmtId="[^"]*"/.test(tag)
      ? tag.replace(/\snumFmtId="[^"]*"/, ` numFmtId="${id}"`)
      : tag.replace(/^<xf\b/, `<xf numFmtId="${id}"`);
    next = /\sapplyNumberFormat="[^"]*"/.test(next)
      ? next.replace(/\sapplyNumberFormat="[^"]*"/, ' applyNumberFormat="1"')
      : next.replace(/(\/?>)$/, ' applyNumberFormat="1"$1');
    const element = next + base.slice(tag.length);
    // A format like it may be there already (from an earlier edit, or written by Excel).
    const same = fresh.xfs.findIndex((xf) => canonicalXf(xf) === canonicalXf(element));
    if (same >= 0) {
      this.derived.set(key, same);
      return same;
    }
    const index = fresh.xfs.length;
    const text = this.text ?? "";
    const block = text.slice(fresh.start, fresh.end);
    const updated = block
      .replace(/<\/cellXfs>$/, `${element}</cellXfs>`)
      .replace(/^<cellXfs\b[^>]*>/, (open) =>
        /\scount="/.test(open) ? open.replace(/\scount="[^"]*"/, ` count="${index + 1}"`) : open,
      );
    this.text = text.slice(0, fresh.start) + updated + text.slice(fresh.end);
    this.changed = true;
    this.derived.set(key, index);
    return index;
  }
}
