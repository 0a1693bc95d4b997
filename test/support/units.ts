/** Unit workbooks as unit chiefs fill them in, for consolidation tests. */
import type { UnitFile } from "../../src/core/consolidate";
import type { WorkbookContent } from "../../src/core/content";
import { contentToNeutral } from "../../src/core/layout";
import type { Plan } from "../../src/core/model";
import type { CellValue } from "../../src/core/sheet";
import { unitTemplateContent } from "../../src/core/unit-template";
import { withRows } from "./workbooks";

/** A unit's workbook from the nämnd's plan: one Enhetsmål, an indicator, an activity and a budget. */
export function filledUnitContent(
  board: Plan,
  name: string,
  parentGoal: string,
  budget: CellValue[][],
): WorkbookContent {
  let c = unitTemplateContent(board, name);
  c = withRows(c, "Mal", () => [
    ["E-1", "Enhetsmål", parentGoal, `Enhetsmål för ${name}`, null, null, null, null],
  ]);
  c = withRows(c, "Indikatorer", () => [
    ["EI-1", "E-1", "Andel nöjda brukare", "%", "80 %", null, "År", null],
  ]);
  c = withRows(c, "Aktiviteter", () => [
    ["EA-1", "E-1", "Genomföra brukarenkät", "2025-03-01", "2025-06-30", null],
  ]);
  return withRows(c, "Budget", () => budget);
}

export const unit = (file: string, content: WorkbookContent): UnitFile => ({
  file,
  workbook: contentToNeutral(content),
});

/** Budget lines on IFO-BU (an area of the example), the same amount in each of the five periods. */
export const bu = (k: number, i: number): CellValue[][] => [
  ["IFO-BU", "Kostnader", "Personal", k, k, k, k, k],
  ["IFO-BU", "Intäkter", "Statsbidrag", i, i, i, i, i],
];
