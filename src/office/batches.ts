/// <reference types="office-js" />
/**
 * Writes split into requests that stay under Excel on the web's 5 MB request limit. Each write is
 * an operation with its size estimated the way the fake measures requests (the JSON of each queued
 * call) plus a generous allowance per call for the object path Office.js sends with it.
 */
import { supports, type Requirements } from "./requirements";
import { utf8Length } from "../core/utf8";

/** Largest request the adapter builds; Excel on the web refuses requests over 5 MB. */
export const REQUEST_BUDGET_BYTES = 4_000_000;
/** Largest value block (numberFormat + values of a row range) in one operation. */
export const BLOCK_BUDGET_BYTES = 1_000_000;
/** Allowance per queued call for its object path and envelope. */
export const CALL_OVERHEAD_BYTES = 120;

export { utf8Length };

/** Estimated request bytes of calls with these arguments (one per argument). */
export function callBytes(...args: unknown[]): number {
  return args.reduce<number>(
    (n, arg) => n + CALL_OVERHEAD_BYTES + utf8Length(JSON.stringify(arg) ?? "null"),
    0,
  );
}

/** Resolves sheets by name within one request (a sheet added earlier in the run is fetched by name). */
export class SheetHandles {
  private readonly sheets = new Map<string, Excel.Worksheet>();

  constructor(private readonly context: Excel.RequestContext) {}

  get(name: string): Excel.Worksheet {
    let sheet = this.sheets.get(name);
    if (!sheet) {
      sheet = this.context.workbook.worksheets.getItem(name);
      this.sheets.set(name, sheet);
    }
    return sheet;
  }

  set(name: string, sheet: Excel.Worksheet): void {
    this.sheets.set(name, sheet);
  }
}

/** One write: its estimated size and the calls it queues. */
export interface WriteOp {
  readonly bytes: number;
  apply(context: Excel.RequestContext, sheets: SheetHandles): void;
}

/** Groups operations, in order, into requests of at most `budget` bytes. */
export function packRequests(ops: readonly WriteOp[], budget = REQUEST_BUDGET_BYTES): WriteOp[][] {
  const requests: WriteOp[][] = [];
  let current: WriteOp[] = [];
  let size = 0;
  for (const op of ops) {
    if (current.length > 0 && size + op.bytes > budget) {
      requests.push(current);
      current = [];
      size = 0;
    }
    current.push(op);
    size += op.bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/** Pauses calculation (and screen updating where supported) until the next sync. */
export function suspendUpdates(context: Excel.RequestContext, requirements: Requirements): void {
  context.application.suspendApiCalculationUntilNextSync();
  if (supports(requirements, "screenUpdating")) context.application.suspendScreenUpdatingUntilNextSync();
}

/**
 * Runs the requests, one sync each. The number of syncs grows only with the size of what is
 * written (one per ~4 MB), never with the number of rows or cells.
 */
export async function runRequests(
  context: Excel.RequestContext,
  requests: readonly WriteOp[][],
  requirements: Requirements,
  onRequest: (done: number) => void = () => {},
): Promise<void> {
  for (const [index, ops] of requests.entries()) {
    suspendUpdates(context, requirements);
    const sheets = new SheetHandles(context);
    for (const op of ops) op.apply(context, sheets);
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per request of at most 4 MB: Excel on the web refuses larger requests
    await context.sync();
    onRequest(index + 1);
  }
}
