/**
 * `npm run bench`: what one managed object costs this provider, against Terraform's built-in
 * terraform_data and (when one is on the machine) a Go provider, in one run:
 *
 * - plan and apply of N cms_turn_server against the simulator beside N terraform_data: median
 *   wall-clock times and their ratios, HTTP requests per object;
 * - the CPU (user + system) of the provider processes during plan, measured in each process, and
 *   from it the CPU per object above a plan with no objects;
 * - the plan with no objects taken apart: how many provider processes Terraform starts, the CPU
 *   to reach each handshake, the engine load, the schema and the connection check;
 * - plan at N with the simulator adding --latency-ms to every request, against the target
 *   1.2 x (N x latency / Terraform's parallelism + the same plan without latency);
 * - the peak memory (resident high-water mark, VmHWM) of any provider process;
 * - optionally the same figures for a provider built from another checkout (--baseline), run
 *   interleaved with this one so both see the same machine, and a Go anchor (see bench/go-anchor.ts).
 *
 *   npm run bench                               N = 100 and 1000, 3 runs each
 *   npm run bench -- --quick                    N = 100, 1 run (a smoke run)
 *   npm run bench -- --n 1000 --runs 5 --latency-ms 0
 *   npm run bench -- --baseline ../other-checkout   (with node_modules installed there)
 *   npm run bench -- --profile /tmp/prof        CPU profiles of the provider during the largest plan
 *   npm run bench -- --go-anchor /path/terraform-provider-aws_v5.100.0_x5
 *
 * The machine is shared and noisy: wall times are medians, compare ratios; CPU per object is
 * the steadier figure.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../simulator/src';
import type { Simulator } from '../simulator/src';
import { findGoAnchor, goAnchorConfig, installGoAnchor, readGoStats } from './bench/go-anchor';
import type { GoAnchor } from './bench/go-anchor';
import { formatSelfTimes } from './bench/profiles';
import type { BuiltProvider } from './provider-package';
import { buildProvider, installProvider, terraformPlatform, writeCliConfig } from './provider-package';

/** Terraform's default -parallelism. */
const TERRAFORM_PARALLELISM = 10;
const TARGET_CPU_PER_OBJECT_MS = 2.6;
const TARGET_PEAK_MIB = 100;
const LATENCY_FACTOR = 1.2;

interface Options {
  sizes: number[];
  runs: number;
  latencyMs: number;
  baseline?: string;
  profile?: string;
  goAnchor?: string;
}

function parseOptions(args: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const quick = args.includes('--quick');
  const sizes = (value('--n') ?? (quick ? '100' : '100,1000')).split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--n takes sizes above 0, e.g. --n 100,1000');
  return {
    sizes,
    runs: Number(value('--runs') ?? (quick ? 1 : 3)),
    latencyMs: Number(value('--latency-ms') ?? 20),
    baseline: value('--baseline'),
    profile: value('--profile'),
    goAnchor: value('--go-anchor'),
  };
}

// ---------------------------------------------------------------------------------------------
// Running terraform and reading what the provider processes recorded

interface Run {
  ms: number;
  code: number;
  output: string;
}

