/**
 * Benchmark `consolidate.300`: a controller consolidates 300 unit workbooks into the nämnd's plan.
 *
 * (a) 300 realistic unit workbooks and the nämnd's own are written to a temporary folder, in
 *     child processes (not timed, and so ExcelJS's memory does not count in this process's peak).
 * (b) `consolidate.300.cold_ms`: the first consolidation in a fresh Node process, as the command
 *     line's `consolidate` does it: consolidate-cold.ts, run 3 times, best reported. Timed from
 *     the process's start (`performance.now()`, Node's own start included) until the
 *     consolidation is done: the worker threads started first (`startWorkers`), loading the
 *     consolidation's modules (reader, pool, core, zod; ExcelJS is not among them) meanwhile,
 *     then everything of (c), with new workers and no JIT. Not timed: the process's exit.
 * (c) `consolidate.300.ms`: timed in this process (modules loaded), best of 3 runs, each
 *     `consolidateFiles` (consolidate-run.ts) from the call until the sums are done: the units'
 *     files read from disk and digested (`digestUnit` in src/core/consolidate.ts: read and
 *     checked, only what the merge needs kept) on worker threads and on this thread, which reads
 *     the nämnd's own workbook first; then the merge (`consolidateDigests`: the units' budget lines
 *     mapped onto the nämnd's areas and periods) and the budget summed per area and period. The
 *     first run starts new worker threads (after (b), so in a process that has not consolidated
 *     before); the 2nd and 3rd get the workers the previous run left idle, warm, as a second
 *     consolidation in the same process would. Every run's wall time and CPU time (all threads)
 *     are logged. `peak_mb`: the process's peak RSS after the first run (the workers share it).
 *     Not timed: what the command line does besides, i.e. its own module loading (ExcelJS),
 *     the summary sheets and writing the output file.
 * (d) the same sums by a plain openpyxl script (scripts/openpyxl-consolidate.py) with Debian's
 *     /usr/bin/python3, timed as a whole process from here; the two sets of sums must agree.
 *     `ratio_vs_openpyxl` = openpyxl's best of 2 / (c).
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as nodePath from "node:path";
import { analyzeWorkbook } from "../core/analyze";
import { digestUnit } from "../core/consolidate";
import type { WorkbookContent } from "../core/content";
import type { CellValue, NeutralWorkbook } from "../core/sheet";
import { readXlsxFast } from "../xlsx/fast-read";
import { zlibInflate } from "../xlsx/fast-read-worker";
import { writeXlsx } from "../xlsx/write";
import type { ColdRun } from "./consolidate-cold";
import { consolidateFiles, type Sums } from "./consolidate-run";
import { syntheticContent } from "./synthetic";

interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

export const UNITS = 300;
const BOARD = "Syntetiska nämnden";
const PYTHON = "/usr/bin/python3";
const SCRIPT = nodePath.resolve(__dirname, "../../scripts/openpyxl-consolidate.py");
const COLD = nodePath.join(__dirname, "consolidate-cold.js");

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** The nämnd's own plan: the synthetic generator's 20 areas (with sub-areas), 10 nämndmål. */
export function boardContent(): WorkbookContent {
  return syntheticContent({ budgetLines: 60, indicators: 40, activities: 40, goals: 10 });
}

/** A small deterministic generator per unit. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Unit `n`'s plan: Nivå Enhet under the nämnd, 30 budget lines on the nämnd's areas over the
 * synthetic generator's 5 periods, 20 goals (KF's goals, the nämnd's nämndmål, 8 Enhetsmål),
 * 40 indicators and 40 activities.
 */
