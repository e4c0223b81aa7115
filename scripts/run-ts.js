#!/usr/bin/env node
// Runs a TypeScript script directly: `node scripts/run-ts.js scripts/generate.ts [args]`.
// esbuild strips the types as each .ts file is required (no type check; `npm run typecheck` does that).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = esbuild.transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: filename,
  });
  module._compile(code, filename);
};

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node scripts/run-ts.js <script.ts> [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(script), ...args];
const mod = require(path.resolve(script));
if (typeof mod.main === 'function') {
  Promise.resolve(mod.main(args)).then(
    (code) => { if (typeof code === 'number') process.exitCode = code; },
    (err) => {
      process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
