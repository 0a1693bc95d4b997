/** The seed's printed economy tables (004, "Redovisning av ekonomi"), parsed from its text. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const SEED = readFileSync(join(__dirname, "../fixtures/seeds/004_399123d281b37ae1.txt"), "utf8");

export interface PrintedTable {
  /** Nearest heading above the table, cleaned. */
  readonly heading: string;
  readonly columns: readonly string[];
  /** Label → printed values in tenths of mnkr. */
  readonly rows: readonly { readonly label: string; readonly values: readonly number[] }[];
}

/** `3 224,7`, `1051,5`, `-210` → tenths (32247, 10515, -2100). */
export function parsePrinted(text: string): number {
  const clean = text
    .replace(/<\/?b>/g, "")
    .replace(/\s/g, "")
    .replace(",", ".");
  if (!/^-?\d+(\.\d)?$/.test(clean)) throw new Error(`not an amount: ${text}`);
  return Math.round(Number(clean) * 10);
}

export function parseEconomyTables(): PrintedTable[] {
  const lines = SEED.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === "## Redovisning av ekonomi");
  const end = lines.findIndex((l, i) => i > start && l.trim() === "## Investeringar");
  if (start < 0 || end < start) throw new Error("seed 004: economy section not found");
  const tables: PrintedTable[] = [];
  for (let i = start; i < end; i++) {
    const cells = lines[i]!.split("\t");
    if (cells[0] !== "Mnkr") continue;
    let heading = "";
    for (let h = i - 1; h > start; h--) {
      const l = lines[h]!.trim();
      if (!/^(#|–)/.test(l) || /^#+\s*Ekonomiska förutsättningar$/.test(l)) continue;
      heading = l
        .replace(/^[#–*\s]+/, "")
        .replace(/\*+$/, "")
        .replace(/\(.*\)/, "")
        .trim();
      break;
    }
    const rows: { label: string; values: number[] }[] = [];
    for (let r = i + 1; r < end && lines[r]!.trim() !== ""; r++) {
      const [label, ...values] = lines[r]!.split("\t");
      rows.push({ label: label!.replace(/<\/?b>/g, "").trim(), values: values.map(parsePrinted) });
    }
    tables.push({ heading, columns: cells.slice(1), rows });
  }
  return tables;
}
