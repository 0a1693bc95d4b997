/**
 * Writes the generated sheets (Sammanställning ekonomi, Sammanställning mål, Kontroll) into an
 * existing `.xlsx` file with ExcelJS, replacing the previous ones and leaving the rest alone.
 *
 * **Marker.** The generated sheets are the add-in's own. A very hidden worksheet `VP-metadata`
 * (state `veryHidden`, not listed under Unhide in Excel) is the registry: A1 holds
 * {@link METADATA_TITLE}, A2 downwards one generated sheet name per row. Only sheets listed there
 * are removed or replaced; a sheet with a generated sheet's name that is not listed is a user's
 * sheet and the run stops with {@link GeneratedSheetConflictError} before anything is written
 * (likewise {@link GeneratedTableConflictError} if another sheet already has a table named like
 * one of the generated tables). The Office.js adapter uses the same marker, so a file can move
 * between the command line and Excel. A generated sheet the user renames is no longer listed under
 * its new name and becomes the user's; the registry is rewritten on every run.
 *
 * **Tab order.** The new generated sheets keep the place of the old ones: they are inserted, in
 * the given order, where the first previously generated sheet was; on the first run they go last.
 * `VP-metadata` is always the very last sheet. Every other sheet keeps its order and the sheet
 * that was active stays active.
 *
 * **What survives.** ExcelJS reads the whole workbook and writes it again, so everything it
 * models survives: cell values, formulas, styles and number formats, Excel tables, merged cells,
 * column widths, frozen panes, hidden sheets, conditional formatting, notes, images, sheet
 * protection, print setup. Some parts ExcelJS is known to mangle are carried over verbatim from
 * the input file instead of through ExcelJS:
 * - data validations (dropdowns): ExcelJS expands every range into one object per cell (a
 *   whole-column dropdown costs it seconds and hundreds of MB) and rewrites overlapping ranges;
 * - Excel table definitions (`xl/tables/*.xml`): ExcelJS writes `headerRowCount="0"` for tables
 *   where Excel left the attribute out (the header row would turn into data) and drops calculated
 *   column formulas and filter state; only the tables' links to styles.xml (`dataDxfId` etc.),
 *   which ExcelJS renumbers, are left out (the cells keep their formats);
 * - internal hyperlinks (links to a cell in the workbook, which ExcelJS drops when reading);
 * - defined names (ExcelJS loses the sheet scope of names and names that are not cell ranges),
 *   with sheet-scoped names re-pointed to their sheet's new position;
 * - custom document properties (`docProps/custom.xml`, e.g. sensitivity labels).
 * The generated sheets' own cell links are written the way Excel writes internal links
 * (`<hyperlink location="'Budget'!D14">`, no relationship): ExcelJS's internal links are broken.
 * The generated sheets' charts ({@link SheetLayout.charts}), which ExcelJS cannot write, are added
 * to its output as native chart parts (./charts.ts); on the next run ExcelJS drops them with the
 * old sheets, so only the new ones remain.
 *
 * **What ExcelJS loses** (not in the input tables this add-in reads, but possibly on users' own
 * sheets): charts, shapes, text boxes and other drawings except pictures; pivot tables and their
 * caches; slicers, timelines and sparklines; everything in a sheet's `extLst` (Excel 2010+
 * conditional formats such as data bars with negative values, x14 data validations); threaded
 * comments (classic notes survive); dynamic-array formula metadata (spilling formulas become
 * legacy array formulas); external workbook links; form controls and ActiveX; VBA (an `.xlsm`
 * is not supported); named cell styles (cells keep their formatting); the calculation chain
 * (Excel rebuilds it); query tables and data connections.
 */
