/**
 * The bundled example (Hägersten-Älvsjö VP 2025) against the seed text itself: counts, texts
 * verbatim, and every printed figure of "Redovisning av ekonomi" recomputed from the Budget lines.
 * The economy tables are parsed here from the seed text, independently of ekonomi-004.json.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CellValue } from "../../src/core/sheet";
import type { TableContent } from "../../src/core/content";
import { exampleWorkbook } from "../../src/example";
import { parseEconomyTables } from "../support/seed-economy";

const SEED = readFileSync(join(__dirname, "..", "fixtures", "seeds", "004_399123d281b37ae1.txt"), "utf8");
const workbook = exampleWorkbook();

function table(name: string): TableContent {
  const t = workbook.tables.find((x) => x.table === name);
  if (!t) throw new Error(`table ${name} missing`);
  return t;
}

/** Rows of a table as objects keyed by header. */
function records(name: string): Record<string, CellValue>[] {
  const t = table(name);
  return t.rows.map((row) => Object.fromEntries(t.headers.map((h, i) => [h, row[i] ?? null])));
}

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();
/** Letters and digits only, lower case: matches labels across the seed's spacing and hyphen slips. */
const key = (s: string): string => s.toLocaleLowerCase("sv").replace(/[^\p{L}\p{N}]/gu, "");
const str = (v: CellValue | undefined): string =>
  typeof v === "string" ? v : v === null || v === undefined ? "" : String(v);

