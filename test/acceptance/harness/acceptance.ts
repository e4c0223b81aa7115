/**
 * Acceptance tests in the terraform-plugin-testing pattern: the real terraform binary drives the
 * provider (in-process, through TF_REATTACH_PROVIDERS) against a simulated Meeting Server.
 *
 * A config step writes the configuration, plans (checking the expected actions), applies, runs
 * its checks, and then insists that both `plan -refresh=false` and `plan` are empty. An import
 * step removes a resource from state, imports it (command or `import {}` block) and compares the
 * imported state with what apply produced. Each case ends with destroy and a check that the
 * simulator holds none of the test's objects.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CmsClient } from '../../../provider/src/cms/client';
import { connect } from '../../../provider/src/connection';
import { CmsProvider } from '../../../provider/src/provider';
import { serveInProcess } from '../../../provider/src/plugin/inprocess';
import { startCluster, startSimulator } from '../../../simulator/src';
import type { Simulator } from '../../../simulator/src';
import { startScenario } from '../../../simulator/src/fixtures/scenario';
import type { SimScenario } from '../../../simulator/src/fixtures/scenario';
import { Terraform } from './terraform';
import type { StateResource } from './terraform';

export interface AcceptanceEnv {
  sim: Simulator;
  /** A client for making changes behind Terraform's back (drift). */
  api: CmsClient;
  /** Environment for terraform: reattach, provider settings, no network. */
  tfEnv: NodeJS.ProcessEnv;
}

export interface StepContext extends AcceptanceEnv {
  tf: Terraform;
  /** State as the previous step left it. */
  state: StateResource[];
  /** The configuration last applied; destroy runs with it. */
  appliedConfig?: string;
}

export interface ConfigStep {
  config: string;
  /** Runs before the plan: make drift here. */
  preConfig?: (ctx: StepContext) => Promise<void>;
  /** Expected actions per resource address, e.g. `{ 'cms_x.a': ['update'] }` or `['delete','create']`. */
  expectActions?: Record<string, string[]>;
  /** The plan (or apply) must fail with output matching this (whitespace collapsed to single spaces). */
  expectError?: RegExp;
  /** With expectError: the simulator must have received no write (POST, PUT, DELETE). */
  expectNoWrites?: boolean;
  check?: (ctx: StepContext) => Promise<void>;
}

export interface ImportStep {
  importAddress: string;
  /** The id to import, or a function of the state before the import. */
  importId: string | ((state: StateResource[]) => string);
  /** Use an `import {}` block instead of the `terraform import` command. */
  viaBlock?: boolean;
  /** Attributes not compared after import (values the server never returns). */
  verifyIgnore?: string[];
}

export type Step = ConfigStep | ImportStep;

export interface AcceptanceOptions {
  /** Simulated nodes sharing one database (default 1). */
  nodes?: number;
  /** Give every node an MMP over SSH, configured in the provider as mmp_node blocks via CMS_MMP_NODES. */
  mmp?: boolean;
  /** Start the simulator with this scenario's nodes and state (instead of `nodes`). */
  scenario?: SimScenario;
  /** `softwareVersion` the simulated nodes report (default: the simulator's). */
  softwareVersion?: string;
  /** Start the nodes blank: Web Admin (the API) off, no certificates, only the admin MMP user. */
  blank?: boolean;
}

/** Starts a simulator and the in-process provider for the tests of one file. */
export function useAcceptanceEnv(options: AcceptanceOptions = {}): () => AcceptanceEnv {
  let env: AcceptanceEnv | undefined;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const simOptions = { port: 0, ssh: options.mmp, ...(options.blank ? { blank: true } : {}), ...(options.softwareVersion ? { softwareVersion: options.softwareVersion } : {}) };
    const sim = options.scenario
      ? await startScenario(options.scenario, simOptions)
      : options.nodes && options.nodes > 1
        ? await startCluster({ ...simOptions, nodes: options.nodes })
        : await startSimulator(simOptions);
    const mmpNodes = sim.nodes.map((n) => ({ name: n.name, address: '127.0.0.1', port: n.ssh?.port, host_key_fingerprint: n.ssh?.hostKeyFingerprint }));
    const connection: Record<string, string> = { CMS_URL: sim.url, CMS_USERNAME: 'admin', CMS_PASSWORD: 'admin', CMS_CA_BUNDLE: sim.caPath };
    if (options.mmp) Object.assign(connection, { CMS_MMP_USERNAME: 'admin', CMS_MMP_PASSWORD: 'admin', CMS_MMP_NODES: JSON.stringify(mmpNodes) });
    // In reattach mode the provider runs in this process, so it reads these settings from here,
    // not from terraform's environment.
    const provider = new CmsProvider((settings) => connect(settings), connection);
    const served = await serveInProcess(provider);
    const cliConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cms-acc-')), 'terraformrc');
    fs.writeFileSync(cliConfig, 'provider_installation {\n  direct {\n    exclude = ["registry.terraform.io/cms-iac/*"]\n  }\n}\n');
    const api = new CmsClient({ url: sim.url, username: 'admin', password: 'admin', caBundle: sim.caPem, retries: 0 });
    const tfEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TF_REATTACH_PROVIDERS: served.reattachConfig,
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      ...connection,
    };
    env = { sim, api, tfEnv };
    stop = async () => {
      await api.close();
      await served.stop();
      await sim.stop();
    };
  });
  afterAll(async () => {
    await stop?.();
  });
  return () => {
    if (!env) throw new Error('the acceptance environment is not started');
    return env;
  };
}

const PROVIDERS_TF = 'terraform {\n  required_providers {\n    cms = {\n      source = "cms-iac/cms"\n    }\n  }\n}\n';

