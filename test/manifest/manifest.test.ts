import { execFileSync } from "child_process";
import { readFileSync, existsSync } from "fs";
import path from "path";
import type { ManifestInfo } from "office-addin-manifest";
import { parseStringPromise } from "xml2js";
import { COMMAND_FUNCTION_NAMES } from "../../src/commands/names";

const ROOT = path.join(__dirname, "..", "..");
const MANIFEST = path.join(ROOT, "manifest.xml");
const DEV_ORIGIN = "https://localhost:3000/";

/**
 * office-addin-manifest's own reader (`OfficeAddinManifest.readManifestFile`). It loads ES modules
 * (uuid, @microsoft/app-manifest) that Jest's CommonJS runtime cannot require, so it runs in a
 * plain Node process (Node ≥ 20.19 requires ES modules natively).
 */
function readManifestFile(file: string): ManifestInfo {
  const script =
    "require('office-addin-manifest').OfficeAddinManifest.readManifestFile(process.argv[1])" +
    ".then((m) => process.stdout.write(JSON.stringify(m)), (e) => { console.error(e); process.exit(1); })";
  const out = execFileSync(process.execPath, ["-e", script, file], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out) as ManifestInfo;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString("ascii", 12, 16)).toBe("IHDR");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Every element with this local name (xml2js keeps prefixes such as `bt:`), depth first. */
function findAll(node: unknown, name: string, out: any[] = []): any[] {
  if (Array.isArray(node)) for (const n of node) findAll(n, name, out);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$") continue;
      if (key.replace(/^.*:/, "") === name) out.push(...(Array.isArray(value) ? value : [value]));
      findAll(value, name, out);
    }
  }
  return out;
}

