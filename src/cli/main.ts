/** The command line: `npx verksamhetsplan <kommando>`. All output in Swedish. */
import { promises as fs } from "node:fs";
import * as nodePath from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { analyzeWorkbook, type Analysis } from "../core/analyze";
import { SEVERITY_LABEL, type Finding } from "../core/findings";
import { consolidateDigests } from "../core/consolidate";
import { buildConsolidatedSummary, buildSummary, type Summary } from "../core/summary";
import { findingCountsText } from "../core/summary/control";
import type { ColumnAddition } from "../core/followup";
import { TableColumnsError } from "../core/port";
import { DOCUMENT_TYPES, isFollowUp, type DocumentType } from "../core/spec";
import { templateContent } from "../core/template";
import { runSaveSettings } from "../core/usecases";
import { unitTemplateContent } from "../core/unit-template";
import { formatNumberSv } from "../core/values";
import { GeneratedTableConflictError, XlsxReadError } from "../xlsx/errors";
import { readXlsxFast } from "../xlsx/fast-read";
import { zlibInflate } from "../xlsx/fast-read-worker";
import { readManyFast, startWorkers } from "../xlsx/pool";
import { SettingsTableError } from "../xlsx/settings";
import { GeneratedSheetConflictError } from "../core/port";

// ExcelJS and the examples' data load on first use, so that a command that does not need them
// (above all `consolidate`, whose time users wait for) starts without them.
const xlsxRead = () => import("../xlsx/read");
const xlsxWrite = () => import("../xlsx/write");
const xlsxGenerated = () => import("../xlsx/generated");
const xlsxPort = () => import("../xlsx/port");
const readXlsxFile = async (file: string) => (await xlsxRead()).readXlsxFile(file);
const writeXlsxFile = async (...args: Parameters<typeof import("../xlsx/write").writeXlsxFile>) =>
  (await xlsxWrite()).writeXlsxFile(...args);
const applyGeneratedSheets = async (
  ...args: Parameters<typeof import("../xlsx/generated").applyGeneratedSheets>
) => (await xlsxGenerated()).applyGeneratedSheets(...args);
const exampleWorkbook = async () => (await import("../example")).exampleWorkbook();
const followupExampleWorkbook = async () => (await import("../example/followup")).followupExampleWorkbook();

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /**
   * The check time shown in Kontroll (`YYYY-MM-DD HH:MM`). Default: the environment variable
   * `VERKSAMHETSPLAN_NOW` if set (for reproducible files), else the local time now.
   */
  readonly checkedAt?: () => string;
  /** Progress of a long read (files done of total); default: a bar on stderr when it is a terminal. */
  readonly progress?: (done: number, total: number) => void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  ...(process.stderr.isTTY ? { progress: terminalProgress } : {}),
};

/** `Läser enhetsfiler [##########··········] 150/300` on one terminal line, redrawn in place. */
function terminalProgress(done: number, total: number): void {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const bar = "#".repeat(filled) + "·".repeat(width - filled);
  process.stderr.write(`\rLäser enhetsfiler [${bar}] ${done}/${total}${done === total ? "\n" : ""}`);
}

/** Thrown for a wrong command line; exit code 2. */
class UsageError extends Error {}

const DOCUMENT_ALIASES: Readonly<Record<string, DocumentType>> = {
  vp: "Verksamhetsplan",
  t1: "Tertialrapport 1",
  t2: "Tertialrapport 2",
  vb: "Verksamhetsberättelse",
};

/** `--document`: a short name (vp, t1, t2, vb) or the Dokument value itself, any case. */
function documentType(value: string | boolean): DocumentType {
  const text = String(value).trim().toLowerCase();
  const found = DOCUMENT_ALIASES[text] ?? DOCUMENT_TYPES.find((d) => d.toLowerCase() === text);
  if (!found)
    throw new UsageError(
      `Okänt dokument ”${String(value)}”. Välj vp, t1, t2 eller vb (${DOCUMENT_TYPES.join(", ")}).`,
    );
  return found;
}

