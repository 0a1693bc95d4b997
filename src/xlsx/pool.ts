/**
 * Reads many workbooks with the fast reader on worker threads (Node): the controller's ~300 unit
 * workbooks. Files given as paths are read from disk inside the workers. Results come back in
 * input order; a file that cannot be read gives `error` (reason and Swedish message), never a
 * rejection. An AbortSignal stops the work: the workers are terminated and the promise rejects
 * with the signal's reason.
 *
 * With `digest: true` each worker also reads and checks the unit's plan (`digestUnit` in
 * core/consolidate.ts) and sends back only the small digest the consolidation merges: the
 * per-unit work runs on the workers too, and little crosses the thread boundary.
 *
 * Workers are kept between calls (idle, not keeping the process alive, closed after
 * `IDLE_MS`): a worker's first files are slow while V8 compiles the reader and the core, so a
 * second consolidation in the same process gets warm workers. `closeIdleWorkers` ends them.
 *
 * The workers run the compiled `fast-read-worker.js` next to this file (dist/xlsx/). Run from the
 * TypeScript sources (tests), there is no compiled worker script and the files are read in the
 * calling thread, as with `workers: 0`.
 */
import { existsSync } from "node:fs";
import * as os from "node:os";
import * as nodePath from "node:path";
import { Worker } from "node:worker_threads";
import type { UnitDigest } from "../core/consolidate";
import type { NeutralWorkbook } from "../core/sheet";
import {
  fromWire,
  runTask,
  type ReadFailure,
  type ReadOutcome,
  type ReadTask,
  type WireOutcome,
} from "./fast-read-worker";

export interface ReadManyFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ReadManyOptions {
  /** Worker threads; default: the number of cores. 0 = read in the calling thread. */
  readonly workers?: number;
  /** Tables to read (default: the spec's input tables). */
  readonly tables?: readonly string[];
  /** Called after each file with the number of files done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /**
   * Move (transfer) the given bytes' ArrayBuffers to the workers instead of copying them; the
   * caller's arrays are left empty. Only for arrays that own their whole buffer.
   */
  readonly transferBytes?: boolean;
  /**
   * Give each file's consolidation digest (`digestUnit`, with the file's name) instead of its
   * workbook: a file that cannot be read gives a digest with the reason (and `error`).
   */
  readonly digest?: boolean;
}

export interface ReadManyResult {
  readonly name: string;
  readonly workbook?: NeutralWorkbook;
  /** With the `digest` option. */
  readonly digest?: UnitDigest;
  readonly error?: ReadFailure;
}

export interface DigestManyResult extends ReadManyResult {
  readonly digest: UnitDigest;
}

/** Tasks sent to a worker at a time; two keep it busy while a result travels back. */
const BATCH = 2;
const IN_FLIGHT = 2;

const WORKER_SCRIPT = nodePath.join(__dirname, "fast-read-worker.js");

/** The number of cores (Node ≥ 18.14 has availableParallelism). */
export function defaultWorkerCount(): number {
  const parallelism = (os as { availableParallelism?: () => number }).availableParallelism;
  return Math.max(1, parallelism ? parallelism() : os.cpus().length);
}

/** Whether worker threads can be used: the compiled worker script exists (not under ts sources). */
export function workersAvailable(): boolean {
  return __filename.endsWith(".js") && existsSync(WORKER_SCRIPT);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("Läsningen avbröts.");
}

function toTasks(files: readonly ReadManyFile[] | readonly string[], options: ReadManyOptions): ReadTask[] {
  const { tables } = options;
  const extra = { ...(tables ? { tables } : {}), ...(options.digest ? { digest: true } : {}) };
  return files.map((file, id) =>
    typeof file === "string"
      ? { id, path: file, name: nodePath.basename(file), ...extra }
      : { id, bytes: file.bytes, name: file.name, ...extra },
  );
}

