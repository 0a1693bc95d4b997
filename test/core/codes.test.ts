import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CODES } from "../../src/core/codes";

describe("finding codes", () => {
  const doc = readFileSync(join(__dirname, "../../docs/checks.md"), "utf8");

  it("are unique", () => {
    const values = Object.values(CODES);
    expect(new Set(values).size).toBe(values.length);
  });

  it.each(Object.values(CODES))("%s is documented in docs/checks.md", (code) => {
    expect(doc).toContain(`\`${code}\``);
  });
});
