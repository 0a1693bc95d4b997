/**
 * What the ribbon's function commands do, without Office.js: run a use case on a port and turn the
 * result (or the error) into a Swedish notice. commands.ts wires these to the ribbon.
 */
// First: before src/core/schemas.ts builds its schemas.
import "../taskpane/zod-csp";
import type { WorkbookPort } from "../core/port";
import { runCheck, runSummary } from "../core/usecases";
import { errorText } from "../taskpane/errors";
import { STRINGS, countFindings } from "../taskpane/strings";
import { checkedAtText } from "../taskpane/engine";
import { COMMAND_FUNCTIONS, type CommandFunction } from "./names";

export interface CommandNotice {
  readonly kind: "success" | "warning" | "error";
  readonly text: string;
}

export async function kontrollera(port: WorkbookPort): Promise<CommandNotice> {
  const analysis = await runCheck(port, { mark: true });
  const counts = countFindings(analysis.findings);
  return {
    kind: counts.error > 0 ? "error" : counts.warning > 0 ? "warning" : "success",
    text: STRINGS.commands.checkResult(counts),
  };
}

export async function skapaSammanstallning(port: WorkbookPort): Promise<CommandNotice> {
  const summary = await runSummary(port, { checkedAt: checkedAtText() });
  return { kind: "success", text: STRINGS.commands.summaryResult(summary.sheets.map((s) => s.name)) };
}

const ACTIONS: Record<CommandFunction, (port: WorkbookPort) => Promise<CommandNotice>> = {
  [COMMAND_FUNCTIONS.check]: kontrollera,
  [COMMAND_FUNCTIONS.summary]: skapaSammanstallning,
};

/** Runs a command; never throws: an error becomes an error notice in Swedish. */
export async function runCommand(
  name: CommandFunction,
  createPort: () => Promise<WorkbookPort>,
): Promise<CommandNotice> {
  try {
    return await ACTIONS[name](await createPort());
  } catch (e) {
    return { kind: "error", text: errorText(e) };
  }
}