export function unitContent(n: number): WorkbookContent {
  const base = syntheticContent({ budgetLines: 30, indicators: 40, activities: 40, goals: 10 });
  const rnd = random(1000 + n);
  const tables = base.tables.map((table) => {
    switch (table.table) {
      case "Budget": {
        const rows = table.rows.map((row, i) => {
          const cost = i % 2 === 0;
          const amounts = row
            .slice(3)
            .map(() => Math.round((cost ? 1 : -0.2) * (500 + rnd() * 20_000)) + (i % 7 === 0 ? 0.5 : 0));
          return [...row.slice(0, 3), ...amounts];
        });
        return { ...table, rows };
      }
      case "Mal": {
        const unitGoals: CellValue[][] = Array.from({ length: 8 }, (_, k) => [
          `E-${k + 1}`,
          "Enhetsmål",
          `N-${k}`,
          `Enhetsmål ${k + 1} för enhet ${n}`,
          `O${k}`,
          null,
          "Så når enheten målet",
          null,
        ]);
        return { ...table, rows: [...table.rows, ...unitGoals] };
      }
      default:
        return table;
    }
  });
  const budget = tables.find((t) => t.table === "Budget");
  const net = (budget?.rows ?? []).reduce((sum, row) => sum + (typeof row[3] === "number" ? row[3] : 0), 0);
  return {
    tables: tables.map((table) =>
      table.table === "Installningar"
        ? {
            ...table,
            rows: [
              ["Organisation", `Enhet ${n}`],
              ["Nivå", "Enhet"],
              ["Överordnad organisation", BOARD],
              ["Planår", 2025],
              ["Dokument", "Verksamhetsplan"],
              ["Beloppsenhet i indata", "tkr"],
              ["Beloppsenhet i sammanställning", "tkr"],
              ["Decimaler i sammanställning", 0],
              ["Budgetram netto", net],
            ],
          }
        : table,
    ),
  };
}

export const unitFile = (dir: string, n: number) =>
  nodePath.join(dir, `enhet-${String(n).padStart(3, "0")}.xlsx`);
export const boardFile = (dir: string) => nodePath.join(dir, "namnd.xlsx");

/** Writes units [from, to) (and the nämnd's workbook when from is 1) into `dir`. */
async function generate(dir: string, from: number, to: number): Promise<void> {
  if (from === 1) await fs.writeFile(boardFile(dir), await writeXlsx(boardContent()));
  for (let n = from; n < to; n++) await fs.writeFile(unitFile(dir, n), await writeXlsx(unitContent(n)));
}

/** Generates the workbooks in child processes, one per core. */
async function generateAll(dir: string, units: number): Promise<void> {
  const processes = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4));
  const step = Math.ceil(units / processes);
  const jobs: Promise<void>[] = [];
  for (let from = 1; from <= units; from += step) {
    const to = Math.min(units + 1, from + step);
    jobs.push(
      new Promise<void>((resolve, reject) => {
        execFile(process.execPath, [__filename, "--generate", dir, String(from), String(to)], (error) =>
          error ? reject(error) : resolve(),
        );
      }),
    );
  }
  await Promise.all(jobs);
}

/** The first consolidation in a fresh process (consolidate-cold.ts). */
function coldRun(board: string, units: readonly string[]): Promise<ColdRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [COLD, board, ...units],
      { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error) return reject(error);
        try {
          resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "") as ColdRun);
        } catch (parseError) {
          reject(parseError as Error);
        }
      },
    );
  });
}

function sameSums(ours: Sums, theirs: Sums): string[] {
  const problems: string[] = [];
  const areas = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
  for (const area of areas) {
    const a = ours[area] ?? {};
    const b = theirs[area] ?? {};
    for (const title of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = a[title];
      const y = b[title];
      if (x === undefined || y === undefined || Math.abs(x - y) > 1e-6 * Math.max(1, Math.abs(x)))
        problems.push(`${area} ${title}: ${x} mot ${y}`);
    }
  }
  return problems;
}

function hasOpenpyxl(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", "import openpyxl"], { stdio: "ignore" }).status === 0;
}

function runPython(units: readonly string[]): { seconds: number; sums: Sums } {
  const t0 = performance.now();
  const run = spawnSync(PYTHON, [SCRIPT, ...units], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`openpyxl-skriptet misslyckades: ${run.stderr}`);
  return { seconds, sums: JSON.parse(run.stdout) as Sums };
}

const log = (text: string) => process.stderr.write(`consolidate.${UNITS}: ${text}\n`);

