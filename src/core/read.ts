/**
 * Reader: neutral workbook → typed plan model plus findings. Never throws on bad content: every
 * problem becomes a finding with its sheet and cell.
 */
import type { z } from "zod";
import type { Finding } from "./findings";
import type {
  Activity,
  Area,
  BudgetLine,
  Comparison,
  Goal,
  Indicator,
  InvestmentLine,
  Period,
  Plan,
  Settings,
  Source,
  SourceTable,
  TableColumnsSetting,
} from "./model";
import {
  activityRow,
  amountCell,
  areaRow,
  budgetRow,
  comparisonRow,
  goalRow,
  indicatorRow,
  investmentRow,
  periodRow,
  settingRow,
  tableColumnsRow,
} from "./schemas";
import { cellAddress, type CellValue, type NeutralWorkbook, type SheetTable } from "./sheet";
import {
  ACTIVITIES_TABLE,
  AREAS_TABLE,
  BUDGET_TABLE,
  COMPARISONS_TABLE,
  DEVIATION_HEADER,
  DOCUMENT_TYPES,
  GOALS_TABLE,
  INDICATORS_TABLE,
  INPUT_UNITS,
  INVESTMENTS_TABLE,
  isFollowUp,
  LEVELS,
  normalizeKey,
  PERIODS_TABLE,
  REFERENCE_GOALS_TABLE,
  SETTING_NAMES,
  SETTINGS_TABLE,
  SUMMARY_UNITS,
  TABLE_COLUMNS_TABLE,
  type ColumnSpec,
  type DocumentType,
  type TableSpec,
} from "./spec";
import { cellText, isBlank, parseAmount, parseEnum, parseInteger } from "./values";
import { CODES } from "./codes";

/** A model object under construction: its keys are set one by one, in the model's order. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface ReadResult {
  readonly plan: Plan;
  readonly findings: Finding[];
}

/** A located table with its columns resolved. */
interface BoundTable {
  readonly data: SheetTable;
  readonly source: SourceTable;
  /** Index into a row's cells per column key. */
  readonly index: ReadonlyMap<string, number>;
  /** Every column key of the spec, present or not (absent optional columns read as blank). */
  readonly keys: readonly string[];
  /** Cell indices of the bound columns: a row is blank when all of them are. */
  readonly bound: readonly number[];
  /** How `parseRow` fills its schema's object from a row, made on its first row. */
  fill?: RowFill;
}

/** A data row of a table: its cells, worksheet row number and number formats. */
interface DataRow {
  readonly cells: readonly CellValue[];
  readonly row: number;
  readonly formats: readonly (string | null | undefined)[] | undefined;
}

/** A row schema's keys, each with the cell index it reads (-1: the table lacks the column). */
interface RowFill {
  readonly schema: z.ZodObject;
  readonly keys: readonly string[];
  readonly cells: readonly number[];
}

class Reader {
  readonly findings: Finding[] = [];

  constructor(private readonly workbook: NeutralWorkbook) {}

  private byKey?: ReadonlyMap<string, SheetTable>;

  /** The workbook's tables by normalized name (the first of equal names), made once. */
  private tablesByKey(): ReadonlyMap<string, SheetTable> {
    if (!this.byKey) {
      const map = new Map<string, SheetTable>();
      for (const t of this.workbook.tables) {
        const key = normalizeKey(t.name);
        if (!map.has(key)) map.set(key, t);
      }
      this.byKey = map;
    }
    return this.byKey;
  }

  add(severity: Finding["severity"], code: string, message: string, sheet?: string, cell?: string): void {
    this.findings.push({ severity, code, message, ...(sheet ? { sheet } : {}), ...(cell ? { cell } : {}) });
  }

  /** Finds a table by name, else a plain sheet of that name (or the spec's sheet) from A1. */
  locate(spec: TableSpec): SheetTable | undefined {
    const wanted = normalizeKey(spec.table);
    const table = this.tablesByKey().get(wanted);
    if (table) return table;
    const sheets = [wanted, normalizeKey(spec.sheet)];
    const ownSheet =
      spec.sheet !== SETTINGS_TABLE.sheet || spec === SETTINGS_TABLE ? sheets : sheets.slice(0, 1);
    return this.workbook.plainSheets?.find((s) => ownSheet.includes(normalizeKey(s.sheet)));
  }

