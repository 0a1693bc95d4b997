/**
 * The generated sheets' charts in `.xlsx` files: native chart parts that openpyxl (Debian's
 * /usr/bin/python3) and LibreOffice read back with the right type, series and cell references;
 * exactly one chart per layout chart after any number of runs; other sheets' parts untouched.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Workbook } from "exceljs";
import type { LayoutCell, LayoutChart, SheetLayout } from "../../src/core/summary/types";
import { exampleWorkbook } from "../../src/example";
import { chartData } from "../../src/xlsx/charts";
import { applyGeneratedSheets } from "../../src/xlsx/generated";
import { readXlsx } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { analyzeWorkbook } from "../../src/core/analyze";
import { buildSummary } from "../../src/core/summary";
import { convertWithLibreOffice, soffice } from "../support/libreoffice";
import { openpyxlAvailable, runOpenpyxl } from "../support/openpyxl";
import { followUpContent } from "../support/workbooks";
import { chartFormulas, chartsOfSheet, parts, relsOf, sheetPath } from "../support/xlsx-package";

const ECONOMY = "Sammanställning ekonomi";
const GOALS = "Sammanställning mål";

const text = (value: string, extra: Partial<LayoutCell> = {}): LayoutCell => ({ value, ...extra });
const amount = (value: number, formula?: string): LayoutCell => ({
  value,
  numberFormat: "#,##0.0",
  ...(formula ? { formula } : {}),
});

const ECONOMY_CHART: LayoutChart = {
  name: "BudgetPrognosDiagram",
  title: "Budget och prognos per verksamhetsområde (mnkr)",
  kind: "columnClustered",
  row: 2,
  column: 0,
  categories: 3,
  series: 2,
  seriesColors: ["5B9BD5", "ED7D31"],
  anchor: { row: 8, column: 0, toRow: 26, toColumn: 8 },
};

const GOALS_CHART: LayoutChart = {
  name: "MaluppfyllelseDiagram",
  title: "Måluppfyllelse per nämndmål",
  kind: "barStacked",
  row: 0,
  column: 0,
  categories: 3,
  series: 3,
  seriesColors: ["70AD47", "FFC000", "C00000"],
  anchor: { row: 0, column: 5, toRow: 16, toColumn: 13 },
};

/** Two generated sheets, one chart of each kind; the economy block's values are formulas. */
function layouts(withCharts = true): SheetLayout[] {
  return [
    {
      name: ECONOMY,
      columnWidths: [30, 14, 14, 4, 12, 12],
      rows: [
        [text("Budget och prognos", { bold: true, size: 14 })],
        [],
        [text("Verksamhetsområde"), text("Budget 2025"), text("Prognos T2")],
        [text("Förskola"), amount(120.5, "=E4"), amount(118.2, "=F4"), null, amount(120.5), amount(118.2)],
        [text("Kultur & fritid"), amount(40, "=E5"), amount(44.1, "=F5"), null, amount(40), amount(44.1)],
        [
          text("=SUMMA <ej formel>"),
          amount(-12.3, "=E6"),
          amount(-10, "=F6"),
          null,
          amount(-12.3),
          amount(-10),
        ],
      ],
      ...(withCharts ? { charts: [ECONOMY_CHART] } : {}),
    },
    {
      name: GOALS,
      columnWidths: [30, 12, 12, 12],
      rows: [
        [text("Nämndmål"), text("Uppfyllt"), text("Delvis uppfyllt"), text("Ej uppfyllt")],
        [text("Trygg uppväxt"), { value: 3 }, { value: 2 }, { value: 1 }],
        [text("Hållbar stad"), { value: 1 }, { value: 4 }, { value: 0 }],
        [text("Äldres självständighet"), { value: 5 }, { value: 0 }, { value: 2 }],
      ],
      // A table too: <drawing> must come before <tableParts> in the sheet.
      tables: [{ name: "Maluppfyllelse", row: 0, column: 0, columns: 4, rows: 3 }],
      ...(withCharts ? { charts: [GOALS_CHART] } : {}),
    },
  ];
}

