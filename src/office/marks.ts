/// <reference types="office-js" />
/**
 * Marking findings' cells with a conditional format (a fill by severity). Every mark has the
 * same marker formula, always true, so the next run finds exactly the add-in's own marks on every
 * sheet and deletes them, whoever moved the cells since. Three syncs whatever the number of
 * findings: sheet names; the conditional formats of every sheet; deleting and adding. Protected
 * sheets are left alone.
 */
import type { Finding, Severity } from "../core/findings";
import { METADATA_SHEET } from "../core/port";
import { columnNumber } from "../core/sheet";
import { SEVERITY_FILL } from "../core/summary/control";
import { blockAddress, isCellAddress, sameName, type Block } from "./address";
import { callBytes, packRequests, runRequests, type WriteOp } from "./batches";
import { supports, type Requirements } from "./requirements";

/** The marker: a constant formula no user writes, so the add-in knows its own marks. */
export const MARK_FORMULA = '=LEN("VP-markering")>0';

/** Areas per conditional format: keeps each address well under Excel's limits. */
const AREAS_PER_FORMAT = 100;

/** Lowest priority first: conditional formats added later take precedence. */
const SEVERITY_ORDER: readonly Severity[] = ["info", "warning", "error"];

function isMark(formula: string): boolean {
  return formula.replace(/\s+/g, "").toUpperCase() === MARK_FORMULA.replace(/\s+/g, "").toUpperCase();
}

/** Cells in one column with consecutive rows become one block. */
export function cellBlocks(cells: readonly string[]): Block[] {
  const parsed = [...new Set(cells)]
    .map((cell) => {
      const m = /^([A-Z]+)(\d+)$/.exec(cell);
      return { column: columnNumber(m?.[1] ?? "A"), row: Number(m?.[2] ?? 1) };
    })
    .sort((a, b) => a.column - b.column || a.row - b.row);
  const blocks: Block[] = [];
  for (const { column, row } of parsed) {
    const last = blocks[blocks.length - 1];
    if (last && last.left === column && last.bottom === row - 1)
      blocks[blocks.length - 1] = { ...last, bottom: row };
    else blocks.push({ top: row, bottom: row, left: column, right: column });
  }
  return blocks;
}

export async function markFindings(
  context: Excel.RequestContext,
  findings: readonly Finding[],
  requirements: Requirements,
): Promise<void> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/protection/protected");
  await context.sync();
  // A protected sheet (a reference list) cannot take conditional formats.
  const sheets = worksheets.items.filter((s) => !sameName(s.name, METADATA_SHEET) && !s.protection.protected);

  const formats = sheets.map((sheet) => {
    const collection = sheet.getRange().conditionalFormats;
    collection.load("items/customOrNullObject/rule/formula");
    return collection;
  });
  await context.sync();

  const ops: WriteOp[] = [];
  for (const collection of formats) {
    for (const format of collection.items) {
      const custom = format.customOrNullObject;
      if (custom.isNullObject || !isMark(custom.rule.formula)) continue;
      ops.push({ bytes: callBytes(null), apply: () => format.delete() });
    }
  }

  const areas = supports(requirements, "rangeAreas");
  for (const severity of SEVERITY_ORDER) {
    const color = `#${SEVERITY_FILL[severity]}`;
    for (const sheet of sheets) {
      const cells = findings
        .filter(
          (f) =>
            f.severity === severity &&
            f.sheet &&
            sameName(f.sheet, sheet.name) &&
            f.cell &&
            isCellAddress(f.cell),
        )
        .map((f) => f.cell ?? "");
      const addresses = cellBlocks(cells).map(blockAddress);
      const groups: string[][] = [];
      for (let i = 0; i < addresses.length; i += areas ? AREAS_PER_FORMAT : 1) {
        groups.push(addresses.slice(i, i + (areas ? AREAS_PER_FORMAT : 1)));
      }
      for (const group of groups) {
        const address = group.join(",");
        ops.push({
          bytes: callBytes(address, "Custom", MARK_FORMULA, color),
          apply: () => {
            const target = areas ? sheet.getRanges(address) : sheet.getRange(address);
            const format = target.conditionalFormats.add("Custom");
            format.custom.rule.formula = MARK_FORMULA;
            format.custom.format.fill.color = color;
          },
        });
      }
    }
  }
  if (ops.length > 0) await runRequests(context, packRequests(ops), requirements);
}