const HELP = `Verksamhetsplan för Excel – kommandorad

Användning:
  verksamhetsplan example -o FIL.xlsx             Skriv exempelarbetsboken (Hägersten-Älvsjö VP 2025)
  verksamhetsplan example --followup -o FIL.xlsx  Skriv uppföljningsexemplet (Resursenheten VB 2021)
  verksamhetsplan template -o FIL.xlsx [--level nämnd|enhet] [--year ÅR] [--document DOK]
                                                  Skriv en tom mall med alla tabeller; DOK är vp
                                                  (standard), t1, t2 eller vb (med utfall, status,
                                                  bedömning och analys)
  verksamhetsplan template --from NÄMND.xlsx --unit "Enhetens namn" -o FIL.xlsx
                                                  Skriv en enhetsmall från nämndens arbetsbok:
                                                  nämndens mål som skyddad referens, dess
                                                  områden och perioder, tomma tabeller
  verksamhetsplan check FIL.xlsx [--json]         Kontrollera en arbetsbok
  verksamhetsplan summarize FIL.xlsx -o UT.xlsx   Skriv arbetsboken med sammanställningarna och
                                                  bladet Kontroll till UT.xlsx (får vara FIL.xlsx)
  verksamhetsplan followup FIL.xlsx --document t1|t2|vb [-o UT.xlsx]
                                                  Gör verksamhetsplanens arbetsbok till en
                                                  tertialrapport eller verksamhetsberättelse:
                                                  sätter Dokument och lägger till de
                                                  uppföljningskolumner som saknas (utan -o skrivs
                                                  FIL.xlsx om)
  verksamhetsplan consolidate NÄMND.xlsx ENHET.xlsx … -o UT.xlsx
                                                  Konsolidera enheternas arbetsböcker i nämndens:
                                                  bladet Enheter, konsoliderad budget och
                                                  sammanställningarna
  verksamhetsplan demo [-o FIL.xlsx]              Skriv exemplet och visa dess kontroll

Slutkoder: 0 = inga fel, 1 = arbetsboken har fel, 2 = filen eller kommandot kan inte användas
(för summarize även: ett eget blad heter som ett genererat blad; då skrivs ingenting).
`;

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "example":
        return await exampleCommand(rest, io);
      case "template":
        return await templateCommand(rest, io);
      case "check":
        return await checkCommand(rest, io);
      case "consolidate":
        return await consolidateCommand(rest, io);
      case "summarize":
        return await summarizeCommand(rest, io);
      case "followup":
        return await followupCommand(rest, io);
      case "demo":
        return await demoCommand(rest, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Okänt kommando ”${command}”.`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${HELP}`);
      return 2;
    }
    if (
      error instanceof XlsxReadError ||
      error instanceof GeneratedSheetConflictError ||
      error instanceof GeneratedTableConflictError ||
      error instanceof TableColumnsError ||
      error instanceof SettingsTableError
    ) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function parse<O extends ParseArgsConfig["options"]>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`Fel i kommandoraden: ${(error as Error).message}`);
  }
}

function outputPath(values: Record<string, unknown>): string {
  const out = values["output"];
  if (typeof out !== "string" || out === "") throw new UsageError("Ange utfil med -o FIL.xlsx.");
  return out;
}

async function exampleCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    output: { type: "string", short: "o" },
    followup: { type: "boolean" },
  });
  const path = outputPath(values);
  if (values.followup) {
    await writeXlsxFile(path, await followupExampleWorkbook());
    io.out(`Uppföljningsexemplet (Resursenheten, Verksamhetsberättelse 2021) skrevs till ${path}.\n`);
    return 0;
  }
  await writeXlsxFile(path, await exampleWorkbook());
  io.out(`Exempelarbetsboken skrevs till ${path}.\n`);
  return 0;
}