function terraform(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Run> {
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

async function must(dir: string, env: NodeJS.ProcessEnv, args: string[], okCodes = [0]): Promise<Run> {
  const r = await terraform(dir, env, args);
  if (!okCodes.includes(r.code)) throw new Error(`terraform ${args.join(' ')} failed (exit ${r.code}) in ${dir}:\n${r.output.slice(-3000)}`);
  return r;
}

/**
 * Loaded with `node -r` into every provider process, whichever checkout built it. The peak
 * memory is the process's own high-water mark (VmHWM): getrusage's maxRSS is not, on Linux,
 * because Terraform starts plugins with vfork, and at exec the kernel folds the RSS of the
 * Terraform process (which shares its memory until then) into the child's maxRSS: a provider
 * started late in a large apply would be charged Terraform's 100-170 MiB.
 */
const HOOK = `'use strict';
const file = process.env.CMS_BENCH_STATS;
if (file) process.on('exit', () => {
  const fs = require('fs');
  const u = process.resourceUsage();
  let peak = u.maxRSS;
  try { peak = Number(/VmHWM:\\s*(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}
  fs.appendFileSync(file, JSON.stringify({ pid: process.pid, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKiB: peak }) + '\\n');
});
`;

interface Measured {
  ms: number;
  /** CPU of every provider process the command started. */
  cpuMs: number;
  processes: number;
  peakKiB: number;
  requests: number;
  /** The provider's own records (plugin/stats.ts); empty for builds without them. */
  detail: ProviderStatsLine[];
}

interface ProviderStatsLine {
  pid: number;
  handshake?: { wallMs: number; cpuMs: number };
  rpcs?: Record<string, { count: number; wallMs: number; cpuMs: number }>;
}

function readLines<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  fs.rmSync(file);
  return lines.map((l) => JSON.parse(l) as T);
}

/** A provider build to measure: a filesystem mirror whose package runs it with the hook. */
interface Subject {
  label: string;
  env: NodeJS.ProcessEnv;
}

function installSubject(label: string, built: BuiltProvider, root: string, hookFile: string, baseEnv: NodeJS.ProcessEnv): Subject {
  const installed = installProvider({ built, mirrorDir: path.join(root, `mirror-${label}`) });
  const node = process.execPath;
  const launcher = path.resolve(built.launcher);
  fs.writeFileSync(
    installed.executable,
    [
      '#!/bin/sh',
      `if [ -n "$CMS_BENCH_PROFILE" ]; then exec '${node}' -r '${hookFile}' --cpu-prof --cpu-prof-dir="$CMS_BENCH_PROFILE" '${launcher}' "$@"; fi`,
      `exec '${node}' -r '${hookFile}' '${launcher}' "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const cliConfig = writeCliConfig(path.join(root, `${label}.tfrc`), installed.mirrorDir);
  return { label, env: { ...baseEnv, TF_CLI_CONFIG_FILE: cliConfig } };
}

/** Builds the provider of another checkout with that checkout's own build script. */
async function buildBaseline(checkout: string, outDir: string): Promise<BuiltProvider> {
  const dir = path.resolve(checkout);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require(path.join(dir, 'scripts/provider-package.ts')) as typeof import('./provider-package');
  return pkg.buildProvider({ outDir });
}

// ---------------------------------------------------------------------------------------------
// Configurations

function cmsConfig(n: number): string {
  return `terraform {\n  required_providers {\n    cms = { source = "cms-iac/cms", version = "0.1.0" }\n  }\n}\n\nprovider "cms" {}\n\nresource "cms_turn_server" "relay" {\n  count          = ${n}\n  server_address = "10.\${floor(count.index / 250)}.\${count.index % 250}.1"\n  type           = "cms"\n}\n`;
}

function dataConfig(n: number): string {
  return `resource "terraform_data" "relay" {\n  count = ${n}\n  input = "10.\${floor(count.index / 250)}.\${count.index % 250}.1"\n}\n`;
}

// ---------------------------------------------------------------------------------------------
// One measured command

class Bench {
  constructor(
    readonly root: string,
    readonly sim: Simulator,
  ) {}

  private stats(dir: string) {
    return { cms: path.join(dir, 'bench-stats.jsonl'), provider: path.join(dir, 'provider-stats.jsonl') };
  }

  async measure(dir: string, env: NodeJS.ProcessEnv, args: string[], extraEnv: NodeJS.ProcessEnv = {}, okCodes = [0]): Promise<Measured> {
    const files = this.stats(dir);
    fs.rmSync(files.cms, { force: true });
    fs.rmSync(files.provider, { force: true });
    this.sim.log.clear();
    const run = await must(dir, { ...env, ...extraEnv, CMS_BENCH_STATS: files.cms, CMS_PROVIDER_STATS: files.provider }, args, okCodes);
    const requests = this.sim.log.count();
    const procs = readLines<{ cpuMs: number; maxRssKiB: number }>(files.cms);
    return {
      ms: run.ms,
      cpuMs: procs.reduce((s, p) => s + p.cpuMs, 0),
      processes: procs.length,
      peakKiB: Math.max(0, ...procs.map((p) => p.maxRssKiB)),
      requests,
      detail: readLines<ProviderStatsLine>(files.provider),
    };
  }

  workdir(name: string, config: string): string {
    const dir = fs.mkdtempSync(path.join(this.root, `${name}-`));
    fs.writeFileSync(path.join(dir, 'main.tf'), config);
    return dir;
  }
}

interface SizeSample {
  apply: Measured;
  plan: Measured;
  latencyPlan?: Measured;
}

async function cmsRun(bench: Bench, subject: Subject, n: number, opts: { latencyMs: number; profile?: string }): Promise<SizeSample> {
  const dir = bench.workdir(`${subject.label}-${n}`, cmsConfig(n));
  await must(dir, subject.env, ['init', '-input=false', '-no-color']);
  bench.sim.reset();
  const apply = await bench.measure(dir, subject.env, ['apply', '-auto-approve', '-input=false', '-no-color']);
  const plan = await bench.measure(dir, subject.env, ['plan', '-detailed-exitcode', '-input=false', '-no-color']);
  let latencyPlan: Measured | undefined;
  if (opts.latencyMs > 0) {
    bench.sim.faults.set({ rules: [{ kind: 'latency', latencyMs: opts.latencyMs }] });
    try {
      latencyPlan = await bench.measure(dir, subject.env, ['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    } finally {
      bench.sim.faults.set({ rules: [] });
    }
  }
  if (opts.profile) {
    fs.mkdirSync(opts.profile, { recursive: true });
    await bench.measure(dir, subject.env, ['plan', '-detailed-exitcode', '-input=false', '-no-color'], { CMS_BENCH_PROFILE: path.resolve(opts.profile) });
  }
  await must(dir, subject.env, ['destroy', '-auto-approve', '-input=false', '-no-color']);
  fs.rmSync(dir, { recursive: true, force: true });
  return { apply, plan, ...(latencyPlan ? { latencyPlan } : {}) };
}

async function dataRun(bench: Bench, env: NodeJS.ProcessEnv, n: number): Promise<SizeSample> {
  const dir = bench.workdir(`data-${n}`, dataConfig(n));
  await must(dir, env, ['init', '-input=false', '-no-color']);
  const apply = await bench.measure(dir, env, ['apply', '-auto-approve', '-input=false', '-no-color']);
  const plan = await bench.measure(dir, env, ['plan', '-detailed-exitcode', '-input=false', '-no-color']);
  fs.rmSync(dir, { recursive: true, force: true });
  return { apply, plan };
}

/** The zero-object plan: the configuration with count = 0, so only the fixed costs remain. */
async function emptyPlans(bench: Bench, subject: Subject, runs: number): Promise<Measured[]> {
  const dir = bench.workdir(`${subject.label}-0`, cmsConfig(0));
  await must(dir, subject.env, ['init', '-input=false', '-no-color']);
  const out: Measured[] = [];
  // Its RPCs run one at a time, so each one's CPU can be told apart.
  for (let r = 0; r < runs; r++) out.push(await bench.measure(dir, subject.env, ['plan', '-input=false', '-no-color'], { CMS_PROVIDER_STATS_RPC_CPU: '1' }));
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

interface AnchorSample {
  planMs: number;
  cpuMs: number;
  peakKiB: number;
  processes: number;
}

async function goAnchorPlans(bench: Bench, anchor: GoAnchor, env: NodeJS.ProcessEnv, sizes: number[], runs: number): Promise<Map<number, AnchorSample[]>> {
  const { cliConfig } = installGoAnchor(anchor, bench.root, terraformPlatform());
  const out = new Map<number, AnchorSample[]>();
  for (const n of [0, ...sizes]) {
    const dir = bench.workdir(`go-${n}`, goAnchorConfig(n));
    const statsFile = path.join(dir, 'go-stats.txt');
    const goEnv = { ...env, TF_CLI_CONFIG_FILE: cliConfig, CMS_BENCH_GO_STATS: statsFile };
    await must(dir, goEnv, ['init', '-input=false', '-no-color']);
    readGoStats(statsFile);
    const samples: AnchorSample[] = [];
    for (let r = 0; r < runs; r++) {
      const run = await must(dir, goEnv, ['plan', '-input=false', '-no-color']);
      const s = readGoStats(statsFile);
      samples.push({ planMs: run.ms, cpuMs: s.cpuMs, peakKiB: s.maxRssKiB, processes: s.processes });
    }
    out.set(n, samples);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Report

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;
const pad = (s: string, n: number): string => s.padEnd(n);

/** The zero-object plan's fixed costs, from the provider's own records (median per figure). */
function breakdown(samples: Measured[]): string[] {
  const perRun = samples.map((m) => m.detail).filter((d) => d.length > 0);
  if (perRun.length === 0) return ['    (this build records no breakdown)'];
  const lines: string[] = [];
  const processes = median(perRun.map((d) => d.length));
  const handshakeCpu = median(perRun.map((d) => d.reduce((s, p) => s + (p.handshake?.cpuMs ?? 0), 0)));
  const handshakeWall = median(perRun.flatMap((d) => d.map((p) => p.handshake?.wallMs ?? 0)));
  lines.push(`    ${processes} provider processes; starting them to their handshakes: ${handshakeCpu.toFixed(0)} ms CPU in all (${handshakeWall.toFixed(0)} ms wall each)`);
  const names = [...new Set(perRun.flatMap((d) => d.flatMap((p) => Object.keys(p.rpcs ?? {}))))];
  const label: Record<string, string> = {
    '(engine load)': 'engine load (definitions, schema; inside the first RPC)',
    GetProviderSchema: 'GetProviderSchema (the schema)',
    ConfigureProvider: 'ConfigureProvider (the connection check)',
  };
  for (const name of names.sort()) {
    const total = (k: 'count' | 'wallMs' | 'cpuMs') => median(perRun.map((d) => d.reduce((s, p) => s + (p.rpcs?.[name]?.[k] ?? 0), 0)));
    lines.push(`    ${pad(label[name] ?? name, 56)} x${total('count')}  ${total('cpuMs').toFixed(0).padStart(5)} ms CPU  ${total('wallMs').toFixed(0).padStart(5)} ms wall`);
  }
  return lines;
}

export async function main(args: string[]): Promise<number> {
  const opts = parseOptions(args);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-bench-'));
  const hookFile = path.join(root, 'bench-hook.js');
  fs.writeFileSync(hookFile, HOOK);
  const sim = await startSimulator({ port: 0, tls: true, stateDir: path.join(root, 'sim') });
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    TMPDIR: os.tmpdir(),
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    CMS_URL: sim.url,
    CMS_USERNAME: 'admin',
    CMS_PASSWORD: 'admin',
    CMS_CA_BUNDLE: sim.caPath,
  };
  const bench = new Bench(root, sim);
  const out: string[] = [];
  try {
    process.stderr.write('building the provider...\n');
    const subjects = [installSubject('this', await buildProvider({ outDir: path.join(root, 'dist-this'), minify: !opts.profile }), root, hookFile, baseEnv)];
    if (opts.baseline) {
      process.stderr.write(`building the baseline provider from ${opts.baseline}...\n`);
      subjects.push(installSubject('baseline', await buildBaseline(opts.baseline, path.join(root, 'dist-baseline')), root, hookFile, baseEnv));
    }
    const anchor = findGoAnchor(opts.goAnchor, terraformPlatform(), process.env);

    const empty = new Map<string, Measured[]>();
    for (const s of subjects) {
      process.stderr.write(`${s.label}: plans with no objects...\n`);
      empty.set(s.label, await emptyPlans(bench, s, opts.runs));
    }
    const cms = new Map<string, Map<number, SizeSample[]>>(subjects.map((s) => [s.label, new Map()]));
    const data = new Map<number, SizeSample[]>();
    const largest = Math.max(...opts.sizes);
    for (const n of opts.sizes) {
      data.set(n, []);
      for (const s of subjects) cms.get(s.label)!.set(n, []);
      for (let r = 0; r < opts.runs; r++) {
        process.stderr.write(`N=${n} run ${r + 1}/${opts.runs}: terraform_data`);
        data.get(n)!.push(await dataRun(bench, baseEnv, n));
        for (const s of subjects) {
          process.stderr.write(` ${s.label}`);
          const profile = opts.profile && n === largest && r === 0 && s.label === 'this' ? opts.profile : undefined;
          cms.get(s.label)!.get(n)!.push(await cmsRun(bench, s, n, { latencyMs: n === largest ? opts.latencyMs : 0, profile }));
        }
        process.stderr.write('\n');
      }
    }
    let goAnchor: Map<number, AnchorSample[]> | undefined;
    if (typeof anchor !== 'string') {
      process.stderr.write(`Go anchor: hashicorp/aws ${anchor.version}...\n`);
      goAnchor = await goAnchorPlans(bench, anchor, baseEnv, opts.sizes, opts.runs);
    }

    // ---- report
    const m = (xs: Measured[], k: 'ms' | 'cpuMs' | 'peakKiB' | 'requests' | 'processes') => median(xs.map((x) => x[k]));
    out.push(`Terraform plan and apply of N cms_turn_server against N terraform_data (median of ${opts.runs}; wall clock)`);
    for (const n of opts.sizes) {
      const d = data.get(n)!;
      for (const step of ['apply', 'plan'] as const) {
        const dMs = m(d.map((x) => x[step]), 'ms');
        const cols = subjects.map((s) => {
          const ms = m(cms.get(s.label)!.get(n)!.map((x) => x[step]), 'ms');
          return `${s.label} ${sec(ms)} (${(ms / dMs).toFixed(2)}x)`;
        });
        out.push(`  N=${String(n).padEnd(5)} ${step.padEnd(5)}  terraform_data ${sec(dMs)}   ${cols.join('   ')}`);
      }
    }
    out.push('', 'Provider CPU in plan (user + system of every provider process Terraform started)');
    for (const s of subjects) {
      const zero = m(empty.get(s.label)!, 'cpuMs');
      out.push(`  ${s.label}: 0 objects ${zero.toFixed(0)} ms (${m(empty.get(s.label)!, 'processes')} processes, plan ${sec(m(empty.get(s.label)!, 'ms'))})`);
      for (const n of opts.sizes) {
        const plans = cms.get(s.label)!.get(n)!.map((x) => x.plan);
        const cpu = m(plans, 'cpuMs');
        const per = (cpu - zero) / n;
        out.push(`    N=${String(n).padEnd(5)} ${cpu.toFixed(0).padStart(6)} ms  → ${per.toFixed(2)} ms per object above 0 objects (target ≤ ${TARGET_CPU_PER_OBJECT_MS} ms)`);
      }
    }
    if (goAnchor) {
      const zero = median(goAnchor.get(0)!.map((x) => x.cpuMs));
      out.push(`  Go anchor, hashicorp/aws ${typeof anchor === 'string' ? '' : anchor.version} (aws_iam_policy_document, no network): 0 objects ${zero.toFixed(0)} ms`);
      for (const n of opts.sizes) {
        const cpu = median(goAnchor.get(n)!.map((x) => x.cpuMs));
        out.push(`    N=${String(n).padEnd(5)} ${cpu.toFixed(0).padStart(6)} ms  → ${((cpu - zero) / n).toFixed(2)} ms per object; plan ${sec(median(goAnchor.get(n)!.map((x) => x.planMs)))}, peak ${mib(median(goAnchor.get(n)!.map((x) => x.peakKiB)))}`);
      }
    } else {
      out.push(`  Go anchor: skipped: ${anchor}`);
    }

    out.push('', 'The plan with no objects (its fixed cost)');
    for (const s of subjects) {
      out.push(`  ${s.label}: ${sec(m(empty.get(s.label)!, 'ms'))} wall, ${m(empty.get(s.label)!, 'cpuMs').toFixed(0)} ms provider CPU`);
      out.push(...breakdown(empty.get(s.label)!));
    }

    if (opts.latencyMs > 0) {
      out.push('', `Latency: the simulator adds ${opts.latencyMs} ms to every request; plan at N=${largest}, Terraform's parallelism ${TERRAFORM_PARALLELISM}`);
      for (const s of subjects) {
        const samples = cms.get(s.label)!.get(largest)!;
        const slow = m(samples.map((x) => x.latencyPlan!), 'ms');
        const fast = m(samples.map((x) => x.plan), 'ms');
        const target = LATENCY_FACTOR * ((largest * opts.latencyMs) / TERRAFORM_PARALLELISM + fast);
        out.push(`  ${s.label}: ${sec(slow)} against a target of ${sec(target)} = ${LATENCY_FACTOR} x (${largest} x ${opts.latencyMs} ms / ${TERRAFORM_PARALLELISM} + ${sec(fast)}): ${slow <= target ? 'within' : 'over'} (${(slow / target).toFixed(2)} of it)`);
      }
    }

    out.push('', `Peak provider memory (resident high-water mark of any provider process, apply or plan; target ≤ ${TARGET_PEAK_MIB} MiB at 1000 objects)`);
    for (const s of subjects) {
      const cols = opts.sizes.map((n) => {
        const samples = cms.get(s.label)!.get(n)!;
        return `N=${n} ${mib(Math.max(m(samples.map((x) => x.apply), 'peakKiB'), m(samples.map((x) => x.plan), 'peakKiB')))}`;
      });
      out.push(`  ${s.label}: ${cols.join(', ')}`);
    }

    out.push('', 'HTTP requests per object');
    for (const s of subjects) {
      const cols = opts.sizes.map((n) => {
        const samples = cms.get(s.label)!.get(n)!;
        return `N=${n} apply ${(m(samples.map((x) => x.apply), 'requests') / n).toFixed(2)}, plan ${(m(samples.map((x) => x.plan), 'requests') / n).toFixed(2)}`;
      });
      out.push(`  ${s.label}: ${cols.join('; ')}`);
    }

    if (opts.profile) out.push('', `CPU profiles of the provider during one plan at N=${largest} (in ${opts.profile})`, formatSelfTimes(opts.profile));
  } finally {
    await sim.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
  out.push('', `machine: ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  process.stdout.write(`\n${out.join('\n')}\n`);
  return 0;
}
