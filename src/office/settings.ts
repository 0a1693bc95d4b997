/// <reference types="office-js" />
/**
 * Writing settings into the Installningar table, in two syncs: existing settings get their Värde
 * cell written; missing settings are added as table rows in one call. Text is written to cells
 * formatted `@` (so `=…` or `+46 …` stay text).
 */
import { SETTINGS_TABLE, normalizeKey } from "../core/spec";
import { blockAddress, parseAddress } from "./address";
import { TEXT_FORMAT } from "./layout-ops";

export async function writeSettings(
  context: Excel.RequestContext,
  settings: ReadonlyMap<string, string | number | null>,
): Promise<void> {
  const table = context.workbook.tables.getItemOrNullObject(SETTINGS_TABLE.table);
  table.load("showHeaders,showTotals");
  const range = table.getRange();
  range.load("values,numberFormat,address");
  const missingTable = new Error(
    `Tabellen ”${SETTINGS_TABLE.table}” saknas på bladet ”${SETTINGS_TABLE.sheet}”. Skapa mallen och försök igen.`,
  );
  try {
    await context.sync();
  } catch (error) {
    // An Excel that does not give a null object for a call on a null object says ItemNotFound.
    const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
    throw code === "ItemNotFound" ? missingTable : error;
  }
  if (table.isNullObject || !table.showHeaders) throw missingTable;
  const block = parseAddress(range.address);
  const values: unknown[][] = range.values;
  const formats: unknown[][] = range.numberFormat;
  const headers = (values[0] ?? []).map((h) => (typeof h === "string" ? normalizeKey(h) : ""));
  const nameIndex = headers.indexOf(normalizeKey("Inställning"));
  const valueIndex = headers.indexOf(normalizeKey("Värde"));
  if (nameIndex < 0 || valueIndex < 0) {
    throw new Error(`Tabellen ”${SETTINGS_TABLE.table}” saknar kolumnen ”Inställning” eller ”Värde”.`);
  }
  const dataEnd = values.length - (table.showTotals ? 1 : 0);
  const rowOf = new Map<string, number>();
  for (let i = 1; i < dataEnd; i++) {
    const name = values[i]?.[nameIndex];
    if (typeof name === "string" && !rowOf.has(normalizeKey(name))) rowOf.set(normalizeKey(name), i);
  }

  const worksheet = context.workbook.worksheets.getItem(block.sheet);
  const column = block.left + valueIndex;
  const missing: [string, string | number | null][] = [];
  for (const [name, value] of settings) {
    const i = rowOf.get(normalizeKey(name));
    if (i === undefined) {
      missing.push([name, value]);
      continue;
    }
    const cell = worksheet.getRange(
      blockAddress({ top: block.top + i, left: column, bottom: block.top + i, right: column }),
    );
    const current = formats[i]?.[valueIndex];
    if (typeof value === "string") cell.numberFormat = [[TEXT_FORMAT]];
    else if (typeof value === "number" && current === TEXT_FORMAT) cell.numberFormat = [["General"]];
    cell.values = [[value ?? ""]];
  }

  if (missing.length > 0) {
    const width = block.right - block.left + 1;
    // New rows first (empty), then formats and values, so names and values land as text.
    table.rows.add(
      undefined,
      missing.map(() => Array.from({ length: width }, () => "")),
    );
    const top = block.top + dataEnd;
    const added = worksheet.getRange(
      blockAddress({ top, left: block.left, bottom: top + missing.length - 1, right: block.right }),
    );
    // Other columns keep the format the new rows took from the row above.
    const above = formats[dataEnd - 1] ?? [];
    added.numberFormat = missing.map(([, value]) =>
      Array.from({ length: width }, (_, j) =>
        j === valueIndex && typeof value === "number"
          ? "General"
          : j === nameIndex || j === valueIndex
            ? TEXT_FORMAT
            : String(above[j] ?? "General"),
      ),
    );
    added.values = missing.map(([name, value]) =>
      Array.from({ length: width }, (_, j) =>
        j === nameIndex ? name : j === valueIndex ? (value ?? "") : "",
      ),
    );
  }
  await context.sync();
}
