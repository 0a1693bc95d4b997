/**
 * Opening and downloading `.xlsx` files in the browser version, with ExcelJS's prebuilt browser
 * bundle (loaded on first use: it is large and the pane does not need it).
 *
 * Opening builds the fake workbook's state from the file: every sheet with its visibility, cells
 * (values, formulas with their cached results, number formats, bold, italic, size, colours, fills,
 * alignment, top and bottom borders), column widths, frozen panes, Excel tables, conditional
 * formats with a fill (the add-in's marks), sheet protection and the active sheet and cell. Data
 * validations (dropdowns) and charts are not read. Downloading writes the same back, plus the
 * dropdowns the add-in created and the workbook's charts as native Excel charts (./xlsx-charts.ts:
 * ExcelJS cannot write charts, so their parts are added to its package); internal links become
 * `HYPERLINK` formulas. A protected sheet (the unit template's `Nämndens mål`) is written with the
 * same `<sheetProtection>` as the command line's file.
 *
 * The command line reads and writes files with src/xlsx, which needs Node (files, worker
 * threads); this is the browser's smaller counterpart, not a replacement.
 */
import type * as ExcelJS from "exceljs";
import { columnLetter, columnNumber, dateToSerial } from "../core/sheet";
import { FakeExcel } from "../fake-excel";
import {
  ensureCell,
  getCell,
  newId,
  newSheet,
  newWorkbook,
  type Area,
  type CellState,
  type PasswordHash,
  type ProtectionState,
  type SheetState,
  type Visibility,
  type WorkbookState,
} from "../fake-excel/state";
import { PREVIEW_STRINGS } from "./strings";
import { parseLink } from "./links";
import { withCharts } from "./xlsx-charts";

type ExcelJSModule = typeof ExcelJS;

let excelJS: Promise<ExcelJSModule> | undefined;

/** ExcelJS's browser bundle, loaded once. */
export function loadExcelJS(): Promise<ExcelJSModule> {
  excelJS ??= import(/* webpackChunkName: "exceljs" */ "exceljs/dist/exceljs.bare.min.js").then((mod) => {
    const m = mod as unknown as ExcelJSModule & { default?: ExcelJSModule };
    return typeof m.Workbook === "function" ? m : (m.default as ExcelJSModule);
  });
  return excelJS;
}

/** A file that cannot be opened, with a Swedish message. */
export class OpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OpenError";
  }
}

// --- Sheet protection ---------------------------------------------------------------------------

/** ExcelJS's model of `<sheetProtection>`: `Worksheet.sheetProtection`, missing from its typings. */
interface FileProtection extends Partial<ExcelJS.WorksheetProtection> {
  sheet?: boolean;
  algorithmName?: string;
  hashValue?: string;
  saltValue?: string;
}

const sheetProtectionOf = (ws: ExcelJS.Worksheet) =>
  ws as unknown as { sheetProtection?: FileProtection | null };

/** Office.js's permission → ExcelJS's (both: true = people may). */
const PERMISSIONS = [
  ["allowFormatCells", "formatCells"],
  ["allowFormatColumns", "formatColumns"],
  ["allowFormatRows", "formatRows"],
  ["allowInsertColumns", "insertColumns"],
  ["allowInsertRows", "insertRows"],
  ["allowInsertHyperlinks", "insertHyperlinks"],
  ["allowDeleteColumns", "deleteColumns"],
  ["allowDeleteRows", "deleteRows"],
  ["allowSort", "sort"],
  ["allowAutoFilter", "autoFilter"],
  ["allowPivotTables", "pivotTables"],
] as const;

/**
 * The fake's protection as ExcelJS's `protect` options. For the add-in's reference sheets this is
 * the command line's `protect("", …)` and the same XML: a permission that is false writes no
 * attribute, and objects and scenarios are locked (`objects="1"`) only when not allowed.
 */
