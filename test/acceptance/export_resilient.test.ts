/**
 * `cms-iac export` of a resilient cluster built by hand (three nodes, each with its API and its
 * MMP), with the provider installed as users install it: the export reads each node's own API
 * for its per-node settings (written with a provider alias per node) and every node's MMP (node
 * settings, the database cluster). It only reads; the first plan imports only; apply; the next
 * plan is empty. The same as a CDKTF app.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { terraformEnv } from '../../scripts/demo/examples';
import { buildProvider, installProvider, writeCliConfig } from '../../scripts/provider-package';
import type { Simulator } from '../../simulator/src';
import { RESILIENT_SCENARIO } from '../../simulator/src/fixtures/resilient';
import { startScenario } from '../../simulator/src/fixtures/scenario';
import { Terraform } from './harness/terraform';
import { adoptAndConverge, exportEnv, filesHoldingSecrets, mmpNodeArgs, runExportCommand, secretValues, synthExportedApp, writesAmong } from './export-support';

let root: string;
let sim: Simulator;
let baseEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-export-resilient-'));
  const built = await buildProvider({ outDir: path.join(root, 'dist') });
  const installed = installProvider({ built, mirrorDir: path.join(root, 'mirror') });
  const cliConfig = writeCliConfig(path.join(root, 'cli.tfrc'), installed.mirrorDir);
  sim = await startScenario(RESILIENT_SCENARIO, { port: 0, ssh: true });
  baseEnv = terraformEnv({ HOME: root, TF_CLI_CONFIG_FILE: cliConfig, ...(exportEnv(sim) as Record<string, string>) }, { PATH: process.env.PATH, TMPDIR: os.tmpdir() });
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

it('exports the resilient cluster as HCL: per-node providers, node settings, database cluster; imports only, then empty', async () => {
  const dir = path.join(root, 'hcl');
  const run = await runExportCommand(sim, ['--url', sim.url, ...mmpNodeArgs(sim, true), '--out', dir, '--quiet']);
  expect(writesAmong(run.requests)).toEqual([]);
  expect(run.requests.filter((r) => r.startsWith('MMP ')).length).toBeGreaterThan(0);
  const byType = Object.fromEntries(run.manifest.types.map((t) => [t.type, t.exported]));
  expect(byType).toMatchObject({ cms_database_cluster: 1, cms_node_settings: 3, cms_call_bridge_cluster_settings: 3, cms_call_bridge: 3, cms_turn_server: 2, cms_web_bridge: 3, cms_access_method_template: 5 });
  const providers = fs.readFileSync(path.join(dir, 'providers.tf'), 'utf8');
  expect(providers.match(/alias = "cms[23]"/g)).toHaveLength(2);
  expect(fs.readFileSync(path.join(dir, 'call_bridge_cluster_settings.tf'), 'utf8')).toMatch(/provider +\= cms\.cms3/);

  const secrets = secretValues(sim, run.manifest);
  const tf = new Terraform(dir, { ...baseEnv, ...secrets });
  await tf.expect(['fmt', '-check', '-recursive', '-no-color']);
  await tf.expect(['init', '-input=false', '-no-color']);
  await adoptAndConverge(tf, run.manifest);
  expect(filesHoldingSecrets(dir, secrets)).toEqual([]);
}, 240_000);

it('exports the resilient cluster as a CDKTF app (provider aliases, an LdapImport where the objects fit): imports only, then empty', async () => {
  const dir = path.join(root, 'resilient');
  const run = await runExportCommand(sim, ['--url', sim.url, ...mmpNodeArgs(sim, true), '--out', dir, '--format', 'cdktf', '--quiet']);
  expect(writesAmong(run.requests)).toEqual([]);
  const main = fs.readFileSync(path.join(dir, 'main.ts'), 'utf8');
  expect(main).toMatch(/new provider\.CmsProvider\(this, 'cms_cms3', \{\n +alias: 'cms3',/);
  // Contractors have the shape of an LdapImport; the staff sources, named by hand, stay L1.
  expect(main).toMatch(/new LdapImport\([\s\S]*name: 'Contractors'/);
  expect(main).toMatch(/new ldapSource\.LdapSource\(this, 'ldap_source_staff'/);
  const secrets = secretValues(sim, run.manifest);
  const tf = new Terraform(await synthExportedApp(dir, 'resilient'), { ...baseEnv, ...secrets });
  await tf.expect(['init', '-input=false', '-no-color']);
  await adoptAndConverge(tf, run.manifest);
  expect(filesHoldingSecrets(dir, secrets)).toEqual([]);
}, 240_000);
