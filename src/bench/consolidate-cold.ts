/**
 * The cold run of benchmark `consolidate.300` (see consolidate.ts): `node consolidate-cold.js
 * BOARD UNIT…` consolidates once in this fresh process, as the command line's `consolidate` does,
 * and prints one JSON line ({@link ColdRun}). Nothing is loaded before the first line below but
 * Node itself: the consolidation's modules are loaded after it, and counted. As the command line
 * should, it starts the worker threads first (`startWorkers`: the pool's module needs neither
 * the reader nor the core), so that they load those while this thread does.
 */
const bootMs = performance.now();

/** What the cold run prints. Times in ms from this process's start (`performance.now()`). */
export interface ColdRun {
  /** Node's own start, until this module's first line. */
  readonly bootMs: number;
  /** When the consolidation's modules (reader, pool, core, zod) were loaded. */
  readonly loadedMs: number;
  /** When the consolidation was done: the whole cold run but the process's exit. */
  readonly doneMs: number;
  /** CPU time of all the process's threads until then, ms. */
  readonly cpuMs: number;
  /** The process's peak RSS until then (the workers share it), MB. */
  readonly peakMb: number;
  readonly included: number;
  readonly errors: number;
}

async function coldRun(board: string, units: readonly string[]): Promise<ColdRun> {
  const { startWorkers } = await import("../xlsx/pool");
  startWorkers();
  const { consolidateFiles } = await import("./consolidate-run");
  const loadedMs = performance.now();
  const result = await consolidateFiles(board, units);
  const doneMs = performance.now();
  const cpu = process.cpuUsage();
  return {
    bootMs,
    loadedMs,
    doneMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakMb: process.resourceUsage().maxRSS / 1024,
    included: result.included,
    errors: result.errors,
  };
}

if (require.main === module) {
  const [board, ...units] = process.argv.slice(2);
  if (!board) throw new Error("Användning: consolidate-cold.js NÄMND.xlsx ENHET.xlsx …");
  coldRun(board, units).then(
    (run) => process.stdout.write(`${JSON.stringify(run)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