function protectOptions(protection: ProtectionState): Partial<ExcelJS.WorksheetProtection> {
  const mode = protection.selectionMode ?? "Normal";
  const options: Partial<ExcelJS.WorksheetProtection> = {
    selectLockedCells: mode === "Normal",
    selectUnlockedCells: mode !== "None",
  };
  for (const [office, file] of PERMISSIONS) options[file] = protection[office] === true;
  if (protection.allowEditObjects !== true) options.objects = false;
  if (protection.allowEditScenarios !== true) options.scenarios = false;
  return options;
}

/** Protects the sheet as the fake has it; a hash read from a file goes back unchanged. */
async function writeProtection(ws: ExcelJS.Worksheet, protection: ProtectionState): Promise<void> {
  await ws.protect(protection.passwordHash ? "" : (protection.password ?? ""), protectOptions(protection));
  const model = sheetProtectionOf(ws).sheetProtection;
  if (protection.passwordHash && model) Object.assign(model, protection.passwordHash);
}

/** A file's `<sheetProtection>` in the fake's terms, or undefined for an unprotected sheet. */
function readProtection(ws: ExcelJS.Worksheet): ProtectionState | undefined {
  const file = sheetProtectionOf(ws).sheetProtection;
  if (!file?.sheet) return undefined;
  const permissions: Partial<Record<(typeof PERMISSIONS)[number][0], boolean>> = {};
  for (const [office, key] of PERMISSIONS) permissions[office] = file[key] === true;
  const passwordHash: PasswordHash | undefined =
    file.hashValue && file.algorithmName
      ? {
          algorithmName: file.algorithmName,
          hashValue: file.hashValue,
          saltValue: file.saltValue ?? "",
          spinCount: file.spinCount ?? 0,
        }
      : undefined;
  return {
    ...permissions,
    allowEditObjects: file.objects !== false,
    allowEditScenarios: file.scenarios !== false,
    selectionMode:
      file.selectUnlockedCells === false ? "None" : file.selectLockedCells === false ? "Unlocked" : "Normal",
    // Without a hash the sheet has no password (ExcelJS does not read the legacy `password` hash).
    ...(passwordHash ? { passwordHash } : { password: "" }),
  };
}

// --- Reading ------------------------------------------------------------------------------------

const VISIBILITY: Record<string, Visibility> = {
  visible: "Visible",
  hidden: "Hidden",
  veryHidden: "VeryHidden",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

const rgb = (argb: unknown): string | undefined =>
  typeof argb === "string" && /^[0-9a-f]{8}$/i.test(argb) ? `#${argb.slice(2).toUpperCase()}` : undefined;

function plainText(value: unknown): string {
  if (typeof value === "string") return value;
  if (isRecord(value) && Array.isArray(value.richText))
    return value.richText.map((run: unknown) => (isRecord(run) ? plainText(run.text) : "")).join("");
  if (isRecord(value) && "text" in value) return plainText(value.text);
  return "";
}

/** A value as the fake stores it. */
function store(target: CellState, value: unknown): void {
  if (value === null || value === undefined) return;
  if (typeof value === "string" || typeof value === "boolean") target.value = value;
  else if (typeof value === "number") target.value = Number.isFinite(value) ? value : 0;
  else if (value instanceof Date) target.value = dateToSerial(value);
  else if (isRecord(value) && typeof value.error === "string") {
    target.value = value.error;
    target.error = value.error;
  } else target.value = plainText(value);
}

function readCell(ExcelJSm: ExcelJSModule, cell: ExcelJS.Cell, target: CellState): void {
  const mergedSlave = cell.isMerged && cell.master !== cell;
  if (!mergedSlave) {
    if (cell.type === ExcelJSm.ValueType.Formula) {
      const formula = cell.formula;
      if (typeof formula === "string" && formula !== "") {
        target.formula = `=${formula}`;
        target.value = "";
        store(target, cell.result);
      }
    } else if (cell.type === ExcelJSm.ValueType.Hyperlink && isRecord(cell.value)) {
      const link = cell.value as { text?: unknown; hyperlink?: unknown };
      target.value = plainText(link.text);
      const address = typeof link.hyperlink === "string" ? link.hyperlink : "";
      target.hyperlink = address.startsWith("#")
        ? { documentReference: address.slice(1), textToDisplay: target.value }
        : { address, textToDisplay: target.value };
    } else store(target, cell.value);
  }
  const numFmt = cell.numFmt;
  if (typeof numFmt === "string" && numFmt !== "") target.numberFormat = numFmt;

  const style: Record<string, string | number | boolean> = {};
  const font = cell.font;
  if (font?.bold) style["font.bold"] = true;
  if (font?.italic) style["font.italic"] = true;
  if (typeof font?.size === "number" && font.size !== 11) style["font.size"] = font.size;
  const fontColor = rgb(font?.color?.argb);
  if (fontColor && fontColor !== "#000000") style["font.color"] = fontColor;
  const fill = cell.fill;
  if (fill?.type === "pattern" && fill.pattern === "solid") {
    const color = rgb(fill.fgColor?.argb);
    if (color) style["fill.color"] = color;
  }
  const alignment = cell.alignment;
  const horizontal = alignment?.horizontal;
  if (horizontal === "left" || horizontal === "right" || horizontal === "center")
    style.horizontalAlignment = horizontal[0]?.toUpperCase() + horizontal.slice(1);
  if (alignment?.wrapText) style.wrapText = true;
  if (typeof alignment?.indent === "number" && alignment.indent > 0) style.indentLevel = alignment.indent;
  if (cell.border?.top?.style) style["borders.EdgeTop.style"] = "Continuous";
  if (cell.border?.bottom?.style) style["borders.EdgeBottom.style"] = "Continuous";
  if (Object.keys(style).length > 0) target.style = style;
}

/** `A1:F20` (or `$A$1:$F$20`) as a 0-based area. */
function parseRange(ref: string): Area | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const left = columnNumber(m[1]) - 1;
  const top = Number(m[2]) - 1;
  const right = m[3] ? columnNumber(m[3]) - 1 : left;
  const bottom = m[4] ? Number(m[4]) - 1 : top;
  return {
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom),
    right: Math.max(left, right),
  };
}

