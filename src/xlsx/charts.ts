/**
 * Native Excel charts for the generated sheets' {@link LayoutChart}s. ExcelJS cannot write charts,
 * so after it has written the package the chart parts are added by hand: per sheet with charts one
 * drawing (`xl/drawings/drawingN.xml`, a `twoCellAnchor` with a graphic frame per chart) and per
 * chart a chart part (`xl/charts/chartN.xml`, a `c:barChart`), their relationships, the content
 * types, and the sheet's `<drawing r:id>` element.
 *
 * Each series refers to the sheet's cells (`'Sammanställning ekonomi'!$C$40:$C$46`), so the chart
 * follows the sheet when Excel recalculates; the caches hold the layout's values, so readers that
 * do not calculate (and Excel before it has) show the same figures.
 *
 * On a later run ExcelJS drops the charts and drawings of the old generated sheets together with
 * the sheets (it keeps no chart parts at all), so a re-run leaves only the new ones.
 */
import { columnLetter, type CellValue } from "../core/sheet";
import { sheetRef } from "../core/summary/formulas";
import type { LayoutCell, LayoutChart, SheetLayout } from "../core/summary/types";
import { escapeText } from "./write";
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

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Text for an XML element or attribute, with SpreadsheetML's `_xHHHH_` escapes. */
function text(value: string): string {
  return encodeXml(escapeText(value));
}

const absolute = (row: number, column: number) => `$${columnLetter(column + 1)}$${row + 1}`;

/** `'Sheet'!$B$5` or `'Sheet'!$B$6:$B$9`, 0-based rows and columns. */
function reference(sheet: string, top: number, left: number, bottom = top, right = left): string {
  const first = absolute(top, left);
  const last = absolute(bottom, right);
  return `${sheetRef(sheet)}!${first === last ? first : `${first}:${last}`}`;
}

function cellOf(layout: SheetLayout, row: number, column: number): LayoutCell | null | undefined {
  return layout.rows[row]?.[column];
}

