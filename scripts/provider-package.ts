/**
 * Building and installing terraform-provider-cms for Terraform (used by
 * scripts/install-provider.ts, scripts/bench-startup.ts and the protocol tests).
 *
 * A built provider directory (buildProvider) holds:
 *   terraform-provider-cms   the launcher (#!/usr/bin/env node): runs provider.js with the code cache
 *   provider.js              the esbuild bundle: the provider and every dependency in one file
 *   provider.js.cache        V8 code cache for provider.js, written by running it once to its handshake
 *
 * installProvider then puts a package into a filesystem mirror:
 *   <mirror>/registry.terraform.io/cms-iac/cms/<version>/<os>_<arch>/terraform-provider-cms_v<version>
 *
 * The package is a #!/bin/sh wrapper that execs the launcher in the built directory, so
 * rebuilding keeps the lock-file hash and needs no re-init: the repository's development loop,
 * the demo and the tests. Its hash holds the build directory's path, so it differs per clone; what
 * users install is the release (scripts/release/build.ts), whose hashes are the same everywhere.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../provider/src/plugin/handshake';
import { BUNDLE_FILE, CODE_CACHE_FILE, LAUNCHER_FILE, WRITE_CODE_CACHE_ENV } from '../provider/src/plugin/launcher-layout';
import { generateServerCertificate } from '../provider/src/plugin/tls/certificate';
import { PROVIDER_SOURCE, PROVIDER_VERSION } from '../provider/src/version';

export const ROOT = path.resolve(__dirname, '..');
export const DEFAULT_ENTRY = path.join(ROOT, 'provider/src/main.ts');
export const DEFAULT_OUT_DIR = path.join(ROOT, '.terraform-provider');
export const DEFAULT_BUILD_DIR = path.join(DEFAULT_OUT_DIR, 'dist');
const LAUNCHER_ENTRY = path.join(ROOT, 'provider/src/plugin/launcher.ts');

/** Terraform's OS_ARCH platform name for this machine (linux_amd64, darwin_arm64, …). */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const osName = platform === 'win32' ? 'windows' : platform;
  const archName = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
  return `${osName}_${archName}`;
}

export interface BundleOptions {
  entry?: string;
  outfile: string;
  /** Write a linked source map next to the bundle (default true; the release leaves it out). */
  sourcemap?: boolean;
  /** Receives the paths (relative to the repository) of every file bundled. */
  onInputs?: (inputs: string[]) => void;
  /** Minify (default true); false keeps function names readable in CPU profiles. */
  minify?: boolean;
}

/**
 * One CommonJS file with every dependency inlined, so start-up reads one file instead of
 * resolving hundreds of modules. protobufjs's optional-module probe (an eval'd require of
 * "long") is stubbed out; native addons stay external (none is used).
 */
export async function bundleProvider(options: BundleOptions): Promise<string> {
  const entry = options.entry ?? DEFAULT_ENTRY;
  if (!fs.existsSync(entry)) throw new Error(`provider entry ${path.relative(ROOT, entry)} does not exist`);
  fs.mkdirSync(path.dirname(options.outfile), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: options.outfile,
    absWorkingDir: ROOT,
    metafile: Boolean(options.onInputs),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: options.minify !== false,
    sourcemap: options.sourcemap === false ? false : 'linked',
    // The bundled packages' licence comments go to provider.js.LEGAL.txt, shipped beside it.
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    // ssh2's optional native add-ons (.node files) cannot be bundled; without them it uses node:crypto.
    external: ['*.node'],
    plugins: [stubModule('@protobufjs/inquire', 'module.exports = function inquire() { return null; };')],
    logLevel: 'warning',
  });
  if (options.onInputs && result.metafile) options.onInputs(Object.keys(result.metafile.inputs));
  return options.outfile;
}

function stubModule(name: string, contents: string): esbuild.Plugin {
  const filter = new RegExp(`^${name.replace(/[/.@]/g, '\\$&')}$`);
  return {
    name: `stub:${name}`,
    setup(build) {
      build.onResolve({ filter }, () => ({ path: name, namespace: 'stub' }));
      build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents, loader: 'js' }));
    },
  };
}

export interface BuildOptions {
  entry?: string;
  /** Default .terraform-provider/dist. */
  outDir?: string;
  /** Skip writing the V8 code cache (it needs one run of the provider). */
  noCodeCache?: boolean;
  /** See BundleOptions. */
  sourcemap?: boolean;
  minify?: boolean;
}

