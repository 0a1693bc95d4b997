/**
 * The project's JavaScript helpers in scripts/, typed: start.js (builds the pane, serves a folder
 * with the CSP header, decides between Excel and the browser version) and e2e-browser.js (the
 * system's headless Chromium through playwright-core). Used by the pane benchmark and the
 * end-to-end tests.
 */
import type { Server } from "node:http";
import { createRequire } from "node:module";
import * as path from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";

export interface StartModule {
  buildPages(options: { outDir: string; preview?: boolean; quiet?: boolean }): Promise<string>;
  buildPreview(options: { outDir: string; quiet?: boolean }): Promise<string>;
  serveDirectory(
    dir: string,
    options?: { port?: number },
  ): Promise<{ server: Server; port: number; url: string }>;
  decide(options: { args?: string[]; env?: Record<string, string>; platform?: string }): "excel" | "preview";
  excelInstalled(platform: string, env: Record<string, string>): boolean;
  contentSecurityPolicy(): string;
}

export interface BrowserModule {
  chromiumPath(): string | undefined;
  launchChromium(): Promise<{
    browser: Browser;
    newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
    close(): Promise<void>;
  }>;
}

/** The two modules of the project in `root` (the folder with package.json). */
export function loadScripts(root: string): { start: StartModule; chromium: BrowserModule } {
  const load = createRequire(path.join(root, "package.json"));
  return {
    start: load("./scripts/start.js") as StartModule,
    chromium: load("./scripts/e2e-browser.js") as BrowserModule,
  };
}