interface TableModel {
  readonly name: string;
  readonly ref?: string;
  readonly headerRow?: boolean;
  readonly totalsRow?: boolean;
  readonly theme?: string;
}

/** The tables ExcelJS found on a sheet (its typings and its objects differ; see src/xlsx/read.ts). */
function tablesOf(sheet: ExcelJS.Worksheet): TableModel[] {
  const list: unknown[] = (sheet as unknown as { getTables(): unknown[] }).getTables?.() ?? [];
  return list.flatMap((value) => {
    const item: unknown = Array.isArray(value) ? value[0] : value;
    const model: unknown = isRecord(item) && isRecord(item.table) ? item.table : item;
    if (!isRecord(model) || typeof model.name !== "string") return [];
    const ref =
      typeof model.tableRef === "string"
        ? model.tableRef
        : typeof model.ref === "string"
          ? model.ref
          : undefined;
    const style =
      isRecord(model.style) && typeof model.style.theme === "string" ? model.style.theme : undefined;
    return [
      {
        name: model.name,
        ...(ref ? { ref } : {}),
        ...(typeof model.headerRow === "boolean" ? { headerRow: model.headerRow } : {}),
        ...(typeof model.totalsRow === "boolean" ? { totalsRow: model.totalsRow } : {}),
        ...(style ? { theme: style } : {}),
      },
    ];
  });
}

/** Points for a width in characters (as src/office/address.ts's columnWidthPoints). */
const widthPoints = (characters: number) => Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
const widthCharacters = (points: number) => Math.max(0, Math.round(((points / 0.75 - 5) / 7) * 100) / 100);

function fileKind(bytes: Uint8Array): "zip" | "ole" | "other" {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "zip";
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return "ole";
  return "other";
}

