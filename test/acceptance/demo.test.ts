/**
 * `npm run demo` end to end, run the way a user runs it (a child process with the user's
 * environment and the installed provider started by terraform): every step reports, the second
 * plan is empty, and nothing is left in the temporary directory. Without terraform on the PATH
 * it stops at once with an install hint.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface Run {
  code: number;
  output: string;
  ms: number;
}

function demo(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/run-ts.js'), path.join(ROOT, 'scripts/demo.ts'), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output, ms: Date.now() - started }));
  });
}

let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-demo-test-'));
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The user's environment with a private temporary directory, so leftovers can be seen. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, NO_COLOR: '1', ...extra };
  for (const k of Object.keys(env)) if (/^(TF_|CMS_|JEST_)/.test(k)) delete env[k];
  return env;
}

it('npm run demo converges examples/lab-single-server, shows the server, re-plans empty and cleans up', async () => {
  const run = await demo([], userEnv());
  if (run.code !== 0) throw new Error(`the demo exited ${run.code}:\n${run.output}`);
  const out = run.output;
  for (let n = 1; n <= 10; n++) expect(out).toContain(`[${n}/10]`);
  expect(out).toMatch(/Terraform \d+\.\d+\.\d+/);
  expect(out).toMatch(/Installed cms-iac\/cms v0\.1\.0/); // terraform init used the installed provider
  expect(out).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  expect(out).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
  // The listing: API collections and the node's MMP settings.
  expect(out).toMatch(/Space templates \(1\)\s+Team meeting/);
  expect(out).toMatch(/Users \(from LDAP\) \(4\)/);
  expect(out).toMatch(/alice@example\.com/);
  expect(out).toMatch(/NTP servers\s+ntp1\.example\.com, ntp2\.example\.com/);
  expect(out).toMatch(/Web Admin \(API\)\s+enabled on a:445/);
  expect(out).toMatch(/Web Bridge 3\s+enabled, web app on a:443, c2w on a:9999/);
  expect(out).toMatch(/No changes\. Your infrastructure matches the configuration\./);
  expect(out).toMatch(/the second plan is empty/);
  expect(out).toMatch(/Demo complete in .*the second plan was empty/);
  expect(out).not.toMatch(/demo-[A-Za-z0-9_-]{16}/); // the generated secrets are never printed
  expect(fs.readdirSync(tmp)).toEqual([]); // temporary files removed
  expect(fs.readdirSync(path.join(ROOT, 'examples/lab-single-server')).filter((f) => f.includes('tfstate'))).toEqual([]); // no state in the repository
  expect(run.ms).toBeLessThan(90_000);
}, 120_000);

it('without terraform on the PATH it says how to install it and exits non-zero', async () => {
  const emptyBin = fs.mkdtempSync(path.join(tmp, 'bin-'));
  const run = await demo([], userEnv({ PATH: emptyBin }));
  expect(run.code).toBe(1);
  expect(run.output).toMatch(/Demo failed: step 1 \(Checking for Terraform\)/);
  expect(run.output).toMatch(/terraform was not found on your PATH/);
  expect(run.output).toMatch(/https:\/\/developer\.hashicorp\.com\/terraform\/install/);
  expect(fs.readdirSync(tmp)).toEqual([path.basename(emptyBin)]);
}, 30_000);

it('a failing terraform step stops the demo with terraform\'s own message, exit code 1 and nothing left behind', async () => {
  const bin = fs.mkdtempSync(path.join(tmp, 'bin-'));
  fs.writeFileSync(
    path.join(bin, 'terraform'),
    '#!/bin/sh\nif [ "$1" = version ]; then echo \'{"terraform_version":"1.11.4"}\'; exit 0; fi\necho "Error: the backend is on fire ($1)" >&2\nexit 1\n',
    { mode: 0o755 },
  );
  const run = await demo([], userEnv({ PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}/usr/bin${path.delimiter}/bin` }));
  expect(run.code).toBe(1);
  expect(run.output).toMatch(/\[4\/10\][\s\S]*✓ done/); // the steps before it ran
  expect(run.output).toMatch(/Demo failed: step 5 \(terraform init\) failed after/);
  expect(run.output).toMatch(/terraform init failed \(exit 1\)/);
  expect(run.output).toMatch(/│ Error: the backend is on fire \(init\)/);
  expect(run.output).not.toMatch(/\[6\/10\]/);
  expect(fs.readdirSync(tmp)).toEqual([path.basename(bin)]); // simulator stopped, temporary files removed
}, 60_000);

it('an unknown option or example is refused with the usage', async () => {
  const run = await demo(['--example', 'nope'], userEnv());
  expect(run.code).toBe(2);
  expect(run.output).toMatch(/There is no example named "nope"/);
  expect(run.output).toMatch(/lab-single-server/);
}, 30_000);

it('--version prints the version and does nothing else', async () => {
  const run = await demo(['--version'], userEnv());
  expect(run.code).toBe(0);
  expect(run.output).toBe('cms-iac demo 0.1.0 (terraform-provider-cms 0.1.0)\n');
  expect(fs.readdirSync(tmp)).toEqual([]);
}, 30_000);
