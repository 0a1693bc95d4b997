/**
 * The ekonomi summary: the plan's economy tables as sheet content. Every amount is computed here
 * from unrounded budget lines and also written as a live formula over the input tables, so a later
 * edit flows through and a controller can trace each number.
 */
import {
  budgetTotals,
  buildAreaTree,
  unitFactor,
  type AreaNode,
  type AreaTree,
  type BudgetTotals,
} from "../budget";
import { CODES } from "../codes";
import type { Finding } from "../findings";
import type { Period, Plan, SourceTable } from "../model";
import { DEVIATION_HEADER, isFollowUp, normalizeKey, type Post, type SummaryTableKind } from "../spec";
import { formatNumberSv, roundHalfAwayFromZero } from "../values";
import { cellRef, columnRef, exactCriterion, MAX_FORMULA_LENGTH } from "./formulas";
import type { EconomyRow, EconomyTable, LayoutCell, LayoutChart, SheetLayout } from "./types";

export const ECONOMY_SHEET = "Sammanställning ekonomi";

/** Header of the follow-up documents' deviation column; also the name used in Tabellkolumner. */
export { DEVIATION_HEADER };

export const FOLLOW_UP_CHART_TITLE = "Budget och prognos per verksamhetsområde";
export const FOLLOW_UP_CHART_NAME = "BudgetPrognosDiagram";
const FOLLOW_UP_CHART_COLORS = ["5B9BD5", "ED7D31"] as const;

/**
 * A displayed column: a period, a comparison of two periods, or (follow-up documents) the
 * deviation budget − follow-up figure, written over the row's own budget and follow-up cells.
 */
type ColumnDef =
  | { readonly header: string; readonly kind: "period"; readonly p: number }
  | { readonly header: string; readonly kind: "diff" | "deviation"; readonly a: number; readonly b: number };

/**
 * What a follow-up document compares: the budget period and the follow-up figure (forecast, or in a
 * Verksamhetsberättelse the closing accounts), as indices into `Plan.periods`.
 */
export interface FollowUpComparison {
  readonly budget: number;
  readonly compared: number;
  /** The follow-up figure's kind in running text: `prognos`, `bokslut` or `utfall`. */
  readonly word: string;
}

/** The comparison of a follow-up document, or notes saying why there is none (empty for a VP). */
export function followUpComparison(plan: Plan): { comparison?: FollowUpComparison; notes: string[] } {
  const { document, planYear } = plan.settings;
  if (!isFollowUp(document)) return { notes: [] };
  const last = (test: (p: Period) => boolean): number => {
    for (let i = plan.periods.length - 1; i >= 0; i--) {
      const p = plan.periods[i];
      if (p && test(p)) return i;
    }
    return -1;
  };
  const adjusted = last((p) => p.type === "Justerad budget" && p.year === planYear);
  const budget = adjusted >= 0 ? adjusted : plan.periods.findIndex((p) => p.isPlanPeriod);
  const forecast = last((p) => p.type === "Prognos" && p.year === planYear);
  const closing =
    document === "Verksamhetsberättelse"
      ? last((p) => (p.type === "Bokslut" || p.type === "Utfall") && p.year === planYear)
      : -1;
  const compared = closing >= 0 ? closing : forecast;
  const notes: string[] = [];
  const cannot = "– avvikelsen mot budget kan inte visas.";
  if (budget < 0)
    notes.push(
      `Ingen period med Typ Justerad budget för ${planYear} och ingen planperiod i Perioder ${cannot}`,
    );
  if (compared < 0)
    notes.push(
      document === "Verksamhetsberättelse"
        ? `Ingen period med Typ Bokslut, Utfall eller Prognos för ${planYear} i Perioder ${cannot}`
        : `Ingen period med Typ Prognos för ${planYear} i Perioder ${cannot}`,
    );
  if (budget < 0 || compared < 0) return { notes };
  const word = plan.periods[compared]?.type.toLocaleLowerCase("sv") ?? "prognos";
  return { comparison: { budget, compared, word }, notes };
}

/** Values and formula expressions of one row per period, in the summary unit. */
interface RowSource {
  readonly value: (p: number) => number;
  /** Formula expression (no leading `=`), or undefined when no formula can be written. */
  readonly expr: (p: number) => string | undefined;
}

