/// <reference types="office-js" />
/**
 * The generated sheets' charts through the Office.js adapter over the fake workbook: each layout
 * chart becomes a native chart over its data block (type, source range, name, title, place,
 * series colours), queued in the existing requests (no extra sync), replaced with its sheet; and
 * the browser version's viewer draws it from the cells.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { analyzeWorkbook } from "../../src/core/analyze";
import { buildSummary } from "../../src/core/summary";
import type { LayoutCell, LayoutChart, SheetLayout } from "../../src/core/summary/types";
import { exampleWorkbook } from "../../src/example";
import { FakeExcel, FakeExcelError, type SheetState } from "../../src/fake-excel";
import { formatArea } from "../../src/fake-excel/state";
import { OfficeWorkbookPort } from "../../src/office/adapter";
import { ALL_REQUIREMENTS, requirementsUpTo, type Requirements } from "../../src/office/requirements";
import { ChartSvg, chartSummary, niceScale } from "../../src/preview/Chart";
import { applyLayoutValues, gridOf } from "../../src/preview/workbook";
import { followUpContent } from "../support/workbooks";

const ECONOMY = "Sammanställning ekonomi";
const GOALS = "Sammanställning mål";

function portFor(fake: FakeExcel, requirements: Requirements = ALL_REQUIREMENTS): OfficeWorkbookPort {
  return new OfficeWorkbookPort(fake.runner, { requirements, log: () => {} });
}

const text = (value: string): LayoutCell => ({ value });

/**
 * The layout with a data block appended two rows below its last row (header row, then one row
 * per category; values as formulas over the block's own last column when `formulas`) and a chart
 * over it, anchored to the right of the block.
 */
function withChart(
  layout: SheetLayout,
  spec: Pick<LayoutChart, "name" | "title" | "kind" | "seriesColors">,
  headers: readonly string[],
  rows: readonly (readonly [string, ...number[]])[],
): SheetLayout {
  const top = layout.rows.length + 1;
  const block: (LayoutCell | null)[][] = [
    headers.map(text),
    ...rows.map(([label, ...values]) => [
      text(label),
      ...values.map((value): LayoutCell => ({ value, numberFormat: "#,##0.0" })),
    ]),
  ];
  const chart: LayoutChart = {
    ...spec,
    row: top,
    column: 0,
    categories: rows.length,
    series: headers.length - 1,
    anchor: { row: top, column: headers.length + 1, toRow: top + 16, toColumn: headers.length + 9 },
  };
  return { ...layout, rows: [...layout.rows, [], ...block], charts: [...(layout.charts ?? []), chart] };
}

let plain: readonly SheetLayout[];
let charted: readonly SheetLayout[];

beforeAll(async () => {
  const fake = FakeExcel.fromContent(exampleWorkbook());
  const summary = buildSummary(analyzeWorkbook(await portFor(fake).readWorkbook()), {
    checkedAt: "2025-01-31 14:05",
  });
  // Without charts of their own (other layouts may add some), so counts here are exact.
  plain = summary.sheets.map(({ charts: _charts, ...layout }) => layout);
  charted = plain.map((layout) =>
    layout.name === ECONOMY
      ? withChart(
          layout,
          {
            name: "BudgetPrognosDiagram",
            title: "Budget och prognos per verksamhetsområde (mnkr)",
            kind: "columnClustered",
            seriesColors: ["5B9BD5", "ED7D31"],
          },
          ["Verksamhetsområde", "Budget 2025", "Prognos T2"],
          [
            ["Förskola", 120.5, 118.2],
            ["Kultur & fritid", 40, 44.1],
            ["Stadsmiljö", -12.3, -10],
          ],
        )
      : layout.name === GOALS
        ? withChart(
            layout,
            { name: "MaluppfyllelseDiagram", title: "Måluppfyllelse per nämndmål", kind: "barStacked" },
            ["Nämndmål", "Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"],
            [
              ["Trygg uppväxt", 3, 2, 1],
              ["Hållbar stad", 1, 4, 0],
            ],
          )
        : layout,
  );
});

function chartsOf(fake: FakeExcel, sheet: string) {
  return (fake.sheet(sheet)?.charts ?? []).map((c) => ({
    name: c.name,
    type: c.type,
    source: formatArea(c.source),
    seriesBy: c.seriesBy,
    headers: [c.headerRow, c.labelColumn],
    title: c.title,
    position: c.position ? `${formatArea(c.position.start)}:${formatArea(c.position.end)}` : undefined,
    fills: c.series.map((s) => s.fill ?? null),
    axis: c.categoryAxis,
  }));
}

const allCharts = (fake: FakeExcel) => fake.state.sheets.flatMap((s: SheetState) => s.charts);

