import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import { analyzeWorkbook } from "../../src/core/analyze";
import { contentToNeutral } from "../../src/core/layout";
import { exampleWorkbook } from "../../src/example";
import { readXlsxFile } from "../../src/xlsx/read";
import { writeXlsxFile } from "../../src/xlsx/write";
import { bu, filledUnitContent } from "../support/units";
import { captured } from "./io";

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "vp-consolidate-"));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("consolidate NÄMND.xlsx UNIT.xlsx… -o OUT", () => {
  it("writes Enheter, the consolidated budget and the summaries; names and skips a broken file", async () => {
    const board = analyzeWorkbook(contentToNeutral(exampleWorkbook())).plan;
    const boardFile = path.join(dir, "namnd.xlsx");
    await writeXlsxFile(boardFile, exampleWorkbook());
    const a = path.join(dir, "resursenheten.xlsx");
    const b = path.join(dir, "enhet-b.xlsx");
    const broken = path.join(dir, "trasig.xlsx");
    await writeXlsxFile(a, filledUnitContent(board, "Resursenheten", "N-1.1-a", bu(100_000, -4_000)));
    await writeXlsxFile(b, filledUnitContent(board, "Enhet B", "N-1.3-a", bu(96_000, -3_000)));
    await fs.writeFile(broken, "inte en arbetsbok");
    const out = path.join(dir, "konsoliderad.xlsx");
    const progress: [number, number][] = [];
    const io = {
      ...captured(),
      progress: (done: number, total: number) => void progress.push([done, total]),
    };

    const code = await main(["consolidate", boardFile, a, b, broken, "-o", out], io);

    expect(code).toBe(1); // the broken file is an error finding; the rest is consolidated
    expect(io.stdout()).toMatch(/2 av 3 enhetsfiler konsoliderades/);
    expect(io.stdout()).toMatch(/Överhoppad: trasig\.xlsx: .*inte en Excel-arbetsbok/);
    expect(progress.at(-1)).toEqual([3, 3]);
    const result = await readXlsxFile(out);
    expect(result.sheetNames).toEqual(
      expect.arrayContaining([
        "Enheter",
        "Konsoliderad budget",
        "Sammanställning ekonomi",
        "Sammanställning mål",
        "Kontroll",
      ]),
    );
    const units = result.tables.find((t) => t.name === "Enheter")!;
    expect(units.rows.map((r) => r[0])).toEqual(["Resursenheten", "Enhet B", ""]);
    expect(units.rows.map((r) => r[3])).toEqual([0, 0, 0]);
    // The nämnd's input tables are untouched.
    const input = await readXlsxFile(boardFile);
    expect(result.tables.find((t) => t.name === "Budget")).toEqual(
      input.tables.find((t) => t.name === "Budget"),
    );
  });

  it("refuses a unit workbook in place of the nämnd's, and needs unit files", async () => {
    const board = analyzeWorkbook(contentToNeutral(exampleWorkbook())).plan;
    const a = path.join(dir, "a.xlsx");
    await writeXlsxFile(a, filledUnitContent(board, "A", "N-1.1-a", bu(1, -1)));
    expect(await main(["consolidate", a, a, "-o", path.join(dir, "o.xlsx")], captured())).toBe(2);
    expect(await main(["consolidate", a, "-o", path.join(dir, "o.xlsx")], captured())).toBe(2);
  });
});
