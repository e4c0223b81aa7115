/**
 * The provider the way users run it: the release (npm run release) as a filesystem mirror, found
 * by `terraform init`, started by Terraform itself (several
 * processes per command). Converges examples/hcl-basic against the simulator, checks that a
 * TF_LOG=trace run never shows a password, and that bad settings give one clear error.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CmsClient } from '../../provider/src/cms/client';
import { ROOT } from '../../scripts/provider-package';
import { releaseCliConfig, testRelease } from '../../scripts/release/build';
import { startSimulator } from '../../simulator/src';
import type { Simulator } from '../../simulator/src';
import { Terraform } from './harness/terraform';

const ADMIN_PASSWORD = 'Adm1n-Pa55word-7731';
const TURN_PASSWORD = 'Turn-Secr3t-9204';

let root: string;
let sim: Simulator;
let api: CmsClient;
let baseEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-managed-'));
  const release = await testRelease();
  const cliConfig = path.join(root, 'cli.tfrc');
  fs.writeFileSync(cliConfig, releaseCliConfig(release.dir));
  sim = await startSimulator({ port: 0, ssh: true, users: [{ name: 'admin', password: ADMIN_PASSWORD, role: 'admin' }] });
  api = new CmsClient({ url: sim.url, username: 'admin', password: ADMIN_PASSWORD, caBundle: sim.caPem });
  baseEnv = {
    PATH: process.env.PATH,
    HOME: root,
    TMPDIR: os.tmpdir(),
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CMS_URL: sim.url,
    CMS_USERNAME: 'admin',
    CMS_PASSWORD: ADMIN_PASSWORD,
    CMS_CA_BUNDLE: sim.caPath,
    TF_VAR_turn_password: TURN_PASSWORD,
    CMS_MMP_USERNAME: 'admin',
    CMS_MMP_PASSWORD: ADMIN_PASSWORD,
    CMS_MMP_NODES: JSON.stringify(sim.nodes.map((n) => ({ name: n.name, address: '127.0.0.1', port: n.ssh!.port, host_key_fingerprint: n.ssh!.hostKeyFingerprint }))),
  };
}, 120_000);

afterAll(async () => {
  await api?.close();
  await sim?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

function workspace(env: NodeJS.ProcessEnv = {}): Terraform {
  const dir = fs.mkdtempSync(path.join(root, 'ws-'));
  fs.copyFileSync(path.join(ROOT, 'examples/hcl-basic/main.tf'), path.join(dir, 'main.tf'));
  return new Terraform(dir, { ...baseEnv, ...env });
}

it('installs offline, converges examples/hcl-basic, re-plans empty and destroys; no password in trace logs, plan file or state', async () => {
  const logFile = path.join(root, 'trace.log');
  const tf = workspace({ TF_LOG: 'trace', TF_LOG_PATH: logFile });
  const init = await tf.expect(['init', '-input=false', '-no-color']);
  expect(init.stdout).toMatch(/Installing cms-iac\/cms v0\.1\.0/);
  await tf.expect(['plan', '-out=tfplan', '-input=false', '-no-color']);
  const planJson = (await tf.expect(['show', '-json', 'tfplan'])).stdout;
  const apply = await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
  expect(apply.stdout).toMatch(/Apply complete! Resources: 7 added, 0 changed, 0 destroyed/);
  // The TURN password is given write-only from an ephemeral variable: the server has it, the
  // plan file and the state do not.
  const stateFile = fs.readFileSync(path.join(tf.dir, 'terraform.tfstate'), 'utf8');
  expect(stateFile).toMatch(/"password_wo_version": 1/);
  const [edge] = await api.listAll('/turnServers');
  expect((await api.get(`/turnServers/${edge.id}`)).values.password).toBe(TURN_PASSWORD);
  expect((await tf.run(['plan', '-refresh=false', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
  const plan = await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
  expect(plan.code).toBe(0);

  const turn = await api.listAll('/turnServers');
  expect(turn.map((t) => t.values.serverAddress)).toEqual(['10.0.0.10']);
  expect((await api.listAll('/callBridges')).map((c) => c.values.name)).toEqual(['cb1']);
  const outputs = JSON.parse((await tf.expect(['output', '-json'])).stdout) as Record<string, { value: string }>;
  expect(outputs.software_version.value).toMatch(/^3\./);

  const trace = fs.readFileSync(logFile, 'utf8');
  expect(trace).toMatch(/provider\.terraform-provider-cms/); // the provider's own lines are there
  const basic = Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64');
  for (const secret of [ADMIN_PASSWORD, TURN_PASSWORD, basic]) {
    expect(trace.includes(secret)).toBe(false);
    expect(planJson.includes(secret)).toBe(false);
    expect(stateFile.includes(secret)).toBe(false);
    expect(apply.stdout.includes(secret) || apply.stderr.includes(secret) || plan.stdout.includes(secret)).toBe(false);
  }

  await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
  for (const collection of ['/turnServers', '/callBridges', '/callBridgeGroups', '/ldapServers', '/coSpaceTemplates']) {
    expect(await api.listAll(collection)).toEqual([]);
  }
}, 180_000);

it('wrong credentials give one clear error, not a stack trace', async () => {
  const tf = workspace({ CMS_PASSWORD: 'not-the-password' });
  await tf.expect(['init', '-input=false', '-no-color']);
  const plan = await tf.run(['plan', '-input=false', '-no-color']);
  expect(plan.code).toBe(1);
  const text = plan.stderr.replace(/\s+/g, ' ');
  expect(text).toMatch(/Error: Cannot use the Meeting Server at https:\/\/127\.0\.0\.1:\d+/);
  expect(text).toMatch(/HTTP 401/);
  expect(text).toMatch(/Check the provider's username and password/);
  expect(text.match(/Error:/g)).toHaveLength(1);
  expect(text).not.toMatch(/ at .*\.js:\d+/);
  expect(text.includes('not-the-password')).toBe(false);
}, 60_000);

it('an unreachable server gives one clear error', async () => {
  const tf = workspace({ CMS_URL: 'https://127.0.0.1:9', CMS_TIMEOUT: '2', CMS_RETRIES: '0' });
  await tf.expect(['init', '-input=false', '-no-color']);
  const plan = await tf.run(['plan', '-input=false', '-no-color']);
  expect(plan.code).toBe(1);
  const text = plan.stderr.replace(/\s+/g, ' ');
  expect(text).toMatch(/Error: Cannot use the Meeting Server at https:\/\/127\.0\.0\.1:9/);
  expect(text).toMatch(/Check the provider url \(CMS_URL\)/);
  expect(text.match(/Error:/g)).toHaveLength(1);
}, 60_000);

it('MMP commands run by the installed provider under TF_LOG=trace show no password', async () => {
  const logFile = path.join(root, 'trace-mmp.log');
  const tf = workspace({ TF_LOG: 'trace', TF_LOG_PATH: logFile });
  fs.writeFileSync(path.join(tf.dir, 'main.tf'), 'terraform {\n  required_providers {\n    cms = { source = "cms-iac/cms" }\n  }\n}\n\nresource "cms_node_settings" "cms1" {\n  node        = "cms1"\n  ntp_servers = ["ntp1.example.com"]\n}\n');
  await tf.expect(['init', '-input=false', '-no-color']);
  await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color']);
  expect(sim.runMmpCommand('cms1', 'ntp server list')).toMatch(/ntp1\.example\.com/);
  const trace = fs.readFileSync(logFile, 'utf8');
  expect(trace).toMatch(/ntp server add ntp1\.example\.com/);
  expect(trace.includes(ADMIN_PASSWORD)).toBe(false);
  await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
}, 120_000);
