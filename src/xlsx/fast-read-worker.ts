/**
 * One file read with the fast reader, as a task for the pool (`pool.ts`): in a worker thread
 * (this module is the worker script when compiled to `dist/xlsx/fast-read-worker.js`) or in the
 * calling thread. Never throws for a file that cannot be read: the result holds the reason and
 * the Swedish message. A `digest` task also reads and checks the plan, as a unit's file for the
 * consolidation (`digestUnit`), and gives the digest in place of the workbook.
 */
import { readFileSync } from "node:fs";
import * as nodePath from "node:path";
import { isMainThread, parentPort } from "node:worker_threads";
import { inflateRawSync } from "node:zlib";
import { digestUnit, type UnitDigest } from "../core/consolidate";
import type { NeutralWorkbook } from "../core/sheet";
import { XlsxReadError, readError } from "./errors";
import { readXlsxFast, type Inflate } from "./fast-read";

export interface ReadTask {
  readonly id: number;
  /** A file to read from disk (in the worker, so its bytes cross no thread boundary). */
  readonly path?: string;
  /** Or the bytes themselves. */
  readonly bytes?: Uint8Array;
  /** Names the file in results and messages. */
  readonly name: string;
  readonly tables?: readonly string[];
  /** Give the unit's consolidation digest instead of the workbook. */
  readonly digest?: boolean;
}

export interface ReadFailure {
  readonly reason: string;
  readonly message: string;
}

export interface ReadOutcome {
  readonly id: number;
  readonly workbook?: NeutralWorkbook;
  /** For a `digest` task: always, also for a file that could not be read (then with `error`). */
  readonly digest?: UnitDigest;
  readonly error?: ReadFailure;
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
}

function readBytes(path: string, name: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") throw readError("missing", name, "other", error);
    if (code === "EISDIR") throw readError("not_xlsx", name, "other", error);
    throw error;
  }
}

/** Node's zlib: native code, quicker than fflate, and fast from the first file in a new worker. */
export const zlibInflate: Inflate = (data) => inflateRawSync(data);

function failure(task: ReadTask, error: ReadFailure): ReadOutcome {
  return {
    id: task.id,
    error,
    ...(task.digest ? { digest: { file: task.name, error: error.message } } : {}),
  };
}

/**
 * Reads one file (and digests it for a `digest` task); a file that cannot be read gives `error`,
 * never an exception.
 */
export function runTask(task: ReadTask): ReadOutcome {
  try {
    const bytes = task.bytes ?? readBytes(task.path ?? "", task.name);
    const workbook = readXlsxFast(bytes, {
      fileName: task.name,
      inflate: zlibInflate,
      ...(task.tables ? { tables: task.tables } : {}),
    });
    if (task.digest) return { id: task.id, digest: digestUnit({ file: task.name, workbook }) };
    return { id: task.id, workbook };
  } catch (error) {
    if (error instanceof XlsxReadError)
      return failure(task, { reason: error.reason, message: error.message });
    const code = errorCode(error);
    const detail = typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
    return failure(task, {
      reason: "unreadable",
      message: `Filen ”${nodePath.basename(task.name)}” kunde inte läsas (${detail}).`,
    });
  }
}

/** An outcome on its way from a worker: the workbook as JSON text when that is exact. */
export interface WireOutcome {
  readonly id: number;
  readonly json?: string;
  readonly workbook?: NeutralWorkbook;
  /** The digest as JSON text when that is exact. */
  readonly digestJson?: string;
  readonly digest?: UnitDigest;
  readonly error?: ReadFailure;
}

function hasNegativeZero(workbook: NeutralWorkbook): boolean {
  const tables = [...workbook.tables, ...(workbook.plainSheets ?? [])];
  for (const table of tables) {
    for (const value of table.headers) if (Object.is(value, -0)) return true;
    for (const row of table.rows) for (const value of row) if (Object.is(value, -0)) return true;
  }
  return false;
}

/** Whether JSON keeps the digest's numbers: no -0, NaN or infinities among the amounts. */
function jsonExact(digest: UnitDigest): boolean {
  if ("error" in digest) return true;
  const exact = (x: number | null) => x === null || (Number.isFinite(x) && !Object.is(x, -0));
  return digest.net.every(exact) && digest.budget.every((line) => line.amounts.every(exact));
}

/**
 * JSON text is quicker to take in on the receiving thread than a structured clone (about a
 * third of the time for a unit workbook); it cannot hold -0, so such a workbook goes as it is.
 */
export function toWire(outcome: ReadOutcome): WireOutcome {
  const { workbook, digest } = outcome;
  if (digest) {
    if (!jsonExact(digest)) return outcome;
    return {
      id: outcome.id,
      digestJson: JSON.stringify(digest),
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  }
  if (!workbook || hasNegativeZero(workbook)) return outcome;
  return { id: outcome.id, json: JSON.stringify(workbook) };
}

export function fromWire(wire: WireOutcome): ReadOutcome {
  if (wire.digestJson !== undefined)
    return {
      id: wire.id,
      digest: JSON.parse(wire.digestJson) as UnitDigest,
      ...(wire.error ? { error: wire.error } : {}),
    };
  if (wire.json === undefined) return wire;
  return { id: wire.id, workbook: JSON.parse(wire.json) as NeutralWorkbook };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on("message", (tasks: readonly ReadTask[]) => {
    port.postMessage(tasks.map((task) => toWire(runTask(task))));
  });
}
