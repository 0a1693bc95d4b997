/**
 * A fast `.xlsx` reader for the input tables: synchronous, pure JavaScript (no Node APIs), so it
 * runs in Node, in worker threads and in a browser Web Worker alike.
 *
 * Only the parts it needs are inflated: the workbook and its relationships, the table parts, the
 * shared strings, the styles and only the worksheets that hold the requested tables (plus, for a
 * requested table that is missing, a plain sheet of that name, as the core's reader falls back
 * to). The ZIP's central directory is read here (once), so the inflater can be chosen: fflate by
 * default, Node's zlib in the worker pool. The XML is read with a hand-written forward scanner
 * (`indexOf`, no DOM), and of each worksheet only the rows and columns inside the tables' `ref`
 * are turned into values.
 *
 * The output is what {@link readXlsx} (ExcelJS) gives for the same tables, cell for cell,
 * including ExcelJS's quirks, so the two readers are interchangeable:
 * - shared strings and rich text runs decode `_xHHHH_` (upper-case hex only); inline strings
 *   (`<is><t>`) and formula/`str` results do not, and `str` values have `&lt;`-style entities
 *   decoded a second time;
 * - a number whose format is a date format (ExcelJS's test: any of `ymdhMsb` outside quotes and
 *   brackets) goes through a JavaScript `Date` rounded to the millisecond;
 * - a cell with an external hyperlink reads as its text (`String(number)`, `""` for dates, errors
 *   and empty cells);
 * - the non-top-left cells of a merged range are empty; merged cells that are not in the file get
 *   the row's or column's number format;
 * - `t="d"` cells are read with `parseFloat`, booleans with `parseInt(v) !== 0`.
 * Where the two differ it is on files ExcelJS cannot read: rows or cells without `r` (Excel's
 * rule: the next one), worksheets or table parts with other file names than `sheetN.xml` /
 * `tableN.xml`, and malformed XML, which this reader reads as far as it makes sense instead of
 * rejecting it.
 */
import { inflateSync } from "fflate";
import { columnNumber, dateToSerial } from "../core/sheet";
import type { CellValue, NeutralWorkbook, SheetTable } from "../core/sheet";
import { INPUT_TABLES, SETTINGS_TABLE, normalizeKey } from "../core/spec";
import { XlsxReadError, checkSignature, readError } from "./errors";
import { parseArea, type Area } from "./area";

/**
 * Inflates a ZIP entry's raw deflate data; `size` is the uncompressed size the ZIP states.
 * Default: fflate (pure JavaScript); in Node, zlib's `inflateRawSync` is quicker, above all in a
 * fresh worker where fflate's code has not been optimised yet.
 */
export type Inflate = (data: Uint8Array, size: number) => Uint8Array;

export interface FastReadOptions {
  /** Table names to read (case-insensitive); default: every table of the spec (INPUT_TABLES). */
  readonly tables?: readonly string[];
  /** Names the file in error messages. */
  readonly fileName?: string;
  readonly inflate?: Inflate;
}

const fflateInflate: Inflate = (data, size) => inflateSync(data, { out: new Uint8Array(size) });

/** The spec's table names: what the core reads. */
export const DEFAULT_TABLES: readonly string[] = INPUT_TABLES.map((spec) => spec.table);

/**
 * Reads the requested tables of a workbook's bytes.
 * @throws XlsxReadError when the bytes are not a readable `.xlsx` workbook.
 */
export function readXlsxFast(bytes: Uint8Array, options: FastReadOptions = {}): NeutralWorkbook {
  const fileName = options.fileName;
  checkSignature(bytes, fileName);
  try {
    return readPackage(bytes, options.tables ?? DEFAULT_TABLES, fileName, options.inflate ?? fflateInflate);
  } catch (error) {
    if (error instanceof XlsxReadError) throw error;
    throw readError("corrupt", fileName, "other", error);
  }
}

// --- Text ------------------------------------------------------------------------------------------

const utf8 = new TextDecoder();

