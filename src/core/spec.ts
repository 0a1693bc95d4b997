/**
 * The workbook contract (docs/workbook-format.md) as data: sheets, tables, columns, allowed
 * values. The reader, the checks, the template writers and the docs all use these definitions.
 */

export const LEVELS = ["Nämnd", "Enhet"] as const;
export type OrgLevel = (typeof LEVELS)[number];

export const DOCUMENT_TYPES = [
  "Verksamhetsplan",
  "Tertialrapport 1",
  "Tertialrapport 2",
  "Verksamhetsberättelse",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const INPUT_UNITS = ["kr", "tkr", "mnkr"] as const;
export type AmountUnit = (typeof INPUT_UNITS)[number];
export const SUMMARY_UNITS = ["tkr", "mnkr"] as const;

export const PERIOD_TYPES = ["Budget", "Justerad budget", "Prognos", "Bokslut", "Utfall"] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export const GOAL_LEVELS = [
  "KF:s inriktningsmål",
  "KF:s mål för verksamhetsområdet",
  "Nämndmål",
  "Enhetsmål",
] as const;
export type GoalLevel = (typeof GOAL_LEVELS)[number];

export const POSTS = ["Kostnader", "Intäkter", "Netto"] as const;
export type Post = (typeof POSTS)[number];

export const PERIODICITIES = ["År", "Halvår", "Tertial", "Kvartal", "Månad"] as const;
export type Periodicity = (typeof PERIODICITIES)[number];

export const DIRECTIONS = ["Högre är bättre", "Lägre är bättre"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Indicator units offered in the dropdown; other printed units are accepted too. */
export const INDICATOR_UNITS = ["%", "antal", "index", "kr", "dagar"] as const;

export const ACTIVITY_STATUSES = ["Ej påbörjad", "Pågår", "Klar", "Avvikelse"] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const ASSESSMENTS = ["Uppfylls helt", "Uppfylls delvis", "Uppfylls inte"] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

export const TABLE_KINDS = [
  "Nettotabell",
  "Kostnader och intäkter",
  "Områdestabeller",
  "Investeringar",
] as const;
export type SummaryTableKind = (typeof TABLE_KINDS)[number];

export const YES_NO = ["Ja", "Nej"] as const;

export const SETTING_NAMES = [
  "Organisation",
  "Nivå",
  "Överordnad organisation",
  "Planår",
  "Dokument",
  "Beloppsenhet i indata",
  "Beloppsenhet i sammanställning",
  "Decimaler i sammanställning",
  "Budgetram netto",
  "Investeringsram",
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/** How a column's cells are read and formatted in templates. */
export type ColumnKind = "text" | "integer" | "amount" | "date" | "target" | "list" | "outcome";

export interface ColumnSpec {
  /** Key used in code. */
  readonly key: string;
  /** Header text (matched trimmed, case-insensitive). */
  readonly header: string;
  readonly required: boolean;
  readonly kind: ColumnKind;
  /** Allowed values for a `list` column (a dropdown in templates). */
  readonly values?: readonly string[];
  /**
   * Other sheet column supplying a dropdown list, e.g. Mål-ID from table Mal. `preferTable` is
   * used instead when the workbook has it (a unit's Överordnat mål lists the nämnd's goals).
   */
  readonly listFrom?: { readonly table: string; readonly column: string; readonly preferTable?: string };
  /** Column width in templates (characters). */
  readonly width: number;
  /** Only shown in follow-up documents (Tertialrapport, Verksamhetsberättelse). */
  readonly followUp?: boolean;
  /** Swedish help text for templates and docs. */
  readonly help?: string;
}

export interface TableSpec {
  /** Sheet that holds the table in templates. */
  readonly sheet: string;
  /** Excel table name. */
  readonly table: string;
  readonly columns: readonly ColumnSpec[];
  /** Budget and Investeringar carry one amount column per period after these columns. */
  readonly periodColumns?: boolean;
  /** A table that may be absent without an error. */
  readonly optional?: boolean;
  /** The sheet is protected in templates: a reference list people read but do not edit. */
  readonly protectSheet?: boolean;
}

const col = (
  key: string,
  header: string,
  kind: ColumnKind,
  width: number,
  extra: Partial<ColumnSpec> = {},
): ColumnSpec => ({ key, header, kind, width, required: false, ...extra });

export const SETTINGS_TABLE: TableSpec = {
  sheet: "Inställningar",
  table: "Installningar",
  columns: [
    col("name", "Inställning", "text", 34, { required: true }),
    col("value", "Värde", "text", 44, { required: true }),
  ],
};

export const PERIODS_TABLE: TableSpec = {
  sheet: "Inställningar",
  table: "Perioder",
  columns: [
    col("id", "Period-ID", "text", 14, { required: true }),
    col("title", "Rubrik", "text", 36, { required: true }),
    col("type", "Typ", "list", 18, { required: true, values: PERIOD_TYPES }),
    col("year", "År", "integer", 8, { required: true }),
    col("planPeriod", "Planperiod", "list", 12, { values: YES_NO }),
  ],
};

export const COMPARISONS_TABLE: TableSpec = {
  sheet: "Inställningar",
  table: "Jamforelser",
  optional: true,
  columns: [
    col("title", "Rubrik", "text", 30, { required: true }),
    col("period", "Period", "text", 14, {
      required: true,
      listFrom: { table: "Perioder", column: "Period-ID" },
    }),
    col("minusPeriod", "Minus period", "text", 14, {
      required: true,
      listFrom: { table: "Perioder", column: "Period-ID" },
    }),
  ],
};

export const TABLE_COLUMNS_TABLE: TableSpec = {
  sheet: "Inställningar",
  table: "Tabellkolumner",
  optional: true,
  columns: [
    col("table", "Tabell", "list", 26, { required: true, values: TABLE_KINDS }),
    col("columns", "Kolumner", "text", 50, { required: true }),
    col("title", "Rubrik", "text", 30),
  ],
};

export const AREAS_TABLE: TableSpec = {
  sheet: "Verksamhetsområden",
  table: "Verksamhetsomraden",
  columns: [
    col("code", "Kod", "text", 12, { required: true }),
    col("name", "Namn", "text", 50, { required: true }),
    col("parent", "Överordnat", "text", 12, { listFrom: { table: "Verksamhetsomraden", column: "Kod" } }),
    col("showAsVarav", "Visa som varav", "list", 14, { values: YES_NO }),
    col("ownTable", "Egen tabell", "list", 12, { values: YES_NO }),
    col("outsideSubtotal", "Utanför delsumma", "list", 16, { values: YES_NO }),
    col("netLabel", "Rubrik i nettotabell", "text", 30),
  ],
};

export const GOALS_TABLE: TableSpec = {
  sheet: "Mål",
  table: "Mal",
  columns: [
    col("id", "Mål-ID", "text", 12, { required: true }),
    col("level", "Nivå", "list", 30, { required: true, values: GOAL_LEVELS }),
    col("parent", "Överordnat mål", "text", 14, {
      listFrom: { table: "Mal", column: "Mål-ID", preferTable: "NamndensMal" },
    }),
    col("text", "Mål", "text", 60, { required: true }),
    col("area", "Verksamhetsområde", "text", 18, {
      listFrom: { table: "Verksamhetsomraden", column: "Kod" },
    }),
    col("agenda2030", "Agenda 2030", "text", 14),
    col("description", "Beskrivning", "text", 50),
    col("expectedResult", "Förväntat resultat", "text", 50),
    col("assessment", "Bedömning", "list", 16, { values: ASSESSMENTS, followUp: true }),
    col("analysis", "Analys", "text", 50, { followUp: true }),
  ],
};

/**
 * A unit's workbook carries the nämnd's goal chain as a protected reference list; the unit's own
 * goals (Enhetsmål) go in Mal and link to these nämndmål.
 */
export const REFERENCE_GOALS_TABLE: TableSpec = {
  sheet: "Nämndens mål",
  table: "NamndensMal",
  optional: true,
  protectSheet: true,
  columns: [
    col("id", "Mål-ID", "text", 12, { required: true }),
    col("level", "Nivå", "list", 30, { required: true, values: GOAL_LEVELS }),
    col("parent", "Överordnat mål", "text", 14),
    col("text", "Mål", "text", 70, { required: true }),
    col("area", "Verksamhetsområde", "text", 18),
    col("description", "Beskrivning", "text", 50),
    col("expectedResult", "Förväntat resultat", "text", 50),
  ],
};

export const INDICATORS_TABLE: TableSpec = {
  sheet: "Indikatorer",
  table: "Indikatorer",
  columns: [
    col("id", "Indikator-ID", "text", 12, { required: true }),
    col("goalId", "Mål-ID", "text", 12, { required: true, listFrom: { table: "Mal", column: "Mål-ID" } }),
    col("text", "Indikator", "text", 60, { required: true }),
    col("unit", "Enhet", "text", 10, { values: INDICATOR_UNITS }),
    col("target", "Årsmål", "target", 14),
    col("kfTarget", "KF:s årsmål", "target", 14),
    col("periodicity", "Periodicitet", "list", 12, { values: PERIODICITIES }),
    col("direction", "Riktning", "list", 16, { values: DIRECTIONS }),
    col("outcomeT1", "Utfall T1", "outcome", 10, { followUp: true }),
    col("outcomeT2", "Utfall T2", "outcome", 10, { followUp: true }),
    col("outcomeYear", "Utfall helår", "outcome", 12, { followUp: true }),
    col("assessment", "Bedömning", "list", 16, { values: ASSESSMENTS, followUp: true }),
    col("comment", "Kommentar", "text", 40, { followUp: true }),
  ],
};

export const ACTIVITIES_TABLE: TableSpec = {
  sheet: "Aktiviteter",
  table: "Aktiviteter",
  columns: [
    col("id", "Aktivitets-ID", "text", 12, { required: true }),
    col("goalId", "Mål-ID", "text", 12, { required: true, listFrom: { table: "Mal", column: "Mål-ID" } }),
    col("text", "Aktivitet", "text", 70, { required: true }),
    col("start", "Startdatum", "date", 12),
    col("end", "Slutdatum", "date", 12),
    col("responsible", "Ansvarig", "text", 20),
    col("status", "Status", "list", 12, { values: ACTIVITY_STATUSES, followUp: true }),
    col("comment", "Kommentar", "text", 40, { followUp: true }),
  ],
};

export const BUDGET_TABLE: TableSpec = {
  sheet: "Budget",
  table: "Budget",
  periodColumns: true,
  columns: [
    col("area", "Verksamhetsområde", "text", 18, {
      required: true,
      listFrom: { table: "Verksamhetsomraden", column: "Kod" },
    }),
    col("post", "Post", "list", 12, { required: true, values: POSTS }),
    col("specification", "Specifikation", "text", 40),
  ],
};

export const INVESTMENTS_TABLE: TableSpec = {
  sheet: "Investeringar",
  table: "Investeringar",
  periodColumns: true,
  optional: true,
  columns: [
    col("category", "Kategori", "text", 30, { required: true }),
    col("specification", "Specifikation", "text", 40),
  ],
};

/** Every input table, in the order the template creates them. */
export const INPUT_TABLES: readonly TableSpec[] = [
  SETTINGS_TABLE,
  PERIODS_TABLE,
  COMPARISONS_TABLE,
  TABLE_COLUMNS_TABLE,
  AREAS_TABLE,
  REFERENCE_GOALS_TABLE,
  GOALS_TABLE,
  INDICATORS_TABLE,
  ACTIVITIES_TABLE,
  BUDGET_TABLE,
  INVESTMENTS_TABLE,
];

/** Sheets the add-in generates and owns. */
export const GENERATED_SHEETS = ["Sammanställning ekonomi", "Sammanställning mål", "Kontroll"] as const;

/**
 * The deviation column follow-up documents add to the ekonomi tables (budget − prognos); a
 * Tabellkolumner row may name it like a period or a Jämförelse.
 */
export const DEVIATION_HEADER = "Avvikelse mot budget";

export function isFollowUp(document: DocumentType): boolean {
  return document !== "Verksamhetsplan";
}

const UNUSUAL_SPACE = /\s\s|[^\S ]/;

/** Normalises a header or list value for matching: trimmed, single spaces, lower case. */
export function normalizeKey(text: string): string {
  // Fast path: most keys have no runs of spaces and no tabs or no-break spaces.
  const t = UNUSUAL_SPACE.test(text) ? text.replace(/\s+/g, " ") : text;
  // Swedish letters lower-case the same without a locale; toLowerCase is much faster.
  return t.trim().toLowerCase();
}