import JSZip from "jszip";
import { Workbook } from "exceljs";
import type {
  Alignment,
  Borders,
  Cell,
  CellErrorValue,
  CellValue as ExcelCellValue,
  Font,
  Worksheet,
  WorksheetView,
} from "exceljs";
import { GeneratedSheetConflictError, METADATA_SHEET, METADATA_TITLE } from "../core/port";
import { cellAddress, isCellError, type CellValue } from "../core/sheet";
import { sheetRef } from "../core/summary/formulas";
import type { LayoutCell, LayoutTable, SheetLayout } from "../core/summary/types";
import { addChartParts } from "./charts";
import { toCellValue, worksheetTables, XlsxReadError } from "./read";
import { TABLE_STYLE, TEXT_FORMAT } from "../core/formats";
import { escapeText, isExcelError, MAX_CELL_TEXT } from "./write";
import { resolveTarget } from "./part-paths";
import { insertElement } from "./worksheet-order";
import { encodeXml, xmlAttributes } from "./xml";

export { GeneratedSheetConflictError, METADATA_SHEET, METADATA_TITLE };

import { GeneratedTableConflictError } from "./errors";
export { GeneratedTableConflictError };

export interface ApplyGeneratedOptions {
  /**
   * Store the engine's values as the formulas' cached results (default `true`), so that readers
   * that do not calculate show them. With `false` the formulas have no results and the workbook
   * asks Excel to recalculate on opening (used to let LibreOffice prove the formulas).
   */
  readonly cachedResults?: boolean;
}

/**
 * Replaces the generated sheets of a workbook with `sheets` and returns the new file.
 * @throws GeneratedSheetConflictError when a user's sheet has a generated sheet's name.
 * @throws GeneratedTableConflictError when a user's table has a generated table's name.
 * @throws XlsxReadError when the bytes are not a readable workbook.
 */
export async function applyGeneratedSheets(
  input: Buffer,
  sheets: readonly SheetLayout[],
  options: ApplyGeneratedOptions = {},
): Promise<Buffer> {
  const prepared = await preparePackage(input);
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(prepared.bytes as unknown as Parameters<Workbook["xlsx"]["load"]>[0]);
  } catch (error) {
    throw corrupt(error);
  }
  const plan = planChanges(workbook, sheets);

  // Everything below changes the workbook in memory only; the caller writes the file.
  const view = workbook.views?.[0];
  const active = view ? plan.order[view.activeTab ?? 0] : undefined;
  for (const sheet of plan.removed) workbook.removeWorksheet(sheet.id);
  if (plan.registry) workbook.removeWorksheet(plan.registry.id);

  const created = sheets.map((layout) => writeSheet(workbook, layout, options.cachedResults !== false));
  const registry = writeRegistry(workbook, sheets);
  const finalOrder = [
    ...plan.kept.slice(0, plan.insertAt),
    ...created,
    ...plan.kept.slice(plan.insertAt),
    registry,
  ];
  // ExcelJS orders sheets by `orderNo` (not in its typings).
  finalOrder.forEach((sheet, index) => ((sheet as unknown as { orderNo: number }).orderNo = index + 1));
  if (view) {
    // The sheet that was active stays active (its replacement, if it was a generated sheet).
    const replaced = active && plan.removed.includes(active);
    const replacement = replaced ? created.find((s) => sameName(s.name, active.name)) : active;
    const index = replacement && replacement !== registry ? finalOrder.indexOf(replacement) : -1;
    if (replaced && replacement)
      replacement.views = [
        { ...replacement.views[0], tabSelected: true } as unknown as Partial<WorksheetView>,
      ];
    if (index >= 0 || view.activeTab !== undefined) view.activeTab = Math.max(index, 0);
    if (view.firstSheet !== undefined && view.firstSheet > view.activeTab) view.firstSheet = 0;
  }
  if (options.cachedResults === false)
    workbook.calcProperties = { ...workbook.calcProperties, fullCalcOnLoad: true };

  const written = Buffer.from(await workbook.xlsx.writeBuffer());
  return finishPackage(written, prepared, {
    keptSheets: new Set(plan.kept.map((s) => s.name)),
    generated: sheets,
    replacedNames: new Set([...plan.removed.map((s) => lower(s.name)), lower(METADATA_SHEET)]),
  });
}