function partText(part: Uint8Array | undefined): string | undefined {
  return part === undefined ? undefined : utf8.decode(part);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g;

function decodeEntities(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(ENTITY, (whole, code: string) => {
    if (code.charCodeAt(0) !== 35) return NAMED_ENTITIES[code] ?? whole;
    const n = code.charCodeAt(1) === 120 ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    return String.fromCodePoint(n);
  });
}

const MARKUP_IN_TEXT = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;

/**
 * Element text as an XML parser (saxes, under ExcelJS) gives it: line ends normalised, entities
 * decoded. Comments are skipped; ExcelJS ignores CDATA sections, so they are dropped.
 */
function decodeText(raw: string): string {
  let text = raw;
  if (text.indexOf("<") >= 0) text = text.replace(MARKUP_IN_TEXT, "");
  if (text.indexOf("\r") >= 0) text = text.replace(/\r\n?/g, "\n");
  return decodeEntities(text);
}

/** An attribute value as an XML parser gives it: whitespace normalised, entities decoded. */
function decodeAttribute(raw: string): string {
  const text = /[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, " ") : raw;
  return decodeEntities(text);
}

const EXCEL_ESCAPE = /_x([0-9A-F]{4})_/g;

/** Excel's `_xHHHH_` escapes, decoded the way ExcelJS does in shared strings and rich text. */
function decodeExcelEscapes(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(EXCEL_ESCAPE, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** ExcelJS decodes `str` values a second time (named entities only). */
function decodeNamedAgain(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(/&([a-z]*);/g, (whole) => {
    switch (whole) {
      case "&lt;":
        return "<";
      case "&gt;":
        return ">";
      case "&amp;":
        return "&";
      case "&apos;":
        return "'";
      case "&quot;":
        return '"';
      default:
        return whole;
    }
  });
}

/** `index`, or a thrown error when a tag is not closed (broken XML: the file is corrupt). */
function found(index: number, from: number): number {
  if (index < from) throw new Error("malformed XML");
  return index;
}

// --- Tags --------------------------------------------------------------------------------------------

function isNameEnd(code: number): boolean {
  // whitespace, '>' or '/'
  return code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
}

/** Index of the next start tag `open` (`<name`, exactly that name) in [from, to), or -1. */
function findTag(xml: string, open: string, from: number, to: number): number {
  let at = xml.indexOf(open, from);
  while (at >= 0 && at < to) {
    if (isNameEnd(xml.charCodeAt(at + open.length))) return at;
    at = xml.indexOf(open, at + open.length);
  }
  return -1;
}

/** Index of the `>` that ends the tag starting at `start`, skipping quoted attribute values. */
function tagEnd(xml: string, start: number): number {
  let quote = 0;
  for (let i = start + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

/** Attributes of the tag starting at `start` (decoded), and where the tag ends. */
function tagAttributes(
  xml: string,
  start: number,
): { attrs: Map<string, string>; end: number; empty: boolean } {
  const end = tagEnd(xml, start);
  if (end < 0) throw new Error("unterminated tag");
  const attrs = new Map<string, string>();
  let i = start + 1;
  while (i < end && !isNameEnd(xml.charCodeAt(i))) i++;
  while (i < end) {
    let c = xml.charCodeAt(i);
    if (isNameEnd(c)) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < end && (c = xml.charCodeAt(i)) !== 61 && !isNameEnd(c)) i++;
    const name = xml.slice(nameStart, i);
    while (i < end && xml.charCodeAt(i) !== 61) i++;
    i++;
    while (i < end && (c = xml.charCodeAt(i)) !== 34 && c !== 39) i++;
    if (i >= end) break;
    const close = xml.indexOf(c === 34 ? '"' : "'", i + 1);
    if (close < 0 || close > end) break;
    attrs.set(name, decodeAttribute(xml.slice(i + 1, close)));
    i = close + 1;
  }
  return { attrs, end, empty: xml.charCodeAt(end - 1) === 47 };
}

/** Every `<name …>` start tag's attributes in [from, to). */
function eachTag(xml: string, name: string, from: number, to: number): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  const open = `<${name}`;
  let at = findTag(xml, open, from, to);
  while (at >= 0) {
    const tag = tagAttributes(xml, at);
    out.push(tag.attrs);
    at = findTag(xml, open, tag.end + 1, to);
  }
  return out;
}

/** The relationship id attribute (`r:id`, whatever the prefix). */
function relId(attrs: ReadonlyMap<string, string>): string | undefined {
  const id = attrs.get("r:id");
  if (id !== undefined) return id;
  for (const [key, value] of attrs) if (key.endsWith(":id")) return value;
  return undefined;
}

// --- Cell references -------------------------------------------------------------------------------

const KEY_ROW = 16_385;
const cellKey = (row: number, column: number): number => row * KEY_ROW + column;

// --- Package -----------------------------------------------------------------------------------------

interface Relationship {
  readonly type: string;
  /** Resolved package path (no leading slash); undefined for external targets. */
  readonly path?: string;
}

function resolvePath(base: string, target: string): string {
  const trimmed = target.trim();
  if (trimmed.startsWith("/")) return trimmed.slice(1);
  const parts = base.split("/");
  for (const part of trimmed.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}

function relsPath(path: string): string {
  const slash = path.lastIndexOf("/");
  return `${path.slice(0, slash + 1)}_rels/${path.slice(slash + 1)}.rels`;
}

function parseRelationships(xml: string | undefined, partPath: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  if (xml === undefined) return rels;
  const base = partPath.slice(0, partPath.lastIndexOf("/"));
  for (const attrs of eachTag(xml, "Relationship", 0, xml.length)) {
    const id = attrs.get("Id");
    const target = attrs.get("Target");
    if (id === undefined || target === undefined) continue;
    const external = attrs.get("TargetMode")?.toLowerCase() === "external";
    rels.set(id, { type: attrs.get("Type") ?? "", ...(external ? {} : { path: resolvePath(base, target) }) });
  }
  return rels;
}

/** A table part (`xl/tables/tableN.xml`). */
interface TablePart {
  readonly name: string;
  readonly ref?: string;
  readonly headerRowCount: number;
  readonly totalsRowCount: number;
  readonly columnNames: readonly string[];
}

function parseTablePart(xml: string | undefined): TablePart | undefined {
  if (xml === undefined) return undefined;
  const root = /<(?:[A-Za-z_][\w.-]*:)?table\b/.exec(xml);
  if (!root) return undefined;
  const { attrs, end } = tagAttributes(xml, root.index);
  // ExcelJS keys a sheet's tables by `name`: a part without one is not read.
  const name = attrs.get("name");
  if (!name) return undefined;
  const count = (value: string | undefined, dflt: number): number => {
    const n = value === undefined ? NaN : Number(value);
    return Number.isFinite(n) ? n : dflt;
  };
  const columnNames = eachTag(xml, "tableColumn", end, xml.length).map((a) => a.get("name") ?? "");
  const ref = attrs.get("ref");
  return {
    name,
    ...(ref !== undefined ? { ref } : {}),
    headerRowCount: count(attrs.get("headerRowCount"), 1),
    totalsRowCount: count(attrs.get("totalsRowCount"), 0),
    columnNames,
  };
}

// --- Styles --------------------------------------------------------------------------------------------

/** ExcelJS's built-in number formats (`defaultnumformats.js`). */
const BUILT_IN_FORMATS: Readonly<Record<number, string>> = {
  0: "General",
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)",
  40: "#,##0.00 ;[Red](#,##0.00)",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
};

/** ExcelJS's `isDateFmt`. */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]+/.test(bare);
}

class Styles {
  private readonly formats: (string | undefined)[] = [];
  private readonly outFormats: (string | null)[] = [];
  private readonly dates: boolean[] = [];

  constructor(xml: string | undefined) {
    if (xml === undefined) return;
    const custom = new Map<number, string>();
    const numFmts = findTag(xml, "<numFmts", 0, xml.length);
    if (numFmts >= 0) {
      const end = xml.indexOf("</numFmts>", numFmts);
      for (const attrs of eachTag(xml, "numFmt", numFmts, end < 0 ? xml.length : end)) {
        const id = parseInt(attrs.get("numFmtId") ?? "", 10);
        const code = attrs.get("formatCode");
        if (code !== undefined) custom.set(id, code.replace(/[\\](.)/g, "$1"));
      }
    }
    const cellXfs = findTag(xml, "<cellXfs", 0, xml.length);
    if (cellXfs < 0) return;
    const end = xml.indexOf("</cellXfs>", cellXfs);
    eachTag(xml, "xf", cellXfs, end < 0 ? xml.length : end).forEach((attrs, index) => {
      const id = parseInt(attrs.get("numFmtId") ?? "", 10);
      const format = id ? custom.get(id) || BUILT_IN_FORMATS[id] : undefined;
      this.formats[index] = format;
      this.outFormats[index] =
        typeof format === "string" && format !== "" && format.toLowerCase() !== "general" ? format : null;
      this.dates[index] = isDateFormat(format);
    });
  }

  /** The raw number format of a style, as ExcelJS's `getStyleModel(id).numFmt`. */
  raw(style: number): string | undefined {
    return style ? this.formats[style] : undefined;
  }

  /** A cell's number format as read.ts reports it (`null` = General or none). */
  format(style: number): string | null {
    return style ? (this.outFormats[style] ?? null) : null;
  }

  isDate(style: number): boolean {
    return style ? this.dates[style] === true : false;
  }

  /** read.ts's filter on a raw format. */
  static out(format: string | undefined): string | null {
    return typeof format === "string" && format !== "" && format.toLowerCase() !== "general" ? format : null;
  }
}

// --- Shared strings ------------------------------------------------------------------------------------

/** Text of a rich text run (`<r>`): its `<t>`, escapes decoded; "" without one. */
function runText(xml: string, from: number, to: number): string {
  let text = "";
  let at = findTag(xml, "<t", from, to);
  while (at >= 0) {
    const end = found(xml.indexOf(">", at), at);
    if (xml.charCodeAt(end - 1) === 47) {
      text = "";
      at = findTag(xml, "<t", end + 1, to);
      continue;
    }
    const close = found(xml.indexOf("</t>", end), end);
    text = decodeExcelEscapes(decodeText(xml.slice(end + 1, close)));
    at = findTag(xml, "<t", close + 4, to);
  }
  return text;
}

/** One `<si>`: its text, rich text runs joined; `null` for an empty `<si/>` (ExcelJS: `{}`). */
function sharedString(xml: string, from: number, to: number): string | null {
  let text: string | null = null;
  let runs: string[] | undefined;
  let p = from;
  while (p < to) {
    const lt = xml.indexOf("<", p);
    if (lt < 0 || lt >= to) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 33 || next === 63 || next === 47) {
      // comment, processing instruction or end tag
      const end = found(
        next === 33 && xml.startsWith("<!--", lt) ? xml.indexOf("-->", lt) + 2 : xml.indexOf(">", lt),
        lt,
      );
      p = end + 1;
      continue;
    }
    const end = found(xml.indexOf(">", lt), lt);
    const empty = xml.charCodeAt(end - 1) === 47;
    let nameEnd = lt + 1;
    while (nameEnd < end && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd++;
    const name = xml.slice(lt + 1, nameEnd);
    if (name === "t") {
      if (empty) {
        text = "";
        p = end + 1;
      } else {
        const close = found(xml.indexOf("</t>", end), end);
        text = decodeExcelEscapes(decodeText(xml.slice(end + 1, close)));
        p = close + 4;
      }
    } else if (name === "r") {
      runs ??= [];
      if (empty) {
        runs.push("");
        p = end + 1;
      } else {
        const close = found(xml.indexOf("</r>", end), end);
        runs.push(runText(xml, end + 1, close));
        p = close + 4;
      }
    } else if (name === "rPh" && !empty) {
      p = found(xml.indexOf("</rPh>", end), end) + 6;
    } else p = end + 1;
  }
  return runs ? runs.join("") : text;
}

function parseSharedStrings(xml: string | undefined): (string | null)[] {
  const strings: (string | null)[] = [];
  if (xml === undefined) return strings;
  let at = findTag(xml, "<si", 0, xml.length);
  while (at >= 0) {
    const end = found(xml.indexOf(">", at), at);
    if (xml.charCodeAt(end - 1) === 47) {
      strings.push(null);
      at = findTag(xml, "<si", end + 1, xml.length);
      continue;
    }
    const close = xml.indexOf("</si>", end);
    if (close < 0) break;
    strings.push(sharedString(xml, end + 1, close));
    at = findTag(xml, "<si", close + 5, xml.length);
  }
  return strings;
}

// --- Worksheets -------------------------------------------------------------------------------------------

/** Values and formats of one rectangle of a sheet (a table, or a plain sheet's used range). */
class Block {
  readonly values: CellValue[][];
  readonly formats: (string | null)[][];
  /** Cells the file has (value or style), for merged ranges. */
  present?: Uint8Array;

  constructor(
    readonly top: number,
    readonly left: number,
    readonly bottom: number,
    readonly right: number,
  ) {
    const height = Math.max(0, bottom - top + 1);
    const width = Math.max(0, right - left + 1);
    this.values = new Array<CellValue[]>(height);
    this.formats = new Array<(string | null)[]>(height);
    for (let i = 0; i < height; i++) {
      this.values[i] = new Array<CellValue>(width).fill(null);
      this.formats[i] = new Array<string | null>(width).fill(null);
    }
  }
}

interface SheetContext {
  readonly strings: readonly (string | null)[];
  readonly styles: Styles;
  readonly date1904: boolean;
}

/** Receives each cell of the scanned rows and columns that the file has. */
type CellSink = (row: number, column: number, value: CellValue, style: number) => void;

const FORMULA_NONE = 0;
const FORMULA_YES = 1;

/** A number as ExcelJS reads it under a date format: through a `Date`, rounded to the ms. */
function dateSerial(n: number, date1904: boolean): number | null {
  const date = new Date(Math.round((n - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
  const serial = dateToSerial(date);
  return Number.isFinite(serial) ? serial : null;
}

/** A number cell's value; `hyperlink`: read as the link's text. */
function numberValue(text: string, style: number, context: SheetContext, hyperlink: boolean): CellValue {
  const n = parseFloat(text);
  if (context.styles.isDate(style)) {
    const serial = dateSerial(n, context.date1904);
    return hyperlink ? "" : serial;
  }
  if (hyperlink) return String(n);
  return Number.isFinite(n) ? n : { error: "#NUM!" };
}

/**
 * A cell's value as read.ts gives it. `text`: the `<v>` (or inline string) text, undefined when
 * empty; `rich`: the inline string had runs (its text is then defined, maybe "").
 */
function cellValue(
  type: string | undefined,
  style: number,
  formula: number,
  text: string | undefined,
  rich: boolean,
  hyperlink: boolean,
  context: SheetContext,
): CellValue {
  if (formula !== FORMULA_NONE) {
    if (!text) return hyperlink ? "" : null;
    switch (type) {
      case "str":
        return decodeNamedAgain(text);
      case "b": {
        const value = parseInt(text, 10) !== 0;
        return hyperlink ? String(value) : value;
      }
      case "e":
        return hyperlink ? "" : { error: text };
      default:
        return numberValue(text, style, context, hyperlink);
    }
  }
  if (text === undefined) return hyperlink ? "" : null;
  switch (type) {
    case "s": {
      const value = context.strings[parseInt(text, 10)];
      if (value === undefined) throw new Error(`no shared string ${text}`);
      return hyperlink ? (value ?? "") : value;
    }
    case "str":
      return rich ? text : decodeNamedAgain(text);
    case "inlineStr":
      return text;
    case "b": {
      const value = parseInt(text, 10) !== 0;
      return hyperlink ? String(value) : value;
    }
    case "e":
      return hyperlink ? "" : { error: text };
    default:
      return rich ? text : numberValue(text, style, context, hyperlink);
  }
}

/** The text of an inline string (`<is>`): runs joined (escapes decoded), else its `<t>` texts. */
function inlineText(xml: string, from: number, to: number): { text: string | undefined; rich: boolean } {
  if (findTag(xml, "<r", from, to) >= 0) {
    const runs: string[] = [];
    let at = findTag(xml, "<r", from, to);
    while (at >= 0) {
      const end = found(xml.indexOf(">", at), at);
      if (xml.charCodeAt(end - 1) === 47) {
        runs.push("");
        at = findTag(xml, "<r", end + 1, to);
        continue;
      }
      const close = found(xml.indexOf("</r>", end), end);
      runs.push(runText(xml, end + 1, close));
      at = findTag(xml, "<r", close + 4, to);
    }
    return { text: runs.join(""), rich: true };
  }
  let text = "";
  let at = findTag(xml, "<t", from, to);
  while (at >= 0) {
    const end = found(xml.indexOf(">", at), at);
    if (xml.charCodeAt(end - 1) === 47) {
      at = findTag(xml, "<t", end + 1, to);
      continue;
    }
    const close = found(xml.indexOf("</t>", end), end);
    text += decodeText(xml.slice(end + 1, close));
    at = findTag(xml, "<t", close + 4, to);
  }
  return { text: text === "" ? undefined : text, rich: false };
}

/** A cell's `t`, without a new string for the usual ones. */
function cellType(xml: string, from: number, to: number): string {
  const length = to - from;
  if (length === 1) {
    const code = xml.charCodeAt(from);
    if (code === 115) return "s";
    if (code === 110) return "n";
    if (code === 98) return "b";
    if (code === 101) return "e";
  } else if (length === 3 && xml.startsWith("str", from)) return "str";
  else if (length === 9 && xml.startsWith("inlineStr", from)) return "inlineStr";
  return decodeAttribute(xml.slice(from, to));
}

/** The number written at [from, to) when it is only digits, else -1. */
function digitsOnly(xml: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = xml.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Parses the digits at [from, to) as parseInt would (NaN when none). */
function parseDigits(xml: string, from: number, to: number): number {
  let n = 0;
  let i = from;
  for (; i < to; i++) {
    const d = xml.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (i === from || i !== to) return parseInt(xml.slice(from, to), 10);
  return n;
}

interface SheetShape {
  readonly dataStart: number;
  readonly dataEnd: number;
  /** Merged ranges. */
  readonly merges: readonly Area[];
  /** Cells with an external hyperlink, by cellKey. */
  readonly hyperlinks: ReadonlySet<number>;
  /** Table part relationship ids, in sheet order. */
  readonly tableParts: readonly string[];
}

function sheetShape(xml: string, rels: ReadonlyMap<string, Relationship>): SheetShape {
  const open = findTag(xml, "<sheetData", 0, xml.length);
  let dataStart = xml.length;
  let dataEnd = xml.length;
  if (open >= 0) {
    const end = tagEnd(xml, open);
    if (end < 0) throw new Error("unterminated sheetData");
    if (xml.charCodeAt(end - 1) === 47) {
      dataStart = end + 1;
      dataEnd = end + 1;
    } else {
      dataStart = end + 1;
      const close = xml.indexOf("</sheetData>", dataStart);
      dataEnd = close < 0 ? xml.length : close;
    }
  }
  const tail = open >= 0 ? dataEnd : 0;
  const merges: Area[] = [];
  const mergeCells = findTag(xml, "<mergeCells", tail, xml.length);
  if (mergeCells >= 0) {
    for (const attrs of eachTag(xml, "mergeCell", mergeCells, xml.length)) {
      const area = parseArea(attrs.get("ref") ?? "");
      if (area) merges.push(area);
    }
  }
  const hyperlinks = new Set<number>();
  const links = findTag(xml, "<hyperlinks", tail, xml.length);
  if (links >= 0) {
    const end = xml.indexOf("</hyperlinks>", links);
    for (const attrs of eachTag(xml, "hyperlink", links, end < 0 ? xml.length : end)) {
      const id = relId(attrs);
      // ExcelJS keeps only links through a relationship, by their exact `ref` as a cell address.
      if (id === undefined || !rels.has(id)) continue;
      const match = /^([A-Z]+)(\d+)$/.exec(attrs.get("ref") ?? "");
      if (match?.[1] && match[2]) hyperlinks.add(cellKey(Number(match[2]), columnNumber(match[1])));
    }
  }
  const tableParts: string[] = [];
  const parts = findTag(xml, "<tableParts", tail, xml.length);
  if (parts >= 0) {
    for (const attrs of eachTag(xml, "tablePart", parts, xml.length)) {
      const id = relId(attrs);
      if (id !== undefined) tableParts.push(id);
    }
  }
  return { dataStart, dataEnd, merges, hyperlinks, tableParts };
}

/** Whether `code` is XML whitespace. */
function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

/**
 * Walks the attributes of the tag at [from, end): calls `visit(name, valueStart, valueEnd)` with
 * the char code of one-letter names (0 for longer ones). Attribute values are not decoded.
 */
function walkAttributes(
  xml: string,
  from: number,
  end: number,
  visit: (name: number, valueStart: number, valueEnd: number) => void,
): void {
  let i = from;
  while (i < end) {
    const c = xml.charCodeAt(i);
    if (isSpace(c) || c === 47) {
      i++;
      continue;
    }
    let eq = i + 1;
    let name = c;
    if (xml.charCodeAt(eq) !== 61) {
      eq = xml.indexOf("=", i);
      if (eq < 0 || eq > end) return;
      for (let k = i + 1; k < eq; k++) if (!isSpace(xml.charCodeAt(k))) name = 0;
    }
    let q = eq + 1;
    while (q < end && isSpace(xml.charCodeAt(q))) q++;
    const quote = xml.charCodeAt(q);
    if (quote !== 34 && quote !== 39) return;
    const close = xml.indexOf(quote === 34 ? '"' : "'", q + 1);
    if (close < 0 || close > end) return;
    visit(name, q + 1, close);
    i = close + 1;
  }
}

/** Column number of a cell reference's letters at [from, to) (`$` allowed); 0 when none. */
function referenceColumn(xml: string, from: number, to: number): number {
  let column = 0;
  let k = from;
  if (xml.charCodeAt(k) === 36) k++;
  for (; k < to; k++) {
    const code = xml.charCodeAt(k) & ~32;
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column;
}

/** Start of the tag `<c` at or after `from` in [from, to), or -1; quick when it is right there. */
function nextCell(xml: string, from: number, to: number): number {
  if (xml.charCodeAt(from) === 60 && xml.charCodeAt(from + 1) === 99 && isNameEnd(xml.charCodeAt(from + 2)))
    return from < to ? from : -1;
  return findTag(xml, "<c", from, to);
}

/**
 * Scans `<sheetData>`: every cell the file has in rows [minRow, maxRow] and columns
 * [minColumn, maxColumn] goes to `sink`. `rowStyles` (optional) gets each scanned row's style.
 */
function scanCells(
  xml: string,
  shape: SheetShape,
  area: Area,
  context: SheetContext,
  sink: CellSink,
  rowStyles?: Map<number, number>,
): void {
  const { dataEnd, hyperlinks } = shape;
  const { strings } = context;
  const { top: minRow, bottom: maxRow, left: minColumn, right: maxColumn } = area;
  const anyLinks = hyperlinks.size > 0;
  let pos = shape.dataStart;
  let previousRow = 0;

  // Attributes of the current row and cell, set by the walkers.
  let rowNumber = NaN;
  let rowStyle = 0;
  const rowAttribute = (name: number, from: number, to: number): void => {
    if (name === 114) rowNumber = parseDigits(xml, from, to);
    else if (name === 115) rowStyle = parseDigits(xml, from, to) || 0;
  };
  let column = 0;
  let style = 0;
  let typeStart = -1;
  let typeEnd = -1;
  const cellAttribute = (name: number, from: number, to: number): void => {
    // r: only its column letters count (the row comes from <row r>, as in ExcelJS)
    if (name === 114) column = referenceColumn(xml, from, to);
    else if (name === 115) style = parseDigits(xml, from, to) || 0;
    else if (name === 116) {
      typeStart = from;
      typeEnd = to;
    }
  };

  for (;;) {
    const rowStart = findTag(xml, "<row", pos, dataEnd);
    if (rowStart < 0) break;
    const rowTagEnd = xml.indexOf(">", rowStart + 4);
    if (rowTagEnd < 0 || rowTagEnd > dataEnd) break;
    rowNumber = NaN;
    rowStyle = 0;
    walkAttributes(xml, rowStart + 4, rowTagEnd, rowAttribute);
    // Excel's rule for a row without r: the next one.
    if (Number.isNaN(rowNumber)) rowNumber = previousRow + 1;
    previousRow = rowNumber;
    if (xml.charCodeAt(rowTagEnd - 1) === 47) {
      if (rowStyles && rowNumber >= minRow && rowNumber <= maxRow) rowStyles.set(rowNumber, rowStyle);
      pos = rowTagEnd + 1;
      continue;
    }
    let rowEnd = xml.indexOf("</row>", rowTagEnd);
    if (rowEnd < 0 || rowEnd > dataEnd) rowEnd = dataEnd;
    if (rowNumber < minRow || rowNumber > maxRow) {
      pos = rowEnd + 6;
      continue;
    }
    if (rowStyles) rowStyles.set(rowNumber, rowStyle);

    let cpos = rowTagEnd + 1;
    let previousColumn = 0;
    for (;;) {
      const cellStart = nextCell(xml, cpos, rowEnd);
      if (cellStart < 0) break;
      const cellTagEnd = xml.indexOf(">", cellStart + 2);
      if (cellTagEnd < 0 || cellTagEnd > rowEnd) break;
      column = 0;
      style = 0;
      typeStart = -1;
      walkAttributes(xml, cellStart + 2, cellTagEnd, cellAttribute);
      if (column === 0) column = previousColumn + 1;
      previousColumn = column;

      let formula = FORMULA_NONE;
      let vStart = -1;
      let vEnd = -1;
      let isStart = -1;
      let isEnd = -1;
      let cellEnd = cellTagEnd;
      let simple = false;
      if (xml.charCodeAt(cellTagEnd - 1) === 47) cpos = cellTagEnd + 1;
      else {
        // The usual form: <c …><v>…</v></c>.
        const p0 = cellTagEnd + 1;
        if (xml.charCodeAt(p0) === 60 && xml.charCodeAt(p0 + 1) === 118 && xml.charCodeAt(p0 + 2) === 62) {
          const close = xml.indexOf("</v>", p0 + 3);
          if (close >= 0 && close < rowEnd && xml.startsWith("</c>", close + 4)) {
            vStart = p0 + 3;
            vEnd = close;
            cellEnd = close + 4;
            simple = true;
          }
        }
        if (!simple) {
          cellEnd = xml.indexOf("</c>", cellTagEnd);
          if (cellEnd < 0 || cellEnd > rowEnd) cellEnd = rowEnd;
        }
        cpos = cellEnd + 4;
      }
      if (column < minColumn || column > maxColumn) continue;

      if (!simple) {
        // Children: <f>, <v>, <is>.
        let p = cellTagEnd + 1;
        while (p < cellEnd) {
          const lt = xml.indexOf("<", p);
          if (lt < 0 || lt >= cellEnd) break;
          const ch = xml.charCodeAt(lt + 1);
          const end = xml.indexOf(">", lt);
          if (end < 0 || end > cellEnd) break;
          const childEmpty = xml.charCodeAt(end - 1) === 47;
          if (ch === 118 && isNameEnd(xml.charCodeAt(lt + 2))) {
            if (childEmpty) p = end + 1;
            else {
              const close = xml.indexOf("</v>", end);
              vStart = end + 1;
              vEnd = close < 0 || close > cellEnd ? cellEnd : close;
              p = vEnd + 4;
            }
          } else if (ch === 102 && isNameEnd(xml.charCodeAt(lt + 2))) {
            // A formula: text, or a `t` attribute (shared, array) even without text.
            if (/\st\s*=\s*["'][^"']/.test(xml.slice(lt + 2, end))) formula = FORMULA_YES;
            if (childEmpty) p = end + 1;
            else {
              const close = xml.indexOf("</f>", end);
              const fEnd = close < 0 || close > cellEnd ? cellEnd : close;
              if (fEnd > end + 1) formula = FORMULA_YES;
              p = fEnd + 4;
            }
          } else if (ch === 105 && xml.charCodeAt(lt + 2) === 115 && isNameEnd(xml.charCodeAt(lt + 3))) {
            if (childEmpty) p = end + 1;
            else {
              const close = xml.indexOf("</is>", end);
              isStart = end + 1;
              isEnd = close < 0 || close > cellEnd ? cellEnd : close;
              p = isEnd + 5;
            }
          } else p = end + 1;
        }
      }

      const hyperlink = anyLinks && hyperlinks.has(cellKey(rowNumber, column));
      const type = typeStart >= 0 ? cellType(xml, typeStart, typeEnd) : undefined;
      // A shared string by its index: no text to decode.
      if (type === "s" && formula === FORMULA_NONE && vEnd > vStart && !hyperlink) {
        const index = digitsOnly(xml, vStart, vEnd);
        if (index >= 0) {
          const value = strings[index];
          if (value === undefined) throw new Error(`no shared string ${index}`);
          sink(rowNumber, column, value, style);
          continue;
        }
      }
      let text: string | undefined;
      let rich = false;
      if (vEnd > vStart) {
        const decoded = decodeText(xml.slice(vStart, vEnd));
        if (decoded !== "") text = decoded;
      }
      if (text === undefined && isStart >= 0) {
        const inline = inlineText(xml, isStart, isEnd);
        text = inline.text;
        rich = inline.rich;
      }
      // ExcelJS keeps a cell with a value, a formula, a style or a link; others do not exist.
      if (text === undefined && formula === FORMULA_NONE && !style && !hyperlink) continue;
      sink(rowNumber, column, cellValue(type, style, formula, text, rich, hyperlink, context), style);
    }
    pos = rowEnd + 6;
  }
}

/** Column styles (`<cols><col style>`), as ExcelJS assigns them: sorted by min, first one wins. */
function columnStyles(xml: string, shape: SheetShape): (column: number) => number {
  const cols = findTag(xml, "<cols", 0, shape.dataStart);
  if (cols < 0) return () => 0;
  const end = xml.indexOf("</cols>", cols);
  const defs = eachTag(xml, "col", cols, end < 0 ? shape.dataStart : end)
    .map((attrs) => ({
      min: parseInt(attrs.get("min") || "0", 10),
      max: parseInt(attrs.get("max") || "0", 10),
      style: parseInt(attrs.get("style") ?? "", 10) || 0,
    }))
    .sort((a, b) => a.min - b.min);
  const styles: number[] = [];
  let count = 1;
  for (const def of defs) {
    while (count < def.min) count++;
    while (count <= def.max) styles[count++] = def.style;
  }
  return (column) => styles[column] ?? 0;
}

/**
 * Merged ranges over a block: the cells other than the top-left one are empty; cells the file
 * does not have get the row's or the column's number format (ExcelJS creates them).
 */
function applyMerges(
  block: Block,
  merges: readonly Area[],
  rowStyles: ReadonlyMap<number, number>,
  columnStyle: (column: number) => number,
  styles: Styles,
): void {
  for (const merge of merges) {
    const top = Math.max(merge.top, block.top);
    const bottom = Math.min(merge.bottom, block.bottom);
    const left = Math.max(merge.left, block.left);
    const right = Math.min(merge.right, block.right);
    for (let r = top; r <= bottom; r++) {
      const values = block.values[r - block.top];
      const formats = block.formats[r - block.top];
      if (!values || !formats) continue;
      for (let c = left; c <= right; c++) {
        const j = c - block.left;
        if (r !== merge.top || c !== merge.left) values[j] = null;
        const width = block.right - block.left + 1;
        if (block.present?.[(r - block.top) * width + j] !== 1) {
          formats[j] = Styles.out(styles.raw(rowStyles.get(r) ?? 0) || styles.raw(columnStyle(c)));
        }
      }
    }
  }
}

interface WantedTable {
  readonly part: TablePart;
  readonly area: Area;
  readonly hasHeader: boolean;
  readonly headerRow: number;
  readonly block: Block;
}

function wantedTable(part: TablePart): WantedTable | undefined {
  const area = parseArea(part.ref ?? "");
  if (!area) return undefined;
  const hasHeader = part.headerRowCount > 0;
  const hasTotals = part.totalsRowCount > 0;
  const headerRow = hasHeader ? area.top : area.top - 1;
  const lastRow = hasTotals ? area.bottom - 1 : area.bottom;
  const bottom = hasHeader ? Math.max(lastRow, area.top) : lastRow;
  return { part, area, hasHeader, headerRow, block: new Block(area.top, area.left, bottom, area.right) };
}

function readTables(
  xml: string,
  sheetName: string,
  shape: SheetShape,
  parts: readonly TablePart[],
  context: SheetContext,
): SheetTable[] {
  const wanted = parts.map(wantedTable).filter((t): t is WantedTable => t !== undefined);
  if (wanted.length === 0) return [];
  const bounds: Area = {
    top: Math.min(...wanted.map((t) => t.block.top)),
    bottom: Math.max(...wanted.map((t) => t.block.bottom)),
    left: Math.min(...wanted.map((t) => t.block.left)),
    right: Math.max(...wanted.map((t) => t.block.right)),
  };
  const merged = shape.merges.some((m) =>
    wanted.some(
      (t) =>
        m.top <= t.block.bottom &&
        m.bottom >= t.block.top &&
        m.left <= t.block.right &&
        m.right >= t.block.left,
    ),
  );
  if (merged)
    for (const t of wanted)
      t.block.present = new Uint8Array(t.block.values.length * (t.block.right - t.block.left + 1));
  const rowStyles = merged ? new Map<number, number>() : undefined;
  const { styles } = context;
  const sink: CellSink = (row, column, value, style) => {
    for (let k = 0; k < wanted.length; k++) {
      const block = (wanted[k] as WantedTable).block;
      if (row < block.top || row > block.bottom || column < block.left || column > block.right) continue;
      const i = row - block.top;
      const j = column - block.left;
      (block.values[i] as CellValue[])[j] = value;
      (block.formats[i] as (string | null)[])[j] = styles.format(style);
      if (block.present) block.present[i * (block.right - block.left + 1) + j] = 1;
    }
  };
  scanCells(xml, shape, bounds, context, sink, rowStyles);
  if (merged && rowStyles) {
    const columnStyle = columnStyles(xml, shape);
    for (const t of wanted) applyMerges(t.block, shape.merges, rowStyles, columnStyle, styles);
  }
  return wanted.map((t) => {
    const { block, part, hasHeader, area } = t;
    const width = area.right - area.left + 1;
    const skip = hasHeader ? 1 : 0;
    const fromSheet = hasHeader ? (block.values[0] ?? []) : [];
    const headers = new Array<CellValue>(width);
    for (let j = 0; j < width; j++) {
      const value = fromSheet[j] ?? null;
      headers[j] = value !== null && value !== "" ? value : (part.columnNames[j] ?? null);
    }
    return {
      name: part.name,
      sheet: sheetName,
      headerRow: t.headerRow,
      firstColumn: area.left,
      headers,
      rows: block.values.slice(skip),
      numberFormats: block.formats.slice(skip),
    };
  });
}

interface PlainCell {
  value: CellValue;
  readonly format: string | null;
}

/** A sheet without a table: its used range from A1, headers in row 1 (as read.ts). */
function readPlainSheet(
  xml: string,
  sheetName: string,
  shape: SheetShape,
  context: SheetContext,
): SheetTable {
  const rows = new Map<number, PlainCell[]>();
  const rowStyles = shape.merges.length > 0 ? new Map<number, number>() : undefined;
  const { styles } = context;
  const everything: Area = { top: 1, left: 1, bottom: Infinity, right: Infinity };
  scanCells(
    xml,
    shape,
    everything,
    context,
    (row, column, value, style) => {
      let cells = rows.get(row);
      if (!cells) rows.set(row, (cells = []));
      cells[column] = { value, format: styles.format(style) };
    },
    rowStyles,
  );
  for (const merge of shape.merges) {
    for (let r = merge.top; r <= merge.bottom; r++) {
      const cells = rows.get(r);
      if (!cells) continue;
      for (let c = merge.left; c <= merge.right; c++) {
        const cell = cells[c];
        if (cell && (r !== merge.top || c !== merge.left)) cell.value = null;
      }
    }
  }
  let lastRow = 0;
  let lastColumn = 0;
  for (const [row, cells] of rows) {
    cells.forEach((cell, column) => {
      if (cell.value === null) return;
      if (row > lastRow) lastRow = row;
      if (column > lastColumn) lastColumn = column;
    });
  }
  const block = new Block(1, 1, lastRow, lastColumn);
  if (rowStyles) block.present = new Uint8Array(lastRow * lastColumn);
  for (const [row, cells] of rows) {
    if (row > lastRow) continue;
    const values = block.values[row - 1] as CellValue[];
    const formats = block.formats[row - 1] as (string | null)[];
    cells.forEach((cell, column) => {
      if (column > lastColumn) return;
      values[column - 1] = cell.value;
      formats[column - 1] = cell.format;
      if (block.present) block.present[(row - 1) * lastColumn + column - 1] = 1;
    });
  }
  if (rowStyles) applyMerges(block, shape.merges, rowStyles, columnStyles(xml, shape), styles);
  return {
    name: sheetName,
    sheet: sheetName,
    headerRow: 1,
    firstColumn: 1,
    headers: lastRow > 0 ? (block.values[0] ?? []) : [],
    rows: block.values.slice(1),
    numberFormats: block.formats.slice(1),
    fromSheet: true,
  };
}

// --- The workbook --------------------------------------------------------------------------------------

interface SheetEntry {
  readonly name: string;
  readonly path: string;
  readonly rels: Map<string, Relationship>;
  /** Table parts by relationship id. */
  readonly tables: Map<string, TablePart>;
}

const WORKBOOK = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
const SHARED_STRINGS = "xl/sharedStrings.xml";
const STYLES = "xl/styles.xml";

interface ZipEntry {
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Offset of the local header. */
  readonly offset: number;
}

const MAX_UINT32 = 0xffffffff;

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i] ?? 0);
  return text;
}

/**
 * The ZIP package: its central directory read once, each part inflated only when asked for.
 * Names without a leading slash (ExcelJS and read.ts take off one).
 */
class Zip {
  readonly entries = new Map<string, ZipEntry>();
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly inflate: Inflate,
  ) {
    const view = (this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    // End of central directory: the last record within the last 64 KiB (its comment).
    const stop = Math.max(0, bytes.length - 22 - 0xffff);
    let end = bytes.length - 22;
    while (end >= stop && view.getUint32(end, true) !== 0x06054b50) end--;
    if (end < stop) throw new Error("no end of central directory");
    let count = view.getUint16(end + 10, true);
    let at = view.getUint32(end + 16, true);
    if (end >= 20 && view.getUint32(end - 20, true) === 0x07064b50) {
      const zip64 = Number(view.getBigUint64(end - 12, true));
      if (view.getUint32(zip64, true) === 0x06064b50) {
        count = Number(view.getBigUint64(zip64 + 32, true));
        at = Number(view.getBigUint64(zip64 + 48, true));
      }
    }
    for (let i = 0; i < count; i++) {
      if (view.getUint32(at, true) !== 0x02014b50) throw new Error("broken central directory");
      const flags = view.getUint16(at + 8, true);
      const method = view.getUint16(at + 10, true);
      let compressedSize = view.getUint32(at + 20, true);
      let size = view.getUint32(at + 24, true);
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      let offset = view.getUint32(at + 42, true);
      const nameStart = at + 46;
      if (size === MAX_UINT32 || compressedSize === MAX_UINT32 || offset === MAX_UINT32) {
        // ZIP64: the real values are in the extra field 0x0001, in this order.
        for (let x = nameStart + nameLength; x + 4 <= nameStart + nameLength + extraLength;) {
          const id = view.getUint16(x, true);
          const length = view.getUint16(x + 2, true);
          if (id === 1) {
            let y = x + 4;
            const next = (): number => {
              const value = Number(view.getBigUint64(y, true));
              y += 8;
              return value;
            };
            if (size === MAX_UINT32) size = next();
            if (compressedSize === MAX_UINT32) compressedSize = next();
            if (offset === MAX_UINT32) offset = next();
            break;
          }
          x += 4 + length;
        }
      }
      const nameBytes = bytes.subarray(nameStart, nameStart + nameLength);
      const raw = flags & 0x800 ? utf8.decode(nameBytes) : latin1(nameBytes);
      this.entries.set(raw.startsWith("/") ? raw.slice(1) : raw, {
        flags,
        method,
        compressedSize,
        size,
        offset,
      });
      at = nameStart + nameLength + extraLength + commentLength;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A part's bytes, inflated; undefined when the package has no such part. */
  read(name: string): Uint8Array | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const { view } = this;
    if (view.getUint32(entry.offset, true) !== 0x04034b50) throw new Error(`broken local header: ${name}`);
    if (entry.flags & 1) throw new Error(`encrypted part: ${name}`);
    const start =
      entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
    const data = this.bytes.subarray(start, start + entry.compressedSize);
    if (data.length < entry.compressedSize) throw new Error(`truncated part: ${name}`);
    if (entry.method === 0) return data;
    if (entry.method === 8) return this.inflate(data, entry.size);
    throw new Error(`unknown compression ${entry.method}: ${name}`);
  }

  text(name: string): string | undefined {
    return partText(this.read(name));
  }
}

/** Sheets a missing table may be read from: a sheet named like the table, or like its spec's sheet. */
function fallbackSheets(table: string): string[] {
  const key = normalizeKey(table);
  const spec = INPUT_TABLES.find((s) => normalizeKey(s.table) === key);
  if (!spec) return [key];
  const own = spec.sheet !== SETTINGS_TABLE.sheet || spec === SETTINGS_TABLE;
  return own ? [key, normalizeKey(spec.sheet)] : [key];
}

function readPackage(
  bytes: Uint8Array,
  wantedTables: readonly string[],
  fileName: string | undefined,
  inflate: Inflate,
): NeutralWorkbook {
  let zip: Zip;
  try {
    zip = new Zip(bytes, inflate);
  } catch (error) {
    throw readError("corrupt", fileName, "other", error);
  }
  if (!zip.has(WORKBOOK)) {
    if (zip.has("xl/workbook.bin")) throw readError("not_xlsx", fileName, "xlsb");
    if (zip.has("word/document.xml") || zip.has("ppt/presentation.xml"))
      throw readError("not_xlsx", fileName);
    throw readError("corrupt", fileName);
  }

  // Sheets in tab order, with their relationships and table parts.
  const workbookXml = zip.text(WORKBOOK) ?? "";
  const workbookRels = parseRelationships(zip.text(WORKBOOK_RELS), WORKBOOK);
  const workbookPr = findTag(workbookXml, "<workbookPr", 0, workbookXml.length);
  const date1904 = workbookPr >= 0 && tagAttributes(workbookXml, workbookPr).attrs.get("date1904") === "1";
  const sheetsStart = findTag(workbookXml, "<sheets", 0, workbookXml.length);
  const sheets: SheetEntry[] = [];
  if (sheetsStart >= 0) {
    const sheetsEnd = workbookXml.indexOf("</sheets>", sheetsStart);
    for (const attrs of eachTag(
      workbookXml,
      "sheet",
      sheetsStart,
      sheetsEnd < 0 ? workbookXml.length : sheetsEnd,
    )) {
      const name = attrs.get("name");
      const id = relId(attrs);
      const rel = id === undefined ? undefined : workbookRels.get(id);
      if (name === undefined || !rel?.path || !rel.type.endsWith("/worksheet") || !zip.has(rel.path))
        continue;
      const rels = parseRelationships(zip.text(relsPath(rel.path)), rel.path);
      const tables = new Map<string, TablePart>();
      for (const [relationId, target] of rels) {
        if (!target.type.endsWith("/table") || !target.path) continue;
        const part = parseTablePart(zip.text(target.path));
        if (part) tables.set(relationId, part);
      }
      sheets.push({ name, path: rel.path, rels, tables });
    }
  }
  if (sheets.length === 0) throw readError("corrupt", fileName);

  // Which sheets to read: those with a requested table, and plain sheets for missing ones.
  const requested = new Set(wantedTables.map((t) => t.toLowerCase()));
  const found = new Set<string>();
  for (const sheet of sheets)
    for (const part of sheet.tables.values()) {
      const key = part.name.toLowerCase();
      if (requested.has(key)) found.add(key);
    }
  const plainKeys = new Set<string>();
  for (const table of wantedTables)
    if (!found.has(table.toLowerCase())) fallbackSheets(table).forEach((k) => plainKeys.add(k));
  const toRead = sheets.filter((sheet) =>
    sheet.tables.size > 0
      ? [...sheet.tables.values()].some((part) => requested.has(part.name.toLowerCase()))
      : plainKeys.has(normalizeKey(sheet.name)),
  );
  const context: SheetContext = {
    strings: parseSharedStrings(zip.text(SHARED_STRINGS)),
    styles: new Styles(zip.text(STYLES)),
    date1904,
  };

  const tables: SheetTable[] = [];
  const plainSheets: SheetTable[] = [];
  for (const sheet of toRead) {
    const xml = zip.text(sheet.path) ?? "";
    const shape = sheetShape(xml, sheet.rels);
    if (sheet.tables.size > 0) {
      // ExcelJS lists a sheet's tables in <tableParts> order.
      const parts = shape.tableParts
        .map((id) => sheet.tables.get(id))
        .filter((part): part is TablePart => part !== undefined && requested.has(part.name.toLowerCase()));
      tables.push(...readTables(xml, sheet.name, shape, parts, context));
    } else plainSheets.push(readPlainSheet(xml, sheet.name, shape, context));
  }
  return { sheetNames: sheets.map((sheet) => sheet.name), tables, plainSheets };
}
