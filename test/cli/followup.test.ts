/** The command line for follow-up documents: templates with the follow-up columns. */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import { readPlan } from "../../src/core/read";
import { readXlsxFile } from "../../src/xlsx/read";
import { captured } from "./io";

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "vp-cli-followup-"));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const headersOf = async (file: string, table: string) =>
  (await readXlsxFile(file)).tables.find((t) => t.name === table)?.headers;

describe("template --document", () => {
  it("writes the outcome, status and assessment columns for a tertialrapport", async () => {
    const file = path.join(dir, "t2.xlsx");
    const io = captured();
    expect(await main(["template", "-o", file, "--document", "t2", "--year", "2026"], io)).toBe(0);
    expect(io.stdout()).toContain("tertialrapport 2");
    expect(await headersOf(file, "Indikatorer")).toEqual(
      expect.arrayContaining(["Utfall T1", "Utfall T2", "Utfall helår", "Bedömning", "Kommentar"]),
    );
    expect(await headersOf(file, "Aktiviteter")).toEqual(expect.arrayContaining(["Status", "Kommentar"]));
    expect(await headersOf(file, "Mal")).toEqual(expect.arrayContaining(["Bedömning", "Analys"]));
    expect(readPlan(await readXlsxFile(file)).plan.settings.document).toBe("Tertialrapport 2");
  });

  it("accepts the Dokument value itself, and a plan by default has no follow-up columns", async () => {
    const vb = path.join(dir, "vb.xlsx");
    expect(await main(["template", "-o", vb, "--document", "Verksamhetsberättelse"], captured())).toBe(0);
    expect(readPlan(await readXlsxFile(vb)).plan.settings.document).toBe("Verksamhetsberättelse");
    const vp = path.join(dir, "vp.xlsx");
    expect(await main(["template", "-o", vp], captured())).toBe(0);
    expect(await headersOf(vp, "Indikatorer")).not.toContain("Utfall T1");
  });

  it("refuses an unknown document with a Swedish message", async () => {
    const io = captured();
    expect(await main(["template", "-o", path.join(dir, "x.xlsx"), "--document", "t3"], io)).toBe(2);
    expect(io.stderr()).toMatch(/Okänt dokument ”t3”. Välj vp, t1, t2 eller vb/);
  });
});