interface RowSpec {
  readonly label: string;
  readonly style: EconomyRow["style"];
  /** Data row: its own source. */
  readonly source?: RowSource;
  /** Total row: sum of these rows (indices in the same table). */
  readonly sumOf?: readonly number[];
  /** Net table: the top-level area this row shows (for the follow-up chart block). */
  readonly root?: string;
}

interface TableSpec {
  readonly title: string;
  readonly kind: EconomyTable["kind"];
  readonly columns: readonly ColumnDef[];
  readonly rows: readonly RowSpec[];
}

export interface EconomySummary {
  readonly layout: SheetLayout;
  readonly tables: readonly EconomyTable[];
  /** Rounding notes (info): displayed rows that do not add up to the displayed total. */
  readonly findings: readonly Finding[];
  /** Follow-up documents: the budget and follow-up periods compared (absent in a VP or when missing). */
  readonly followUp?: FollowUpComparison;
}

export function unitLabel(unit: "tkr" | "mnkr"): string {
  return unit === "mnkr" ? "Mnkr" : "Tkr";
}

export function amountFormat(decimals: number): string {
  const d = decimals > 0 ? `.${"0".repeat(decimals)}` : "";
  return `#,##0${d};-#,##0${d}`;
}

function columnsFor(plan: Plan, kind: SummaryTableKind, followUp?: FollowUpComparison): ColumnDef[] {
  const setting = plan.tableColumns.find((t) => t.table === kind);
  const byPeriod = new Map(plan.periods.map((p, i) => [p.id, i]));
  // A Jämförelse of the user's that carries the deviation's name wins over ours.
  const deviationKey = normalizeKey(DEVIATION_HEADER);
  const deviation =
    followUp && !plan.comparisons.some((c) => normalizeKey(c.title) === deviationKey) ? followUp : undefined;
  const toDef = (key: string): ColumnDef | undefined => {
    const p = byPeriod.get(key);
    if (p !== undefined) return { header: plan.periods[p]?.title ?? key, kind: "period", p };
    const c = plan.comparisons.find((x) => x.title === key);
    const a = c && byPeriod.get(c.periodId);
    const b = c && byPeriod.get(c.minusPeriodId);
    if (c && a !== undefined && b !== undefined) return { header: c.title, kind: "diff", a, b };
    if (deviation && normalizeKey(key) === deviationKey)
      return { header: DEVIATION_HEADER, kind: "deviation", a: deviation.budget, b: deviation.compared };
    return undefined;
  };
  let keys: readonly string[];
  if (setting) keys = setting.columns;
  else if (deviation) {
    const first = [deviation.budget, deviation.compared];
    keys = [
      ...first.map((p) => plan.periods[p]?.id ?? ""),
      DEVIATION_HEADER,
      ...plan.periods.filter((_, i) => !first.includes(i)).map((p) => p.id),
      ...plan.comparisons.map((c) => c.title),
    ];
  } else keys = [...plan.periods.map((p) => p.id), ...plan.comparisons.map((c) => c.title)];
  return keys.map(toDef).filter((d): d is ColumnDef => d !== undefined);
}

function titleFor(plan: Plan, kind: SummaryTableKind, fallback: string): string {
  return plan.tableColumns.find((t) => t.table === kind)?.title ?? fallback;
}

/** Builds formula expressions over the Budget table. */
class BudgetFormulas {
  private readonly areaCol?: string;
  private readonly postCol?: string;
  /** Area criteria per code: the code and any other text lines use for it (an area's Namn). */
  private readonly criteria = new Map<string, string[]>();

  constructor(
    private readonly plan: Plan,
    private readonly table: SourceTable | undefined,
    private readonly factor: number,
  ) {
    if (table) {
      this.areaCol = columnRef(table, "area");
      this.postCol = columnRef(table, "post");
    }
    for (const line of plan.budget) {
      if (!line.areaKnown) continue;
      const list = this.criteria.get(line.area) ?? [line.area];
      if (line.enteredAs && !list.includes(line.enteredAs)) list.push(line.enteredAs);
      this.criteria.set(line.area, list);
    }
  }

  private amountCol(p: number): string | undefined {
    const period = this.plan.periods[p];
    return this.table && period ? columnRef(this.table, `period:${period.id}`) : undefined;
  }

