/** The typed plan model the reader produces and checks, summaries and adapters consume. */
import type {
  ActivityStatus,
  AmountUnit,
  Assessment,
  Direction,
  DocumentType,
  GoalLevel,
  OrgLevel,
  Periodicity,
  PeriodType,
  Post,
  SummaryTableKind,
} from "./spec";

/** Where a model item came from: sheet, 1-based row, and the column of each field. */
export interface SourceTable {
  readonly sheet: string;
  readonly table: string;
  /** 1-based worksheet column per field key (from spec) or per `period:<id>` for amounts. */
  readonly columns: ReadonlyMap<string, number>;
  /** Header text as written in the workbook, per field key (for formulas over the table). */
  readonly headers: ReadonlyMap<string, string>;
  /** 1-based header row and last data row. */
  readonly headerRow: number;
  readonly lastRow: number;
  /** `true` when read from a plain sheet (no Excel table: formulas use A1 ranges). */
  readonly fromSheet: boolean;
}

export interface Source {
  readonly table: SourceTable;
  /** 1-based worksheet row. */
  readonly row: number;
}

/** Structured indicator target (Årsmål, KF:s årsmål). */
export type Target =
  | { readonly kind: "empty" }
  | { readonly kind: "number"; readonly value: number; readonly unit?: string; readonly raw: string }
  | { readonly kind: "tolerance"; readonly value: number; readonly unit?: string; readonly raw: string }
  | { readonly kind: "max" | "min"; readonly value: number; readonly unit?: string; readonly raw: string }
  | { readonly kind: "direction"; readonly direction: "increase" | "decrease"; readonly raw: string }
  | { readonly kind: "set_elsewhere"; readonly raw: string }
  | { readonly kind: "pending"; readonly year?: number; readonly raw: string }
  | { readonly kind: "invalid"; readonly raw: string };

export interface Settings {
  readonly organisation: string;
  readonly level: OrgLevel;
  readonly parentOrganisation?: string;
  readonly planYear: number;
  readonly document: DocumentType;
  readonly inputUnit: AmountUnit;
  readonly summaryUnit: "tkr" | "mnkr";
  readonly decimals: number;
  /** In the input unit. */
  readonly budgetFrame?: number;
  /** In the input unit. */
  readonly investmentFrame?: number;
  /** Source row of each setting by name, for findings. */
  readonly sources: ReadonlyMap<string, Source>;
}

export interface Period {
  readonly id: string;
  readonly title: string;
  readonly type: PeriodType;
  readonly year: number;
  readonly isPlanPeriod: boolean;
  readonly source?: Source;
}

export interface Comparison {
  readonly title: string;
  readonly periodId: string;
  readonly minusPeriodId: string;
  readonly source?: Source;
}

export interface TableColumnsSetting {
  readonly table: SummaryTableKind;
  /** Period-IDs and comparison titles in display order. */
  readonly columns: readonly string[];
  readonly title?: string;
  readonly source?: Source;
}

export interface Area {
  readonly code: string;
  readonly name: string;
  readonly parent?: string;
  readonly showAsVarav: boolean;
  readonly ownTable: boolean;
  readonly outsideSubtotal: boolean;
  readonly netLabel?: string;
  readonly source?: Source;
}

export interface Goal {
  readonly id: string;
  readonly level: GoalLevel;
  readonly parentId?: string;
  readonly text: string;
  readonly area?: string;
  readonly agenda2030: readonly number[];
  readonly description?: string;
  readonly expectedResult?: string;
  readonly assessment?: Assessment;
  readonly analysis?: string;
  /** The nämnd's goal as carried in a unit's workbook (table NamndensMal): read-only reference. */
  readonly reference?: boolean;
  readonly source?: Source;
}

export interface Indicator {
  readonly id: string;
  readonly goalId: string;
  readonly text: string;
  readonly unit?: string;
  readonly target: Target;
  readonly kfTarget: Target;
  readonly periodicity?: Periodicity;
  readonly direction?: Direction;
  readonly outcomeT1?: number;
  readonly outcomeT2?: number;
  readonly outcomeYear?: number;
  readonly assessment?: Assessment;
  readonly comment?: string;
  readonly source?: Source;
}

export interface Activity {
  readonly id: string;
  readonly goalId: string;
  readonly text: string;
  /** ISO date `YYYY-MM-DD`. */
  readonly start?: string;
  readonly end?: string;
  readonly responsible?: string;
  readonly status?: ActivityStatus;
  readonly comment?: string;
  readonly source?: Source;
}

export interface BudgetLine {
  /** Area Kod, resolved from a Kod or an exact Namn; the text as entered when unknown. */
  readonly area: string;
  /** The text as entered when it differs from the Kod (an area's Namn): formulas match it too. */
  readonly enteredAs?: string;
  /** `true` when `area` matched a known area. */
  readonly areaKnown: boolean;
  readonly post: Post;
  readonly specification?: string;
  /** One amount per period, in `Plan.periods` order, in the input unit; `null` = blank. */
  readonly amounts: readonly (number | null)[];
  readonly source?: Source;
}

export interface InvestmentLine {
  readonly category: string;
  readonly specification?: string;
  readonly amounts: readonly (number | null)[];
  readonly source?: Source;
}

export interface Plan {
  readonly settings: Settings;
  readonly periods: readonly Period[];
  readonly comparisons: readonly Comparison[];
  readonly tableColumns: readonly TableColumnsSetting[];
  readonly areas: readonly Area[];
  readonly goals: readonly Goal[];
  readonly indicators: readonly Indicator[];
  readonly activities: readonly Activity[];
  readonly budget: readonly BudgetLine[];
  /** `undefined` when the workbook has no Investeringar table. */
  readonly investments?: readonly InvestmentLine[];
  /** Where the Budget and Investeringar tables are, for formulas over them. */
  readonly budgetTable?: SourceTable;
  readonly investmentTable?: SourceTable;
}
