#!/usr/bin/env node
import('../dist/src/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
  (error) => { process.stderr.write(`revisor: internal error: ${error?.stack ?? error}\n`); process.exitCode = 2; },
);
