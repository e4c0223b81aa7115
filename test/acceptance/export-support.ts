/**
 * Shared steps of the export tests: run `cms-iac export` against a simulator (checking it only
 * read), give the secrets it asks for, and check with terraform that the first plan imports
 * and changes nothing, that apply succeeds and that the next plan is empty.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../cli/src/main';
import { RESOURCE_DEFINITIONS } from '../../provider/src/resources/catalog.generated';
import type { Simulator } from '../../simulator/src';
import { Terraform } from './harness/terraform';
import { expectEmptyPlan } from './examples-support';

/** MMP commands and SFTP operations that only read (what the export may run). */
export const MMP_READS = [/^MMP (ntp server list|dns|webadmin|callbridge|webbridge3|database cluster status|user list|user rule|syslog)$/, /^MMP (pki inspect|tls) [\w.-]+$/, /^SFTP get [\w.-]+$/];

export interface ExportRun {
  dir: string;
  stdout: string;
  stderr: string;
  /** Requests the simulator answered during the export, as `METHOD path`. */
  requests: string[];
  manifest: ExportManifest;
}

export interface ExportManifest {
  resources: Array<{ address: string; type: string; importId: string; imported: boolean; refused?: string[] }>;
  variables: Array<{ name: string; resource: string; attribute: string; version: string; secretAttribute: string; held: boolean }>;
  leftOut: Array<{ type: string; label: string; reason: string }>;
  types: Array<{ type: string; found: number; exported: number; leftOut: number }>;
}

/** The environment the export reads its credentials from, as a user sets it. */
export function exportEnv(sim: Simulator): NodeJS.ProcessEnv {
  return { CMS_USERNAME: 'admin', CMS_PASSWORD: 'admin', CMS_CA_BUNDLE: sim.caPath, CMS_MMP_USERNAME: 'admin', CMS_MMP_PASSWORD: 'admin' };
}

/** `--mmp-node` for every node of the simulator (with the node's own API when `urls`). */
export function mmpNodeArgs(sim: Simulator, urls = false): string[] {
  return sim.nodes.flatMap((n) => ['--mmp-node', `name=${n.name},address=127.0.0.1,port=${n.ssh!.port},host_key_fingerprint=${n.ssh!.hostKeyFingerprint}${urls ? `,url=${n.url}` : ''}`]);
}

/** Runs the export in this process and checks that the simulator saw reads only. */
export async function runExportCommand(sim: Simulator, args: string[], env: NodeJS.ProcessEnv = exportEnv(sim)): Promise<ExportRun> {
  const out: string[] = [];
  const err: string[] = [];
  sim.log.clear();
  const code = await main(['export', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  const requests = sim.log.entries().map((e) => `${e.method} ${e.path}`);
  if (code !== 0) throw new Error(`cms-iac export exited ${code}:\n${err.join('\n')}\n${out.join('\n')}`);
  const dir = args[args.indexOf('--out') + 1]!;
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'cms-export.json'), 'utf8')) as ExportManifest;
  return { dir, stdout: out.join('\n'), stderr: err.join('\n'), requests, manifest };
}

/** Requests that are neither a GET nor an MMP command that only reads. */
export function writesAmong(requests: string[]): string[] {
  return requests.filter((r) => !r.startsWith('GET ') && !MMP_READS.some((read) => read.test(r)));
}