  /** Locates and binds a table; reports a missing table or required column. */
  bind(
    spec: TableSpec,
    extraColumns: readonly { key: string; header: string }[] = [],
  ): BoundTable | undefined {
    const data = this.locate(spec);
    if (!data) {
      if (!spec.optional) {
        this.add(
          "error",
          CODES.missingTable,
          `Tabellen ”${spec.table}” saknas. Den ska ligga på bladet ”${spec.sheet}”. Skapa mallen på nytt eller lägg till tabellen.`,
          spec.sheet,
        );
      }
      return undefined;
    }
    const byHeader = new Map<string, number>();
    data.headers.forEach((h, i) => {
      const key = normalizeKey(cellText(h));
      if (key && !byHeader.has(key)) byHeader.set(key, i);
    });
    const index = new Map<string, number>();
    const columns = new Map<string, number>();
    const headerTexts = new Map<string, string>();
    let complete = true;
    const bindColumn = (key: string, header: string, required: boolean, alternatives: string[] = []) => {
      const i = [header, ...alternatives]
        .map((h) => byHeader.get(normalizeKey(h)))
        .find((x) => x !== undefined);
      if (i === undefined) {
        if (required) {
          complete = false;
          this.add(
            "error",
            CODES.missingColumn,
            `Kolumnen ”${header}” saknas i tabellen ”${data.name}” på bladet ”${data.sheet}”.`,
            data.sheet,
            cellAddress(data.headerRow, data.firstColumn),
          );
        }
        return;
      }
      index.set(key, i);
      columns.set(key, data.firstColumn + i);
      headerTexts.set(key, cellText(data.headers[i] ?? null));
    };
    for (const column of spec.columns)
      bindColumn(column.key, column.header, column.required, aliases(column));
    for (const extra of extraColumns) bindColumn(extra.key, extra.header, true);
    if (!complete) return undefined;
    const keys = [...spec.columns.map((c) => c.key), ...extraColumns.map((c) => c.key)];
    const source: SourceTable = {
      sheet: data.sheet,
      table: data.name,
      columns,
      headers: headerTexts,
      headerRow: data.headerRow,
      lastRow: data.headerRow + data.rows.length,
      fromSheet: data.fromSheet === true,
    };
    // `fill` is set on the first row: present from the start, so the object keeps its shape.
    return { data, index, keys, bound: [...index.values()], source, fill: undefined };
  }

  /** Data rows that are not blank, with their worksheet row number (a list: no generator). */
  rows(table: BoundTable): DataRow[] {
    const { data, bound } = table;
    const out: DataRow[] = [];
    for (let r = 0; r < data.rows.length; r++) {
      const cells = data.rows[r] ?? [];
      let blank = true;
      for (let k = 0; k < bound.length; k++) {
        if (!isBlank(cells[bound[k] as number] ?? null)) {
          blank = false;
          break;
        }
      }
      if (!blank) out.push({ cells, row: data.headerRow + 1 + r, formats: data.numberFormats?.[r] });
    }
    return out;
  }

  address(table: BoundTable, key: string, row: number): string | undefined {
    const column = table.source.columns.get(key);
    return column === undefined ? undefined : cellAddress(row, column);
  }

  /** Parses one row with its zod schema; issues become findings at the cell of their column. */
  parseRow<S extends z.ZodObject>(
    table: BoundTable,
    schema: S,
    cells: readonly CellValue[],
    row: number,
    formats?: readonly (string | null | undefined)[],
  ): z.output<S> | undefined {
    const fill = rowFill(table, schema);
    const raw: Record<string, CellValue> = {};
    // Every key of the schema is present, in the schema's order: a column the table lacks reads
    // as blank.
    for (let k = 0; k < fill.keys.length; k++) {
      const i = fill.cells[k] as number;
      let value: CellValue = i < 0 ? null : (cells[i] ?? null);
      if (typeof value === "number" && formats) {
        const format = formats[i];
        if (format && format.includes("%")) value = percentText(value);
      }
      raw[fill.keys[k] as string] = value;
    }
    const result = schema.safeParse(raw);
    if (result.success) return result.data as z.output<S>;
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      this.add(
        "error",
        issueCode(key),
        `${issue.message} (${headerOf(table, key)}, rad ${row})`,
        table.data.sheet,
        this.address(table, key, row),
      );
    }
    return undefined;
  }
}

