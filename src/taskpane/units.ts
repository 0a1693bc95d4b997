/**
 * Reads the units' files into consolidation digests: in a Web Worker (off the pane's thread;
 * cancelling terminates it), or, where there are no workers (tests) or the worker cannot start,
 * in the pane's thread one file at a time, yielding between files so the pane stays responsive.
 */
import type { UnitDigest } from "../core/consolidate";
import type { WorkerMessage } from "./unit-read";

/** The user cancelled: nothing was written. */
export class CancelledError extends Error {
  override name = "CancelledError";
}

/** After each file: how many are read, of how many. */
export type FilesProgress = (done: number, total: number) => void;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function readInThisThread(
  files: readonly File[],
  progress: FilesProgress,
  signal: AbortSignal,
): Promise<UnitDigest[]> {
  const { digestBlob } = await import(/* webpackChunkName: "unit-read" */ "./unit-read");
  const digests: UnitDigest[] = [];
  for (const file of files) {
    if (signal.aborted) throw new CancelledError();
    digests.push(await digestBlob(file));
    progress(digests.length, files.length);
    await nextTask();
  }
  if (signal.aborted) throw new CancelledError();
  return digests;
}

/** In the worker; `undefined` when the worker failed before its first file (then read here). */
async function readInWorker(
  files: readonly File[],
  progress: FilesProgress,
  signal: AbortSignal,
): Promise<UnitDigest[] | undefined> {
  const { createUnitWorker } = await import(/* webpackChunkName: "unit-worker" */ "./worker-url");
  if (signal.aborted) throw new CancelledError();
  let worker: Worker;
  try {
    worker = createUnitWorker();
  } catch {
    return undefined;
  }
  return new Promise<UnitDigest[] | undefined>((resolve, reject) => {
    const digests: UnitDigest[] = new Array<UnitDigest>(files.length);
    let done = 0;
    const finish = () => {
      worker.terminate();
      signal.removeEventListener("abort", abort);
    };
    const abort = () => {
      finish();
      reject(new CancelledError());
    };
    signal.addEventListener("abort", abort);
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.type === "file") {
        digests[message.index] = message.digest;
        progress(++done, files.length);
      } else {
        finish();
        resolve(digests);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish();
      if (done === 0) resolve(undefined);
      else
        reject(
          new Error(`Läsningen av filerna avbröts oväntat${event.message ? ` (${event.message})` : ""}.`),
        );
    };
    worker.postMessage({ files });
  });
}

export async function readUnitFiles(
  files: readonly File[],
  progress: FilesProgress,
  signal: AbortSignal,
): Promise<UnitDigest[]> {
  if (typeof Worker !== "undefined") {
    const digests = await readInWorker(files, progress, signal);
    if (digests) return digests;
  }
  return readInThisThread(files, progress, signal);
}
