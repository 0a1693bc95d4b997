import type { Io } from "../../src/cli/main";

export const CHECKED_AT = "2025-03-01 14:05";

export interface Captured extends Io {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function captured(checkedAt = CHECKED_AT): Captured {
  let out = "";
  let err = "";
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    checkedAt: () => checkedAt,
    stdout: () => out,
    stderr: () => err,
  };
}
