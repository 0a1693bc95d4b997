#!/usr/bin/env node
// `npm start`: runs the add-in where it can run.
//
// - Where desktop Excel is installed (Windows or macOS), it sideloads the add-in into Excel with
//   office-addin-debugging (`office-addin-debugging start manifest.xml`), which starts the https
//   dev server on port 3000 (webpack serve; the Office dev certificates are installed first).
// - Everywhere else (Linux, CI, a machine without Excel) and with `npm run preview`
//   (`--preview`), it builds the browser version (the real task pane beside a sheet viewer over a
//   workbook in the browser) and serves it at http://localhost:3000/ (PORT sets the port), plain
//   http with the add-in's Content-Security-Policy sent as a header. No certificates needed.
//
// `VP_START=preview` or `VP_START=excel` overrides the choice. The functions below are used by
// the end-to-end tests (test/e2e) and the pane benchmark (src/bench/pane.ts) too.
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const { URL } = require("node:url");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_PREVIEW_DIR = path.join(ROOT, "dist-web", "preview");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The pages' Content-Security-Policy (the one webpack.config.js writes into the pages' meta tag). */
function contentSecurityPolicy() {
  return require(path.join(ROOT, "webpack.config.js")).CSP;
}

/** Where desktop Excel is installed (a best guess from the usual install locations). */
function excelInstalled(platform = process.platform, env = process.env) {
  if (platform === "darwin") return fs.existsSync("/Applications/Microsoft Excel.app");
  if (platform !== "win32") return false;
  const roots = [env.ProgramFiles, env["ProgramFiles(x86)"], env.ProgramW6432].filter(Boolean);
  const candidates = roots.flatMap((root) => [
    path.join(root, "Microsoft Office", "root", "Office16", "EXCEL.EXE"),
    path.join(root, "Microsoft Office", "Office16", "EXCEL.EXE"),
    path.join(root, "Microsoft Office", "root", "Office15", "EXCEL.EXE"),
  ]);
  if (candidates.some((file) => fs.existsSync(file))) return true;
  // Click-to-Run and Store installs register Excel's App Path.
  const reg = spawnSync(
    "reg",
    ["query", "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\excel.exe"],
    {
      stdio: "ignore",
      windowsHide: true,
    },
  );
  return reg.status === 0;
}

/** What `npm start` does here: "excel" (sideload) or "preview" (the browser version). */
function decide({ args = process.argv.slice(2), env = process.env, platform = process.platform } = {}) {
  if (args.includes("--preview") || env.VP_START === "preview") return "preview";
  if (env.VP_START === "excel") return "excel";
  if (env.CI === "true" || env.CI === "1") return "preview";
  return excelInstalled(platform, env) ? "excel" : "preview";
}

/** webpack's CLI, run with this Node. */
function webpackCli() {
  return require.resolve("webpack-cli/bin/cli.js", { paths: [ROOT] });
}

/**
 * Builds the pages with webpack (production) into `outDir`: only the browser version (`preview`,
 * default; index.html in dist-web/preview) or all of the add-in's pages (dist-web). Resolves when
 * the build is done; rejects with webpack's output on failure.
 */
function buildPages({ outDir, preview = true, quiet = false }) {
  return new Promise((resolve, reject) => {
    const args = [webpackCli(), "--mode", "production", "--env", `out=${outDir}`];
    if (preview) args.push("--env", "preview");
    if (quiet) args.push("--stats", "errors-warnings");
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    if (quiet) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(outDir);
      else reject(new Error(`Bygget av sidorna misslyckades (webpack, kod ${code}).\n${output}`));
    });
  });
}

/** Builds the browser version into `outDir` (default dist-web/preview). */
function buildPreview({ outDir = DEFAULT_PREVIEW_DIR, quiet = false } = {}) {
  return buildPages({ outDir, preview: true, quiet });
}

/**
 * A small static file server over `dir` (the built browser version): GET and HEAD only, files
 * inside `dir` only, the Content-Security-Policy as a header on every response, no caching of the
 * page (the scripts have content hashes in their names). Resolves to the server and its URL.
 */
