/** The list dropdowns of a fake workbook, for the port contract (test/support/port-contract.ts). */
import type { FakeExcel } from "../../src/fake-excel";
import { getCell, parseReference } from "../../src/fake-excel/state";
import type { Dropdown } from "../support/port-contract";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** A list rule's source: `='Listor'!$A$2:$A$4` (a range, read from the fake's cells) or `a,b,c`. */
function listValues(fake: FakeExcel, sheet: string, source: string): string[] {
  if (!source.startsWith("=")) return source.split(",").map((v) => v.trim());
  const reference = parseReference(source.slice(1));
  const target = fake.sheet(reference.sheet ?? sheet);
  const [area] = reference.areas;
  if (!target || !area) return [];
  const values: string[] = [];
  for (let r = area.top; r <= area.bottom; r++)
    for (let c = area.left; c <= area.right; c++) {
      const value = getCell(target, r, c)?.value;
      if (value !== undefined && value !== "") values.push(String(value));
    }
  return values;
}

export function fakeDropdowns(fake: FakeExcel): Dropdown[] {
  return fake.state.sheets.flatMap((sheet) =>
    sheet.validations.flatMap((v) => {
      const list = isRecord(v.rule) && isRecord(v.rule["list"]) ? v.rule["list"] : undefined;
      const source = list?.["source"];
      if (typeof source !== "string") return [];
      const { area } = v;
      return [
        {
          sheet: sheet.name,
          area: { top: area.top + 1, left: area.left + 1, bottom: area.bottom + 1, right: area.right + 1 },
          values: listValues(fake, sheet.name, source),
        },
      ];
    }),
  );
}
