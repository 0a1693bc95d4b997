/**
 * Writes setting values into the Installningar table by editing the `.xlsx` package directly (see
 * ./package.ts), so that nothing else in the workbook goes through ExcelJS (which would drop the
 * generated sheets' charts and other parts it does not model).
 *
 * An existing setting gets its Värde cell written: text as an inline string in a cell formatted
 * `@` (so `=…` or `+46 …` stay text), a number in a cell that is not formatted as text, `null` as
 * an empty cell; the cell keeps the rest of its format. Missing settings are added as rows below
 * the table, which grows over them (its `ref` and autoFilter); the new rows take the formats of
 * the row above. A table with a totals row is not handled here (the caller falls back).
 */
import { SETTINGS_TABLE, normalizeKey } from "../core/spec";
import { intersects, type NeutralWorkbook } from "../core/sheet";
import type { Area } from "./area";
import { XlsxPackage } from "./package";
import { areaRef, cellsIn, cellXml, mergedAreas, putCells, Styles, widenDimension } from "./sheet-xml";
import { decodeXml, encodeXml } from "./xml";

export type SettingValue = string | number | null;

/** The settings cannot be written (the table is missing or lacks its columns, or no room below it). */
export class SettingsTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsTableError";
  }

  static missing(): SettingsTableError {
    return new SettingsTableError(
      `Tabellen ${SETTINGS_TABLE.table} saknas på bladet ${SETTINGS_TABLE.sheet}. Skapa mallen först.`,
    );
  }

  static columns(): SettingsTableError {
    return new SettingsTableError(
      `Tabellen ${SETTINGS_TABLE.table} saknar kolumnen Inställning eller Värde.`,
    );
  }
}

/** `A1:B10` with its last row moved to `bottom`. */
function lowerRef(ref: string, bottom: number): string {
  return ref.replace(/(\d+)$/, String(bottom));
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The package with the settings written, or undefined when this table cannot be edited in place
 * (a totals row).
 * @throws SettingsTableError with a Swedish message when the table is missing or lacks Inställning or Värde,
 *   or when the cells below it, where new settings go, are taken.
 */
export function writeSettingsToPackage(
  bytes: Uint8Array,
  workbook: NeutralWorkbook,
  values: ReadonlyMap<string, SettingValue>,
  fileName?: string,
): Buffer | undefined {
  const read = workbook.tables.find((t) => sameName(t.name, SETTINGS_TABLE.table));
  if (!read) throw SettingsTableError.missing();
  const pkg = XlsxPackage.open(bytes, fileName);
  const table = pkg.tables().find((t) => sameName(t.name, read.name));
  if (!table || table.totalsRowCount > 0 || table.headerRowCount < 1) return undefined;
  const column = (header: string) =>
    read.headers.findIndex((h) => typeof h === "string" && normalizeKey(h) === normalizeKey(header));
  const nameIndex = column("Inställning");
  const valueIndex = column("Värde");
  if (nameIndex < 0 || valueIndex < 0) throw SettingsTableError.columns();

  const { area } = table;
  const styles = new Styles(pkg.read("xl/styles.xml"));
  let sheet = pkg.read(table.sheet.path) ?? "";
  const cells = cellsIn(sheet, area);
  const styleAt = (row: number, col: number) => cells.get(`${row}:${col}`)?.style;
  const formatFor = (style: number | undefined, value: SettingValue): number | undefined => {
    if (typeof value === "string") return styles.withFormat(style, "@");
    if (typeof value === "number" && styles.formatOf(style) === "@")
      return styles.withFormat(style, "General");
    return style;
  };

  const edits = new Map<number, Map<number, string>>();
  const put = (row: number, col: number, xml: string) => {
    const cellsOfRow = edits.get(row) ?? new Map<number, string>();
    cellsOfRow.set(col, xml);
    edits.set(row, cellsOfRow);
  };
  const valueColumn = area.left + valueIndex;
  const missing: [string, SettingValue][] = [];
  for (const [name, value] of values) {
    const i = read.rows.findIndex((r) => {
      const cell = r[nameIndex];
      return typeof cell === "string" && normalizeKey(cell) === normalizeKey(name);
    });
    if (i < 0) {
      missing.push([name, value]);
      continue;
    }
    const row = read.headerRow + 1 + i;
    put(row, valueColumn, cellXml(row, valueColumn, formatFor(styleAt(row, valueColumn), value), value));
  }

  if (missing.length > 0) {
    const below: Area = {
      top: area.bottom + 1,
      bottom: area.bottom + missing.length,
      left: area.left,
      right: area.right,
    };
    const where = `${table.sheet.name}!${areaRef(below)}`;
    const taken =
      [...cellsIn(sheet, below).values()].some((c) => c.hasValue) ||
      mergedAreas(sheet).some((m) => intersects(m, below)) ||
      pkg
        .tables()
        .some((t) => t.sheet.path === table.sheet.path && t.path !== table.path && intersects(t.area, below));
    if (taken)
      throw new SettingsTableError(
        `Tabellen ${read.name} kan inte få nya rader för ${missing.map(([n]) => n).join(", ")}: cellerna under tabellen (${where}) är inte tomma. Inget ändrades.`,
      );
    const above = area.bottom;
    missing.forEach(([name, value], k) => {
      const row = below.top + k;
      for (let col = area.left; col <= area.right; col++) {
        const style = styleAt(above, col);
        if (col === area.left + nameIndex)
          put(row, col, cellXml(row, col, styles.withFormat(style, "@"), name));
        else if (col === valueColumn) put(row, col, cellXml(row, col, formatFor(style, value), value));
        else put(row, col, cellXml(row, col, style, null));
      }
    });
    const tableXml = pkg.read(table.path) ?? "";
    const grow = (tag: string) =>
      tag.replace(
        /\sref="([^"]*)"/,
        (_, ref: string) => ` ref="${encodeXml(lowerRef(decodeXml(ref), below.bottom))}"`,
      );
    pkg.write(table.path, tableXml.replace(/<table\b[^>]*>/, grow).replace(/<autoFilter\b[^>]*>/, grow));
    sheet = widenDimension(sheet, below);
  }

  pkg.write(table.sheet.path, putCells(sheet, edits));
  if (styles.xml !== undefined) pkg.write("xl/styles.xml", styles.xml);
  return pkg.toBuffer();
}
