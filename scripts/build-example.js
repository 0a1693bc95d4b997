#!/usr/bin/env node
/*
 * Builds the bundled example workbook, Hägersten-Älvsjö stadsdelsnämnd, Verksamhetsplan 2025, as
 * `src/example/hagersten-alvsjo-2025.json` (the `WorkbookContent` shape of src/core/content.ts).
 *
 * Reads only the repo copies of the seed extractions under test/fixtures/seeds/extracted/
 * (goals-004.json for the goal chain, ekonomi-004.json for the economy tables) and writes the file
 * deterministically: same input, same bytes.
 *
 * Economy. The seed prints only rounded mnkr figures (one decimal). The Budget sheet holds tkr
 * lines (Kostnader positive, Intäkter negative) booked on areas and parts. Each line starts at the
 * printed figure × 1000 (minus what its parts carry), gets a small deterministic offset so the
 * amounts look like real tkr budgets, and a greedy search then moves lines (single lines, else
 * pairs; always within ±48 tkr of the start) until every displayed figure of every table holds: each area's and part's
 * Kostnader, Intäkter and Netto, every row of the net table incl. varav rows and Totalt, and the
 * whole nämnd's Kostnader/Intäkter/Netto, i.e. sum of the subtree's lines / 1000 rounded half away
 * from zero to one decimal equals the printed figure. Every sum is kept at least 2 tkr away from a
 * rounding boundary (|sum − printed × 1000| ≤ 48). The result is re-checked at the end.
 *
 * Seed consistency: all printed figures of "Redovisning av ekonomi" are mutually consistent (the
 * rows of each table add up exactly to its printed totals, the area tables add up to the nämnd's
 * Kostnader/Intäkter/Netto and the net table to Totalt), so no figure had to be given up. The IFO
 * parts do not add up to IFO (e.g. Kostnader VP 2025 348,1 vs 353,8): the difference is IFO's
 * ledningsfunktion and is booked on IFO itself, as the seed says ("inklusive ledningsfunktionen").
 * Stadsmiljö's Avskrivningar/Internränta and Ekonomiskt bistånd's Handläggning have only a net
 * figure; they are booked as Kostnader. Known text-level inconsistency, not used here: line 1822
 * says parkinvesteringsmedel 15,4 mnkr, lines 160 and 1920 say 16,4 mnkr (16,4 is used).
 *
 * Run: node scripts/build-example.js
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const HEADERS = require("./example-headers");
const { writeContent } = require("./example-json");

const ROOT = path.resolve(__dirname, "..");
const EXTRACTED = path.join(ROOT, "test", "fixtures", "seeds", "extracted");
const OUT = path.join(ROOT, "src", "example", "hagersten-alvsjo-2025.json");

const readJson = (file) => JSON.parse(fs.readFileSync(path.join(EXTRACTED, file), "utf8"));

// ---------------------------------------------------------------------------------------------
// Periods (the seed's column set, in its order). The seed prints "Beräknadslutlig" (a lost space).

const PERIODS = [
  { id: "VP2025", title: "VP 2025", type: "Budget", year: 2025, plan: true },
  { id: "VP2024", title: "VP 2024", type: "Budget", year: 2024, plan: false },
  { id: "BSB2024", title: "Beräknad slutlig budget 2024", type: "Justerad budget", year: 2024, plan: false },
  { id: "PU2024", title: "Prognostiserat utfall 2024 (Okt)", type: "Prognos", year: 2024, plan: false },
  { id: "BS2023", title: "Bokslut 2023", type: "Bokslut", year: 2023, plan: false },
];

// ---------------------------------------------------------------------------------------------
// Areas in the net table's order. `table`: id of the area's own table in ekonomi-004.json;
// `net`: label of its row in the net table (E004-T01); `cost`/`income`: Specifikation of the
// lines booked on the area itself.

const AREAS = [
  {
    code: "ADM",
    name: "Nämnd- och förvaltningsadministration",
    netLabel: "Nämnd och förvaltningsövergripande administration",
    table: "E004-T03",
    net: "Nämnd och förvaltningsövergripandeadministration",
    cost: "Nämnd, förvaltningsledning, lokaler och gemensam IT",
    income: "Ersättningar och övriga intäkter",
  },
  {
    code: "IFO",
    name: "Individ- och familjeomsorg",
    table: "E004-T04",
    net: "Individ- och familjeomsorg",
    cost: "Ledningsfunktion för individ- och familjeomsorg",
    income: "Ersättningar, ledningsfunktion",
  },
  {
    code: "IFO-BU",
    name: "Barn och ungdom",
    parent: "IFO",
    varav: true,
    table: "E004-T05",
    net: "varav barn och ungdom",
    cost: "Utredningar, öppna insatser och placeringar för barn och unga",
    income: "Statsbidrag, familjerättsersättning och övriga ersättningar",
  },
  {
    code: "IFO-VU",
    name: "Vuxna",
    parent: "IFO",
    varav: true,
    table: "E004-T06",
    net: "varav vuxna",
    cost: "Beroendevård, stöd vid våld i nära relationer, budget- och skuldrådgivning",
    income: "Hyresintäkter och ersättningar",
  },
  {
    code: "IFO-SP",
    name: "Socialpsykiatri",
    parent: "IFO",
    varav: true,
    table: "E004-T07",
    net: "varav socialpsykiatri",
    cost: "Bostad med särskild service, boendestöd, sysselsättning och ledsagning",
    income: "Försäljning till andra nämnder och kommuner, boendehyror och egenavgifter",
  },
  {
    code: "IFO-NY",
    name: "Nyanlända",
    parent: "IFO",
    varav: true,
    table: "E004-T08",
    net: "varav nyanlända",
    cost: "Socialt stöd till nyanlända",
    income: "Ersättningar från Migrationsverket",
  },
  {
    code: "SM",
    name: "Stadsmiljö",
    table: "E004-T09",
    net: "Stadsmiljö",
    cost: "Parkdrift, skötsel och underhåll av parkmark",
    income: "Externa intäkter",
  },
  {
    code: "SM-AVS",
    name: "Avskrivningar",
    parent: "SM",
    varav: true,
    net: "varav avskrivningar",
    cost: "Avskrivningar parkanläggningar",
  },
  {
    code: "SM-IR",
    name: "Internränta",
    parent: "SM",
    varav: true,
    net: "varav internränta",
    cost: "Internränta parkanläggningar",
  },
  {
    code: "FSK",
    name: "Förskola",
    table: "E004-T10",
    net: "Förskola",
    cost: "Förskoleverksamhet, barn i behov av särskilt stöd och öppen förskola",
    income: "Föräldraavgifter, statsbidrag och försäljning till andra nämnder",
  },
  {
    code: "AO",
    name: "Äldreomsorg",
    table: "E004-T11",
    net: "Äldreomsorg",
    cost: "Beställarbudget, anslagsbudgeterad verksamhet och övergripande kostnader",
    income: "Avgifter, boendehyror och försäljning till andra nämnder och kommuner",
  },
  {
    code: "FN",
    name: "Stöd och service till personer med funktionsnedsättning",
    table: "E004-T12",
    net: "Stöd och service till personer med funktionsnedsättning",
    cost: "Boende, daglig verksamhet, personlig assistans, avlösning och korttidsvistelse",
    income: "LASS-ersättning, boendehyror, egenavgifter och försäljning",
  },
  {
    code: "BKF",
    name: "Barn, kultur och fritid",
    table: "E004-T13",
    net: "Barn, kultur och fritid",
    cost: "Mötesplatser, parklekar, kultur- och fritidsverksamhet",
    income: "Sommarkoloniverksamhet och bidrag",
  },
  {
    code: "AMA",
    name: "Arbetsmarknadsåtgärder",
    table: "E004-T14",
    net: "Arbetsmarknadsåtgärder",
    cost: "Arbetsträning och arbetsmarknadsinsatser",
    income: "Statsbidrag och ersättningar",
  },
  {
    code: "EB",
    name: "Ekonomiskt bistånd",
    table: "E004-T15",
    net: "Ekonomiskt bistånd",
    cost: "Utbetalt ekonomiskt bistånd",
    income: "Återbetalningar och ersättningar",
  },
  {
    code: "EB-HL",
    name: "Handläggning",
    parent: "EB",
    varav: true,
    net: "varav handläggning",
    cost: "Handläggning av ekonomiskt bistånd",
  },
  // No table in the seed and no budget ("ingen verksamhet"); shown as 0,0 in the net table.
  { code: "OV", name: "Övrig verksamhet", net: "Övrig verksamhet", ownTable: false },
];

const NET_TABLE = "E004-T01";
const WHOLE_TABLE = "E004-T02";
const POSTS = ["Kostnader", "Intäkter"];

/** Kod of the area and all its descendants. */
function subtree(code) {
  const out = [code];
  for (const a of AREAS) if (a.parent === code) out.push(...subtree(a.code));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Printed figures, in units of 0.1 mnkr (= 100 tkr) to stay in integers.

const ekonomi = readJson("ekonomi-004.json");
const tablesById = new Map(ekonomi.tables.map((t) => [t.id, t]));

function printedRow(tableId, label) {
  const table = tablesById.get(tableId);
  if (!table) throw new Error(`ekonomi-004.json: table ${tableId} missing`);
  if (table.columns.length !== PERIODS.length) throw new Error(`${tableId}: unexpected column count`);
  const row = table.rows.find((r) => r.label === label);
  if (!row) throw new Error(`${tableId}: row "${label}" missing`);
  return row.values.map((v) => Math.round(v.value * 10));
}

/** A displayed figure: the areas whose lines it sums, the post (or both for Netto), the printed value. */
const displayed = [];
function addDisplayed(where, codes, posts, printed) {
  PERIODS.forEach((_, p) => displayed.push({ where, codes, posts, period: p, printed: printed[p] }));
}

/** Areas and posts a printed figure sums: Kostnader, Intäkter or (Netto) both. */
const postsOf = (label) => (label === "Netto" ? POSTS : [label]);
const allCodes = AREAS.map((a) => a.code);
const KIN = ["Kostnader", "Intäkter", "Netto"];

for (const area of AREAS) {
  const codes = subtree(area.code);
  if (area.table) {
    for (const label of KIN) {
      const figures = printedRow(area.table, label);
      addDisplayed(`${area.table} ${area.name} ${label}`, codes, postsOf(label), figures);
    }
  }
  addDisplayed(`${NET_TABLE} ${area.net}`, codes, POSTS, printedRow(NET_TABLE, area.net));
}
addDisplayed(`${NET_TABLE} Totalt`, allCodes, POSTS, printedRow(NET_TABLE, "Totalt"));
for (const label of KIN) {
  addDisplayed(`${WHOLE_TABLE} ${label}`, allCodes, postsOf(label), printedRow(WHOLE_TABLE, label));
}

// ---------------------------------------------------------------------------------------------
// Budget lines: one Kostnader and one Intäkter line per area that has a table, one Kostnader line
// per net-only part. Start values (in 0.1 mnkr) = the area's own printed figure minus its parts'.

function ownStart(area, post) {
  const children = AREAS.filter((a) => a.parent === area.code);
  let own;
  if (area.table) own = printedRow(area.table, post);
  else if (post === "Kostnader") own = printedRow(NET_TABLE, area.net);
  else own = PERIODS.map(() => 0);
  for (const child of children) {
    const childOwn = child.table
      ? printedRow(child.table, post)
      : post === "Kostnader"
        ? printedRow(NET_TABLE, child.net)
        : PERIODS.map(() => 0);
    own = own.map((v, p) => v - childOwn[p]);
  }
  return own;
}

const lines = [];
for (const area of AREAS) {
  if (area.ownTable === false) continue;
  for (const post of POSTS) {
    const start = ownStart(area, post);
    if (start.every((v) => v === 0)) continue; // e.g. Stadsmiljö's parts have no Intäkter
    const specification = post === "Kostnader" ? area.cost : area.income;
    lines.push({ area: area.code, post, specification, start });
  }
}

/** FNV-1a, for deterministic offsets. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const MAX_DEVIATION = 48; // tkr from printed × 1000: keeps ≥ 2 tkr from the rounding boundary

/**
 * Solves one period. Variables: the tkr amount of each line (a line whose start is 0 stays 0).
 * Minimises the total violation Σ max(0, |sum − printed×1000| − 48) over all displayed figures by
 * greedy single-line moves (steps 1…20 tkr); when no single move helps (e.g. a Netto that needs
 * Kostnader up and Intäkter down at once) it tries moving two lines together. The first best move
 * wins, so the result is deterministic. Fails loudly, naming the figures it cannot reach.
 */
function solvePeriod(p) {
  const base = lines.map((l) => l.start[p] * 100);
  const fixed = base.map((b) => b === 0);
  const noise = (l) => (hash(`${l.area}|${l.post}|${PERIODS[p].id}`) % 81) - 40;
  const offset = lines.map((l, i) => (fixed[i] ? 0 : noise(l)));
  const constraints = displayed
    .filter((d) => d.period === p)
    .map((d) => ({
      where: d.where,
      target: d.printed * 100,
      members: lines
        .map((l, i) => (d.codes.includes(l.area) && d.posts.includes(l.post) ? i : -1))
        .filter((i) => i >= 0),
    }));
  const sum = (c) => c.members.reduce((s, i) => s + base[i] + offset[i], 0);
  const excess = (c) => Math.max(0, Math.abs(sum(c) - c.target) - MAX_DEVIATION);
  const violation = () => constraints.reduce((s, c) => s + excess(c), 0);

  /** Fallback when no single move helps: move two lines at once (e.g. Kostnader up, Intäkter down). */
  function bestPairMove(current) {
    let best = null;
    for (let i = 0; i < lines.length; i++) {
      for (let j = i + 1; j < lines.length; j++) {
        if (fixed[i] || fixed[j]) continue;
        for (const step of [1, 5, 20, -1, -5, -20]) {
          for (const sign of [1, -1]) {
            const ni = offset[i] + step;
            const nj = offset[j] + sign * step;
            if (Math.abs(ni) > MAX_DEVIATION || Math.abs(nj) > MAX_DEVIATION) continue;
            const [si, sj] = [offset[i], offset[j]];
            offset[i] = ni;
            offset[j] = nj;
            const v = violation();
            offset[i] = si;
            offset[j] = sj;
            const moves = [i, j].map((k, n) => [k, n === 0 ? ni : nj]);
            if (v < current && (best === null || v < best.v)) best = { moves, v };
          }
        }
      }
    }
    return best;
  }

  let current = violation();
  for (let iteration = 0; current > 0; iteration++) {
    if (iteration > 10000) break;
    let best = null;
    for (let i = 0; i < lines.length; i++) {
      if (fixed[i]) continue;
      for (const step of [1, 2, 5, 10, 20, -1, -2, -5, -10, -20]) {
        const next = offset[i] + step;
        if (Math.abs(next) > MAX_DEVIATION) continue;
        const saved = offset[i];
        offset[i] = next;
        const v = violation();
        offset[i] = saved;
        if (v < current && (best === null || v < best.v)) best = { moves: [[i, next]], v };
      }
    }
    if (best === null) best = bestPairMove(current);
    if (best === null) break;
    for (const [i, next] of best.moves) offset[i] = next;
    current = best.v;
  }
  if (current > 0) {
    const failing = constraints.filter((c) => excess(c) > 0).map((c) => c.where);
    throw new Error(`${PERIODS[p].title}: no amounts reproduce all printed figures: ${failing.join("; ")}`);
  }
  return base.map((b, i) => b + offset[i]);
}

const amounts = PERIODS.map((_, p) => solvePeriod(p)); // amounts[period][line], tkr

/** tkr → tenths of mnkr, rounded half away from zero. */
const roundTenths = (tkr) => Math.sign(tkr) * Math.floor((Math.abs(tkr) + 50) / 100);

for (const d of displayed) {
  let total = 0;
  lines.forEach((l, i) => {
    if (d.codes.includes(l.area) && d.posts.includes(l.post)) total += amounts[d.period][i];
  });
  if (roundTenths(total) !== d.printed || Math.abs(total - d.printed * 100) > MAX_DEVIATION) {
    throw new Error(`check failed: ${d.where} ${PERIODS[d.period].title}: ${total} tkr vs ${d.printed / 10}`);
  }
}
for (const amountsOfPeriod of amounts) {
  lines.forEach((l, i) => {
    const a = amountsOfPeriod[i];
    if ((l.post === "Kostnader" && a < 0) || (l.post === "Intäkter" && a > 0)) {
      throw new Error(`sign: ${l.area} ${l.post}`);
    }
  });
}

const planIndex = PERIODS.findIndex((p) => p.plan);
const budgetFrame = amounts[planIndex].reduce((s, a) => s + a, 0);

// ---------------------------------------------------------------------------------------------
// Goals, indicators, activities.

const goals = readJson("goals-004.json");

/** Verksamhetsområde of a nämndmål, where it clearly belongs to one area. */
const GOAL_AREAS = {
  "N-1.1-a": "BKF",
  "N-1.2-a": "FSK",
  "N-1.2-b": "FSK",
  "N-1.2-c": "FSK",
  "N-1.3-a": "IFO-BU",
  "N-1.3-c": "IFO-VU",
  "N-1.4-a": "AO",
  "N-1.5-a": "BKF",
  "N-3.2-a": "EB",
  "N-3.6-c": "SM",
};

const textOrNull = (s) => (s === undefined || s === null || s.trim() === "" ? null : s);
const joinLines = (list) => textOrNull((list || []).join("\n"));

function agenda2030(sentence) {
  if (!sentence) return null;
  const m = /mål ([\d, och]+) i Agenda 2030/.exec(sentence);
  if (!m) throw new Error(`Agenda 2030 not understood: ${sentence}`);
  return m[1].match(/\d+/g).join(", ");
}

function indicatorUnit(ind) {
  const name = ind.name.toLocaleLowerCase("sv");
  if (name.startsWith("andel")) return "%";
  if (name.startsWith("antal")) return "antal";
  if (name.includes("index")) return "index";
  const printed =
    (ind.arsmal_parsed && ind.arsmal_parsed.unit) || (ind.kf_arsmal_parsed && ind.kf_arsmal_parsed.unit);
  return printed || null;
}

const goalRows = [];
const indicatorRows = [];
const activityRows = [];

function addItems(goalId, owner) {
  for (const ind of owner.indicators) {
    indicatorRows.push([
      ind.id,
      goalId,
      ind.name,
      indicatorUnit(ind),
      textOrNull(ind.arsmal),
      textOrNull(ind.kf_arsmal),
      textOrNull(ind.periodicitet),
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  }
  for (const act of owner.activities) {
    activityRows.push([act.id, goalId, act.text, act.startdatum, act.slutdatum, null, null, null]);
  }
}

for (const im of goals.inriktningsmal) {
  goalRows.push([im.id, "KF:s inriktningsmål", null, im.text, null, null, null, null, null, null]);
  for (const kf of im.kf_mal) {
    goalRows.push([
      kf.id,
      "KF:s mål för verksamhetsområdet",
      im.id,
      kf.text,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    addItems(kf.id, kf);
    for (const n of kf.namndmal) {
      goalRows.push([
        n.id,
        "Nämndmål",
        kf.id,
        n.text,
        GOAL_AREAS[n.id] || null,
        agenda2030(n.agenda_2030),
        joinLines(n.beskrivning),
        joinLines(n.forvantat_resultat),
        null,
        null,
      ]);
      addItems(n.id, n);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The workbook.

const periodTitles = PERIODS.map((p) => p.title);
const yesNo = (b) => (b ? "Ja" : "Nej");

const content = {
  tables: [
    {
      sheet: "Inställningar",
      table: "Installningar",
      headers: HEADERS.SETTINGS,
      rows: [
        ["Organisation", "Hägersten-Älvsjö stadsdelsnämnd"],
        ["Nivå", "Nämnd"],
        ["Planår", 2025],
        ["Dokument", "Verksamhetsplan"],
        ["Beloppsenhet i indata", "tkr"],
        ["Beloppsenhet i sammanställning", "mnkr"],
        ["Decimaler i sammanställning", 1],
        ["Budgetram netto", budgetFrame],
      ],
    },
    {
      sheet: "Inställningar",
      table: "Perioder",
      headers: HEADERS.PERIODS,
      rows: PERIODS.map((p) => [p.id, p.title, p.type, p.year, yesNo(p.plan)]),
    },
    {
      sheet: "Verksamhetsområden",
      table: "Verksamhetsomraden",
      headers: HEADERS.AREAS,
      rows: AREAS.map((a) => [
        a.code,
        a.name,
        a.parent || null,
        yesNo(Boolean(a.varav)),
        yesNo(Boolean(a.table)),
        "Nej",
        a.netLabel || null,
      ]),
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
      rows: indicatorRows,
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
      rows: lines.map((l, i) => [l.area, l.post, l.specification, ...amounts.map((a) => a[i])]),
    },
    {
      sheet: "Investeringar",
      table: "Investeringar",
      headers: ["Kategori", "Specifikation", ...periodTitles],
      rows: [
        // Seed lines 160 and 1920 (16,4 mnkr; line 1822 says 15,4) and 1926 (5,1 mnkr).
        ["Parkinvesteringar", "Park- och reinvesteringsmedel", 16400, null, null, null, null],
        ["Maskiner och inventarier", null, 5100, null, null, null, null],
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Output: laid out by ./example-json.js.

writeContent(OUT, content);

const counts = [goalRows.length, indicatorRows.length, activityRows.length, lines.length];
const summary = `${counts.join("/")} goals/indicators/activities/budget lines`;
console.log(`${path.relative(ROOT, OUT)}: ${summary}, Budgetram netto ${budgetFrame} tkr`);
