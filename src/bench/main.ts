/**
 * `npm run bench`: each benchmark runs in its own Node process (so peak memory is its own) and
 * prints one JSON object per line: {"name":…,"value":…,"unit":…}.
 */
import { execFileSync } from "node:child_process";
import { analyzeWorkbook } from "../core/analyze";
import { contentToNeutral } from "../core/layout";
import { buildSummary } from "../core/summary";
import { officeBenchMetrics } from "../office/bench";
import { consolidateBench } from "./consolidate";
import { paneBenchMetrics } from "./pane";
import { syntheticContent } from "./synthetic";

interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

type Bench = () => Metric[] | Promise<Metric[]>;

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const peakMb = () => round(process.resourceUsage().maxRSS / 1024);

/** Best of `runs` timings in ms after one warm-up run. */
function timeBest(runs: number, fn: () => void): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const BENCHES: Record<string, Bench> = {
  "core.read_check.50k": () => {
    const workbook = contentToNeutral(syntheticContent({ budgetLines: 50_000, indicators: 20_000 }));
    let problems: string[] = [];
    const ms = timeBest(3, () => {
      // Rounding notes (info) are expected on random amounts; anything else is a bug in the bench.
      problems = analyzeWorkbook(workbook)
        .findings.filter((f) => f.severity !== "info")
        .map((f) => f.message);
    });
    if (problems.length > 0)
      throw new Error(`Den syntetiska arbetsboken gav anmärkningar: ${problems.slice(0, 3).join("; ")}`);
    return [
      { name: "core.read_check.50k.ms", value: round(ms), unit: "ms" },
      { name: "core.read_check.50k.peak_mb", value: peakMb(), unit: "MB" },
    ];
  },
  "core.summarize.50k": () => {
    const analysis = analyzeWorkbook(
      contentToNeutral(syntheticContent({ budgetLines: 50_000, indicators: 20_000 })),
    );
    let rows = 0;
    const ms = timeBest(3, () => {
      rows = buildSummary(analysis).sheets.reduce((n, s) => n + s.rows.length, 0);
    });
    if (rows < 20_000) throw new Error(`Sammanställningen blev för liten: ${rows} rader`);
    return [{ name: "core.summarize.50k.ms", value: round(ms), unit: "ms" }];
  },
  "addin.syncs": () => officeBenchMetrics(),
  "consolidate.300": () => consolidateBench(),
  pane: () => paneBenchMetrics(),
};

async function runOne(name: string): Promise<void> {
  const bench = BENCHES[name];
  if (!bench) throw new Error(`Okänd mätning ${name}`);
  const metrics = await bench();
  process.stdout.write(`${JSON.stringify(metrics)}\n`);
}

export async function main(argv: readonly string[]): Promise<void> {
  const [mode, name] = argv;
  if (mode === "--one" && name) return runOne(name);
  const only = argv.filter((a) => !a.startsWith("-"));
  for (const bench of Object.keys(BENCHES)) {
    if (only.length > 0 && !only.some((o) => bench.startsWith(o))) continue;
    const output = execFileSync(process.execPath, ["--expose-gc", __filename, "--one", bench], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const metrics = JSON.parse(output.trim().split("\n").pop() ?? "[]") as Metric[];
    for (const m of metrics) process.stdout.write(`${JSON.stringify(m)}\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
