/**
 * Reading `.xlsx` packages in tests, independently of the writers: the parts as text, a part's
 * relationships, a sheet's part, and its drawing and charts followed sheet → drawing → chart.
 */
import { strFromU8, unzipSync } from "fflate";
import { decodeXml } from "../../src/xlsx/xml";

/** The package's parts as text, by path without a leading `/`. */
export function parts(bytes: Uint8Array): Map<string, string> {
  return new Map(
    Object.entries(unzipSync(bytes))
      .filter(([name]) => !name.endsWith("/"))
      .map(([name, data]) => [name.replace(/^\//, ""), strFromU8(data)]),
  );
}

/** An attribute of a start tag, entities decoded. */
export function attr(tag: string, name: string): string | undefined {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return value === undefined ? undefined : decodeXml(value);
}

function resolve(from: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const out = from.split("/").slice(0, -1);
  for (const part of target.split("/")) {
    if (part === "..") out.pop();
    else if (part !== ".") out.push(part);
  }
  return out.join("/");
}

/** The relationships of a part: Id → { type (its last segment), path }. */
export function relsOf(all: Map<string, string>, part: string): Map<string, { type: string; path: string }> {
  const slash = part.lastIndexOf("/");
  const rels = all.get(`${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`) ?? "";
  const out = new Map<string, { type: string; path: string }>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g))
    out.set(attr(m[0], "Id") ?? "", {
      type: (attr(m[0], "Type") ?? "").replace(/.*\//, ""),
      path: resolve(part, attr(m[0], "Target") ?? ""),
    });
  return out;
}

/** The worksheet part of the sheet `name`. */
export function sheetPath(all: Map<string, string>, name: string): string {
  const workbook = all.get("xl/workbook.xml") ?? "";
  const tag = [...workbook.matchAll(/<sheet\b[^>]*>/g)]
    .map((m) => m[0])
    .find((t) => attr(t, "name") === name);
  if (!tag) throw new Error(`bladet ${name} saknas`);
  return relsOf(all, "xl/workbook.xml").get(attr(tag, "r:id") ?? "")?.path ?? "";
}

/** A sheet's drawing part and its chart parts, followed sheet → drawing → chart. */
export function drawingOfSheet(
  all: Map<string, string>,
  name: string,
): { drawing?: string; charts: string[] } {
  const sheet = sheetPath(all, name);
  const drawingId = /<drawing\s+r:id="([^"]+)"/.exec(all.get(sheet) ?? "")?.[1];
  if (!drawingId) return { charts: [] };
  const drawing = relsOf(all, sheet).get(drawingId);
  expect(drawing?.type).toBe("drawing");
  const drawingXml = all.get(drawing?.path ?? "") ?? "";
  const drawingRels = relsOf(all, drawing?.path ?? "");
  const charts = [...drawingXml.matchAll(/<c:chart\b[^>]*r:id="([^"]+)"/g)].map((m) => {
    const rel = drawingRels.get(m[1] ?? "");
    expect(rel?.type).toBe("chart");
    return rel?.path ?? "";
  });
  return { drawing: drawing?.path ?? "", charts };
}

/** The chart parts of a sheet. */
export function chartsOfSheet(all: Map<string, string>, name: string): string[] {
  return drawingOfSheet(all, name).charts;
}

/** The series' cell references in a chart part. */
export function chartFormulas(xml: string | undefined): string[] {
  return [...(xml ?? "").matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => decodeXml(m[1] ?? ""));
}
