/**
 * The end-to-end tests' browser: the browser version built once (webpack production) into
 * test-artifacts/e2e/build, served on a free port by scripts/start.js's static server (with the
 * CSP header), and headless Chromium through playwright-core (scripts/e2e-browser.js).
 *
 * Without Chromium the tests are skipped with a notice; in CI (`CI=true`) they fail instead.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { loadScripts } from "../../src/bench/scripts";

export const ROOT = path.resolve(__dirname, "..", "..");
const { start, chromium } = loadScripts(ROOT);

export const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e");
const BUILD = path.join(ARTIFACTS, "build");

const inCI = process.env.CI === "true" || process.env.CI === "1";

/** Whether the browser tests run here; prints why not once. */
export function browserAvailable(): boolean {
  if (chromium.chromiumPath()) return true;
  if (inCI) return true; // and fail in setUp: CI must have Chromium (.ci/run installs it)
  console.warn(
    "Webbläsartesterna (test/e2e) hoppas över: Chromium saknas. Installera det med " +
      "`apt-get install chromium` (eller sätt CHROMIUM_PATH) för att köra dem.",
  );
  return false;
}

export interface E2E {
  readonly url: string;
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page on the browser version, with page errors collected. */
  open(query?: string, options?: BrowserContextOptions): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function setUp(): Promise<E2E> {
  if (!chromium.chromiumPath()) {
    throw new Error("Chromium saknas, men CI=true: installera det (apt-get install chromium) i .ci/run.");
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await start.buildPreview({ outDir: BUILD, quiet: true });
  const { server, url } = await start.serveDirectory(BUILD);
  const launched = await chromium.launchChromium();
  const contexts: BrowserContext[] = [];
  const newContext = async (options?: BrowserContextOptions) => {
    const context = await launched.newContext(options);
    contexts.push(context);
    return context;
  };
  return {
    url,
    newContext,
    async open(query = "", options) {
      const context = await newContext(options);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        // The meta tag cannot carry frame-ancestors (the header does): Chromium says so, harmlessly.
        if (m.type() === "error" && !m.text().includes("frame-ancestors")) errors.push(m.text());
      });
      await page.goto(url + query);
      // The pane and the sheet viewer are there when a sheet's cells are drawn.
      await page.locator("td[data-cell]").first().waitFor({ timeout: 30_000 });
      return { page, errors };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await launched.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Saves a screenshot of the whole page as a test artifact (test-artifacts/e2e/NAME.png). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The task pane (src/taskpane's App) and the workbook part of the page. */
export const pane = (page: Page) => page.locator("#vp-pane");
export const workbook = (page: Page) => page.getByRole("region", { name: /^Arbetsbok/ });
export const sheetTabs = (page: Page) => page.getByRole("tablist", { name: "Blad" });
