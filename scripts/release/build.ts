/**
 * The provider release: what `npm run release` writes (scripts/release.ts) and what tests install
 * from (testRelease below).
 *
 * <out>/                                       a provider mirror root (filesystem or network)
 *   registry.terraform.io/cms-iac/cms/
 *     terraform-provider-cms_<v>_<os>_<arch>.zip   one per platform (packed mirror layout; the
 *                                                  names the registry protocol uses)
 *     terraform-provider-cms_<v>_SHA256SUMS         sha256 of every zip and the manifest
 *     terraform-provider-cms_<v>_manifest.json      {"version":1,"metadata":{"protocol_versions":["6.0"]}}
 *     index.json, <v>.json                         the network mirror protocol's two documents
 *
 * Each zip holds the launcher as terraform-provider-cms_v<v> (a `#!/usr/bin/env node` script),
 * the esbuild bundle provider.js, the bundled packages' licences (THIRD_PARTY_NOTICES.txt, and
 * the licence comments esbuild kept, provider.js.LEGAL.txt) and the project's LICENSE: the same bytes for every platform, as the provider is JavaScript that
 * runs on the runner's Node (20.18 or later). No V8 code cache: V8 writes different bytes on each
 * build, and the release must be byte-for-byte the same from the same commit on any machine.
 *
 * Why not a Node single executable application (no Node needed on the runner): built here with
 * Node 20's --experimental-sea-config and postject, it works and its blob is reproducible, but
 * each platform's executable is a whole Node binary (100.6 MB; 34.6 MB deflated, and deflate is
 * not reproducible across zlib builds, so 100 MB stored), the other platforms' Node binaries would
 * be npm downloads on every `npm ci`, and macOS binaries must be code-signed after injection,
 * which cannot be done here. Runners that use the provider run Node anyway (cdktf, the actions).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUNDLE_FILE } from '../../provider/src/plugin/launcher-layout';
import { PROVIDER_SOURCE, PROVIDER_VERSION } from '../../provider/src/version';
import { generateProtocolDescriptor } from '../generate-protocol-descriptor';
import { buildLauncher, bundleProvider, ROOT } from '../provider-package';
import { thirdPartyNotices } from './notices';
import { zip, type ZipEntry } from './zip';

/** Platforms a release is built for (Terraform's OS_ARCH names). */
export const RELEASE_PLATFORMS = ['darwin_amd64', 'darwin_arm64', 'linux_amd64', 'linux_arm64'] as const;
/** The Terraform plugin protocol versions the provider speaks, as the registry manifest lists them. */
export const PROTOCOL_VERSIONS = ['6.0'];
export const DEFAULT_RELEASE_DIR = path.join(ROOT, 'dist/release');

export interface ReleaseArchive {
  platform: string;
  file: string;
  /** Terraform's hash of the zip file itself. */
  zh: string;
  /** Terraform's hash of the unpacked contents (dirhash "h1"). */
  h1: string;
}

export interface Release {
  /** The mirror root: a filesystem_mirror path, or what a network mirror serves at its base URL. */
  dir: string;
  /** Where the zips, SHA256SUMS and manifest are (the files a registry release publishes). */
  packageDir: string;
  version: string;
  source: string;
  archives: ReleaseArchive[];
  sha256sums: string;
  manifest: string;
}

export interface ReleaseOptions {
  /** Default dist/release. Emptied first. */
  outDir?: string;
}

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();

/**
 * Terraform's "h1" hash of a package (Go's dirhash.Hash1): the sha256 of the sorted lines
 * "<sha256 hex>  <name>\n" of every file in it, base64.
 */
export function h1Hash(entries: Array<{ name: string; data: Buffer }>): string {
  const lines = [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => `${sha256(e.data).toString('hex')}  ${e.name}\n`)
    .join('');
  return `h1:${sha256(lines).toString('base64')}`;
}

/** The files of the provider package (what each zip holds). */
async function packageEntries(buildDir: string, version: string): Promise<ZipEntry[]> {
  const type = PROVIDER_SOURCE.split('/').pop() as string;
  let inputs: string[] = [];
  const bundle = await bundleProvider({ outfile: path.join(buildDir, BUNDLE_FILE), sourcemap: false, onInputs: (i) => (inputs = i) });
  const launcher = await buildLauncher(path.join(buildDir, 'launcher'));
  const entries: ZipEntry[] = [
    { name: `terraform-provider-${type}_v${version}`, data: fs.readFileSync(launcher), mode: 0o755 },
    { name: BUNDLE_FILE, data: fs.readFileSync(bundle), mode: 0o644 },
  ];
  const legal = `${bundle}.LEGAL.txt`;
  if (fs.existsSync(legal)) entries.push({ name: `${BUNDLE_FILE}.LEGAL.txt`, data: fs.readFileSync(legal), mode: 0o644 });
  entries.push({ name: 'THIRD_PARTY_NOTICES.txt', data: Buffer.from(thirdPartyNotices(ROOT, inputs)), mode: 0o644 });
  const license = path.join(ROOT, 'LICENSE');
  if (fs.existsSync(license)) entries.push({ name: 'LICENSE', data: fs.readFileSync(license), mode: 0o644 });
  return entries;
}

