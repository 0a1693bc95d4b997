#!/usr/bin/env node
/*
 * Builds the second bundled example, Resursenheten (a unit of Hägersten-Älvsjö stadsdelsnämnd),
 * Verksamhetsberättelse 2021, as `src/example/resursenheten-vb-2021.json` (the `WorkbookContent`
 * shape of src/core/content.ts): a unit's follow-up workbook laid out as the unit templates make
 * it (src/core/unit-template.ts), filled with what seed 002 reports.
 *
 * Reads only repo files: the seed text test/fixtures/seeds/002_0fa8bb5eedbc6062.txt (the
 * authority), its extraction test/fixtures/seeds/extracted/vb-002.json (structure, ids and line
 * numbers), and the first example's areas (src/example/hagersten-alvsjo-2025.json, table
 * Verksamhetsomraden: the nämnd's areas, as a unit template made from the nämnd's workbook carries
 * them). Writes deterministically: same input, same bytes.
 *
 * What goes where:
 * - `Nämndens mål` (NamndensMal, protected reference list): the nämnd's goal chain as the seed
 *   prints it, 3 KF:s inriktningsmål, 5 KF:s mål för verksamhetsområdet, 8 nämndmål, with the
 *   nämndmål's Beskrivning and Förväntat resultat as two extra columns. These goals print
 *   "— Ingen" in the seed (assessed by the nämnd, not the unit), so they carry no Bedömning.
 * - `Mål` (Mal): the unit's 5 enhetsmål with Överordnat mål, Förväntat resultat, Bedömning
 *   (`Uppfylls helt` for all five, as the seed marks them) and Analys.
 * - `Aktiviteter`: all 7 activities: the nämndmål-level ones (the nämnd's VP 2021 activities the
 *   unit reports on) linked to their nämndmål, the unit's own to their enhetsmål. Status `Klar`
 *   for ✓, `Avvikelse` where the Avvikelse column says so, empty where the seed has neither;
 *   Kommentar = the "Analys" row printed under the activity.
 * - `Indikatorer`: the seed reports no indicators: an empty table.
 * - Economy: the seed's "Uppföljning av ekonomi" (line 407) has only empty headings. No figures
 *   are invented: two periods (`Budget 2021` plan period, `Bokslut 2021`) and an empty Budget.
 *
 * Every item taken from the extraction is checked against the seed text at its line (goal
 * headings, assessments, activity rows with dates and status, "Analys" rows, every paragraph),
 * and the script fails loudly where they disagree. Known differences between text and
 * extraction, where the text is followed:
 * - Paragraph and line breaks. The extraction lists paragraphs and lines alike; the text
 *   separates some items by a blank line (paragraphs) and some by a line break only (e.g. the
 *   Förväntat resultat lists at lines 117–119, 313–314). The separators here are taken from the
 *   text: a blank line between paragraphs, a line break between adjacent lines.
 * - Page breaks inside a sentence (lines 152/154, 185/187, 213/215, 299/301, 334/336) print as
 *   an empty line in the text; the sentence is one paragraph, as in the extraction.
 * - The bullet list at lines 217–218 (nämndmål N-2.4-a, Beskrivning) keeps its "- " markers,
 *   which the extraction drops.
 * - Lines holding only whitespace (183–184, 252–253, 275, 282, 354) are not text.
 * - Lost glyphs: the text prints some assessments without their marker (" Uppfylls helt",
 *   " Ingen"); the assessment is the same ("Ingen" = none).
 * Kept verbatim, as the seed prints them: the placeholder "lärmiljöerXXXXX" (line 185), "ska ska"
 * (line 267), "ekonomiconroller" (line 318). The document's title line 11 says
 * "Årsmötesberättelse", its table of contents (line 17) "Verksamhetsberättelse": Dokument is
 * `Verksamhetsberättelse`.
 *
 * Run: node scripts/build-followup-example.js
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const HEADERS = require("./example-headers");
const { writeContent } = require("./example-json");

const ROOT = path.resolve(__dirname, "..");
const SEEDS = path.join(ROOT, "test", "fixtures", "seeds");
const SEED_FILE = path.join(SEEDS, "002_0fa8bb5eedbc6062.txt");
const EXTRACTION_FILE = path.join(SEEDS, "extracted", "vb-002.json");
const BOARD_EXAMPLE = path.join(ROOT, "src", "example", "hagersten-alvsjo-2025.json");
const OUT = path.join(ROOT, "src", "example", "resursenheten-vb-2021.json");

const seedLines = fs.readFileSync(SEED_FILE, "utf8").split(/\r?\n/);
const vb = JSON.parse(fs.readFileSync(EXTRACTION_FILE, "utf8"));
const board = JSON.parse(fs.readFileSync(BOARD_EXAMPLE, "utf8"));

const squash = (s) => s.replace(/\s+/g, " ").trim();
/** The seed's line `n` (1-based), trimmed (incl. no-break spaces). */
const line = (n) => {
  const text = seedLines[n - 1];
  if (text === undefined) throw new Error(`seed: line ${n} does not exist`);
  return text.trim();
};
const isBlank = (n) => line(n) === "";

