/**
 * Native Excel charts as package parts, for every writer that has an `.xlsx` package and charts
 * to put into it: the command line's generated sheets (./charts.ts, from {@link LayoutChart}s) and
 * the browser version's download (src/preview/xlsx-charts.ts, from the fake workbook's charts).
 *
 * Per sheet with charts one drawing (`xl/drawings/drawingN.xml`, a `twoCellAnchor` with a graphic
 * frame per chart) and per chart a chart part (`xl/charts/chartN.xml`, a `c:barChart`), their
 * relationships, the content types, and the sheet's `<drawing r:id>` element.
 *
 * Each series refers to the sheet's cells (`'Sammanställning ekonomi'!$C$40:$C$46`), so the chart
 * follows the sheet when Excel recalculates; the caches hold the values the writer knows, so
 * readers that do not calculate (and Excel before it has) show the same figures.
 *
 * Browser-safe: no Node APIs (the browser version bundles this module in its lazily loaded
 * download chunk); zipping is fflate's, which works in both.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { columnLetter, type CellValue } from "../core/sheet";
import { sheetRef } from "../core/summary/formulas";
import { relsPathOf, resolveTarget } from "./part-paths";
import { insertElement } from "./worksheet-order";
import { encodeXml, xmlAttributes } from "./xml";

const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
const NS_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";

export const CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
export const DRAWING_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";
export const DRAWING_REL = `${NS_R}/drawing`;
export const CHART_REL = `${NS_R}/chart`;
const WORKSHEET_REL = `${NS_R}/worksheet`;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * SpreadsheetML's `_xHHHH_` escapes: control characters as `_xHHHH_`, a literal `_xHHHH_` with its
 * underscore escaped (`_x005F_`). The one implementation: src/xlsx/write.ts re-exports it (this
 * module stays free of Node so the browser version can use it).
 */
