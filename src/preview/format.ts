/**
 * Cell values as Swedish Excel shows them, for the preview's sheet viewer: the number format's
 * section for the sign, thousands grouping with a space, decimal comma, percent, dates and times,
 * text (`@`) and literal text in the format (`"tkr"`, `\ kr`). Not every corner of Excel's format
 * language: fractions, scientific notation and conditions (`[>100]`) fall back to General.
 */
import { serialToDate } from "../core/sheet";
import { formatNumberSv } from "../core/values";

export interface Shown {
  readonly text: string;
  /** Where Excel puts the value when the cell has no alignment of its own. */
  readonly align: "left" | "right" | "center";
}

/** Splits a format at `;` outside quotes and brackets. */
export function formatSections(format: string): string[] {
  const sections: string[] = [];
  let current = "";
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch === "\\" && !quoted && i + 1 < format.length) {
      current += ch + (format[i + 1] as string);
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "[") bracket = true;
    else if (!quoted && ch === "]") bracket = false;
    if (ch === ";" && !quoted && !bracket) {
      sections.push(current);
      current = "";
    } else current += ch;
  }
  sections.push(current);
  return sections;
}

/** A format section as tokens: literal text and the rest (the pattern). */
interface Token {
  readonly literal: boolean;
  readonly text: string;
}

function tokenize(section: string): Token[] {
  const tokens: Token[] = [];
  const push = (literal: boolean, text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.literal === literal) tokens[tokens.length - 1] = { literal, text: last.text + text };
    else tokens.push({ literal, text });
  };
  for (let i = 0; i < section.length; i++) {
    const ch = section[i] as string;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      push(true, section.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? section.length : end;
    } else if (ch === "\\" && i + 1 < section.length) {
      push(true, section[i + 1] as string);
      i++;
    } else if (ch === "_" && i + 1 < section.length) {
      // Space as wide as the next character.
      push(true, " ");
      i++;
    } else if (ch === "*" && i + 1 < section.length) {
      // Repeat to fill the cell: nothing in the viewer.
      i++;
    } else if (ch === "[") {
      const end = section.indexOf("]", i + 1);
      // Colours and locale tags ([Red], [$-41D]) show nothing; [$kr-41D] shows its currency text.
      const inner = section.slice(i + 1, end < 0 ? undefined : end);
      const currency = /^\$([^-]*)/.exec(inner);
      if (currency?.[1]) push(true, currency[1]);
      i = end < 0 ? section.length : end;
    } else if (/^general/i.test(section.slice(i))) {
      push(false, "General");
      i += "general".length - 1;
    } else if (/[0#?.,%@ymdhs]/i.test(ch)) {
      push(false, ch);
    } else push(true, ch);
  }
  return tokens;
}

function isDateSection(tokens: readonly Token[]): boolean {
  return tokens.some((t) => !t.literal && /[ymdhs]/i.test(t.text.replace(/General/g, "")));
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

const DATE_PART = /yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s/gi;

function formatDate(serial: number, tokens: readonly Token[]): string {
  const date = serialToDate(serial);
  // Every date part in order, to tell minutes (`m` after an hour or before seconds) from months.
  const parts = tokens
    .flatMap((t) => (t.literal ? [] : (t.text.match(DATE_PART) ?? [])))
    .map((p) => p.toLowerCase());
  let index = 0;
  const part = (token: string): string => {
    const t = token.toLowerCase();
    const previous = parts[index - 1] ?? "";
    const next = parts[index + 1] ?? "";
    index++;
    const minutes = (t === "m" || t === "mm") && (previous.startsWith("h") || next.startsWith("s"));
    switch (t) {
      case "yyyy":
        return String(date.getUTCFullYear());
      case "yy":
        return pad(date.getUTCFullYear() % 100);
      case "mmmm":
        return MONTHS[date.getUTCMonth()] ?? "";
      case "mmm":
        return (MONTHS[date.getUTCMonth()] ?? "").slice(0, 3);
      case "mm":
        return minutes ? pad(date.getUTCMinutes()) : pad(date.getUTCMonth() + 1);
      case "m":
        return minutes ? String(date.getUTCMinutes()) : String(date.getUTCMonth() + 1);
      case "dddd":
        return DAYS[date.getUTCDay()] ?? "";
      case "ddd":
        return (DAYS[date.getUTCDay()] ?? "").slice(0, 3);
      case "dd":
        return pad(date.getUTCDate());
      case "d":
        return String(date.getUTCDate());
      case "hh":
        return pad(date.getUTCHours());
      case "h":
        return String(date.getUTCHours());
      case "ss":
        return pad(date.getUTCSeconds());
      default:
        return String(date.getUTCSeconds());
    }
  };
  return tokens.map((t) => (t.literal ? t.text : t.text.replace(DATE_PART, part))).join("");
}

const MONTHS = [
  "januari",
  "februari",
  "mars",
  "april",
  "maj",
  "juni",
  "juli",
  "augusti",
  "september",
  "oktober",
  "november",
  "december",
];
const DAYS = ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"];

/** General: up to 10 significant digits, decimal comma, no grouping, as Swedish Excel. */
export function formatGeneral(value: number): string {
  if (!Number.isFinite(value)) return "#NUM!";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e11 || abs < 1e-9) {
    const [mantissa = "0", exponent = "0"] = value.toExponential(5).split("e");
    const m = mantissa.replace(/\.?0+$/, "").replace(".", ",");
    const e = Number(exponent);
    return `${m}E${e < 0 ? "-" : "+"}${pad(Math.abs(e))}`;
  }
  const digits = Math.max(0, 10 - Math.floor(Math.log10(abs)) - 1);
  const text = formatNumberSv(value, Math.min(digits, 10)).replace(/ /g, "");
  return text.includes(",") ? text.replace(/0+$/, "").replace(/,$/, "") : text;
}

