/**
 * One consolidation of unit files into the nämnd's workbook, as benchmark `consolidate.300` times
 * it (see consolidate.ts); consolidate-cold.ts runs it once in a fresh process.
 *
 * This module loads only what a consolidation needs (the fast reader, the worker pool and the
 * core; not ExcelJS), so that the cold run's module loading is the consolidation's own.
 */
import { promises as fs } from "node:fs";
import { analyzeWorkbook, type Analysis } from "../core/analyze";
import { consolidateDigests } from "../core/consolidate";
import { readXlsxFast } from "../xlsx/fast-read";
import { zlibInflate } from "../xlsx/fast-read-worker";
import { readManyFast } from "../xlsx/pool";

/** Sums per area code and period title. */
export type Sums = Record<string, Record<string, number>>;

export interface ConsolidateRun {
  readonly sums: Sums;
  /** From the start until every unit's digest and the nämnd's analysis are in. */
  readonly readMs: number;
  /** The merge and the sums. */
  readonly mergeMs: number;
  readonly included: number;
  readonly errors: number;
}

/**
 * Our consolidation, everything a user waits for once the modules are loaded: the units' files
 * read and checked into digests (`readManyFast` with its defaults: worker threads beside this
 * thread, which reads files too; new workers, or those a previous call left idle), the nämnd's
 * own workbook read and checked in this thread meanwhile, then the digests merged
 * (`consolidateDigests`) and the consolidated budget summed per area and period.
 */
export async function consolidateFiles(board: string, units: readonly string[]): Promise<ConsolidateRun> {
  const t0 = performance.now();
  const digesting = readManyFast(units, { digest: true });
  let own: Analysis;
  try {
    own = analyzeWorkbook(readXlsxFast(await fs.readFile(board), { inflate: zlibInflate }));
  } catch (error) {
    await digesting.catch(() => undefined);
    throw new Error(`Nämndens arbetsbok kunde inte läsas: ${(error as Error).message}`);
  }
  const results = await digesting;
  const t1 = performance.now();
  const result = consolidateDigests(
    own,
    results.map((r) => r.digest),
  );
  const titles = result.plan.periods.map((p) => p.title);
  const sums: Sums = {};
  for (const line of result.budget) {
    if (line.unit === result.plan.settings.organisation) continue;
    const perArea = (sums[line.area] ??= {});
    line.amounts.forEach((amount, p) => {
      const title = titles[p];
      if (amount === null || title === undefined) return;
      perArea[title] = (perArea[title] ?? 0) + amount;
    });
  }
  const included = result.units.filter((u) => u.included).length;
  const errors = result.findings.filter((f) => f.severity === "error").length;
  return { sums, readMs: t1 - t0, mergeMs: performance.now() - t1, included, errors };
}