function fail(message) {
  throw new Error(`vb-002.json vs seed text: ${message}`);
}

/** The heading at `n` must read `prefix` + text (the text's own words). */
function expectHeading(n, prefix, text) {
  if (squash(line(n)) !== squash(`${prefix}${text}`)) fail(`line ${n}: "${line(n)}" ≠ "${prefix}${text}"`);
}

// ---------------------------------------------------------------------------------------------
// Paragraphs: each item of an extraction list is found in the text after `from`; the items are
// joined with the text's own separators.

/** A bullet line's marker. */
const BULLET = /^- /;

/**
 * Finds one item: the first line at or after `from` that starts the item (bullet marker aside),
 * and the lines up to where the item ends (a sentence broken over a page spans an empty line).
 */
function locate(item, from) {
  const want = squash(item);
  const head = want.slice(0, 40);
  for (let n = from; n <= seedLines.length; n++) {
    const first = line(n).replace(BULLET, "");
    if (!squash(first).startsWith(head)) continue;
    const parts = [];
    for (let m = n; m <= seedLines.length && m <= n + 4; m++) {
      if (isBlank(m)) continue;
      parts.push(line(m).replace(BULLET, ""));
      const got = squash(parts.join(" "));
      if (got === want) return { start: n, end: m, bullet: BULLET.test(line(n)) };
      if (!want.startsWith(got)) break;
    }
    fail(`line ${n} starts "${head}" but the item does not follow there`);
  }
  return fail(`"${head}…" not found after line ${from}`);
}

/**
 * The items as one cell: paragraphs separated by a blank line, adjacent lines by a line break,
 * bullet lines with their "- ". Returns null for no items. `from`: line to search from.
 */
function joinItems(items, from) {
  if (!items || items.length === 0) return { text: null, end: from };
  let text = "";
  let previous;
  let at = from;
  for (const item of items) {
    const found = locate(item, at);
    const body = `${found.bullet ? "- " : ""}${squash(item)}`;
    if (previous) text += found.start === previous.end + 1 ? "\n" : "\n\n";
    text += body;
    previous = found;
    at = found.end + 1;
  }
  return { text, end: at };
}

/** The label line (`Beskrivning`, `Förväntat resultat`, `Analys`) at or after `from`. */
function labelLine(label, from, before) {
  for (let n = from; n < before; n++) if (line(n) === label) return n;
  return fail(`"${label}" not found between lines ${from} and ${before}`);
}

// ---------------------------------------------------------------------------------------------
// Assessments and activities.

const ASSESSMENT = /^(?:[—●]\s*)?(Ingen|Uppfylls helt|Uppfylls delvis|Uppfylls inte)$/;

/** The printed assessment at its line; `Ingen` → null. */
function assessment(a) {
  const m = ASSESSMENT.exec(line(a.line));
  if (!m) fail(`line ${a.line}: no assessment in "${line(a.line)}"`);
  if (m[1] !== a.assessment) fail(`line ${a.line}: "${m[1]}" ≠ "${a.assessment}"`);
  return m[1] === "Ingen" ? null : m[1];
}

const STATUS = { done: "Klar", avvikelse: "Avvikelse", blank: null };

