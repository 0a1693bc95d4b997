/// <reference types="office-js" />
/**
 * The browser version's download keeps the fake workbook's charts: a follow-up summary made in
 * the preview (the store's port: the real Office.js adapter over the fake) and downloaded through
 * the preview's xlsx writer has native chart parts, the same ones the command line writes for
 * the same layouts (src/xlsx/charts.ts), linked sheet → drawing → chart; openpyxl (Debian's
 * /usr/bin/python3, when it has it) reads them back. Charts made directly in the fake (series by
 * rows, no header, never placed, a named fill) are written as Excel would show them. Opening a
 * file in the browser version does not read charts back.
 */
import { analyzeWorkbook } from "../../src/core/analyze";
import { buildSummary } from "../../src/core/summary";
import type { SheetLayout } from "../../src/core/summary/types";
import { PreviewStore } from "../../src/preview/store";
import { createExampleWorkbook, createPort, type FakeExcel } from "../../src/preview/workbook";
import { openXlsx, saveXlsx } from "../../src/preview/xlsx";
import { chartPartXml } from "../../src/xlsx/charts";
import { openpyxlAvailable, runOpenpyxl } from "../support/openpyxl";
import { followUpContent } from "../support/workbooks";
import {
  attr,
  chartFormulas,
  chartsOfSheet,
  drawingOfSheet,
  parts,
  sheetPath,
} from "../support/xlsx-package";

const ECONOMY = "Sammanställning ekonomi";
const GOALS = "Sammanställning mål";

/** Every chart part of the package is reached from a sheet, with a content type, and vice versa. */
function expectConsistentPackage(all: Map<string, string>, sheets: readonly string[]): void {
  const reached = sheets.flatMap((s) => chartsOfSheet(all, s));
  const chartParts = [...all.keys()].filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
  expect([...reached].sort()).toEqual([...chartParts].sort());
  const types = all.get("[Content_Types].xml") ?? "";
  const overrides = [...types.matchAll(/PartName="\/([^"]+)"/g)].map((m) => m[1] ?? "");
  expect(overrides.filter((p) => !all.has(p))).toEqual([]);
  for (const part of [...all.keys()].filter((p) => /^xl\/(charts|drawings)\/[^/]+\.xml$/.test(p)))
    expect(overrides).toContain(part);
}

async function waitForReady(store: PreviewStore): Promise<void> {
  if (store.getSnapshot().ready) return;
  await new Promise<void>((done, fail) => {
    const stop = store.subscribe(() => {
      const snapshot = store.getSnapshot();
      if (snapshot.error) fail(new Error(snapshot.error));
      if (snapshot.ready) {
        stop();
        done();
      }
    });
  });
}

const OPENPYXL_CHARTS = `
import json, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
def ref(r):
    if r is None: return None
    for k in ("strRef", "numRef"):
        if getattr(r, k, None) is not None: return getattr(r, k).f
    return None
def title(ch):
    if ch.title is None or ch.title.tx is None or ch.title.tx.rich is None: return None
    return "".join(run.t for p in ch.title.tx.rich.p for run in (p.r or []))
def fill(s):
    gp = s.graphicalProperties
    return None if gp is None or gp.solidFill is None else str(gp.solidFill.srgbClr)
print(json.dumps({ws.title: [{
    "barDir": ch.type, "grouping": ch.grouping, "title": title(ch),
    "series": [{"tx": ref(s.tx), "cat": ref(s.cat), "val": ref(s.val), "fill": fill(s)} for s in ch.series],
    "anchor": [ch.anchor._from.row, ch.anchor._from.col, ch.anchor.to.row, ch.anchor.to.col],
} for ch in ws._charts] for ws in wb.worksheets}))
`;

interface OpenpyxlChart {
  barDir: string;
  grouping: string;
  title: string | null;
  series: { tx: string | null; cat: string | null; val: string | null; fill: string | null }[];
  anchor: number[];
}

function openpyxlCharts(bytes: Uint8Array): Promise<Record<string, OpenpyxlChart[]>> {
  return runOpenpyxl<Record<string, OpenpyxlChart[]>>(OPENPYXL_CHARTS, bytes, "nedladdad.xlsx");
}

if (!openpyxlAvailable() && process.env["CI"] === "true")
  throw new Error("openpyxl saknas i CI; .ci/run ska installera python3-openpyxl.");
const withOpenpyxl = openpyxlAvailable() ? it : it.skip;

/** Summarizes the fake's workbook through a port, as the pane's Sammanställning does. */
async function summarize(port: ReturnType<typeof createPort>): Promise<readonly SheetLayout[]> {
  const summary = buildSummary(analyzeWorkbook(await port.readWorkbook()), { checkedAt: "2025-05-31 10:00" });
  await port.writeGeneratedSheets(summary.sheets);
  return summary.sheets;
}

/** Each layout chart's part in the download is the one the command line writes for it. */
function expectCliCharts(all: Map<string, string>, layouts: readonly SheetLayout[]): number {
  let count = 0;
  for (const layout of layouts) {
    const charts = chartsOfSheet(all, layout.name);
    expect(charts.map((p) => all.get(p))).toEqual((layout.charts ?? []).map((c) => chartPartXml(layout, c)));
    count += charts.length;
  }
  return count;
}