describe("charts through the Office.js adapter", () => {
  test("each layout chart is a native chart over its block, in the same syncs and requests", async () => {
    const without = FakeExcel.fromContent(exampleWorkbook());
    await portFor(without).writeGeneratedSheets(plain);
    const fake = FakeExcel.fromContent(exampleWorkbook());
    await portFor(fake).writeGeneratedSheets(charted);
    expect(fake.syncCount).toBe(3);
    expect(fake.syncCount).toBe(without.syncCount);
    expect(allCharts(without)).toEqual([]);

    const economyTop = (plain.find((l) => l.name === ECONOMY)?.rows.length ?? 0) + 2;
    expect(chartsOf(fake, ECONOMY)).toEqual([
      {
        name: "BudgetPrognosDiagram",
        type: "ColumnClustered",
        source: `A${economyTop}:C${economyTop + 3}`,
        seriesBy: "Columns",
        headers: [true, true],
        title: "Budget och prognos per verksamhetsområde (mnkr)",
        position: `E${economyTop}:L${economyTop + 15}`,
        fills: ["#5B9BD5", "#ED7D31"],
        axis: { reversed: false, position: "Automatic" },
      },
    ]);
    const goalsTop = (plain.find((l) => l.name === GOALS)?.rows.length ?? 0) + 2;
    expect(chartsOf(fake, GOALS)).toEqual([
      {
        name: "MaluppfyllelseDiagram",
        type: "BarStacked",
        source: `A${goalsTop}:D${goalsTop + 2}`,
        seriesBy: "Columns",
        headers: [true, true],
        title: "Måluppfyllelse per nämndmål",
        position: `F${goalsTop}:M${goalsTop + 15}`,
        // No colours in the layout: Excel's own.
        fills: [null, null, null],
        // Bars top to bottom in the sheet's order, the value axis below them.
        axis: { reversed: true, position: "Maximum" },
      },
    ]);
    expect(fake.sheet("Kontroll")?.charts).toEqual([]);
  });

  test("the charts read back through the API, with load before read", async () => {
    const fake = FakeExcel.fromContent(exampleWorkbook());
    await portFor(fake).writeGeneratedSheets(charted);
    await fake.run(async (context) => {
      const charts = context.workbook.worksheets.getItem(ECONOMY).charts;
      charts.load("items/name,items/chartType");
      const chart = charts.getItem("BudgetPrognosDiagram");
      chart.load("title/text");
      chart.series.load("items/name");
      const goals = context.workbook.worksheets.getItem(GOALS).charts.load("count");
      expect(() => charts.items).toThrow(FakeExcelError);
      expect(() => goals.count).toThrow(FakeExcelError);
      await context.sync();
      expect(charts.items.map((c) => [c.name, c.chartType])).toEqual([
        ["BudgetPrognosDiagram", "ColumnClustered"],
      ]);
      expect(chart.title.text).toBe("Budget och prognos per verksamhetsområde (mnkr)");
      expect(chart.series.items.map((s) => s.name)).toEqual(["Budget 2025", "Prognos T2"]);
      expect(goals.count).toBe(1);
      // Not loaded: a read fails as in Office.js.
      // eslint-disable-next-line office-addins/load-object-before-read -- the read that must fail
      expect(() => chart.name).toThrow(/not available/);
    });
  });

  test("a re-run replaces the charts with their sheets; a failed swap keeps the old ones", async () => {
    const fake = FakeExcel.fromContent(exampleWorkbook());
    await portFor(fake).writeGeneratedSheets(charted);
    const first = allCharts(fake);
    await portFor(fake).writeGeneratedSheets(charted);
    const second = allCharts(fake);
    expect(second).toHaveLength(2);
    expect(second.some((c) => first.includes(c))).toBe(false);
    expect(chartsOf(fake, ECONOMY).map((c) => c.name)).toEqual(["BudgetPrognosDiagram"]);
    expect(chartsOf(fake, GOALS).map((c) => c.name)).toEqual(["MaluppfyllelseDiagram"]);

    // The swap (the last sync) fails: the previous sheets, with their charts, stay as they were.
    const before = fake.snapshot();
    fake.resetStats();
    fake.failOnSync(3, { afterCommands: 5 });
    await expect(portFor(fake).writeGeneratedSheets(charted)).rejects.toThrow();
    expect(fake.snapshot()).toEqual(before);
    expect(allCharts(fake)).toEqual(second);

    // Without charts in the layouts, a run leaves none.
    await portFor(fake).writeGeneratedSheets(plain);
    expect(allCharts(fake)).toEqual([]);
  });

  test("a chart whose block lands in a later request (over 4 MB of cells) is still written", async () => {
    const long = "x".repeat(900);
    const big: SheetLayout = withChart(
      {
        name: GOALS,
        columnWidths: [40],
        rows: Array.from({ length: 5000 }, (_, i) => [text(`${i} ${long}`)]),
      },
      { name: "StortDiagram", title: "Stort", kind: "columnClustered", seriesColors: ["70AD47"] },
      ["Område", "Antal"],
      [
        ["A", 1],
        ["B", 2],
      ],
    );
    const fake = FakeExcel.fromContent(exampleWorkbook());
    await portFor(fake).writeGeneratedSheets([big]);
    expect(fake.syncCount).toBeGreaterThan(3);
    expect(fake.syncs.every((s) => s.requestBytes < 5 * 1024 * 1024)).toBe(true);
    expect(chartsOf(fake, GOALS).map((c) => [c.name, c.source, c.fills])).toEqual([
      ["StortDiagram", "A5002:B5004", ["#70AD47"]],
    ]);
  });

  test("without ExcelApi 1.8 bars are still top to bottom (the value axis stays where Excel puts it)", async () => {
    const fake = FakeExcel.fromContent(exampleWorkbook());
    await portFor(fake, requirementsUpTo("1.7")).writeGeneratedSheets(charted);
    expect(chartsOf(fake, GOALS)[0]?.axis).toEqual({ reversed: true, position: "Automatic" });
  });
});

