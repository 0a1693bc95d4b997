/**
 * A chart of the shown sheet as an inline SVG, drawn from the values in the fake workbook's cells
 * (so it follows the sheet): columns or horizontal bars, clustered or stacked, with the series'
 * colours, category labels, a value axis with gridlines, a legend and the title. No library, no
 * network. The SVG is one image for assistive technology (`role="img"`) with a Swedish summary
 * of what it shows as its name; each bar has its value as a tooltip.
 */
import { CHART_STRINGS as S } from "./ChartStrings";
import { formatValue } from "./format";
import type { GridChart } from "./workbook";

const FONT = "Calibri, Carlito, 'Segoe UI', Arial, sans-serif";
const TEXT = "#404040";
const GRID = "#D9D9D9";
const AXIS = "#BFBFBF";
const PAD = 10;
const LABEL_SIZE = 11;
const LEGEND_ROW = 18;

/** Rough width of a text in CSS pixels (an average glyph is about 0.55 em). */
function textWidth(text: string, size: number): number {
  return text.length * size * 0.55;
}

/** The text cut to fit a width, with an ellipsis. */
function fit(text: string, width: number, size: number): string {
  if (textWidth(text, size) <= width) return text;
  const chars = Math.max(1, Math.floor(width / (size * 0.55)) - 1);
  return `${text.slice(0, chars)}…`;
}

/** Round tick values: 1, 2, 2.5 or 5 times a power of ten, covering the range and zero. */
export function niceScale(
  low: number,
  high: number,
  target = 5,
): { min: number; max: number; ticks: number[] } {
  let min = Math.min(0, low);
  let max = Math.max(0, high);
  if (max === min) max = min + 1;
  const raw = (max - min) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * magnitude;
  min = Math.floor(min / step + 1e-9) * step;
  max = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i <= Math.round((max - min) / step); i++)
    ticks.push(Number((min + i * step).toPrecision(12)));
  return { min: ticks[0] ?? min, max: ticks[ticks.length - 1] ?? max, ticks };
}

/** The lowest and highest value drawn: single values when clustered, the stacks' ends when stacked. */
function extent(chart: GridChart): { low: number; high: number } | undefined {
  let low = Infinity;
  let high = -Infinity;
  chart.categories.forEach((_c, k) => {
    let positive = 0;
    let negative = 0;
    for (const series of chart.series) {
      const v = series.values[k];
      if (v === null || v === undefined) continue;
      if (chart.stacked) {
        if (v >= 0) positive += v;
        else negative += v;
        high = Math.max(high, positive);
        low = Math.min(low, negative);
      } else {
        high = Math.max(high, v);
        low = Math.min(low, v);
      }
    }
  });
  return Number.isFinite(low) && Number.isFinite(high) ? { low, high } : undefined;
}

/** The chart's accessible name. */
export function chartSummary(chart: GridChart): string {
  let lowest: { value: number; text: string } | undefined;
  let highest: { value: number; text: string } | undefined;
  for (const series of chart.series)
    series.values.forEach((v, k) => {
      if (v === null) return;
      const text = series.texts[k] ?? String(v);
      if (!lowest || v < lowest.value) lowest = { value: v, text };
      if (!highest || v > highest.value) highest = { value: v, text };
    });
  return S.summary({
    title: chart.title || S.untitled,
    kind: S.kind(chart.direction, chart.stacked),
    series: chart.series.map((s) => s.name),
    categories: chart.categories,
    ...(lowest && highest ? { lowest: lowest.text, highest: highest.text } : {}),
  });
}

interface LegendItem {
  readonly name: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/** Legend entries in centred rows below the plot. */
function legendLayout(
  chart: GridChart,
  width: number,
  bottom: number,
): { items: LegendItem[]; height: number } {
  const available = width - 2 * PAD;
  const rows: { name: string; color: string; text: string; width: number }[][] = [[]];
  let used = 0;
  for (const series of chart.series) {
    const text = fit(series.name, Math.max(available - 16, 20), LABEL_SIZE);
    const itemWidth = 14 + textWidth(text, LABEL_SIZE) + 12;
    const row = rows[rows.length - 1] ?? [];
    if (row.length > 0 && used + itemWidth > available) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1]?.push({ name: series.name, color: series.color, text, width: itemWidth });
    used += itemWidth;
  }
  const height = rows.length * LEGEND_ROW + 4;
  const items: LegendItem[] = [];
  rows.forEach((row, r) => {
    const total = row.reduce((n, item) => n + item.width, 0);
    let x = (width - total) / 2;
    const y = bottom - height + r * LEGEND_ROW + LEGEND_ROW / 2 + 2;
    for (const item of row) {
      items.push({ name: item.name, color: item.color, text: item.text, x, y });
      x += item.width;
    }
  });
  return { items, height };
}

interface Bar {
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly color: string;
  readonly tip: string;
}