// --- Which sheets go, which stay -------------------------------------------------------------------

interface ChangePlan {
  /** Every sheet in tab order before the change. */
  readonly order: readonly Worksheet[];
  /** Previously generated sheets (listed in the registry). */
  readonly removed: readonly Worksheet[];
  readonly registry?: Worksheet;
  /** Sheets that stay, in tab order. */
  readonly kept: readonly Worksheet[];
  /** Where in `kept` the generated sheets go. */
  readonly insertAt: number;
}

function lower(name: string): string {
  return name.toLocaleLowerCase("sv");
}

/** Excel compares sheet names without regard to case. */
function sameName(a: string, b: string): boolean {
  return lower(a) === lower(b);
}

/** The generated sheet names listed in the registry sheet. */
function registryNames(sheet: Worksheet): Set<string> {
  const names = new Set<string>();
  for (let row = 2; row <= sheet.rowCount; row++) {
    const value = toCellValue(sheet.findCell(row, 1)?.value);
    if (typeof value === "string" && value.trim() !== "") names.add(lower(value.trim()));
  }
  return names;
}

/** Decides what to replace; throws on a conflict before anything changes. */
function planChanges(workbook: Workbook, sheets: readonly SheetLayout[]): ChangePlan {
  const order = workbook.worksheets;
  const registry = order.find((s) => sameName(s.name, METADATA_SHEET));
  const listed = registry ? registryNames(registry) : new Set<string>();
  const removed = order.filter((s) => s !== registry && listed.has(lower(s.name)));
  for (const layout of sheets) {
    const existing = order.find((s) => sameName(s.name, layout.name));
    if (existing && !removed.includes(existing)) throw new GeneratedSheetConflictError(existing.name);
  }
  const kept = order.filter((s) => s !== registry && !removed.includes(s));
  const tableNames = new Map<string, string>();
  for (const sheet of kept)
    for (const table of worksheetTables(sheet)) tableNames.set(lower(table.name), sheet.name);
  for (const layout of sheets)
    for (const table of layout.tables ?? []) {
      const sheet = tableNames.get(lower(table.name));
      if (sheet !== undefined) throw new GeneratedTableConflictError(table.name, sheet);
    }
  const first = removed[0];
  const insertAt = first
    ? order.slice(0, order.indexOf(first)).filter((s) => kept.includes(s)).length
    : kept.length;
  return { order, removed, kept, insertAt, ...(registry ? { registry } : {}) };
}

// --- Writing the sheets ------------------------------------------------------------------------------

function excelValue(value: CellValue): ExcelCellValue {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : { error: "#NUM!" };
  if (isCellError(value)) return isExcelError(value.error) ? { error: value.error } : escapeText(value.error);
  return escapeText(value.length > MAX_CELL_TEXT ? `${value.slice(0, MAX_CELL_TEXT - 1)}…` : value);
}

type FormulaResult = number | string | boolean | CellErrorValue;

function formulaResult(value: ExcelCellValue): FormulaResult | undefined {
  return value === null || value === undefined ? undefined : (value as FormulaResult);
}

const argb = (rgb: string) => `FF${rgb.replace(/^#/, "").toUpperCase()}`;