/** Reads an `.xlsx` file into a fake workbook. */
export async function openXlsx(bytes: ArrayBuffer, fileName: string): Promise<FakeExcel> {
  const S = PREVIEW_STRINGS.open;
  const kind = fileKind(new Uint8Array(bytes, 0, Math.min(8, bytes.byteLength)));
  if (kind === "ole") throw new OpenError(S.protectedOrOld(fileName));
  if (kind !== "zip") throw new OpenError(S.notXlsx(fileName));
  const ExcelJSm = await loadExcelJS();
  const workbook = new ExcelJSm.Workbook();
  try {
    await workbook.xlsx.load(bytes);
  } catch (error) {
    throw new OpenError(S.unreadable(fileName, error instanceof Error ? error.message : String(error)));
  }
  const state: WorkbookState = newWorkbook();
  for (const ws of workbook.worksheets) {
    const sheet = newSheet(state, ws.name);
    sheet.visibility = VISIBILITY[ws.state] ?? "Visible";
    state.sheets.push(sheet);
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) =>
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) =>
        readCell(ExcelJSm, cell, ensureCell(sheet, rowNumber - 1, columnNumber - 1)),
      ),
    );
    for (let c = 1; c <= Math.min(ws.columnCount, 16_384); c++) {
      const width = ws.getColumn(c).width;
      if (typeof width === "number" && width > 0) sheet.columnWidths.set(c - 1, widthPoints(width));
    }
    const view = ws.views?.[0] as
      (ExcelJS.WorksheetView & { ySplit?: number; xSplit?: number; activeCell?: string }) | undefined;
    if (view?.state === "frozen") {
      sheet.frozenRows = view.ySplit ?? 0;
      sheet.frozenColumns = view.xSplit ?? 0;
    }
    const active = view?.activeCell ? parseRange(view.activeCell) : undefined;
    if (active) sheet.selection = active;
    const protection = readProtection(ws);
    if (protection) sheet.protection = protection;
    readConditionalFormats(state, ws, sheet);
    for (const table of tablesOf(ws)) {
      const area = table.ref ? parseRange(table.ref) : undefined;
      if (!area) continue;
      state.tables.push({
        id: newId(state, "table"),
        name: table.name,
        sheet,
        area,
        showHeaders: table.headerRow !== false,
        showTotals: table.totalsRow === true,
        style: table.theme ?? "TableStyleMedium2",
      });
    }
  }
  if (state.sheets.length === 0) throw new OpenError(S.noSheets(fileName));
  if (!state.sheets.some((s) => s.visibility === "Visible"))
    (state.sheets[0] as SheetState).visibility = "Visible";
  const activeTab = workbook.views?.[0]?.activeTab ?? 0;
  const visible = state.sheets.filter((s) => s.visibility === "Visible");
  state.activeSheet =
    state.sheets[activeTab]?.visibility === "Visible" ? state.sheets[activeTab] : visible[0];
  return new FakeExcel({}, state);
}

function readConditionalFormats(state: WorkbookState, ws: ExcelJS.Worksheet, sheet: SheetState): void {
  const formats = (ws as unknown as { conditionalFormattings?: unknown[] }).conditionalFormattings ?? [];
  for (const format of formats) {
    if (!isRecord(format) || typeof format.ref !== "string" || !Array.isArray(format.rules)) continue;
    const areas = format.ref
      .split(/\s+/)
      .map(parseRange)
      .filter((a): a is Area => a !== undefined);
    for (const rule of format.rules) {
      if (!isRecord(rule) || rule.type !== "expression") continue;
      const formulae = Array.isArray(rule.formulae) ? rule.formulae : [];
      const style = isRecord(rule.style) ? rule.style : {};
      const fill = isRecord(style.fill) ? style.fill : {};
      const color =
        rgb(isRecord(fill.bgColor) ? fill.bgColor.argb : undefined) ??
        rgb(isRecord(fill.fgColor) ? fill.fgColor.argb : undefined);
      sheet.conditionalFormats.push({
        id: newId(state, "cf"),
        type: "Custom",
        areas,
        ...(typeof formulae[0] === "string" ? { formula: `=${formulae[0]}` } : {}),
        ...(color ? { fillColor: color } : {}),
      });
    }
  }
}

// --- Writing ------------------------------------------------------------------------------------

const STATE: Record<Visibility, ExcelJS.WorksheetState> = {
  Visible: "visible",
  Hidden: "hidden",
  VeryHidden: "veryHidden",
};
const argb = (color: string) => `FF${color.replace(/^#/, "").toUpperCase()}`;

