/** The command line: `npx verksamhetsplan <kommando>`. All output in Swedish. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { analyzeWorkbook } from "../core/analyze";
import { SEVERITY_LABEL, type Finding } from "../core/findings";
import { templateContent } from "../core/template";
import { exampleWorkbook } from "../example";
import { readXlsxFile, XlsxReadError } from "../xlsx/read";
import { writeXlsxFile } from "../xlsx/write";

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Thrown for a wrong command line; exit code 2. */
class UsageError extends Error {}

const HELP = `Verksamhetsplan för Excel – kommandorad

Användning:
  verksamhetsplan example -o FIL.xlsx             Skriv exempelarbetsboken (Hägersten-Älvsjö VP 2025)
  verksamhetsplan template -o FIL.xlsx [--level nämnd|enhet] [--year ÅR]
                                                  Skriv en tom mall med alla tabeller
  verksamhetsplan check FIL.xlsx [--json]         Kontrollera en arbetsbok
  verksamhetsplan demo [-o FIL.xlsx]              Skriv exemplet och visa dess kontroll

Slutkoder: 0 = inga fel, 1 = arbetsboken har fel, 2 = filen eller kommandot kan inte användas.
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
    if (error instanceof XlsxReadError) {
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
  const { values } = parse(args, { output: { type: "string", short: "o" } });
  const path = outputPath(values);
  await writeXlsxFile(path, exampleWorkbook());
  io.out(`Exempelarbetsboken skrevs till ${path}.\n`);
  return 0;
}

async function templateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    output: { type: "string", short: "o" },
    level: { type: "string" },
    year: { type: "string" },
  });
  const path = outputPath(values);
  const levelText = (typeof values.level === "string" ? values.level : "nämnd").toLowerCase();
  const level =
    levelText === "nämnd" || levelText === "namnd" ? "Nämnd" : levelText === "enhet" ? "Enhet" : undefined;
  if (!level) throw new UsageError(`Okänd nivå ”${values.level ?? ""}”. Välj nämnd eller enhet.`);
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 1900 && year <= 2200))
    throw new UsageError(`Ogiltigt år ”${values.year ?? ""}”. Skriv till exempel --year 2026.`);
  await writeXlsxFile(path, templateContent({ level, ...(year ? { planYear: year } : {}) }));
  io.out(`En tom mall (${level.toLowerCase()}) skrevs till ${path}.\n`);
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
  await writeXlsxFile(path, exampleWorkbook());
  io.out(`Exempelarbetsboken (Hägersten-Älvsjö VP 2025) skrevs till ${path}.\n\n`);
  const { findings } = analyzeWorkbook(await readXlsxFile(path));
  io.out(formatFindings(path, findings));
  return findings.some((f) => f.severity === "error") ? 1 : 0;
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
