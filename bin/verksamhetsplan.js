#!/usr/bin/env node
"use strict";
// Kommandoraden: kör den byggda koden i dist/ (byggs av `npm ci` via prepare).
const { main } = require("../dist/cli/main.js");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`Oväntat fel: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