async function templateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    output: { type: "string", short: "o" },
    level: { type: "string" },
    year: { type: "string" },
    from: { type: "string" },
    unit: { type: "string" },
    document: { type: "string" },
  });
  const path = outputPath(values);
  if (typeof values.from === "string" || typeof values.unit === "string")
    return unitTemplateCommand(values.from, values.unit, path, io);
  const levelText = (typeof values.level === "string" ? values.level : "nämnd").toLowerCase();
  const level =
    levelText === "nämnd" || levelText === "namnd" ? "Nämnd" : levelText === "enhet" ? "Enhet" : undefined;
  if (!level) throw new UsageError(`Okänd nivå ”${values.level ?? ""}”. Välj nämnd eller enhet.`);
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 1900 && year <= 2200))
    throw new UsageError(`Ogiltigt år ”${values.year ?? ""}”. Skriv till exempel --year 2026.`);
  const document = values.document === undefined ? "Verksamhetsplan" : documentType(values.document);
  await writeXlsxFile(path, templateContent({ level, document, ...(year ? { planYear: year } : {}) }));
  io.out(`En tom mall (${level.toLowerCase()}, ${document.toLowerCase()}) skrevs till ${path}.\n`);
  return 0;
}

async function unitTemplateCommand(
  from: string | boolean | undefined,
  unit: string | boolean | undefined,
  path: string,
  io: Io,
): Promise<number> {
  if (typeof from !== "string" || from === "")
    throw new UsageError("Ange nämndens arbetsbok med --from NÄMND.xlsx.");
  if (typeof unit !== "string" || unit.trim() === "")
    throw new UsageError('Ange enhetens namn med --unit "Enhetens namn".');
  const { plan, findings } = analyzeWorkbook(await readXlsxFile(from));
  const errors = findings.filter((f) => f.severity === "error");
  if (errors.length > 0) {
    io.err(
      `Nämndens arbetsbok ${from} har ${errors.length} fel; rätta dem först (kör check ${from}).\n` +
        formatFindings(from, errors),
    );
    return 1;
  }
  if (plan.settings.level !== "Nämnd") {
    io.err(
      `${from} är en arbetsbok på nivån ${plan.settings.level}; en enhetsmall görs från nämndens arbetsbok.\n`,
    );
    return 2;
  }
  await writeXlsxFile(path, unitTemplateContent(plan, unit.trim()));
  io.out(
    `En enhetsmall för ${unit.trim()} (${plan.settings.organisation}, ${plan.settings.planYear}) skrevs till ${path}.\n`,
  );
  return 0;
}

async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError("Ange vilken arbetsbok som ska kontrolleras: check FIL.xlsx.");
  if (extra.length > 0) throw new UsageError(`Oväntade argument: ${extra.join(" ")}.`);
  const workbook = await readXlsxFile(file);
  const { findings } = analyzeWorkbook(workbook);
  if (values.json) io.out(`${JSON.stringify({ findings: findings.map(jsonFinding) })}\n`);
  else io.out(formatFindings(file, findings));
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}

async function demoCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, { output: { type: "string", short: "o" } });
  const path = typeof values.output === "string" ? values.output : "exempel-hagersten-alvsjo-2025.xlsx";
  await writeXlsxFile(path, await exampleWorkbook());
  io.out(`Exempelarbetsboken (Hägersten-Älvsjö VP 2025) skrevs till ${path}.\n\n`);
  const { findings } = analyzeWorkbook(await readXlsxFile(path));
  io.out(formatFindings(path, findings));
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}

/** `2025-03-01 14:05` in local time. */
export function localTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}`
  );
}

function checkedAt(io: Io): string {
  if (io.checkedAt) return io.checkedAt();
  const fixed = process.env["VERKSAMHETSPLAN_NOW"]?.trim();
  return fixed ? fixed : localTimestamp(new Date());
}

async function summarizeCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { output: { type: "string", short: "o" } });
  const [file, ...extra] = positionals;
  if (!file)
    throw new UsageError("Ange vilken arbetsbok som ska sammanställas: summarize FIL.xlsx -o UT.xlsx.");
  if (extra.length > 0) throw new UsageError(`Oväntade argument: ${extra.join(" ")}.`);
  const path = outputPath(values);
  const bytes = await readInput(file);
  const analysis = analyzeWorkbook(await (await xlsxRead()).readXlsx(bytes, nodePath.basename(file)));
  const summary = buildSummary(analysis, { checkedAt: checkedAt(io) });
  if (!(await writeOutput(path, await applyGeneratedSheets(bytes, summary.sheets), io))) return 2;
  io.out(formatSummary(path, analysis, summary));
  return analysis.findings.some((f) => f.severity === "error") ? 1 : 0;
}

/** `a, b och c`. */
function joinSv(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} och ${items.at(-1) ?? ""}`;
}