describe("the browser version's download keeps the charts", () => {
  let followup: { layouts: readonly SheetLayout[]; bytes: Uint8Array; name: string };
  let tertial: { layouts: readonly SheetLayout[]; bytes: Uint8Array };

  beforeAll(async () => {
    // The follow-up example as the preview opens it, summarized through the store's own port.
    const store = new PreviewStore({ kind: "followup" });
    await waitForReady(store);
    const layouts = await summarize(store.getSnapshot().port);
    const saved = await store.save();
    followup = { layouts, ...saved };

    // A follow-up with amounts (Tertialrapport 2): charts on both summary sheets.
    const fake: FakeExcel = await createExampleWorkbook(followUpContent("Tertialrapport 2"));
    const tertialLayouts = await summarize(createPort(fake));
    tertial = { layouts: tertialLayouts, bytes: await saveXlsx(fake) };
  });

  it("the follow-up example's summary downloads with its charts as the command line writes them", () => {
    expect(followup.name).toMatch(/\.xlsx$/);
    const withCharts = followup.layouts.filter((l) => (l.charts ?? []).length > 0);
    expect(withCharts.length).toBeGreaterThan(0);
    const all = parts(followup.bytes);
    expect(expectCliCharts(all, followup.layouts)).toBe(
      followup.layouts.reduce((n, l) => n + (l.charts?.length ?? 0), 0),
    );
    expectConsistentPackage(
      all,
      followup.layouts.map((l) => l.name),
    );
    // The other sheets (the unit's tables) have no drawing.
    const names = [...(all.get("xl/workbook.xml") ?? "").matchAll(/<sheet\b[^>]*>/g)].map(
      (m) => attr(m[0], "name") ?? "",
    );
    const others = names.filter((n) => !followup.layouts.some((l) => l.name === n));
    expect(others.length).toBeGreaterThan(3);
    for (const name of others) expect(chartsOfSheet(all, name)).toEqual([]);
  });

  it("a summary with amounts has the economy and the goals charts, anchored, the drawing in its place", () => {
    const all = parts(tertial.bytes);
    const economy = tertial.layouts.find((l) => l.name === ECONOMY);
    const goals = tertial.layouts.find((l) => l.name === GOALS);
    expect(economy?.charts?.length).toBeGreaterThan(0);
    expect(goals?.charts?.length).toBeGreaterThan(0);
    expect(expectCliCharts(all, tertial.layouts)).toBeGreaterThanOrEqual(2);
    expectConsistentPackage(
      all,
      tertial.layouts.map((l) => l.name),
    );
    for (const layout of [economy, goals]) {
      if (!layout) continue;
      const { drawing, charts } = drawingOfSheet(all, layout.name);
      expect(charts).toHaveLength(layout.charts?.length ?? 0);
      const drawingXml = all.get(drawing ?? "") ?? "";
      const anchors = [
        ...drawingXml.matchAll(
          /<xdr:from><xdr:col>(\d+)<\/xdr:col><xdr:colOff>0<\/xdr:colOff><xdr:row>(\d+)<\/xdr:row>[\s\S]*?<xdr:to><xdr:col>(\d+)<\/xdr:col><xdr:colOff>0<\/xdr:colOff><xdr:row>(\d+)<\/xdr:row>/g,
        ),
      ].map((m) => [Number(m[2]), Number(m[1]), Number(m[4]), Number(m[3])]);
      expect(anchors).toEqual(
        (layout.charts ?? []).map((c) => [c.anchor.row, c.anchor.column, c.anchor.toRow, c.anchor.toColumn]),
      );
      expect(drawingXml).toContain(`name="${layout.charts?.[0]?.name ?? ""}"`);
      const sheetXml = all.get(sheetPath(all, layout.name)) ?? "";
      const drawingAt = sheetXml.indexOf("<drawing ");
      expect(drawingAt).toBeGreaterThan(0);
      const tableAt = sheetXml.indexOf("<tableParts");
      if (tableAt >= 0) expect(drawingAt).toBeLessThan(tableAt);
    }
  });

  withOpenpyxl(
    "openpyxl reads the downloaded charts with their type, title, references, colours and place",
    async () => {
      const charts = await openpyxlCharts(tertial.bytes);
      for (const layout of tertial.layouts) {
        const expected = (layout.charts ?? []).map((c) => ({
          barDir: c.kind === "barStacked" ? "bar" : "col",
          grouping: c.kind === "barStacked" ? "stacked" : "clustered",
          title: c.title,
          anchor: [c.anchor.row, c.anchor.column, c.anchor.toRow, c.anchor.toColumn],
        }));
        expect((charts[layout.name] ?? []).map(({ series: _s, ...rest }) => rest)).toEqual(expected);
        (charts[layout.name] ?? []).forEach((chart, i) => {
          const spec = layout.charts?.[i];
          expect(chart.series).toHaveLength(spec?.series ?? 0);
          expect(chart.series.map((s) => s.fill)).toEqual(
            (spec?.seriesColors ?? []).slice(0, spec?.series).map((c) => c.replace(/^#/, "").toUpperCase()),
          );
          expect(chart.series.every((s) => s.tx?.startsWith(`'${layout.name}'!$`))).toBe(true);
          expect(chart.series.every((s) => s.val?.startsWith(`'${layout.name}'!$`))).toBe(true);
        });
      }
      const others = Object.keys(charts).filter((name) => !tertial.layouts.some((l) => l.name === name));
      expect(others.every((name) => (charts[name] ?? []).length === 0)).toBe(true);
    },
  );

  it("charts made directly in the fake: by rows, without headers, never placed, named fills", async () => {
    const fake: FakeExcel = await createExampleWorkbook(followUpContent("Tertialrapport 2"));
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.add("Diagram");
      sheet.getRange("A1:D3").values = [
        ["", "Jan", "Feb", "Mar"],
        ["Kostnader", 10, 12, 9],
        ["Intäkter", 4, 5, 6],
      ];
      sheet.getRange("B2:D3").numberFormat = [
        ["0.0", "0.0", "0.0"],
        ["0.0", "0.0", "0.0"],
      ];
      const byRows = sheet.charts.add("ColumnStacked100", sheet.getRange("A1:D3"), "Rows");
      byRows.name = "PerManad";
      byRows.title.text = "Per månad";
      byRows.setPosition("F2", "M16");
      byRows.series.getItemAt(0).format.fill.setSolidColor("#c00000");
      byRows.series.getItemAt(1).format.fill.setSolidColor("red");
      sheet.getRange("A6:A8").values = [[1], [2], [3]];
      sheet.charts.add("BarClustered", sheet.getRange("A6:A8"), "Columns");
      await context.sync();
    });
    const bytes = await saveXlsx(fake);
    const all = parts(bytes);
    const { drawing, charts } = drawingOfSheet(all, "Diagram");
    expect(charts).toHaveLength(2);
    const [first = "", second = ""] = charts.map((p) => all.get(p) ?? "");
    expect(first).toContain('<c:barDir val="col"/><c:grouping val="percentStacked"/>');
    expect(first).toContain('<c:overlap val="100"/>');
    expect(first).toContain("<a:t>Per månad</a:t>");
    // Series by rows: names from column A, categories from row 1, values along the rows.
    const refs = chartFormulas(first);
    expect(refs).toEqual([
      "'Diagram'!$A$2",
      "'Diagram'!$B$1:$D$1",
      "'Diagram'!$B$2:$D$2",
      "'Diagram'!$A$3",
      "'Diagram'!$B$1:$D$1",
      "'Diagram'!$B$3:$D$3",
    ]);
    expect(first).toContain("<c:v>Feb</c:v>");
    expect(first).toContain("<c:formatCode>0.0</c:formatCode>");
    // The hex fill is written; a named colour leaves Excel's palette.
    expect(
      [
        ...first.matchAll(/<a:srgbClr val="([0-9A-F]{6})"\/><\/a:solidFill><\/c:spPr><c:invertIfNegative/g),
      ].map((m) => m[1]),
    ).toEqual(["C00000"]);
    // Numbers only: no header row, no label column (Excel numbers the categories), no title.
    expect(second).toContain('<c:barDir val="bar"/><c:grouping val="clustered"/>');
    expect(second).not.toContain("<c:cat>");
    expect(second).not.toContain("<c:tx>");
    expect(second).not.toContain("<c:title>");
    expect(second).toContain('<c:autoTitleDeleted val="1"/>');
    expect(chartFormulas(second)).toEqual(["'Diagram'!$A$6:$A$8"]);
    // Placed with setPosition (F2 to M16, both covered), the other beside its data.
    const drawingXml = all.get(drawing ?? "") ?? "";
    const markers = [
      ...drawingXml.matchAll(
        /<xdr:col>(\d+)<\/xdr:col><xdr:colOff>0<\/xdr:colOff><xdr:row>(\d+)<\/xdr:row>/g,
      ),
    ].map((m) => `${m[1]},${m[2]}`);
    expect(markers).toEqual(["5,1", "13,16", "2,5", "10,20"]);
    if (openpyxlAvailable()) {
      const read = await openpyxlCharts(bytes);
      expect(read["Diagram"]?.map((c) => [c.barDir, c.grouping])).toEqual([
        ["col", "percentStacked"],
        ["bar", "clustered"],
      ]);
    }
  });

  it("a workbook without charts downloads without chart parts; opening a download does not read charts back", async () => {
    const fake: FakeExcel = await createExampleWorkbook(followUpContent("Tertialrapport 2"));
    const plain = parts(await saveXlsx(fake));
    expect([...plain.keys()].filter((p) => /^xl\/(charts|drawings)\//.test(p))).toEqual([]);
    expect(plain.get("[Content_Types].xml")).not.toContain("chart");

    const opened = await openXlsx(tertial.bytes.slice().buffer, "nedladdad.xlsx");
    expect(opened.sheet(ECONOMY)?.charts).toEqual([]);
    expect(opened.sheetNames()).toEqual(expect.arrayContaining([ECONOMY, GOALS]));
  });
});
