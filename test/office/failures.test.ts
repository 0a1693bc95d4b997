/**
 * A failure at any sync of writeGeneratedSheets, createTables or addTableColumns leaves the
 * workbook as it was:
 * the fake's whole state (cells, formats, sheets and their order and visibility, tables,
 * validations, conditional formats, the active sheet) is compared before and after.
 *
 * A failure that hits a request after part of it was applied (Excel's batches are not atomic)
 * leaves either the previous state or, once an old sheet was already deleted, the complete new
 * state; never a mix.
 */
import { analyzeWorkbook } from "../../src/core/analyze";
import { followUpColumnAdditions } from "../../src/core/followup";
import { METADATA_SHEET } from "../../src/core/port";
import type { WorkbookContent } from "../../src/core/content";
import { buildSummary } from "../../src/core/summary";
import type { SheetLayout } from "../../src/core/summary/types";
import { templateContent } from "../../src/core/template";
import { exampleWorkbook } from "../../src/example";
import { FakeExcel } from "../../src/fake-excel";
import { OfficeWorkbookPort } from "../../src/office/adapter";
import { ALL_REQUIREMENTS } from "../../src/office/requirements";
import { goodContent } from "../support/workbooks";

function portFor(fake: FakeExcel): OfficeWorkbookPort {
  return new OfficeWorkbookPort(fake.runner, { requirements: ALL_REQUIREMENTS, log: () => {} });
}

interface Scenario {
  readonly name: string;
  /** A fresh workbook in the state before the operation. */
  make(): Promise<FakeExcel>;
}

let layouts: readonly SheetLayout[] = [];
let otherLayouts: readonly SheetLayout[] = [];

beforeAll(async () => {
  const fake = FakeExcel.fromContent(exampleWorkbook());
  const analysis = analyzeWorkbook(await portFor(fake).readWorkbook());
  layouts = buildSummary(analysis, { checkedAt: "2025-01-31 14:05" }).sheets;
  otherLayouts = buildSummary(analysis, { checkedAt: "2025-02-28 09:00" }).sheets;
});

const generatedScenarios: Scenario[] = [
  { name: "first run", make: async () => FakeExcel.fromContent(exampleWorkbook()) },
  {
    name: "replacing earlier generated sheets",
    make: async () => {
      if (!withGenerated) {
        withGenerated = FakeExcel.fromContent(exampleWorkbook());
        await portFor(withGenerated).writeGeneratedSheets(otherLayouts);
      }
      return withGenerated.clone();
    },
  },
];

let withGenerated: FakeExcel | undefined;

generatedScenarios.push({
  name: "replacing sheets listed by another tool (metadata not formatted as text)",
  make: async () => {
    const fake = (await generatedScenarios[1]?.make()) ?? FakeExcel.fromContent();
    for (const row of fake.sheet(METADATA_SHEET)?.rows ?? [])
      for (const cell of row ?? []) if (cell) cell.numberFormat = "General";
    return fake;
  },
});

/** Syncs of a successful run, and the state it leaves. */
async function successful(scenario: Scenario, run: (port: OfficeWorkbookPort) => Promise<unknown>) {
  const fake = await scenario.make();
  fake.resetStats();
  await run(portFor(fake));
  return { syncs: fake.syncs.map((s) => s.commands), after: fake.snapshot() };
}

async function failing(
  scenario: Scenario,
  run: (port: OfficeWorkbookPort) => Promise<unknown>,
  sync: number,
  afterCommands?: number,
) {
  const fake = await scenario.make();
  const before = fake.snapshot();
  fake.resetStats();
  fake.failOnSync(sync, afterCommands === undefined ? {} : { afterCommands });
  await expect(run(portFor(fake))).rejects.toThrow();
  return { before, after: fake.snapshot() };
}

/** Deep equality, fast when equal (large snapshots), with jest's diff when not. */
function expectSame(label: unknown, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return;
  expect({ label, state: actual }).toEqual({ label, state: expected });
}

