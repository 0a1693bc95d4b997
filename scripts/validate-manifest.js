#!/usr/bin/env node
// npm run validate: checks manifest.xml with Microsoft's online validation service
// (`office-addin-manifest validate manifest.xml`). Without network access the service cannot be
// reached: then this prints a notice and exits 0 (the offline checks are test/manifest's tests).
const { spawnSync } = require("child_process");
const path = require("path");

const cli = path.join(path.dirname(require.resolve("office-addin-manifest/package.json")), "cli.js");
const manifest = path.join(__dirname, "..", "manifest.xml");
const run = spawnSync(process.execPath, [cli, "validate", manifest, ...process.argv.slice(2)], {
  encoding: "utf8",
  timeout: 120_000,
});
const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
const offline =
  /Unable to contact the manifest validation service|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|ENETUNREACH/.test(
    output,
  ) ||
  (run.error && run.error.code === "ETIMEDOUT");

if (offline) {
  console.log(
    "Manifestet kunde inte valideras online: valideringstjänsten går inte att nå (inget nätverk).\n" +
      "De lokala kontrollerna finns i test/manifest (npx jest test/manifest). Kör npm run validate igen med nätverk.",
  );
  process.exit(0);
}
process.stdout.write(output);
process.exit(run.status ?? 1);
