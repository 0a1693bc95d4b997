/**
 * The command line for follow-up documents: templates with the follow-up columns, and `followup`,
 * which turns a plan's workbook into a follow-up document.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import { CODES } from "../../src/core/codes";
import { readPlan } from "../../src/core/read";
import { readXlsx, readXlsxFile } from "../../src/xlsx/read";
import { writeXlsxFile } from "../../src/xlsx/write";
import { goodContent } from "../support/workbooks";
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

describe("followup", () => {
  const checkCodes = async (file: string): Promise<string[]> => {
    const io = captured();
    await main(["check", file, "--json"], io);
    return (JSON.parse(io.stdout()) as { findings: { code: string }[] }).findings.map((f) => f.code);
  };

  it("makes a plan's workbook a tertialrapport: Dokument, the missing columns, and a quiet check", async () => {
    const file = path.join(dir, "plan.xlsx");
    await writeXlsxFile(file, goodContent());
    expect(await headersOf(file, "Indikatorer")).not.toContain("Utfall T1");
    const io = captured();
    expect(await main(["followup", file, "--document", "t1"], io)).toBe(0);
    expect(io.stdout()).toContain(`Dokument är nu Tertialrapport 1 i ${file}.`);
    expect(io.stdout()).toContain(
      "Uppföljningskolumner lades till: Mal (Bedömning och Analys); Indikatorer (Utfall T1, Utfall T2, Utfall helår, Bedömning och Kommentar); Aktiviteter (Status och Kommentar).",
    );
    expect(readPlan(await readXlsxFile(file)).plan.settings.document).toBe("Tertialrapport 1");
    expect((await headersOf(file, "Indikatorer"))?.slice(-5)).toEqual([
      "Utfall T1",
      "Utfall T2",
      "Utfall helår",
      "Bedömning",
      "Kommentar",
    ]);
    expect((await headersOf(file, "Mal"))?.slice(-2)).toEqual(["Bedömning", "Analys"]);
    expect((await headersOf(file, "Aktiviteter"))?.slice(-2)).toEqual(["Status", "Kommentar"]);
    expect(await checkCodes(file)).not.toContain(CODES.followUpColumnsMissing);

    // Again (now a verksamhetsberättelse): Dokument changes, no column is added twice.
    const bytes = await fs.readFile(file);
    const again = captured();
    expect(await main(["followup", file, "--document", "vb"], again)).toBe(0);
    expect(again.stdout()).toContain("inga kolumner lades till");
    expect(readPlan(await readXlsxFile(file)).plan.settings.document).toBe("Verksamhetsberättelse");
    expect((await readXlsxFile(file)).tables.map((t) => [t.name, t.headers.length])).toEqual(
      (await readXlsx(bytes)).tables.map((t) => [t.name, t.headers.length]),
    );
  });

  it("works on the bundled example (Hägersten-Älvsjö VP 2025): every indicator row gets the columns", async () => {
    const file = path.join(dir, "exempel.xlsx");
    expect(await main(["example", "-o", file], captured())).toBe(0);
    const before = await readXlsxFile(file);
    expect(await main(["followup", file, "--document", "vb"], captured())).toBe(0);
    const after = await readXlsxFile(file);
    const indicators = after.tables.find((t) => t.name === "Indikatorer");
    const old = before.tables.find((t) => t.name === "Indikatorer");
    expect(indicators?.rows.length).toBe(111);
    expect(indicators?.rows.map((r) => r.slice(0, old?.headers.length))).toEqual(old?.rows);
    expect(await checkCodes(file)).not.toContain(CODES.followUpColumnsMissing);
  });

  it("without the columns a follow-up Dokument gives UPF-KOLUMNER-SAKNAS (what followup fixes)", async () => {
    const file = path.join(dir, "t2-utan-kolumner.xlsx");
    const content = goodContent();
    await writeXlsxFile(file, {
      tables: content.tables.map((t) =>
        t.table === "Installningar"
          ? { ...t, rows: t.rows.map((r) => (r[0] === "Dokument" ? ["Dokument", "Tertialrapport 2"] : r)) }
          : t,
      ),
    });
    expect(await checkCodes(file)).toContain(CODES.followUpColumnsMissing);
    expect(await main(["followup", file, "--document", "t2"], captured())).toBe(0);
    expect(await checkCodes(file)).not.toContain(CODES.followUpColumnsMissing);
  });

  it("-o writes another file and leaves the input as it was", async () => {
    const file = path.join(dir, "plan.xlsx");
    const out = path.join(dir, "t2.xlsx");
    await writeXlsxFile(file, goodContent());
    const before = await fs.readFile(file);
    expect(await main(["followup", file, "--document", "t2", "-o", out], captured())).toBe(0);
    expect((await fs.readFile(file)).equals(before)).toBe(true);
    expect(readPlan(await readXlsxFile(out)).plan.settings.document).toBe("Tertialrapport 2");
  });

  it("a table that cannot grow: exit 2, a Swedish message naming it, nothing written", async () => {
    const file = path.join(dir, "plan.xlsx");
    const content = goodContent();
    // One empty column to the right of Mal (A:H), at J: Bedömning and Analys would need I and J.
    const notes = { sheet: "Mål", table: "Anteckningar", headers: ["Not"], rows: [["Min egen"]] };
    await writeXlsxFile(file, { tables: [...content.tables, notes] });
    const before = await fs.readFile(file);
    const io = captured();
    expect(await main(["followup", file, "--document", "t1"], io)).toBe(2);
    expect(io.stderr()).toMatch(/Tabellen ”Mal” kan inte få nya kolumner: .*Mål!J1.*Inget ändrades\./);
    expect((await fs.readFile(file)).equals(before)).toBe(true);
  });

  it("wrong use: exit 2 with a Swedish message", async () => {
    const file = path.join(dir, "plan.xlsx");
    await writeXlsxFile(file, goodContent());
    const cases: [string[], RegExp][] = [
      [["followup", file], /Ange vilket uppföljningsdokument/],
      [["followup", file, "--document", "vp"], /välj t1, t2 eller vb/],
      [["followup", file, "--document", "t4"], /Okänt dokument ”t4”/],
      [["followup", "--document", "t1"], /Ange vilken arbetsbok som ska följas upp/],
      [["followup", path.join(dir, "saknas.xlsx"), "--document", "t1"], /Filen ”saknas.xlsx” finns inte/],
    ];
    for (const [args, message] of cases) {
      const io = captured();
      expect({ args, code: await main(args, io) }).toEqual({ args, code: 2 });
      expect(io.stderr()).toMatch(message);
    }
    const help = captured();
    await main(["help"], help);
    expect(help.stdout()).toContain("verksamhetsplan followup FIL.xlsx --document t1|t2|vb [-o UT.xlsx]");
  });
});
