/** The list dropdowns of an `.xlsx` file, read from its sheets' XML, for the port contract. */
import { parseArea } from "../../src/xlsx/area";
import { XlsxPackage } from "../../src/xlsx/package";
import { readXlsx } from "../../src/xlsx/read";
import { decodeXml, xmlAttributes } from "../../src/xlsx/xml";
import type { Dropdown } from "../support/port-contract";

/** `"a,b,c"` (an inline list) or `'Listor'!$A$2:$A$4` (read from the workbook's cells). */
async function listValues(bytes: Buffer, formula: string): Promise<string[]> {
  if (formula.startsWith('"')) return formula.slice(1, -1).split(",");
  const m = /^'?((?:[^']|'')+?)'?!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(formula);
  const area = m ? parseArea(`${m[2]}${m[3]}:${m[4]}${m[5]}`) : undefined;
  if (!m || !area) return [];
  const sheet = (m[1] ?? "").replace(/''/g, "'");
  const workbook = await readXlsx(bytes);
  const plain = [...(workbook.plainSheets ?? []), ...workbook.tables].find((t) => t.sheet === sheet);
  if (!plain) return [];
  const cell = (row: number, column: number) =>
    row === plain.headerRow
      ? plain.headers[column - plain.firstColumn]
      : plain.rows[row - plain.headerRow - 1]?.[column - plain.firstColumn];
  const values: string[] = [];
  for (let r = area.top; r <= area.bottom; r++)
    for (let c = area.left; c <= area.right; c++) {
      const value = cell(r, c);
      if (value !== null && value !== undefined && value !== "") values.push(String(value));
    }
  return values;
}

export async function xlsxDropdowns(bytes: Buffer): Promise<Dropdown[]> {
  const pkg = XlsxPackage.open(bytes);
  const out: Dropdown[] = [];
  for (const sheet of pkg.sheets()) {
    const xml = pkg.read(sheet.path) ?? "";
    for (const m of xml.matchAll(/<dataValidation\b([^>]*)>([\s\S]*?)<\/dataValidation>/g)) {
      const attrs = xmlAttributes(m[1] ?? "");
      if (attrs.get("type") !== "list") continue;
      const formula = decodeXml(/<formula1>([\s\S]*?)<\/formula1>/.exec(m[2] ?? "")?.[1] ?? "");
      const values = await listValues(bytes, formula);
      for (const ref of (attrs.get("sqref") ?? "").split(/\s+/)) {
        const area = parseArea(ref);
        if (area) out.push({ sheet: sheet.name, area, values });
      }
    }
  }
  return out;
}
