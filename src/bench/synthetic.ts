/** Synthetic plan workbooks of any size, for benchmarks and scale tests. Deterministic. */
import type { WorkbookContent } from "../core/content";
import type { CellValue } from "../core/sheet";
import { INPUT_TABLES } from "../core/spec";
import { tableHeaders } from "../core/template";

export interface SyntheticSize {
  readonly budgetLines: number;
  readonly indicators: number;
  readonly activities?: number;
  readonly goals?: number;
  readonly areas?: number;
}

const PERIODS: CellValue[][] = [
  ["VP2025", "VP 2025", "Budget", 2025, "Ja"],
  ["VP2024", "VP 2024", "Budget", 2024, "Nej"],
  ["JB2024", "Justerad budget 2024", "Justerad budget", 2024, "Nej"],
  ["PR2024", "Prognos 2024", "Prognos", 2024, "Nej"],
  ["BS2023", "Bokslut 2023", "Bokslut", 2023, "Nej"],
];

/** A small linear congruential generator: same numbers every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export function syntheticContent(size: SyntheticSize): WorkbookContent {
  const rnd = random(42);
  const areaCount = size.areas ?? 20;
  const goalCount = size.goals ?? 200;
  const activityCount = size.activities ?? Math.round(size.indicators / 2);
  const titles = PERIODS.map((p) => String(p[1]));
  const headers = (name: string) => {
    const spec = INPUT_TABLES.find((t) => t.table === name);
    if (!spec) throw new Error(name);
    return tableHeaders(spec, "Verksamhetsplan", titles);
  };
  const areas: CellValue[][] = [];
  for (let a = 0; a < areaCount; a++) {
    areas.push([`O${a}`, `Område ${a}`, null, "Nej", "Ja", "Nej", null]);
    areas.push([`O${a}-D`, `Delområde ${a}`, `O${a}`, "Ja", "Nej", "Nej", null]);
  }
  const goals: CellValue[][] = [["1", "KF:s inriktningsmål", null, "Inriktningsmål", null, null, null, null]];
  const kfCount = Math.max(1, Math.round(goalCount / 10));
  for (let k = 1; k <= kfCount; k++)
    goals.push([`1.${k}`, "KF:s mål för verksamhetsområdet", "1", `KF-mål ${k}`, null, "3, 4", null, null]);
  const boardGoals: string[] = [];
  for (let g = 0; g < goalCount; g++) {
    const id = `N-${g}`;
    boardGoals.push(id);
    goals.push([
      id,
      "Nämndmål",
      `1.${(g % kfCount) + 1}`,
      `Nämndmål nummer ${g}`,
      `O${g % areaCount}`,
      null,
      "Beskrivning",
      null,
    ]);
  }
  const indicators: CellValue[][] = [];
  for (let i = 0; i < size.indicators; i++)
    indicators.push([
      `I-${i}`,
      boardGoals[i % boardGoals.length] ?? "N-0",
      `Andel nöjda brukare, mätning ${i}`,
      "%",
      `${Math.round(rnd() * 100)} %`,
      i % 3 === 0 ? "Tas fram av nämnd" : null,
      i % 2 === 0 ? "År" : "Tertial",
      "Högre är bättre",
    ]);
  const activities: CellValue[][] = [];
  for (let i = 0; i < activityCount; i++)
    activities.push([
      `A-${i}`,
      boardGoals[i % boardGoals.length] ?? "N-0",
      `Aktivitet nummer ${i}`,
      45658 + (i % 30),
      "2025-12-31",
      null,
    ]);
  const budget: CellValue[][] = [];
  let net = 0;
  for (let i = 0; i < size.budgetLines; i++) {
    const cost = i % 2 === 0;
    const area = i % 3 === 0 ? `O${i % areaCount}-D` : `O${i % areaCount}`;
    const amounts = titles.map(() => Math.round((cost ? 1 : -0.2) * (1_000 + rnd() * 50_000)));
    net += amounts[0] ?? 0;
    budget.push([
      area,
      cost ? "Kostnader" : "Intäkter",
      `Konto ${4000 + (i % 900)}`,
      ...amounts.map((x, j) => (j === 1 ? formatSv(x) : x)),
    ]);
  }
  return {
    tables: [
      {
        sheet: "Inställningar",
        table: "Installningar",
        headers: headers("Installningar"),
        rows: [
          ["Organisation", "Syntetiska nämnden"],
          ["Nivå", "Nämnd"],
          ["Planår", 2025],
          ["Dokument", "Verksamhetsplan"],
          ["Beloppsenhet i indata", "tkr"],
          ["Budgetram netto", net],
        ],
      },
      { sheet: "Inställningar", table: "Perioder", headers: headers("Perioder"), rows: PERIODS },
      {
        sheet: "Verksamhetsområden",
        table: "Verksamhetsomraden",
        headers: headers("Verksamhetsomraden"),
        rows: areas,
      },
      { sheet: "Mål", table: "Mal", headers: headers("Mal"), rows: goals },
      { sheet: "Indikatorer", table: "Indikatorer", headers: headers("Indikatorer"), rows: indicators },
      { sheet: "Aktiviteter", table: "Aktiviteter", headers: headers("Aktiviteter"), rows: activities },
      { sheet: "Budget", table: "Budget", headers: headers("Budget"), rows: budget },
    ],
  };
}

/** Swedish number text with a space as thousands separator (as people type it). */
function formatSv(x: number): string {
  const s = String(Math.abs(x)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return x < 0 ? `-${s}` : s;
}
