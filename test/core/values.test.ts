import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import type { Target } from "../../src/core/model";
import { dateToSerial, type CellValue } from "../../src/core/sheet";
import { PERIODICITIES, POSTS } from "../../src/core/spec";
import {
  cellText,
  formatNumberSv,
  formatShortSv,
  formatTarget,
  invalidTargetMessage,
  isBlank,
  isoToSerial,
  isPercentFormat,
  looksLikeFormula,
  parseAgenda2030,
  parseAmount,
  parseDate,
  parseEnum,
  parseInteger,
  parsePercentValue,
  parseTarget,
  parseYesNo,
  roundHalfAwayFromZero,
  type Parsed,
} from "../../src/core/values";

const EXTRACTED = join(__dirname, "..", "fixtures", "seeds", "extracted");

function value<T>(result: Parsed<T>): T {
  if (!result.ok) throw new Error(`expected ok, got message: ${result.message}`);
  return result.value;
}

function message<T>(result: Parsed<T>): string {
  if (result.ok) throw new Error(`expected an error, got value ${JSON.stringify(result.value)}`);
  return result.message;
}

/** Equal, or within 1e-9 relative. */
function closeRel(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

const EXCEL_ERRORS = [
  "#N/A",
  "#REF!",
  "#VALUE!",
  "#DIV/0!",
  "#NAME?",
  "#NUM!",
  "#NULL!",
  "#SPILL!",
  "#CALC!",
];

describe("cellText and isBlank", () => {
  it("renders every kind of cell value as text", () => {
    expect(cellText(null)).toBe("");
    expect(cellText("  Hägersten \u00a0")).toBe("Hägersten");
    expect(cellText("3\u00a0224,7")).toBe("3 224,7");
    expect(cellText("3\u202f224,7")).toBe("3 224,7");
    expect(cellText(3224.7)).toBe("3224.7");
    expect(cellText(true)).toBe("SANT");
    expect(cellText(false)).toBe("FALSKT");
    expect(cellText({ error: "#N/A" })).toBe("#N/A");
  });

  it("treats null, empty and whitespace-only strings as blank, nothing else", () => {
    expect(isBlank(null)).toBe(true);
    expect(isBlank("")).toBe(true);
    expect(isBlank("  \t")).toBe(true);
    expect(isBlank("\u00a0 \u202f")).toBe(true);
    expect(isBlank(0)).toBe(false);
    expect(isBlank(false)).toBe(false);
    expect(isBlank("0")).toBe(false);
    expect(isBlank({ error: "#N/A" })).toBe(false);
  });

  it("is what trimming says, for any text (the quick path for visible first characters included)", () => {
    const spaces = fc.constantFrom(
      " ",
      "\t",
      "\n",
      "\u00a0",
      "\u1680",
      "\u2003",
      "\u202f",
      "\u3000",
      "\ufeff",
    );
    const text = fc.string({ unit: fc.oneof(spaces, fc.constantFrom("a", "Ö", "1", "#", "~", "\u007f")) });
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (t) => {
        expect(isBlank(t)).toBe(t.trim() === "");
        expect(cellText(t)).toBe(t.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, " ").trim());
      }),
      { numRuns: 3000 },
    );
  });
});

describe("looksLikeFormula", () => {
  it("detects text Excel would read as a formula", () => {
    for (const text of ["=SUM(A1)", "+46 8 123", "-5", "@foo"]) expect(looksLikeFormula(text)).toBe(true);
    for (const text of [" =A1", "Ökning", "5", "", "−5", "'=A1"]) expect(looksLikeFormula(text)).toBe(false);
  });
});

