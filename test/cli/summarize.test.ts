import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { Workbook } from "exceljs";
import { main } from "../../src/cli/main";
import { GENERATED_SHEETS } from "../../src/core/spec";
import { exampleWorkbook } from "../../src/example";
import { METADATA_SHEET } from "../../src/xlsx/generated";
import { readXlsx } from "../../src/xlsx/read";
import { writeXlsx } from "../../src/xlsx/write";
import { withCell } from "../support/workbooks";
import { captured, CHECKED_AT } from "./io";

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "vp-summarize-"));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function exampleFile(name = "exempel.xlsx"): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, await writeXlsx(exampleWorkbook()));
  return file;
}

async function sheetNames(file: string): Promise<string[]> {
  const workbook = new Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.map((s) => s.name);
}

/** Every part of the package except docProps, as text. */
async function packageParts(file: string): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const out: Record<string, string> = {};
  for (const entry of Object.values(zip.files))
    if (!entry.dir && !entry.name.startsWith("docProps/")) out[entry.name] = await entry.async("string");
  return out;
}

describe("summarize", () => {
  it("writes the generated sheets to OUT, reports in Swedish and exits 0 without errors", async () => {
    const input = await exampleFile();
    const output = path.join(dir, "sammanställning.xlsx");
    const io = captured();
    expect(await main(["summarize", input, "-o", output], io)).toBe(0);
    expect(io.stderr()).toBe("");
    const text = io.stdout();
    expect(text).toContain(`Sammanställningen skrevs till ${output}.`);
    expect(text).toContain("Genererade blad: Sammanställning ekonomi, Sammanställning mål, Kontroll.");
    expect(text).toMatch(/Kontroll: 0 fel, \d+ varningar?, \d+ info/);
    expect(text).toContain("Totalt VP 2025: 3 224,7 mnkr");
    const names = await sheetNames(output);
    expect(names.slice(-4)).toEqual([...GENERATED_SHEETS, METADATA_SHEET]);
    // The input file is untouched and the check time is the injected one.
    expect(await sheetNames(input)).not.toContain("Kontroll");
    const control = (await readXlsx(await fs.readFile(output))).tables.find((t) => t.name === "Kontroll");
    expect(control?.sheet).toBe("Kontroll");
    const xml = Object.values(await packageParts(output)).join("");
    expect(xml).toContain(`Kontrollerad ${CHECKED_AT}.`);
    expect((await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("exits 1 when the workbook has errors, and still writes the summary with them in Kontroll", async () => {
    const input = path.join(dir, "fel.xlsx");
    const content = withCell(exampleWorkbook(), "Budget", 0, "Verksamhetsområde", "FINNS-EJ");
    await fs.writeFile(input, await writeXlsx(content));
    const output = path.join(dir, "ut.xlsx");
    const io = captured();
    expect(await main(["summarize", input, "-o", output], io)).toBe(1);
    expect(io.stdout()).toMatch(/Kontroll: 1 fel/);
    expect(io.stdout()).toContain("Budget!A2: Verksamhetsområdet ”FINNS-EJ” finns inte");
    const xml = Object.values(await packageParts(output)).join("");
    expect(xml).toContain("FINNS-EJ");
    expect(await sheetNames(output)).toContain("Kontroll");
  });

  it("exits 2 and writes nothing when a user's sheet is called Kontroll", async () => {
    const input = path.join(dir, "eget.xlsx");
    const workbook = new Workbook();
    await workbook.xlsx.load(
      (await writeXlsx(exampleWorkbook())) as unknown as Parameters<Workbook["xlsx"]["load"]>[0],
    );
    workbook.addWorksheet("Kontroll").getCell("A1").value = "Mina egna kontroller";
    await workbook.xlsx.writeFile(input);
    const output = path.join(dir, "ut.xlsx");
    const io = captured();
    expect(await main(["summarize", input, "-o", output], io)).toBe(2);
    expect(io.stderr()).toContain(
      "Bladet ”Kontroll” finns redan och skapades inte av Verksamhetsplan för Excel. Byt namn på bladet eller ta bort det och försök igen. Inget skrevs.",
    );
    expect(io.stdout()).toBe("");
    await expect(fs.access(output)).rejects.toThrow();

    // An existing OUT is left as it was.
    await fs.writeFile(output, "tidigare innehåll");
    expect(await main(["summarize", input, "-o", output], captured())).toBe(2);
    expect(await fs.readFile(output, "utf8")).toBe("tidigare innehåll");
    expect((await fs.readdir(dir)).sort()).toEqual(["eget.xlsx", "ut.xlsx"]);
  });

  it("exits 2 for a file that is missing or not a workbook, and for a wrong command line", async () => {
    const output = path.join(dir, "ut.xlsx");
    let io = captured();
    expect(await main(["summarize", path.join(dir, "finns-inte.xlsx"), "-o", output], io)).toBe(2);
    expect(io.stderr()).toContain("Filen ”finns-inte.xlsx” finns inte.");
    const text = path.join(dir, "text.xlsx");
    await fs.writeFile(text, "inte en arbetsbok");
    io = captured();
    expect(await main(["summarize", text, "-o", output], io)).toBe(2);
    expect(io.stderr()).toContain("är inte en Excel-arbetsbok");
    io = captured();
    expect(await main(["summarize", await exampleFile()], io)).toBe(2);
    expect(io.stderr()).toContain("Ange utfil med -o FIL.xlsx.");
    io = captured();
    expect(await main(["summarize", "-o", output], io)).toBe(2);
    expect(io.stderr()).toContain("summarize FIL.xlsx -o UT.xlsx");
    await expect(fs.access(output)).rejects.toThrow();
  });

  it("gives the same file when run again on its own output", async () => {
    const input = await exampleFile();
    const first = path.join(dir, "första.xlsx");
    const second = path.join(dir, "andra.xlsx");
    expect(await main(["summarize", input, "-o", first], captured())).toBe(0);
    expect(await main(["summarize", first, "-o", second], captured())).toBe(0);
    expect(await sheetNames(second)).toEqual(await sheetNames(first));
    expect(await packageParts(second)).toEqual(await packageParts(first));
    // In place (OUT = FILE) works too.
    expect(await main(["summarize", second, "-o", second], captured())).toBe(0);
    expect(await packageParts(second)).toEqual(await packageParts(first));
  });

  it("only the check time differs between runs at different times", async () => {
    const input = await exampleFile();
    const [a, b] = [path.join(dir, "a.xlsx"), path.join(dir, "b.xlsx")];
    await main(["summarize", input, "-o", a], captured("2025-03-01 14:05"));
    await main(["summarize", a, "-o", b], captured("2025-03-02 09:30"));
    const [pa, pb] = [await packageParts(a), await packageParts(b)];
    const differing = Object.keys(pa).filter((k) => pa[k] !== pb[k]);
    expect(differing).toEqual(["xl/sharedStrings.xml"]);
    expect(pb["xl/sharedStrings.xml"]?.replace("2025-03-02 09:30", "2025-03-01 14:05")).toBe(
      pa["xl/sharedStrings.xml"],
    );
  });

  it("is listed in the help", async () => {
    const io = captured();
    expect(await main(["help"], io)).toBe(0);
    expect(io.stdout()).toContain("verksamhetsplan summarize FIL.xlsx -o UT.xlsx");
  });
});