/** What followup says about the columns it added. */
export function columnsAddedText(additions: readonly ColumnAddition[]): string {
  if (additions.length === 0) return "Alla uppföljningskolumner fanns redan; inga kolumner lades till.";
  return `Uppföljningskolumner lades till: ${additions.map((a) => `${a.table} (${joinSv(a.headers)})`).join("; ")}. Inga befintliga data ändrades.`;
}

/**
 * `followup FIL.xlsx --document t1|t2|vb [-o UT.xlsx]`: sets Dokument and appends the follow-up
 * columns the plan's tables lack (runSaveSettings, as the pane's Inställningar does), editing the
 * package directly. Writes UT.xlsx, or FIL.xlsx itself, atomically; a refusal writes nothing.
 */
async function followupCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    output: { type: "string", short: "o" },
    document: { type: "string" },
  });
  const [file, ...extra] = positionals;
  if (!file)
    throw new UsageError(
      "Ange vilken arbetsbok som ska följas upp: followup FIL.xlsx --document t1|t2|vb [-o UT.xlsx].",
    );
  if (extra.length > 0) throw new UsageError(`Oväntade argument: ${extra.join(" ")}.`);
  if (values.document === undefined)
    throw new UsageError("Ange vilket uppföljningsdokument det gäller med --document t1, t2 eller vb.");
  const document = documentType(values.document);
  if (!isFollowUp(document))
    throw new UsageError(
      "followup gör en arbetsbok till ett uppföljningsdokument: välj t1, t2 eller vb (för en verksamhetsplan, ändra Dokument under Inställningar).",
    );
  if (values.output === "") throw new UsageError("Ange utfil med -o UT.xlsx (eller utelämna -o).");
  const path = typeof values.output === "string" ? values.output : file;
  const { XlsxWorkbookPort } = await xlsxPort();
  const port = new XlsxWorkbookPort(await readInput(file), nodePath.basename(file));
  const added = await runSaveSettings(port, new Map([["Dokument", document]]));
  if (!(await writeOutput(path, port.file, io))) return 2;
  io.out(`Dokument är nu ${document} i ${path}.\n${columnsAddedText(added)}\n`);
  return 0;
}

/** The bytes of an input file; a file that cannot be read gets readXlsxFile's Swedish message. */
async function readInput(file: string): Promise<Buffer> {
  return fs.readFile(file).catch(async (error: unknown) => {
    await readXlsxFile(file);
    throw error;
  });
}

/** Writes OUT atomically; says why and returns false when it cannot. */
async function writeOutput(path: string, bytes: Buffer, io: Io): Promise<boolean> {
  try {
    await (await xlsxWrite()).writeFileAtomically(path, bytes);
    return true;
  } catch (error) {
    io.err(`Kunde inte skriva ${path}: ${(error as Error).message}\n`);
    return false;
  }
}

