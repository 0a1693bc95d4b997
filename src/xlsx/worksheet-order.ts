/**
 * The top-level elements of a worksheet part (`xl/worksheets/sheetN.xml`): CT_Worksheet's
 * children, found by a scan that skips over `<sheetData>`, and new ones inserted where the schema
 * puts them. Shared by the direct sheet edits (./sheet-xml.ts), the command line's writer
 * (./generated.ts) and the chart parts (./chart-parts.ts).
 *
 * Browser-safe: no Node APIs (./chart-parts.ts is bundled into the browser version).
 */

/** CT_Worksheet's children in schema order. */
const WORKSHEET_ORDER = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

export interface Element {
  readonly name: string;
  readonly start: number;
  /** Index just after the element. */
  readonly end: number;
}

const TAG = /<(\/?)([A-Za-z_][\w:.-]*)\b[^>]*?(\/?)>/g;

/** The root element's children (`<sheetData>` is skipped over, not scanned). */
export function topLevelElements(xml: string): Element[] {
  const out: Element[] = [];
  const root = /<worksheet\b[^>]*>/.exec(xml);
  if (!root) return out;
  let depth = 0;
  let open: { name: string; start: number } | undefined;
  TAG.lastIndex = root.index + root[0].length;
  for (let m = TAG.exec(xml); m; m = TAG.exec(xml)) {
    const [whole, closing, name = "", selfClosing] = m;
    if (depth === 0) {
      if (closing) break; // </worksheet>
      if (selfClosing) {
        out.push({ name, start: m.index, end: m.index + whole.length });
        continue;
      }
      open = { name, start: m.index };
      if (name === "sheetData") {
        const close = xml.indexOf("</sheetData>", TAG.lastIndex);
        if (close < 0) break;
        TAG.lastIndex = close + "</sheetData>".length;
        out.push({ name, start: m.index, end: TAG.lastIndex });
        open = undefined;
        continue;
      }
      depth = 1;
      continue;
    }
    if (closing) depth -= 1;
    else if (!selfClosing) depth += 1;
    if (depth === 0 && open) {
      out.push({ name: open.name, start: open.start, end: m.index + whole.length });
      open = undefined;
    }
  }
  return out;
}

export function findElement(xml: string, name: string): Element | undefined {
  return topLevelElements(xml).find((e) => e.name === name);
}

/** Inserts a top-level element where the schema puts it (before the first child that follows it). */
export function insertElement(xml: string, name: string, snippet: string): string {
  const order = WORKSHEET_ORDER.indexOf(name);
  const after = topLevelElements(xml).find((e) => {
    const i = WORKSHEET_ORDER.indexOf(e.name);
    return i > order;
  });
  const at = after ? after.start : xml.lastIndexOf("</worksheet>");
  return at < 0 ? xml : xml.slice(0, at) + snippet + xml.slice(at);
}