const OPENPYXL_CHARTS = `
import json, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
def kind(r):
    return "strRef" if getattr(r, "strRef", None) is not None else "numRef" if getattr(r, "numRef", None) is not None else None
def ref(r):
    k = None if r is None else kind(r)
    return None if k is None else getattr(r, k).f
def title(ch):
    if ch.title is None or ch.title.tx is None or ch.title.tx.rich is None:
        return None
    return "".join(run.t for p in ch.title.tx.rich.p for run in (p.r or []))
def fill(s):
    gp = s.graphicalProperties
    return None if gp is None or gp.solidFill is None else str(gp.solidFill.srgbClr)
out = {}
for ws in wb.worksheets:
    out[ws.title] = [{
        "tag": ch.tagname, "barDir": ch.type, "grouping": ch.grouping,
        "overlap": ch.overlap, "title": title(ch),
        "series": [{"tx": ref(s.tx), "cat": ref(s.cat), "val": ref(s.val), "fill": fill(s)} for s in ch.series],
        "kinds": sorted({"%s %s %s" % (kind(s.tx), kind(s.cat), kind(s.val)) for s in ch.series}),
        "anchor": [ch.anchor._from.row, ch.anchor._from.col, ch.anchor.to.row, ch.anchor.to.col],
        "legend": None if ch.legend is None else ch.legend.position,
    } for ch in ws._charts]
print(json.dumps(out))
`;

interface OpenpyxlChart {
  tag: string;
  barDir: string;
  grouping: string;
  overlap: number | null;
  title: string | null;
  series: { tx: string; cat: string; val: string; fill: string | null }[];
  kinds: string[];
  anchor: number[];
  legend: string | null;
}

function openpyxlCharts(bytes: Buffer): Promise<Record<string, OpenpyxlChart[]>> {
  return runOpenpyxl<Record<string, OpenpyxlChart[]>>(OPENPYXL_CHARTS, bytes, "diagram.xlsx");
}

// CI installs python3-openpyxl (.ci/run): there a missing openpyxl is a broken setup, not a skip.
if (!openpyxlAvailable() && process.env["CI"] === "true")
  throw new Error("openpyxl saknas i CI; .ci/run ska installera python3-openpyxl.");
const withOpenpyxl = openpyxlAvailable() ? it : it.skip;
if (!openpyxlAvailable())
  console.warn(
    "openpyxl saknas i /usr/bin/python3: diagrammen läses inte tillbaka med openpyxl (apt-get install python3-openpyxl).",
  );

let input: Buffer;
let once: Buffer;

beforeAll(async () => {
  input = await writeXlsx(exampleWorkbook());
  once = await applyGeneratedSheets(input, layouts());
});

