/** openpyxl in Debian's /usr/bin/python3 (package python3-openpyxl), reading files the tests write. */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";

let available: boolean | undefined;

export function openpyxlAvailable(): boolean {
  available ??=
    existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import openpyxl"], { stdio: "ignore" }).status === 0;
  return available;
}

/**
 * Runs a Python script on the bytes saved as `fileName` in a temporary folder: `sys.argv[1]` is
 * the file, `args` follow; the script prints JSON, which is returned parsed.
 */
export async function runOpenpyxl<T>(
  script: string,
  bytes: Uint8Array,
  fileName: string,
  args: readonly string[] = [],
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "vp-openpyxl-"));
  try {
    const file = path.join(dir, fileName);
    await fs.writeFile(file, bytes);
    const { stdout } = await run(PYTHON, ["-c", script, file, ...args], { timeout: 60_000 });
    return JSON.parse(stdout) as T;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