  private scale(expr: string): string {
    if (this.factor === 1) return expr;
    const inverse = 1 / this.factor;
    return Number.isInteger(inverse) ? `(${expr})/${inverse}` : `(${expr})*${this.factor}`;
  }

  /** Sum of one post over a set of area codes (undefined codes = the whole table). */
  sum(p: number, post: Post, codes?: readonly string[]): string | undefined {
    const col = this.amountCol(p);
    if (!col || !this.postCol || !this.areaCol) return undefined;
    if (!codes) return `SUMIFS(${col},${this.postCol},${exactCriterion(post)})`;
    const terms: string[] = [];
    for (const code of codes)
      for (const text of this.criteria.get(code) ?? [code])
        terms.push(
          `SUMIFS(${col},${this.areaCol},${exactCriterion(text)},${this.postCol},${exactCriterion(post)})`,
        );
    return terms.length === 0 ? "0" : terms.join("+");
  }

  /** Kostnader, Intäkter or Netto of a set of areas, scaled to the summary unit. */
  expr(
    p: number,
    post: Post,
    codes: readonly string[] | undefined,
    netOnly: ReadonlySet<string>,
  ): string | undefined {
    let body: string | undefined;
    if (post !== "Netto") body = this.sum(p, post, codes);
    else {
      const withPosts = codes?.filter((c) => !netOnly.has(c));
      const nets = codes ? codes.filter((c) => netOnly.has(c)) : [...netOnly];
      const parts = [this.sum(p, "Kostnader", withPosts), this.sum(p, "Intäkter", withPosts)];
      if (nets.length > 0) parts.push(this.sum(p, "Netto", nets));
      body = parts.some((x) => x === undefined) ? undefined : parts.join("+");
    }
    if (body === undefined) return undefined;
    const scaled = this.scale(body);
    return scaled.length + 1 > MAX_FORMULA_LENGTH ? undefined : scaled;
  }
}

function subtreeCodes(node: AreaNode): string[] {
  const out: string[] = [];
  const visit = (n: AreaNode) => {
    out.push(n.area.code);
    n.children.forEach(visit);
  };
  visit(node);
  return out;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase("sv") + text.slice(1);
}

/** Varav rows under a top-level area: descendants with Visa som varav, in tree order. */
function varavNodes(node: AreaNode): AreaNode[] {
  const out: AreaNode[] = [];
  const visit = (n: AreaNode) => {
    for (const c of n.children) {
      if (c.area.showAsVarav) out.push(c);
      visit(c);
    }
  };
  visit(node);
  return out;
}

