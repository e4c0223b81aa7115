/**
 * The packages as a team uses them from its own repository: `npm pack` the workspaces, create a
 * project outside this repository, `npm install` the tarballs with cdktf, cdktn and constructs
 * (from the npm cache where it has them), write an app on the L2 constructs for each CDK,
 * type-check and compile it against the installed declarations, synthesize it with that CDK's
 * CLI, and apply it with terraform against a simulator started from the installed
 * @cms-iac/simulator's bin, with the provider installed from its release folder (npm run release)
 * as a filesystem mirror. The second plan must be empty; destroy removes it all.
 *
 * One install serves both CDKs (each app lives in its own folder of the project). The tools (tsc,
 * cdktf-cli, cdktn-cli) are the ones this repository locks: they only run the app, and installing
 * them again would only time npm. cdktn's CLI needs Node 22.19 or later: the project gets one
 * from the node-<os>-<arch> npm package unless the Node running the tests is recent enough.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CmsClient } from '../../provider/src/cms/client';
import { PROVIDER_VERSION } from '../../provider/src/version';
import { packPackages, type PackedPackage } from '../../scripts/pack-packages';
import { releaseCliConfig, testRelease } from '../../scripts/release/build';
import { Terraform } from '../acceptance/harness/terraform';

const REPO = path.resolve(__dirname, '../..');
/** The Node version given to cdktn's CLI when the tests run on an older one. */
const NODE_FOR_CDKTN = '22.23.5';
const TURN_SECRET = 'Outside-Turn-Secret-4471';

/** The versions this repository builds and tests with, installed in the user's project too. */
function repoVersion(pkg: string): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

interface Flavour {
  /** The CDK's core package, which is also the name of its CLI command. */
  cdk: 'cdktf' | 'cdktn';
  /** The Node the CLI runs on (the directory of its node executable is put first on PATH). */
  nodeDir: () => string;
}

let root: string;
let project: string;
let packed: PackedPackage[];
let cliConfig: string;
let releaseDir: string;
let home: string;
let sim: { url: string; caPath: string; sshPort: number; hostKey: string; child: ReturnType<typeof spawn>; exited: Promise<number | null> } | undefined;
let api: CmsClient;
let cdktnNodeDir: string;

