/**
 * npm run bench:startup [-- --runs 30]
 *
 * Measures what Terraform waits for 3-5 times per command: the time from spawning the provider
 * to its handshake line on stdout. Each variant is built into a temp dir, then started --runs
 * times (interleaved, after one warm-up each) with the environment Terraform sets: the magic
 * cookie, PLUGIN_PROTOCOL_VERSIONS and a client certificate (so TLS is on).
 *
 * Variants (the plugin layer with the toy handlers of the protocol tests, unless noted):
 *   bundle      node provider.js: the esbuild bundle alone
 *   launcher    node terraform-provider-cms: the bundle run from its V8 code cache (what is installed)
 *   installed   the same through the mirror's #!/bin/sh exec wrapper, exactly as Terraform starts it
 *   provider    provider/src/main.ts built the same way, when it exists (the real engine)
 *   release     the real engine as the release packages it (npm run release): the launcher
 *               executed directly, no code cache
 *   release+ncc the same with NODE_COMPILE_CACHE set (Node 22 and later cache the compiled bundle
 *               there; on Node 20 this equals release)
 *   unbundled   the same code with node_modules resolved at run time
 *   naive       unbundled, and @grpc/proto-loader parsing the .proto files at start
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../provider/src/plugin/handshake';
import { generateServerCertificate } from '../provider/src/plugin/tls/certificate';
import { buildProvider, DEFAULT_ENTRY, ROOT, wrapperScript } from './provider-package';
import { releasePackageEntries } from './release/build';

interface Variant {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const TOY_ENTRY = path.join(ROOT, 'test/protocol/fixtures/toy-main.ts');

async function buildVariants(dir: string): Promise<Variant[]> {
  const toy = await buildProvider({ entry: TOY_ENTRY, outDir: path.join(dir, 'toy') });
  const wrapper = path.join(dir, 'terraform-provider-cms');
  fs.writeFileSync(wrapper, wrapperScript(toy.launcher, process.execPath), { mode: 0o755 });
  const unbundled = path.join(dir, 'unbundled.js');
  const naive = path.join(dir, 'naive.js');
  const external = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' } as const;
  await esbuild.build({ ...external, entryPoints: [TOY_ENTRY], outfile: unbundled });
  await esbuild.build({ ...external, entryPoints: [path.join(ROOT, 'scripts/bench/naive-provider.ts')], outfile: naive });
  // Keep node_modules resolvable for the unbundled variants, as if they ran from the checkout.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));

  const variants: Variant[] = [
    { name: 'bundle', command: process.execPath, args: [toy.bundle] },
    { name: 'launcher', command: process.execPath, args: [toy.launcher] },
    { name: 'installed', command: wrapper, args: [] },
  ];
  if (fs.existsSync(DEFAULT_ENTRY)) {
    try {
      const real = await buildProvider({ outDir: path.join(dir, 'provider') });
      variants.push({ name: 'provider', command: process.execPath, args: [real.launcher] });
      const releaseDir = path.join(dir, 'release');
      fs.mkdirSync(releaseDir);
      let executable = '';
      for (const e of await releasePackageEntries()) {
        fs.writeFileSync(path.join(releaseDir, e.name), e.data, { mode: e.mode });
        if (e.mode & 0o100) executable = path.join(releaseDir, e.name);
      }
      variants.push({ name: 'release', command: executable, args: [] });
      variants.push({ name: 'release+ncc', command: executable, args: [], env: { NODE_COMPILE_CACHE: path.join(dir, 'compile-cache') } });
    } catch (err) {
      process.stderr.write(`skipping provider/src/main.ts: ${(err as Error).message}\n`);
    }
  }
  variants.push({ name: 'unbundled', command: process.execPath, args: [unbundled] });
  variants.push({ name: 'naive', command: process.execPath, args: [naive] });
  return variants;
}

/** Milliseconds from spawn to the first stdout line; the process is then stopped. */
function timeToHandshake(v: Variant, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(v.command, v.args, { env: { ...env, ...v.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let elapsed: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (elapsed !== undefined) return;
      out += chunk.toString();
      if (out.includes('\n')) {
        elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        if (!/^1\|6\|unix\|[^|]+\|grpc\|[A-Za-z0-9+/]{50,}\n/.test(out)) reject(new Error(`${v.name}: bad handshake ${out}`));
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => (elapsed !== undefined ? resolve(elapsed) : reject(new Error(`${v.name} exited ${code}: ${err}`))));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function main(args: string[]): Promise<number> {
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 20;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-bench-'));
  try {
    const variants = await buildVariants(dir);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_CLIENT_CERT: generateServerCertificate().certPem, // stands in for Terraform's client cert
      CMS_BENCH_PROTO_DIR: path.join(ROOT, 'provider/proto'),
      TF_LOG: '',
      TF_LOG_PROVIDER: '',
    };
    const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    for (const v of variants) await timeToHandshake(v, env); // warm the file cache
    for (let i = 0; i < runs; i++) {
      for (const v of variants) samples.get(v.name)?.push(await timeToHandshake(v, env));
    }

    const nodeOnly: number[] = [];
    for (let i = 0; i < runs; i++) nodeOnly.push(await timeNodeBoot());
    const rows = [...samples.entries(), ['node -e 0', nodeOnly] as [string, number[]]].map(([name, xs]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { name, median: percentile(sorted, 50), p90: percentile(sorted, 90), min: sorted[0], max: sorted[sorted.length - 1] };
    });
    const fmt = (n: number): string => n.toFixed(1).padStart(7);
    const lines = [
      `Time from spawn to handshake line, ${runs} runs each, ms (Node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}):`,
      `${'variant'.padEnd(12)} ${'median'.padStart(7)} ${'p90'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)}`,
      ...rows.map((r) => `${r.name.padEnd(12)} ${fmt(r.median)} ${fmt(r.p90)} ${fmt(r.min)} ${fmt(r.max)}`),
    ];
    const naive = rows.find((r) => r.name === 'naive');
    const installed = rows.find((r) => r.name === 'installed');
    const node = rows.find((r) => r.name === 'node -e 0');
    if (naive && installed && node) {
      lines.push(
        `installed vs naive (median): ${installed.median.toFixed(0)} ms vs ${naive.median.toFixed(0)} ms; ` +
          `above bare node start-up: ${(installed.median - node.median).toFixed(0)} ms vs ${(naive.median - node.median).toFixed(0)} ms`,
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor: starting node and exiting. */
function timeNodeBoot(): Promise<number> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).on('exit', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
  });
}
