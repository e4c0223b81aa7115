/**
 * The provider release (npm run release) as users install it:
 * - two separate clones of the same commit, at different paths, build byte-identical releases;
 * - a lock file written from one clone's release for all four platforms is accepted by
 *   `terraform init` in the other clone, whose provider then converges a configuration against
 *   the simulator;
 * - the release folder served over HTTPS is a network mirror: `terraform providers lock` and
 *   `terraform init` work from it.
 * Terraform runs with HTTPS_PROXY pointing at a closed port, so any request to a public registry
 * fails: everything here comes from the release.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { terraformPlatform } from '../../scripts/provider-package';
import { releaseCliConfig, releaseFiles, testRelease, type Release } from '../../scripts/release/build';
import { startSimulator, type Simulator } from '../../simulator/src';
import { serveStatic } from './harness/servers';
import { Terraform } from './harness/terraform';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const PLATFORMS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'];
const PREFIX = 'terraform-provider-cms_0.1.0';
const VERSIONS_TF = 'terraform {\n  required_providers {\n    cms = { source = "cms-iac/cms", version = "0.1.0" }\n  }\n}\n';
const GROUP_TF = 'resource "cms_call_bridge_group" "london" {\n  name = "London"\n}\n';

let work: string;
let clones: { a: string; b: string };

/** Terraform's environment: offline apart from loopback, no CLI config of the machine's. */
function tfEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', ...extra };
}

function workdir(name: string, files: Record<string, string>): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