describe("charts in .xlsx files", () => {
  withOpenpyxl(
    "openpyxl reads both charts with their type, series, references, colours and place",
    async () => {
      const charts = await openpyxlCharts(once);
      const q = (sheet: string, cells: string) => `'${sheet}'!${cells}`;
      expect(charts[ECONOMY]).toEqual([
        {
          tag: "barChart",
          barDir: "col",
          grouping: "clustered",
          overlap: null,
          title: ECONOMY_CHART.title,
          series: [
            {
              tx: q(ECONOMY, "$B$3"),
              cat: q(ECONOMY, "$A$4:$A$6"),
              val: q(ECONOMY, "$B$4:$B$6"),
              fill: "5B9BD5",
            },
            {
              tx: q(ECONOMY, "$C$3"),
              cat: q(ECONOMY, "$A$4:$A$6"),
              val: q(ECONOMY, "$C$4:$C$6"),
              fill: "ED7D31",
            },
          ],
          kinds: ["strRef strRef numRef"],
          anchor: [8, 0, 26, 8],
          legend: "b",
        },
      ]);
      const goals = charts[GOALS] ?? [];
      expect(goals).toHaveLength(1);
      expect(goals[0]).toMatchObject({ tag: "barChart", barDir: "bar", grouping: "stacked", overlap: 100 });
      expect(goals[0]?.title).toBe(GOALS_CHART.title);
      expect(goals[0]?.kinds).toEqual(["strRef strRef numRef"]);
      expect(goals[0]?.series.map((s) => [s.tx, s.val, s.fill])).toEqual([
        [q(GOALS, "$B$1"), q(GOALS, "$B$2:$B$4"), "70AD47"],
        [q(GOALS, "$C$1"), q(GOALS, "$C$2:$C$4"), "FFC000"],
        [q(GOALS, "$D$1"), q(GOALS, "$D$2:$D$4"), "C00000"],
      ]);
      expect(goals[0]?.series.every((s) => s.cat === q(GOALS, "$A$2:$A$4"))).toBe(true);
      expect(goals[0]?.anchor).toEqual([0, 5, 16, 13]);
      // No other sheet has a chart.
      const others = Object.entries(charts).filter(([name]) => name !== ECONOMY && name !== GOALS);
      expect(others.every(([, list]) => list.length === 0)).toBe(true);
    },
  );

  it("links sheet → drawing → chart with content types, the drawing in its place and caches from the layout", async () => {
    const all = parts(once);
    const types = all.get("[Content_Types].xml") ?? "";
    for (const name of [ECONOMY, GOALS]) {
      const [chart, ...more] = chartsOfSheet(all, name);
      expect(more).toEqual([]);
      expect(all.has(chart ?? "")).toBe(true);
      expect(types).toContain(
        `<Override PartName="/${chart}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
      );
    }
    // CT_Worksheet order: … pageSetup, drawing, tableParts.
    const goalsXml = all.get(sheetPath(all, GOALS)) ?? "";
    const order = ["<pageSetup", "<drawing ", "<tableParts"].map((t) => goalsXml.indexOf(t));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // The caches are the layout's values, the text escaped (and never a formula).
    const economy = all.get(chartsOfSheet(all, ECONOMY)[0] ?? "") ?? "";
    expect(economy).toContain("<c:v>Kultur &#38; fritid</c:v>");
    expect(economy).toContain("<c:v>=SUMMA &#60;ej formel&#62;</c:v>");
    expect(economy).toContain("<c:v>-12.3</c:v>");
    expect(economy).toContain("<c:formatCode>#,##0.0</c:formatCode>");
    const data = chartData(layouts()[0] as SheetLayout, ECONOMY_CHART);
    expect(data.series.map((s) => s.values.cached)).toEqual([
      [120.5, 40, -12.3],
      [118.2, 44.1, -10],
    ]);
    expect(data.categories.labels).toEqual(["Förskola", "Kultur & fritid", "=SUMMA <ej formel>"]);
    // The sheets still read as before.
    const read = await readXlsx(once);
    expect(read.sheetNames).toEqual(expect.arrayContaining([ECONOMY, GOALS]));
  });

  it("a re-run leaves exactly one chart per layout chart and no stale parts", async () => {
    let bytes = once;
    for (let n = 0; n < 2; n++) bytes = await applyGeneratedSheets(bytes, layouts());
    const all = parts(bytes);
    const chartParts = [...all.keys()].filter((p) => /^xl\/charts\//.test(p));
    const drawingParts = [...all.keys()].filter((p) => /^xl\/drawings\/[^/]+\.xml$/.test(p));
    expect(chartParts).toHaveLength(2);
    expect(drawingParts).toHaveLength(2);
    expect([...chartsOfSheet(all, ECONOMY), ...chartsOfSheet(all, GOALS)].sort()).toEqual(chartParts.sort());
    // Every override names a part that exists; every chart and drawing has one.
    const types = all.get("[Content_Types].xml") ?? "";
    const overrides = [...types.matchAll(/PartName="\/([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(overrides.filter((p) => !all.has(p))).toEqual([]);
    for (const part of [...chartParts, ...drawingParts]) expect(overrides).toContain(part);
    if (openpyxlAvailable()) {
      const charts = await openpyxlCharts(bytes);
      expect(Object.values(charts).map((list) => list.length)).toEqual(
        Object.keys(charts).map((name) => (name === ECONOMY || name === GOALS ? 1 : 0)),
      );
    }

    // Without charts in the layouts, a run removes them.
    const none = parts(await applyGeneratedSheets(bytes, layouts(false)));
    expect([...none.keys()].filter((p) => /^xl\/(charts|drawings)\//.test(p))).toEqual([]);
    expect(none.get("[Content_Types].xml")).not.toContain("chart");
  });

  it("leaves every part of the other sheets as without charts (a user's picture too)", async () => {
    // A user's sheet with a picture: ExcelJS writes its drawing, the charts' parts come after it.
    const workbook = new Workbook();
    await workbook.xlsx.load(input as unknown as Parameters<Workbook["xlsx"]["load"]>[0]);
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const image = workbook.addImage({ buffer: png as never, extension: "png" });
    workbook.addWorksheet("Logga").addImage(image, "B2:D6");
    const withPicture = Buffer.from(await workbook.xlsx.writeBuffer());

    const plain = parts(await applyGeneratedSheets(withPicture, layouts(false)));
    const charted = parts(await applyGeneratedSheets(withPicture, layouts()));
    const generated = new Set(
      [ECONOMY, GOALS].flatMap((name) => {
        const sheet = sheetPath(charted, name);
        const slash = sheet.lastIndexOf("/");
        return [sheet, `${sheet.slice(0, slash)}/_rels/${sheet.slice(slash + 1)}.rels`];
      }),
    );
    const changed = [...plain.keys()].filter(
      (p) => !generated.has(p) && p !== "docProps/core.xml" && charted.get(p) !== plain.get(p),
    );
    expect(changed).toEqual(["[Content_Types].xml"]);
    const added = [...charted.keys()].filter((p) => !plain.has(p)).sort();
    expect(added).toEqual(
      [
        "xl/charts/chart1.xml",
        "xl/charts/chart2.xml",
        "xl/drawings/drawing2.xml",
        "xl/drawings/drawing3.xml",
        "xl/drawings/_rels/drawing2.xml.rels",
        "xl/drawings/_rels/drawing3.xml.rels",
        ...(generated.size > 0 ? [...generated].filter((p) => !plain.has(p)) : []),
      ].sort(),
    );
    // The picture's sheet still points at its own drawing, with the picture in it.
    const logo = sheetPath(charted, "Logga");
    const drawing = [...relsOf(charted, logo).values()].find((r) => r.type === "drawing");
    expect(drawing?.path).toBe("xl/drawings/drawing1.xml");
    expect(charted.get("xl/drawings/drawing1.xml")).toContain("<xdr:pic>");
    expect(chartsOfSheet(charted, "Logga")).toEqual([]);
  });
});

describe("a summary's own charts", () => {
  it("a follow-up summary, written twice, has its budget-and-forecast chart once, over its block", async () => {
    const file = await writeXlsx(followUpContent("Tertialrapport 2"));
    const summarize = async (bytes: Buffer) =>
      applyGeneratedSheets(
        bytes,
        buildSummary(analyzeWorkbook(await readXlsx(bytes)), { checkedAt: "2025-05-31 10:00" }).sheets,
      );
    const layouts = buildSummary(analyzeWorkbook(await readXlsx(file))).sheets;
    const layout = layouts.find((l) => l.name === ECONOMY);
    const [spec] = layout?.charts ?? [];
    if (!layout || !spec) throw new Error("the follow-up economy layout has no chart");
    const all = parts(await summarize(await summarize(file)));
    const charts = chartsOfSheet(all, ECONOMY);
    expect(charts).toHaveLength(layout.charts?.length ?? 0);
    // Every generated sheet has exactly its layout's charts, and no chart part is left over.
    const perSheet = layouts.map((l) => chartsOfSheet(all, l.name));
    expect(perSheet.map((c) => c.length)).toEqual(layouts.map((l) => l.charts?.length ?? 0));
    expect([...all.keys()].filter((p) => p.startsWith("xl/charts/")).sort()).toEqual(perSheet.flat().sort());
    const xml = all.get(charts[0] ?? "") ?? "";
    const data = chartData(layout, spec);
    expect(chartFormulas(xml)).toEqual(
      data.series.flatMap((s) => [s.name.formula, data.categories.formula, s.values.formula]),
    );
    const values = [...xml.matchAll(/<c:numCache>([\s\S]*?)<\/c:numCache>/g)].map((m) =>
      [...(m[1] ?? "").matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((v) => Number(v[1])),
    );
    expect(values).toEqual(data.series.map((s) => s.values.cached));
    expect(xml).toContain(`<a:t>${spec.title}</a:t>`);
  });
});

// --- LibreOffice ----------------------------------------------------------------------------------

if (!soffice && process.env["CI"] === "true")
  throw new Error("LibreOffice (soffice) saknas i CI; .ci/run ska installera libreoffice-calc-nogui.");
const withLibreOffice = soffice ? it : it.skip;

describe("charts through LibreOffice", () => {
  withLibreOffice(
    "LibreOffice opens the workbook, keeps both charts on saving it and draws them",
    async () => {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), "vp-charts-lo-"));
      try {
        const input = path.join(root, "in", "diagram.xlsx");
        await fs.mkdir(path.dirname(input));
        await fs.writeFile(input, once);
        const convert = (format: string, outDir: string) =>
          convertWithLibreOffice(input, format, outDir, {
            profile: path.join(root, "profile"),
            timeout: 90_000,
          });
        await convert("xlsx", path.join(root, "xlsx"));
        const saved = parts(await fs.readFile(path.join(root, "xlsx", "diagram.xlsx")));
        const economy = chartsOfSheet(saved, ECONOMY).map((p) => saved.get(p) ?? "");
        const goals = chartsOfSheet(saved, GOALS).map((p) => saved.get(p) ?? "");
        expect(economy).toHaveLength(1);
        expect(goals).toHaveLength(1);
        expect(economy[0]).toMatch(/<c:barDir val="col"\/>/);
        expect(economy[0]).toMatch(/<c:grouping val="clustered"\/>/);
        expect(chartFormulas(economy[0])).toContain("'Sammanställning ekonomi'!$C$4:$C$6");
        expect(goals[0]).toMatch(/<c:barDir val="bar"\/>/);
        expect(goals[0]).toMatch(/<c:grouping val="stacked"\/>/);
        expect(chartFormulas(goals[0])).toContain("'Sammanställning mål'!$D$2:$D$4");
        // Its HTML export draws each chart as a picture.
        await convert("html", path.join(root, "html"));
        const pictures = (await fs.readdir(path.join(root, "html"))).filter((f) => f.endsWith(".png"));
        expect(pictures.length).toBeGreaterThanOrEqual(2);
      } finally {
        await fs.rm(root, { recursive: true, force: true });
      }
    },
  );
});
