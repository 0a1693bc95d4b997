import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Workbook } from "exceljs";
import { main } from "../../src/cli/main";
import { analyzeWorkbook } from "../../src/core/analyze";
import { exampleWorkbook } from "../../src/example";
import { readXlsxFile } from "../../src/xlsx/read";
import { writeXlsxFile } from "../../src/xlsx/write";
import { captured } from "./io";

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "vp-cli-"));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("check", () => {
  it("prints exactly one JSON object with --json, exit 0 without errors", async () => {
    const file = path.join(dir, "exempel.xlsx");
    await writeXlsxFile(file, exampleWorkbook());
    const io = captured();
    expect(await main(["check", file, "--json"], io)).toBe(0);
    const parsed = JSON.parse(io.stdout()) as { findings: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(["findings"]);
    expect(parsed.findings).toHaveLength(11);
    for (const f of parsed.findings)
      expect(Object.keys(f)).toEqual(["severity", "code", "message", "sheet", "cell"]);
    expect(parsed.findings[0]).toMatchObject({ severity: "warning", sheet: "Aktiviteter", cell: "E2" });
  });

  it("exits 1 with errors and 2 for a file that cannot be used, with a Swedish message", async () => {
    const empty = path.join(dir, "mall.xlsx");
    expect(await main(["template", "-o", empty], captured())).toBe(0);
    const io = captured();
    expect(await main(["check", empty], io)).toBe(1);
    expect(io.stdout()).toMatch(/Organisation saknas/);
    const missing = captured();
    expect(await main(["check", path.join(dir, "finns-inte.xlsx")], missing)).toBe(2);
    expect(missing.stderr()).toMatch(/finns inte/);
    const text = path.join(dir, "text.xlsx");
    await fs.writeFile(text, "hej");
    const notXlsx = captured();
    expect(await main(["check", text], notXlsx)).toBe(2);
    expect(notXlsx.stderr()).toMatch(/inte en Excel-arbetsbok/);
  });
});

describe("template --from NÄMND.xlsx --unit", () => {
  it("writes a unit's workbook: Enhet of the nämnd, the nämnd's goals as a protected reference list", async () => {
    const board = path.join(dir, "namnd.xlsx");
    await writeXlsxFile(board, exampleWorkbook());
    const out = path.join(dir, "resursenheten.xlsx");
    const io = captured();
    expect(await main(["template", "--from", board, "--unit", "Resursenheten", "-o", out], io)).toBe(0);
    expect(io.stdout()).toMatch(/Resursenheten/);
    const { plan, findings } = analyzeWorkbook(await readXlsxFile(out));
    expect(findings).toEqual([]);
    expect(plan.settings).toMatchObject({
      level: "Enhet",
      parentOrganisation: "Hägersten-Älvsjö stadsdelsnämnd",
    });
    expect(plan.goals.filter((g) => g.reference && g.level === "Nämndmål")).toHaveLength(27);
    const wb = new Workbook();
    await wb.xlsx.readFile(out);
    expect(
      (wb.getWorksheet("Nämndens mål") as unknown as { sheetProtection?: object }).sheetProtection,
    ).toBeTruthy();
    expect(wb.getWorksheet("Mål")?.getCell("C2").dataValidation.formulae?.[0]).toBe(
      "'Nämndens mål'!$A$2:$A$2000",
    );
    for (const [sheet, cell] of [
      ["Indikatorer", "B2"],
      ["Indikatorer", "G2"],
      ["Indikatorer", "D2"],
      ["Budget", "A2"],
      ["Budget", "B2"],
    ] as const)
      expect(wb.getWorksheet(sheet)?.getCell(cell).dataValidation.type).toBe("list");
  });

  it("refuses a board workbook with errors, and a missing --unit", async () => {
    const empty = path.join(dir, "mall.xlsx");
    await main(["template", "-o", empty], captured());
    expect(
      await main(["template", "--from", empty, "--unit", "X", "-o", path.join(dir, "u.xlsx")], captured()),
    ).toBe(1);
    expect(await main(["template", "--from", empty, "-o", path.join(dir, "u.xlsx")], captured())).toBe(2);
  });
});