/** How rows of `table` fill `schema`'s object: worked out once per table, not per row. */
function rowFill(table: BoundTable, schema: z.ZodObject): RowFill {
  if (table.fill?.schema === schema) return table.fill;
  const keys = Object.keys(schema.shape);
  const fill: RowFill = { schema, keys, cells: keys.map((key) => table.index.get(key) ?? -1) };
  table.fill = fill;
  return fill;
}

function percentText(value: number): string {
  const points = Math.round(value * 100 * 1e9) / 1e9;
  return `${String(points).replace(".", ",")} %`;
}

function aliases(column: ColumnSpec): string[] {
  // Headers seen in the seeds: "Arsmål" (typo in 004), "KF:s årsmål år 2025".
  if (column.key === "target") return ["Arsmål"];
  return [];
}

function headerOf(table: BoundTable, key: string): string {
  const i = table.index.get(key);
  return i === undefined ? key : cellText(table.data.headers[i] ?? null);
}

function issueCode(key: string): string {
  if (["start", "end"].includes(key)) return CODES.badDate;
  if (["year", "outcomeT1", "outcomeT2", "outcomeYear"].includes(key)) return CODES.badNumber;
  if (["type", "level", "post", "periodicity", "direction", "status", "assessment", "table"].includes(key))
    return CODES.unknownValue;
  if (["showAsVarav", "ownTable", "outsideSubtotal", "planPeriod"].includes(key)) return CODES.unknownValue;
  return CODES.missingValue;
}

let settingsByKey: ReadonlyMap<string, string> | undefined;

/** The known settings by normalized name (the first of equal names), made once. */
function settingNames(): ReadonlyMap<string, string> {
  if (!settingsByKey) {
    const map = new Map<string, string>();
    for (const name of SETTING_NAMES) {
      const key = normalizeKey(name);
      if (!map.has(key)) map.set(key, name);
    }
    settingsByKey = map;
  }
  return settingsByKey;
}

const DEFAULT_SETTINGS = {
  organisation: "",
  level: "Nämnd",
  planYear: 0,
  document: "Verksamhetsplan",
  inputUnit: "tkr",
  summaryUnit: "mnkr",
  decimals: 1,
} as const;

