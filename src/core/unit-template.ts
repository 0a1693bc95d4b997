/**
 * A unit's workbook made from the nämnd's: Nivå Enhet with its Överordnad organisation, the
 * nämnd's goal chain as a protected reference list, its areas and periods, and empty Mål
 * (for Enhetsmål), Indikatorer, Aktiviteter and Budget tables with dropdowns.
 */
import type { TableContent, WorkbookContent } from "./content";
import type { Plan } from "./model";
import type { CellValue } from "./sheet";
import {
  ACTIVITIES_TABLE,
  AREAS_TABLE,
  BUDGET_TABLE,
  COMPARISONS_TABLE,
  GOALS_TABLE,
  INDICATORS_TABLE,
  PERIODS_TABLE,
  REFERENCE_GOALS_TABLE,
  SETTINGS_TABLE,
  type TableSpec,
} from "./spec";
import { tableHeaders } from "./template";

const yesNo = (b: boolean) => (b ? "Ja" : "Nej");

export function unitTemplateContent(board: Plan, unit: string): WorkbookContent {
  const s = board.settings;
  const document = s.document;
  const titles = board.periods.map((p) => p.title);
  const table = (spec: TableSpec, rows: CellValue[][]): TableContent => ({
    sheet: spec.sheet,
    table: spec.table,
    headers: tableHeaders(spec, document, titles),
    rows,
  });
  return {
    tables: [
      table(SETTINGS_TABLE, [
        ["Organisation", unit],
        ["Nivå", "Enhet"],
        ["Överordnad organisation", s.organisation],
        ["Planår", s.planYear],
        ["Dokument", document],
        ["Beloppsenhet i indata", s.inputUnit],
        ["Beloppsenhet i sammanställning", "tkr"],
        ["Decimaler i sammanställning", 0],
        ["Budgetram netto", null],
      ]),
      table(
        PERIODS_TABLE,
        board.periods.map((p) => [p.id, p.title, p.type, p.year, yesNo(p.isPlanPeriod)]),
      ),
      ...(board.comparisons.length > 0
        ? [
            table(
              COMPARISONS_TABLE,
              board.comparisons.map((c) => [c.title, c.periodId, c.minusPeriodId]),
            ),
          ]
        : []),
      table(
        AREAS_TABLE,
        board.areas.map((a) => [
          a.code,
          a.name,
          a.parent ?? null,
          yesNo(a.showAsVarav),
          yesNo(a.ownTable),
          yesNo(a.outsideSubtotal),
          a.netLabel ?? null,
        ]),
      ),
      table(
        REFERENCE_GOALS_TABLE,
        board.goals
          .filter((g) => g.level !== "Enhetsmål")
          .map((g) => [
            g.id,
            g.level,
            g.parentId ?? null,
            g.text,
            g.area ?? null,
            g.description ?? null,
            g.expectedResult ?? null,
          ]),
      ),
      table(GOALS_TABLE, []),
      table(INDICATORS_TABLE, []),
      table(ACTIVITIES_TABLE, []),
      table(BUDGET_TABLE, []),
    ],
  };
}
