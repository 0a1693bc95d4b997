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
 * By default the calling thread reads files too, between the workers' messages, beside one worker
 * less than there are cores: every thread costs its start, its own copy of the modules (zod alone
 * is about 100 ms) and its own slow first files while V8 compiles the reader and the core, and
 * the calling thread has paid for its own anyway (it reads the nämnd's workbook). On 2 cores that
 * is one worker and this thread rather than two workers and this thread waiting. `startWorkers`
 * starts the workers ahead of the call, so that they load while the caller does other work.
 *
 * Workers are kept between calls (idle, not keeping the process alive, closed after
 * `IDLE_MS`): a second consolidation in the same process gets warm workers. `closeIdleWorkers`
 * ends them.
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
import type { ReadFailure, ReadOutcome, ReadTask, WireOutcome } from "./fast-read-worker";

type Tasks = typeof import("./fast-read-worker");
let tasksModule: Promise<Tasks> | undefined;

/**
 * The reader and the core (and zod), loaded on the first call rather than with this module, so
 * that `startWorkers` can be called before they load: the workers load them meanwhile.
 */
function loadTasks(): Promise<Tasks> {
  tasksModule ??= import("./fast-read-worker");
  return tasksModule;
}

export interface ReadManyFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ReadManyOptions {
  /**
   * Worker threads; default: one less than the number of cores ({@link defaultWorkerCount}),
   * with the calling thread reading too. 0 = read in the calling thread only.
   */
  readonly workers?: number;
  /**
   * Whether the calling thread reads files too, beside the workers; default: when `workers` is
   * not given. It reads one file at a time, with the workers' messages handled in between.
   */
  readonly inThread?: boolean;
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
function cores(): number {
  const parallelism = (os as { availableParallelism?: () => number }).availableParallelism;
  return Math.max(1, parallelism ? parallelism() : os.cpus().length);
}

/** Workers beside the calling thread: one less than the number of cores (0 on one core). */
export function defaultWorkerCount(): number {
  return cores() - 1;
}

/** Fewer files than this are read in the calling thread alone unless workers are idle (warm). */
const FEW_FILES = 4;

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

async function readInThread(
  tasks: readonly ReadTask[],
  options: ReadManyOptions,
  { runTask }: Tasks,
): Promise<ReadManyResult[]> {
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

/**
 * Starts workers ahead of `readManyFast` (default: {@link defaultWorkerCount}, less those
 * already idle), so that they load the reader and the core while the caller does other work,
 * e.g. reads the nämnd's workbook. They wait idle for the next call (and end after `IDLE_MS`
 * unused); they do not keep the process alive. Does nothing where workers cannot be used.
 */
export function startWorkers(count = defaultWorkerCount()): void {
  if (!workersAvailable()) return;
  for (let i = idle.length; i < count; i++) releaseWorker(new Worker(WORKER_SCRIPT, WORKER_OPTIONS));
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
  taken: readonly Worker[],
  inThread: boolean,
  options: ReadManyOptions,
  { runTask, fromWire }: Tasks,
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

    /**
     * The calling thread's share: one file, then back to the event loop (the workers' messages,
     * an abort) before the next. The workers each have files queued meanwhile.
     */
    const readHere = (): void => {
      if (finished) return;
      const task = tasks[next];
      if (!task) return;
      next++;
      complete(runTask(task));
      if (done === tasks.length) finish();
      else setImmediate(readHere);
    };

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
      if (signal.aborted) {
        taken.forEach(releaseWorker);
        return reject(abortReason(signal));
      }
      signal.addEventListener("abort", onAbort, { once: true });
    }
    for (const worker of taken) {
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
    if (inThread) setImmediate(readHere);
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
  const inThread = options.inThread ?? options.workers === undefined;
  let wanted = options.workers ?? defaultWorkerCount();
  // A few files are quicker read here than a new worker is started.
  if (options.workers === undefined && tasks.length < FEW_FILES) wanted = Math.min(wanted, idle.length);
  const count = Math.min(Math.max(0, Math.floor(wanted)), inThread ? tasks.length - 1 : tasks.length);
  if (count <= 0 || !workersAvailable()) return readInThread(tasks, options, await loadTasks());
  // Workers first: they start while this thread loads the reader (on the first call).
  const workers = Array.from({ length: count }, takeWorker);
  let loaded: Tasks;
  try {
    loaded = await loadTasks();
  } catch (error) {
    workers.forEach(releaseWorker);
    throw error;
  }
  return readWithWorkers(tasks, workers, inThread, options, loaded);
}