export async function consolidateBench(units = UNITS): Promise<Metric[]> {
  const dir = await fs.mkdtemp(nodePath.join(os.tmpdir(), "vp-consolidate-"));
  try {
    const g0 = performance.now();
    await generateAll(dir, units);
    log(`${units} enheter skrivna på ${round((performance.now() - g0) / 1000)} s (mäts inte)`);
    const board = boardFile(dir);
    const paths = Array.from({ length: units }, (_, i) => unitFile(dir, i + 1));

    // Cold: a fresh process each time; before this process has consolidated (its peak is ours).
    let cold = Infinity;
    const colds: string[] = [];
    for (let run = 0; run < 3; run++) {
      const result = await coldRun(board, paths);
      if (result.included !== units || result.errors > 0)
        throw new Error(
          `Kalla körningen tog med ${result.included} av ${units} enheter, ${result.errors} fel`,
        );
      cold = Math.min(cold, result.doneMs);
      colds.push(
        `${round(result.doneMs)} ms (Node ${round(result.bootMs)} ms, moduler ${round(result.loadedMs - result.bootMs)} ms, CPU ${round(result.cpuMs)} ms, topp ${round(result.peakMb)} MB)`,
      );
    }
    log(`kalla körningar i ny process: ${colds.join(", ")}`);

    // Timed: best of three runs (the first starts new workers; see (c)); peak RSS after the first.
    let best = Infinity;
    let bestRead = Infinity;
    let peakMb = 0;
    let sums: Sums = {};
    const runs: string[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const result = await consolidateFiles(board, paths);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      if (run === 0) peakMb = round(process.resourceUsage().maxRSS / 1024);
      if (result.included !== units || result.errors > 0)
        throw new Error(
          `Sammanställningen tog med ${result.included} av ${units} enheter, ${result.errors} fel`,
        );
      // CPU time of all threads: what the run costs whatever else the machine is doing.
      const cpuMs = (cpu.user + cpu.system) / 1000;
      runs.push(
        `${round(ms)} ms (läsning och sammandrag ${round(result.readMs)} ms, sammanslagning ${round(result.mergeMs)} ms, CPU ${round(cpuMs)} ms)`,
      );
      best = Math.min(best, ms);
      bestRead = Math.min(bestRead, result.readMs);
      sums = result.sums;
    }
    log(`körningar: ${runs.join(", ")}`);

    // Where the time goes, in this thread (warm): reading one file (zlib, as the pool), reading
    // and checking one unit (as `check` does), digesting it (as the consolidation does).
    const one = await fs.readFile(paths[0] ?? board);
    const r0 = performance.now();
    let workbook: NeutralWorkbook | undefined;
    for (let i = 0; i < 50; i++) workbook = readXlsxFast(one, { inflate: zlibInflate });
    const readOne = (performance.now() - r0) / 50;
    const a0 = performance.now();
    for (let i = 0; i < 50; i++) if (workbook) analyzeWorkbook(workbook);
    const analyzeOne = (performance.now() - a0) / 50;
    const d0 = performance.now();
    for (let i = 0; i < 50; i++) if (workbook) digestUnit({ file: "enhet.xlsx", workbook });
    const digestOne = (performance.now() - d0) / 50;
    log(
      `per fil i en tråd: läsning ${round(readOne, 2)} ms, läsa in och kontrollera planen ${round(analyzeOne, 2)} ms, sammandrag ${round(digestOne, 2)} ms`,
    );

    const metrics: Metric[] = [
      { name: `consolidate.${units}.ms`, value: round(best), unit: "ms" },
      { name: `consolidate.${units}.cold_ms`, value: round(cold), unit: "ms" },
      { name: `consolidate.${units}.read_ms`, value: round(bestRead), unit: "ms" },
      { name: `consolidate.${units}.peak_mb`, value: peakMb, unit: "MB" },
    ];
    if (!hasOpenpyxl()) {
      log(`${PYTHON} saknar openpyxl (apt-get install python3-openpyxl): ingen jämförelse`);
      return metrics;
    }
    let python = Infinity;
    for (let run = 0; run < 2; run++) {
      const result = runPython(paths);
      python = Math.min(python, result.seconds);
      const problems = sameSums(sums, result.sums);
      if (problems.length > 0)
        throw new Error(`openpyxl och vi summerar olika: ${problems.slice(0, 5).join("; ")}`);
    }
    log(`openpyxl: ${round(python, 2)} s, samma summor för ${Object.keys(sums).length} områden`);
    metrics.push({
      name: `consolidate.${units}.ratio_vs_openpyxl`,
      value: round(python / (best / 1000), 2),
      unit: "x",
    });
    return metrics;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [mode, dir, from, to] = process.argv.slice(2);
  const job =
    mode === "--generate" && dir
      ? generate(dir, Number(from), Number(to))
      : consolidateBench(mode ? Number(mode) : UNITS).then((metrics) => {
          for (const m of metrics) process.stdout.write(`${JSON.stringify(m)}\n`);
        });
  job.catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