/** An activity row as the text prints it: `✓ text<TAB>start<TAB>end<TAB>Avvikelse`. */
function activityRow(act, goalId) {
  const cells = seedLines[act.line - 1].split("\t").map((c) => c.trim());
  const [first = "", start = "", end = "", deviation = ""] = cells;
  const done = first.startsWith("✓");
  const text = first.replace(/^✓\s*/, "");
  if (squash(text) !== squash(act.text)) fail(`line ${act.line}: activity text differs`);
  if (start !== act.startdatum || end !== act.slutdatum) fail(`line ${act.line}: dates differ`);
  const status = done ? "Klar" : deviation === "Avvikelse" ? "Avvikelse" : null;
  if (done && deviation !== "") fail(`line ${act.line}: both ✓ and "${deviation}"`);
  if (STATUS[act.status] !== status) fail(`line ${act.line}: status "${act.status}" ≠ ${status}`);
  let comment = null;
  const next = seedLines[act.line] || "";
  if (/^Analys\s/.test(next)) {
    comment = squash(next.replace(/^Analys\s+/, ""));
    if (act.analys === undefined || squash(act.analys) !== comment)
      fail(`line ${act.line + 1}: Analys differs`);
  } else if (act.analys !== undefined) fail(`line ${act.line + 1}: no Analys row`);
  return [act.id, goalId, squash(act.text), act.startdatum, act.slutdatum, null, status, comment];
}

// ---------------------------------------------------------------------------------------------
// The goal chain.

const referenceRows = [];
const goalRows = [];
const activityRows = [];

/** The line where the next goal heading after `n` starts (the end of this goal's section). */
function nextHeading(n) {
  for (let m = n + 1; m <= seedLines.length; m++) {
    if (/^(KF:s inriktningsmål|KF:s mål för verksamhetsområdet|Nämndmål|Enhetsmål):/.test(line(m))) return m;
    if (line(m) === "Uppföljning av ekonomi") return m;
  }
  return seedLines.length + 1;
}

for (const im of vb.inriktningsmal) {
  expectHeading(im.line, `KF:s inriktningsmål: ${im.id}. `, im.text);
  referenceRows.push([im.id, "KF:s inriktningsmål", null, im.text, null, null, null]);
  for (const kf of im.kf_mal) {
    expectHeading(kf.line, `KF:s mål för verksamhetsområdet: ${kf.printed_number} `, kf.text);
    if (!kf.id.startsWith(`${im.id}.`)) fail(`${kf.id} is not under ${im.id}`);
    if (assessment(kf.assessment) !== null) fail(`${kf.id}: a KF goal assessed by the unit`);
    referenceRows.push([kf.id, "KF:s mål för verksamhetsområdet", im.id, kf.text, null, null, null]);
    for (const n of kf.namndmal) {
      expectHeading(n.line, "Nämndmål: ", n.text);
      if (assessment(n.assessment) !== null) fail(`${n.id}: a nämndmål assessed by the unit`);
      const end = nextHeading(n.line);
      const description = joinItems(n.beskrivning, labelLine("Beskrivning", n.line, end) + 1);
      const expected = joinItems(
        n.forvantat_resultat,
        labelLine("Förväntat resultat", description.end, end) + 1,
      );
      referenceRows.push([n.id, "Nämndmål", kf.id, n.text, null, description.text, expected.text]);
      for (const act of n.activities) activityRows.push(activityRow(act, n.id));
      for (const e of n.enhetsmal) {
        expectHeading(e.line, "Enhetsmål: ", e.text);
        const eEnd = nextHeading(e.line);
        const expectedE = joinItems(e.forvantat_resultat, labelLine("Förväntat resultat", e.line, eEnd) + 1);
        if (line(e.analys_line) !== "Analys") fail(`line ${e.analys_line}: no "Analys"`);
        const analysis = joinItems(e.analys, e.analys_line + 1);
        goalRows.push([
          e.id,
          "Enhetsmål",
          n.id,
          e.text,
          null,
          null,
          null,
          expectedE.text,
          assessment(e.assessment),
          analysis.text,
        ]);
        for (const act of e.activities) activityRows.push(activityRow(act, e.id));
      }
    }
  }
}

