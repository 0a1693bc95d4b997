/** Small hand-made workbooks for tests: a good one and helpers to break it. */
import type { TableContent, WorkbookContent } from "../../src/core/content";
import { contentToNeutral } from "../../src/core/layout";
import type { CellValue, NeutralWorkbook } from "../../src/core/sheet";
import { INPUT_TABLES, type DocumentType } from "../../src/core/spec";
import { tableHeaders } from "../../src/core/template";

const PERIOD_TITLES = ["VP 2025", "VP 2024", "Bokslut 2023"];

function table(
  name: string,
  rows: CellValue[][],
  headers?: string[],
  document: DocumentType = "Verksamhetsplan",
  periodTitles: readonly string[] = PERIOD_TITLES,
): TableContent {
  const spec = INPUT_TABLES.find((t) => t.table === name);
  if (!spec) throw new Error(name);
  return {
    sheet: spec.sheet,
    table: name,
    headers: headers ?? tableHeaders(spec, document, periodTitles),
    rows,
  };
}

/** A small, correct nämnd plan: every check stays silent on it. */
export function goodContent(): WorkbookContent {
  return {
    tables: [
      table("Installningar", [
        ["Organisation", "Testnämnden"],
        ["Nivå", "Nämnd"],
        ["Planår", 2025],
        ["Dokument", "Verksamhetsplan"],
        ["Beloppsenhet i indata", "tkr"],
        ["Beloppsenhet i sammanställning", "mnkr"],
        ["Decimaler i sammanställning", 1],
        ["Budgetram netto", "150 000"],
        ["Investeringsram", 30_000],
      ]),
      table("Perioder", [
        ["VP2025", "VP 2025", "Budget", 2025, "Ja"],
        ["VP2024", "VP 2024", "Budget", 2024, "Nej"],
        ["BS2023", "Bokslut 2023", "Bokslut", 2023, null],
      ]),
      table("Jamforelser", [["Jmf budget 2024-2025", "VP2025", "VP2024"]]),
      table("Tabellkolumner", [
        ["Nettotabell", "VP2025, VP2024, Jmf budget 2024-2025", "DRIFTVERKSAMHET, mnkr"],
      ]),
      table("Verksamhetsomraden", [
        ["ADM", "Administration", null, "Nej", "Ja", "Nej", null],
        ["IFO", "Individ- och familjeomsorg", null, "Nej", "Ja", "Nej", null],
        ["IFO-BU", "Barn och ungdom", "IFO", "Ja", "Ja", "Nej", null],
      ]),
      table("Mal", [
        ["1", "KF:s inriktningsmål", null, "Ett Stockholm som håller samman", null, null, null, null],
        [
          "1.1",
          "KF:s mål för verksamhetsområdet",
          "1",
          "Alla barn ska ges jämlika uppväxtvillkor",
          null,
          "3, 4",
          null,
          null,
        ],
        [
          "N-1.1-a",
          "Nämndmål",
          "1.1",
          "Barn erbjuds en trygg fritid",
          "IFO",
          "3, 4, 10",
          "Beskrivning",
          "Resultat",
        ],
      ]),
      table("Indikatorer", [
        ["I-1", "1.1", "Andel nöjda barn", "%", "69 %", "69 %", "År", "Högre är bättre"],
        ["I-2", "N-1.1-a", "Antal besök", "antal", "12 000", "Tas fram av nämnd", "Tertial", null],
        ["I-3", "N-1.1-a", "Energianvändning", "GWh", "2,9 GWh", "1 735 GWh", "År", "Lägre är bättre"],
      ]),
      table("Aktiviteter", [
        ["A-1", "1.1", "Upprätta en parkleksplan", "2025-01-01", "2025-12-31", null],
        ["A-2", "N-1.1-a", "Genomföra medborgardialoger", 45658, 46022, "Enhetschef"],
      ]),
      table("Budget", [
        ["ADM", "Kostnader", "Lokaler", 20_000, 19_000, 18_000],
        ["ADM", "Intäkter", null, -5_000, -4_000, -3_000],
        ["IFO", "Kostnader", "Ledning", 30_000, 29_000, 28_000],
        ["IFO-BU", "Kostnader", null, 110_000, "105 000", 100_000],
        ["IFO-BU", "Intäkter", null, "−5 000", -5_000, -5_000],
      ]),
      table("Investeringar", [
        ["Parkinvesteringar", null, 20_000, 15_000, 10_000],
        ["Maskiner och inventarier", null, 10_000, 8_000, 6_000],
      ]),
    ],
  };
}

