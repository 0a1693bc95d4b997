/**
 * A unit's consolidation digest is the same whichever way its file is read: with the fast reader
 * (as the worker pool and the pane's Web Worker do), through the pool's task (zlib), or with
 * ExcelJS. Generated unit workbooks of the benchmark's size, clean and with mistakes.
 */
import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import { consolidateDigests, digestUnit, type UnitDigest } from "../../src/core/consolidate";
import type { WorkbookContent } from "../../src/core/content";
import { boardContent, unitContent } from "../../src/bench/consolidate";
import { readXlsxFast } from "../../src/xlsx/fast-read";
import { runTask } from "../../src/xlsx/fast-read-worker";
import { readXlsx } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { withCell, withRows } from "../support/workbooks";

const setting = (content: WorkbookContent, name: string, value: string | null): WorkbookContent =>
  withRows(content, "Installningar", (rows) => rows.map((r) => (r[0] === name ? [name, value] : r)));

/** Unit workbooks: clean ones and ones with the mistakes units make. */
const units: [string, WorkbookContent][] = [
  ["enhet-001.xlsx", unitContent(1)],
  ["enhet-002.xlsx", unitContent(2)],
  [
    "belopp.xlsx",
    // Amounts as text (one ambiguous, one in Swedish style), an error value, a revenue with the
    // wrong sign, an unknown area.
    withRows(unitContent(3), "Budget", (rows) =>
      rows.map((r, i) => {
        const [area = null, post = null, specification = null, ...amounts] = r;
        if (i === 0) return [area, post, specification, "1.234", "3 224,7", ...amounts.slice(2)];
        if (i === 1) return [area, post, specification, { error: "#N/A" }, ...amounts.slice(1)];
        if (i === 2) return ["Okänt område", post, specification, ...amounts];
        if (i === 3) return [area, post, specification, 5000, ...amounts.slice(1)];
        return r;
      }),
    ),
  ],
  [
    "mal.xlsx",
    // An Enhetsmål linked to a nämndmål that the unit's list has but the nämnd has not, a goal
    // without text, a duplicate indicator ID, an unknown periodicity, a date that does not exist.
    withCell(
      withCell(
        withRows(
          withCell(
            withCell(
              withRows(unitContent(4), "Mal", (rows) => [
                ...rows,
                ["N-999", "Nämndmål", "1.1", "Ett nämndmål som strukits", "O1", null, null, null],
              ]),
              "Mal",
              12,
              "Överordnat mål",
              "N-999",
            ),
            "Mal",
            13,
            "Mål",
            null,
          ),
          "Indikatorer",
          (rows) => [...rows, [...(rows[0] ?? [])]],
        ),
        "Indikatorer",
        1,
        "Periodicitet",
        "Varannan vecka",
      ),
      "Aktiviteter",
      0,
      "Startdatum",
      "2025-02-30",
    ),
  ],
  ["namnd.xlsx", setting(unitContent(5), "Nivå", "Nämnd")],
  ["utan-namn.xlsx", setting(unitContent(6), "Organisation", null)],
  ["utan-budget.xlsx", { tables: unitContent(7).tables.filter((t) => t.table !== "Budget") }],
];

let fast: UnitDigest[];
let excel: UnitDigest[];
let pooled: UnitDigest[];

beforeAll(async () => {
  fast = [];
  excel = [];
  pooled = [];
  for (const [file, content] of units) {
    const bytes = await writeXlsx(content);
    fast.push(digestUnit({ file, workbook: readXlsxFast(bytes, { fileName: file }) }));
    excel.push(digestUnit({ file, workbook: await readXlsx(bytes, file) }));
    const outcome = runTask({ id: 0, bytes, name: file, digest: true });
    if (!outcome.digest) throw new Error(`no digest for ${file}`);
    pooled.push(outcome.digest);
  }
}, 60_000);

describe("a unit's digest by the fast reader and by ExcelJS", () => {
  it("is the same for every unit, clean or not, also through the pool's task", () => {
    expect(fast.map((d) => d.file)).toEqual(units.map(([file]) => file));
    for (let i = 0; i < units.length; i++) {
      expect(fast[i]).toStrictEqual(excel[i]);
      expect(pooled[i]).toStrictEqual(excel[i]);
    }
  });

  it("covers the mistakes: the bad units have the findings they should", () => {
    const codes = (file: string) => {
      const digest = fast.find((d) => d.file === file);
      return digest && "findings" in digest ? digest.findings.map((f) => f.code) : [];
    };
    expect(codes("enhet-001.xlsx").filter((c) => c !== CODES.signError)).toEqual([]);
    expect(codes("belopp.xlsx")).toEqual(
      expect.arrayContaining([CODES.badNumber, CODES.signError, CODES.unknownArea]),
    );
    expect(codes("mal.xlsx")).toEqual(
      expect.arrayContaining([CODES.missingValue, CODES.duplicateId, CODES.unknownValue, CODES.badDate]),
    );
    expect(fast.find((d) => d.file === "namnd.xlsx")).toMatchObject({ level: "Nämnd", budget: [] });
    expect(fast.find((d) => d.file === "utan-namn.xlsx")).toMatchObject({ notPlan: true });
    expect(fast.find((d) => d.file === "utan-budget.xlsx")).toMatchObject({ notPlan: true });
  });

  it("consolidates the same: units, budget and every finding in the same order", async () => {
    const board = analyzeWorkbook(readXlsxFast(await writeXlsx(boardContent())));
    const a = consolidateDigests(board, fast);
    const b = consolidateDigests(board, excel);
    expect(a.units).toStrictEqual(b.units);
    expect(a.budget).toStrictEqual(b.budget);
    expect(a.findings).toStrictEqual(b.findings);
    expect(a.units.filter((u) => u.included).map((u) => u.file)).toEqual([
      "enhet-001.xlsx",
      "enhet-002.xlsx",
      "belopp.xlsx",
      "mal.xlsx",
    ]);
    expect(a.findings.filter((f) => f.code === CODES.unitGoalNotInBoard).map((f) => f.file)).toEqual([
      "mal.xlsx",
    ]);
  });
});