function writeCell(cell: Cell, layout: LayoutCell, cachedResults: boolean): void {
  const value = excelValue(layout.value);
  if (layout.formula !== undefined) {
    const formula = layout.formula.replace(/^=/, "");
    const result = formulaResult(value);
    cell.value = cachedResults && result !== undefined ? { formula, result } : { formula };
  } else cell.value = value;

  const numFmt = layout.numberFormat ?? (typeof layout.value === "string" ? TEXT_FORMAT : undefined);
  if (numFmt) cell.numFmt = numFmt;

  const font: Partial<Font> = {};
  if (layout.bold) font.bold = true;
  if (layout.italic) font.italic = true;
  if (layout.size !== undefined) font.size = layout.size;
  if (layout.color) font.color = { argb: argb(layout.color) };
  if (layout.link) font.underline = true;
  if (Object.keys(font).length > 0) cell.font = font;

  if (layout.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(layout.fill) } };

  const border: Partial<Borders> = {};
  if (layout.borderTop) border.top = { style: "thin" };
  if (layout.borderBottom) border.bottom = { style: "thin" };
  if (Object.keys(border).length > 0) cell.border = border;

  const alignment: Partial<Alignment> = {};
  if (layout.wrap) alignment.wrapText = true;
  if (layout.align) alignment.horizontal = layout.align;
  if (layout.indent) alignment.indent = layout.indent;
  if (Object.keys(alignment).length > 0) cell.alignment = alignment;
}

/** An Excel table over part of the sheet, created with the cells' values (written again after). */
function addTable(sheet: Worksheet, layout: SheetLayout, table: LayoutTable): void {
  const header = layout.rows[table.row] ?? [];
  const used = new Set<string>();
  const names = Array.from({ length: table.columns }, (_, j) => {
    const value = header[table.column + j]?.value;
    let name = typeof value === "string" && value.trim() !== "" ? value : `Kolumn${j + 1}`;
    for (let n = 2; used.has(lower(name)); n++) name = `${name}${n}`;
    used.add(lower(name));
    return name;
  });
  const rows = Array.from({ length: table.rows }, (_, i) => {
    const row = layout.rows[table.row + 1 + i] ?? [];
    return names.map((_, j) => excelValue(row[table.column + j]?.value ?? null));
  });
  sheet.addTable({
    name: table.name,
    displayName: table.name,
    ref: cellAddress(table.row + 1, table.column + 1),
    headerRow: true,
    totalsRow: false,
    style: { theme: TABLE_STYLE, showRowStripes: true },
    columns: names.map((name) => ({ name, filterButton: true })),
    // Excel tables need at least one data row.
    rows: rows.length > 0 ? rows : [names.map(() => null)],
  });
}

function writeSheet(workbook: Workbook, layout: SheetLayout, cachedResults: boolean): Worksheet {
  const frozen = layout.freezeRows ?? 0;
  const sheet = workbook.addWorksheet(layout.name, {
    views: [
      frozen > 0
        ? { state: "frozen", xSplit: 0, ySplit: frozen, topLeftCell: cellAddress(frozen + 1, 1) }
        : { state: "normal" },
    ],
  });
  layout.columnWidths.forEach((width, j) => {
    sheet.getColumn(j + 1).width = width;
  });
  // Tables first: ExcelJS writes the header and row values into the cells, which the layout's
  // cells (with their formats) then overwrite.
  for (const table of layout.tables ?? []) addTable(sheet, layout, table);
  layout.rows.forEach((row, i) =>
    row.forEach((cell, j) => {
      if (cell) writeCell(sheet.getCell(i + 1, j + 1), cell, cachedResults);
    }),
  );
  return sheet;
}

function writeRegistry(workbook: Workbook, sheets: readonly SheetLayout[]): Worksheet {
  const registry = workbook.addWorksheet(METADATA_SHEET, { state: "veryHidden" });
  registry.getColumn(1).width = 60;
  [METADATA_TITLE, ...sheets.map((s) => s.name)].forEach((text, i) => {
    const cell = registry.getCell(i + 1, 1);
    cell.value = text;
    cell.numFmt = TEXT_FORMAT;
  });
  return registry;
}

// --- The package around ExcelJS ------------------------------------------------------------------------

interface ZipEntry {
  readonly name: string;
  readonly dir: boolean;
  async(type: "string"): Promise<string>;
}

interface ZipArchive {
  readonly files: Record<string, ZipEntry>;
  file(path: string): ZipEntry | null;
  file(path: string, data: string): unknown;
  generateAsync(options: { type: "nodebuffer"; compression: "STORE" | "DEFLATE" }): Promise<Buffer>;
}