/** Command counts to try for a partial failure of a request with `n` commands: all, or a spread. */
function samples(n: number, all = 80): number[] {
  if (n <= all) return Array.from({ length: n }, (_, i) => i);
  const picks = new Set([0, 1, 2, 3, 5, 8, 13, 40, 100, Math.floor(n / 2), n - 3, n - 2, n - 1]);
  return [...picks].filter((k) => k >= 0 && k < n).sort((a, b) => a - b);
}

describe.each(generatedScenarios)("writeGeneratedSheets, $name", (scenario) => {
  const write = (port: OfficeWorkbookPort) => port.writeGeneratedSheets(layouts);

  test("a failed sync at any step leaves the workbook exactly as it was", async () => {
    const { syncs } = await successful(scenario, write);
    expect(syncs.length).toBe(3);
    for (let sync = 1; sync <= syncs.length; sync++) {
      const { before, after } = await failing(scenario, write, sync);
      expectSame({ sync }, after, before);
    }
  });

  test("a request that fails half-way leaves the old state or the complete new one", async () => {
    const success = await successful(scenario, write);
    for (let sync = 2; sync <= success.syncs.length; sync++) {
      for (const k of samples(success.syncs[sync - 1] ?? 0)) {
        const { before, after } = await failing(scenario, write, sync, k);
        const outcome = JSON.stringify(after) === JSON.stringify(before) ? before : success.after;
        expectSame({ sync, k }, after, outcome);
      }
    }
  });
});

const templateScenarios: Scenario[] = [
  { name: "empty workbook", make: async () => FakeExcel.fromContent() },
  {
    name: "partial workbook",
    make: async () => {
      const content: WorkbookContent = {
        tables: goodContent().tables.filter((t) => !["Jamforelser", "Aktiviteter"].includes(t.table)),
      };
      return FakeExcel.fromContent(content);
    },
  },
];

describe.each(templateScenarios)("createTables, $name", (scenario) => {
  const create = (port: OfficeWorkbookPort) => port.createTables(templateContent({ planYear: 2025 }));

  test("a failed sync leaves the workbook exactly as it was", async () => {
    const { syncs } = await successful(scenario, create);
    expect(syncs.length).toBe(3);
    for (let sync = 1; sync <= syncs.length; sync++) {
      const { before, after } = await failing(scenario, create, sync);
      expectSame({ sync }, after, before);
    }
  });

  test("a write that fails half-way is undone", async () => {
    const { syncs } = await successful(scenario, create);
    for (const k of samples(syncs[2] ?? 0, 1000)) {
      const { before, after } = await failing(scenario, create, 3, k);
      expectSame({ k }, after, before);
    }
  });
});

const columnScenarios: Scenario[] = [
  // No sheet Listor yet: the write adds it (hidden) for the Bedömning and Status lists.
  { name: "a plan without Listor", make: async () => FakeExcel.fromContent(goodContent()) },
  {
    name: "a template with Listor",
    make: async () => {
      const fake = FakeExcel.fromContent();
      await portFor(fake).createTables(templateContent({ planYear: 2025 }));
      return fake;
    },
  },
];

describe.each(columnScenarios)("addTableColumns, $name", (scenario) => {
  const add = async (port: OfficeWorkbookPort) =>
    port.addTableColumns(followUpColumnAdditions(await port.readWorkbook()));
  // The read above is one sync of its own.
  const offset = 1;

  test("a failed sync leaves the workbook exactly as it was", async () => {
    const { syncs } = await successful(scenario, add);
    expect(syncs.length).toBe(offset + 3);
    for (let sync = offset + 1; sync <= syncs.length; sync++) {
      const { before, after } = await failing(scenario, add, sync);
      expectSame({ sync }, after, before);
    }
  });

  test("a write that fails half-way is undone", async () => {
    const { syncs } = await successful(scenario, add);
    const write = offset + 3;
    for (const k of samples(syncs[write - 1] ?? 0, 1000)) {
      const { before, after } = await failing(scenario, add, write, k);
      expectSame({ k }, after, before);
    }
  });
});
