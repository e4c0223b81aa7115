import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// CI fails when a definition changed without `npm run generate` (stale schema, bindings or docs).
it('generated files are current', () => {
  const root = path.resolve(__dirname, '../..');
  const run = spawnSync(process.execPath, ['scripts/run-ts.js', 'scripts/generate.ts', '--check'], { cwd: root, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  expect(run.stderr.split('\n').filter((l) => /stale|invalid|Error/.test(l))).toEqual([]);
  expect(run.status).toBe(0);
});