/**
 * A small, complete follow-up workbook (Tertialrapport 1/2 or Verksamhetsberättelse) for plan year
 * 2025: the same areas and goal chain as goodContent, with the follow-up columns (Bedömning,
 * Utfall T1/T2/helår, Status, Kommentar …) present but empty, so tests fill them with withCell.
 * Only the warnings for missing outcomes and statuses are expected from the checks.
 *
 * Perioder (Period-ID, Rubrik, Typ, År):
 * - `B2025` `Budget 2025` Budget 2025 (Planperiod)
 * - `PROG2025` `Prognos T1 2025` / `Prognos T2 2025` / `Prognos 2025` (VB) Prognos 2025
 * - VB only: `BS2025` `Bokslut 2025` Bokslut 2025
 * - `BS2024` `Bokslut 2024` Bokslut 2024
 *
 * With `adjustedBudget`, `JB2025` `Justerad budget 2025` (Justerad budget 2025) follows B2025.
 *
 * Jämförelse `Jmf budget 2025-bokslut 2024` = B2025 − BS2024. No Tabellkolumner rows.
 *
 * Budget lines in tkr (Budget 2025 / [Justerad budget 2025] / Prognos 2025 / [Bokslut 2025] / Bokslut 2024):
 * - ADM Kostnader Lokaler 20 000 / [20 500] / 21 500 / [21 200] / 19 000
 * - ADM Intäkter −5 000 / [−5 000] / −5 200 / [−5 300] / −4 000
 * - IFO Kostnader Ledning 30 000 / [30 000] / 29 000 / [28 800] / 28 000
 * - IFO-BU Kostnader 110 000 / [111 000] / 113 000 / [112 500] / 100 000
 * - IFO-BU Intäkter −5 000 / [−5 000] / −5 500 / [−5 600] / −5 000
 * Net: Budget 150 000 (= Budgetram netto), [Justerad budget 151 500], Prognos 152 800,
 * [Bokslut 2025 151 600], Bokslut 2024 138 000.
 * Investeringar: Parkinvesteringar 20 000 / [21 000] / 18 000 / [17 500] / 15 000 and
 * Maskiner och inventarier 10 000 / [10 000] / 11 000 / [10 800] / 8 000 (= Investeringsram 30 000).
 */