function readSettings(reader: Reader): Settings {
  const sources = new Map<string, Source>();
  const values = new Map<string, { value: CellValue; row: number }>();
  const table = reader.bind(SETTINGS_TABLE);
  if (table) {
    for (const { cells, row } of reader.rows(table)) {
      const parsed = reader.parseRow(table, settingRow, cells, row);
      if (!parsed) continue;
      const known = settingNames().get(normalizeKey(parsed.name));
      if (!known) {
        reader.add(
          "warning",
          CODES.unknownSetting,
          `Inställningen ”${parsed.name}” är okänd och används inte. Kända inställningar: ${SETTING_NAMES.join(", ")}.`,
          table.data.sheet,
          reader.address(table, "name", row),
        );
        continue;
      }
      if (values.has(known)) {
        reader.add(
          "error",
          CODES.duplicateId,
          `Inställningen ”${known}” finns flera gånger. Behåll en rad.`,
          table.data.sheet,
          reader.address(table, "name", row),
        );
        continue;
      }
      values.set(known, { value: parsed.value, row });
      sources.set(known, { table: table.source, row });
    }
  }
  const at = (name: string) => {
    const v = values.get(name);
    return v && table ? { sheet: table.data.sheet, cell: reader.address(table, "value", v.row) } : {};
  };
  const report = (name: string, message: string) => {
    const where = at(name);
    reader.add("error", CODES.badSetting, message, where.sheet ?? SETTINGS_TABLE.sheet, where.cell);
  };
  const text = (name: string): string | undefined => {
    const v = values.get(name);
    if (!v || isBlank(v.value)) return undefined;
    return cellText(v.value);
  };
  const choice = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const v = values.get(name);
    if (!v || isBlank(v.value)) return fallback;
    const parsed = parseEnum(v.value, allowed);
    if (!parsed.ok || parsed.value === null) {
      report(name, `Inställningen ${name}: ${parsed.ok ? "värde saknas" : parsed.message}`);
      return fallback;
    }
    return parsed.value;
  };
  const amount = (name: string): number | undefined => {
    const v = values.get(name);
    if (!v) return undefined;
    const parsed = parseAmount(v.value);
    if (!parsed.ok) {
      report(name, `Inställningen ${name}: ${parsed.message}`);
      return undefined;
    }
    return parsed.value ?? undefined;
  };

  const organisation = text("Organisation");
  if (table && !organisation)
    report("Organisation", "Inställningen Organisation saknas. Skriv organisationens namn.");
  let planYear: number = DEFAULT_SETTINGS.planYear;
  const yearValue = values.get("Planår");
  const year = yearValue ? parseInteger(yearValue.value) : undefined;
  if (!year || !year.ok || year.value === null || year.value < 1900 || year.value > 2200) {
    if (table) report("Planår", "Inställningen Planår saknas eller är inte ett årtal, till exempel 2025.");
  } else planYear = year.value;

  let decimals: number = DEFAULT_SETTINGS.decimals;
  const decimalsValue = values.get("Decimaler i sammanställning");
  if (decimalsValue && !isBlank(decimalsValue.value)) {
    const parsed = parseInteger(decimalsValue.value);
    if (!parsed.ok || parsed.value === null || parsed.value < 0 || parsed.value > 3)
      report("Decimaler i sammanställning", "Decimaler i sammanställning ska vara ett heltal från 0 till 3.");
    else decimals = parsed.value;
  }
  const level = choice("Nivå", LEVELS, DEFAULT_SETTINGS.level);
  const parentOrganisation = text("Överordnad organisation");
  if (level === "Enhet" && !parentOrganisation && table)
    report(
      "Nivå",
      "Nivå är Enhet men Överordnad organisation saknas. Skriv namnet på nämnden som enheten hör till.",
    );
  const budgetFrame = amount("Budgetram netto");
  const investmentFrame = amount("Investeringsram");
  return {
    organisation: organisation ?? DEFAULT_SETTINGS.organisation,
    level,
    ...(parentOrganisation ? { parentOrganisation } : {}),
    planYear,
    document: choice("Dokument", DOCUMENT_TYPES, DEFAULT_SETTINGS.document),
    inputUnit: choice("Beloppsenhet i indata", INPUT_UNITS, DEFAULT_SETTINGS.inputUnit),
    summaryUnit: choice("Beloppsenhet i sammanställning", SUMMARY_UNITS, DEFAULT_SETTINGS.summaryUnit),
    decimals,
    ...(budgetFrame !== undefined ? { budgetFrame } : {}),
    ...(investmentFrame !== undefined ? { investmentFrame } : {}),
    sources,
  };
}

/** Reports a duplicate key at its cell; returns true when the key was new. */
function unique(
  reader: Reader,
  seen: Map<string, number>,
  key: string,
  table: BoundTable,
  column: string,
  row: number,
  what: string,
): boolean {
  const k = normalizeKey(key);
  const first = seen.get(k);
  if (first !== undefined) {
    reader.add(
      "error",
      CODES.duplicateId,
      `${what} ”${key}” finns redan på rad ${first}. Varje ${what} ska vara unikt.`,
      table.data.sheet,
      reader.address(table, column, row),
    );
    return false;
  }
  seen.set(k, row);
  return true;
}

function readPeriods(reader: Reader): Period[] {
  const table = reader.bind(PERIODS_TABLE);
  if (!table) return [];
  const periods: Period[] = [];
  const seen = new Map<string, number>();
  const seenTitles = new Map<string, number>();
  for (const { cells, row } of reader.rows(table)) {
    const p = reader.parseRow(table, periodRow, cells, row);
    if (!p) continue;
    if (!unique(reader, seen, p.id, table, "id", row, "Period-ID")) continue;
    if (!unique(reader, seenTitles, p.title, table, "title", row, "Periodrubrik")) continue;
    periods.push({
      id: p.id,
      title: p.title,
      type: p.type,
      year: p.year,
      isPlanPeriod: p.planPeriod === true,
      source: { table: table.source, row },
    });
  }
  const plan = periods.filter((p) => p.isPlanPeriod);
  if (periods.length === 0) {
    reader.add(
      "error",
      CODES.badPeriods,
      "Tabellen Perioder har inga perioder. Lägg till minst en, till exempel VP2025 med rubriken ”VP 2025”.",
      table.data.sheet,
      cellAddress(table.data.headerRow, table.data.firstColumn),
    );
  } else if (plan.length !== 1) {
    const where = plan[1]?.source?.row ?? table.data.headerRow;
    reader.add(
      "error",
      CODES.badPeriods,
      plan.length === 0
        ? "Ingen period är markerad som Planperiod. Skriv Ja i kolumnen Planperiod för planårets budget."
        : "Flera perioder är markerade som Planperiod. Exakt en ska ha Ja.",
      table.data.sheet,
      reader.address(table, "planPeriod", where) ?? cellAddress(where, table.data.firstColumn),
    );
  }
  return periods;
}