/** A number pattern such as `#,##0.0##` or `0` applied to a non-negative number. */
function formatNumberPattern(value: number, pattern: string): string {
  const dot = pattern.indexOf(".");
  const intPart = dot >= 0 ? pattern.slice(0, dot) : pattern;
  const fracPart = dot >= 0 ? pattern.slice(dot + 1) : "";
  // Trailing commas scale by thousands (`#,##0,` shows thousands).
  const scale = /,+$/.exec(intPart)?.[0].length ?? 0;
  const n = value / 1000 ** scale;
  const grouping = /[#0?],+[#0?]/.test(intPart);
  const minDecimals = (fracPart.match(/0/g) ?? []).length;
  const maxDecimals = (fracPart.match(/[0#?]/g) ?? []).length;
  const minInt = (intPart.match(/0/g) ?? []).length;
  const [rawInt = "", rawFrac = ""] = formatNumberSv(n, maxDecimals).split(",");
  let frac = rawFrac;
  while (frac.length > minDecimals && frac.endsWith("0")) frac = frac.slice(0, -1);
  let int = rawInt.replace(/^-/, "");
  if (!grouping) int = int.replace(/ /g, "");
  if (minInt === 0 && int === "0") int = "";
  else if (minInt > 1) int = int.padStart(minInt, "0");
  return frac ? `${int},${frac}` : int;
}

const NUMBER_PATTERN = /[#0?][#0?,]*(?:\.[#0?]*)?|\.[#0?]+/;

function formatNumberSection(value: number, tokens: readonly Token[]): string {
  const percents = tokens.reduce((n, t) => n + (t.literal ? 0 : (t.text.match(/%/g) ?? []).length), 0);
  const n = value * 100 ** percents;
  let placed = false;
  const strip = (text: string) => text.replace(/[#0?.,@]/g, "");
  return tokens
    .map((t) => {
      if (t.literal) return t.text;
      if (t.text.includes("General")) {
        placed = true;
        return t.text.replace("General", formatGeneral(n));
      }
      const m = placed ? null : NUMBER_PATTERN.exec(t.text);
      if (!m) return strip(t.text);
      placed = true;
      return (
        strip(t.text.slice(0, m.index)) +
        formatNumberPattern(n, m[0]) +
        strip(t.text.slice(m.index + m[0].length))
      );
    })
    .join("");
}

/** The text Excel shows for a value in a cell with this number format (Swedish locale). */
export function formatValue(value: string | number | boolean, numberFormat: string): Shown {
  if (typeof value === "boolean") return { text: value ? "SANT" : "FALSKT", align: "center" };
  const sections = formatSections(numberFormat || "General");
  if (typeof value === "string") {
    // The fourth section (or a lone `@` section) formats text.
    const textSection = sections.length >= 4 ? sections[3] : sections.find((s) => s.includes("@"));
    if (textSection && textSection !== "@") {
      const text = tokenize(textSection)
        .map((t) => (t.literal ? t.text : t.text.replace(/@/g, value)))
        .join("");
      return { text, align: "left" };
    }
    return { text: value, align: "left" };
  }
  if (!Number.isFinite(value)) return { text: "#NUM!", align: "center" };
  const first = sections[0] ?? "General";
  if (/^\s*(general)?\s*$/i.test(first) && sections.length === 1)
    return { text: formatGeneral(value), align: "right" };
  if (first === "@") return { text: formatGeneral(value), align: "left" };
  let section: string;
  let negativeSign = false;
  if (value < 0) {
    if (sections.length >= 2 && (sections[1] ?? "") !== "") section = sections[1] as string;
    else {
      section = first;
      negativeSign = true;
    }
  } else if (value === 0 && sections.length >= 3) section = sections[2] as string;
  else section = first;
  if (/\[[<>=]/.test(section)) return { text: formatGeneral(value), align: "right" };
  const tokens = tokenize(section);
  const magnitude = Math.abs(value);
  if (isDateSection(tokens)) {
    if (value < 0) return { text: "#".repeat(8), align: "right" };
    return { text: formatDate(value, tokens), align: "right" };
  }
  let text = formatNumberSection(magnitude, tokens);
  // A negative number that rounds to zero shows without its sign, as in Excel.
  if (negativeSign && /[1-9]/.test(text)) text = `-${text}`;
  return { text, align: "right" };
}
