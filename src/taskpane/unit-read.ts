/**
 * One unit's file read and checked into its consolidation digest: in the Web Worker
 * (consolidate-worker.ts) or, where there are no workers, in the pane's own thread. Never throws:
 * a file that cannot be read gives a digest with the Swedish reason.
 */
// First: before src/core/schemas.ts builds its schemas.
import "./zod-csp";
import { digestUnit, type UnitDigest } from "../core/consolidate";
import { XlsxReadError } from "../xlsx/errors";
import { readXlsxFast } from "../xlsx/fast-read";

export function digestUnitFile(name: string, bytes: Uint8Array): UnitDigest {
  try {
    return digestUnit({ file: name, workbook: readXlsxFast(bytes, { fileName: name }) });
  } catch (error) {
    if (error instanceof XlsxReadError) return { file: name, error: error.message };
    const detail = error instanceof Error ? error.message : String(error);
    return {
      file: name,
      error: `Filen ”${name}” kunde inte läsas${detail ? ` (${detail})` : ""}. Kontrollera att den är en hel .xlsx-arbetsbok.`,
    };
  }
}

/** A file's bytes (Blob.arrayBuffer where there is one, else a FileReader). */
export async function fileBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === "function") return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error("Filen kunde inte läsas."));
    reader.readAsArrayBuffer(file);
  });
}

/** Messages between the pane and the worker. */
export interface WorkerRequest {
  readonly files: readonly File[];
}

export type WorkerMessage =
  { readonly type: "file"; readonly index: number; readonly digest: UnitDigest } | { readonly type: "done" };

/** Reads one file into its digest; an unreadable file gives its reason. */
export async function digestBlob(file: File): Promise<UnitDigest> {
  let bytes: Uint8Array;
  try {
    bytes = await fileBytes(file);
  } catch {
    return { file: file.name, error: `Filen ”${file.name}” kunde inte läsas från disken.` };
  }
  return digestUnitFile(file.name, bytes);
}