describe("the fake's charts behave like Excel's where the adapter relies on it", () => {
  test("a series that does not exist fails the sync; charts go with their sheet", async () => {
    const fake = FakeExcel.fromContent();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Blad1");
      sheet.getRange("A1:C3").values = [
        ["", "Budget", "Prognos"],
        ["Förskola", 1, 2],
        ["Skola", 3, 4],
      ];
      const chart = sheet.charts.add("ColumnClustered", sheet.getRange("A1:C3"), "Columns");
      chart.series.getItemAt(2).format.fill.setSolidColor("#FF0000");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
    // Commands before the failing one were applied, as Excel's batches are not atomic.
    expect(fake.sheet("Blad1")?.charts.map((c) => c.series.length)).toEqual([2]);
    await fake.run(async (context) => {
      const other = context.workbook.worksheets.add("Annat");
      const chart = other.charts.add(
        "BarStacked",
        context.workbook.worksheets.getItem("Blad1").getRange("A1:C3"),
      );
      chart.load("name");
      await expect(context.sync()).rejects.toMatchObject({ code: "NotImplemented" });
    });
    await fake.run(async (context) => {
      context.workbook.worksheets.add("Blad2");
      context.workbook.worksheets.getItem("Blad1").delete();
      await context.sync();
    });
    expect(fake.state.sheets.flatMap((s) => s.charts)).toEqual([]);
  });
});