/** The files of the provider package, built in a temporary directory. */
export async function releasePackageEntries(version: string = PROVIDER_VERSION): Promise<ZipEntry[]> {
  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-release-build-'));
  try {
    return await packageEntries(buildDir, version);
  } finally {
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
}

/** Builds the release into options.outDir (see the top of this file). */
export async function buildRelease(options: ReleaseOptions = {}): Promise<Release> {
  const dir = path.resolve(options.outDir ?? DEFAULT_RELEASE_DIR);
  const version = PROVIDER_VERSION;
  const [hostname, namespace, type] = PROVIDER_SOURCE.split('/') as [string, string, string];
  const prefix = `terraform-provider-${type}_${version}`;

  if (generateProtocolDescriptor({ check: true })) {
    throw new Error('provider/src/plugin/generated/protocol-descriptor.json is stale: run npm run generate and commit it');
  }
  const entries = await releasePackageEntries();
  const archive = zip(entries);
  const zh = `zh:${sha256(archive).toString('hex')}`;
  const h1 = h1Hash(entries);

  fs.rmSync(dir, { recursive: true, force: true });
  const packageDir = path.join(dir, hostname, namespace, type);
  fs.mkdirSync(packageDir, { recursive: true });
  const archives: ReleaseArchive[] = RELEASE_PLATFORMS.map((platform) => {
    const file = `${prefix}_${platform}.zip`;
    fs.writeFileSync(path.join(packageDir, file), archive);
    return { platform, file, zh, h1 };
  });

  const manifestFile = `${prefix}_manifest.json`;
  const manifest = JSON.stringify({ version: 1, metadata: { protocol_versions: PROTOCOL_VERSIONS } }, null, 2) + '\n';
  fs.writeFileSync(path.join(packageDir, manifestFile), manifest);

  const summed = [...archives.map((a) => ({ file: a.file, data: archive })), { file: manifestFile, data: Buffer.from(manifest) }];
  const sha256sums = summed
    .sort((a, b) => (a.file < b.file ? -1 : 1))
    .map((s) => `${sha256(s.data).toString('hex')}  ${s.file}\n`)
    .join('');
  fs.writeFileSync(path.join(packageDir, `${prefix}_SHA256SUMS`), sha256sums);

  // The network mirror protocol: index.json lists versions, <version>.json the archives with
  // URLs relative to itself and the hashes Terraform checks downloads against.
  fs.writeFileSync(path.join(packageDir, 'index.json'), JSON.stringify({ versions: { [version]: {} } }, null, 2) + '\n');
  const versionDoc = { archives: Object.fromEntries(archives.map((a) => [a.platform, { url: a.file, hashes: [a.h1, a.zh] }])) };
  fs.writeFileSync(path.join(packageDir, `${version}.json`), JSON.stringify(versionDoc, null, 2) + '\n');

  return { dir, packageDir, version, source: PROVIDER_SOURCE, archives, sha256sums, manifest };
}

/** Every file under a release directory, relative path to contents (for comparing two builds). */
export function releaseFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

/**
 * A CLI configuration that installs cms-iac/cms from a release (a folder, or a network mirror's
 * https URL) and never asks the public registry for it; every other provider still comes from
 * its registry.
 */
export function releaseCliConfig(mirror: string, source: string = PROVIDER_SOURCE): string {
  const hcl = (s: string): string => JSON.stringify(s);
  const method = /^https:\/\//.test(mirror) ? `  network_mirror {\n    url     = ${hcl(mirror.endsWith('/') ? mirror : `${mirror}/`)}` : `  filesystem_mirror {\n    path    = ${hcl(mirror)}`;
  return ['provider_installation {', method, `    include = [${hcl(source)}]`, '  }', '  direct {', `    exclude = [${hcl(source)}]`, '  }', '}', ''].join('\n');
}

const TEST_RELEASE_ENV = 'CMS_TEST_RELEASE_DIR';

/**
 * The release for tests, built once per test run: jest's global setup (test/release-setup.js)
 * names an empty directory in CMS_TEST_RELEASE_DIR; the first test to ask builds the release
 * there (under a lock, as test files run in parallel workers) and the others reuse it. Outside
 * jest, each call builds into a new temporary directory.
 */
export async function testRelease(): Promise<Release> {
  const shared = process.env[TEST_RELEASE_ENV];
  if (!shared) return buildRelease({ outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cms-release-')) });
  const outDir = path.join(shared, 'release');
  const done = path.join(shared, 'release.json');
  const lock = path.join(shared, 'lock');
  for (;;) {
    if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8')) as Release;
    try {
      fs.mkdirSync(lock);
    } catch {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (fs.existsSync(done)) continue;
      const release = await buildRelease({ outDir });
      fs.writeFileSync(done, JSON.stringify(release));
      return release;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

export const TEST_RELEASE_DIR_ENV = TEST_RELEASE_ENV;
