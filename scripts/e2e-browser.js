// Headless Chromium for the end-to-end tests (test/e2e) and the pane benchmark
// (src/bench/pane.ts), through playwright-core with the system's Chromium (Debian: `apt-get
// install chromium`; never a downloaded browser). CHROMIUM_PATH points to another binary.
"use strict";
const fs = require("node:fs");

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

// Headless, and no background traffic: the machine's network is closed to everything but the
// package registries, and Chromium's own connections (updates, sync, QUIC) would only be refused.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** The Chromium binary, or undefined when none is installed. */
function chromiumPath(env = process.env) {
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : CANDIDATES;
  return candidates.find((file) => fs.existsSync(file));
}

/**
 * Launches headless Chromium (playwright gives every launch a fresh temporary profile).
 * Resolves to `{ browser, newContext, close }`; `newContext` has the task pane's size and a Swedish
 * locale unless told otherwise.
 */
async function launchChromium({ executablePath = chromiumPath() } = {}) {
  if (!executablePath) throw new Error("Chromium saknas (apt-get install chromium).");
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  return {
    browser,
    newContext(options = {}) {
      return browser.newContext({
        viewport: { width: 1400, height: 860 },
        locale: "sv-SE",
        timezoneId: "Europe/Stockholm",
        acceptDownloads: true,
        ...options,
      });
    },
    close: () => browser.close().catch(() => undefined),
  };
}

module.exports = { CHROMIUM_ARGS, chromiumPath, launchChromium };