// The extraction's own counts, and every activity row of the text taken.
const levelCount = (level) => referenceRows.filter((r) => r[1] === level).length;
const statusCount = (status) => activityRows.filter((r) => r[6] === status).length;
const expectCount = (what, got, want) => {
  if (got !== want) fail(`${what}: ${got}, the extraction counts ${want}`);
};
expectCount("KF mål", levelCount("KF:s mål för verksamhetsområdet"), vb.counts.kf_mal);
expectCount("nämndmål", levelCount("Nämndmål"), vb.counts.namndmal);
expectCount("enhetsmål", goalRows.length, vb.counts.enhetsmal);
expectCount("activities", activityRows.length, vb.counts.activities);
expectCount("done", statusCount("Klar"), vb.counts.activities_done);
expectCount("avvikelse", statusCount("Avvikelse"), vb.counts.activities_avvikelse);
expectCount("blank", statusCount(null), vb.counts.activities_blank);
expectCount(
  "with analys",
  activityRows.filter((r) => r[7] !== null).length,
  vb.counts.activities_with_analys,
);
const printedRows = seedLines.filter((l) => /\t\d{4}-\d{2}-\d{2}\t\d{4}-\d{2}-\d{2}\t/.test(l)).length;
expectCount("activity rows in the text", activityRows.length, printedRows);
// The economy section is empty headings only (nothing to take from it).
for (let n = vb.uppfoljning_av_ekonomi.line + 1; n < vb.ovrigt.heading_line; n++) {
  if (
    !isBlank(n) &&
    !vb.uppfoljning_av_ekonomi.sub_headings.some((h) => h.line === n) &&
    line(n) !== "Systematiskt kvalitetsarbete"
  )
    fail(`line ${n}: the economy section has text: "${line(n)}"`);
}

// ---------------------------------------------------------------------------------------------
// The workbook.

const areaTable = board.tables.find((t) => t.table === "Verksamhetsomraden");
if (!areaTable) throw new Error(`${path.relative(ROOT, BOARD_EXAMPLE)}: table Verksamhetsomraden missing`);

const PERIODS = [
  ["BU2021", "Budget 2021", "Budget", 2021, "Ja"],
  ["BS2021", "Bokslut 2021", "Bokslut", 2021, "Nej"],
];
const periodTitles = PERIODS.map((p) => p[1]);

const content = {
  tables: [
    {
      sheet: "Inställningar",
      table: "Installningar",
      headers: HEADERS.SETTINGS,
      rows: [
        ["Organisation", "Resursenheten"],
        ["Nivå", "Enhet"],
        ["Överordnad organisation", "Hägersten-Älvsjö stadsdelsnämnd"],
        ["Planår", 2021],
        ["Dokument", "Verksamhetsberättelse"],
        ["Beloppsenhet i indata", "tkr"],
        ["Beloppsenhet i sammanställning", "mnkr"],
        ["Decimaler i sammanställning", 1],
        ["Budgetram netto", null],
      ],
    },
    {
      sheet: "Inställningar",
      table: "Perioder",
      headers: HEADERS.PERIODS,
      rows: PERIODS,
    },
    {
      sheet: areaTable.sheet,
      table: areaTable.table,
      headers: areaTable.headers,
      rows: areaTable.rows,
    },
    {
      sheet: "Nämndens mål",
      table: "NamndensMal",
      headers: HEADERS.REFERENCE_GOALS,
      rows: referenceRows,
    },
    {
      sheet: "Mål",
      table: "Mal",
      headers: HEADERS.GOALS,
      rows: goalRows,
    },
    {
      sheet: "Indikatorer",
      table: "Indikatorer",
      headers: HEADERS.INDICATORS,
      rows: [],
    },
    {
      sheet: "Aktiviteter",
      table: "Aktiviteter",
      headers: HEADERS.ACTIVITIES,
      rows: activityRows,
    },
    {
      sheet: "Budget",
      table: "Budget",
      headers: ["Verksamhetsområde", "Post", "Specifikation", ...periodTitles],
      rows: [],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Output: laid out by ./example-json.js.

writeContent(OUT, content);

const counts = `${referenceRows.length} nämnd goals, ${goalRows.length} enhetsmål, ${activityRows.length} activities`;
console.log(`${path.relative(ROOT, OUT)}: ${counts}`);
