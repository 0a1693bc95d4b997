/**
 * The Web Worker that reads the units' files (fast reader, then the unit's check and digest) off
 * the pane's thread, posting each file's digest as soon as it is read. Bundled by webpack as its
 * own chunk (see worker-url.ts); the pane terminates it to cancel.
 */
import { digestBlob, type WorkerMessage, type WorkerRequest } from "./unit-read";

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  void (async () => {
    const files = event.data.files;
    for (let index = 0; index < files.length; index++) {
      const file = files[index] as File;
      scope.postMessage({ type: "file", index, digest: await digestBlob(file) });
    }
    scope.postMessage({ type: "done" });
  })();
};
