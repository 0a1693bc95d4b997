/**
 * The `Kontroll` sheet: every finding of the last check in an Excel table that can be filtered,
 * each cell address a link that selects the cell.
 */
import { SEVERITY_LABEL, type Finding, type Severity } from "../findings";
import type { LayoutCell, SheetLayout } from "./types";

export const CONTROL_SHEET = "Kontroll";
/** Name of the Excel table over the findings. */
export const CONTROL_TABLE = "Kontroll";

export const SEVERITY_FILL: Record<Severity, string> = { error: "FFC7CE", warning: "FFEB9C", info: "DDEBF7" };

const HEADERS = ["Allvarlighet", "Kod", "Meddelande", "Blad", "Cell"] as const;
/** 0-based row of the table's header row: title, counts, empty row, header. */
const HEADER_ROW = 3;
const LINK_COLOR = "0563C1";

export interface ControlLayoutOptions {
  /** When the check ran, as shown to the user (e.g. `2025-01-31 14:05`). */
  readonly checkedAt?: string;
}

function text(value: string, style: Omit<LayoutCell, "value" | "formula" | "numberFormat"> = {}): LayoutCell {
  return { value, numberFormat: "@", ...style };
}

/** `2 fel, 1 varning, 0 info`. */
export function findingCountsText(findings: readonly Finding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const warnings = n("warning");
  return `${n("error")} fel, ${warnings} ${warnings === 1 ? "varning" : "varningar"}, ${n("info")} info`;
}

function findingRow(f: Finding): (LayoutCell | null)[] {
  // A finding in a unit's file (consolidation) names the file and has no link into this workbook.
  const cell: LayoutCell | null = !f.cell
    ? null
    : f.sheet && !f.file
      ? text(f.cell, { link: { sheet: f.sheet, cell: f.cell }, color: LINK_COLOR })
      : text(f.cell);
  const sheet = f.file ? `${f.file}${f.sheet ? ` › ${f.sheet}` : ""}` : f.sheet;
  return [
    text(SEVERITY_LABEL[f.severity], { fill: SEVERITY_FILL[f.severity] }),
    text(f.code),
    text(f.message, { wrap: true }),
    sheet ? text(sheet) : null,
    cell,
  ];
}

/** The `Kontroll` sheet for findings in the given order. */
export function controlLayout(findings: readonly Finding[], options: ControlLayoutOptions = {}): SheetLayout {
  const summary = findingCountsText(findings);
  const checked = options.checkedAt?.trim();
  const dataRows =
    findings.length > 0
      ? findings.map(findingRow)
      : [
          [
            text(SEVERITY_LABEL.info, { fill: SEVERITY_FILL.info }),
            null,
            text("Inga anmärkningar."),
            null,
            null,
          ],
        ];
  const rows: (LayoutCell | null)[][] = [
    [text("Kontroll – anmärkningar", { bold: true, size: 14 })],
    [text(checked ? `${summary}. Kontrollerad ${checked}.` : `${summary}.`)],
    [],
    HEADERS.map((h) => text(h, { bold: true, borderBottom: true })),
    ...dataRows,
  ];
  return {
    name: CONTROL_SHEET,
    rows,
    columnWidths: [13, 14, 90, 22, 10],
    freezeRows: HEADER_ROW + 1,
    tables: [
      { name: CONTROL_TABLE, row: HEADER_ROW, column: 0, columns: HEADERS.length, rows: dataRows.length },
    ],
  };
}
