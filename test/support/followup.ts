/** The good test workbook as a follow-up document: its own follow-up columns filled in, silent. */
import type { WorkbookContent } from "../../src/core/content";
import type { CellValue } from "../../src/core/sheet";
import type { DocumentType } from "../../src/core/spec";
import { goodContent, withRows } from "./workbooks";

/** Adds columns (header → value per data row) to a table. */
export function withColumns(
  content: WorkbookContent,
  name: string,
  columns: Record<string, readonly CellValue[]>,
): WorkbookContent {
  return {
    tables: content.tables.map((t) => {
      if (t.table !== name) return t;
      const headers = [...t.headers, ...Object.keys(columns)];
      const rows = t.rows.map((r, i) => {
        const row = [...r];
        while (row.length < t.headers.length) row.push(null);
        return [...row, ...Object.values(columns).map((values) => values[i] ?? null)];
      });
      return { ...t, headers, rows };
    }),
  };
}

/**
 * The good workbook with Dokument set and every follow-up column filled so that no check fires:
 * I-1 (69 %, År, higher is better) 71 % for the year; I-2 (12 000 besök, Tertial, higher) 12 500
 * in each period; I-3 (2,9 GWh, År, lower) 2,8 GWh; both activities Klar; so every goal is met.
 */
export function filledFollowUpContent(document: Exclude<DocumentType, "Verksamhetsplan">): WorkbookContent {
  let content = withRows(goodContent(), "Installningar", (rows) =>
    rows.map((r) => (r[0] === "Dokument" ? ["Dokument", document] : r)),
  );
  content = withRows(content, "Indikatorer", (rows) =>
    rows.map((r) => (r[0] === "I-2" ? [...r.slice(0, 7), "Högre är bättre"] : r)),
  );
  content = withColumns(content, "Mal", { Bedömning: [], Analys: [] });
  content = withColumns(content, "Indikatorer", {
    "Utfall T1": [null, 12_500, null],
    "Utfall T2": [null, 12_500, null],
    "Utfall helår": [71, 12_500, "2,8"],
    Bedömning: [],
    Kommentar: [],
  });
  return withColumns(content, "Aktiviteter", { Status: ["Klar", "Klar"], Kommentar: [] });
}