function readComparisons(reader: Reader, periods: readonly Period[]): Comparison[] {
  const table = reader.bind(COMPARISONS_TABLE);
  if (!table) return [];
  const ids = new Set(periods.map((p) => p.id));
  const out: Comparison[] = [];
  for (const { cells, row } of reader.rows(table)) {
    const c = reader.parseRow(table, comparisonRow, cells, row);
    if (!c) continue;
    let ok = true;
    for (const key of ["period", "minusPeriod"] as const) {
      if (!ids.has(c[key])) {
        ok = false;
        reader.add(
          "error",
          CODES.unknownReference,
          `Perioden ”${c[key]}” finns inte i tabellen Perioder.`,
          table.data.sheet,
          reader.address(table, key, row),
        );
      }
    }
    if (ok)
      out.push({
        title: c.title,
        periodId: c.period,
        minusPeriodId: c.minusPeriod,
        source: { table: table.source, row },
      });
  }
  return out;
}

function readTableColumns(
  reader: Reader,
  periods: readonly Period[],
  comparisons: readonly Comparison[],
  document: DocumentType,
): TableColumnsSetting[] {
  const table = reader.bind(TABLE_COLUMNS_TABLE);
  if (!table) return [];
  const known = new Map<string, string>();
  for (const p of periods) known.set(normalizeKey(p.id), p.id);
  for (const c of comparisons) known.set(normalizeKey(c.title), c.title);
  // Follow-up documents' deviation column (a Jämförelse of that name, listed above, wins).
  if (isFollowUp(document) && !known.has(normalizeKey(DEVIATION_HEADER)))
    known.set(normalizeKey(DEVIATION_HEADER), DEVIATION_HEADER);
  const out: TableColumnsSetting[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row } of reader.rows(table)) {
    const t = reader.parseRow(table, tableColumnsRow, cells, row);
    if (!t) continue;
    if (!unique(reader, seen, t.table, table, "table", row, "Tabell")) continue;
    const columns: string[] = [];
    for (const part of t.columns
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      const id = known.get(normalizeKey(part));
      if (id) columns.push(id);
      else
        reader.add(
          "error",
          CODES.unknownReference,
          `”${part}” är varken ett Period-ID eller en jämförelse. Kända: ${[...known.values()].join(", ")}.`,
          table.data.sheet,
          reader.address(table, "columns", row),
        );
    }
    out.push({
      table: t.table,
      columns,
      ...(t.title ? { title: t.title } : {}),
      source: { table: table.source, row },
    });
  }
  return out;
}

function readAreas(reader: Reader): Area[] {
  const table = reader.bind(AREAS_TABLE);
  if (!table) return [];
  const out: Area[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row } of reader.rows(table)) {
    const a = reader.parseRow(table, areaRow, cells, row);
    if (!a) continue;
    if (!unique(reader, seen, a.code, table, "code", row, "Kod")) continue;
    const parent = a.parent;
    const area: Mutable<Partial<Area>> = { code: a.code, name: a.name };
    if (parent) area.parent = parent;
    area.showAsVarav = a.showAsVarav ?? false;
    area.ownTable = a.ownTable ?? !parent;
    area.outsideSubtotal = a.outsideSubtotal ?? false;
    if (a.netLabel) area.netLabel = a.netLabel;
    area.source = { table: table.source, row };
    out.push(area as Area);
  }
  return out;
}

function readGoals(reader: Reader): Goal[] {
  const out: Goal[] = [];
  const seen = new Map<string, number>();
  // The nämnd's goals carried by a unit's workbook come first: the unit's Enhetsmål link to them.
  for (const spec of [REFERENCE_GOALS_TABLE, GOALS_TABLE]) {
    const table = reader.bind(spec);
    if (!table) continue;
    const reference = spec === REFERENCE_GOALS_TABLE;
    for (const { cells, row } of reader.rows(table)) {
      const g = reader.parseRow(table, goalRow, cells, row);
      if (!g) continue;
      if (!unique(reader, seen, g.id, table, "id", row, "Mål-ID")) continue;
      // Built key by key (in the model's order) rather than with a spread per optional key.
      const goal: Mutable<Partial<Goal>> = { id: g.id, level: g.level };
      if (g.parent) goal.parentId = g.parent;
      goal.text = g.text;
      if (g.area) goal.area = g.area;
      goal.agenda2030 = g.agenda2030;
      if (g.description) goal.description = g.description;
      if (g.expectedResult) goal.expectedResult = g.expectedResult;
      if (g.assessment) goal.assessment = g.assessment;
      if (g.analysis) goal.analysis = g.analysis;
      if (reference) goal.reference = true;
      goal.source = { table: table.source, row };
      out.push(goal as Goal);
    }
  }
  return out;
}

