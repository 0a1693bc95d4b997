/** Findings: what checks report, each pointing to a cell where there is one. */

export type Severity = "error" | "warning" | "info";

export interface Finding {
  readonly severity: Severity;
  /** Stable code, e.g. `VP-STR-001`; listed with explanations in docs/checks.md. */
  readonly code: string;
  /** Swedish message a unit chief understands. */
  readonly message: string;
  readonly sheet?: string;
  /** A1 address on `sheet`, e.g. `D14`. */
  readonly cell?: string;
  /** When consolidating: the unit's file the sheet and cell belong to (not this workbook). */
  readonly file?: string;
}

/** Swedish label of a severity as shown to users. */
export const SEVERITY_LABEL: Record<Severity, string> = { error: "Fel", warning: "Varning", info: "Info" };

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by severity, sheet, then row and column of the cell, then code. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    const s = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
    if (s !== 0) return s;
    const sh = (a.sheet ?? "").localeCompare(b.sheet ?? "", "sv");
    if (sh !== 0) return sh;
    const ra = cellOrder(a.cell);
    const rb = cellOrder(b.cell);
    if (ra !== rb) return ra - rb;
    return a.code.localeCompare(b.code);
  });
}

function cellOrder(cell: string | undefined): number {
  if (!cell) return -1;
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!m) return -1;
  let col = 0;
  for (const ch of m[1] ?? "") col = col * 26 + (ch.charCodeAt(0) - 64);
  return Number(m[2]) * 20_000 + col;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