describe("charts in the browser version's viewer", () => {
  test("drawn from the cells: bars, colours, categories, legend, title and a Swedish summary", async () => {
    const fake = FakeExcel.fromContent(exampleWorkbook());
    await portFor(fake).writeGeneratedSheets(charted);
    applyLayoutValues(fake, charted);
    const grid = gridOf(fake, ECONOMY);
    const [chart] = grid?.charts ?? [];
    expect(chart).toMatchObject({
      name: "BudgetPrognosDiagram",
      direction: "column",
      stacked: false,
      categories: ["Förskola", "Kultur & fritid", "Stadsmiljö"],
      numberFormat: "#,##0.0",
    });
    expect(chart?.series.map((s) => [s.name, s.color, s.values, s.texts])).toEqual([
      ["Budget 2025", "#5B9BD5", [120.5, 40, -12.3], ["120,5", "40,0", "-12,3"]],
      ["Prognos T2", "#ED7D31", [118.2, 44.1, -10], ["118,2", "44,1", "-10,0"]],
    ]);
    // The grid reaches the chart's anchor.
    expect(grid?.columnCount).toBeGreaterThanOrEqual(chart?.anchor?.toColumn ?? Infinity);
    if (!chart) throw new Error("no chart");

    const svg = renderToStaticMarkup(createElement(ChartSvg, { chart, width: 600, height: 360 }));
    expect(svg).toMatch(/^<svg role="img" aria-label="[^"]+"/);
    expect(chartSummary(chart)).toBe(
      "Diagram: Budget och prognos per verksamhetsområde (mnkr). Grupperat stapeldiagram med 2 serier " +
        "(Budget 2025, Prognos T2) och 3 kategorier (Förskola, Kultur & fritid, Stadsmiljö). " +
        "Värden från -12,3 till 120,5.",
    );
    const bars = [...svg.matchAll(/<rect[^>]*data-part="bar"[^>]*>/g)].map((m) => m[0]);
    expect(bars).toHaveLength(6);
    expect(bars.filter((b) => b.includes('fill="#5B9BD5"'))).toHaveLength(3);
    expect(bars.filter((b) => b.includes('fill="#ED7D31"'))).toHaveLength(3);
    expect(svg).toContain("<title>Budget 2025, Förskola: 120,5</title>");
    expect(svg).toContain('data-part="title">Budget och prognos per verksamhetsområde (mnkr)</text>');
    for (const category of ["Förskola", "Kultur &amp; fritid", "Stadsmiljö"])
      expect(svg).toContain(`data-part="category">${category}</text>`);
    expect([...svg.matchAll(/data-part="legend"/g)]).toHaveLength(2);
    // The tallest bar is Förskola's budget; the negative ones hang below the axis.
    const heights = bars.map((b) => Number(/height="([\d.]+)"/.exec(b)?.[1]));
    expect(Math.max(...heights)).toBe(heights[0]);

    // It follows the sheet: a changed cell changes the chart.
    const sheet = fake.sheet(ECONOMY);
    const source = sheet?.charts[0]?.source;
    const cell = source ? sheet?.rows[source.top + 1]?.[source.left + 1] : undefined;
    if (!cell) throw new Error("no cell");
    cell.value = 200;
    expect(gridOf(fake, ECONOMY)?.charts[0]?.series[0]?.values[0]).toBe(200);
  });

  test("stacked bars: categories top to bottom, Excel's default colours, stacks summed", async () => {
    const fake = FakeExcel.fromContent(exampleWorkbook());
    await portFor(fake).writeGeneratedSheets(charted);
    const chart = gridOf(fake, GOALS)?.charts[0];
    if (!chart) throw new Error("no chart");
    expect(chart).toMatchObject({ direction: "bar", stacked: true, reversed: true });
    expect(chart.series.map((s) => s.color)).toEqual(["#4472C4", "#ED7D31", "#A5A5A5"]);
    const svg = renderToStaticMarkup(createElement(ChartSvg, { chart, width: 500, height: 300 }));
    expect(chartSummary(chart)).toContain("Staplat liggande stapeldiagram med 3 serier");
    // Trygg uppväxt (first) above Hållbar stad.
    const y = (label: string) =>
      Number(new RegExp(`y="([\\d.]+)"[^>]*data-part="category">${label}<`).exec(svg)?.[1]);
    expect(y("Trygg uppväxt")).toBeLessThan(y("Hållbar stad"));
    // One bar per value (a 0 has no width); each stack ends at its sum: 6 and 5 on a 0–6 axis.
    const bars = [...svg.matchAll(/<rect[^>]*data-part="bar"[^>]*>/g)].map((m) => m[0]);
    expect(bars).toHaveLength(6);
    expect(niceScale(0, 6).ticks).toEqual([0, 2, 4, 6]);
    const ends = bars.map((b) => {
      const n = (name: string) => Number(new RegExp(`${name}="([-\\d.]+)"`).exec(b)?.[1]);
      return { y: n("y"), end: n("x") + n("width") };
    });
    const stackEnd = (y: number) =>
      Math.max(...ends.filter((e) => Math.abs(e.y - y) < 0.01).map((e) => e.end));
    const [first, second] = [...new Set(ends.map((e) => e.y))].sort((a, b) => a - b);
    const start = Math.min(...bars.map((b) => Number(/x="([\d.]+)"/.exec(b)?.[1])));
    const perUnit = (stackEnd(first ?? 0) - start) / 6;
    expect(stackEnd(second ?? 0) - start).toBeCloseTo(perUnit * 5, 6);
  });

  test("a follow-up summary's own chart (budget and forecast per area) is written and drawn", async () => {
    const fake = FakeExcel.fromContent(followUpContent("Tertialrapport 2"));
    const port = portFor(fake);
    const summary = buildSummary(analyzeWorkbook(await port.readWorkbook()), {
      checkedAt: "2025-05-31 10:00",
    });
    const layout = summary.sheets.find((l) => l.name === ECONOMY);
    const [spec] = layout?.charts ?? [];
    if (!layout || !spec) throw new Error("the follow-up economy layout has no chart");
    await port.writeGeneratedSheets(summary.sheets);
    applyLayoutValues(fake, summary.sheets);
    const [written] = chartsOf(fake, ECONOMY);
    expect(written?.name).toBe(spec.name);
    expect(written?.title).toBe(spec.title);
    expect(written?.source).toBe(
      formatArea({
        top: spec.row,
        left: spec.column,
        bottom: spec.row + spec.categories,
        right: spec.column + spec.series,
      }),
    );
    const chart = gridOf(fake, ECONOMY)?.charts[0];
    expect(chart?.series).toHaveLength(spec.series);
    expect(chart?.categories).toHaveLength(spec.categories);
    // The values are the layout's (the fake stores the engine's results in the formula cells).
    const expected = Array.from({ length: spec.series }, (_, s) =>
      Array.from(
        { length: spec.categories },
        (_, k) => layout.rows[spec.row + 1 + k]?.[spec.column + 1 + s]?.value,
      ),
    );
    expect(chart?.series.map((s) => s.values)).toEqual(expected);
  });
});