function readIndicators(reader: Reader): Indicator[] {
  const table = reader.bind(INDICATORS_TABLE);
  if (!table) return [];
  const out: Indicator[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row, formats } of reader.rows(table)) {
    const i = reader.parseRow(table, indicatorRow, cells, row, formats);
    if (!i) continue;
    if (!unique(reader, seen, i.id, table, "id", row, "Indikator-ID")) continue;
    const indicator: Mutable<Partial<Indicator>> = { id: i.id, goalId: i.goalId };
    indicator.text = i.text;
    if (i.unit) indicator.unit = i.unit;
    indicator.target = i.target;
    indicator.kfTarget = i.kfTarget;
    if (i.periodicity) indicator.periodicity = i.periodicity;
    if (i.direction) indicator.direction = i.direction;
    if (i.outcomeT1 !== undefined) indicator.outcomeT1 = i.outcomeT1;
    if (i.outcomeT2 !== undefined) indicator.outcomeT2 = i.outcomeT2;
    if (i.outcomeYear !== undefined) indicator.outcomeYear = i.outcomeYear;
    if (i.assessment) indicator.assessment = i.assessment;
    if (i.comment) indicator.comment = i.comment;
    indicator.source = { table: table.source, row };
    out.push(indicator as Indicator);
  }
  return out;
}

function readActivities(reader: Reader): Activity[] {
  const table = reader.bind(ACTIVITIES_TABLE);
  if (!table) return [];
  const out: Activity[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row } of reader.rows(table)) {
    const a = reader.parseRow(table, activityRow, cells, row);
    if (!a) continue;
    if (!unique(reader, seen, a.id, table, "id", row, "Aktivitets-ID")) continue;
    const activity: Mutable<Activity> = { id: a.id, goalId: a.goalId, text: a.text };
    if (a.start) activity.start = a.start;
    if (a.end) activity.end = a.end;
    if (a.responsible) activity.responsible = a.responsible;
    if (a.status) activity.status = a.status;
    if (a.comment) activity.comment = a.comment;
    activity.source = { table: table.source, row };
    out.push(activity);
  }
  return out;
}

/** Amount columns by period Rubrik (or Period-ID). */
function periodColumns(periods: readonly Period[]) {
  return periods.map((p) => ({ key: `period:${p.id}`, header: p.title, id: p.id }));
}

function bindWithPeriods(
  reader: Reader,
  spec: TableSpec,
  periods: readonly Period[],
): BoundTable | undefined {
  const data = reader.locate(spec);
  if (!data) return reader.bind(spec);
  // Accept the Period-ID as header too.
  const headers = new Set(data.headers.map((h) => normalizeKey(cellText(h))));
  const extras = periodColumns(periods).map((c) => ({
    key: c.key,
    header: headers.has(normalizeKey(c.header)) || !headers.has(normalizeKey(c.id)) ? c.header : c.id,
  }));
  return reader.bind(spec, extras);
}

/** Column indices of the period amounts in a bound table, in period order. */
function amountIndices(table: BoundTable, periods: readonly Period[]): (number | undefined)[] {
  return periods.map((p) => table.index.get(`period:${p.id}`));
}

function readAmounts(
  reader: Reader,
  table: BoundTable,
  periods: readonly Period[],
  indices: readonly (number | undefined)[],
  cells: readonly CellValue[],
  row: number,
): (number | null)[] | undefined {
  const amounts: (number | null)[] = [];
  let ok = true;
  for (let p = 0; p < indices.length; p++) {
    const i = indices[p];
    const value = i === undefined ? null : (cells[i] ?? null);
    // Fast path for the common case: a finite number needs no parsing.
    if (typeof value === "number" && Number.isFinite(value)) {
      amounts.push(value);
      continue;
    }
    const result = amountCell.safeParse(value);
    if (result.success) amounts.push(result.data);
    else {
      ok = false;
      amounts.push(null);
      const period = periods[p];
      reader.add(
        "error",
        CODES.badNumber,
        `${result.error.issues[0]?.message ?? "Ogiltigt belopp."} (${period?.title ?? ""}, rad ${row})`,
        table.data.sheet,
        reader.address(table, `period:${period?.id ?? ""}`, row),
      );
    }
  }
  return ok ? amounts : undefined;
}