async function consolidateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { output: { type: "string", short: "o" } });
  const [file, ...unitPaths] = positionals;
  if (!file || unitPaths.length === 0)
    throw new UsageError(
      "Ange nämndens arbetsbok och minst en enhetsfil: consolidate NÄMND.xlsx ENHET.xlsx … -o UT.xlsx.",
    );
  const path = outputPath(values);
  // The workers load the reader and the core while the nämnd's workbook is read here.
  startWorkers();
  const bytes = await readInput(file);
  const board = analyzeWorkbook(
    readXlsxFast(bytes, { fileName: nodePath.basename(file), inflate: zlibInflate }),
  );
  if (board.plan.settings.level !== "Nämnd") {
    io.err(
      `${file} är en arbetsbok på nivån ${board.plan.settings.level}; konsolidering görs i nämndens arbetsbok.\n`,
    );
    return 2;
  }
  // Each unit's file is read and checked on the worker threads; only its digest comes back.
  const units = await readManyFast(unitPaths, {
    digest: true,
    ...(io.progress ? { onProgress: io.progress } : {}),
  });
  const consolidation = consolidateDigests(
    board,
    units.map((r) => r.digest),
  );
  const summary = buildConsolidatedSummary(consolidation, { checkedAt: checkedAt(io) });
  if (!(await writeOutput(path, await applyGeneratedSheets(bytes, summary.sheets), io))) return 2;
  const included = consolidation.units.filter((u) => u.included).length;
  const lines = [
    `${included} av ${units.length} enhetsfiler konsoliderades.`,
    ...consolidation.units
      .filter((u) => !u.included)
      .map((u) => `  Överhoppad: ${u.file}: ${u.reason ?? ""}`),
  ];
  io.out(
    `${lines.join("\n")}\n${formatSummary(path, { plan: consolidation.plan, findings: consolidation.findings }, summary)}`,
  );
  return consolidation.findings.some((f) => f.severity === "error") ? 1 : 0;
}

/** The net table's total for the plan period, e.g. `Totalt VP 2025: 3 224,7 mnkr`. */
function planTotal(analysis: Analysis, summary: Summary): string | undefined {
  const period = analysis.plan.periods.find((p) => p.isPlanPeriod);
  const net = summary.economy.tables.find((t) => t.kind === "net");
  const column = period && net ? net.headers.indexOf(period.title) : -1;
  const total = net?.rows.filter((r) => r.style === "total").at(-1);
  const value = total?.values[column];
  if (!period || !total || value === undefined) return undefined;
  const { decimals, summaryUnit } = analysis.plan.settings;
  return `${total.label} ${period.title}: ${formatNumberSv(value, decimals)} ${summaryUnit}`;
}

const MAX_LISTED_ERRORS = 10;

export function formatSummary(path: string, analysis: Analysis, summary: Summary): string {
  const lines = [
    `Sammanställningen skrevs till ${path}.`,
    `Genererade blad: ${summary.sheets.map((s) => s.name).join(", ")}.`,
    `Kontroll: ${findingCountsText(analysis.findings)} (se bladet Kontroll).`,
  ];
  const total = planTotal(analysis, summary);
  if (total) lines.push(total);
  const errors = analysis.findings.filter((f) => f.severity === "error");
  if (errors.length > 0) {
    lines.push("", "Fel:");
    for (const f of errors.slice(0, MAX_LISTED_ERRORS)) {
      const where = f.sheet ? `${f.sheet}${f.cell ? `!${f.cell}` : ""}: ` : "";
      lines.push(`  ${where}${f.message} [${f.code}]`);
    }
    if (errors.length > MAX_LISTED_ERRORS)
      lines.push(`  … och ${errors.length - MAX_LISTED_ERRORS} fel till (se bladet Kontroll).`);
  }
  return `${lines.join("\n")}\n`;
}

function jsonFinding(f: Finding) {
  return {
    severity: f.severity,
    code: f.code,
    message: f.message,
    sheet: f.sheet ?? null,
    cell: f.cell ?? null,
  };
}

/** Findings grouped by sheet, for people. */
export function formatFindings(file: string, findings: readonly Finding[]): string {
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  const lines = [
    `Kontroll av ${file}: ${count("error")} fel, ${count("warning")} varningar, ${count("info")} info.`,
  ];
  const bySheet = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.sheet ?? "(arbetsboken)";
    bySheet.set(key, [...(bySheet.get(key) ?? []), f]);
  }
  for (const [sheet, list] of [...bySheet].sort(([a], [b]) => a.localeCompare(b, "sv"))) {
    lines.push("", sheet);
    for (const f of list) {
      const where = f.cell ? `${f.cell}`.padEnd(7) : "".padEnd(7);
      lines.push(`  ${SEVERITY_LABEL[f.severity].padEnd(8)} ${where} ${f.message} [${f.code}]`);
    }
  }
  if (findings.length === 0) lines.push("Inga anmärkningar.");
  return `${lines.join("\n")}\n`;
}