describe("parseAmount", () => {
  it.each<[CellValue, number]>([
    [3224.7, 3224.7],
    [-436.4, -436.4],
    [0, 0],
    ["3 224,7", 3224.7],
    ["3\u00a0224,7", 3224.7],
    ["3\u202f224,7", 3224.7],
    ["−436,4", -436.4],
    ["-436,4", -436.4],
    ["–436,4", -436.4],
    ["-210", -210],
    ["1051,5", 1051.5],
    ["0,0", 0],
    ["-0,0", 0],
    ["+5", 5],
    ["  329  ", 329],
    ["12 000", 12000],
    ["1 000 000", 1000000],
    ["3224.7", 3224.7],
    ["1234.567", 1234.567],
    ["0.125", 0.125],
    ["1 234.5", 1234.5],
    ["1,234", 1.234],
  ])("reads %j as %d", (input, expected) => {
    expect(value(parseAmount(input))).toBe(expected);
  });

  it("returns null for blank cells", () => {
    expect(value(parseAmount(null))).toBeNull();
    expect(value(parseAmount(""))).toBeNull();
    expect(value(parseAmount(" \u00a0 "))).toBeNull();
  });

  it("names the Excel error in the message", () => {
    for (const code of EXCEL_ERRORS) {
      expect(message(parseAmount({ error: code }))).toContain(`Cellen innehåller felvärdet ${code}`);
    }
    expect(message(parseAmount("#N/A"))).toContain("felvärdet #N/A");
  });

  it("rejects booleans, non-finite numbers and text that is not a number", () => {
    expect(message(parseAmount(true))).toContain("SANT");
    expect(message(parseAmount(false))).toContain("FALSKT");
    expect(message(parseAmount(Number.NaN))).toContain("inget giltigt tal");
    expect(parseAmount(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(parseAmount(Number.NEGATIVE_INFINITY).ok).toBe(false);
    for (const text of [
      "abc",
      "1,2,3",
      "12 34,5",
      "1 2345",
      "1.234,5",
      "1,234.5",
      "1.234.567",
      "3 224,7 tkr",
    ]) {
      expect(parseAmount(text).ok).toBe(false);
    }
    for (const text of ["NaN", "Infinity", "-Infinity", "1e5", "0x10", "(436,4)", "5-", ",5", "5,", "--5"]) {
      expect(parseAmount(text).ok).toBe(false);
    }
    expect(message(parseAmount("1".repeat(400)))).toContain("för stort");
  });

  it("explains what is wrong and what is expected, in Swedish, without cell address", () => {
    expect(message(parseAmount("3,2,1"))).toBe(
      "”3,2,1” är inte ett belopp i rätt form. Skriv talet med mellanslag mellan tusental och komma som " +
        "decimaltecken, till exempel 3 224,7.",
    );
    expect(message(parseAmount("abc"))).toBe(
      "”abc” är inte ett belopp. Skriv ett tal, till exempel 3 224,7.",
    );
    expect(message(parseAmount("12 34,5"))).toContain("mellanslag mellan tusental");
  });

  it("treats a dot followed by exactly three digits as ambiguous", () => {
    expect(message(parseAmount("1.234"))).toBe(
      "”1.234” är tvetydigt: punkten kan vara decimaltecken eller tusentalsavgränsare. Skriv 1234 eller 1,234.",
    );
    expect(message(parseAmount("-12.500"))).toContain("Skriv -12500 eller -12,500.");
    expect(parseAmount("999.999").ok).toBe(false);
  });

  it("cuts long text in messages", () => {
    const m = message(parseAmount("x".repeat(200)));
    expect(m.length).toBeLessThan(120);
    expect(m).toContain("…”");
  });

  it("reads every amount printed in the economy tables of seed 004", () => {
    const doc = JSON.parse(readFileSync(join(EXTRACTED, "ekonomi-004.json"), "utf8")) as {
      tables: { rows: { values: { printed: string; value: number | null }[] }[] }[];
    };
    let count = 0;
    for (const table of doc.tables) {
      for (const row of table.rows) {
        for (const cell of row.values) {
          const parsed = value(parseAmount(cell.printed));
          expect(parsed).toBe(cell.value);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(200);
  });
});

describe("parseInteger", () => {
  it("reads whole numbers", () => {
    expect(value(parseInteger(2025))).toBe(2025);
    expect(value(parseInteger("2025"))).toBe(2025);
    expect(value(parseInteger(" 2025 "))).toBe(2025);
    expect(value(parseInteger("2025,0"))).toBe(2025);
    expect(value(parseInteger("-3"))).toBe(-3);
    expect(value(parseInteger(null))).toBeNull();
  });

  it("rejects fractions, text and unsafe integers", () => {
    expect(message(parseInteger(2025.5))).toBe(
      "”2025,5” är inte ett heltal. Skriv ett heltal, till exempel 2025.",
    );
    expect(message(parseInteger("2025,5"))).toContain("inte ett heltal");
    expect(message(parseInteger("tjugo"))).toContain("inte ett heltal");
    expect(parseInteger(2 ** 60).ok).toBe(false);
    expect(message(parseInteger({ error: "#REF!" }))).toContain("#REF!");
  });
});

describe("roundHalfAwayFromZero and formatNumberSv", () => {
  it.each<[number, number, number]>([
    [1.005, 2, 1.01],
    [0.05, 1, 0.1],
    [-0.05, 1, -0.1],
    [2.675, 2, 2.68],
    [1.45, 1, 1.5],
    [-1.45, 1, -1.5],
    [0.5, 0, 1],
    [-0.5, 0, -1],
    [2.5, 0, 3],
    [1.4999, 0, 1],
    [999.95, 1, 1000],
    [3224.66, 1, 3224.7],
    [123, 2, 123],
    [1e21, 1, 1e21],
  ])("rounds %d at %d decimals to %d", (n, d, expected) => {
    expect(roundHalfAwayFromZero(n, d)).toBe(expected);
  });

  it("never returns -0 and keeps non-finite values", () => {
    expect(Object.is(roundHalfAwayFromZero(-0.04, 1), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0, 2), 0)).toBe(true);
    expect(roundHalfAwayFromZero(Number.NaN, 1)).toBeNaN();
    expect(roundHalfAwayFromZero(Number.POSITIVE_INFINITY, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("rejects invalid decimals", () => {
    expect(() => roundHalfAwayFromZero(1, -1)).toThrow(RangeError);
    expect(() => formatNumberSv(1, 1.5)).toThrow(RangeError);
  });

  it.each<[number, number, string]>([
    [3224.7, 1, "3 224,7"],
    [-436.4, 1, "-436,4"],
    [0, 1, "0,0"],
    [-0, 1, "0,0"],
    [-0.04, 1, "0,0"],
    [329, 1, "329,0"],
    [-210, 0, "-210"],
    [1051.5, 1, "1 051,5"],
    [1234567.891, 2, "1 234 567,89"],
    [999.95, 1, "1 000,0"],
    [0.05, 1, "0,1"],
    [1.005, 2, "1,01"],
    [12000, 0, "12 000"],
    [1e21, 0, "1 000 000 000 000 000 000 000"],
    [5e-324, 3, "0,000"],
  ])("formats %d with %d decimals as %s", (n, d, expected) => {
    expect(formatNumberSv(n, d)).toBe(expected);
  });

  it("formats numbers shortly for targets", () => {
    expect(formatShortSv(14.9)).toBe("14,9");
    expect(formatShortSv(12000)).toBe("12 000");
    expect(formatShortSv(0.04)).toBe("0,04");
    expect(formatShortSv(-0)).toBe("0");
  });
});

describe("parseDate and isoToSerial", () => {
  it("reads Excel serials, with or without time", () => {
    expect(value(parseDate(45688))).toBe("2025-01-31");
    expect(value(parseDate(45688.75))).toBe("2025-01-31");
    expect(value(parseDate(45658))).toBe("2025-01-01");
    expect(value(parseDate(1))).toBe("1900-01-01");
    expect(value(parseDate(59))).toBe("1900-02-28");
    expect(value(parseDate(61))).toBe("1900-03-01");
    expect(value(parseDate(2958465))).toBe("9999-12-31");
    expect(value(parseDate(2958465.99))).toBe("9999-12-31");
  });

  it("rejects serials outside Excel's range and the fictional 1900-02-29", () => {
    for (const serial of [0, 0.5, -1, 60, 2958466, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(message(parseDate(serial))).toContain("Skriv datum som 2025-01-31.");
    }
  });

  it("reads ISO text, with or without time", () => {
    expect(value(parseDate("2025-01-31"))).toBe("2025-01-31");
    expect(value(parseDate(" 2025-01-31 "))).toBe("2025-01-31");
    expect(value(parseDate("2025-01-31T00:00:00"))).toBe("2025-01-31");
    expect(value(parseDate("2025-01-31T23:59:59.999Z"))).toBe("2025-01-31");
    expect(value(parseDate("2025-01-31 00:00"))).toBe("2025-01-31");
    expect(value(parseDate("2024-02-29"))).toBe("2024-02-29");
    expect(value(parseDate(null))).toBeNull();
    expect(value(parseDate("  "))).toBeNull();
  });

  it("rejects impossible dates and other forms", () => {
    for (const text of ["2025-02-30", "2023-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "1899-12-31"]) {
      expect(message(parseDate(text))).toContain("inget giltigt datum");
    }
    for (const text of [
      "31/1 2025",
      "1 april",
      "2025-1-31",
      "20250131",
      "2025-01-31T25:00",
      "idag",
      "45688",
    ]) {
      expect(message(parseDate(text))).toBe(
        `”${text}” är inte ett datum i rätt form. Skriv datum som 2025-01-31.`,
      );
    }
    expect(message(parseDate({ error: "#VALUE!" }))).toContain("#VALUE!");
    expect(message(parseDate(true))).toContain("SANT");
  });

  it("converts ISO dates to serials", () => {
    expect(isoToSerial("2025-01-31")).toBe(45688);
    expect(isoToSerial("1900-01-01")).toBe(1);
    expect(isoToSerial("1900-02-28")).toBe(59);
    expect(isoToSerial("1900-03-01")).toBe(61);
    expect(isoToSerial("9999-12-31")).toBe(2958465);
    expect(() => isoToSerial("2025-02-30")).toThrow(RangeError);
    expect(() => isoToSerial("31/1 2025")).toThrow(RangeError);
  });

  it("agrees with dateToSerial of the sheet module after 1900-02-28", () => {
    for (const iso of ["1900-03-01", "2000-02-29", "2024-08-31", "2025-12-31"]) {
      expect(isoToSerial(iso)).toBe(dateToSerial(new Date(`${iso}T00:00:00Z`)));
    }
  });
});

describe("parsePercentValue", () => {
  it("reads fractions under a percent format as percent points", () => {
    expect(value(parsePercentValue(0.69, "0%"))).toBe(69);
    expect(value(parsePercentValue(0.973, "0.0 %"))).toBe(97.3);
    expect(value(parsePercentValue(0.005, "0.0%"))).toBe(0.5);
    expect(value(parsePercentValue(1, "[Red]0%"))).toBe(100);
  });

  it("reads plain numbers and percent text", () => {
    expect(value(parsePercentValue(69))).toBe(69);
    expect(value(parsePercentValue(69, "General"))).toBe(69);
    expect(value(parsePercentValue(69, '0" %"'))).toBe(69);
    expect(value(parsePercentValue("69 %"))).toBe(69);
    expect(value(parsePercentValue("69%"))).toBe(69);
    expect(value(parsePercentValue("69  %"))).toBe(69);
    expect(value(parsePercentValue("69\u00a0%"))).toBe(69);
    expect(value(parsePercentValue("0,5 %"))).toBe(0.5);
    expect(value(parsePercentValue("3,2 procent"))).toBe(3.2);
    expect(value(parsePercentValue("69"))).toBe(69);
    expect(value(parsePercentValue(null))).toBeNull();
  });

  it("rejects what is not a percentage", () => {
    expect(message(parsePercentValue("hög"))).toBe(
      "”hög” är inte ett procenttal. Skriv till exempel 69 % eller 69.",
    );
    expect(parsePercentValue("%").ok).toBe(false);
    expect(parsePercentValue("69 %%").ok).toBe(false);
    expect(message(parsePercentValue({ error: "#DIV/0!" }, "0%"))).toContain("#DIV/0!");
    expect(parsePercentValue(true).ok).toBe(false);
  });

  it("recognises percent number formats", () => {
    expect(isPercentFormat("0%")).toBe(true);
    expect(isPercentFormat("0.0 %")).toBe(true);
    expect(isPercentFormat("General")).toBe(false);
    expect(isPercentFormat('0" %"')).toBe(false);
    expect(isPercentFormat("0\\%")).toBe(false);
    expect(isPercentFormat(null)).toBe(false);
    expect(isPercentFormat(undefined)).toBe(false);
  });
});

describe("parseYesNo and parseEnum", () => {
  it("reads Ja/Nej", () => {
    expect(value(parseYesNo("Ja"))).toBe(true);
    expect(value(parseYesNo(" nej "))).toBe(false);
    expect(value(parseYesNo("JA"))).toBe(true);
    expect(value(parseYesNo(true))).toBe(true);
    expect(value(parseYesNo(null))).toBeNull();
    expect(message(parseYesNo("Kanske"))).toBe("”Kanske” är inte ett tillåtet värde. Skriv Ja eller Nej.");
    expect(message(parseYesNo({ error: "#N/A" }))).toContain("#N/A");
  });

  it("matches allowed values loosely and returns the canonical spelling", () => {
    expect(value(parseEnum("tertial", PERIODICITIES))).toBe("Tertial");
    expect(value(parseEnum("  MÅNAD\u00a0", PERIODICITIES))).toBe("Månad");
    expect(value(parseEnum("Kostnader", POSTS))).toBe("Kostnader");
    expect(value(parseEnum("", POSTS))).toBeNull();
    expect(value(parseEnum("högre  är\u00a0bättre", ["Högre är bättre", "Lägre är bättre"]))).toBe(
      "Högre är bättre",
    );
  });

  it("takes the first of allowed values that read alike, whatever list it is given", () => {
    expect(value(parseEnum("år", ["År", "ÅR", "år"]))).toBe("År");
    for (const list of [
      ["Ja", "Nej"],
      ["Nej", "Ja"],
    ])
      expect(value(parseEnum(" JA ", list))).toBe("Ja");
    expect(message(parseEnum("Nej", ["Ja"]))).toBe("”Nej” är inte ett tillåtet värde. Tillåtna värden: Ja.");
  });

  it("lists the allowed values when nothing matches", () => {
    expect(message(parseEnum("Manad", PERIODICITIES))).toBe(
      "”Manad” är inte ett tillåtet värde. Tillåtna värden: År, Halvår, Tertial, Kvartal, Månad.",
    );
    expect(message(parseEnum(3, POSTS))).toContain("Tillåtna värden: Kostnader, Intäkter, Netto.");
  });
});

describe("parseAgenda2030", () => {
  it.each<[CellValue, number[]]>([
    ["3, 4, 5, 10", [3, 4, 5, 10]],
    ["3,4 och 10", [3, 4, 10]],
    ["mål 3, 4, 5 och 10", [3, 4, 5, 10]],
    ["Mål 5, 10 och 11", [5, 10, 11]],
    ["10; 3 samt 3", [3, 10]],
    ["Agenda 2030: 1, 17", [1, 17]],
    [7, [7]],
    [null, []],
    ["", []],
  ])("reads %j", (input, expected) => {
    expect(value(parseAgenda2030(input))).toEqual(expected);
  });

  it("rejects numbers outside 1–17 and other text", () => {
    expect(message(parseAgenda2030("3, 18"))).toContain("”18” finns inte");
    expect(message(parseAgenda2030("0"))).toContain("”0” finns inte");
    expect(message(parseAgenda2030(18))).toContain("”18” finns inte");
    expect(message(parseAgenda2030("mål 3. God hälsa"))).toContain("ingen lista med Agenda 2030-mål");
    expect(message(parseAgenda2030("3-5"))).toContain("ingen lista med Agenda 2030-mål");
    expect(message(parseAgenda2030(3.4))).toContain("talet 3,4");
    expect(message(parseAgenda2030({ error: "#N/A" }))).toContain("#N/A");
  });
});

describe("parseTarget", () => {
  const cases: [CellValue, Target][] = [
    ["69 %", { kind: "number", value: 69, unit: "%", raw: "69 %" }],
    ["90%", { kind: "number", value: 90, unit: "%", raw: "90%" }],
    ["100  %", { kind: "number", value: 100, unit: "%", raw: "100  %" }],
    ["1,2 %", { kind: "number", value: 1.2, unit: "%", raw: "1,2 %" }],
    ["12 000", { kind: "number", value: 12000, raw: "12 000" }],
    ["14,9 st", { kind: "number", value: 14.9, unit: "antal", raw: "14,9 st" }],
    ["1 000 st", { kind: "number", value: 1000, unit: "antal", raw: "1 000 st" }],
    ["1 735 GWh", { kind: "number", value: 1735, unit: "GWh", raw: "1 735 GWh" }],
    ["1945 GWh", { kind: "number", value: 1945, unit: "GWh", raw: "1945 GWh" }],
    [
      "1,4 kg CO2 per kg livsmedel",
      { kind: "number", value: 1.4, unit: "kg CO2 per kg livsmedel", raw: "1,4 kg CO2 per kg livsmedel" },
    ],
    ["0,04", { kind: "number", value: 0.04, raw: "0,04" }],
    [" 53 ", { kind: "number", value: 53, raw: "53" }],
    ["3\u00a0500", { kind: "number", value: 3500, raw: "3 500" }],
    ["+/- 1 %", { kind: "tolerance", value: 1, unit: "%", raw: "+/- 1 %" }],
    ["+/-1 %", { kind: "tolerance", value: 1, unit: "%", raw: "+/-1 %" }],
    ["±1 %", { kind: "tolerance", value: 1, unit: "%", raw: "±1 %" }],
    ["+/−0,5 %", { kind: "tolerance", value: 0.5, unit: "%", raw: "+/−0,5 %" }],
    ["Max 10 personer", { kind: "max", value: 10, unit: "personer", raw: "Max 10 personer" }],
    ["Högst 5", { kind: "max", value: 5, raw: "Högst 5" }],
    ["≤ 5 dagar", { kind: "max", value: 5, unit: "dagar", raw: "≤ 5 dagar" }],
    ["Minst 80 %", { kind: "min", value: 80, unit: "%", raw: "Minst 80 %" }],
    ["Lägst 80 %", { kind: "min", value: 80, unit: "%", raw: "Lägst 80 %" }],
    ["MINST 3 st", { kind: "min", value: 3, unit: "antal", raw: "MINST 3 st" }],
    ["Ökning", { kind: "direction", direction: "increase", raw: "Ökning" }],
    ["öka", { kind: "direction", direction: "increase", raw: "öka" }],
    ["Öka", { kind: "direction", direction: "increase", raw: "Öka" }],
    ["ÖKNING", { kind: "direction", direction: "increase", raw: "ÖKNING" }],
    ["Minskning", { kind: "direction", direction: "decrease", raw: "Minskning" }],
    ["minska", { kind: "direction", direction: "decrease", raw: "minska" }],
    ["Tas fram av nämnd", { kind: "set_elsewhere", raw: "Tas fram av nämnd" }],
    ["Tas fram av nämnd/styrelse", { kind: "set_elsewhere", raw: "Tas fram av nämnd/styrelse" }],
    ["Tas fram av nämnden", { kind: "set_elsewhere", raw: "Tas fram av nämnden" }],
    ["tas fram av styrelse", { kind: "set_elsewhere", raw: "tas fram av styrelse" }],
    ["Fastställs 2025", { kind: "pending", year: 2025, raw: "Fastställs 2025" }],
    ["Fastställs senare", { kind: "pending", raw: "Fastställs senare" }],
    [null, { kind: "empty" }],
    ["", { kind: "empty" }],
    ["  \u00a0", { kind: "empty" }],
    [{ error: "#N/A" }, { kind: "invalid", raw: "#N/A" }],
    [true, { kind: "invalid", raw: "SANT" }],
    ["#REF!", { kind: "invalid", raw: "#REF!" }],
    ["ca 50 %", { kind: "invalid", raw: "ca 50 %" }],
    ["5-10 %", { kind: "invalid", raw: "5-10 %" }],
    ["1.234", { kind: "invalid", raw: "1.234" }],
    ["12 34 %", { kind: "invalid", raw: "12 34 %" }],
    ["Max personer", { kind: "invalid", raw: "Max personer" }],
    ["+/- -1 %", { kind: "invalid", raw: "+/- -1 %" }],
    ["Minskar kraftigt", { kind: "invalid", raw: "Minskar kraftigt" }],
    ["Tas fram", { kind: "invalid", raw: "Tas fram" }],
    ["=A1", { kind: "invalid", raw: "=A1" }],
  ];

  it.each(cases)("reads %j", (input, expected) => {
    expect(parseTarget(input)).toEqual(expected);
  });

  it("reads number cells, as percent points under a percent format", () => {
    expect(parseTarget(0.69, "0%")).toEqual({ kind: "number", value: 69, unit: "%", raw: "69 %" });
    expect(parseTarget(0.973, "0.0 %")).toEqual({ kind: "number", value: 97.3, unit: "%", raw: "97,3 %" });
    expect(parseTarget(14.9)).toEqual({ kind: "number", value: 14.9, raw: "14,9" });
    expect(parseTarget(12000, "General")).toEqual({ kind: "number", value: 12000, raw: "12 000" });
    expect(parseTarget(Number.NaN)).toEqual({ kind: "invalid", raw: "NaN" });
  });

  it("gives a message for invalid targets", () => {
    expect(invalidTargetMessage("ca 50 %")).toContain("”ca 50 %” kan inte läsas som ett årsmål.");
  });

  it("reads every Årsmål and KF:s årsmål of seeds 000, 001 and 004 like the extraction", () => {
    interface ParsedSeed {
      value: number | null;
      unit: string | null;
      kind: string;
      unit_printed?: string;
      unit_inferred?: boolean;
    }
    const kindMap: Record<string, Target["kind"]> = {
      number: "number",
      tolerance: "tolerance",
      max: "max",
      direction: "direction",
      set_by_board: "set_elsewhere",
      pending: "pending",
      empty: "empty",
    };
    const seen: [string, ParsedSeed][] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(walk);
      } else if (typeof node === "object" && node !== null) {
        const record = node as Record<string, unknown>;
        for (const key of ["arsmal", "kf_arsmal"]) {
          if (typeof record[key] === "string")
            seen.push([record[key], record[`${key}_parsed`] as ParsedSeed]);
        }
        Object.values(record).forEach(walk);
      }
    };
    for (const file of ["goals-000.json", "goals-001.json", "goals-004.json"]) {
      walk(JSON.parse(readFileSync(join(EXTRACTED, file), "utf8")));
    }
    expect(seen.length).toBeGreaterThan(200);

    for (const [printed, seed] of seen) {
      const target = parseTarget(printed);
      expect({ printed, kind: target.kind }).toEqual({ printed, kind: kindMap[seed.kind] });
      if (target.kind === "number" || target.kind === "tolerance" || target.kind === "max") {
        expect({ printed, value: target.value }).toEqual({ printed, value: seed.value });
        const expectedUnit =
          seed.unit_inferred || seed.unit_printed === ""
            ? undefined
            : seed.unit_printed === "st"
              ? "antal"
              : (seed.unit_printed ?? seed.unit ?? undefined);
        expect({ printed, unit: target.unit }).toEqual({ printed, unit: expectedUnit });
      }
      if (target.kind === "pending") expect(target.year).toBe(2025);
    }
  });
});

describe("formatTarget", () => {
  it("prints the raw text where there is one", () => {
    for (const text of [
      "69 %",
      "90%",
      "+/- 1 %",
      "Max 10 personer",
      "Ökning",
      "Tas fram av nämnd",
      "Fastställs 2025",
    ]) {
      expect(formatTarget(parseTarget(text))).toBe(text);
    }
    expect(formatTarget(parseTarget(0.69, "0%"))).toBe("69 %");
    expect(formatTarget({ kind: "empty" })).toBe("");
    expect(formatTarget({ kind: "invalid", raw: "ca 50 %" })).toBe("ca 50 %");
  });

  it("builds the text from the parts without raw", () => {
    expect(formatTarget({ kind: "number", value: 69, unit: "%", raw: "" })).toBe("69 %");
    expect(formatTarget({ kind: "number", value: 14.9, unit: "antal", raw: "" })).toBe("14,9 st");
    expect(formatTarget({ kind: "number", value: 12000, raw: "" })).toBe("12 000");
    expect(formatTarget({ kind: "tolerance", value: 1, unit: "%", raw: "" })).toBe("+/- 1 %");
    expect(formatTarget({ kind: "max", value: 10, unit: "personer", raw: "" })).toBe("Max 10 personer");
    expect(formatTarget({ kind: "min", value: 80, unit: "%", raw: "" })).toBe("Minst 80 %");
    expect(formatTarget({ kind: "direction", direction: "increase", raw: "" })).toBe("Ökning");
    expect(formatTarget({ kind: "direction", direction: "decrease", raw: "" })).toBe("Minskning");
    expect(formatTarget({ kind: "set_elsewhere", raw: "" })).toBe("Tas fram av nämnd");
    expect(formatTarget({ kind: "pending", year: 2026, raw: "" })).toBe("Fastställs 2026");
    expect(formatTarget({ kind: "pending", raw: "" })).toBe("Fastställs senare");
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests

const LONG_STRINGS = [
  "1".repeat(30_000),
  "1 000".repeat(6_000),
  " ".repeat(29_999) + "x",
  "x" + " ".repeat(29_998) + "y",
  "1" + " ".repeat(29_998) + "%",
  "+/- " + "9".repeat(29_996),
  "Max " + "1 ".repeat(14_998),
  "2025-01-31" + "0".repeat(29_990),
  "3, ".repeat(10_000),
  "=".repeat(30_000),
];

/** Characters that make up numbers and targets, to reach the corners of the grammars. */
const numberishChar = fc.constantFrom(
  ..."0123456789 ,.-+%/±\u00a0\u202f\u2212\u2013eEst".split(""),
  "GWh",
  "Max ",
  "Minst ",
  "procent",
);

const cellValueArb: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.string({ unit: numberishChar }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...EXCEL_ERRORS, "").map((error) => ({ error })),
  fc.tuple(fc.constantFrom("=", "+", "-", "@"), fc.string()).map(([prefix, rest]) => prefix + rest),
  fc.constantFrom(...LONG_STRINGS),
);

const numberFormatArb = fc.option(
  fc.constantFrom("0%", "0.0 %", "General", '0" %"', "[Red]0%", "", "yyyy-mm-dd"),
);

describe("properties", () => {
  it("formatted numbers read back as the rounded number, with any space and minus sign", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(" ", "\u00a0", "\u202f"),
        fc.constantFrom("-", "\u2212"),
        (n, d, space, minus) => {
          const text = formatNumberSv(n, d);
          expect(text).toMatch(
            d === 0 ? /^-?\d{1,3}( \d{3})*$/ : new RegExp(`^-?\\d{1,3}( \\d{3})*,\\d{${d}}$`),
          );
          const expected = roundHalfAwayFromZero(n, d);
          for (const variant of [text, text.replace(/ /g, space).replace("-", minus)]) {
            const parsed = value(parseAmount(variant));
            expect(parsed).not.toBeNull();
            expect(closeRel(parsed as number, expected)).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("rounding stays within half a unit, is symmetric and idempotent", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 3 }), (n, d) => {
        const r = roundHalfAwayFromZero(n, d);
        expect(Math.abs(r - n)).toBeLessThanOrEqual(0.5 * 10 ** -d + 1e-9 * Math.max(1, Math.abs(n)));
        expect(roundHalfAwayFromZero(-n, d)).toBe(r === 0 ? 0 : -r);
        expect(roundHalfAwayFromZero(r, d)).toBe(r);
      }),
    );
  });

  it("no parser throws for any cell value", () => {
    fc.assert(
      fc.property(cellValueArb, numberFormatArb, (v, fmt) => {
        parseAmount(v);
        parseInteger(v);
        parseDate(v);
        parseTarget(v, fmt);
        parsePercentValue(v, fmt);
        parseEnum(v, PERIODICITIES);
        parseAgenda2030(v);
        parseYesNo(v);
        cellText(v);
        isBlank(v);
        formatTarget(parseTarget(v, fmt));
      }),
      { numRuns: 3000 },
    );
  });

  it("handles 30 000-character strings quickly", () => {
    const start = Date.now();
    for (const text of LONG_STRINGS) {
      expect(parseAmount(text).ok).toBe(false);
      parseInteger(text);
      parseDate(text);
      // Runs of spaces collapse in targets, so the space-padded `1 … %` is the target 1 %.
      expect(parseTarget(text).kind).toBe(/^1 +%$/.test(text) ? "number" : "invalid");
      parsePercentValue(text);
      parseEnum(text, PERIODICITIES);
      parseAgenda2030(text);
      parseYesNo(text);
    }
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it("parseAmount never gives NaN or infinity, and text without digits is never a number", () => {
    fc.assert(
      fc.property(cellValueArb, (v) => {
        const r = parseAmount(v);
        if (r.ok && r.value !== null) expect(Number.isFinite(r.value)).toBe(true);
        if (typeof v === "string" && !/\d/.test(v)) {
          expect(r.ok && r.value !== null).toBe(false);
          if (!isBlank(v)) expect(r.ok).toBe(false);
        }
        if (typeof v === "string" && /[a-zA-ZåäöÅÄÖ]/.test(v)) expect(r.ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it("every date from 1901 to 9999 reads back from its serial and its ISO text", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1901-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (date, fraction) => {
          const iso = date.toISOString().slice(0, 10);
          const serial = isoToSerial(iso);
          expect(Number.isInteger(serial)).toBe(true);
          expect(value(parseDate(serial))).toBe(iso);
          expect(value(parseDate(serial + fraction))).toBe(iso);
          expect(value(parseDate(iso))).toBe(iso);
          expect(value(parseDate(`${iso}T12:30:00`))).toBe(iso);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("summing parsed formatted integers gives the integer sum", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 50 }),
        fc.integer({ min: 0, max: 3 }),
        (numbers, d) => {
          const sum = numbers.reduce((a, b) => a + b, 0);
          const parsedSum = numbers
            .map((n) => value(parseAmount(formatNumberSv(n, d))) ?? Number.NaN)
            .reduce((a, b) => a + b, 0);
          expect(parsedSum).toBe(sum);
        },
      ),
    );
  });

  it("targets built from parts read back from their display text", () => {
    const unitArb = fc.constantFrom(
      undefined,
      "%",
      "antal",
      "GWh",
      "kg CO2 per kg livsmedel",
      "personer",
      "index",
    );
    const valueArb = fc.double({ min: 0, max: 1e15, noNaN: true }).map((n) => n + 0);
    const targetArb: fc.Arbitrary<Target> = fc.oneof(
      fc
        .record({
          kind: fc.constantFrom("number", "tolerance", "max", "min"),
          value: valueArb,
          unit: unitArb,
        })
        .map(({ kind, value: v, unit }) =>
          unit === undefined ? { kind, value: v, raw: "" } : { kind, value: v, unit, raw: "" },
        ),
      fc
        .constantFrom("increase", "decrease")
        .map((direction) => ({ kind: "direction", direction, raw: "" }) as Target),
      fc
        .option(fc.integer({ min: 2000, max: 2099 }), { nil: undefined })
        .map(
          (year) =>
            (year === undefined
              ? { kind: "pending", raw: "" }
              : { kind: "pending", year, raw: "" }) as Target,
        ),
    );
    fc.assert(
      fc.property(targetArb, (target) => {
        const text = formatTarget(target);
        expect(parseTarget(text)).toEqual({ ...target, raw: text });
      }),
    );
  });

  it("percent values under a percent format are the fraction times 100", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (tenths) => {
        const points = tenths / 10;
        const fraction = Number((points / 100).toPrecision(15));
        expect(closeRel(value(parsePercentValue(fraction, "0.0%")) as number, points)).toBe(true);
        expect(value(parsePercentValue(`${formatShortSv(points)} %`))).toBe(points);
      }),
    );
  });
});

describe("roundHalfAwayFromZero: the fast numeric path agrees with the printed digits", () => {
  it("equals the value formatNumberSv prints, for any double and 0–3 decimals", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: -1e12, max: 1e12, noNaN: true }),
          fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
          fc.integer({ min: -1e7, max: 1e7 }).map((n) => n / 100 + 0.005),
        ),
        fc.integer({ min: 0, max: 3 }),
        (x, d) => {
          const printed = Number(formatNumberSv(x, d).replace(/ /g, "").replace(",", "."));
          expect(roundHalfAwayFromZero(x, d)).toBe(printed === 0 ? 0 : printed);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
