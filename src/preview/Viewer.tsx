/**
 * The sheet viewer beside the pane: the open workbook's visible sheets as tabs, the active sheet as
 * a grid of formatted values (bold, italic, fills, column widths, the findings' marks), the
 * selected cell highlighted and scrolled into view, and a name box and formula bar above it.
 * Clicking a cell or using the arrow keys selects cells, as in Excel. The sheet's charts are drawn
 * over the grid where they are anchored (./Chart.tsx), from the cells' current values.
 */
import { Tab, TabList, makeStyles, tokens } from "@fluentui/react-components";
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
} from "react";
import { columnLetter } from "../core/sheet";
import { ChartSvg } from "./Chart";
import type { PreviewStore, Snapshot } from "./store";
import { PREVIEW_STRINGS as S } from "./strings";
import type { Grid, GridCell, GridChart } from "./workbook";

const ROW_HEIGHT = 22;
const ROW_HEADER_WIDTH = 44;
const SELECTED = "#107C41";

const useViewerStyles = makeStyles({
  viewer: { display: "flex", flexDirection: "column", minHeight: 0, flexGrow: 1 },
  bar: {
    display: "flex",
    alignItems: "stretch",
    columnGap: tokens.spacingHorizontalS,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase200,
  },
  nameBox: {
    minWidth: "150px",
    minHeight: "24px",
    paddingLeft: tokens.spacingHorizontalS,
    paddingRight: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    lineHeight: "24px",
    whiteSpace: "nowrap",
    overflow: "hidden",
    textOverflow: "ellipsis",
  },
  formulaBar: {
    flexGrow: 1,
    minHeight: "24px",
    paddingLeft: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    lineHeight: "24px",
    whiteSpace: "nowrap",
    overflow: "hidden",
    textOverflow: "ellipsis",
    fontFamily: "Consolas, 'DejaVu Sans Mono', monospace",
  },
  scroll: {
    flexGrow: 1,
    minHeight: 0,
    overflow: "auto",
    position: "relative",
    backgroundColor: "#FFFFFF",
    outlineStyle: "none",
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  table: {
    tableLayout: "fixed",
    borderCollapse: "separate",
    borderSpacing: 0,
    fontFamily: "Calibri, Carlito, 'Segoe UI', Arial, sans-serif",
    fontSize: "14px",
    color: "#000000",
  },
  colHeader: {
    position: "sticky",
    top: 0,
    zIndex: 2,
    height: `${ROW_HEIGHT}px`,
    backgroundColor: "#F3F3F3",
    color: "#444444",
    fontWeight: "normal",
    fontSize: "12px",
    borderRight: "1px solid #D4D4D4",
    borderBottom: "1px solid #C8C8C8",
    textAlign: "center",
    padding: 0,
  },
  rowHeader: {
    position: "sticky",
    left: 0,
    zIndex: 1,
    backgroundColor: "#F3F3F3",
    color: "#444444",
    fontWeight: "normal",
    fontSize: "12px",
    borderRight: "1px solid #C8C8C8",
    borderBottom: "1px solid #D4D4D4",
    textAlign: "center",
    padding: 0,
  },
  corner: { left: 0, zIndex: 3 },
  activeHeader: { backgroundColor: "#D2D2D2", color: "#000000" },
  cell: {
    height: `${ROW_HEIGHT}px`,
    boxSizing: "border-box",
    paddingLeft: "3px",
    paddingRight: "3px",
    borderRight: "1px solid #E1E1E1",
    borderBottom: "1px solid #E1E1E1",
    whiteSpace: "nowrap",
    overflow: "hidden",
    textOverflow: "clip",
    cursor: "cell",
    verticalAlign: "bottom",
  },
  wrap: { whiteSpace: "normal", overflowWrap: "anywhere" },
  overflow: { overflow: "visible", position: "relative", zIndex: 0 },
  // Covers the grid lines it runs over, as Excel does.
  runOn: {
    position: "absolute",
    left: "3px",
    top: 0,
    bottom: "1px",
    display: "flex",
    alignItems: "flex-end",
    overflow: "hidden",
    whiteSpace: "nowrap",
  },
  selected: { outline: `2px solid ${SELECTED}`, outlineOffset: "-2px" },
  link: { color: "#0563C1", textDecorationLine: "underline", cursor: "pointer" },
  tabs: {
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    overflowX: "auto",
    flexShrink: 0,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  note: { margin: 0, padding: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
  // Over the cells it is anchored to; under the sticky headers and frozen rows when scrolled.
  chart: { position: "absolute", zIndex: 0, boxShadow: tokens.shadow4 },
  unanchored: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingVerticalS,
  },
});

/** Size of a chart that has no anchor (or one beyond the cells drawn). */
const UNANCHORED = { width: 480, height: 288 };

/** Left edge of each column in the scrolled area, and the right edge of the last. */
function columnEdges(grid: Grid): number[] {
  const edges = [ROW_HEADER_WIDTH];
  for (const w of grid.widths) edges.push((edges[edges.length - 1] ?? 0) + w);
  return edges;
}

/** Where an anchored chart goes, in pixels of the scrolled area, or undefined to list it below. */
function chartBox(
  grid: Grid,
  chart: GridChart,
  rowTops: readonly number[],
): { left: number; top: number; width: number; height: number } | undefined {
  const a = chart.anchor;
  if (!a || a.toRow > grid.rowCount || a.toColumn > grid.columnCount) return undefined;
  const edges = columnEdges(grid);
  const rowTop = (r: number) => rowTops[r] ?? ROW_HEIGHT * (r + 1);
  const left = edges[a.column] ?? 0;
  const top = rowTop(a.row);
  return {
    left,
    top,
    width: Math.max((edges[a.toColumn] ?? left) - left, 120),
    height: Math.max(rowTop(a.toRow) - top, 90),
  };
}

function cellStyle(cell: GridCell | undefined, frozenTop: number | undefined): CSSProperties | undefined {
  const style: CSSProperties = {};
  if (frozenTop !== undefined) {
    style.position = "sticky";
    style.top = frozenTop;
    style.zIndex = 1;
    style.backgroundColor = "#FFFFFF";
  }
  if (cell) {
    style.textAlign = cell.align;
    if (cell.bold) style.fontWeight = 700;
    if (cell.italic) style.fontStyle = "italic";
    if (cell.size) style.fontSize = `${Math.round((cell.size * 4) / 3)}px`;
    if (cell.color) style.color = cell.color;
    if (cell.fill) style.backgroundColor = cell.fill;
    if (cell.indent) style.paddingLeft = 3 + cell.indent * 9;
    if (cell.borderTop) style.borderTop = "1px solid #000000";
    if (cell.borderBottom) style.borderBottom = "1px solid #000000";
  }
  return Object.keys(style).length > 0 ? style : undefined;
}

const cellName = (row: number, column: number) => `${columnLetter(column + 1)}${row + 1}`;

export function Viewer({ store, snapshot }: { store: PreviewStore; snapshot: Snapshot }) {
  const styles = useViewerStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const sheet = snapshot.active;
  // The grid is drawn again after every change (version) to the workbook.
  const grid = useMemo<Grid | undefined>(
    () => (sheet && snapshot.ready ? store.grid(sheet) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, sheet, snapshot.ready, snapshot.version],
  );
  const selection = grid?.selection;
  const selectedCell = selection ? grid?.cells[selection.top]?.[selection.left] : undefined;

  // Row tops as drawn (wrapped text makes rows taller), for placing charts at their anchors.
  const [rowTops, setRowTops] = useState<readonly number[]>([]);
  useLayoutEffect(() => {
    const table = scroller.current?.querySelector("table");
    if (!table || !grid || grid.charts.length === 0) return;
    const last = Math.max(0, ...grid.charts.map((c) => c.anchor?.toRow ?? 0));
    const tops = [table.querySelector("thead")?.getBoundingClientRect().height ?? ROW_HEIGHT];
    const rows = table.querySelectorAll("tbody > tr");
    for (let r = 0; r < Math.min(last, rows.length); r++)
      tops.push((tops[r] ?? 0) + (rows[r]?.getBoundingClientRect().height ?? ROW_HEIGHT));
    // Measured heights of 0 (no layout, e.g. jsdom) keep the default row height.
    if (tops.every((t, r) => r === 0 || t > (tops[r - 1] ?? 0)))
      setRowTops((before) => (before.join() === tops.join() ? before : tops));
  }, [grid]);
  const placed = (grid?.charts ?? []).map((chart) => ({
    chart,
    box: grid ? chartBox(grid, chart, rowTops) : undefined,
  }));

  // The selected cell in view (after the pane selects a finding's cell, or the arrow keys move):
  // the grid scrolls, never the page (the pane beside it keeps its place).
  useEffect(() => {
    const box = scroller.current;
    const el = box?.querySelector<HTMLElement>("td[data-selected='true']");
    if (!box || !el) return;
    const outer = box.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const top = outer.top + ROW_HEIGHT * (1 + (grid?.frozenRows ?? 0));
    const left = outer.left + ROW_HEADER_WIDTH;
    if (r.top < top || r.bottom > outer.bottom)
      box.scrollTop += r.top - (top + outer.bottom) / 2 + r.height / 2;
    if (r.left < left) box.scrollLeft -= left - r.left;
    else if (r.right > outer.right) box.scrollLeft += Math.min(r.right - outer.right, r.left - left);
  }, [selection?.top, selection?.left, sheet, grid?.frozenRows]);

  const select = (row: number, column: number) => {
    if (!sheet) return;
    store.activate(sheet, { top: row, left: column, bottom: row, right: column });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!grid) return;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    const row = Math.min(grid.rowCount - 1, Math.max(0, (selection?.top ?? 0) + (selection ? move[0] : 0)));
    const column = Math.min(
      grid.columnCount - 1,
      Math.max(0, (selection?.left ?? 0) + (selection ? move[1] : 0)),
    );
    select(row, column);
  };

  const totalWidth = ROW_HEADER_WIDTH + (grid?.widths.reduce((a, b) => a + b, 0) ?? 0);
  const gridId = "vp-grid";

  return (
    <div className={styles.viewer}>
      <div className={styles.bar}>
        <output className={styles.nameBox} aria-label={S.nameBoxLabel} data-testid="name-box">
          {snapshot.selection ?? ""}
        </output>
        <div className={styles.formulaBar} aria-label={S.formulaBarLabel} role="textbox" aria-readonly="true">
          {selectedCell?.formula ?? selectedCell?.text ?? ""}
        </div>
      </div>
      <div
        ref={scroller}
        id={gridId}
        className={styles.scroll}
        role="region"
        aria-label={sheet ? S.gridLabel(sheet) : S.workbookLabel}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        {!snapshot.ready ? <p className={styles.note}>{S.loading}</p> : null}
        {snapshot.ready && !sheet ? <p className={styles.note}>{S.noSheets}</p> : null}
        {grid ? (
          <table className={styles.table} style={{ width: totalWidth }} data-sheet={grid.sheet}>
            <colgroup>
              <col style={{ width: ROW_HEADER_WIDTH }} />
              {grid.widths.map((w, c) => (
                <col key={c} style={{ width: w }} />
              ))}
            </colgroup>
            <thead>
              <tr>
                <td className={`${styles.colHeader} ${styles.corner}`} />
                {grid.widths.map((_, c) => (
                  <th
                    key={c}
                    scope="col"
                    className={
                      selection && c >= selection.left && c <= selection.right
                        ? `${styles.colHeader} ${styles.activeHeader}`
                        : styles.colHeader
                    }
                  >
                    {columnLetter(c + 1)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.cells.map((row, r) => {
                const frozenTop = r < grid.frozenRows ? ROW_HEIGHT * (r + 1) : undefined;
                const activeRow = selection && r >= selection.top && r <= selection.bottom;
                return (
                  <tr key={r}>
                    <th
                      scope="row"
                      className={activeRow ? `${styles.rowHeader} ${styles.activeHeader}` : styles.rowHeader}
                      style={frozenTop !== undefined ? { top: frozenTop, zIndex: 2 } : undefined}
                    >
                      {r + 1}
                    </th>
                    {row.map((cell, c) => {
                      const isSelected = selection?.top === r && selection.left === c;
                      const classes = [styles.cell];
                      if (cell?.wrap) classes.push(styles.wrap);
                      if (cell?.overflow) classes.push(styles.overflow);
                      if (isSelected) classes.push(styles.selected);
                      return (
                        <td
                          key={c}
                          className={classes.join(" ")}
                          style={cellStyle(cell, frozenTop)}
                          data-cell={cellName(r, c)}
                          data-selected={isSelected ? "true" : undefined}
                          data-marked={cell?.marked ? "true" : undefined}
                          title={cell?.marked ? `${cellName(r, c)}: ${S.marked}` : undefined}
                          onClick={() => select(r, c)}
                        >
                          {cell?.overflow ? (
                            <div
                              className={styles.runOn}
                              style={{
                                width:
                                  grid.widths.slice(c, c + 1 + cell.overflow).reduce((a, b) => a + b, 0) - 5,
                                // Text runs on over the empty cells to the right; a fill stays in
                                // its own cell, as in Excel.
                                background: cell.fill
                                  ? `linear-gradient(to right, ${cell.fill} ${(grid.widths[c] ?? 0) - 5}px, #FFFFFF 0)`
                                  : "#FFFFFF",
                              }}
                            >
                              {cell.text}
                            </div>
                          ) : cell?.link ? (
                            <a
                              className={styles.link}
                              href={`#${encodeURIComponent(cell.link.sheet)}!${cell.link.cell}`}
                              aria-label={S.linkTo(cell.link.sheet, cell.link.cell)}
                              onClick={(e) => {
                                e.preventDefault();
                                e.stopPropagation();
                                const link = cell.link;
                                if (link) followLink(store, link.sheet, link.cell);
                              }}
                            >
                              {cell.text}
                            </a>
                          ) : (
                            cell?.text
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        {placed.map(({ chart, box }, i) =>
          box ? (
            <div
              key={`${chart.name}-${i}`}
              className={styles.chart}
              style={box}
              data-testid="chart"
              data-chart={chart.name}
            >
              <ChartSvg chart={chart} width={box.width} height={box.height} />
            </div>
          ) : null,
        )}
        {grid && grid.rowsLeftOut > 0 ? (
          <p className={styles.note}>{S.rowsLeftOut(grid.rowsLeftOut)}</p>
        ) : null}
        {placed.some((p) => !p.box) ? (
          <div className={styles.unanchored}>
            {placed.map(({ chart, box }, i) =>
              box ? null : (
                <div key={`${chart.name}-${i}`} data-testid="chart" data-chart={chart.name}>
                  <ChartSvg chart={chart} width={UNANCHORED.width} height={UNANCHORED.height} />
                </div>
              ),
            )}
          </div>
        ) : null}
      </div>
      <div className={styles.tabs}>
        <TabList
          size="small"
          selectedValue={sheet ?? ""}
          onTabSelect={(_, d) => store.activate(String(d.value))}
          aria-label={S.sheetsLabel}
        >
          {snapshot.sheets.map((name) => (
            <Tab key={name} value={name} aria-controls={gridId} data-sheet={name}>
              {name}
            </Tab>
          ))}
        </TabList>
      </div>
    </div>
  );
}

function followLink(store: PreviewStore, sheet: string, cell: string): void {
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!m?.[1] || !m[2]) return;
  let column = 0;
  for (const ch of m[1]) column = column * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]) - 1;
  store.activate(sheet, { top: row, left: column - 1, bottom: row, right: column - 1 });
}