export function escapeText(value: string): string {
  return value.replace(/_x(?=[0-9A-Fa-f]{4}_)/g, "_x005F_x").replace(
    // eslint-disable-next-line no-control-regex -- control characters are what is encoded here
    /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g,
    (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
}

/** Text for an XML element or attribute, with SpreadsheetML's `_xHHHH_` escapes. */
function text(value: string): string {
  return encodeXml(escapeText(value));
}

const absolute = (row: number, column: number) => `$${columnLetter(column + 1)}$${row + 1}`;

/** `'Sheet'!$B$5` or `'Sheet'!$B$6:$B$9`, 0-based rows and columns. */
export function reference(sheet: string, top: number, left: number, bottom = top, right = left): string {
  const first = absolute(top, left);
  const last = absolute(bottom, right);
  return `${sheetRef(sheet)}!${first === last ? first : `${first}:${last}`}`;
}

/** `RRGGBB` in upper case from `RRGGBB` or `#RRGGBB`; anything else (a colour name) is undefined. */
export function rgbColor(value: string | undefined): string | undefined {
  const hex = value?.replace(/^#/, "");
  return hex !== undefined && /^[0-9A-Fa-f]{6}$/.test(hex) ? hex.toUpperCase() : undefined;
}

/** One series: its name and values as cell references with cached values, and its fill. */
export interface ChartSeriesData {
  /** The header cell with the series' name; without it Excel calls the series `Serie1` … */
  readonly name?: { readonly formula: string; readonly text: string };
  readonly values: {
    readonly formula: string;
    readonly format: string;
    readonly cached: readonly (CellValue | undefined)[];
  };
  /** `RRGGBB`; without it Excel's palette. */
  readonly color?: string;
}

/** The chart's series and categories as cell references and cached values. */
export interface ChartData {
  /** The category labels' cells; without them Excel numbers the categories 1, 2, … */
  readonly categories?: { readonly formula: string; readonly labels: readonly string[] };
  readonly series: readonly ChartSeriesData[];
}

/** Where a chart sits: from the top-left corner of cell (row, column) to that of (toRow, toColumn), 0-based. */
export interface ChartAnchor {
  readonly row: number;
  readonly column: number;
  readonly toRow: number;
  readonly toColumn: number;
}

/** A bar or column chart as it is written: what every writer maps its own charts to. */
export interface NativeChart {
  /** Excel's chart name (the drawing's shape name). */
  readonly name: string;
  /** Empty: no title. */
  readonly title: string;
  /** `col`: vertical columns; `bar`: horizontal bars. */
  readonly direction: "col" | "bar";
  readonly grouping: "clustered" | "stacked" | "percentStacked";
  /** Categories in reverse order (horizontal bars top to bottom in the sheet's order). */
  readonly reversed: boolean;
  /** Where the value axis crosses the category axis. */
  readonly valueAxisCrosses: "autoZero" | "max" | "min";
  readonly data: ChartData;
  readonly anchor: ChartAnchor;
}

function strRef(formula: string, values: readonly string[]): string {
  const points = values.map((v, i) => (v === "" ? "" : `<c:pt idx="${i}"><c:v>${text(v)}</c:v></c:pt>`));
  return `<c:strRef><c:f>${text(formula)}</c:f><c:strCache><c:ptCount val="${values.length}"/>${points.join("")}</c:strCache></c:strRef>`;
}

function numRef(formula: string, format: string, values: readonly (CellValue | undefined)[]): string {
  const points = values.map((v, i) =>
    typeof v === "number" && Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${String(v)}</c:v></c:pt>` : "",
  );
  return `<c:numRef><c:f>${text(formula)}</c:f><c:numCache><c:formatCode>${text(format)}</c:formatCode><c:ptCount val="${values.length}"/>${points.join("")}</c:numCache></c:numRef>`;
}

const CATEGORY_AXIS = 500_100;
const VALUE_AXIS = 500_200;

/** `xl/charts/chartN.xml`: a bar or column chart with its title and the legend below it. */
export function nativeChartXml(chart: NativeChart): string {
  const { data } = chart;
  const stacked = chart.grouping !== "clustered";
  const horizontal = chart.direction === "bar";
  const series = data.series
    .map((s, i) => {
      const fill = s.color ? `<c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr>` : "";
      const name = s.name ? `<c:tx>${strRef(s.name.formula, [s.name.text])}</c:tx>` : "";
      const categories = data.categories
        ? `<c:cat>${strRef(data.categories.formula, data.categories.labels)}</c:cat>`
        : "";
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `${name}${fill}<c:invertIfNegative val="0"/>${categories}` +
        `<c:val>${numRef(s.values.formula, s.values.format, s.values.cached)}</c:val></c:ser>`
      );
    })
    .join("");
  const valueFormat = data.series[0]?.values.format ?? "General";
  const title =
    chart.title === ""
      ? ""
      : `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr>` +
        `<a:r><a:rPr lang="sv-SE" sz="1400" b="1"/><a:t>${text(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
        `<c:overlay val="0"/></c:title>`;
  const categoryAxis =
    `<c:catAx><c:axId val="${CATEGORY_AXIS}"/><c:scaling><c:orientation val="${chart.reversed ? "maxMin" : "minMax"}"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? "l" : "b"}"/><c:numFmt formatCode="General" sourceLinked="1"/>` +
    `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>` +
    `<c:crossAx val="${VALUE_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>` +
    `<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  const valueAxis =
    `<c:valAx><c:axId val="${VALUE_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? "b" : "l"}"/><c:majorGridlines/>` +
    `<c:numFmt formatCode="${text(valueFormat)}" sourceLinked="1"/><c:majorTickMark val="none"/>` +
    `<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="${CATEGORY_AXIS}"/>` +
    `<c:crosses val="${chart.valueAxisCrosses}"/><c:crossBetween val="between"/></c:valAx>`;
  return (
    XML_DECLARATION +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    `<c:date1904 val="0"/><c:lang val="sv-SE"/><c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:autoTitleDeleted val="${chart.title === "" ? 1 : 0}"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="${chart.direction}"/><c:grouping val="${chart.grouping}"/>` +
    `<c:varyColors val="0"/>${series}<c:gapWidth val="${stacked ? 60 : 150}"/>` +
    (stacked ? `<c:overlap val="100"/>` : "") +
    `<c:axId val="${CATEGORY_AXIS}"/><c:axId val="${VALUE_AXIS}"/></c:barChart>` +
    `${categoryAxis}${valueAxis}</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

function marker(tag: "from" | "to", row: number, column: number): string {
  return `<xdr:${tag}><xdr:col>${column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
}

/** What the drawing needs of a chart. */
export interface AnchoredChart {
  readonly name: string;
  readonly title: string;
  readonly anchor: ChartAnchor;
}

/** `xl/drawings/drawingN.xml`: one anchored graphic frame per chart, with its title as alt text. */
export function drawingPartXml(
  charts: readonly { readonly chart: AnchoredChart; readonly relId: string }[],
): string {
  const anchors = charts.map(({ chart, relId }, i) => {
    const { anchor } = chart;
    const toRow = Math.max(anchor.toRow, anchor.row + 1);
    const toColumn = Math.max(anchor.toColumn, anchor.column + 1);
    return (
      `<xdr:twoCellAnchor>${marker("from", anchor.row, anchor.column)}${marker("to", toRow, toColumn)}` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>` +
      `<xdr:cNvPr id="${i + 2}" name="${text(chart.name)}" descr="${text(chart.title)}"/><xdr:cNvGraphicFramePr/>` +
      `</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
      `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="${relId}"/>` +
      `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
    );
  });
  return XML_DECLARATION + `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${anchors.join("")}</xdr:wsDr>`;
}

export function relationshipsXml(rels: readonly { id: string; type: string; target: string }[]): string {
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${NS_PACKAGE_RELS}">` +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${text(r.target)}"/>`).join("") +
    `</Relationships>`
  );
}

/** Adds a relationship to a `.rels` part (or a new one); returns the part and the new Id. */
export function addRelationship(
  rels: string | undefined,
  type: string,
  target: string,
): { xml: string; id: string } {
  const taken = new Set(
    [...(rels ?? "").matchAll(/<Relationship\b([^>]*)>/g)].map((m) => xmlAttributes(m[1] ?? "").get("Id")),
  );
  let n = 1;
  while (taken.has(`rId${n}`)) n += 1;
  const id = `rId${n}`;
  const element = `<Relationship Id="${id}" Type="${type}" Target="${text(target)}"/>`;
  if (rels === undefined || !rels.includes("</Relationships>"))
    return { xml: relationshipsXml([{ id, type, target }]), id };
  return { xml: rels.replace("</Relationships>", `${element}</Relationships>`), id };
}

/** The sheet's XML with `<drawing r:id>` in its place (and the `r` namespace declared). */
export function withDrawingElement(sheetXml: string, relId: string): string {
  let xml = sheetXml;
  const root = /<worksheet\b[^>]*>/.exec(xml);
  if (root && !/\sxmlns:r\s*=/.test(root[0]))
    xml = xml.replace(root[0], root[0].replace(/<worksheet\b/, `<worksheet xmlns:r="${NS_R}"`));
  return insertElement(xml, "drawing", `<drawing r:id="${relId}"/>`);
}

/** The package operations the chart writer needs. */
export interface PackageParts {
  read(path: string): Promise<string | undefined> | string | undefined;
  write(path: string, xml: string): void;
  /** Every part path, without a leading `/`. */
  paths(): readonly string[];
}

/** Each worksheet's part path by sheet name, from `xl/workbook.xml` and its relationships. */
export async function worksheetPaths(parts: PackageParts): Promise<Map<string, string>> {
  const workbook = (await parts.read("xl/workbook.xml")) ?? "";
  const rels = (await parts.read(relsPathOf("xl/workbook.xml"))) ?? "";
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attrs = xmlAttributes(m[1] ?? "");
    const id = attrs.get("Id");
    const target = attrs.get("Target");
    if (id !== undefined && target !== undefined && attrs.get("Type") === WORKSHEET_REL)
      targets.set(id, resolveTarget(target, "xl/"));
  }
  const paths = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b([^>]*)>/g)) {
    const attrs = xmlAttributes(m[1] ?? "");
    const name = attrs.get("name");
    const target = targets.get(attrs.get("r:id") ?? "");
    if (name !== undefined && target !== undefined) paths.set(name, target);
  }
  return paths;
}

function highestNumber(paths: readonly string[], pattern: RegExp): number {
  return paths.reduce((n, p) => Math.max(n, Number(pattern.exec(p)?.[1] ?? 0)), 0);
}

/** A worksheet part and the charts to put on it. */
export interface SheetCharts {
  /** The worksheet's part path, e.g. `xl/worksheets/sheet3.xml`. */
  readonly path: string;
  readonly charts: readonly NativeChart[];
}

/**
 * Adds charts to a package: one drawing per sheet with its charts' parts. New parts take numbers
 * above every existing one, so no part of another sheet is touched. A sheet that has a drawing
 * already (a picture ExcelJS wrote) is left as it is, without the charts.
 */
export async function addNativeCharts(parts: PackageParts, sheets: readonly SheetCharts[]): Promise<void> {
  const withCharts = sheets.filter((s) => s.charts.length > 0);
  if (withCharts.length === 0) return;
  const paths = parts.paths();
  let chartNumber = highestNumber(paths, /^xl\/charts\/chart(\d+)\.xml$/i);
  let drawingNumber = highestNumber(paths, /^xl\/drawings\/drawing(\d+)\.xml$/i);
  const overrides: string[] = [];

  for (const sheet of withCharts) {
    const sheetXml = await parts.read(sheet.path);
    if (sheetXml === undefined || /<drawing[\s/>]/.test(sheetXml)) continue;
    drawingNumber += 1;
    const drawingPath = `xl/drawings/drawing${drawingNumber}.xml`;
    const anchored = sheet.charts.map((chart, i) => {
      chartNumber += 1;
      const chartPath = `xl/charts/chart${chartNumber}.xml`;
      parts.write(chartPath, nativeChartXml(chart));
      overrides.push(`<Override PartName="/${chartPath}" ContentType="${CHART_CONTENT_TYPE}"/>`);
      return { chart, relId: `rId${i + 1}`, target: `../charts/chart${chartNumber}.xml` };
    });
    parts.write(drawingPath, drawingPartXml(anchored));
    parts.write(
      relsPathOf(drawingPath),
      relationshipsXml(anchored.map((a) => ({ id: a.relId, type: CHART_REL, target: a.target }))),
    );
    overrides.push(`<Override PartName="/${drawingPath}" ContentType="${DRAWING_CONTENT_TYPE}"/>`);

    const relsPath = relsPathOf(sheet.path);
    const rel = addRelationship(
      await parts.read(relsPath),
      DRAWING_REL,
      `../drawings/drawing${drawingNumber}.xml`,
    );
    parts.write(relsPath, rel.xml);
    parts.write(sheet.path, withDrawingElement(sheetXml, rel.id));
  }

  const types = (await parts.read("[Content_Types].xml")) ?? "";
  parts.write("[Content_Types].xml", types.replace("</Types>", `${overrides.join("")}</Types>`));
}

/**
 * An `.xlsx` package's bytes with charts added to the named sheets (fflate: in the browser as in
 * Node). Without charts the bytes are returned as they are; otherwise the package is unzipped,
 * the parts added and zipped again, with the parts in their order and the new ones after them.
 */
export async function addChartsToXlsx(
  bytes: Uint8Array,
  sheets: readonly { readonly sheet: string; readonly charts: readonly NativeChart[] }[],
): Promise<Uint8Array> {
  if (!sheets.some((s) => s.charts.length > 0)) return bytes;
  const files = unzipSync(bytes);
  const entries = new Map<string, Uint8Array>(
    Object.entries(files).map(([p, data]) => [p.replace(/^\//, ""), data]),
  );
  const parts: PackageParts = {
    read: (path) => {
      const data = entries.get(path);
      return data === undefined ? undefined : strFromU8(data);
    },
    write: (path, xml) => {
      entries.set(path, strToU8(xml));
    },
    paths: () => [...entries.keys()].filter((p) => !p.endsWith("/")),
  };
  const paths = await worksheetPaths(parts);
  await addNativeCharts(
    parts,
    sheets.flatMap(({ sheet, charts }) => {
      const path = paths.get(sheet);
      return path === undefined ? [] : [{ path, charts }];
    }),
  );
  const zippable: Zippable = {};
  for (const [path, data] of entries) zippable[path] = data;
  return zipSync(zippable, { level: 6 });
}
