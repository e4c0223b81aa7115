/**
 * The example apps as the demo and the example tests run them: where each lives, which
 * simulated nodes and LDAP directory it expects, which secrets it reads from the environment,
 * how to synthesize it, and the provider settings that point terraform at a simulator.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LdapEntry, Simulator } from '../../simulator/src';
import { DemoError } from './reporter';

export const ROOT = path.resolve(__dirname, '../..');

export interface ExampleApp {
  /** Directory under examples/. */
  name: string;
  /** The CDKTF app's entry point, relative to the example directory. */
  entry: string;
  /** The stack the app synthesizes (cdktf.out/stacks/<stack>). */
  stack: string;
  /** The simulated nodes it expects (mmp_node names). */
  nodes: string[];
  /** LDAP directory file for the simulator, relative to the example directory. */
  directory?: string;
  /** Secrets the app reads from the environment: variable name → what it is. */
  secrets: Record<string, string>;
  /**
   * The app brings blank nodes up itself: the simulator starts them blank (no API until the app's
   * MMP resources enable it), and the API is read as this account, whose password is this secret.
   */
  blank?: { apiUser: string; apiPasswordSecret: string };
}

export const EXAMPLES: Record<string, ExampleApp> = {
  'lab-single-server': {
    name: 'lab-single-server',
    entry: 'main.ts',
    stack: 'lab-single-server',
    nodes: ['cms1'],
    directory: 'ldap-directory.json',
    secrets: { TF_VAR_ldap_bind_password: 'LDAP bind password', TF_VAR_api_password: 'password of the api account the app makes' },
    blank: { apiUser: 'api', apiPasswordSecret: 'TF_VAR_api_password' },
  },
  'resilient-cluster': {
    name: 'resilient-cluster',
    entry: 'main.ts',
    stack: 'resilient-cluster',
    nodes: ['cms1', 'cms2', 'cms3'],
    directory: 'ldap-directory.json',
    secrets: { TF_VAR_ldap_bind_password: 'LDAP bind password', TF_VAR_turn_credential_password: 'TURN credential server password' },
  },
  'cdktf-basic': {
    name: 'cdktf-basic',
    entry: 'main.ts',
    stack: 'cdktf-basic',
    nodes: ['cms1'],
    secrets: { TF_VAR_turn_password: 'TURN server password' },
  },
};

export function exampleDir(app: ExampleApp): string {
  return path.join(ROOT, 'examples', app.name);
}

export function ldapDirectory(app: ExampleApp): LdapEntry[] | undefined {
  if (!app.directory) return undefined;
  return JSON.parse(fs.readFileSync(path.join(exampleDir(app), app.directory), 'utf8')) as LdapEntry[];
}

export interface SynthResult {
  /** cdktf.out/stacks/<stack> */
  stackDir: string;
  /** cdk.tf.json as written. */
  json: string;
  resources: number;
  /** Resource address (`type.name`) → construct path in the app (without the stack's name). */
  paths: Map<string, string>;
}

/**
 * Synthesizes an app the way `cdktf synth` does: runs its entry point with CDKTF_OUTDIR set
 * (TypeScript through scripts/run-ts.js), then reads the stack's cdk.tf.json.
 *
 * It runs in the parent of `outdir`, not in the example's directory: CDKTF's default local
 * backend keeps the state beside the app's working directory (terraform.<stack>.tfstate), and
 * that must not land in the repository.
 */
export function synthesize(app: ExampleApp, outdir: string, env: NodeJS.ProcessEnv = process.env): Promise<SynthResult> {
  const cwd = path.dirname(outdir);
  fs.mkdirSync(cwd, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/run-ts.js'), path.join(exampleDir(app), app.entry)], {
      cwd,
      env: { ...env, CDKTF_OUTDIR: outdir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new DemoError(`Synthesizing examples/${app.name} failed (exit ${code}).`, { details: output }));
      const stackDir = path.join(outdir, 'stacks', app.stack);
      const file = path.join(stackDir, 'cdk.tf.json');
      if (!fs.existsSync(file)) return reject(new DemoError(`examples/${app.name} did not synthesize a stack named ${app.stack} (no ${file}).`, { details: output }));
      const json = fs.readFileSync(file, 'utf8');
      const doc = JSON.parse(json) as { resource?: Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>> };
      const paths = new Map<string, string>();
      for (const [type, byName] of Object.entries(doc.resource ?? {})) {
        for (const [name, body] of Object.entries(byName)) {
          const p = body['//']?.metadata?.path;
          if (p) paths.set(`${type}.${name}`, p.split('/').slice(1).join('/'));
        }
      }
      resolve({ stackDir, json, resources: paths.size || Object.values(doc.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0), paths });
    });
  });
}

export interface SimulatorCredentials {
  username: string;
  password: string;
}

/**
 * Provider settings for a simulator: its first node's API, and every node's MMP over SSH with
 * the host key pinned (CMS_MMP_NODES), exactly what a user sets for real servers. Each node
 * entry also carries the node's own API address (`url`), which multi-node apps read at synth
 * (the provider ignores it).
 */
export function providerEnv(sim: Simulator, creds: SimulatorCredentials = { username: 'admin', password: 'admin' }): Record<string, string> {
  const env: Record<string, string> = { CMS_URL: sim.url, CMS_USERNAME: creds.username, CMS_PASSWORD: creds.password, CMS_CA_BUNDLE: sim.caPath };
  if (sim.nodes.every((n) => n.ssh)) {
    env.CMS_MMP_USERNAME = creds.username;
    env.CMS_MMP_PASSWORD = creds.password;
    env.CMS_MMP_NODES = JSON.stringify(
      sim.nodes.map((n) => ({ name: n.name, url: n.url, address: '127.0.0.1', port: n.ssh!.port, host_key_fingerprint: n.ssh!.hostKeyFingerprint })),
    );
  }
  return env;
}

/**
 * The environment for terraform: the user's own, minus anything that would point terraform or
 * the provider elsewhere (TF_*, CMS_*), plus the given settings.
 */
export function terraformEnv(extra: Record<string, string>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (/^(TF_|CMS_|CDKTF_)/.test(k) && k !== 'TF_LOG' && k !== 'TF_LOG_PATH') continue;
    env[k] = v;
  }
  return { ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...extra };
}
