/** Empty workbook content with every input table: what `template` writes and the pane creates. */
import type { TableContent, WorkbookContent } from "./content";
import type { CellValue } from "./sheet";
import { INPUT_TABLES, isFollowUp, type DocumentType, type OrgLevel, type TableSpec } from "./spec";

export interface TemplateOptions {
  readonly level?: OrgLevel;
  readonly organisation?: string;
  readonly parentOrganisation?: string;
  readonly planYear?: number;
  readonly document?: DocumentType;
}

/** Headers of a table for a document type: follow-up columns only in follow-up documents. */
export function tableHeaders(
  spec: TableSpec,
  document: DocumentType,
  periodTitles: readonly string[] = [],
): string[] {
  const own = spec.columns.filter((c) => !c.followUp || isFollowUp(document)).map((c) => c.header);
  return spec.periodColumns ? [...own, ...periodTitles] : own;
}

/** Default periods for a plan year: the plan's budget, last year's budget, forecast and accounts. */
export function defaultPeriods(year: number): CellValue[][] {
  return [
    [`VP${year}`, `VP ${year}`, "Budget", year, "Ja"],
    [`VP${year - 1}`, `VP ${year - 1}`, "Budget", year - 1, "Nej"],
    [`PROG${year - 1}`, `Prognos ${year - 1}`, "Prognos", year - 1, "Nej"],
    [`BS${year - 2}`, `Bokslut ${year - 2}`, "Bokslut", year - 2, "Nej"],
  ];
}

export function templateContent(options: TemplateOptions = {}): WorkbookContent {
  const level = options.level ?? "Nämnd";
  const year = options.planYear ?? new Date().getFullYear() + 1;
  const document = options.document ?? "Verksamhetsplan";
  const periods = defaultPeriods(year);
  const periodTitles = periods.map((p) => String(p[1]));
  const settings: CellValue[][] = [
    ["Organisation", options.organisation ?? null],
    ["Nivå", level],
    ["Överordnad organisation", options.parentOrganisation ?? null],
    ["Planår", year],
    ["Dokument", document],
    ["Beloppsenhet i indata", "tkr"],
    ["Beloppsenhet i sammanställning", level === "Enhet" ? "tkr" : "mnkr"],
    ["Decimaler i sammanställning", level === "Enhet" ? 0 : 1],
    ["Budgetram netto", null],
    ["Investeringsram", null],
  ];
  const rowsFor: Record<string, CellValue[][]> = { Installningar: settings, Perioder: periods };
  const tables: TableContent[] = INPUT_TABLES.map((spec) => ({
    sheet: spec.sheet,
    table: spec.table,
    headers: tableHeaders(spec, document, periodTitles),
    rows: rowsFor[spec.table] ?? [],
  }));
  return { tables };
}
