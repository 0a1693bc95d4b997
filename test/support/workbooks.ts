/** Small hand-made workbooks for tests: a good one and helpers to break it. */
import type { TableContent, WorkbookContent } from "../../src/core/content";
import { contentToNeutral } from "../../src/core/layout";
import type { CellValue, NeutralWorkbook } from "../../src/core/sheet";
import { INPUT_TABLES } from "../../src/core/spec";
import { tableHeaders } from "../../src/core/template";

const PERIOD_TITLES = ["VP 2025", "VP 2024", "Bokslut 2023"];

function table(name: string, rows: CellValue[][], headers?: string[]): TableContent {
  const spec = INPUT_TABLES.find((t) => t.table === name);
  if (!spec) throw new Error(name);
  return {
    sheet: spec.sheet,
    table: name,
    headers: headers ?? tableHeaders(spec, "Verksamhetsplan", PERIOD_TITLES),
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
