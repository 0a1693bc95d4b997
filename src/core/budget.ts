/**
 * The area tree and budget totals: an area's amount is the sum of the lines booked on it and on
 * all its descendants. Totals are kept unrounded in the input unit.
 */
import type { Area, BudgetLine, Plan } from "./model";
import type { AmountUnit } from "./spec";

export interface AreaNode {
  readonly area: Area;
  readonly depth: number;
  readonly children: AreaNode[];
}

export interface AreaTree {
  /** Top-level areas in table order, each with its children in table order. */
  readonly roots: readonly AreaNode[];
  /** Every area in tree order (pre-order). */
  readonly order: readonly AreaNode[];
  readonly byCode: ReadonlyMap<string, AreaNode>;
  /** Areas whose Överordnat is unknown or that sit in a cycle (treated as top-level). */
  readonly broken: readonly { area: Area; reason: "unknown" | "cycle" }[];
}

export function buildAreaTree(areas: readonly Area[]): AreaTree {
  const codes = new Map(areas.map((a) => [a.code, a]));
  const broken: { area: Area; reason: "unknown" | "cycle" }[] = [];
  const parentOf = new Map<string, string | undefined>();
  for (const a of areas) {
    if (a.parent === undefined) parentOf.set(a.code, undefined);
    else if (!codes.has(a.parent)) {
      broken.push({ area: a, reason: "unknown" });
      parentOf.set(a.code, undefined);
    } else parentOf.set(a.code, a.parent);
  }
  // Break cycles: an area whose ancestor chain returns to itself becomes top-level.
  for (const a of areas) {
    const seen = new Set<string>([a.code]);
    let p = parentOf.get(a.code);
    while (p !== undefined) {
      if (seen.has(p)) {
        broken.push({ area: a, reason: "cycle" });
        parentOf.set(a.code, undefined);
        break;
      }
      seen.add(p);
      p = parentOf.get(p);
    }
  }
  const nodes = new Map<string, { area: Area; children: AreaNode[]; depth: number }>();
  for (const a of areas) nodes.set(a.code, { area: a, children: [], depth: 0 });
  const roots: AreaNode[] = [];
  for (const a of areas) {
    const node = nodes.get(a.code);
    if (!node) continue;
    const p = parentOf.get(a.code);
    const parent = p === undefined ? undefined : nodes.get(p);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const order: AreaNode[] = [];
  const visit = (node: { area: Area; children: AreaNode[]; depth: number }, depth: number) => {
    node.depth = depth;
    order.push(node);
    for (const c of node.children) visit(c as { area: Area; children: AreaNode[]; depth: number }, depth + 1);
  };
  for (const r of roots) visit(r as { area: Area; children: AreaNode[]; depth: number }, 0);
  return { roots, order, byCode: new Map(order.map((n) => [n.area.code, n])), broken };
}

/** Kostnader, Intäkter and Netto per period (arrays indexed like `Plan.periods`). */
export interface PostTotals {
  readonly costs: Float64Array;
  readonly revenues: Float64Array;
  readonly net: Float64Array;
}

function emptyTotals(n: number): {
  costs: Float64Array;
  revenues: Float64Array;
  net: Float64Array;
  netLines: Float64Array;
  hasNetLines: boolean;
  hasPostLines: boolean;
} {
  return {
    costs: new Float64Array(n),
    revenues: new Float64Array(n),
    net: new Float64Array(n),
    netLines: new Float64Array(n),
    hasNetLines: false,
    hasPostLines: false,
  };
}

export interface BudgetTotals {
  /** Per area Kod: totals of the area and all its descendants. */
  readonly byArea: ReadonlyMap<string, PostTotals>;
  /** Per area Kod: totals of lines booked on the area itself. */
  readonly own: ReadonlyMap<
    string,
    PostTotals & { netLines: Float64Array; hasNetLines: boolean; hasPostLines: boolean }
  >;
  /** The whole organisation. */
  readonly total: PostTotals;
}

/**
 * Sums budget lines per area. An area's own net is Kostnader + Intäkter where it has such lines,
 * else the sum of its Netto lines (a unit that knows only its net). Lines on unknown areas are
 * left out of area totals but counted in the whole organisation's total.
 */
export function budgetTotals(plan: Pick<Plan, "periods" | "budget">, tree: AreaTree): BudgetTotals {
  const n = plan.periods.length;
  const own = new Map<string, ReturnType<typeof emptyTotals>>();
  for (const node of tree.order) own.set(node.area.code, emptyTotals(n));
  const stray = emptyTotals(n);
  for (const line of plan.budget) addLine(own.get(line.area) ?? stray, line, n);
  const finish = (t: ReturnType<typeof emptyTotals>) => {
    for (let p = 0; p < n; p++)
      t.net[p] = t.hasPostLines ? (t.costs[p] ?? 0) + (t.revenues[p] ?? 0) : (t.netLines[p] ?? 0);
  };
  for (const t of own.values()) finish(t);
  finish(stray);
  const byArea = new Map<string, PostTotals>();
  const sumNode = (node: AreaNode): PostTotals => {
    const o = own.get(node.area.code) ?? emptyTotals(n);
    const t = {
      costs: Float64Array.from(o.costs),
      revenues: Float64Array.from(o.revenues),
      net: Float64Array.from(o.net),
    };
    for (const child of node.children) {
      const c = sumNode(child);
      for (let p = 0; p < n; p++) {
        t.costs[p] = (t.costs[p] ?? 0) + (c.costs[p] ?? 0);
        t.revenues[p] = (t.revenues[p] ?? 0) + (c.revenues[p] ?? 0);
        t.net[p] = (t.net[p] ?? 0) + (c.net[p] ?? 0);
      }
    }
    byArea.set(node.area.code, t);
    return t;
  };
  const total = {
    costs: Float64Array.from(stray.costs),
    revenues: Float64Array.from(stray.revenues),
    net: Float64Array.from(stray.net),
  };
  for (const root of tree.roots) {
    const t = sumNode(root);
    for (let p = 0; p < n; p++) {
      total.costs[p] = (total.costs[p] ?? 0) + (t.costs[p] ?? 0);
      total.revenues[p] = (total.revenues[p] ?? 0) + (t.revenues[p] ?? 0);
      total.net[p] = (total.net[p] ?? 0) + (t.net[p] ?? 0);
    }
  }
  return { byArea, own, total };
}

function addLine(t: ReturnType<typeof emptyTotals>, line: BudgetLine, n: number): void {
  const target = line.post === "Kostnader" ? t.costs : line.post === "Intäkter" ? t.revenues : t.netLines;
  if (line.post === "Netto") t.hasNetLines = true;
  else t.hasPostLines = true;
  for (let p = 0; p < n; p++) target[p] = (target[p] ?? 0) + (line.amounts[p] ?? 0);
}

const UNIT_FACTOR: Record<AmountUnit, number> = { kr: 1, tkr: 1_000, mnkr: 1_000_000 };

/** Factor that converts an amount in `from` to `to` (tkr → mnkr: 0.001). */
export function unitFactor(from: AmountUnit, to: AmountUnit): number {
  return UNIT_FACTOR[from] / UNIT_FACTOR[to];
}

/** Whether two sums are equal up to floating-point noise. */
export function sameAmount(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
