/**
 * Syncs per command do not grow with the workbook, and no request grows past Excel on the web's
 * 5 MB limit, measured on synthetic workbooks over the fake (the numbers `npm run bench` reports).
 */
import { officeBenchMetrics } from "../../src/office/bench";

test("syncs per command are the same for 10 and 10,000 budget rows; no request over 5 MB at 100,000", async () => {
  const metrics = new Map((await officeBenchMetrics()).map((m) => [m.name, m]));
  const value = (name: string) => metrics.get(name)?.value;
  expect(value("addin.syncs.read.10")).toBe(1);
  expect(value("addin.syncs.read.10000")).toBe(1);
  expect(value("addin.syncs.summarize.10")).toBeLessThanOrEqual(4);
  expect(value("addin.syncs.summarize.10000")).toBe(value("addin.syncs.summarize.10"));
  // The fake refuses any request over 5 MB, so reaching the number at all shows none was; the
  // adapter aims at 4 MB.
  expect(value("addin.max_request_mb.100000")).toBeGreaterThan(0.5);
  expect(value("addin.max_request_mb.100000")).toBeLessThan(4);
  expect([...metrics.values()].map((m) => m.unit)).toEqual(["syncs", "syncs", "syncs", "syncs", "MB"]);
}, 120_000);
