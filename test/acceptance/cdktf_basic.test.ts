/**
 * examples/cdktf-basic: the CDKTF app synthesizes with the generated bindings and its output
 * converges against the simulator with terraform; a second plan is empty.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useAcceptanceEnv } from './harness/acceptance';
import { Terraform } from './harness/terraform';

const env = useAcceptanceEnv();
const ROOT = path.resolve(__dirname, '../..');
const TURN_PASSWORD = 'cdktf-Turn-Secret-5521';

function synth(outdir: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/run-ts.js'), path.join(ROOT, 'examples/cdktf-basic/main.ts')], {
      cwd,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`synth failed (${code}):\n${stderr}`))));
  });
}

it('examples/cdktf-basic synthesizes and converges', async () => {
  const e = env();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-cdktf-basic-'));
  await synth(path.join(work, 'cdktf.out'), work);
  const stackDir = path.join(work, 'cdktf.out/stacks/cdktf-basic');
  const synthesized = fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8');
  expect(JSON.parse(synthesized).terraform.required_providers.cms.source).toBe('registry.terraform.io/cms-iac/cms');
  expect(synthesized).not.toContain(TURN_PASSWORD);

  const tf = new Terraform(stackDir, { ...e.tfEnv, TF_VAR_turn_password: TURN_PASSWORD });
  await tf.expect(['init', '-input=false', '-no-color']);
  await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color']);
  expect((await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
  expect((await e.api.listAll('/coSpaceTemplates')).map((t) => t.values.name)).toEqual(['Team meeting']);
  await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
  expect(await e.api.listAll('/turnServers')).toEqual([]);
  fs.rmSync(work, { recursive: true, force: true });
}, 120_000);