export function ChartSvg({ chart, width, height }: { chart: GridChart; width: number; height: number }) {
  const title = chart.title;
  const top = title ? 34 : PAD;
  const legend = legendLayout(chart, width, height - PAD / 2);
  const bottom = height - legend.height - PAD;
  const range = extent(chart);
  const scale = niceScale(range?.low ?? 0, range?.high ?? 1);
  const tickText = (v: number) => formatValue(v, chart.numberFormat).text;
  const tickLabels = scale.ticks.map(tickText);
  const horizontal = chart.direction === "bar";
  const n = Math.max(chart.categories.length, 1);

  // The plot area, leaving room for the axes' labels.
  const valueLabelWidth = Math.max(...tickLabels.map((t) => textWidth(t, LABEL_SIZE)), 10);
  const categoryLabelWidth = horizontal
    ? Math.min(width * 0.35, Math.max(...chart.categories.map((c) => textWidth(c, LABEL_SIZE)), 10) + 8)
    : 0;
  const left = PAD + (horizontal ? categoryLabelWidth : valueLabelWidth + 8);
  const right = width - PAD - (horizontal ? valueLabelWidth / 2 : 0);
  const plotBottom = bottom - 18;
  const plotWidth = Math.max(right - left, 1);
  const plotHeight = Math.max(plotBottom - top, 1);
  const valueLength = horizontal ? plotWidth : plotHeight;
  const bandLength = (horizontal ? plotHeight : plotWidth) / n;
  /** Distance of a value from the plot's start along the value axis. */
  const along = (v: number) => ((v - scale.min) / (scale.max - scale.min)) * valueLength;
  /** Where category k's band starts along the category axis (first category next to the origin). */
  const bandStart = (k: number) => {
    const slot = horizontal ? (chart.reversed ? k : n - 1 - k) : chart.reversed ? n - 1 - k : k;
    return slot * bandLength;
  };

  const bars: Bar[] = [];
  const count = Math.max(chart.series.length, 1);
  const barThickness = chart.stacked ? bandLength / 1.6 : bandLength / (count + 1.5);
  chart.categories.forEach((category, k) => {
    let positive = 0;
    let negative = 0;
    chart.series.forEach((series, i) => {
      const v = series.values[k];
      if (v === null || v === undefined) return;
      let from: number;
      let to: number;
      if (chart.stacked) {
        from = v >= 0 ? positive : negative;
        to = from + v;
        if (v >= 0) positive = to;
        else negative = to;
      } else {
        from = 0;
        to = v;
      }
      const offset = chart.stacked
        ? (bandLength - barThickness) / 2
        : (bandLength - barThickness * count) / 2 + barThickness * i;
      const a = along(Math.min(from, to));
      const b = along(Math.max(from, to));
      const cross = bandStart(k) + offset;
      const tip = S.bar(series.name, category, series.texts[k] ?? String(v));
      bars.push(
        horizontal
          ? {
              key: `${i}-${k}`,
              x: left + a,
              y: top + cross,
              width: b - a,
              height: barThickness,
              color: series.color,
              tip,
            }
          : {
              key: `${i}-${k}`,
              x: left + cross,
              y: plotBottom - b,
              width: barThickness,
              height: b - a,
              color: series.color,
              tip,
            },
      );
    });
  });

  const zero = along(0);
  return (
    <svg
      role="img"
      aria-label={chartSummary(chart)}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      data-chart={chart.name}
      style={{ display: "block", fontFamily: FONT, overflow: "hidden" }}
    >
      <rect x={0.5} y={0.5} width={width - 1} height={height - 1} fill="#FFFFFF" stroke={AXIS} />
      {title ? (
        <text
          x={width / 2}
          y={22}
          textAnchor="middle"
          fontSize={14}
          fontWeight={700}
          fill={TEXT}
          data-part="title"
        >
          {fit(title, width - 2 * PAD, 14)}
        </text>
      ) : null}
      {/* Gridlines and value labels. */}
      {scale.ticks.map((tick, t) => {
        const at = along(tick);
        return horizontal ? (
          <g key={`tick-${t}`}>
            <line x1={left + at} x2={left + at} y1={top} y2={plotBottom} stroke={GRID} />
            <text x={left + at} y={plotBottom + 14} textAnchor="middle" fontSize={LABEL_SIZE} fill={TEXT}>
              {tickLabels[t]}
            </text>
          </g>
        ) : (
          <g key={`tick-${t}`}>
            <line x1={left} x2={right} y1={plotBottom - at} y2={plotBottom - at} stroke={GRID} />
            <text x={left - 6} y={plotBottom - at + 4} textAnchor="end" fontSize={LABEL_SIZE} fill={TEXT}>
              {tickLabels[t]}
            </text>
          </g>
        );
      })}
      {bars.map((bar) => (
        <rect
          key={bar.key}
          x={bar.x}
          y={bar.y}
          width={Math.max(bar.width, 0)}
          height={Math.max(bar.height, 0)}
          fill={bar.color}
          data-part="bar"
        >
          <title>{bar.tip}</title>
        </rect>
      ))}
      {/* The category axis at zero, and the category labels. */}
      {horizontal ? (
        <line x1={left + zero} x2={left + zero} y1={top} y2={plotBottom} stroke={AXIS} />
      ) : (
        <line x1={left} x2={right} y1={plotBottom - zero} y2={plotBottom - zero} stroke={AXIS} />
      )}
      {chart.categories.map((category, k) => {
        const middle = bandStart(k) + bandLength / 2;
        // Beside the bars when they are horizontal, else below them.
        return (
          <text
            key={`cat-${k}`}
            x={horizontal ? left - 6 : left + middle}
            y={horizontal ? top + middle + 4 : plotBottom + 14}
            textAnchor={horizontal ? "end" : "middle"}
            fontSize={LABEL_SIZE}
            fill={TEXT}
            data-part="category"
          >
            {fit(category, horizontal ? categoryLabelWidth - 8 : bandLength - 4, LABEL_SIZE)}
          </text>
        );
      })}
      {range === undefined ? (
        <text x={(left + right) / 2} y={top + plotHeight / 2} textAnchor="middle" fontSize={12} fill={TEXT}>
          {S.noValues}
        </text>
      ) : null}
      {legend.items.map((item, i) => (
        <g key={`legend-${i}`} data-part="legend">
          <rect x={item.x} y={item.y - 5} width={10} height={10} fill={item.color} />
          <text x={item.x + 14} y={item.y + 4} fontSize={LABEL_SIZE} fill={TEXT}>
            {item.text}
          </text>
        </g>
      ))}
    </svg>
  );
}
