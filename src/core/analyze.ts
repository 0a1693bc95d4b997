/** Read and check in one step: what `check`, the pane and summaries start from. */
import { checkPlan, type CheckOptions } from "./checks";
import { sortFindings, type Finding } from "./findings";
import type { Plan } from "./model";
import { readPlan } from "./read";
import type { NeutralWorkbook } from "./sheet";

export interface Analysis {
  readonly plan: Plan;
  readonly findings: readonly Finding[];
}

export function analyzeWorkbook(workbook: NeutralWorkbook, options: CheckOptions = {}): Analysis {
  const { plan, findings } = readPlan(workbook);
  return { plan, findings: sortFindings([...findings, ...checkPlan(plan, options)]) };
}