/** The environment of this process without npm's own variables (jest may run under `npm test`). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

function runAsync(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // Without terminal colours (the CLIs colour terraform's output even without a terminal).
      const text = out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
      if (code === 0) resolve(text);
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}\n${text}`));
    });
  });
}

function nodeMeets(version: string, major: number, minor: number): boolean {
  const [a, b] = version.replace(/^v/, '').split('.').map(Number);
  return a! > major || (a === major && b! >= minor);
}

const FLAVOURS: Flavour[] = [
  { cdk: 'cdktf', nodeDir: () => path.dirname(process.execPath) },
  { cdk: 'cdktn', nodeDir: () => cdktnNodeDir },
];

async function startInstalledSimulator(): Promise<NonNullable<typeof sim>> {
  const bin = path.join(project, 'node_modules/.bin/cms-simulator');
  const child = spawn(bin, ['--port', '0', '--ssh-port', '0', '--state-dir', path.join(root, 'sim')], { cwd: root, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600 && !out.includes('Try:'); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /node cms1\s+(https:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out)?.[1];
  const caPath = /CA certificate\s+(\S+)/.exec(out)?.[1];
  const ssh = /ssh cms1\s+127\.0\.0\.1 port (\d+)\s+host key (SHA256:\S+)/.exec(out);
  if (!url || !caPath || !ssh) {
    child.kill('SIGTERM');
    throw new Error(`cms-simulator did not start as expected:\n${out}`);
  }
  return { url, caPath, sshPort: Number(ssh[1]), hostKey: ssh[2]!, child, exited };
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-outside-'));
  home = path.join(root, 'home');
  fs.mkdirSync(home);

  packed = await packPackages(path.join(root, 'tarballs'), { quiet: true });

  // The provider as users install it: the release folder (npm run release) as a filesystem mirror.
  const release = await testRelease();
  releaseDir = release.dir;
  cliConfig = path.join(root, 'terraform.tfrc');
  fs.writeFileSync(cliConfig, releaseCliConfig(release.dir));

  project = path.join(root, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'cms-deployment', version: '1.0.0', private: true }, null, 2));
  const nodePackage = `node-${process.platform}-${process.arch}`;
  const needNode = !nodeMeets(process.version, 22, 19);
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...packed.map((p) => p.tarball),
      ...['cdktf', 'cdktn', 'constructs', '@types/node'].map((p) => `${p}@${repoVersion(p)}`),
      ...(needNode ? [`${nodePackage}@${NODE_FOR_CDKTN}`] : []),
    ],
    project,
    cleanEnv(),
  );
  cdktnNodeDir = needNode ? path.join(project, 'node_modules', nodePackage, 'bin') : path.dirname(process.execPath);

  sim = await startInstalledSimulator();
  api = new CmsClient({ url: sim.url, username: 'admin', password: 'admin', caBundle: fs.readFileSync(sim.caPath, 'utf8') });
}, 900_000);

afterAll(async () => {
  await api?.close();
  if (sim) {
    sim.child.kill('SIGTERM');
    await sim.exited;
  }
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const LIBRARIES = ['@cms-iac/cdktf', '@cms-iac/cdktn', '@cms-iac/simulator'];

describe('the tarballs', () => {
  it('hold compiled code, a README and the LICENSE, at the provider version', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(['@cms-iac/cdktf', '@cms-iac/cdktn', '@cms-iac/cli', '@cms-iac/simulator']);
    for (const p of packed) {
      expect(p.version).toBe(PROVIDER_VERSION);
      expect(p.files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
      expect(p.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    }
  });

  it('give every module of a library its type declarations', () => {
    for (const p of packed.filter((x) => LIBRARIES.includes(x.name))) {
      const js = p.files.filter((f) => f.endsWith('.js'));
      expect(js.length).toBeGreaterThan(10);
      expect(js.filter((f) => !p.files.includes(f.replace(/\.js$/, '.d.ts')))).toEqual([]);
    }
  });

  it('hold the CLI as one bundle with the notices of what it bundles', () => {
    const cli = packed.find((p) => p.name === '@cms-iac/cli')!;
    expect(cli.files.filter((f) => f.startsWith('dist/'))).toEqual(['dist/THIRD_PARTY_NOTICES.txt', 'dist/cms-iac.js']);
    const notices = fs.readFileSync(path.join(project, 'node_modules/@cms-iac/cli/dist/THIRD_PARTY_NOTICES.txt'), 'utf8');
    expect(notices).toMatch(/^undici@\S+ \(MIT\)$/m);
  });

  it('declare the CDK and constructs as peer dependencies of the construct packages', () => {
    for (const cdk of ['cdktf', 'cdktn']) {
      const manifest = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/@cms-iac', cdk, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      expect(Object.keys(manifest.peerDependencies ?? {}).sort()).toEqual([cdk, 'constructs'].sort());
      expect(manifest.dependencies).toBeUndefined();
    }
  });
});

it.each(['cms-simulator', 'cms-iac'])('the installed %s bin prints its version', (bin) => {
  const out = run(path.join(project, 'node_modules/.bin', bin), ['--version'], project, cleanEnv());
  expect(out).toBe(`${bin} ${PROVIDER_VERSION}\n`);
});

describe.each(FLAVOURS)('a $cdk app on @cms-iac/$cdk', (flavour) => {
  it('compiles, synthesizes and deploys with its CLI, plans empty and destroys', async () => {
    const app = path.join(project, `${flavour.cdk}-app`);
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'main.ts'), appSource(flavour.cdk));
    fs.writeFileSync(path.join(app, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js', terraformProviders: [], sendCrashReports: 'false' }, null, 2));
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'] }, include: ['main.ts'] }, null, 2),
    );
    const env = cleanEnv({
      PATH: `${flavour.nodeDir()}${path.delimiter}${process.env.PATH}`,
      HOME: home,
      CHECKPOINT_DISABLE: '1',
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CMS_URL: sim!.url,
      CMS_CA_BUNDLE: sim!.caPath,
      CMS_MMP_PORT: String(sim!.sshPort),
      CMS_MMP_HOST_KEY: sim!.hostKey,
    });

    // Compiled against the installed declarations: a missing or wrong .d.ts fails here.
    run(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.'], app, env);
    const cli = path.join(REPO, 'node_modules/.bin', flavour.cdk);
    expect(await runAsync(cli, ['synth'], app, env)).toContain('Generated Terraform code for the stacks: cms');

    const stackDir = path.join(app, 'cdktf.out/stacks/cms');
    const synthesized = fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8');
    const doc = JSON.parse(synthesized) as { '//': { metadata: { version: string } }; resource: Record<string, unknown> };
    expect(doc['//'].metadata.version).toBe(repoVersion(flavour.cdk));
    expect(Object.keys(doc.resource).sort()).toEqual([
      'cms_access_method_template',
      'cms_call_bridge_group',
      'cms_call_leg_profile',
      'cms_cospace_template',
      'cms_dial_in_security_profile',
      'cms_node_settings',
      'cms_turn_server',
    ]);
    expect(synthesized).not.toContain(TURN_SECRET);

    // The CLI's deploy, as the README says to run it the first time: its provider lock step reads the mirror.
    const secrets = { TF_VAR_cms_password: 'admin', TF_VAR_turn_password: TURN_SECRET };
    const deployEnv = { ...env, ...secrets, TF_CLI_ARGS_providers_lock: `-fs-mirror=${releaseDir}` };
    expect(await runAsync(cli, ['deploy', '--auto-approve'], app, deployEnv)).toMatch(/Apply complete! Resources: 9 added, 0 changed, 0 destroyed/);
    const tf = new Terraform(stackDir, { ...env, ...secrets });
    expect((await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);

    const names = async (collection: string): Promise<string[]> => (await api.listAll(collection)).map((o) => String(o.values.name));
    expect(await names('/coSpaceTemplates')).toContain(`${flavour.cdk} team meeting`);
    expect(await names('/callLegProfiles')).toEqual(expect.arrayContaining([`${flavour.cdk} team meeting: Host`, `${flavour.cdk} team meeting: Guest`]));
    expect(await names('/callBridgeGroups')).toContain(`${flavour.cdk} London`);

    expect(await runAsync(cli, ['destroy', '--auto-approve'], app, deployEnv)).toMatch(/Destroy complete! Resources: 9 destroyed/);
    expect(await names('/coSpaceTemplates')).not.toContain(`${flavour.cdk} team meeting`);
    expect(await names('/callBridgeGroups')).not.toContain(`${flavour.cdk} London`);
  }, 300_000);
});

/** A small deployment: one node (API + MMP), a space template with two roles, a TURN server, and one L1 resource. */
function appSource(cdk: string): string {
  return `import { App, TerraformOutput, TerraformStack } from '${cdk}';
import { callBridgeGroup, MeetingServer, RoleSeparation, Secret, SpaceTemplate, TurnCredentials, TurnServer, TurnServerType } from '@cms-iac/${cdk}';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`set \${name}\`);
  return value;
}

const app = new App();
const stack = new TerraformStack(app, 'cms');
new MeetingServer(stack, 'cms1', {
  name: 'cms1',
  apiUrl: env('CMS_URL'),
  caBundle: env('CMS_CA_BUNDLE'),
  username: 'admin',
  password: Secret.fromEnv(stack, 'TF_VAR_cms_password'),
  mmpPort: Number(env('CMS_MMP_PORT')),
  hostKeyFingerprint: env('CMS_MMP_HOST_KEY'),
  mmpUsername: 'admin',
  mmpPassword: Secret.fromEnv(stack, 'TF_VAR_cms_password'),
  ntpServers: ['ntp1.example.com'],
  defaultProvider: true,
});
const team = new SpaceTemplate(stack, 'team', {
  name: '${cdk} team meeting',
  roleSeparation: RoleSeparation.URI,
  roles: [
    { name: 'Host', uriGenerator: '$.${cdk}-host', activator: true, minPasscodeLength: 6 },
    { name: 'Guest', uriGenerator: '$.${cdk}-guest', defaultForDialOut: true },
  ],
});
new TurnServer(stack, 'edge', {
  serverAddress: '10.0.0.10',
  type: TurnServerType.EXPRESSWAY,
  credentials: TurnCredentials.longTerm({ username: 'turnuser', password: Secret.fromEnv(stack, 'TF_VAR_turn_password') }),
});
// An L1 binding beside the L2 constructs.
const london = new callBridgeGroup.CallBridgeGroup(stack, 'london', { name: '${cdk} London' });
new TerraformOutput(stack, 'template_id', { value: team.templateId });
new TerraformOutput(stack, 'group_id', { value: london.id });
app.synth();
`;
}
