/**
 * Pure value parsers of the core: turn one cell value (see {@link CellValue}) into a typed value
 * or a Swedish message explaining what is wrong. Messages carry no cell address; the caller adds
 * it. No parser throws for any cell value.
 *
 * Number text follows Swedish usage (docs/workbook-format.md): decimal comma, a space (also
 * U+00A0, U+202F) between groups of three digits, `-`, `−` (U+2212) or `–` (U+2013) as minus.
 * A dot is accepted as decimal point only where it cannot be a thousands separator: `3224.7`
 * and `0.125` are read, `1.234` is an error asking the user to write `1234` or `1,234`.
 */
import type { Target } from "./model";
import { EXCEL_ERROR_VALUES, isCellError, type CellValue } from "./sheet";
import { normalizeKey } from "./spec";

/** Result of a parser: a value, or a Swedish message (without cell address). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Horizontal space characters other than the ordinary space (NBSP, thin, narrow NBSP, …). */
const OTHER_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
/** Whether a text has one of {@link OTHER_SPACES} (a test is quicker than a replace that finds none). */
const HAS_OTHER_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
/** Minus signs accepted in numbers besides `-`: U+2212 minus, U+2013 en dash (Word autocorrect). */
const OTHER_MINUS = /[\u2212\u2013]/g;

/** Error codes Excel stores (in English, whatever the UI language). */
const EXCEL_ERROR_CODES: ReadonlySet<string> = new Set(EXCEL_ERROR_VALUES);

/** Longest cell text quoted in a message before it is cut with `…`. */
const QUOTE_MAX = 40;

/** Last Excel serial (9999-12-31). */
const MAX_SERIAL = 2958465;
const DAY_MS = 86_400_000;
const EPOCH_MS = Date.UTC(1899, 11, 30);
/** Serials 1–59 (1900-01-01 – 1900-02-28) count from here, because Excel has a fictional 1900-02-29. */
const EARLY_EPOCH_MS = Date.UTC(1899, 11, 31);
const FICTIONAL_LEAP_DAY = 60;

const DATE_HINT = "Skriv datum som 2025-01-31.";
const AMOUNT_HINT = "Skriv ett tal, till exempel 3 224,7.";

// ---------------------------------------------------------------------------------------------
// Cell text

/**
 * The text of a cell: `""` for null; numbers via `String()`; booleans `SANT`/`FALSKT`; errors
 * their code (`#N/A`). Strings are trimmed and no-break or other odd spaces become ordinary spaces.
 */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string")
    return (HAS_OTHER_SPACE.test(value) ? value.replace(OTHER_SPACES, " ") : value).trim();
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "SANT" : "FALSKT";
  if (isCellError(value)) return value.error.trim();
  return "";
}

/** `true` for null, `""` and strings of whitespace only (including U+00A0). */
export function isBlank(value: CellValue): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== "string") return false;
  // Most text starts with a visible ASCII character, which no trimming removes.
  const first = value.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return value.trim() === "";
}