/** A cell value as a chart shows it in a label (text cache). */
function label(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return value.error;
  if (typeof value === "boolean") return value ? "SANT" : "FALSKT";
  return String(value);
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

const isColor = (rgb: string | undefined): rgb is string => rgb !== undefined && /^[0-9A-Fa-f]{6}$/.test(rgb);

/** The chart's series and categories as cell references and cached values. */
export interface ChartData {
  readonly categories: { readonly formula: string; readonly labels: readonly string[] };
  readonly series: readonly {
    readonly name: { readonly formula: string; readonly text: string };
    readonly values: {
      readonly formula: string;
      readonly format: string;
      readonly cached: readonly CellValue[];
    };
    readonly color?: string;
  }[];
}

export function chartData(layout: SheetLayout, chart: LayoutChart): ChartData {
  const categories = Math.max(chart.categories, 1);
  const first = chart.row + 1;
  const last = chart.row + categories;
  const rows = Array.from({ length: categories }, (_, k) => first + k);
  return {
    categories: {
      formula: reference(layout.name, first, chart.column, last, chart.column),
      labels: rows.map((r) => label(cellOf(layout, r, chart.column)?.value)),
    },
    series: Array.from({ length: Math.max(chart.series, 1) }, (_, s) => {
      const column = chart.column + 1 + s;
      const cells = rows.map((r) => cellOf(layout, r, column));
      const color = chart.seriesColors?.[s]?.replace(/^#/, "");
      return {
        name: {
          formula: reference(layout.name, chart.row, column),
          text: label(cellOf(layout, chart.row, column)?.value),
        },
        values: {
          formula: reference(layout.name, first, column, last, column),
          format: cells.find((c) => c?.numberFormat)?.numberFormat ?? "General",
          cached: cells.map((c) => c?.value ?? null),
        },
        ...(isColor(color) ? { color: color.toUpperCase() } : {}),
      };
    }),
  };
}

const CATEGORY_AXIS = 500_100;
const VALUE_AXIS = 500_200;

/** `xl/charts/chartN.xml`: a clustered column chart or a stacked bar chart with title and legend. */
export function chartPartXml(layout: SheetLayout, chart: LayoutChart): string {
  const data = chartData(layout, chart);
  const stacked = chart.kind === "barStacked";
  const horizontal = chart.kind === "barStacked";
  const series = data.series
    .map((s, i) => {
      const fill = s.color ? `<c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr>` : "";
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `<c:tx>${strRef(s.name.formula, [s.name.text])}</c:tx>${fill}<c:invertIfNegative val="0"/>` +
        `<c:cat>${strRef(data.categories.formula, data.categories.labels)}</c:cat>` +
        `<c:val>${numRef(s.values.formula, s.values.format, s.values.cached)}</c:val></c:ser>`
      );
    })
    .join("");
  const valueFormat = data.series[0]?.values.format ?? "General";
  const title =
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="sv-SE" sz="1400" b="1"/><a:t>${text(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `<c:overlay val="0"/></c:title>`;
  // Horizontal bars list the categories top to bottom, in the sheet's order; the value axis stays
  // at the bottom (it crosses the reversed category axis at its maximum).
  const categoryAxis =
    `<c:catAx><c:axId val="${CATEGORY_AXIS}"/><c:scaling><c:orientation val="${horizontal ? "maxMin" : "minMax"}"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? "l" : "b"}"/><c:numFmt formatCode="General" sourceLinked="1"/>` +
    `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>` +
    `<c:crossAx val="${VALUE_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>` +
    `<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  const valueAxis =
    `<c:valAx><c:axId val="${VALUE_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? "b" : "l"}"/><c:majorGridlines/>` +
    `<c:numFmt formatCode="${text(valueFormat)}" sourceLinked="1"/><c:majorTickMark val="none"/>` +
    `<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="${CATEGORY_AXIS}"/>` +
    `<c:crosses val="${horizontal ? "max" : "autoZero"}"/><c:crossBetween val="between"/></c:valAx>`;
  return (
    XML_DECLARATION +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    `<c:date1904 val="0"/><c:lang val="sv-SE"/><c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="${horizontal ? "bar" : "col"}"/><c:grouping val="${stacked ? "stacked" : "clustered"}"/>` +
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

/** `xl/drawings/drawingN.xml`: one anchored graphic frame per chart, with its title as alt text. */
export function drawingPartXml(
  charts: readonly { readonly chart: LayoutChart; readonly relId: string }[],
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

/** Worksheet elements after `drawing`, in schema order (CT_Worksheet). */
const AFTER_DRAWING = [
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

/** The sheet's XML with `<drawing r:id>` in its place (and the `r` namespace declared). */
export function withDrawingElement(sheetXml: string, relId: string): string {
  let xml = sheetXml;
  const root = /<worksheet\b[^>]*>/.exec(xml);
  if (root && !/\sxmlns:r\s*=/.test(root[0]))
    xml = xml.replace(root[0], root[0].replace(/<worksheet\b/, `<worksheet xmlns:r="${NS_R}"`));
  let at = -1;
  for (const element of AFTER_DRAWING) {
    const match = new RegExp(`<${element}[\\s/>]`).exec(xml);
    if (match && (at < 0 || match.index < at)) at = match.index;
  }
  if (at < 0) at = xml.lastIndexOf("</worksheet>");
  const snippet = `<drawing r:id="${relId}"/>`;
  return at < 0 ? xml : xml.slice(0, at) + snippet + xml.slice(at);
}

/** `xl/worksheets/_rels/sheet3.xml.rels` for `xl/worksheets/sheet3.xml`. */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** The package operations the chart writer needs. */
export interface PackageParts {
  read(path: string): Promise<string | undefined>;
  write(path: string, xml: string): void;
  /** Every part path, without a leading `/`. */
  paths(): readonly string[];
}

function highestNumber(paths: readonly string[], pattern: RegExp): number {
  return paths.reduce((n, p) => Math.max(n, Number(pattern.exec(p)?.[1] ?? 0)), 0);
}

/**
 * Adds the layouts' charts to a package ExcelJS wrote: `sheets` maps each generated sheet's name
 * to its worksheet part. New parts take numbers above every existing one, so no part of another
 * sheet is touched. A generated sheet has no drawing of its own (ExcelJS writes drawings only for
 * pictures, which layouts have none of).
 */
export async function addChartParts(
  parts: PackageParts,
  layouts: readonly SheetLayout[],
  sheets: ReadonlyMap<string, string>,
): Promise<void> {
  const withCharts = layouts.filter((l) => (l.charts ?? []).length > 0 && sheets.has(l.name));
  if (withCharts.length === 0) return;
  const paths = parts.paths();
  let chartNumber = highestNumber(paths, /^xl\/charts\/chart(\d+)\.xml$/i);
  let drawingNumber = highestNumber(paths, /^xl\/drawings\/drawing(\d+)\.xml$/i);
  const overrides: string[] = [];

  for (const layout of withCharts) {
    const sheetPath = sheets.get(layout.name) ?? "";
    const sheetXml = await parts.read(sheetPath);
    if (sheetXml === undefined || /<drawing[\s/>]/.test(sheetXml)) continue;
    drawingNumber += 1;
    const drawingPath = `xl/drawings/drawing${drawingNumber}.xml`;
    const anchored = (layout.charts ?? []).map((chart, i) => {
      chartNumber += 1;
      const chartPath = `xl/charts/chart${chartNumber}.xml`;
      parts.write(chartPath, chartPartXml(layout, chart));
      overrides.push(`<Override PartName="/${chartPath}" ContentType="${CHART_CONTENT_TYPE}"/>`);
      return { chart, relId: `rId${i + 1}`, target: `../charts/chart${chartNumber}.xml` };
    });
    parts.write(drawingPath, drawingPartXml(anchored));
    parts.write(
      relsPathOf(drawingPath),
      relationshipsXml(anchored.map((a) => ({ id: a.relId, type: CHART_REL, target: a.target }))),
    );
    overrides.push(`<Override PartName="/${drawingPath}" ContentType="${DRAWING_CONTENT_TYPE}"/>`);

    const relsPath = relsPathOf(sheetPath);
    const rel = addRelationship(
      await parts.read(relsPath),
      DRAWING_REL,
      `../drawings/drawing${drawingNumber}.xml`,
    );
    parts.write(relsPath, rel.xml);
    parts.write(sheetPath, withDrawingElement(sheetXml, rel.id));
  }

  const types = (await parts.read("[Content_Types].xml")) ?? "";
  parts.write("[Content_Types].xml", types.replace("</Types>", `${overrides.join("")}</Types>`));
}