/**
 * Reads a table with one amount column per period (Budget, Investeringar): each row through its
 * schema plus its amounts, then `build` makes the model line.
 */
function readAmountTable<S extends z.ZodObject, L>(
  reader: Reader,
  spec: TableSpec,
  schema: S,
  periods: readonly Period[],
  build: (row: z.output<S>, amounts: (number | null)[], source: Source) => L,
): { lines: L[]; table?: SourceTable } {
  const table = bindWithPeriods(reader, spec, periods);
  if (!table) return { lines: [] };
  const indices = amountIndices(table, periods);
  const lines: L[] = [];
  for (const { cells, row } of reader.rows(table)) {
    const parsed = reader.parseRow(table, schema, cells, row);
    const amounts = readAmounts(reader, table, periods, indices, cells, row);
    if (parsed && amounts) lines.push(build(parsed, amounts, { table: table.source, row }));
  }
  return { lines, table: table.source };
}

function readBudget(
  reader: Reader,
  periods: readonly Period[],
  areas: readonly Area[],
): { lines: BudgetLine[]; table?: SourceTable } {
  const exactCodes = new Set(areas.map((a) => a.code));
  const byCode = new Map(areas.map((a) => [normalizeKey(a.code), a.code]));
  const byName = new Map(areas.map((a) => [normalizeKey(a.name), a.code]));
  return readAmountTable(reader, BUDGET_TABLE, budgetRow, periods, (b, amounts, source): BudgetLine => {
    const exact = exactCodes.has(b.area) ? b.area : undefined;
    const key = exact ? "" : normalizeKey(b.area);
    const code = exact ?? byCode.get(key) ?? byName.get(key);
    return {
      area: code ?? b.area,
      ...(code !== undefined && code !== b.area ? { enteredAs: b.area } : {}),
      areaKnown: code !== undefined,
      post: b.post,
      ...(b.specification ? { specification: b.specification } : {}),
      amounts,
      source,
    };
  });
}

function readInvestments(
  reader: Reader,
  periods: readonly Period[],
): { lines?: InvestmentLine[]; table?: SourceTable } {
  if (!reader.locate(INVESTMENTS_TABLE)) return {};
  return readAmountTable(reader, INVESTMENTS_TABLE, investmentRow, periods, (b, amounts, source) => ({
    category: b.category,
    ...(b.specification ? { specification: b.specification } : {}),
    amounts,
    source,
  }));
}

/** Reads a neutral workbook into the plan model. Never throws on content. */
export function readPlan(workbook: NeutralWorkbook): ReadResult {
  const reader = new Reader(workbook);
  const settings = readSettings(reader);
  const periods = readPeriods(reader);
  const comparisons = readComparisons(reader, periods);
  const tableColumns = readTableColumns(reader, periods, comparisons, settings.document);
  const areas = readAreas(reader);
  const goals = readGoals(reader);
  const indicators = readIndicators(reader);
  const activities = readActivities(reader);
  const budget = readBudget(reader, periods, areas);
  const investments = readInvestments(reader, periods);
  const plan: Plan = {
    settings,
    periods,
    comparisons,
    tableColumns,
    areas,
    goals,
    indicators,
    activities,
    budget: budget.lines,
    ...(investments.lines ? { investments: investments.lines } : {}),
    ...(budget.table ? { budgetTable: budget.table } : {}),
    ...(investments.table ? { investmentTable: investments.table } : {}),
  };
  return { plan, findings: reader.findings };
}

/** Cell address of a model item's field, for findings. */
export function sourceCell(source: Source | undefined, key: string): { sheet?: string; cell?: string } {
  if (!source) return {};
  const column = source.table.columns.get(key) ?? source.table.columns.values().next().value;
  return {
    sheet: source.table.sheet,
    ...(column !== undefined ? { cell: cellAddress(source.row, column) } : {}),
  };
}
