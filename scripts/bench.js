// `npm run bench`: builds, then runs the benchmarks (one JSON object per line on stdout).
require("../dist/bench/main.js")
  .main(process.argv.slice(2))
  .catch((error) => {
    process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
