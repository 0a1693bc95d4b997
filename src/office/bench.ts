/**
 * Benchmarks of the Office.js adapter over the fake workbook: `context.sync()` calls per command
 * (the expensive round trip in Excel, above all on the web) for small and large workbooks, and the
 * largest request when summarizing a very large one (Excel on the web refuses requests over 5 MB).
 */
import { syntheticContent } from "../bench/synthetic";
import { runSummary } from "../core/usecases";
import { FakeExcel } from "../fake-excel";
import { OfficeWorkbookPort } from "./adapter";
import { ALL_REQUIREMENTS } from "./requirements";

export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

interface Measured {
  readonly readSyncs: number;
  readonly summarizeSyncs: number;
  readonly maxRequestBytes: number;
}

/** A fake workbook of synthetic content: `budgetLines` rows and one indicator per five rows. */
export function benchWorkbook(budgetLines: number): FakeExcel {
  return FakeExcel.fromContent(
    syntheticContent({ budgetLines, indicators: Math.max(2, Math.round(budgetLines / 5)) }),
  );
}

export async function measureCommands(budgetLines: number): Promise<Measured> {
  const fake = benchWorkbook(budgetLines);
  const port = new OfficeWorkbookPort(fake.runner, { requirements: ALL_REQUIREMENTS, log: () => {} });
  fake.resetStats();
  await port.readWorkbook();
  const readSyncs = fake.syncCount;
  fake.resetStats();
  await runSummary(port, { checkedAt: "2025-01-31 14:05" });
  return { readSyncs, summarizeSyncs: fake.syncCount, maxRequestBytes: fake.maxRequestBytes };
}

const MB = 1024 * 1024;

export async function officeBenchMetrics(): Promise<Metric[]> {
  const small = await measureCommands(10);
  const large = await measureCommands(10_000);
  const huge = await measureCommands(100_000);
  return [
    { name: "addin.syncs.read.10", value: small.readSyncs, unit: "syncs" },
    { name: "addin.syncs.read.10000", value: large.readSyncs, unit: "syncs" },
    { name: "addin.syncs.summarize.10", value: small.summarizeSyncs, unit: "syncs" },
    { name: "addin.syncs.summarize.10000", value: large.summarizeSyncs, unit: "syncs" },
    {
      name: "addin.max_request_mb.100000",
      value: Math.round((huge.maxRequestBytes / MB) * 100) / 100,
      unit: "MB",
    },
  ];
}