/** The economy tables as data (values, labels), before placement on the sheet. */
export function economyTables(
  plan: Plan,
  tree: AreaTree = buildAreaTree(plan.areas),
  totals?: BudgetTotals,
): TableSpec[] {
  const t = totals ?? budgetTotals(plan, tree);
  const { inputUnit, summaryUnit, level } = plan.settings;
  const followUp = followUpComparison(plan).comparison;
  const factor = unitFactor(inputUnit, summaryUnit);
  const formulas = new BudgetFormulas(plan, plan.budgetTable, factor);
  const netOnly = new Set(
    [...t.own].filter(([, o]) => o.hasNetLines && !o.hasPostLines).map(([code]) => code),
  );

  const areaSource = (node: AreaNode, post: Post): RowSource => {
    const codes = subtreeCodes(node);
    const totalsOf = t.byArea.get(node.area.code);
    const arr =
      post === "Kostnader" ? totalsOf?.costs : post === "Intäkter" ? totalsOf?.revenues : totalsOf?.net;
    return { value: (p) => (arr?.[p] ?? 0) * factor, expr: (p) => formulas.expr(p, post, codes, netOnly) };
  };
  const wholeSource = (post: Post): RowSource => {
    const arr = post === "Kostnader" ? t.total.costs : post === "Intäkter" ? t.total.revenues : t.total.net;
    const codes = post === "Netto" ? tree.order.map((n) => n.area.code) : undefined;
    return { value: (p) => (arr[p] ?? 0) * factor, expr: (p) => formulas.expr(p, post, codes, netOnly) };
  };

  const tables: TableSpec[] = [];
  // 1. Net table.
  const netRows: RowSpec[] = [];
  const inner: number[] = [];
  const outer: number[] = [];
  const addArea = (node: AreaNode, into: number[]) => {
    into.push(netRows.length);
    netRows.push({
      label: node.area.netLabel ?? node.area.name,
      style: "normal",
      source: areaSource(node, "Netto"),
      root: node.area.code,
    });
    for (const v of varavNodes(node))
      netRows.push({
        label: v.area.netLabel ?? `varav ${lowerFirst(v.area.name)}`,
        style: "varav",
        source: areaSource(v, "Netto"),
      });
  };
  for (const root of tree.roots) if (!root.area.outsideSubtotal) addArea(root, inner);
  const outside = tree.roots.filter((r) => r.area.outsideSubtotal);
  if (outside.length === 0) netRows.push({ label: "Totalt", style: "total", sumOf: inner });
  else {
    const firstSum = netRows.length;
    netRows.push({ label: "Summa", style: "total", sumOf: inner });
    for (const root of outside) addArea(root, outer);
    netRows.push({ label: "Summa", style: "total", sumOf: [firstSum, ...outer] });
  }
  const who = level === "Enhet" ? "Enhetens" : "Nämndens";
  tables.push({
    title: titleFor(plan, "Nettotabell", `${who} ekonomiska förutsättningar`),
    kind: "net",
    columns: columnsFor(plan, "Nettotabell", followUp),
    rows: netRows,
  });
  // 2. The whole organisation's Kostnader, Intäkter, Netto.
  const postRows = (source: (post: Post) => RowSource): RowSpec[] => [
    { label: "Kostnader", style: "normal", source: source("Kostnader") },
    { label: "Intäkter", style: "normal", source: source("Intäkter") },
    { label: "Netto", style: "total", source: source("Netto") },
  ];
  tables.push({
    title: titleFor(
      plan,
      "Kostnader och intäkter",
      `Kostnader och intäkter, ${level === "Enhet" ? "hela enheten" : "hela nämnden"}`,
    ),
    kind: "posts",
    columns: columnsFor(plan, "Kostnader och intäkter", followUp),
    rows: postRows(wholeSource),
  });
  // 3. One table per area with Egen tabell.
  const areaColumns = columnsFor(plan, "Områdestabeller", followUp);
  for (const node of tree.order)
    if (node.area.ownTable)
      tables.push({
        title: node.area.name,
        kind: "area",
        columns: areaColumns,
        rows: postRows((post) => areaSource(node, post)),
      });
  // 4. Investments.
  if (plan.investments && plan.investments.length > 0) tables.push(investmentTable(plan, factor, followUp));
  return tables;
}

function investmentTable(plan: Plan, factor: number, followUp?: FollowUpComparison): TableSpec {
  const categories = new Map<string, Float64Array>();
  const n = plan.periods.length;
  for (const line of plan.investments ?? []) {
    const sums = categories.get(line.category) ?? new Float64Array(n);
    line.amounts.forEach((a, p) => (sums[p] = (sums[p] ?? 0) + (a ?? 0)));
    categories.set(line.category, sums);
  }
  const table = plan.investmentTable;
  const catCol = table && columnRef(table, "category");
  const expr = (category: string, p: number) => {
    const period = plan.periods[p];
    const col = table && period && columnRef(table, `period:${period.id}`);
    if (!col || !catCol) return undefined;
    const body = `SUMIFS(${col},${catCol},${exactCriterion(category)})`;
    const inverse = 1 / factor;
    return factor === 1 ? body : Number.isInteger(inverse) ? `${body}/${inverse}` : `${body}*${factor}`;
  };
  const rows: RowSpec[] = [...categories].map(([category, sums]) => ({
    label: category,
    style: "normal" as const,
    source: { value: (p: number) => (sums[p] ?? 0) * factor, expr: (p: number) => expr(category, p) },
  }));
  rows.push({ label: "Totalt", style: "total", sumOf: rows.map((_, i) => i) });
  return {
    title: titleFor(plan, "Investeringar", "Investeringar"),
    kind: "investments",
    columns: columnsFor(plan, "Investeringar", followUp),
    rows,
  };
}

