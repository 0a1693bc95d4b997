/** Loads the pane's heavy part (the core's reader, checks and summaries) on first use. */
export type Engine = typeof import("./engine");

let engine: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  engine ??= import(/* webpackChunkName: "engine" */ "./engine");
  return engine;
}