/** `true` for text that Excel would take for a formula if typed: starts with `=`, `+`, `-` or `@`. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@]/.test(text);
}

/** `”text”`, cut to a readable length. */
function quote(text: string): string {
  const chars = Array.from(text);
  const shown = chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX - 1).join("")}…` : text;
  return `”${shown}”`;
}

/** The Excel error code of an error value, or of text that is exactly an error code. */
function errorCode(value: CellValue): string | undefined {
  if (isCellError(value)) return value.error.trim() || "#N/A";
  // Error codes are short and start with "#": most text is rejected without allocating.
  if (typeof value === "string" && value.length <= 20 && value.includes("#")) {
    const code = value.trim().toUpperCase();
    if (EXCEL_ERROR_CODES.has(code)) return code;
  }
  return undefined;
}

/**
 * The message shared by all parsers for error and boolean cells, or `undefined` for other values.
 * `noun` names what was expected (`ett belopp`), `hint` tells what to write.
 */
function nonValueMessage(value: CellValue, noun: string, hint: string): string | undefined {
  const code = errorCode(value);
  if (code !== undefined)
    return `Cellen innehåller felvärdet ${code}. Rätta formeln eller ${lowerFirst(hint)}`;
  if (typeof value === "boolean") {
    return `Cellen innehåller sanningsvärdet ${value ? "SANT" : "FALSKT"}, inte ${noun}. ${hint}`;
  }
  return undefined;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase("sv") + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Decimal arithmetic on the shortest representation of a double

/** A non-negative decimal as digit strings, plus sign. `int` has no leading zeros (except `0`). */
interface Decimal {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
}

/**
 * The shortest decimal that reads back as `value` (the digits `String(value)` prints), without
 * exponent. `value` must be finite.
 */
function toDecimal(value: number): Decimal {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(value.toExponential());
  if (!m) return { negative: false, int: "0", frac: "" };
  const digits = `${m[2] ?? "0"}${m[3] ?? ""}`;
  const point = Number(m[4]) + 1;
  let int: string;
  let frac: string;
  if (point <= 0) {
    int = "0";
    frac = "0".repeat(-point) + digits;
  } else if (point >= digits.length) {
    int = digits + "0".repeat(point - digits.length);
    frac = "";
  } else {
    int = digits.slice(0, point);
    frac = digits.slice(point);
  }
  frac = frac.replace(/0+$/, "");
  int = int.replace(/^0+(?=\d)/, "");
  const zero = /^0*$/.test(int + frac);
  return { negative: m[1] === "-" && !zero, int, frac };
}

/** Adds one to a string of decimal digits (`"099"` → `"100"`, `"99"` → `"100"`). */
function incrementDigits(digits: string): string {
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === "9") {
      out[i] = "0";
    } else {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
  }
  return `1${out.join("")}`;
}

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) {
    throw new RangeError(`decimals must be an integer 0–100, got ${decimals}`);
  }
}

/** `value` rounded half away from zero to `decimals` places, as exact digits (`frac` has `decimals` digits). */
function roundDecimal(value: number, decimals: number): Decimal {
  const d = toDecimal(value);
  if (d.frac.length <= decimals) return { ...d, frac: d.frac.padEnd(decimals, "0") };
  let kept = d.int + d.frac.slice(0, decimals);
  if ((d.frac[decimals] ?? "0") >= "5") kept = incrementDigits(kept);
  const int = kept.slice(0, kept.length - decimals).replace(/^0+(?=\d)/, "") || "0";
  const frac = kept.slice(kept.length - decimals);
  return { negative: d.negative && !/^0*$/.test(int + frac), int, frac };
}

/**
 * Rounds half away from zero (1.005 → 1.01, 0.05 → 0.1, −0.05 → −0.1 at the given places).
 *
 * Robust against binary floating-point error by rounding the shortest decimal that reads back as
 * `value` (what `String(value)` prints) digit by digit, rather than the binary value: 1.005 is
 * stored as 1.00499999999999989…, but it is the number a user typed as 1,005. No epsilon is used.
 * Non-finite values are returned unchanged; a zero result is `0`, never `-0`.
 * @throws RangeError when `decimals` is not an integer 0–100.
 */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  checkDecimals(decimals);
  if (!Number.isFinite(value)) return value;
  // Fast path: away from a tie, rounding the scaled binary value gives the same digits as rounding
  // the printed ones, and an integer divided by a power of ten is the double nearest the decimal.
  if (decimals <= 15) {
    const scale = POWERS_OF_TEN[decimals] ?? 1;
    const scaled = Math.abs(value) * scale;
    if (scaled < 2 ** 52) {
      const fraction = scaled - Math.floor(scaled);
      if (Math.abs(fraction - 0.5) > 1e-6) {
        const rounded = Math.round(scaled) / scale;
        return value < 0 && rounded !== 0 ? -rounded : rounded;
      }
    }
  }
  const r = roundDecimal(value, decimals);
  return Number(`${r.negative ? "-" : ""}${r.int}${r.frac ? `.${r.frac}` : ""}`);
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** `1234567` → `1 234 567` (ordinary spaces). */
function groupThousands(int: string): string {
  let out = "";
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) out += " ";
    out += int[i];
  }
  return out;
}

/**
 * A number in Swedish style with exactly `decimals` places: `3 224,7`, `-436,4`, `0,0`.
 * Thousands are separated by an ordinary space (as in the seed documents), the decimal sign is a
 * comma, negatives get an ASCII `-`. Rounds half away from zero like {@link roundHalfAwayFromZero}
 * and prints digits, never an exponent. A value that rounds to zero prints without sign.
 * Non-finite values print as `String(value)`.
 * @throws RangeError when `decimals` is not an integer 0–100.
 */
export function formatNumberSv(value: number, decimals: number): string {
  checkDecimals(decimals);
  if (!Number.isFinite(value)) return String(value);
  const r = roundDecimal(value, decimals);
  return `${r.negative ? "-" : ""}${groupThousands(r.int)}${decimals > 0 ? `,${r.frac}` : ""}`;
}

/** A number in Swedish style with as many decimals as it has: `14,9`, `12 000`, `0,04`. */
export function formatShortSv(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const d = toDecimal(value);
  return `${d.negative ? "-" : ""}${groupThousands(d.int)}${d.frac ? `,${d.frac}` : ""}`;
}

/** A number with decimal comma and no grouping, for messages: `2025,5`, `-0,04`. */
function plainSv(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const d = toDecimal(value);
  return `${d.negative ? "-" : ""}${d.int}${d.frac ? `,${d.frac}` : ""}`;
}

/** `value` × 100 without binary noise (0.69 → 69, not 69.00000000000001). */
function times100(value: number): number {
  if (!Number.isFinite(value)) return value;
  const m = /^(-?\d(?:\.\d+)?)e([+-]\d+)$/.exec(value.toExponential());
  return m ? Number(`${m[1]}e${Number(m[2]) + 2}`) : value * 100;
}

// ---------------------------------------------------------------------------------------------
// Numbers

type NumberFailure = "syntax" | "format" | "ambiguous" | "range";
type NumberResult = { ok: true; value: number } | { ok: false; reason: NumberFailure };

/** Sign, integer part (ungrouped, or groups of three separated by one space), optional decimals. */
const NUMBER_RE = /^([+-])? ?(\d{1,3}(?: \d{3})+|\d+)(?:([.,])(\d+))?$/;
/** Text of digits, spaces, separators and signs only (with a digit): a number written the wrong way. */
const NUMBERISH_RE = /^[+-]? ?[\d .,]+$/;

/** Replaces odd spaces by a space and other minus signs by `-`, then trims. */
function normalizeNumberText(text: string): string {
  return text.replace(OTHER_SPACES, " ").replace(OTHER_MINUS, "-").trim();
}

/** Reads normalized Swedish number text (see the module comment). */
function readNumber(text: string): NumberResult {
  const m = NUMBER_RE.exec(text);
  if (!m) return { ok: false, reason: NUMBERISH_RE.test(text) && /\d/.test(text) ? "format" : "syntax" };
  const [, sign = "", intPart = "", sep, frac] = m;
  const int = intPart.replace(/ /g, "");
  if (sep === "." && !intPart.includes(" ") && /^[1-9]\d{0,2}$/.test(int) && frac?.length === 3) {
    return { ok: false, reason: "ambiguous" };
  }
  const value = Number(`${sign === "-" ? "-" : ""}${int}${frac ? `.${frac}` : ""}`);
  if (!Number.isFinite(value)) return { ok: false, reason: "range" };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** The message for text that {@link readNumber} rejected. `noun` is e.g. `ett belopp`. */
function numberMessage(text: string, reason: NumberFailure, noun: string, hint: string): string {
  switch (reason) {
    case "ambiguous": {
      const [int = "", frac = ""] = text.replace(/^[+-] ?/, "").split(".");
      const sign = text.startsWith("-") ? "-" : "";
      return (
        `${quote(text)} är tvetydigt: punkten kan vara decimaltecken eller tusentalsavgränsare. ` +
        `Skriv ${sign}${int}${frac} eller ${sign}${int},${frac}.`
      );
    }
    case "format":
      return (
        `${quote(text)} är inte ${noun} i rätt form. Skriv talet med mellanslag mellan tusental ` +
        `och komma som decimaltecken, till exempel 3 224,7.`
      );
    case "range":
      return `${quote(text)} är för stort för att vara ${noun}.`;
    case "syntax":
      return `${quote(text)} är inte ${noun}. ${hint}`;
  }
}

/** Shared body of the number parsers: blank → null, error/boolean/text problems → message. */
function parseNumberCell(value: CellValue, noun: string, hint: string): Parsed<number | null> {
  if (isBlank(value)) return ok(null);
  const other = nonValueMessage(value, noun, hint);
  if (other !== undefined) return fail(other);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      return fail(`Cellen innehåller inget giltigt tal (${String(value)}). ${hint}`);
    }
    return ok(value === 0 ? 0 : value);
  }
  const text = normalizeNumberText(cellText(value));
  const r = readNumber(text);
  return r.ok ? ok(r.value) : fail(numberMessage(text, r.reason, noun, hint));
}

/**
 * An amount: a finite number cell, or Swedish number text (`3 224,7`, `−436,4`, `1051,5`, `+5`,
 * `3224.7`). Blank → `null`. Errors, booleans, other text and ambiguous `1.234` → a message;
 * never a silent zero.
 */
export function parseAmount(value: CellValue): Parsed<number | null> {
  return parseNumberCell(value, "ett belopp", AMOUNT_HINT);
}

/** A whole number such as a year (`2025`, `"2025"`); `2025,5` is an error. Blank → `null`. */
export function parseInteger(value: CellValue): Parsed<number | null> {
  const hint = "Skriv ett heltal, till exempel 2025.";
  const r = parseNumberCell(value, "ett heltal", hint);
  if (!r.ok || r.value === null) return r;
  if (!Number.isSafeInteger(r.value)) {
    const shown = typeof value === "number" ? plainSv(value) : cellText(value);
    return fail(`${quote(shown)} är inte ett heltal. ${hint}`);
  }
  return r;
}

/**
 * `true` when an Excel number format shows values as percent: it holds `%` outside quoted
 * literals, backslash escapes and bracketed sections (`0%`, `0.0 %`, `[Red]0%`).
 */
export function isPercentFormat(numberFormat: string | null | undefined): boolean {
  if (!numberFormat) return false;
  return numberFormat
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[[^\]]*\]/g, "")
    .includes("%");
}

/** Splits `69 %`, `69%`, `69 procent` into the number text; `undefined` without a percent sign. */
function stripPercent(text: string): string | undefined {
  if (text.endsWith("%")) return text.slice(0, -1).trimEnd();
  if (text.toLowerCase().endsWith("procent")) return text.slice(0, -"procent".length).trimEnd();
  return undefined;
}

/**
 * A percentage in percent points, for outcomes: a number cell with a percent number format holds
 * a fraction (0.69 → 69); text `69 %`, `69%`, `0,5 %` → 69, 0.5; a plain number or number text
 * without `%` is taken as percent points already (69 → 69). Blank → `null`.
 */
export function parsePercentValue(value: CellValue, numberFormat?: string | null): Parsed<number | null> {
  const hint = "Skriv till exempel 69 % eller 69.";
  const noun = "ett procenttal";
  if (typeof value === "number" && Number.isFinite(value) && isPercentFormat(numberFormat)) {
    return ok(times100(value) || 0);
  }
  if (typeof value !== "string" || isBlank(value) || errorCode(value) !== undefined) {
    return parseNumberCell(value, noun, hint);
  }
  const text = normalizeNumberText(cellText(value));
  const numberText = stripPercent(text) ?? text;
  const r = readNumber(numberText);
  return r.ok
    ? ok(r.value)
    : fail(numberMessage(r.reason === "syntax" ? text : numberText, r.reason, noun, hint));
}

// ---------------------------------------------------------------------------------------------
// Dates

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

/** `[y, m, d]` of a valid ISO date `YYYY-MM-DD` in Excel's range (1900–9999), else `undefined`. */
function isoParts(iso: string): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return [y, mo, d];
}

/** ISO date of an Excel serial's date part (1900 date system), or `undefined` outside 1–2958465 or 60. */
function serialToIso(serial: number): string | undefined {
  const day = Math.floor(serial);
  if (!(day >= 1 && day <= MAX_SERIAL) || day === FICTIONAL_LEAP_DAY) return undefined;
  const date = new Date((day < FICTIONAL_LEAP_DAY ? EARLY_EPOCH_MS : EPOCH_MS) + day * DAY_MS);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/**
 * The Excel serial (1900 date system) of an ISO date `YYYY-MM-DD` (1900-01-01 → 1,
 * 2025-01-31 → 45688). Inverse of the serial reading of {@link parseDate}.
 * @throws RangeError for text that is not a real date between 1900-01-01 and 9999-12-31.
 */
export function isoToSerial(iso: string): number {
  const parts = isoParts(iso);
  if (!parts) throw new RangeError(`not an ISO date between 1900-01-01 and 9999-12-31: ${iso}`);
  const [y, m, d] = parts;
  const ms = Date.UTC(y, m - 1, d);
  return ms < Date.UTC(1900, 2, 1) ? (ms - EARLY_EPOCH_MS) / DAY_MS : (ms - EPOCH_MS) / DAY_MS;
}

/** ISO date with an optional time of day that is ignored: `2025-01-31T00:00:00`, `2025-01-31 08:30`. */
const ISO_DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?Z?)?$/;

/**
 * A date as ISO text `YYYY-MM-DD`: an Excel serial (its date part; 1–2958465), or ISO text
 * `2025-01-31`, optionally with a time (`2025-01-31T00:00:00`, `2025-01-31 00:00`). Dates that do
 * not exist (`2025-02-30`) and every other form (`31/1 2025`, `1 april`) are errors. Blank → `null`.
 */
export function parseDate(value: CellValue): Parsed<string | null> {
  if (isBlank(value)) return ok(null);
  const other = nonValueMessage(value, "ett datum", DATE_HINT);
  if (other !== undefined) return fail(other);
  if (typeof value === "number") {
    const iso = Number.isFinite(value) ? serialToIso(value) : undefined;
    if (iso !== undefined) return ok(iso);
    return fail(`Talet ${plainSv(value)} är inget datum som Excel kan visa. ${DATE_HINT}`);
  }
  const text = cellText(value);
  const m = ISO_DATE_TIME_RE.exec(text);
  if (!m) return fail(`${quote(text)} är inte ett datum i rätt form. ${DATE_HINT}`);
  const iso = m[1] ?? "";
  if (!isoParts(iso)) {
    return fail(`${quote(text)} är inget giltigt datum (mellan 1900-01-01 och 9999-12-31). ${DATE_HINT}`);
  }
  return ok(iso);
}

// ---------------------------------------------------------------------------------------------
// Lists

/** `Ja` → true, `Nej` → false (case-insensitive, trimmed); boolean cells as they are. Blank → `null`. */
export function parseYesNo(value: CellValue): Parsed<boolean | null> {
  if (isBlank(value)) return ok(null);
  if (typeof value === "boolean") return ok(value);
  const hint = "Skriv Ja eller Nej.";
  const code = errorCode(value);
  if (code !== undefined)
    return fail(`Cellen innehåller felvärdet ${code}. Rätta formeln eller skriv Ja eller Nej.`);
  const key = normalizeKey(cellText(value));
  if (key === "ja") return ok(true);
  if (key === "nej") return ok(false);
  return fail(`${quote(cellText(value))} är inte ett tillåtet värde. ${hint}`);
}

/**
 * One of `allowed`, matched trimmed, with single spaces and case-insensitively; returns the
 * canonical spelling from `allowed`. Blank → `null`. The message lists the allowed values.
 */
export function parseEnum<T extends string>(value: CellValue, allowed: readonly T[]): Parsed<T | null> {
  if (isBlank(value)) return ok(null);
  const list = () => `Tillåtna värden: ${allowed.join(", ")}.`;
  const code = errorCode(value);
  if (code !== undefined) return fail(`Cellen innehåller felvärdet ${code}. ${list()}`);
  const text = cellText(value);
  const found = enumKeys(allowed).get(normalizeKey(text));
  return found !== undefined ? ok(found) : fail(`${quote(text)} är inte ett tillåtet värde. ${list()}`);
}

const enumKeyMaps = new WeakMap<readonly string[], ReadonlyMap<string, string>>();

/** The allowed values by their normalized key (the first of equal keys), made once per list. */
function enumKeys<T extends string>(allowed: readonly T[]): ReadonlyMap<string, T> {
  let keys = enumKeyMaps.get(allowed);
  if (!keys) {
    const map = new Map<string, T>();
    for (const a of allowed) {
      const key = normalizeKey(a);
      if (!map.has(key)) map.set(key, a);
    }
    enumKeyMaps.set(allowed, map);
    keys = map;
  }
  return keys as ReadonlyMap<string, T>;
}

const AGENDA_HINT = "Skriv målens nummer 1–17, till exempel 3, 4, 5 och 10.";
/** Words allowed between the goal numbers of an Agenda 2030 list. */
const AGENDA_FILLER_WORDS = new Set(["mål", "målen", "och", "samt", "&"]);

/**
 * Agenda 2030 goal numbers (1–17) from a list such as `3, 4, 5, 10`, `3,4 och 10` or
 * `mål 3, 4, 5 och 10`; sorted ascending without repeats. Blank → `[]`.
 *
 * A number cell holding a fraction (Excel reads `3,4` typed in a Swedish Excel as 3.4) is an error
 * that asks for a space after the comma.
 */
export function parseAgenda2030(value: CellValue): Parsed<number[]> {
  if (isBlank(value)) return ok([]);
  const other = nonValueMessage(value, "en lista med Agenda 2030-mål", AGENDA_HINT);
  if (other !== undefined) return fail(other);
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 1 && value <= 17) return ok([value]);
    if (Number.isFinite(value) && !Number.isInteger(value)) {
      return fail(
        `Excel har läst cellen som talet ${plainSv(value)}. ` +
          `Skriv målen med mellanslag efter kommat, till exempel 3, 4, 5 och 10.`,
      );
    }
    return fail(`Agenda 2030 har mål 1–17; ${quote(plainSv(value))} finns inte. ${AGENDA_HINT}`);
  }
  const text = cellText(value);
  const tokens = text
    .toLocaleLowerCase("sv")
    .replace(/^agenda\s*2030\s*:?/, "")
    .split(/[\s,;]+/)
    .filter((t) => t !== "");
  const numbers: number[] = [];
  for (const token of tokens) {
    if (AGENDA_FILLER_WORDS.has(token)) continue;
    if (!/^\d{1,3}\.?$/.test(token))
      return fail(`${quote(text)} är ingen lista med Agenda 2030-mål. ${AGENDA_HINT}`);
    const n = Number(token.replace(".", ""));
    if (n < 1 || n > 17)
      return fail(`Agenda 2030 har mål 1–17; ${quote(String(n))} finns inte. ${AGENDA_HINT}`);
    if (!numbers.includes(n)) numbers.push(n);
  }
  return ok(numbers.sort((a, b) => a - b));
}

// ---------------------------------------------------------------------------------------------
// Targets

/** Examples of every target form, for messages about a target that cannot be read. */
export const TARGET_FORMS_HINT =
  "Skriv till exempel 69 %, 12 000, 14,9 st, +/- 1 %, Max 10 personer, Minst 80 %, Ökning, " +
  "Minskning, Tas fram av nämnd eller Fastställs 2025.";

/** The message for a target of kind `invalid` (without cell address). */
export function invalidTargetMessage(raw: string): string {
  return `${quote(raw)} kan inte läsas som ett årsmål. ${TARGET_FORMS_HINT}`;
}

/** Start of a number with its unit: groups of three first, so `1 735 GWh` reads as 1735. */
const NUMBER_UNIT_RE = /^([+-]? ?(?:\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)?) *(.*)$/s;
/** A unit: starts with a letter, `%`, `°` or a currency sign. */
const UNIT_RE = /^[\p{L}%°€$£][\p{L}\p{N} ./%²³°€$£()-]*$/u;

const DIRECTIONS: Readonly<Record<string, "increase" | "decrease">> = {
  ökning: "increase",
  öka: "increase",
  ökad: "increase",
  ökande: "increase",
  "ska öka": "increase",
  minskning: "decrease",
  minska: "decrease",
  minskad: "decrease",
  minskande: "decrease",
  "ska minska": "decrease",
};

const BOUND_RE =
  /^(maximalt|maximum|max|högst|som mest|minimalt|minimum|minst|min|lägst|som minst)\.?(?: +|(?=\d))(.+)$/isu;
const BOUND_SYMBOL_RE = /^(≤|<=|≥|>=) *(.+)$/su;
const TOLERANCE_RE = /^(?:\+ *\/ *-|\+-|±) *(.+)$/su;

/** Canonical unit of a target: `%`/`procent` → `%`, `st`/`stycken` → `antal`, others as written. */
function canonicalUnit(unit: string): string | undefined {
  const u = unit.replace(/ +/g, " ").trim();
  if (u === "") return undefined;
  const key = u.toLocaleLowerCase("sv");
  if (key === "%" || key === "procent") return "%";
  if (key === "st" || key === "st." || key === "stycken" || key === "antal") return "antal";
  return u;
}

/** Number (and optional unit) of a target text, already normalized; `undefined` if it is not one. */
function readNumberWithUnit(text: string): { value: number; unit?: string } | undefined {
  const m = NUMBER_UNIT_RE.exec(text);
  if (!m) return undefined;
  const r = readNumber(m[1] ?? "");
  if (!r.ok) return undefined;
  const rest = m[2] ?? "";
  if (rest !== "" && !UNIT_RE.test(rest)) return undefined;
  const unit = canonicalUnit(rest);
  return unit === undefined ? { value: r.value } : { value: r.value, unit };
}

/**
 * Reads an indicator target (Årsmål, KF:s årsmål) in any of the forms of the workbook contract;
 * never throws. Anything unreadable, Excel errors and booleans give `{ kind: "invalid", raw }`.
 *
 * - number, with or without unit: `69 %`, `90%`, `12 000`, `14,9 st` (unit `antal`),
 *   `1 735 GWh`, `1,4 kg CO2 per kg livsmedel`; percent values are in percent points;
 * - a number cell: as it is, or ×100 with unit `%` under a percent number format (0.69 → 69 %);
 * - tolerance `+/- 1 %`, `+/-1 %`, `±1 %`; bounds `Max 10 personer`, `Högst 5` (max),
 *   `Minst 80 %`, `Lägst 80 %` (min);
 * - direction `Ökning`, `öka` / `Minskning`, `minska`; set elsewhere `Tas fram av nämnd[/styrelse]`;
 *   pending `Fastställs 2025`, `Fastställs senare`; blank → empty.
 *
 * `raw` is the trimmed cell text; for a number cell, the number in Swedish style (`14,9`, `69 %`).
 */
export function parseTarget(value: CellValue, numberFormat?: string | null): Target {
  if (isBlank(value)) return { kind: "empty" };
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { kind: "invalid", raw: String(value) };
    if (isPercentFormat(numberFormat)) {
      const points = times100(value) || 0;
      return { kind: "number", value: points, unit: "%", raw: `${formatShortSv(points)} %` };
    }
    return { kind: "number", value: value === 0 ? 0 : value, raw: formatShortSv(value) };
  }
  const raw = cellText(value);
  if (typeof value !== "string" || errorCode(value) !== undefined) return { kind: "invalid", raw };
  return parseTargetText(raw);
}

function parseTargetText(raw: string): Target {
  const text = normalizeNumberText(raw).replace(/\s+/g, " ");
  // A number first (`69 %`, `12 000`) is none of the worded forms nor a tolerance or a bound,
  // which all start with a letter or a sign.
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const n = readNumberWithUnit(text);
    return n ? { kind: "number", ...n, raw } : { kind: "invalid", raw };
  }
  const words = text.replace(/\.$/, "");

  const direction = DIRECTIONS[words.toLocaleLowerCase("sv")];
  if (direction) return { kind: "direction", direction, raw };
  if (/^tas fram av \S/iu.test(text)) return { kind: "set_elsewhere", raw };
  const pending = /^fastställs(?: (.*))?$/isu.exec(words);
  if (pending) {
    const year = /(?:^|\D)((?:19|20|21)\d{2})(?:\D|$)/.exec(pending[1] ?? "");
    return year ? { kind: "pending", year: Number(year[1]), raw } : { kind: "pending", raw };
  }

  const tolerance = TOLERANCE_RE.exec(text);
  if (tolerance) {
    const n = readNumberWithUnit(tolerance[1] ?? "");
    if (n && n.value >= 0 && !/^[+-]/.test(tolerance[1] ?? "")) return { kind: "tolerance", ...n, raw };
    return { kind: "invalid", raw };
  }

  const bound = BOUND_RE.exec(text) ?? BOUND_SYMBOL_RE.exec(text);
  if (bound) {
    const n = readNumberWithUnit(bound[2] ?? "");
    if (!n) return { kind: "invalid", raw };
    const kind = /^(max|högst|som mest|≤|<=)/iu.test(bound[1] ?? "") ? "max" : "min";
    return { kind, ...n, raw };
  }

  const n = readNumberWithUnit(text);
  return n ? { kind: "number", ...n, raw } : { kind: "invalid", raw };
}

/** Value and unit as printed: `69 %`, `14,9 st`, `1 735 GWh`, `20`. */
function formatValueUnit(value: number, unit: string | undefined): string {
  const number = formatShortSv(value);
  if (unit === undefined || unit === "") return number;
  if (unit === "antal") return `${number} st`;
  return `${number} ${unit}`;
}

/**
 * Swedish display text of a target: its `raw` text where there is one (`69 %`, `+/- 1 %`,
 * `Max 10 personer`, `Ökning`, `Tas fram av nämnd`), otherwise built from its parts in a form
 * that {@link parseTarget} reads back. Empty → `""`.
 */
export function formatTarget(target: Target): string {
  if (target.kind === "empty") return "";
  if (target.raw.trim() !== "") return target.raw.trim();
  switch (target.kind) {
    case "number":
      return formatValueUnit(target.value, target.unit);
    case "tolerance":
      return `+/- ${formatValueUnit(target.value, target.unit)}`;
    case "max":
      return `Max ${formatValueUnit(target.value, target.unit)}`;
    case "min":
      return `Minst ${formatValueUnit(target.value, target.unit)}`;
    case "direction":
      return target.direction === "increase" ? "Ökning" : "Minskning";
    case "set_elsewhere":
      return "Tas fram av nämnd";
    case "pending":
      return target.year !== undefined ? `Fastställs ${target.year}` : "Fastställs senare";
    case "invalid":
      return "";
  }
}