function excelValue(cell: CellState): ExcelJS.CellValue {
  if (cell.error !== undefined) return { error: cell.error as ExcelJS.CellErrorValue["error"] };
  return cell.value === "" ? null : cell.value;
}

function writeCell(target: ExcelJS.Cell, cell: CellState): void {
  const value = excelValue(cell);
  const link = cell.hyperlink?.documentReference ? parseLink(cell.hyperlink.documentReference) : undefined;
  if (cell.formula !== undefined) {
    const formula = cell.formula.replace(/^=/, "");
    target.value =
      value === null
        ? ({ formula } as ExcelJS.CellFormulaValue)
        : ({ formula, result: value } as ExcelJS.CellFormulaValue);
  } else if (link) {
    const reference = cell.hyperlink?.documentReference ?? "";
    const text = String(cell.value === "" ? (cell.hyperlink?.textToDisplay ?? link.cell) : cell.value);
    target.value = {
      formula: `HYPERLINK("#${reference.replace(/"/g, '""')}","${text.replace(/"/g, '""')}")`,
      result: text,
    } as ExcelJS.CellFormulaValue;
  } else if (cell.hyperlink?.address) {
    target.value = { text: String(cell.value), hyperlink: cell.hyperlink.address };
  } else target.value = value;
  if (cell.numberFormat && cell.numberFormat !== "General") target.numFmt = cell.numberFormat;
  const style = cell.style ?? {};
  const font: Partial<ExcelJS.Font> = {};
  if (style["font.bold"] === true) font.bold = true;
  if (style["font.italic"] === true) font.italic = true;
  if (typeof style["font.size"] === "number") font.size = style["font.size"];
  if (typeof style["font.color"] === "string" && /^#[0-9A-F]{6}$/i.test(style["font.color"]))
    font.color = { argb: argb(style["font.color"]) };
  if (link) font.underline = true;
  if (Object.keys(font).length > 0) target.font = font;
  const fill = style["fill.color"];
  if (typeof fill === "string" && /^#[0-9A-F]{6}$/i.test(fill))
    target.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(fill) } };
  const alignment: Partial<ExcelJS.Alignment> = {};
  const horizontal = style.horizontalAlignment;
  if (horizontal === "Left" || horizontal === "Right" || horizontal === "Center")
    alignment.horizontal = horizontal.toLowerCase() as "left" | "right" | "center";
  if (style.wrapText === true) alignment.wrapText = true;
  if (typeof style.indentLevel === "number" && style.indentLevel > 0) alignment.indent = style.indentLevel;
  if (Object.keys(alignment).length > 0) target.alignment = alignment;
  const border: Partial<ExcelJS.Borders> = {};
  if (typeof style["borders.EdgeTop.style"] === "string" && style["borders.EdgeTop.style"] !== "None")
    border.top = { style: "thin" };
  if (typeof style["borders.EdgeBottom.style"] === "string" && style["borders.EdgeBottom.style"] !== "None")
    border.bottom = { style: "thin" };
  if (Object.keys(border).length > 0) target.border = border;
}

const rangeText = (area: Area) =>
  `${columnLetter(area.left + 1)}${area.top + 1}:${columnLetter(area.right + 1)}${area.bottom + 1}`;

