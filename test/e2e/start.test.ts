/** scripts/start.js: what `npm start` chooses, and the static server of the browser version. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as http from "node:http";
import { initialScripts } from "../../src/bench/pane";
import { loadScripts } from "../../src/bench/scripts";

const { start } = loadScripts(path.resolve(__dirname, "..", ".."));

/** The status of a request for `rawPath` exactly as written (fetch would normalise it). */
function rawStatus(url: string, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    http
      .get({ hostname, port, path: rawPath }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on("error", reject);
  });
}

describe("npm start", () => {
  it("shows the browser version where Excel cannot run, and with --preview", () => {
    expect(start.decide({ args: [], env: {}, platform: "linux" })).toBe("preview");
    expect(start.decide({ args: ["--preview"], env: {}, platform: "win32" })).toBe("preview");
    expect(start.decide({ args: [], env: { CI: "true" }, platform: "darwin" })).toBe("preview");
    expect(start.decide({ args: [], env: { VP_START: "preview" }, platform: "darwin" })).toBe("preview");
    expect(start.decide({ args: [], env: { VP_START: "excel" }, platform: "linux" })).toBe("excel");
    expect(start.excelInstalled("linux", {})).toBe(false);
  });

  it("serves files with the add-in's CSP as a header, and nothing outside the folder", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vp-serve-"));
    fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>x</title>");
    fs.writeFileSync(path.join(dir, "a.js"), "1");
    const { server, url } = await start.serveDirectory(dir);
    try {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const csp = page.headers.get("content-security-policy") ?? "";
      expect(csp).toBe(start.contentSecurityPolicy());
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'none'");
      expect(csp).not.toContain("unsafe-eval");
      expect((await fetch(`${url}a.js`)).headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect((await fetch(`${url}saknas.js`)).status).toBe(404);
      expect(await rawStatus(url, "/..%2f..%2f..%2fetc%2fpasswd")).toBe(403);
      expect((await fetch(url, { method: "POST" })).status).toBe(405);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the pane benchmark", () => {
  it("counts the scripts a page loads before its first render", () => {
    const html =
      '<head><script src=office.js></script></head><body><script defer src="taskpane.1234.js"></script>' +
      "<script async src=late.js></script><script>inline()</script></body>";
    expect(initialScripts(html)).toEqual(["office.js", "taskpane.1234.js"]);
  });
});