/** What is carried from one input sheet to the same sheet in the output. */
interface Carried {
  validations?: string;
  links: string[];
}

interface PreparedPackage {
  /** The input, with carried parts taken out, for ExcelJS. */
  readonly bytes: Buffer;
  /** By sheet name; empty when the package could not be mapped (then ExcelJS does it all). */
  readonly carried: ReadonlyMap<string, Carried>;
  /** Sheet names in the input's order, for sheet-scoped defined names. */
  readonly sheetOrder: readonly string[];
  /** The input's table parts by lower-case table name. */
  readonly tables: ReadonlyMap<string, string>;
  /** The input's `<definedName>` elements, or undefined to leave ExcelJS's. */
  readonly definedNames?: readonly string[];
  readonly customProperties?: { readonly path: string; readonly xml: string; readonly contentType: string };
}

function corrupt(cause?: unknown): XlsxReadError {
  return new XlsxReadError(
    "corrupt",
    "Filen kunde inte läsas: den verkar vara skadad.",
    undefined,
    cause === undefined ? undefined : { cause },
  );
}

const PREFIXED_ATTRIBUTE = /\s+[\w.-]+:[\w.-]+\s*=\s*(?:"[^"]*"|'[^']*')/g;
const PREFIXED_ELEMENT = /<\/?[\w.-]+:/;