/** A clone of this commit at `dir`, with its own release built by its own scripts. */
async function cloneAndRelease(dir: string): Promise<string> {
  const { stdout: head } = await run('git', ['-C', ROOT, 'rev-parse', 'HEAD']);
  await run('git', ['clone', '--quiet', '--no-checkout', ROOT, dir]);
  await run('git', ['-C', dir, 'checkout', '--quiet', head.trim()]);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await run(process.execPath, ['scripts/run-ts.js', 'scripts/release.ts'], { cwd: dir });
  return path.join(dir, 'dist/release');
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-release-test-'));
  // Different names and depths: nothing of the path may reach the package.
  clones = { a: await cloneAndRelease(path.join(work, 'a')), b: await cloneAndRelease(path.join(work, 'second/clone-b')) };
}, 240_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('two clones of one commit', () => {
  it('build byte-identical releases: a zip per platform, SHA256SUMS, the manifest and the mirror documents', () => {
    const a = releaseFiles(clones.a);
    const b = releaseFiles(clones.b);
    const pkg = 'registry.terraform.io/cms-iac/cms';
    expect([...a.keys()].sort()).toEqual(
      [
        `${pkg}/0.1.0.json`,
        `${pkg}/index.json`,
        `${pkg}/${PREFIX}_SHA256SUMS`,
        ...PLATFORMS.map((p) => `${pkg}/${PREFIX}_${p}.zip`),
        `${pkg}/${PREFIX}_manifest.json`,
      ].sort(),
    );
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [file, bytes] of a) expect({ file, same: bytes.equals(b.get(file)!) }).toEqual({ file, same: true });

    expect(JSON.parse(a.get(`${pkg}/${PREFIX}_manifest.json`)!.toString())).toEqual({ version: 1, metadata: { protocol_versions: ['6.0'] } });
    const sums = a.get(`${pkg}/${PREFIX}_SHA256SUMS`)!.toString().trimEnd().split('\n');
    expect(sums).toHaveLength(5);
    for (const line of sums) {
      const [sum, file] = line.split('  ');
      expect(createHash('sha256').update(a.get(`${pkg}/${file}`)!).digest('hex')).toBe(sum);
    }
    const zip = a.get(`${pkg}/${PREFIX}_linux_amd64.zip`)!.toString('latin1');
    expect(zip).not.toContain(work);
    expect(zip).not.toContain(ROOT);
  });

  it("a lock file written from one clone's release for four platforms is accepted by terraform init in the other, whose provider converges", async () => {
    // Clone A: lock every platform from its release folder.
    const lockDir = workdir('lock-a', { 'versions.tf': VERSIONS_TF });
    const lockTf = new Terraform(lockDir, tfEnv({ TF_CLI_CONFIG_FILE: path.join(lockDir, 'none.tfrc') }));
    const lock = await lockTf.expect(['providers', 'lock', '-no-color', `-fs-mirror=${clones.a}`, ...PLATFORMS.map((p) => `-platform=${p}`)]);
    for (const p of PLATFORMS) expect(lock.stdout).toContain(`Obtained cms-iac/cms checksums for ${p}`);
    const lockFile = fs.readFileSync(path.join(lockDir, '.terraform.lock.hcl'), 'utf8');
    expect(lockFile).toMatch(/provider "registry.terraform.io\/cms-iac\/cms" \{\n\s+version\s+= "0.1.0"/);
    expect(lockFile).toMatch(/"h1:[A-Za-z0-9+/]+={0,2}"/);

    // Clone B: its own release as the filesystem mirror, A's lock file committed beside the code.
    const dir = workdir('init-b', { 'versions.tf': VERSIONS_TF, 'main.tf': GROUP_TF, '.terraform.lock.hcl': lockFile, 'cli.tfrc': releaseCliConfig(clones.b) });
    let sim: Simulator | undefined;
    try {
      sim = await startSimulator({ port: 0 });
      const tf = new Terraform(dir, tfEnv({ TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'), CMS_URL: sim.url, CMS_USERNAME: 'admin', CMS_PASSWORD: 'admin', CMS_CA_BUNDLE: sim.caPath }));
      const init = await tf.expect(['init', '-input=false', '-no-color']);
      expect(init.stdout).toContain('Reusing previous version of cms-iac/cms from the dependency lock file');
      expect(init.stdout).toContain('Installed cms-iac/cms v0.1.0');
      expect(fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8')).toBe(lockFile);
      const executable = path.join(dir, '.terraform/providers/registry.terraform.io/cms-iac/cms/0.1.0', terraformPlatform(), 'terraform-provider-cms_v0.1.0');
      expect((await run(executable, ['--version'])).stdout).toBe('terraform-provider-cms 0.1.0\n');
      await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color']);
      expect((await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
      await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
    } finally {
      await sim?.stop();
    }
  }, 120_000);
});

it('served over HTTPS, the release is a network mirror: providers lock (four platforms) and init work from it', async () => {
  const release: Release = await testRelease();
  const mirror = await serveStatic(release.dir, path.join(work, 'mirror-tls'));
  try {
    const env = (dir: string): NodeJS.ProcessEnv => tfEnv({ TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'), SSL_CERT_FILE: mirror.caPath });
    const cli = releaseCliConfig(mirror.url);
    expect(cli).toContain(`network_mirror {\n    url     = "${mirror.url}"`);

    const lockDir = workdir('net-lock', { 'versions.tf': VERSIONS_TF, 'cli.tfrc': cli });
    const lockTf = new Terraform(lockDir, env(lockDir));
    await lockTf.expect(['providers', 'lock', '-no-color', `-net-mirror=${mirror.url}`, ...PLATFORMS.map((p) => `-platform=${p}`)]);
    const lockFile = fs.readFileSync(path.join(lockDir, '.terraform.lock.hcl'), 'utf8');
    // The same h1 as the mirror's <version>.json lists (the zips' contents are the same for every
    // platform); Terraform records zh: hashes only from a registry's signed SHA256SUMS.
    expect(lockFile).toContain(`hashes = [\n    "${release.archives[0]!.h1}",\n  ]`);
    expect(mirror.requests).toContain('/registry.terraform.io/cms-iac/cms/index.json');
    expect(mirror.requests).toContain('/registry.terraform.io/cms-iac/cms/0.1.0.json');
    for (const p of PLATFORMS) expect(mirror.requests).toContain(`/registry.terraform.io/cms-iac/cms/${PREFIX}_${p}.zip`);

    const initDir = workdir('net-init', { 'versions.tf': VERSIONS_TF, 'cli.tfrc': cli, '.terraform.lock.hcl': lockFile });
    const tf = new Terraform(initDir, env(initDir));
    await tf.expect(['init', '-input=false', '-no-color']);
    expect(fs.readFileSync(path.join(initDir, '.terraform.lock.hcl'), 'utf8')).toBe(lockFile);
    const schema = await tf.expect(['providers', 'schema', '-json']);
    expect(Object.keys(JSON.parse(schema.stdout).provider_schemas)).toEqual(['registry.terraform.io/cms-iac/cms']);
  } finally {
    await mirror.close();
  }
}, 120_000);
