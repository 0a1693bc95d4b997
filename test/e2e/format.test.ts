/** The sheet viewer's number formats (src/preview/format.ts): what Swedish Excel shows. */
import { formatValue } from "../../src/preview/format";

const CASES: [string | number | boolean, string, string][] = [
  [3224.7, "#,##0.0;-#,##0.0", "3 224,7"],
  [-436.44, "#,##0.0;-#,##0.0", "-436,4"],
  [0, "#,##0.0;-#,##0.0", "0,0"],
  [-0.01, "#,##0.0;-#,##0.0", "-0,0"],
  [-0.01, "#,##0.0", "0,0"],
  [1234567.891, "#,##0.0##;-#,##0.0##", "1 234 567,891"],
  [12000, "#,##0.0##;-#,##0.0##", "12 000,0"],
  [76941, "#,##0;-#,##0", "76 941"],
  [5, "0.00", "5,00"],
  [2025, "0", "2025"],
  [1234.5, '#,##0.0" tkr"', "1 234,5 tkr"],
  [1234.5, "#,##0\\ \\k\\r", "1 235 kr"],
  [45658, "yyyy-mm-dd", "2025-01-01"],
  [45658.5, "yyyy-mm-dd hh:mm", "2025-01-01 12:00"],
  [45658, "d mmmm yyyy", "1 januari 2025"],
  [0.69, "0%", "69%"],
  [0.6912, "0.0 %", "69,1 %"],
  [87, 'General" %"', "87 %"],
  [3224.7, "General", "3224,7"],
  [0.1 + 0.2, "General", "0,3"],
  [-5, "General", "-5"],
  [3224727, "General", "3224727"],
  [123456789012, "General", "1,23457E+11"],
  ["=SUMMA(A1)", "@", "=SUMMA(A1)"],
  ["text", "General", "text"],
  [true, "General", "SANT"],
  [false, "General", "FALSKT"],
  [12, "[Red]0;[Blue]-0", "12"],
  [-12, "[Red]0;[Blue]-0", "-12"],
];

describe("the sheet viewer's number formats", () => {
  it.each(CASES)("%p with %p shows %p", (value, format, shown) => {
    expect(formatValue(value, format).text).toBe(shown);
  });

  it("aligns numbers right and text left, as Excel", () => {
    expect(formatValue(1, "General").align).toBe("right");
    expect(formatValue("a", "General").align).toBe("left");
    expect(formatValue(true, "General").align).toBe("center");
  });
});