/** A row's unrounded amount for one period (a total row: the sum of its members). */
function periodValue(spec: TableSpec, r: number, p: number): number {
  const row = spec.rows[r];
  if (row?.sumOf) return row.sumOf.reduce((s, i) => s + periodValue(spec, i, p), 0);
  return row?.source?.value(p) ?? 0;
}

/** Values of every row of a table, per column (unrounded, summary unit). */
function tableValues(spec: TableSpec): number[][] {
  const values: number[][] = [];
  spec.rows.forEach((row, r) => {
    values[r] = spec.columns.map((col, c) => {
      // The deviation is the row's own budget − follow-up figure, as its formula computes it.
      if (col.kind === "deviation") return periodValue(spec, r, col.a) - periodValue(spec, r, col.b);
      if (row.sumOf) return row.sumOf.reduce((s, i) => s + (values[i]?.[c] ?? 0), 0);
      const src = row.source;
      if (!src) return 0;
      return col.kind === "period" ? src.value(col.p) : src.value(col.a) - src.value(col.b);
    });
  });
  return values;
}

/** The number format of a deviation column: negative (unfavourable) amounts in red. */
export function deviationFormat(decimals: number): string {
  const d = decimals > 0 ? `.${"0".repeat(decimals)}` : "";
  return `#,##0${d};[Red]-#,##0${d}`;
}

/** Rounding notes of every economy table (the check `SUM-AVRUNDNING`), without laying out the sheet. */
export function economyRoundingFindings(plan: Plan, tree?: AreaTree, totals?: BudgetTotals): Finding[] {
  const { decimals, summaryUnit } = plan.settings;
  return economyTables(plan, tree, totals).flatMap((spec) => {
    const values = tableValues(spec);
    const table: EconomyTable = {
      title: spec.title,
      kind: spec.kind,
      headers: spec.columns.map((c) => c.header),
      rows: spec.rows.map((row, r) => ({ label: row.label, style: row.style, values: values[r] ?? [] })),
    };
    return roundingNotes(table, spec, decimals, summaryUnit);
  });
}

/** Places the tables on the sheet and writes values, formulas and formats. */
/** Shown instead of the tables when Budget and Investeringar have no lines. */
export const NO_AMOUNTS_NOTE =
  "Tabellen Budget har inga rader än. Ekonomitabellerna visas här när budgeten är ifylld.";