async function readText(zip: ZipArchive, path: string): Promise<string | undefined> {
  const entry = zip.file(path) ?? Object.values(zip.files).find((e) => e.name.replace(/^\//, "") === path);
  return entry ? entry.async("string") : undefined;
}

interface SheetPart {
  readonly name: string;
  readonly path: string;
}

/** The worksheets of a package in tab order with their part paths (unprefixed SpreadsheetML only). */
async function sheetParts(zip: ZipArchive): Promise<SheetPart[]> {
  const workbook = (await readText(zip, "xl/workbook.xml")) ?? "";
  const rels = (await readText(zip, "xl/_rels/workbook.xml.rels")) ?? "";
  const targets = new Map<string, string>();
  for (const match of rels.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attrs = xmlAttributes(match[1] ?? "");
    const id = attrs.get("Id");
    const target = attrs.get("Target");
    if (id && target) targets.set(id, resolveTarget(target, "xl/"));
  }
  const parts: SheetPart[] = [];
  for (const match of workbook.matchAll(/<sheet\b([^>]*)>/g)) {
    const attrs = xmlAttributes(match[1] ?? "");
    const name = attrs.get("name");
    const id = [...attrs].find(([key]) => /:id$/.test(key))?.[1];
    const path = id && targets.get(id);
    if (name !== undefined && path) parts.push({ name, path });
  }
  return parts;
}

const VALIDATIONS = /<dataValidations\b[^>]*\/>|<dataValidations\b[^>]*>[\s\S]*?<\/dataValidations>/;
const HYPERLINKS = /<hyperlinks\b[^>]*>([\s\S]*?)<\/hyperlinks>/;
const HYPERLINK = /<hyperlink\b([^>]*?)(?:\/>|>[\s\S]*?<\/hyperlink>)/g;
const DEFINED_NAMES = /<definedNames\b[^>]*\/>|<definedNames\b[^>]*>([\s\S]*?)<\/definedNames>/;
const DEFINED_NAME = /<definedName\b[^>]*?(?:\/>|>[\s\S]*?<\/definedName>)/g;
const CUSTOM_PROPERTIES_REL =
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties";

const TABLE_ROOT = /<table\b([^>]*)>/;
/** Table attributes that point into styles.xml, which ExcelJS rewrites (the cells keep their formats). */
const TABLE_STYLE_REFERENCES =
  /\s(?:dataDxfId|headerRowDxfId|totalsRowDxfId|headerRowBorderDxfId|tableBorderDxfId|totalsRowBorderDxfId|headerRowCellStyle|dataCellStyle|totalsRowCellStyle)\s*=\s*(?:"[^"]*"|'[^']*')/g;

/**
 * A table part as Excel wrote it, to replace ExcelJS's rewrite (which sets `headerRowCount="0"`
 * on tables where Excel left the attribute out, and drops calculated-column formulas). Tables
 * tied to parts ExcelJS drops (query tables, XML maps) are left to ExcelJS.
 */
function carriableTable(xml: string): string | undefined {
  const root = TABLE_ROOT.exec(xml);
  if (!root) return undefined;
  const type = xmlAttributes(root[1] ?? "").get("tableType");
  if ((type !== undefined && type !== "worksheet") || /<xmlColumnPr\b/.test(xml)) return undefined;
  return xml.replace(TABLE_STYLE_REFERENCES, "");
}

/** Carries a snippet only if it has no prefixed elements; prefixed attributes (xr:uid) are dropped. */
function carriable(snippet: string): string | undefined {
  return PREFIXED_ELEMENT.test(snippet) ? undefined : snippet.replace(PREFIXED_ATTRIBUTE, "");
}

/** Takes data validations and internal links out of a sheet's XML. */
function takeCarried(xml: string): { xml: string; carried: Carried } {
  const carried: Carried = { links: [] };
  let out = xml;
  const validations = VALIDATIONS.exec(out);
  const validationsXml = validations ? carriable(validations[0]) : undefined;
  if (validations && validationsXml !== undefined) {
    carried.validations = validationsXml;
    out = out.replace(validations[0], "");
  }
  const hyperlinks = HYPERLINKS.exec(out);
  if (hyperlinks) {
    let rest = hyperlinks[1] ?? "";
    for (const link of (hyperlinks[1] ?? "").matchAll(HYPERLINK)) {
      const attrs = xmlAttributes(link[1] ?? "");
      const internal = attrs.has("location") && ![...attrs.keys()].some((k) => /:id$/.test(k));
      const linkXml = internal ? carriable(link[0]) : undefined;
      if (linkXml === undefined) continue;
      carried.links.push(linkXml);
      rest = rest.replace(link[0], "");
    }
    if (carried.links.length > 0)
      out = out.replace(
        hyperlinks[0],
        rest.trim() === "" ? "" : hyperlinks[0].replace(hyperlinks[1] ?? "", rest),
      );
  }
  return { xml: out, carried };
}

/**
 * Reads the input package: checks it is a workbook, takes out what is carried past ExcelJS and
 * turns absolute table targets (which ExcelJS cannot follow) into relative ones.
 */
async function preparePackage(input: Buffer): Promise<PreparedPackage> {
  let zip: ZipArchive;
  try {
    zip = (await JSZip.loadAsync(input)) as unknown as ZipArchive;
  } catch (error) {
    throw corrupt(error);
  }
  if ((await readText(zip, "xl/workbook.xml")) === undefined) throw corrupt();
  const parts = await sheetParts(zip);
  const carried = new Map<string, Carried>();
  let changed = false;
  for (const part of parts) {
    const xml = await readText(zip, part.path);
    if (xml === undefined) continue;
    const taken = takeCarried(xml);
    if (taken.xml !== xml) {
      zip.file(part.path, taken.xml);
      changed = true;
    }
    carried.set(part.name, taken.carried);
  }
  const tables = new Map<string, string>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir && /^\/?xl\/tables\/[^/]+\.xml$/.test(entry.name)) {
      const xml = carriableTable(await entry.async("string"));
      const name = xml && xmlAttributes(TABLE_ROOT.exec(xml)?.[1] ?? "").get("name");
      if (xml && name) tables.set(lower(name), xml);
    }
    if (entry.dir || !/^\/?xl\/worksheets\/_rels\/[^/]+\.rels$/.test(entry.name)) continue;
    const xml = await entry.async("string");
    const relative = xml.replace(/Target="\/xl\/tables\//g, 'Target="../tables/');
    if (relative !== xml) {
      zip.file(entry.name, relative);
      changed = true;
    }
  }

  const workbookXml = (await readText(zip, "xl/workbook.xml")) ?? "";
  const names = parts.length > 0 ? DEFINED_NAMES.exec(workbookXml) : null;
  const definedNames =
    parts.length === 0
      ? undefined
      : names
        ? [...(names[1] ?? "").matchAll(DEFINED_NAME)]
            .map((m) => carriable(m[0]))
            .filter((x): x is string => x !== undefined)
        : [];

  let customProperties: PreparedPackage["customProperties"];
  const rootRels = (await readText(zip, "_rels/.rels")) ?? "";
  for (const match of rootRels.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attrs = xmlAttributes(match[1] ?? "");
    if (attrs.get("Type") !== CUSTOM_PROPERTIES_REL) continue;
    const path = resolveTarget(attrs.get("Target") ?? "", "");
    const xml = await readText(zip, path);
    if (xml !== undefined)
      customProperties = {
        path,
        xml,
        contentType: "application/vnd.openxmlformats-officedocument.custom-properties+xml",
      };
  }

  const bytes = changed ? await zip.generateAsync({ type: "nodebuffer", compression: "STORE" }) : input;
  return {
    bytes,
    carried: parts.length > 0 ? carried : new Map(),
    tables,
    sheetOrder: parts.map((p) => p.name),
    ...(definedNames ? { definedNames } : {}),
    ...(customProperties ? { customProperties } : {}),
  };
}

function addLinks(xml: string, links: readonly string[]): string {
  if (links.length === 0) return xml;
  const end = xml.indexOf("</hyperlinks>");
  if (end >= 0) return xml.slice(0, end) + links.join("") + xml.slice(end);
  return insertElement(xml, "hyperlinks", `<hyperlinks>${links.join("")}</hyperlinks>`);
}

/** Excel's form of an internal link: a location, no relationship. */
function linkXml(row: number, column: number, cell: LayoutCell): string | undefined {
  if (!cell.link) return undefined;
  const location = `${sheetRef(cell.link.sheet)}!${cell.link.cell}`;
  const display = typeof cell.value === "string" ? cell.value : cell.link.cell;
  return `<hyperlink ref="${cellAddress(row + 1, column + 1)}" location="${encodeXml(location)}" display="${encodeXml(display)}"/>`;
}

interface FinishContext {
  readonly keptSheets: ReadonlySet<string>;
  readonly generated: readonly SheetLayout[];
  /** Lower-case names of sheets whose old content is gone (their scoped names are dropped). */
  readonly replacedNames: ReadonlySet<string>;
}

/** Puts the input's table parts back in place of ExcelJS's, keeping table ids unique. */
async function restoreTables(
  zip: ZipArchive,
  prepared: PreparedPackage,
  context: FinishContext,
): Promise<void> {
  const generated = new Set(context.generated.flatMap((s) => (s.tables ?? []).map((t) => lower(t.name))));
  const entries = Object.values(zip.files).filter(
    (e) => !e.dir && /^\/?xl\/tables\/[^/]+\.xml$/.test(e.name),
  );
  const ours: { name: string; xml: string }[] = [];
  const used = new Set<string>();
  for (const entry of entries) {
    const xml = await entry.async("string");
    const attrs = xmlAttributes(TABLE_ROOT.exec(xml)?.[1] ?? "");
    const name = lower(attrs.get("name") ?? "");
    const original = generated.has(name) ? undefined : prepared.tables.get(name);
    if (original !== undefined) zip.file(entry.name, original);
    const id =
      original !== undefined ? xmlAttributes(TABLE_ROOT.exec(original)?.[1] ?? "").get("id") : undefined;
    if (id !== undefined) used.add(id);
    else ours.push({ name: entry.name, xml });
  }
  let next = 1;
  for (const table of ours) {
    const id = xmlAttributes(TABLE_ROOT.exec(table.xml)?.[1] ?? "").get("id");
    if (id !== undefined && !used.has(id)) {
      used.add(id);
      continue;
    }
    while (used.has(String(next))) next++;
    used.add(String(next));
    zip.file(
      table.name,
      table.xml.replace(TABLE_ROOT, (root) => root.replace(/\sid="[^"]*"/, ` id="${next}"`)),
    );
  }
}

/** Puts the carried parts into ExcelJS's output and adds the generated sheets' links. */
async function finishPackage(
  written: Buffer,
  prepared: PreparedPackage,
  context: FinishContext,
): Promise<Buffer> {
  const zip = (await JSZip.loadAsync(written)) as unknown as ZipArchive;
  const parts = await sheetParts(zip);
  for (const part of parts) {
    const layout = context.generated.find((s) => s.name === part.name);
    const carried = context.keptSheets.has(part.name) ? prepared.carried.get(part.name) : undefined;
    const links = layout
      ? layout.rows.flatMap((row, i) =>
          row.map((cell, j) => (cell ? linkXml(i, j, cell) : undefined)).filter((x): x is string => !!x),
        )
      : (carried?.links ?? []);
    if (!carried?.validations && links.length === 0) continue;
    let xml = (await readText(zip, part.path)) ?? "";
    if (carried?.validations && !VALIDATIONS.test(xml))
      xml = insertElement(xml, "dataValidations", carried.validations);
    xml = addLinks(xml, links);
    zip.file(part.path, xml);
  }

  await restoreTables(zip, prepared, context);

  // The layouts' charts, which ExcelJS cannot write.
  await addChartParts(
    {
      read: (path) => readText(zip, path),
      write: (path, xml) => zip.file(path, xml),
      paths: () =>
        Object.values(zip.files)
          .filter((e) => !e.dir)
          .map((e) => e.name.replace(/^\//, "")),
    },
    context.generated,
    new Map(
      parts.filter((p) => context.generated.some((l) => l.name === p.name)).map((p) => [p.name, p.path]),
    ),
  );

  if (prepared.definedNames) {
    const order = parts.map((p) => p.name);
    const names = prepared.definedNames.flatMap((element) => {
      const attrs = xmlAttributes(/<definedName\b([^>]*)/.exec(element)?.[1] ?? "");
      const local = attrs.get("localSheetId");
      if (local === undefined) return [element];
      const sheet = prepared.sheetOrder[Number(local)];
      if (sheet === undefined || context.replacedNames.has(lower(sheet))) return [];
      const index = order.indexOf(sheet);
      return index < 0
        ? []
        : [element.replace(/localSheetId\s*=\s*("[^"]*"|'[^']*')/, `localSheetId="${index}"`)];
    });
    const workbookXml = (await readText(zip, "xl/workbook.xml")) ?? "";
    let xml = workbookXml.replace(DEFINED_NAMES, "");
    if (names.length > 0)
      xml = xml.replace("</sheets>", `</sheets><definedNames>${names.join("")}</definedNames>`);
    if (xml !== workbookXml) zip.file("xl/workbook.xml", xml);
  }

  const custom = prepared.customProperties;
  if (custom && (await readText(zip, custom.path)) === undefined) {
    zip.file(custom.path, custom.xml);
    const types = (await readText(zip, "[Content_Types].xml")) ?? "";
    zip.file(
      "[Content_Types].xml",
      types.replace(
        "</Types>",
        `<Override PartName="/${encodeXml(custom.path)}" ContentType="${custom.contentType}"/></Types>`,
      ),
    );
    const rels = (await readText(zip, "_rels/.rels")) ?? "";
    zip.file(
      "_rels/.rels",
      rels.replace(
        "</Relationships>",
        `<Relationship Id="rIdVpCustom" Type="${CUSTOM_PROPERTIES_REL}" Target="${encodeXml(custom.path)}"/></Relationships>`,
      ),
    );
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