function serveDirectory(dir, { port = 0, host = "127.0.0.1" } = {}) {
  const csp = contentSecurityPolicy();
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const headers = {
      "Content-Security-Policy": csp,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...headers, Allow: "GET, HEAD" });
      res.end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url || "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400, headers);
      res.end();
      return;
    }
    if (pathname.endsWith("/")) pathname += "index.html";
    const file = path.resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403, headers);
      res.end();
      return;
    }
    fs.stat(file, (error, stat) => {
      if (error || !stat.isFile()) {
        res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
        res.end("Finns inte.\n");
        return;
      }
      const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
      const cache = path.extname(file) === ".html" ? "no-cache" : "public, max-age=31536000, immutable";
      res.writeHead(200, {
        ...headers,
        "Content-Type": type,
        "Content-Length": stat.size,
        "Cache-Control": cache,
      });
      if (req.method === "HEAD") res.end();
      else fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      const shown = host === "0.0.0.0" || host === "::" || host === "127.0.0.1" ? "localhost" : host;
      resolve({ server, port: address.port, url: `http://${shown}:${address.port}/` });
    });
  });
}

function portFromEnv(env = process.env) {
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT=${env.PORT} är inget portnummer.`);
  }
  return port;
}

/** Newest modification time under `dir` (skipping node_modules), in ms. */
function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** The built browser version is newer than the sources, the config and the installed packages. */
function previewUpToDate(outDir = DEFAULT_PREVIEW_DIR) {
  const page = path.join(outDir, "index.html");
  if (!fs.existsSync(page)) return false;
  const built = fs.statSync(page).mtimeMs;
  const inputs = [
    newest(path.join(ROOT, "src")),
    ...["webpack.config.js", "package-lock.json", "package.json"].map(
      (f) => fs.statSync(path.join(ROOT, f)).mtimeMs,
    ),
  ];
  return inputs.every((t) => t < built);
}

async function startPreview() {
  const port = portFromEnv();
  if (previewUpToDate()) console.log("Webbläsarversionen är redan byggd (dist-web/preview).");
  else {
    console.log("Bygger webbläsarversionen …");
    await buildPreview({ quiet: true });
  }
  const { server, url } = await serveDirectory(DEFAULT_PREVIEW_DIR, { port, host: "localhost" }).catch(
    (error) => {
      if (error && error.code === "EADDRINUSE") {
        throw new Error(`Port ${port} används redan. Välj en annan, t.ex. PORT=3001 npm run preview.`);
      }
      throw error;
    },
  );
  console.log("");
  console.log(`Verksamhetsplan för Excel (webbläsarversion): ${url}`);
  console.log("Aktivitetsfönstret bredvid en arbetsbok i webbläsaren, öppnad på exemplet.");
  console.log("Avsluta med Ctrl+C.");
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

function startExcel() {
  // office-addin-debugging is fetched by npx on the machines that have Excel: as a dependency it
  // would pull in a native keychain module that does not build on Linux without libsecret.
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const port = portFromEnv();
  console.log("Excel finns på den här datorn: tillägget läses in i Excel (sidladdning).");
  const certs = spawnSync(npx, ["--yes", "office-addin-dev-certs@3", "install"], {
    cwd: ROOT,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (certs.status !== 0) {
    console.error(
      "Utvecklingscertifikaten kunde inte installeras. Kör npm run preview för webbläsarversionen.",
    );
    process.exit(certs.status || 1);
  }
  const child = spawn(
    npx,
    [
      "--yes",
      "office-addin-debugging@7",
      "start",
      "manifest.xml",
      "desktop",
      "--app",
      "excel",
      "--dev-server",
      `npx webpack serve --mode development --port ${port}`,
      "--dev-server-port",
      String(port),
    ],
    { cwd: ROOT, stdio: "inherit", shell: process.platform === "win32" },
  );
  child.on("exit", (code) => process.exit(code ?? 0));
}

async function main() {
  const mode = decide();
  if (mode === "excel") startExcel();
  else await startPreview();
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error && error.message ? error.message : error);
    process.exit(1);
  });
}

module.exports = {
  buildPages,
  buildPreview,
  contentSecurityPolicy,
  decide,
  excelInstalled,
  serveDirectory,
  DEFAULT_PREVIEW_DIR,
  ROOT,
  previewUpToDate,
};