function isImport(step: Step): step is ImportStep {
  return 'importAddress' in step;
}

/** Terraform wraps long messages; matching works on the text with whitespace collapsed. */
function flat(r: { stdout: string; stderr: string }): string {
  return (r.stdout + r.stderr).replace(/\s+/g, ' ');
}

function writes(sim: Simulator): string[] {
  // Everything but reads: POST, PUT, DELETE and commands run over the MMP.
  return sim.log
    .entries()
    .filter((e) => e.method !== 'GET')
    .map((e) => `${e.method} ${e.path}`);
}

async function configStep(step: ConfigStep, ctx: StepContext): Promise<void> {
  const { tf, sim } = ctx;
  tf.writeConfig(step.config);
  await step.preConfig?.(ctx);
  if (step.expectError) {
    sim.log.clear();
    const plan = await tf.run(['plan', '-input=false', '-no-color']);
    if (plan.code === 0 || plan.code === 2) {
      const apply = await tf.run(['apply', '-auto-approve', '-input=false', '-no-color']);
      expect(apply.code).toBe(1);
      expect(flat(apply)).toMatch(step.expectError);
    } else {
      expect(plan.code).toBe(1);
      expect(flat(plan)).toMatch(step.expectError);
    }
    if (step.expectNoWrites) expect(writes(sim)).toEqual([]);
    return;
  }
  await tf.expect(['plan', '-input=false', '-no-color', '-out=tfplan'], [0, 2]);
  if (step.expectActions) {
    const changes = await tf.planChanges('tfplan');
    for (const [address, actions] of Object.entries(step.expectActions)) {
      expect({ address, actions: changes.find((c) => c.address === address)?.actions ?? ['no-op'] }).toEqual({ address, actions });
    }
  }
  await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
  ctx.appliedConfig = step.config;
  ctx.state = await tf.state();
  await step.check?.(ctx);
  const noRefresh = await tf.run(['plan', '-refresh=false', '-detailed-exitcode', '-input=false', '-no-color']);
  if (noRefresh.code !== 0) throw new Error(`After applying this step, the non-refresh plan was not empty:\n${noRefresh.stdout}${noRefresh.stderr}`);
  const refresh = await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
  if (refresh.code !== 0) throw new Error(`After applying this step, the refresh plan was not empty:\n${refresh.stdout}${refresh.stderr}`);
}

function withoutIgnored(values: Record<string, unknown>, ignore: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !ignore.includes(k)));
}

async function importStep(step: ImportStep, ctx: StepContext): Promise<void> {
  const { tf } = ctx;
  const before = ctx.state.find((r) => r.address === step.importAddress);
  if (!before) throw new Error(`${step.importAddress} must be in state before an import step`);
  const id = typeof step.importId === 'function' ? step.importId(ctx.state) : step.importId;
  await tf.expect(['state', 'rm', step.importAddress]);
  if (step.viaBlock) {
    fs.writeFileSync(path.join(tf.dir, 'import.tf'), `import {\n  to = ${step.importAddress}\n  id = ${JSON.stringify(id)}\n}\n`);
    await tf.expect(['plan', '-input=false', '-no-color', '-out=tfplan'], [0, 2]);
    const changes = await tf.planChanges('tfplan');
    const change = changes.find((c) => c.address === step.importAddress);
    expect(change?.importing).toBe(true);
    await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
    fs.rmSync(path.join(tf.dir, 'import.tf'));
  } else {
    await tf.expect(['import', '-input=false', '-no-color', step.importAddress, id]);
  }
  const after = await tf.resource(step.importAddress);
  const ignore = step.verifyIgnore ?? [];
  expect(withoutIgnored(after, ignore)).toEqual(withoutIgnored(before.values, ignore));
  ctx.state = await tf.state();
}

/** A fresh, initialised terraform working directory for the environment's provider. */
export async function workdir(env: AcceptanceEnv): Promise<Terraform> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-acc-case-'));
  const tf = new Terraform(dir, env.tfEnv);
  fs.writeFileSync(path.join(dir, 'providers.tf'), PROVIDERS_TF);
  await tf.expect(['init', '-input=false', '-no-color']);
  return tf;
}

/** Runs one acceptance case: its steps in order, then destroy and the emptiness check. */
export async function acceptance(env: AcceptanceEnv, steps: Step[], options: { checkDestroy?: (env: AcceptanceEnv) => Promise<void> } = {}): Promise<void> {
  const tf = await workdir(env);
  const dir = tf.dir;
  const ctx: StepContext = { ...env, tf, state: [] };
  let failure: unknown;
  try {
    for (const step of steps) {
      if (isImport(step)) await importStep(step, ctx);
      else await configStep(step, ctx);
    }
  } catch (err) {
    failure = err;
  }
  // Destroy even after a failed step; a failed step is what gets reported, not what followed it.
  try {
    // Destroy with the last configuration that applied; with none (every step was refused), an
    // empty one removes whatever a failed apply may have left.
    tf.writeConfig(ctx.appliedConfig ?? '');
    const destroy = await tf.run(['destroy', '-auto-approve', '-input=false', '-no-color']);
    if (destroy.code !== 0) throw new Error(`destroy failed:\n${destroy.stdout}${destroy.stderr}`);
    await options.checkDestroy?.(env);
    fs.rmSync(dir, { recursive: true, force: true });
  } catch (err) {
    if (failure === undefined) throw err;
  }
  if (failure !== undefined) throw failure;
}

/** Ids of the objects in a collection, for destroy checks. */
export async function idsIn(api: CmsClient, collection: string): Promise<string[]> {
  return (await api.listAll(collection)).map((o) => String(o.id));
}
