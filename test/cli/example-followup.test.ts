/** `verksamhetsplan example --followup`: the second bundled example, Resursenheten VB 2021. */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import { readXlsxFile } from "../../src/xlsx/read";
import { captured } from "./io";

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "vp-cli-followup-"));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("example --followup", () => {
  it("writes Resursenheten's Verksamhetsberättelse 2021, which reads without errors", async () => {
    const file = path.join(dir, "uppfoljning.xlsx");
    const io = captured();
    expect(await main(["example", "--followup", "-o", file], io)).toBe(0);
    expect(io.stdout()).toBe(
      `Uppföljningsexemplet (Resursenheten, Verksamhetsberättelse 2021) skrevs till ${file}.\n`,
    );
    expect(io.stderr()).toBe("");
    const { plan, findings } = analyzeWorkbook(await readXlsxFile(file));
    expect(plan.settings).toMatchObject({
      organisation: "Resursenheten",
      level: "Enhet",
      planYear: 2021,
      document: "Verksamhetsberättelse",
    });
    expect(plan.goals.filter((g) => g.level === "Enhetsmål")).toHaveLength(5);
    expect(plan.goals.filter((g) => g.reference)).toHaveLength(16);
    expect(plan.activities.map((a) => a.status ?? null)).toEqual([
      "Klar",
      "Klar",
      "Klar",
      "Avvikelse",
      "Avvikelse",
      null,
      null,
    ]);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("is what check and summarize work on: exit 0, the two missing statuses, an empty Budget summarized", async () => {
    const file = path.join(dir, "uppfoljning.xlsx");
    expect(await main(["example", "--followup", "-o", file], captured())).toBe(0);
    const check = captured();
    expect(await main(["check", file, "--json"], check)).toBe(0);
    const { findings } = JSON.parse(check.stdout()) as { findings: { code: string; cell: string }[] };
    expect(findings.filter((f) => f.code === CODES.statusMissing).map((f) => f.cell)).toEqual(["G7", "G8"]);
    const out = path.join(dir, "sammanstallning.xlsx");
    const summarize = captured();
    expect(await main(["summarize", file, "-o", out], summarize)).toBe(0);
    expect(summarize.stderr()).toBe("");
    const sheets = (await readXlsxFile(out)).sheetNames;
    expect(sheets).toEqual(
      expect.arrayContaining(["Sammanställning ekonomi", "Sammanställning mål", "Kontroll"]),
    );
  });

  it("leaves example without the flag as it was: Hägersten-Älvsjö VP 2025", async () => {
    const file = path.join(dir, "exempel.xlsx");
    const io = captured();
    expect(await main(["example", "-o", file], io)).toBe(0);
    expect(io.stdout()).toBe(`Exempelarbetsboken skrevs till ${file}.\n`);
    const { plan } = analyzeWorkbook(await readXlsxFile(file));
    expect(plan.settings.organisation).toBe("Hägersten-Älvsjö stadsdelsnämnd");
    expect(plan.settings.planYear).toBe(2025);
  });

  it("names the flag in the help text and asks for -o", async () => {
    const help = captured();
    expect(await main(["help"], help)).toBe(0);
    expect(help.stdout()).toMatch(
      /example --followup -o FIL\.xlsx +Skriv uppföljningsexemplet \(Resursenheten VB 2021\)/,
    );
    const noOutput = captured();
    expect(await main(["example", "--followup"], noOutput)).toBe(2);
    expect(noOutput.stderr()).toMatch(/Ange utfil med -o FIL\.xlsx/);
  });
});