export function economySummaryLayout(plan: Plan): EconomySummary {
  const tree = buildAreaTree(plan.areas);
  const totals = budgetTotals(plan, tree);
  // Without any amounts (a new template, a unit's follow-up without figures) there is nothing to
  // show but zeros: a note says so instead.
  const noAmounts = plan.budget.length === 0 && (plan.investments ?? []).length === 0;
  const specs = noAmounts ? [] : economyTables(plan, tree, totals);
  const { summaryUnit, decimals, organisation, document, planYear } = plan.settings;
  const followUp = followUpComparison(plan);
  const format = amountFormat(decimals);
  const redFormat = deviationFormat(decimals);
  const rows: (LayoutCell | null)[][] = [];
  const text = (value: string, extra: Partial<LayoutCell> = {}): LayoutCell => ({
    value,
    numberFormat: "@",
    ...extra,
  });
  const note = (value: string) => text(value, { italic: true, color: "595959" });
  rows.push([
    text(`Sammanställning ekonomi – ${organisation}, ${document} ${planYear}`, { bold: true, size: 14 }),
  ]);
  rows.push([
    note(
      `Belopp i ${summaryUnit}. Beloppen är formler över tabellerna Budget och Investeringar; summor räknas på oavrundade belopp.`,
    ),
  ]);
  rows.push([]);
  if (noAmounts) rows.push([note(NO_AMOUNTS_NOTE)]);
  const tables: EconomyTable[] = [];
  const findings: Finding[] = [];
  /** Follow-up notes, shown under the first table. */
  const notes = [...followUp.notes];
  const c = followUp.comparison;
  if (c && specs.some((spec) => spec.columns.some((col) => col.kind === "deviation"))) {
    const title = (p: number) => plan.periods[p]?.title ?? "";
    notes.push(
      `${DEVIATION_HEADER} = budget − ${c.word} (${title(c.budget)} − ${title(c.compared)}); positivt värde = överskott, negativt = underskott.`,
    );
  }
  /** Net table: worksheet row of each top-level area, and its columns. */
  const netRows = new Map<string, number>();
  let netColumns: readonly ColumnDef[] = [];
  let maxColumns = 1;
  specs.forEach((spec, t) => {
    const values = tableValues(spec);
    rows.push([text(spec.title, { bold: true, size: 12 })]);
    rows.push([
      text(unitLabel(summaryUnit), { bold: true, borderBottom: true, fill: "DDEBF7" }),
      ...spec.columns.map((col) =>
        text(col.header, { bold: true, borderBottom: true, fill: "DDEBF7", wrap: true, align: "right" }),
      ),
    ]);
    const firstRow = rows.length;
    /** Sheet column of a period shown in this table (undefined when it is not shown). */
    const periodColumn = (p: number) => {
      const i = spec.columns.findIndex((col) => col.kind === "period" && col.p === p);
      return i < 0 ? undefined : i + 1;
    };
    spec.rows.forEach((row, r) => {
      const rowIndex = firstRow + r;
      if (spec.kind === "net" && row.root !== undefined) netRows.set(row.root, rowIndex);
      const style: Partial<LayoutCell> =
        row.style === "total"
          ? { bold: true, borderTop: true }
          : row.style === "varav"
            ? { italic: true }
            : {};
      const cells: (LayoutCell | null)[] = [
        text(row.label, { ...style, ...(row.style === "varav" ? { indent: 1 } : {}) }),
      ];
      spec.columns.forEach((col, i) => {
        const column = i + 1;
        let formula: string | undefined;
        const a = col.kind === "period" ? undefined : periodColumn(col.a);
        const b = col.kind === "period" ? undefined : periodColumn(col.b);
        if (col.kind === "deviation" && a !== undefined && b !== undefined)
          formula = `${cellRef(rowIndex, a)}-${cellRef(rowIndex, b)}`;
        else if (row.sumOf) {
          formula = `SUM(${row.sumOf.map((m) => cellRef(firstRow + m, column)).join(",")})`;
          if (row.sumOf.length === 0) formula = "0";
        } else if (row.source) {
          if (col.kind === "period") formula = row.source.expr(col.p);
          else {
            const x = row.source.expr(col.a);
            const y = row.source.expr(col.b);
            formula = x !== undefined && y !== undefined ? `(${x})-(${y})` : undefined;
            if (formula && formula.length + 1 > MAX_FORMULA_LENGTH) formula = undefined;
          }
        }
        cells.push({
          value: values[r]?.[i] ?? 0,
          ...(formula !== undefined ? { formula: `=${formula}` } : {}),
          numberFormat: col.kind === "deviation" ? redFormat : format,
          ...style,
        });
      });
      rows.push(cells);
    });
    if (t === 0) for (const n of notes) rows.push([note(n)]);
    rows.push([]);
    if (spec.kind === "net") netColumns = spec.columns;
    maxColumns = Math.max(maxColumns, spec.columns.length);
    const table: EconomyTable = {
      title: spec.title,
      kind: spec.kind,
      headers: spec.columns.map((col) => col.header),
      rows: spec.rows.map((row, r) => ({ label: row.label, style: row.style, values: values[r] ?? [] })),
    };
    tables.push(table);
    findings.push(...roundingNotes(table, spec, decimals, summaryUnit));
  });
  if (specs.length === 0) for (const n of notes) rows.push([note(n)]);
  const charts: LayoutChart[] = [];
  if (c && !noAmounts) {
    const chart = followUpChartBlock(plan, tree, totals, c, rows, { netRows, netColumns, format });
    if (chart) charts.push(chart);
  }
  return {
    layout: {
      name: ECONOMY_SHEET,
      rows,
      columnWidths: [60, ...Array.from({ length: maxColumns }, () => 16)],
      freezeRows: 0,
      ...(charts.length > 0 ? { charts } : {}),
    },
    tables,
    findings,
    ...(c ? { followUp: c } : {}),
  };
}

/**
 * Follow-up documents: the data block "Budget och prognos per verksamhetsområde" after the tables
 * (one row per top-level area, its net for the budget and the follow-up period, as references to
 * the net table's cells) and a clustered column chart over it, to the right of the block.
 */
