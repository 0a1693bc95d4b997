/** LibreOffice (headless `soffice`, Debian package libreoffice-calc-nogui) for the tests that open files in it. */
import { execFile } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** `soffice` on PATH or where Debian puts it; `VERKSAMHETSPLAN_SOFFICE` names another (or a missing one). */
function findSoffice(): string | undefined {
  const chosen = process.env["VERKSAMHETSPLAN_SOFFICE"];
  if (chosen !== undefined) return existsSync(chosen) ? chosen : undefined;
  const dirs = [
    ...(process.env["PATH"] ?? "").split(path.delimiter),
    "/usr/bin",
    "/usr/lib/libreoffice/program",
  ];
  for (const dir of dirs) {
    const candidate = path.join(dir, "soffice");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The `soffice` to run, or undefined where LibreOffice is not installed. */
export const soffice = findSoffice();

/** Converts `input` to `format` (`xlsx`, `html` …) into `outDir`, with the user profile in `profile`. */
export async function convertWithLibreOffice(
  input: string,
  format: string,
  outDir: string,
  options: { profile: string; timeout: number },
): Promise<void> {
  if (!soffice) throw new Error("LibreOffice saknas");
  await run(
    soffice,
    [
      `-env:UserInstallation=${pathToFileURL(options.profile).href}`,
      "--headless",
      "--norestore",
      "--convert-to",
      format,
      "--outdir",
      outDir,
      input,
    ],
    { timeout: options.timeout },
  );
}

/** LibreOffice's setting "recalculation on file load" for Excel files: 0 = always. */
const ALWAYS_RECALCULATE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Opens the workbook in LibreOffice (private profile), recalculates and saves it as .xlsx again. */
export async function recalculateInLibreOffice(bytes: Uint8Array, timeout: number): Promise<Buffer> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "vp-libreoffice-"));
  try {
    const profile = path.join(root, "profile");
    await fs.mkdir(path.join(profile, "user"), { recursive: true });
    await fs.writeFile(path.join(profile, "user", "registrymodifications.xcu"), ALWAYS_RECALCULATE);
    const input = path.join(root, "in", "arbetsbok.xlsx");
    const outDir = path.join(root, "out");
    await fs.mkdir(path.dirname(input));
    await fs.writeFile(input, bytes);
    await convertWithLibreOffice(input, "xlsx", outDir, { profile, timeout });
    return await fs.readFile(path.join(outDir, "arbetsbok.xlsx"));
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}
