/**
 * Zod schemas for every input table of the spec. Each schema takes one table row as an object of
 * raw cell values keyed by column key, and yields the typed row or issues whose path names the
 * column, with a Swedish message; the reader turns the path into a cell address.
 *
 * The reader parses every row of every table with these (about 2 000 cells per unit workbook, and
 * a consolidation reads hundreds), so they are kept cheap: every column is one `z.transform` over
 * the raw cell that calls the column's value parser (./values) and reports its Swedish message
 * as an issue (not a `custom` piped into a `transform`: a third of the steps, and of the garbage),
 * and the schemas are built once, when this module loads. The classic API is used rather than
 * `zod/mini`: its object schemas run a parser generated for their shape, which reads rows about
 * 15 % quicker than mini's generic one (measured on the consolidation benchmark's units).
 */
import { z } from "zod";
import type { CellValue } from "./sheet";
import {
  ACTIVITY_STATUSES,
  ASSESSMENTS,
  DIRECTIONS,
  GOAL_LEVELS,
  PERIOD_TYPES,
  PERIODICITIES,
  POSTS,
  TABLE_KINDS,
} from "./spec";
import {
  cellText,
  isBlank,
  parseAgenda2030,
  parseAmount,
  parseDate,
  parseEnum,
  parseInteger,
  parsePercentValue,
  parseTarget,
  parseYesNo,
  type Parsed,
} from "./values";
import type { Target } from "./model";

// Every issue the schemas raise carries its own Swedish message; should zod ever raise one of its
// own, the user still gets Swedish rather than zod's English default.
z.config({ customError: () => "Värdet kan inte läsas." });

/** A raw cell as it comes from an adapter, passed on as it is. */
export const rawCell = z.transform((value: CellValue): CellValue => value);

/** Turns a value parser into a zod schema over a raw cell. */
function cell<T>(parse: (value: CellValue) => Parsed<T>) {
  return z.transform((value: CellValue, ctx): T => {
    const result = parse(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: result.message, input: value });
    return z.NEVER;
  });
}

const textOrUndefined = (value: CellValue): Parsed<string | undefined> => {
  if (isBlank(value)) return { ok: true, value: undefined };
  if (typeof value === "object" && value !== null)
    return { ok: false, message: `Cellen innehåller felvärdet ${cellText(value)}. Skriv en text.` };
  return { ok: true, value: cellText(value) };
};

/** Optional free text; an Excel error value is an issue. */
export const optionalText = cell(textOrUndefined);

/** Required text: blank is an issue saying which value is missing. */
export function requiredText(what: string) {
  return cell((value): Parsed<string> => {
    const text = textOrUndefined(value);
    if (!text.ok) return text;
    if (text.value === undefined) return { ok: false, message: `${what} saknas.` };
    return { ok: true, value: text.value };
  });
}

export function requiredEnum<T extends string>(what: string, allowed: readonly T[]) {
  return cell((value): Parsed<T> => {
    if (isBlank(value)) return { ok: false, message: `${what} saknas. Välj ett av: ${allowed.join(", ")}.` };
    const parsed = parseEnum(value, allowed);
    if (!parsed.ok) return parsed;
    return { ok: true, value: parsed.value as T };
  });
}

export function optionalEnum<T extends string>(allowed: readonly T[]) {
  return cell((value): Parsed<T | undefined> => {
    const parsed = parseEnum(value, allowed);
    if (!parsed.ok) return parsed;
    return { ok: true, value: parsed.value ?? undefined };
  });
}

const orUndefined =
  <T>(parse: (value: CellValue) => Parsed<T | null>) =>
  (value: CellValue): Parsed<T | undefined> => {
    const parsed = parse(value);
    return parsed.ok ? { ok: true, value: parsed.value ?? undefined } : parsed;
  };

export const optionalAmount = cell(orUndefined(parseAmount));
export const optionalDate = cell(orUndefined(parseDate));
export const optionalYesNo = cell(orUndefined(parseYesNo));
export const optionalPercentOrNumber = cell(orUndefined((v) => parsePercentValue(v)));
export const agenda2030 = cell(parseAgenda2030);
export const target = z.transform((value: CellValue): Target => parseTarget(value));

export const requiredInteger = (what: string) =>
  cell((value): Parsed<number> => {
    const parsed = parseInteger(value);
    if (!parsed.ok) return parsed;
    if (parsed.value === null) return { ok: false, message: `${what} saknas.` };
    return { ok: true, value: parsed.value };
  });

export const settingRow = z.object({
  name: requiredText("Inställningens namn"),
  value: rawCell,
});

export const periodRow = z.object({
  id: requiredText("Period-ID"),
  title: requiredText("Rubrik"),
  type: requiredEnum("Typ", PERIOD_TYPES),
  year: requiredInteger("År"),
  planPeriod: optionalYesNo,
});

export const comparisonRow = z.object({
  title: requiredText("Rubrik"),
  period: requiredText("Period"),
  minusPeriod: requiredText("Minus period"),
});

export const tableColumnsRow = z.object({
  table: requiredEnum("Tabell", TABLE_KINDS),
  columns: requiredText("Kolumner"),
  title: optionalText,
});

export const areaRow = z.object({
  code: requiredText("Kod"),
  name: requiredText("Namn"),
  parent: optionalText,
  showAsVarav: optionalYesNo,
  ownTable: optionalYesNo,
  outsideSubtotal: optionalYesNo,
  netLabel: optionalText,
});

export const goalRow = z.object({
  id: requiredText("Mål-ID"),
  level: requiredEnum("Nivå", GOAL_LEVELS),
  parent: optionalText,
  text: requiredText("Målets text"),
  area: optionalText,
  agenda2030,
  description: optionalText,
  expectedResult: optionalText,
  assessment: optionalEnum(ASSESSMENTS),
  analysis: optionalText,
});

export const indicatorRow = z.object({
  id: requiredText("Indikator-ID"),
  goalId: requiredText("Mål-ID"),
  text: requiredText("Indikatorns text"),
  unit: optionalText,
  target,
  kfTarget: target,
  periodicity: optionalEnum(PERIODICITIES),
  direction: optionalEnum(DIRECTIONS),
  outcomeT1: optionalPercentOrNumber,
  outcomeT2: optionalPercentOrNumber,
  outcomeYear: optionalPercentOrNumber,
  assessment: optionalEnum(ASSESSMENTS),
  comment: optionalText,
});

export const activityRow = z.object({
  id: requiredText("Aktivitets-ID"),
  goalId: requiredText("Mål-ID"),
  text: requiredText("Aktivitetens text"),
  start: optionalDate,
  end: optionalDate,
  responsible: optionalText,
  status: optionalEnum(ACTIVITY_STATUSES),
  comment: optionalText,
});

export const budgetRow = z.object({
  area: requiredText("Verksamhetsområde"),
  post: requiredEnum("Post", POSTS),
  specification: optionalText,
});

export const investmentRow = z.object({
  category: requiredText("Kategori"),
  specification: optionalText,
});

/** Amount cells of the period columns. */
export const amountCell = cell(parseAmount);