describe("manifest.xml", () => {
  let xml: any;
  beforeAll(async () => {
    xml = await parseStringPromise(readFileSync(MANIFEST, "utf8"));
  });

  it("has the add-in's identity, locale, host and permissions", () => {
    const info = readManifestFile(MANIFEST);
    expect(info.id).toBe("0b6ef461-706a-4bb9-b8a1-fc2a7e6a293d");
    expect(info.displayName).toBe("Verksamhetsplan för Excel");
    expect(info.providerName).toBeTruthy();
    expect(info.defaultLocale).toBe("sv-SE");
    expect(info.description).toMatch(/sammanställningar/);
    expect(info.officeAppType).toBe("TaskPaneApp");
    expect(info.hosts).toEqual(["Workbook"]);
    expect(info.permissions).toBe("ReadWriteDocument");
    expect(info.appDomains ?? []).toEqual([]);
    expect(info.defaultSettings?.sourceLocation).toBe(`${DEV_ORIGIN}taskpane.html`);
    for (const url of [info.iconUrl, info.highResolutionIconUrl, info.supportUrl])
      expect(url?.startsWith(DEV_ORIGIN)).toBe(true);
  });

  it("requires ExcelApi 1.7 (newer sets are checked at run time)", () => {
    const sets = findAll(xml.OfficeApp.Requirements, "Set").map((s) => s.$);
    expect(sets).toEqual([{ Name: "ExcelApi", MinVersion: "1.7" }]);
  });

  it("puts every URL under https://localhost:3000", () => {
    const text = readFileSync(MANIFEST, "utf8");
    const urls = [...text.matchAll(/DefaultValue="(https?:[^"]*)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(url?.startsWith(DEV_ORIGIN)).toBe(true);
    const btUrls = findAll(xml, "Url").map((u) => u.$.DefaultValue as string);
    expect(btUrls).toEqual(
      expect.arrayContaining([`${DEV_ORIGIN}commands.html`, `${DEV_ORIGIN}taskpane.html`]),
    );
  });

  it("references icons that exist in assets/ with the stated pixel size", () => {
    const images: { id: string; url: string }[] = findAll(xml, "Images")
      .flatMap((imgs) => findAll(imgs, "Image"))
      .filter((i) => i.$.id)
      .map((i) => ({ id: i.$.id, url: i.$.DefaultValue }));
    expect(images).toHaveLength(9);
    const resolve = (url: string) => path.join(ROOT, new URL(url).pathname);
    const check = (url: string, size: number) => {
      const file = resolve(url);
      expect(file.startsWith(path.join(ROOT, "assets"))).toBe(true);
      expect(existsSync(file)).toBe(true);
      expect(pngSize(file)).toEqual({ width: size, height: size });
    };
    for (const img of images) check(img.url, Number(/(\d+)x\1$/.exec(img.id)?.[1]));
    // Each <bt:Image size="N" resid="…"> in a control points to an image of N pixels.
    const byId = new Map(images.map((i) => [i.id, i.url]));
    const uses = findAll(xml.OfficeApp.VersionOverrides, "Icon").flatMap((icon) => findAll(icon, "Image"));
    expect(uses.length).toBe(12);
    for (const use of uses) check(byId.get(use.$.resid)!, Number(use.$.size));
    check(xml.OfficeApp.IconUrl[0].$.DefaultValue, 32);
    check(xml.OfficeApp.HighResolutionIconUrl[0].$.DefaultValue, 64);
  });

  it("has the ribbon tab with the three buttons and the commands' function names", () => {
    const tabs = findAll(xml, "CustomTab");
    expect(tabs).toHaveLength(1);
    const strings = new Map(
      findAll(xml.OfficeApp.VersionOverrides[0].Resources, "String").map((s) => [s.$.id, s.$.DefaultValue]),
    );
    expect(strings.get(tabs[0].Label[0].$.resid)).toBe("Verksamhetsplan");
    const controls = findAll(tabs[0], "Control").map((c) => ({
      label: strings.get(c.Label[0].$.resid),
      action: c.Action[0].$["xsi:type"],
      functionName: c.Action[0].FunctionName?.[0],
    }));
    expect(controls).toEqual([
      { label: "Öppna Verksamhetsplan", action: "ShowTaskpane", functionName: undefined },
      { label: "Kontrollera", action: "ExecuteFunction", functionName: "kontrollera" },
      { label: "Skapa sammanställning", action: "ExecuteFunction", functionName: "skapaSammanstallning" },
    ]);
    const functionNames = controls.flatMap((c) => (c.functionName ? [c.functionName] : []));
    expect([...functionNames].sort()).toEqual([...COMMAND_FUNCTION_NAMES].sort());
    const functionFile = findAll(xml, "FunctionFile")[0].$.resid;
    const urls = new Map(findAll(xml, "Url").map((u) => [u.$.id, u.$.DefaultValue]));
    expect(urls.get(functionFile)).toBe(`${DEV_ORIGIN}commands.html`);
  });

  it("keeps resource ids within 32 characters and short strings within 125", () => {
    for (const el of findAll(xml, "String")) {
      expect(el.$.id.length).toBeLessThanOrEqual(32);
    }
    for (const s of findAll(xml.OfficeApp.VersionOverrides[0].Resources[0]["bt:ShortStrings"], "String"))
      expect(s.$.DefaultValue.length).toBeLessThanOrEqual(125);
    for (const s of findAll(xml.OfficeApp.VersionOverrides[0].Resources[0]["bt:LongStrings"], "String"))
      expect(s.$.DefaultValue.length).toBeLessThanOrEqual(250);
  });
});

describe("commands.ts registers the manifest's function names", () => {
  it("associates every name in names.ts with Office.actions.associate", async () => {
    const associate = jest.fn();
    const g = globalThis as any;
    const before = g.Office;
    g.Office = { onReady: jest.fn(), actions: { associate } };
    try {
      await jest.isolateModulesAsync(async () => {
        await import("../../src/commands/commands");
      });
    } finally {
      g.Office = before;
    }
    expect(associate.mock.calls.map((c) => c[0])).toEqual([...COMMAND_FUNCTION_NAMES]);
    for (const [, fn] of associate.mock.calls) expect(typeof fn).toBe("function");
    expect(COMMAND_FUNCTION_NAMES).toEqual(["kontrollera", "skapaSammanstallning"]);
    for (const name of COMMAND_FUNCTION_NAMES) delete g[name];
  });
});