export function followUpContent(
  document: Exclude<DocumentType, "Verksamhetsplan">,
  options: { readonly adjustedBudget?: boolean } = {},
): WorkbookContent {
  const vb = document === "Verksamhetsberättelse";
  const adjusted = options.adjustedBudget === true;
  const forecastTitle =
    document === "Tertialrapport 1"
      ? "Prognos T1 2025"
      : document === "Tertialrapport 2"
        ? "Prognos T2 2025"
        : "Prognos 2025";
  const periods: CellValue[][] = [
    ["B2025", "Budget 2025", "Budget", 2025, "Ja"],
    ...(adjusted ? [["JB2025", "Justerad budget 2025", "Justerad budget", 2025, "Nej"]] : []),
    ["PROG2025", forecastTitle, "Prognos", 2025, "Nej"],
    ...(vb ? [["BS2025", "Bokslut 2025", "Bokslut", 2025, "Nej"]] : []),
    ["BS2024", "Bokslut 2024", "Bokslut", 2024, "Nej"],
  ];
  const titles = periods.map((p) => String(p[1]));
  /** Amount columns in Perioder order, without the periods this workbook does not have. */
  const amounts = (
    budget: number,
    adjustedBudget: number,
    forecast: number,
    closing: number,
    lastYear: number,
  ): number[] => [
    budget,
    ...(adjusted ? [adjustedBudget] : []),
    forecast,
    ...(vb ? [closing] : []),
    lastYear,
  ];
  const good = goodContent();
  const rowsOf = (name: string): CellValue[][] =>
    (good.tables.find((t) => t.table === name)?.rows ?? []).map((r) => [...r]);
  const t = (name: string, rows: CellValue[][]) => table(name, rows, undefined, document, titles);
  return {
    tables: [
      t("Installningar", [
        ["Organisation", "Testnämnden"],
        ["Nivå", "Nämnd"],
        ["Planår", 2025],
        ["Dokument", document],
        ["Beloppsenhet i indata", "tkr"],
        ["Beloppsenhet i sammanställning", "mnkr"],
        ["Decimaler i sammanställning", 1],
        ["Budgetram netto", 150_000],
        ["Investeringsram", 30_000],
      ]),
      t("Perioder", periods),
      t("Jamforelser", [["Jmf budget 2025-bokslut 2024", "B2025", "BS2024"]]),
      t("Tabellkolumner", []),
      t("Verksamhetsomraden", rowsOf("Verksamhetsomraden")),
      t("Mal", rowsOf("Mal")),
      t("Indikatorer", rowsOf("Indikatorer")),
      t("Aktiviteter", rowsOf("Aktiviteter")),
      t("Budget", [
        ["ADM", "Kostnader", "Lokaler", ...amounts(20_000, 20_500, 21_500, 21_200, 19_000)],
        ["ADM", "Intäkter", null, ...amounts(-5_000, -5_000, -5_200, -5_300, -4_000)],
        ["IFO", "Kostnader", "Ledning", ...amounts(30_000, 30_000, 29_000, 28_800, 28_000)],
        ["IFO-BU", "Kostnader", null, ...amounts(110_000, 111_000, 113_000, 112_500, 100_000)],
        ["IFO-BU", "Intäkter", null, ...amounts(-5_000, -5_000, -5_500, -5_600, -5_000)],
      ]),
      t("Investeringar", [
        ["Parkinvesteringar", null, ...amounts(20_000, 21_000, 18_000, 17_500, 15_000)],
        ["Maskiner och inventarier", null, ...amounts(10_000, 10_000, 11_000, 10_800, 8_000)],
      ]),
    ],
  };
}

/** Replaces the rows of one table. */
export function withRows(
  content: WorkbookContent,
  name: string,
  change: (rows: CellValue[][]) => CellValue[][],
): WorkbookContent {
  return {
    tables: content.tables.map((t) =>
      t.table === name ? { ...t, rows: change(t.rows.map((r) => [...r])) } : t,
    ),
  };
}

/** Sets one cell (row index within the table's rows, header text). */
export function withCell(
  content: WorkbookContent,
  name: string,
  row: number,
  header: string,
  value: CellValue,
) {
  const t = content.tables.find((x) => x.table === name);
  if (!t) throw new Error(name);
  const c = t.headers.indexOf(header);
  if (c < 0) throw new Error(header);
  return withRows(content, name, (rows) => {
    const r = rows[row] ?? [];
    while (r.length <= c) r.push(null);
    r[c] = value;
    rows[row] = r;
    return rows;
  });
}

/**
 * Adds 40 tkr to two cost lines: 15,04 and 135,04 mnkr display as 15,0 and 135,0 but the unrounded
 * total 150,08 displays as 150,1, a rounding difference of 0,1 in the VP 2025 column.
 */
export function withRoundingDifference(content: WorkbookContent): WorkbookContent {
  return withRows(content, "Budget", (rows) =>
    rows.map((r, i) =>
      i === 0
        ? ["ADM", "Kostnader", "Lokaler", 20_040, 19_000, 18_000]
        : i === 2
          ? ["IFO", "Kostnader", "Ledning", 30_040, 29_000, 28_000]
          : r,
    ),
  );
}

export function neutral(content: WorkbookContent): NeutralWorkbook {
  return contentToNeutral(content);
}
