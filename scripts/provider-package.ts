/**
 * Bundling and installing terraform-provider-cms for Terraform (used by
 * scripts/install-provider.ts, scripts/bench-startup.ts and the protocol tests).
 *
 * Layout created by installProvider (defaults):
 *   .terraform-provider/bundle/terraform-provider-cms.js     the esbuild bundle (one file)
 *   .terraform-provider/mirror/registry.terraform.io/cms-iac/cms/<version>/<os>_<arch>/
 *       terraform-provider-cms_v<version>                    a #!/bin/sh wrapper: exec node <bundle>
 *   .terraform-provider/terraform.tfrc                       CLI config: that mirror, no registry for cms
 *
 * Lock files: Terraform records an h1 hash of every file in the package directory and re-checks
 * it on each plan/apply. With the thin wrapper (default) the package holds only the wrapper, so
 * rebuilding the bundle keeps the hash and needs no re-init, at the price of nothing being
 * integrity-protected. --self-contained puts the bundle itself in the package (executable via its
 * `#!/usr/bin/env node` line): protected, portable, but every rebuild changes the hash and needs
 * `terraform init -upgrade` (or deleting .terraform.lock.hcl).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { PROVIDER_SOURCE, PROVIDER_VERSION } from '../provider/src/version';

export const ROOT = path.resolve(__dirname, '..');
export const DEFAULT_ENTRY = path.join(ROOT, 'provider/src/main.ts');
export const DEFAULT_OUT_DIR = path.join(ROOT, '.terraform-provider');
export const PROVIDER_TYPE = 'cms';

/** Terraform's OS_ARCH platform name for this machine (linux_amd64, darwin_arm64, …). */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const osName = platform === 'win32' ? 'windows' : platform;
  const archName = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
  return `${osName}_${archName}`;
}

export interface BundleOptions {
  entry?: string;
  outfile: string;
  minify?: boolean;
}

/**
 * One CommonJS file with every dependency inlined, so start-up reads one file instead of
 * resolving hundreds of modules. protobufjs's optional-module probe (an eval'd require of
 * "long") is stubbed out, and @grpc/proto-loader (only used by grpc-js's channelz, which the
 * server disables) stays external.
 */
export async function bundleProvider(options: BundleOptions): Promise<string> {
  const entry = options.entry ?? DEFAULT_ENTRY;
  if (!fs.existsSync(entry)) throw new Error(`provider entry ${path.relative(ROOT, entry)} does not exist`);
  fs.mkdirSync(path.dirname(options.outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [entry],
    outfile: options.outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: options.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'linked',
    banner: { js: '#!/usr/bin/env node' },
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['@grpc/proto-loader'],
    plugins: [stubModule('@protobufjs/inquire', 'module.exports = function inquire() { return null; };')],
    logLevel: 'warning',
  });
  fs.chmodSync(options.outfile, 0o755);
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

export interface InstallOptions {
  /** The bundle to install. */
  bundle: string;
  /** Filesystem mirror root (default .terraform-provider/mirror); ignored with `user`. */
  mirrorDir?: string;
  /** Install into ~/.terraform.d/plugins (Terraform's implied local mirror) instead. */
  user?: boolean;
  /** Copy the bundle into the package instead of a wrapper that points at it. */
  selfContained?: boolean;
  version?: string;
  source?: string;
  /** Node to run the bundle with (default: the one running this script, else `node` on PATH). */
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

  // The package directory must hold nothing else: every file in it is part of the lock hash.
  fs.rmSync(packageDir, { recursive: true, force: true });
  fs.mkdirSync(packageDir, { recursive: true });
  if (options.selfContained) fs.copyFileSync(options.bundle, executable);
  else fs.writeFileSync(executable, wrapperScript(path.resolve(options.bundle), options.nodePath ?? process.execPath));
  fs.chmodSync(executable, 0o755);
  return { packageDir, executable, mirrorDir };
}

/**
 * `exec` matters: Terraform kills the PID it started and waits for stdout/stderr to close; a
 * shell that forked node would leave node running with the pipes open, and Terraform hangs.
 */
export function wrapperScript(bundlePath: string, nodePath: string): string {
  return [
    '#!/bin/sh',
    '# terraform-provider-cms: generated by npm run provider:install; runs the provider bundle.',
    `NODE=${shellQuote(nodePath)}`,
    '[ -x "$NODE" ] || NODE=node',
    `exec "$NODE" ${shellQuote(bundlePath)} "$@"`,
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
