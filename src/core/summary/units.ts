/**
 * Sheets of a consolidation: `Enheter` (one row per unit file) and `Konsoliderad budget` (the
 * consolidated lines as a table, which the ekonomi summary's formulas sum over).
 */
import type { ConsolidatedLine, Consolidation } from "../consolidate";
import { unitFactor } from "../budget";
import type { Plan, SourceTable } from "../model";
import { amountFormat } from "./economy";
import type { LayoutCell, SheetLayout } from "./types";

export const UNITS_SHEET = "Enheter";
export const UNITS_TABLE = "Enheter";
export const CONSOLIDATED_SHEET = "Konsoliderad budget";
export const CONSOLIDATED_TABLE = "KonsolideradBudget";

const text = (value: string, extra: Partial<LayoutCell> = {}): LayoutCell => ({
  value,
  numberFormat: "@",
  ...extra,
});
const header = (value: string): LayoutCell =>
  text(value, { bold: true, fill: "DDEBF7", borderBottom: true, wrap: true });

/** `Enheter`: organisation, file, status, errors, warnings and net per period (summary unit). */
export function unitsLayout(consolidation: Consolidation): SheetLayout {
  const plan = consolidation.plan;
  const { inputUnit, summaryUnit, decimals } = plan.settings;
  const factor = unitFactor(inputUnit, summaryUnit);
  const format = amountFormat(decimals);
  const headers = [
    "Organisation",
    "Fil",
    "Status",
    "Fel",
    "Varningar",
    ...plan.periods.map((p) => `Netto ${p.title} (${summaryUnit})`),
  ];
  const rows: (LayoutCell | null)[][] = [
    [text(`Enheter – konsolidering för ${plan.settings.organisation}`, { bold: true, size: 14 })],
    [
      text(
        `${consolidation.units.filter((u) => u.included).length} av ${consolidation.units.length} filer konsoliderade.`,
      ),
    ],
    [],
    headers.map(header),
  ];
  const data = consolidation.units.length > 0 ? consolidation.units : [];
  for (const u of data)
    rows.push([
      text(u.organisation),
      text(u.file),
      text(
        u.included ? "Konsoliderad" : `Överhoppad: ${u.reason ?? ""}`,
        u.included ? {} : { fill: "FFC7CE", wrap: true },
      ),
      { value: u.errors, numberFormat: "0" },
      { value: u.warnings, numberFormat: "0" },
      ...u.net.map((n): LayoutCell | null =>
        n === null ? null : { value: n * factor, numberFormat: format },
      ),
    ]);
  if (data.length === 0) rows.push([text("Inga enhetsfiler valdes.")]);
  return {
    name: UNITS_SHEET,
    rows,
    columnWidths: [32, 32, 24, 8, 10, ...plan.periods.map(() => 16)],
    freezeRows: 4,
    tables: [
      { name: UNITS_TABLE, row: 3, column: 0, columns: headers.length, rows: Math.max(1, data.length) },
    ],
  };
}

/** `Konsoliderad budget`: the consolidated lines as an Excel table, in the board's input unit. */
export function consolidatedBudgetLayout(
  plan: Plan,
  lines: readonly ConsolidatedLine[],
): {
  layout: SheetLayout;
  source: SourceTable;
} {
  const fixed = ["Enhet", "Verksamhetsområde", "Post", "Specifikation"];
  const headers = [...fixed, ...plan.periods.map((p) => p.title)];
  const rows: (LayoutCell | null)[][] = [headers.map(header)];
  for (const l of lines)
    rows.push([
      text(l.unit),
      text(l.area),
      text(l.post),
      l.specification ? text(l.specification) : null,
      ...l.amounts.map((a): LayoutCell | null =>
        a === null ? null : { value: a, numberFormat: "#,##0.###;-#,##0.###" },
      ),
    ]);
  const columns = new Map<string, number>([
    ["unit", 1],
    ["area", 2],
    ["post", 3],
    ["specification", 4],
  ]);
  const headerTexts = new Map<string, string>([
    ["unit", "Enhet"],
    ["area", "Verksamhetsområde"],
    ["post", "Post"],
    ["specification", "Specifikation"],
  ]);
  plan.periods.forEach((p, i) => {
    columns.set(`period:${p.id}`, fixed.length + i + 1);
    headerTexts.set(`period:${p.id}`, p.title);
  });
  return {
    layout: {
      name: CONSOLIDATED_SHEET,
      rows,
      columnWidths: [28, 18, 12, 30, ...plan.periods.map(() => 16)],
      freezeRows: 1,
      tables: [
        {
          name: CONSOLIDATED_TABLE,
          row: 0,
          column: 0,
          columns: headers.length,
          rows: Math.max(1, lines.length),
        },
      ],
    },
    source: {
      sheet: CONSOLIDATED_SHEET,
      table: CONSOLIDATED_TABLE,
      columns,
      headers: headerTexts,
      headerRow: 1,
      lastRow: 1 + Math.max(1, lines.length),
      fromSheet: false,
    },
  };
}
