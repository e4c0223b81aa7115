/**
 * `npm run bench`: plan and apply N cms_turn_server resources against the simulator, side by side
 * with N of Terraform's built-in terraform_data, through the provider installed the way users
 * install it. Prints median times, their ratio, HTTP requests per resource and the provider's
 * peak memory.
 *
 *   npm run bench                       N = 100 and 1000, 3 runs each
 *   npm run bench -- --n 100 --runs 5
 *
 * Times are wall-clock medians on a shared machine: compare ratios, not absolute numbers.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../simulator/src';
import type { Simulator } from '../simulator/src';
import { buildProvider, installProvider, writeCliConfig } from './provider-package';

interface Timed {
  ms: number;
  code: number;
  output: string;
}

function terraform(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Timed> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, code: code ?? -1, output }));
  });
}

async function must(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Timed> {
  const r = await terraform(dir, env, args);
  if (r.code !== 0) throw new Error(`terraform ${args.join(' ')} failed in ${dir}:\n${r.output}`);
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cmsConfig(n: number): string {
  return `terraform {\n  required_providers {\n    cms = { source = "cms-iac/cms", version = "0.1.0" }\n  }\n}\n\nprovider "cms" {}\n\nresource "cms_turn_server" "relay" {\n  count          = ${n}\n  server_address = "10.\${floor(count.index / 250)}.\${count.index % 250}.1"\n  type           = "cms"\n}\n`;
}

function dataConfig(n: number): string {
  return `resource "terraform_data" "relay" {\n  count = ${n}\n  input = "10.\${floor(count.index / 250)}.\${count.index % 250}.1"\n}\n`;
}

interface Sample {
  applyMs: number;
  planMs: number;
  applyRequests: number;
  planRequests: number;
  peakKiB: number;
}

function peakMemory(statsFile: string): number {
  if (!fs.existsSync(statsFile)) return 0;
  const lines = fs.readFileSync(statsFile, 'utf8').trim().split('\n').filter(Boolean);
  fs.rmSync(statsFile);
  return Math.max(0, ...lines.map((l) => (JSON.parse(l) as { maxRssKiB: number }).maxRssKiB));
}

async function runOnce(kind: 'cms' | 'data', n: number, root: string, env: NodeJS.ProcessEnv, sim: Simulator): Promise<Sample> {
  const dir = fs.mkdtempSync(path.join(root, `${kind}-${n}-`));
  fs.writeFileSync(path.join(dir, 'main.tf'), kind === 'cms' ? cmsConfig(n) : dataConfig(n));
  const statsFile = path.join(dir, 'provider-stats.jsonl');
  const runEnv = { ...env, CMS_PROVIDER_STATS: statsFile };
  await must(dir, runEnv, ['init', '-input=false', '-no-color']);
  sim.reset();
  sim.log.clear();
  fs.rmSync(statsFile, { force: true });
  const apply = await must(dir, runEnv, ['apply', '-auto-approve', '-input=false', '-no-color']);
  const applyRequests = sim.log.count();
  const applyPeak = peakMemory(statsFile);
  sim.log.clear();
  const plan = await terraform(dir, runEnv, ['plan', '-detailed-exitcode', '-input=false', '-no-color']);
  if (plan.code !== 0) throw new Error(`the plan after apply was not empty (exit ${plan.code}):\n${plan.output.slice(-2000)}`);
  const planRequests = sim.log.count();
  const planPeak = peakMemory(statsFile);
  await must(dir, runEnv, ['destroy', '-auto-approve', '-input=false', '-no-color']);
  fs.rmSync(dir, { recursive: true, force: true });
  return { applyMs: apply.ms, planMs: plan.ms, applyRequests, planRequests, peakKiB: Math.max(applyPeak, planPeak) };
}

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

export async function main(args: string[]): Promise<number> {
  const sizes = option(args, '--n', '100,1000').split(',').map(Number);
  const runs = Number(option(args, '--runs', '3'));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-bench-'));
  process.stderr.write('building and installing the provider...\n');
  const built = await buildProvider({ outDir: path.join(root, 'dist') });
  const installed = installProvider({ built, mirrorDir: path.join(root, 'mirror') });
  const cliConfig = writeCliConfig(path.join(root, 'cli.tfrc'), installed.mirrorDir);
  const sim = await startSimulator({ port: 0, tls: true, stateDir: path.join(root, 'sim') });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    TMPDIR: os.tmpdir(),
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    CMS_URL: sim.url,
    CMS_USERNAME: 'admin',
    CMS_PASSWORD: 'admin',
    CMS_CA_BUNDLE: sim.caPath,
  };
  const rows: string[] = [];
  try {
    for (const n of sizes) {
      const cms: Sample[] = [];
      const data: Sample[] = [];
      for (let r = 0; r < runs; r++) {
        process.stderr.write(`N=${n} run ${r + 1}/${runs}: terraform_data...`);
        data.push(await runOnce('data', n, root, env, sim));
        process.stderr.write(' cms_turn_server...');
        cms.push(await runOnce('cms', n, root, env, sim));
        process.stderr.write(' done\n');
      }
      const m = (s: Sample[], k: keyof Sample) => median(s.map((x) => x[k]));
      const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      rows.push(
        `N=${n} (median of ${runs})\n` +
          `  apply   cms ${f(m(cms, 'applyMs'))}  terraform_data ${f(m(data, 'applyMs'))}  ratio ${(m(cms, 'applyMs') / m(data, 'applyMs')).toFixed(2)}\n` +
          `  plan    cms ${f(m(cms, 'planMs'))}  terraform_data ${f(m(data, 'planMs'))}  ratio ${(m(cms, 'planMs') / m(data, 'planMs')).toFixed(2)}\n` +
          `  HTTP requests per resource: apply ${(m(cms, 'applyRequests') / n).toFixed(2)}, plan ${(m(cms, 'planRequests') / n).toFixed(2)}\n` +
          `  peak provider memory (max RSS of any provider process): ${(m(cms, 'peakKiB') / 1024).toFixed(1)} MiB`,
      );
    }
  } finally {
    await sim.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
  process.stdout.write(`\n${rows.join('\n\n')}\n\nmachine: ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  return 0;
}