function followUpChartBlock(
  plan: Plan,
  tree: AreaTree,
  totals: BudgetTotals,
  c: FollowUpComparison,
  rows: (LayoutCell | null)[][],
  net: { netRows: ReadonlyMap<string, number>; netColumns: readonly ColumnDef[]; format: string },
): LayoutChart | undefined {
  if (tree.roots.length === 0) return undefined;
  const { summaryUnit, inputUnit } = plan.settings;
  const factor = unitFactor(inputUnit, summaryUnit);
  const formulas = new BudgetFormulas(plan, plan.budgetTable, factor);
  const netOnly = new Set(
    [...totals.own].filter(([, o]) => o.hasNetLines && !o.hasPostLines).map(([code]) => code),
  );
  const header = { bold: true, borderBottom: true, fill: "DDEBF7", numberFormat: "@" } as const;
  const title = (p: number) => plan.periods[p]?.title ?? "";
  const netColumn = (p: number) => {
    const i = net.netColumns.findIndex((col) => col.kind === "period" && col.p === p);
    return i < 0 ? undefined : i + 1;
  };
  rows.push([{ value: FOLLOW_UP_CHART_TITLE, numberFormat: "@", bold: true, size: 12 }]);
  const headerRow = rows.length;
  rows.push([
    { value: "Verksamhetsområde", ...header },
    { value: title(c.budget), ...header, wrap: true, align: "right" },
    { value: title(c.compared), ...header, wrap: true, align: "right" },
  ]);
  for (const root of tree.roots) {
    const code = root.area.code;
    const netRow = net.netRows.get(code);
    const cell = (p: number): LayoutCell => {
      const column = netColumn(p);
      // A reference to the net table's cell; a SUMIFS of its own where the net table lacks the period.
      const formula =
        netRow !== undefined && column !== undefined
          ? cellRef(netRow, column)
          : formulas.expr(p, "Netto", subtreeCodes(root), netOnly);
      return {
        value: (totals.byArea.get(code)?.net[p] ?? 0) * factor,
        ...(formula !== undefined ? { formula: `=${formula}` } : {}),
        numberFormat: net.format,
      };
    };
    rows.push([
      { value: root.area.netLabel ?? root.area.name, numberFormat: "@" },
      cell(c.budget),
      cell(c.compared),
    ]);
  }
  rows.push([]);
  return {
    name: FOLLOW_UP_CHART_NAME,
    title: `${FOLLOW_UP_CHART_TITLE} (${summaryUnit})`,
    kind: "columnClustered",
    row: headerRow,
    column: 0,
    categories: tree.roots.length,
    series: 2,
    seriesColors: FOLLOW_UP_CHART_COLORS,
    anchor: { row: headerRow - 1, column: 4, toRow: headerRow + 17, toColumn: 12 },
  };
}

/**
 * Rounding notes: where the displayed (rounded) rows do not add up to the displayed total.
 * Totals are always computed from unrounded amounts.
 */
function roundingNotes(table: EconomyTable, spec: TableSpec, decimals: number, unit: string): Finding[] {
  const out: Finding[] = [];
  const shown = (x: number) => roundHalfAwayFromZero(x, decimals);
  const check = (label: string, members: readonly number[], total: number) => {
    table.headers.forEach((header, c) => {
      const sum = members.reduce((s, i) => s + shown(table.rows[i]?.values[c] ?? 0), 0);
      const displayedSum = roundHalfAwayFromZero(sum, decimals);
      const displayedTotal = shown(table.rows[total]?.values[c] ?? 0);
      const diff = roundHalfAwayFromZero(displayedTotal - displayedSum, decimals);
      if (diff !== 0)
        out.push({
          severity: "info",
          code: CODES.rounding,
          message: `Avrundning i tabellen ”${table.title}”, kolumnen ${header}: raderna visar tillsammans ${formatNumberSv(displayedSum, decimals)} ${unit} men ${label} visar ${formatNumberSv(displayedTotal, decimals)} ${unit} (skillnad ${formatNumberSv(diff, decimals)} ${unit}). Summan räknas på oavrundade belopp.`,
          sheet: ECONOMY_SHEET,
        });
    });
  };
  spec.rows.forEach((row, r) => {
    if (row.sumOf) check(row.label, row.sumOf, r);
  });
  if (spec.kind === "posts" || spec.kind === "area") check("Netto", [0, 1], 2);
  return out;
}
