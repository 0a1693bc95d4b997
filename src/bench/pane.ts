/**
 * The task pane's load: how much JavaScript it fetches before its first render, and how long the
 * first render takes in headless Chromium.
 *
 * - `pane.initial_js_gzip_kb`: the add-in's production build (webpack) is made in a temporary
 *   folder; every script taskpane.html loads before it renders (its `<script src>` tags: office.js
 *   and the pane's entry; chunks loaded later with dynamic imports do not count) is gzipped with
 *   zlib and the sizes are summed. Target: at most 250 kB.
 * - `pane.first_render_ms`: the browser version of the same pane (preview.html: src/taskpane's App
 *   over the fake workbook, served over http on this machine) is loaded 5 times, each in a fresh
 *   browser context (nothing cached); each time the `vp-first-render` performance mark, set when
 *   the pane and the viewer beside it have rendered, is read relative to the navigation's start.
 *   The median is reported (after one uncounted load that starts the browser's renderer). Target: at most 1000 ms. (In Excel the pane also waits for Office's
 *   handshake, which no browser here can measure.)
 *
 * Needs Chromium (`apt-get install chromium`); without it only the size is reported.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { loadScripts, type BrowserModule } from "./scripts";

interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const LOADS = 5;

/** The project folder (the one with package.json), from src/bench or dist/bench. */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("package.json hittades inte");
    dir = up;
  }
  return dir;
}

/** The scripts a page loads before it runs: its `<script src>` tags (not `async` ones). */
export function initialScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attrs = m[1] ?? "";
    if (/\basync\b/i.test(attrs)) continue;
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
    const file = src?.[1] ?? src?.[2] ?? src?.[3];
    if (file) scripts.push(file);
  }
  return scripts;
}

/** Gzipped size in kB of the scripts `page` (an HTML file in `dir`) loads before its first render. */
export function initialJsGzipKb(dir: string, page: string): number {
  const html = fs.readFileSync(path.join(dir, page), "utf8");
  const scripts = initialScripts(html);
  if (scripts.length === 0) throw new Error(`${page} laddar inga skript`);
  let bytes = 0;
  for (const src of scripts) {
    const file = path.join(dir, src.replace(/^\.?\//, "").split(/[?#]/)[0] ?? "");
    bytes += gzipSync(fs.readFileSync(file)).length;
  }
  return Math.round((bytes / 1024) * 10) / 10;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Milliseconds from navigation start to the pane's first render, median of {@link LOADS} loads. */
async function firstRenderMs(browserModule: BrowserModule, url: string): Promise<number> {
  const chromium = await browserModule.launchChromium();
  try {
    const times: number[] = [];
    // One load first that does not count: it pays for starting the browser's renderer.
    for (let i = -1; i < LOADS; i++) {
      const context = await chromium.newContext();
      try {
        const page = await context.newPage();
        await page.goto(url);
        const mark = await page.waitForFunction(() => {
          const entry = performance.getEntriesByName("vp-first-render")[0];
          return entry ? entry.startTime : false;
        });
        if (i >= 0) times.push(Number(await mark.jsonValue()));
      } finally {
        await context.close();
      }
    }
    return Math.round(median(times));
  } finally {
    await chromium.close();
  }
}

export async function paneBenchMetrics(): Promise<Metric[]> {
  const root = projectRoot();
  const { start, chromium: browserModule } = loadScripts(root);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "vp-pane-bench-"));
  try {
    await start.buildPages({ outDir: out, preview: false, quiet: true });
    const metrics: Metric[] = [
      { name: "pane.initial_js_gzip_kb", value: initialJsGzipKb(out, "taskpane.html"), unit: "kB" },
    ];
    if (!browserModule.chromiumPath()) {
      process.stderr.write("pane.first_render_ms mäts inte: Chromium saknas (apt-get install chromium).\n");
      return metrics;
    }
    const { server, url } = await start.serveDirectory(out);
    try {
      metrics.push({
        name: "pane.first_render_ms",
        value: await firstRenderMs(browserModule, `${url}preview.html`),
        unit: "ms",
      });
    } finally {
      server.close();
    }
    return metrics;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
