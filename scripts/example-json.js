"use strict";
/*
 * Writes a bundled example's content (src/example/*.json, the shape of src/core/content.ts):
 * 2-space indent, one table row per line, laid out as prettier (printWidth 110) would lay it out,
 * so `prettier --check` passes: an array that does not fit on its line gets one element per line.
 * Shared by build-example.js and build-followup-example.js.
 */
const fs = require("node:fs");
const path = require("node:path");

const PRINT_WIDTH = 110;

/** The content as text, laid out as above. */
function formatContent(content) {
  const out = [];

  /** Pushes `prefix[…]suffix` on one line, or broken one element per line when too wide. */
  function pushArray(indent, prefix, values, suffix) {
    const items = values.map((v) => JSON.stringify(v));
    const oneLine = `${indent}${prefix}[${items.join(", ")}]${suffix}`;
    if (oneLine.length <= PRINT_WIDTH) {
      out.push(oneLine);
      return;
    }
    out.push(`${indent}${prefix}[`);
    items.forEach((item, k) => out.push(`${indent}  ${item}${k < items.length - 1 ? "," : ""}`));
    out.push(`${indent}]${suffix}`);
  }

  out.push("{");
  out.push('  "tables": [');
  content.tables.forEach((t, ti) => {
    out.push("    {");
    out.push(`      "sheet": ${JSON.stringify(t.sheet)},`);
    out.push(`      "table": ${JSON.stringify(t.table)},`);
    pushArray("      ", '"headers": ', t.headers, ",");
    if (t.rows.length === 0) out.push('      "rows": []');
    else {
      out.push('      "rows": [');
      t.rows.forEach((r, ri) => {
        if (r.length !== t.headers.length) throw new Error(`${t.table}: row ${ri + 1} has ${r.length} cells`);
        pushArray("        ", "", r, ri < t.rows.length - 1 ? "," : "");
      });
      out.push("      ]");
    }
    out.push(`    }${ti < content.tables.length - 1 ? "," : ""}`);
  });
  out.push("  ]");
  out.push("}");
  return `${out.join("\n")}\n`;
}

/** Writes the content to `file` (its folder created if missing). */
exports.writeContent = function writeContent(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, formatContent(content), "utf8");
};