function addValidations(ws: ExcelJS.Worksheet, sheet: SheetState): void {
  const validations = (
    ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  for (const v of sheet.validations) {
    const rule = isRecord(v.rule) ? v.rule : {};
    const list = isRecord(rule.list) ? rule.list : undefined;
    if (!list || typeof list.source !== "string") continue;
    const alert = isRecord(v.errorAlert) ? v.errorAlert : {};
    const style =
      alert.style === "Stop" ? "error" : alert.style === "Information" ? "information" : "warning";
    validations.add(rangeText(v.area), {
      type: "list",
      allowBlank: v.ignoreBlanks !== false,
      formulae: [list.source.replace(/^=/, "")],
      showErrorMessage: alert.showAlert === true,
      errorStyle: style,
      ...(typeof alert.title === "string" ? { errorTitle: alert.title } : {}),
      ...(typeof alert.message === "string" ? { error: alert.message } : {}),
    });
  }
}

/** Writes the fake workbook's state as an `.xlsx` file, its charts as native Excel charts. */
export async function saveXlsx(fake: FakeExcel): Promise<Uint8Array> {
  const ExcelJSm = await loadExcelJS();
  const workbook = new ExcelJSm.Workbook();
  workbook.creator = PREVIEW_STRINGS.appName;
  const state = fake.state;
  for (const sheet of state.sheets) {
    const frozen = sheet.frozenRows > 0 || sheet.frozenColumns > 0;
    const ws = workbook.addWorksheet(sheet.name, {
      state: STATE[sheet.visibility],
      views: [
        frozen
          ? {
              state: "frozen",
              xSplit: sheet.frozenColumns,
              ySplit: sheet.frozenRows,
              topLeftCell: `${columnLetter(sheet.frozenColumns + 1)}${sheet.frozenRows + 1}`,
            }
          : { state: "normal" },
      ],
    });
    for (const [c, points] of sheet.columnWidths) ws.getColumn(c + 1).width = widthCharacters(points);
    // Tables first: ExcelJS writes their header and row values into the cells, written again below.
    for (const table of state.tables.filter((t) => t.sheet === sheet)) {
      const { area } = table;
      const headerRow = table.showHeaders ? area.top : area.top - 1;
      const used = new Set<string>();
      const columns = Array.from({ length: area.right - area.left + 1 }, (_, j) => {
        const header = getCell(sheet, headerRow, area.left + j);
        let name = header && header.value !== "" ? String(header.value) : `Kolumn${j + 1}`;
        for (let n = 2; used.has(name.toLowerCase()); n++) name = `${name}${n}`;
        used.add(name.toLowerCase());
        return { name, filterButton: true };
      });
      const last = area.bottom - (table.showTotals ? 1 : 0);
      const rows: ExcelJS.CellValue[][] = [];
      for (let r = headerRow + 1; r <= last; r++)
        rows.push(
          columns.map((_, j) => {
            const cell = getCell(sheet, r, area.left + j);
            return cell && cell.formula === undefined ? excelValue(cell) : null;
          }),
        );
      ws.addTable({
        name: table.name,
        displayName: table.name,
        ref: `${columnLetter(area.left + 1)}${headerRow + 1}`,
        headerRow: table.showHeaders,
        totalsRow: false,
        style: { theme: table.style as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
        columns,
        rows: rows.length > 0 ? rows : [columns.map(() => null)],
      });
    }
    sheet.rows.forEach((cells, r) =>
      cells?.forEach((cell, c) => {
        if (cell) writeCell(ws.getCell(r + 1, c + 1), cell);
      }),
    );
    for (const format of sheet.conditionalFormats) {
      if (!format.fillColor || format.areas.length === 0) continue;
      ws.addConditionalFormatting({
        ref: format.areas.map(rangeText).join(" "),
        rules: [
          {
            type: "expression",
            priority: 1,
            formulae: [(format.formula ?? "=TRUE").replace(/^=/, "")],
            style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(format.fillColor) } } },
          },
        ],
      });
    }
    addValidations(ws, sheet);
    if (sheet.protection) await writeProtection(ws, sheet.protection);
    if (sheet.selection) {
      const view = ws.views[0] as ExcelJS.WorksheetView & { activeCell?: string };
      view.activeCell = `${columnLetter(sheet.selection.left + 1)}${sheet.selection.top + 1}`;
    }
  }
  const active = state.activeSheet ? state.sheets.indexOf(state.activeSheet) : 0;
  workbook.views = [
    {
      x: 0,
      y: 0,
      width: 20000,
      height: 12000,
      firstSheet: 0,
      activeTab: Math.max(0, active),
      visibility: "visible",
    },
  ];
  const buffer = await workbook.xlsx.writeBuffer();
  return withCharts(new Uint8Array(buffer as ArrayBuffer), state.sheets);
}
