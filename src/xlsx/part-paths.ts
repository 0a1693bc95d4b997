/**
 * Part paths in an `.xlsx` package: where a part's relationships are and what a relationship's
 * `Target` points at. Shared by the direct edits (./package.ts), the command line's writer
 * (./generated.ts) and the chart parts (./chart-parts.ts).
 *
 * Browser-safe: no Node APIs (./chart-parts.ts is bundled into the browser version).
 */

/** `xl/worksheets/_rels/sheet3.xml.rels` for `xl/worksheets/sheet3.xml`. */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** The folder of a part, ending in `/` (`xl/worksheets/` for `xl/worksheets/sheet3.xml`). */
export function folderOf(part: string): string {
  return part.slice(0, part.lastIndexOf("/") + 1);
}

/**
 * `Target` of a relationship, as a path in the package without a leading `/` (relative to
 * `base`, a folder ending in `/`: `xl/` for the workbook's relationships, `` for the package's).
 */
export function resolveTarget(target: string, base: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : base + target).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return out.join("/");
}