function toResult(task: ReadTask, outcome: ReadOutcome): ReadManyResult {
  return {
    name: task.name,
    ...(outcome.workbook ? { workbook: outcome.workbook } : {}),
    ...(outcome.digest ? { digest: outcome.digest } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}

async function readInThread(tasks: readonly ReadTask[], options: ReadManyOptions): Promise<ReadManyResult[]> {
  const results: ReadManyResult[] = [];
  for (const task of tasks) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    results.push(toResult(task, runTask(task)));
    options.onProgress?.(results.length, tasks.length);
    // Let an abort (and other work) in between files.
    if (results.length % 8 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (options.signal?.aborted) throw abortReason(options.signal);
  return results;
}

function ownsBuffer(bytes: Uint8Array): boolean {
  return (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  );
}

/**
 * A young generation twice V8's default: reading and checking a unit leaves much short-lived
 * garbage, and fewer scavenges cut the workers' time (about a tenth in consolidate.300).
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 96 } };

/** How long an idle worker is kept for the next call. */
const IDLE_MS = 30_000;
const idle: Worker[] = [];
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** A worker for a call: an idle one (warm) if there is one, else a new one. */
function takeWorker(): Worker {
  const worker = idle.pop();
  if (!worker) return new Worker(WORKER_SCRIPT, WORKER_OPTIONS);
  worker.removeAllListeners("error");
  worker.removeAllListeners("exit");
  worker.ref();
  return worker;
}

/** Keeps a worker whose call is done for the next call; it does not keep the process alive. */
function releaseWorker(worker: Worker): void {
  const drop = (): void => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  };
  worker.on("error", drop);
  worker.on("exit", drop);
  worker.unref();
  idle.push(worker);
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeIdleWorkers(), IDLE_MS);
  idleTimer.unref();
}

/** Ends the workers kept between calls. */
export async function closeIdleWorkers(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  await Promise.all(idle.splice(0).map((worker) => worker.terminate()));
}

function readWithWorkers(
  tasks: readonly ReadTask[],
  count: number,
  options: ReadManyOptions,
): Promise<ReadManyResult[]> {
  return new Promise<ReadManyResult[]>((resolve, reject) => {
    const results = new Array<ReadManyResult | undefined>(tasks.length);
    const workers: Worker[] = [];
    const inFlight = new Map<Worker, ReadTask[]>();
    const listeners = new Map<
      Worker,
      { message: (outcomes: readonly WireOutcome[]) => void; lost: () => void }
    >();
    let next = 0;
    let done = 0;
    let finished = false;
    const { signal } = options;

    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener("abort", onAbort);
      for (const worker of workers) {
        const own = listeners.get(worker);
        if (own) {
          worker.off("message", own.message);
          worker.off("error", own.lost);
          worker.off("exit", own.lost);
        }
        // Done: every task answered, nothing more to come; kept warm for the next call.
        if (error === undefined) releaseWorker(worker);
        else void worker.terminate();
      }
      if (error !== undefined) reject(error);
      else resolve(results as ReadManyResult[]);
    };
    const onAbort = (): void => finish(signal ? abortReason(signal) : new Error("aborted"));

    const complete = (outcome: ReadOutcome): void => {
      const task = tasks[outcome.id];
      if (!task || results[outcome.id]) return;
      results[outcome.id] = toResult(task, outcome);
      done++;
      options.onProgress?.(done, tasks.length);
    };

    const feed = (worker: Worker): void => {
      const pending = inFlight.get(worker) ?? [];
      while (!finished && next < tasks.length && pending.length < BATCH * IN_FLIGHT) {
        const batch = tasks.slice(next, next + BATCH);
        next += batch.length;
        pending.push(...batch);
        const transfer = options.transferBytes
          ? batch.flatMap((t) => (t.bytes && ownsBuffer(t.bytes) ? [t.bytes.buffer as ArrayBuffer] : []))
          : [];
        worker.postMessage(batch, transfer);
      }
      inFlight.set(worker, pending);
      if (done === tasks.length) finish();
    };

    /** A worker that failed: its tasks are read in this thread, the others go on. */
    const lose = (worker: Worker): void => {
      const index = workers.indexOf(worker);
      if (index < 0 || finished) return;
      workers.splice(index, 1);
      const pending = inFlight.get(worker) ?? [];
      inFlight.delete(worker);
      void worker.terminate();
      for (const task of pending) complete(runTask(task));
      if (workers.length === 0) {
        while (next < tasks.length) {
          const task = tasks[next++];
          if (task) complete(runTask(task));
        }
      }
      if (done === tasks.length) finish();
    };

    if (signal) {
      if (signal.aborted) return reject(abortReason(signal));
      signal.addEventListener("abort", onAbort, { once: true });
    }
    for (let i = 0; i < count; i++) {
      const worker = takeWorker();
      workers.push(worker);
      const message = (outcomes: readonly WireOutcome[]): void => {
        const pending = inFlight.get(worker) ?? [];
        for (const wire of outcomes) {
          const outcome = fromWire(wire);
          complete(outcome);
          const at = pending.findIndex((t) => t.id === outcome.id);
          if (at >= 0) pending.splice(at, 1);
        }
        feed(worker);
      };
      const lost = (): void => lose(worker);
      listeners.set(worker, { message, lost });
      worker.on("message", message);
      worker.on("error", lost);
      worker.on("exit", lost);
      feed(worker);
    }
  });
}

/**
 * Reads the workbooks (paths, or names with bytes) with the fast reader, on worker threads.
 * Results are in input order. With `digest: true`, every result has the file's digest.
 */
export function readManyFast(
  files: readonly ReadManyFile[] | readonly string[],
  options: ReadManyOptions & { readonly digest: true },
): Promise<DigestManyResult[]>;
export function readManyFast(
  files: readonly ReadManyFile[] | readonly string[],
  options?: ReadManyOptions,
): Promise<ReadManyResult[]>;
export async function readManyFast(
  files: readonly ReadManyFile[] | readonly string[],
  options: ReadManyOptions = {},
): Promise<ReadManyResult[]> {
  if (options.signal?.aborted) throw abortReason(options.signal);
  const tasks = toTasks(files, options);
  if (tasks.length === 0) return [];
  const wanted = options.workers ?? defaultWorkerCount();
  const count = Math.min(Math.max(0, Math.floor(wanted)), tasks.length);
  if (count === 0 || !workersAvailable()) return readInThread(tasks, options);
  return readWithWorkers(tasks, count, options);
}