describe("example workbook: goal chain", () => {
  const goals = records("Mal");
  const indicators = records("Indikatorer");
  const activities = records("Aktiviteter");

  it("has the seed's counts", () => {
    const count = (level: string) => goals.filter((g) => g["Nivå"] === level).length;
    expect(count("KF:s inriktningsmål")).toBe(3);
    expect(count("KF:s mål för verksamhetsområdet")).toBe(16);
    expect(count("Nämndmål")).toBe(27);
    expect(goals).toHaveLength(46);
    expect(indicators).toHaveLength(111);
    expect(activities).toHaveLength(100);
  });

  it("links every item to an existing goal, with unique IDs", () => {
    const ids = new Set(goals.map((g) => g["Mål-ID"]));
    expect(ids.size).toBe(goals.length);
    for (const g of goals) if (g["Överordnat mål"] !== null) expect(ids.has(g["Överordnat mål"])).toBe(true);
    for (const i of indicators) expect(ids.has(i["Mål-ID"])).toBe(true);
    for (const a of activities) expect(ids.has(a["Mål-ID"])).toBe(true);
    expect(new Set(indicators.map((i) => i["Indikator-ID"])).size).toBe(111);
    expect(new Set(activities.map((a) => a["Aktivitets-ID"])).size).toBe(100);
  });

  it("uses the seed's texts and targets verbatim", () => {
    const seed = squash(SEED);
    const missing: string[] = [];
    const check = (v: CellValue | undefined) => {
      const s = str(v);
      if (s !== "" && !seed.includes(squash(s))) missing.push(s);
    };
    for (const g of goals) check(g["Mål"]);
    for (const i of indicators) {
      check(i["Indikator"]);
      check(i["Årsmål"]);
      check(i["KF:s årsmål"]);
    }
    for (const a of activities) check(a["Aktivitet"]);
    expect(missing).toEqual([]);
  });

  it("keeps the seed's own problems for the checks to find", () => {
    const a111 = activities.find((a) => a["Aktivitets-ID"] === "A-1.1-1");
    expect(a111?.["Slutdatum"]).toBe("2024-08-31");
    const text = "Andel omsorgstagare som upplever att de kan påverka hur hjälpen utförs i hemtjänsten";
    const targets = indicators.filter((i) => i["Indikator"] === text).map((i) => i["Årsmål"]);
    expect(targets.sort()).toEqual(["75 %", "87 %"]);
    expect(indicators.find((i) => i["Årsmål"] === "0,04")?.["Enhet"]).toBe("%");
    for (const a of activities) {
      expect(str(a["Startdatum"])).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(str(a["Slutdatum"])).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Economy

describe("example workbook: economy reproduces the seed's tables to the decimal", () => {
  const areas = records("Verksamhetsomraden");
  const budget = table("Budget");
  const printed = parseEconomyTables();

  const codes = areas.map((a) => str(a["Kod"]));
  const subtree = (code: string): string[] => [
    code,
    ...areas.filter((a) => a["Överordnat"] === code).flatMap((a) => subtree(str(a["Kod"]))),
  ];

  /** Σ tkr of the lines on the given areas and posts in the given period column. */
  function sumTkr(areaCodes: readonly string[], posts: readonly string[], column: string): number {
    const col = budget.headers.findIndex((h) => key(h) === key(column));
    if (col < 0) throw new Error(`no Budget column for ${column}`);
    const areaCol = budget.headers.indexOf("Verksamhetsområde");
    const postCol = budget.headers.indexOf("Post");
    let total = 0;
    for (const row of budget.rows) {
      if (!areaCodes.includes(str(row[areaCol] ?? null)) || !posts.includes(str(row[postCol] ?? null)))
        continue;
      const v = row[col];
      if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`not an integer tkr amount: ${v}`);
      total += v;
    }
    return total;
  }

  /** tkr → tenths of mnkr, rounded half away from zero. */
  const tenths = (tkr: number): number => Math.sign(tkr) * Math.floor((Math.abs(tkr) + 50) / 100);

  /** The area of a net-table row: `varav` + Namn for parts, else Namn or Rubrik i nettotabell. */
  const areaByNetLabel = (label: string): string => {
    const k = key(label);
    const hit = areas.find((a) =>
      a["Visa som varav"] === "Ja"
        ? key(`varav ${str(a["Namn"])}`) === k
        : key(str(a["Namn"])) === k || key(str(a["Rubrik i nettotabell"])) === k,
    );
    if (!hit) throw new Error(`no area for net-table row "${label}"`);
    return str(hit["Kod"]);
  };

  /** The area of a table's heading (`Stöd- och service …` matches `Stöd och service …`). */
  const areaByHeading = (heading: string): string | undefined => {
    if (key(heading) === key("Nämndens ekonomiska förutsättningar")) return undefined;
    const hit = areas.find((a) => key(str(a["Namn"])) === key(heading));
    if (!hit) throw new Error(`no area for heading "${heading}"`);
    return str(hit["Kod"]);
  };

  const POSTS: Record<string, readonly string[]> = {
    Kostnader: ["Kostnader"],
    Intäkter: ["Intäkter"],
    Netto: ["Kostnader", "Intäkter"],
  };

  interface Cell {
    readonly where: string;
    readonly scope: readonly string[];
    readonly posts: readonly string[];
    readonly column: string;
    readonly printed: number;
  }

  /** Every printed figure with the areas and posts it sums. The first table is the net table. */
  const cells: Cell[] = printed.flatMap((t, ti) =>
    t.rows.flatMap((row) => {
      let scope: readonly string[];
      let posts: readonly string[];
      if (ti === 0) {
        scope = row.label === "Totalt" ? codes : subtree(areaByNetLabel(row.label));
        posts = POSTS["Netto"]!;
      } else {
        const area = areaByHeading(t.heading);
        scope = area === undefined ? codes : subtree(area);
        posts = POSTS[row.label]!;
      }
      return t.columns.map((column, c) => ({
        where: `${t.heading} / ${row.label} / ${column}`,
        scope,
        posts,
        column,
        printed: row.values[c]!,
      }));
    }),
  );

  it("finds the seed's 15 tables", () => {
    expect(printed).toHaveLength(15);
    expect(printed[0]!.rows).toHaveLength(18);
    expect(printed[0]!.rows.filter((r) => r.label.startsWith("varav"))).toHaveLength(7);
    for (const t of printed) expect(t.columns).toHaveLength(5);
    for (const t of printed.slice(1))
      expect(t.rows.map((r) => r.label)).toEqual(["Kostnader", "Intäkter", "Netto"]);
    expect(cells).toHaveLength(18 * 5 + 14 * 3 * 5);
  });

  it("has one Kostnader/Intäkter/Netto table for the nämnd and for every area with Egen tabell", () => {
    const headings = printed.slice(1).map((t) => areaByHeading(t.heading) ?? "(nämnden)");
    const ownTables = areas.filter((a) => a["Egen tabell"] === "Ja").map((a) => str(a["Kod"]));
    expect(headings).toEqual(["(nämnden)", ...ownTables]);
  });

  it("reproduces every printed figure: net table (areas, varav rows, Totalt) and all area tables", () => {
    const mismatches = cells
      .map((cell) => ({ cell, got: tenths(sumTkr(cell.scope, cell.posts, cell.column)) }))
      .filter(({ cell, got }) => got !== cell.printed)
      .map(({ cell, got }) => `${cell.where}: ${got / 10} ≠ ${cell.printed / 10}`);
    expect(mismatches).toEqual([]);
  });

  it("keeps every displayed sum clear of a rounding boundary", () => {
    for (const cell of cells) {
      const tkr = sumTkr(cell.scope, cell.posts, cell.column);
      expect(Math.abs(tkr - cell.printed * 100)).toBeLessThan(49);
    }
  });

  it("Budgetram netto equals the plan period's net total", () => {
    const settings = records("Installningar");
    const frame = settings.find((s) => s["Inställning"] === "Budgetram netto")?.["Värde"];
    const periods = records("Perioder");
    const plan = periods.filter((p) => p["Planperiod"] === "Ja");
    expect(plan).toHaveLength(1);
    expect(frame).toBe(sumTkr(codes, POSTS["Netto"]!, str(plan[0]!["Rubrik"])));
    expect(tenths(frame as number)).toBe(32247);
  });

  it("books Kostnader positive and Intäkter negative, no Netto lines", () => {
    const postCol = budget.headers.indexOf("Post");
    for (const row of budget.rows) {
      expect(["Kostnader", "Intäkter"]).toContain(row[postCol]);
      for (const v of row.slice(3)) {
        expect(typeof v).toBe("number");
        if (row[postCol] === "Kostnader") expect(v as number).toBeGreaterThanOrEqual(0);
        else expect(v as number).toBeLessThanOrEqual(0);
      }
    }
  });

  it("has the plan's investments", () => {
    const inv = records("Investeringar");
    expect(inv.map((r) => [r["Kategori"], r["VP 2025"]])).toEqual([
      ["Parkinvesteringar", 16400],
      ["Maskiner och inventarier", 5100],
    ]);
  });
});
