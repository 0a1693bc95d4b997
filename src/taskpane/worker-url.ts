/**
 * Starts the units' reader worker. webpack 5 turns `new Worker(new URL("./x.ts", import.meta.url))`
 * into a same-origin worker chunk (the CSP's script-src 'self' allows it). Only loaded where
 * `Worker` exists (never under Jest, whose CommonJS has no `import.meta`).
 */
export function createUnitWorker(): Worker {
  // @ts-expect-error -- TS1343: tsc checks this as CommonJS; webpack bundles it as an ES module.
  return new Worker(new URL("./consolidate-worker.ts", import.meta.url));
}