/** Finds a stored object by id anywhere in a simulator snapshot (child collections included). */
function findStored(node: unknown, id: string): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const hit = findStored(item, id);
      if (hit) return hit;
    }
    return undefined;
  }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.id === id) return o;
    for (const v of Object.values(o)) {
      const hit = findStored(v, id);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * TF_VAR_ values for the secret variables the export declared: the values the server holds (read
 * from the simulator's database, not over the API), as the user would type them. They are
 * write-only: what matters is that the first plan, given them, imports and changes nothing.
 */
export function secretValues(sim: Simulator, manifest: ExportManifest): Record<string, string> {
  const snapshot = sim.snapshot();
  const vars: Record<string, string> = {};
  for (const v of manifest.variables) {
    const resource = manifest.resources.find((r) => r.address === v.resource)!;
    const def = RESOURCE_DEFINITIONS.find((d) => d.typeName === resource.type)!;
    const stored = findStored(snapshot, resource.importId.split('/').pop()!);
    const value = stored?.[def.attributes[v.attribute]!.api];
    // A secret the simulator does not keep as a field (an MMP password): any value does, it is write-only.
    vars[`TF_VAR_${v.name}`] = typeof value === 'string' && value !== '' ? value : `unused-${v.name}`;
  }
  return vars;
}

/** Planned resource changes that are not a pure import (anything created, changed or destroyed). */
export async function notImportsOnly(tf: Terraform, planFile: string): Promise<string[]> {
  const r = await tf.expect(['show', '-json', planFile]);
  const plan = JSON.parse(r.stdout) as { resource_changes?: Array<{ address: string; mode: string; change: { actions: string[]; importing?: unknown } }> };
  return (plan.resource_changes ?? []).filter((c) => c.mode === 'managed' && !(c.change.importing !== undefined && c.change.actions.join() === 'no-op')).map((c) => `${c.address}: ${c.change.actions.join(',')}${c.change.importing ? ' (importing)' : ''}`);
}

/** First plan: imports only, as many as the export wrote; apply; then both re-plans are empty. */
export async function adoptAndConverge(tf: Terraform, manifest: ExportManifest): Promise<{ imports: number }> {
  await tf.expect(['plan', '-input=false', '-no-color', '-out=tfplan'], [0, 2]);
  expect(await notImportsOnly(tf, 'tfplan')).toEqual([]);
  const shown = JSON.parse((await tf.expect(['show', '-json', 'tfplan'])).stdout) as { resource_changes?: Array<{ change: { importing?: unknown } }> };
  const imports = (shown.resource_changes ?? []).filter((c) => c.change.importing !== undefined).length;
  expect(imports).toBe(manifest.resources.filter((r) => r.imported).length);
  await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
  await expectEmptyPlan(tf);
  return { imports };
}

/** Files of an export that contain one of the given secret values (there must be none). */
export function filesHoldingSecrets(dir: string, secrets: Record<string, string>): string[] {
  const values = Object.values(secrets).filter((v) => v.length >= 4);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) {
        if (f.name !== '.terraform' && f.name !== 'node_modules') walk(p);
      } else if (values.some((v) => fs.readFileSync(p, 'utf8').includes(v))) out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

const ROOT = path.resolve(__dirname, '../..');

/**
 * Synthesizes an exported CDKTF app as `cdktf synth` would (its own main.ts, run with the
 * repository's TypeScript runner), with `@cms-iac/cdktf` resolving to this repository's
 * constructs, and returns the stack directory to run terraform in.
 */
export async function synthExportedApp(dir: string, stack: string): Promise<string> {
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@cms-iac', 'cdktf'), { recursive: true });
  fs.writeFileSync(path.join(modules, '@cms-iac', 'cdktf', 'package.json'), JSON.stringify({ name: '@cms-iac/cdktf', main: 'index.js' }));
  fs.writeFileSync(path.join(modules, '@cms-iac', 'cdktf', 'index.js'), `module.exports = require(${JSON.stringify(path.join(ROOT, 'constructs/src/index.ts'))});\n`);
  for (const dep of ['cdktf', 'constructs']) if (!fs.existsSync(path.join(modules, dep))) fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep), 'dir');
  const result = await new Promise<{ code: number; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/run-ts.js'), 'main.ts'], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
  if (result.code !== 0) throw new Error(`synthesizing the exported app failed:\n${result.out}`);
  return path.join(dir, 'cdktf.out', 'stacks', stack);
}

/**
 * Type-checks an exported app's main.ts with `@cms-iac/cdktf` resolving to this repository's
 * constructs: a property the bindings do not have would otherwise be dropped silently at synth.
 */
export async function typeCheckExportedApp(dir: string): Promise<void> {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      skipLibCheck: true,
      resolveJsonModule: true,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules/@types')],
      baseUrl: dir,
      paths: { '@cms-iac/cdktf': [path.join(ROOT, 'constructs/src/index.ts')], cdktf: [path.join(ROOT, 'node_modules/cdktf')], constructs: [path.join(ROOT, 'node_modules/constructs')] },
    },
    files: [path.join(dir, 'main.ts')],
  };
  const file = path.join(dir, 'tsconfig.check.json');
  fs.writeFileSync(file, JSON.stringify(config));
  const result = await new Promise<{ code: number; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
  fs.rmSync(file);
  if (result.code !== 0) throw new Error(`the exported app does not type-check:\n${result.out}`);
}
