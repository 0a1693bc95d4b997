/** Internal links (`'Sammanställning mål'!B7`, `#Budget!D14`) as a sheet and a cell. */
export function parseLink(reference: string): { sheet: string; cell: string } | undefined {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Za-z]{1,3})\$?(\d+)/.exec(reference.replace(/^#/, ""));
  if (!m || !m[3] || !m[4]) return undefined;
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? "");
  return { sheet, cell: `${m[3].toUpperCase()}${m[4]}` };
}

/** The target of `=HYPERLINK("#'Budget'!D14";"D14")`, a downloaded file's internal link. */
export function hyperlinkFormulaTarget(formula: string): { sheet: string; cell: string } | undefined {
  const m = /^=HYPERLINK\("#((?:[^"]|"")+)"/i.exec(formula);
  return m?.[1] ? parseLink(m[1].replace(/""/g, '"')) : undefined;
}
