import { analyzeWorkbook } from "../../src/core/analyze";
import { CODES } from "../../src/core/codes";
import { contentToNeutral } from "../../src/core/layout";
import { exampleWorkbook } from "../../src/example";

/** What `check` says about the bundled example: no errors, and only the seed's real problems. */
describe("check on the example workbook (Hägersten-Älvsjö VP 2025)", () => {
  const { plan, findings } = analyzeWorkbook(contentToNeutral(exampleWorkbook()));
  const ids = (code: string) =>
    findings.filter((f) => f.code === code).map((f) => /”([^”]+)”/.exec(f.message)?.[1]);

  it("has no errors", () => {
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("reads the whole plan", () => {
    expect(plan.goals.filter((g) => g.level === "Nämndmål")).toHaveLength(27);
    expect(plan.indicators).toHaveLength(111);
    expect(plan.activities).toHaveLength(100);
    expect(plan.periods).toHaveLength(5);
  });

  it("warns about the activity that ended in 2024", () => {
    expect(ids(CODES.outsidePlanYear)).toEqual(["A-1.1-1"]);
  });

  it("warns about the one indicator printed with two targets (87 % and 75 %)", () => {
    const f = findings.filter((x) => x.code === CODES.conflictingTargets);
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toMatch(/75 %.*87 %/);
  });

  it("warns about shares printed without %", () => {
    expect(ids(CODES.shareWithoutPercent).sort()).toEqual([
      "I-1.4-5",
      "I-3.4-4",
      "I-3.4-5",
      "I-3.4-6",
      "I-N-1.2-c-3",
    ]);
  });

  it("notes the activity listed under two nämndmål", () => {
    expect(ids(CODES.sameActivityText)).toEqual(["A-N-3.4-a-6"]);
  });

  it("warns about the three nämndmål that have neither indicator nor activity in the seed", () => {
    expect(ids(CODES.boardGoalEmpty)).toEqual(["N-3.2-a", "N-3.2-b", "N-3.5-b"]);
  });

  it("gives nothing else", () => {
    const explained = new Set<string>([
      CODES.outsidePlanYear,
      CODES.conflictingTargets,
      CODES.shareWithoutPercent,
      CODES.sameActivityText,
      CODES.boardGoalEmpty,
    ]);
    expect(findings.filter((f) => !explained.has(f.code))).toEqual([]);
  });
});