export interface BuiltProvider {
  dir: string;
  launcher: string;
  bundle: string;
  codeCache?: string;
}

/** Bundles the provider, builds its launcher and (by default) primes the code cache. */
export async function buildProvider(options: BuildOptions = {}): Promise<BuiltProvider> {
  const dir = options.outDir ?? DEFAULT_BUILD_DIR;
  const bundle = await bundleProvider({ entry: options.entry, outfile: path.join(dir, BUNDLE_FILE), sourcemap: options.sourcemap, minify: options.minify });
  const launcher = await buildLauncher(path.join(dir, LAUNCHER_FILE));
  const codeCache = path.join(dir, CODE_CACHE_FILE);
  fs.rmSync(codeCache, { force: true });
  if (options.noCodeCache) return { dir, launcher, bundle };
  await writeCodeCache(launcher);
  return { dir, launcher, bundle, codeCache };
}

/** The launcher (provider/src/plugin/launcher.ts) as one executable file. */
export async function buildLauncher(launcher: string): Promise<string> {
  await esbuild.build({
    entryPoints: [LAUNCHER_ENTRY],
    outfile: launcher,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
  fs.chmodSync(launcher, 0o755);
  return launcher;
}

/** Runs the provider once, the way Terraform starts it (TLS on), up to its handshake line. */
function writeCodeCache(launcher: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '6',
    PLUGIN_CLIENT_CERT: generateServerCertificate().certPem,
    [WRITE_CODE_CACHE_ENV]: '1',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.resume();
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`priming the code cache failed (exit ${code}): ${stderr}`))));
  });
}

export interface InstallOptions {
  built: BuiltProvider;
  /** Filesystem mirror root (default .terraform-provider/mirror); ignored with `user`. */
  mirrorDir?: string;
  /** Install into ~/.terraform.d/plugins (Terraform's implied local mirror) instead. */
  user?: boolean;
  version?: string;
  source?: string;
  /** Node to run the provider with (default: the one running this script, else `node` on PATH). */
  nodePath?: string;
}

export interface Installed {
  packageDir: string;
  executable: string;
  mirrorDir: string;
}

export function userPluginDir(): string {
  return path.join(os.homedir(), '.terraform.d', 'plugins');
}

export function installProvider(options: InstallOptions): Installed {
  const version = options.version ?? PROVIDER_VERSION;
  const source = options.source ?? PROVIDER_SOURCE;
  const mirrorDir = options.user ? userPluginDir() : (options.mirrorDir ?? path.join(DEFAULT_OUT_DIR, 'mirror'));
  const type = source.split('/').pop() as string;
  const packageDir = path.join(mirrorDir, ...source.split('/'), version, terraformPlatform());
  const executable = path.join(packageDir, `terraform-provider-${type}_v${version}`);
  const { built } = options;

  // The package directory must hold nothing else: every file in it is part of the lock hash.
  fs.rmSync(packageDir, { recursive: true, force: true });
  fs.mkdirSync(packageDir, { recursive: true });
  fs.writeFileSync(executable, wrapperScript(path.resolve(built.launcher), options.nodePath ?? process.execPath));
  fs.chmodSync(executable, 0o755);
  return { packageDir, executable, mirrorDir };
}

/**
 * `exec` matters: Terraform kills the PID it started and waits for stdout/stderr to close; a
 * shell that forked node would leave node running with the pipes open, and Terraform hangs.
 */
export function wrapperScript(launcher: string, nodePath: string): string {
  return [
    '#!/bin/sh',
    '# terraform-provider-cms: generated by npm run provider:install; runs the built provider.',
    `NODE=${shellQuote(nodePath)}`,
    '[ -x "$NODE" ] || NODE=node',
    `exec "$NODE" ${shellQuote(launcher)} "$@"`,
    '',
  ].join('\n');
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A CLI configuration that installs the provider from the mirror and never asks the registry
 * for it (so `terraform init` works offline); every other provider still comes from its registry.
 */
export function cliConfig(mirrorDir: string, source: string = PROVIDER_SOURCE): string {
  const hcl = (s: string): string => JSON.stringify(s);
  return [
    '# Generated by npm run provider:install. Use with: export TF_CLI_CONFIG_FILE=<this file>',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hcl(mirrorDir)}`,
    `    include = [${hcl(source)}]`,
    '  }',
    '  direct {',
    `    exclude = [${hcl(source)}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

export function writeCliConfig(file: string, mirrorDir: string, source?: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, cliConfig(mirrorDir, source));
  return file;
}
