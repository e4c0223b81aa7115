/**
 * `cdktf deploy` and `cdktf diff` work the first time, offline, with the provider from the
 * release folder: the documented environment (README, "CDKTF and the provider lock") is a CLI
 * configuration whose filesystem mirror is the release, plus
 * TF_CLI_ARGS_providers_lock=-fs-mirror=<release>, because cdktf runs `terraform providers lock`
 * after the first init and that command asks the public registry unless told of a mirror.
 * HTTPS_PROXY points at a closed port, so any request to a registry fails.
 *
 * The real cdktf CLI (cdktf-cli 0.21) runs examples/cdktf-basic from a project directory outside
 * the repository.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CmsClient } from '../../provider/src/cms/client';
import { releaseCliConfig, testRelease } from '../../scripts/release/build';
import { startSimulator, type Simulator } from '../../simulator/src';
import { Terraform } from './harness/terraform';

const ROOT = path.resolve(__dirname, '../..');
const CDKTF = path.join(ROOT, 'node_modules/.bin/cdktf');
const TURN_PASSWORD = 'offline-Turn-Secret-7710';

function cdktf(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(CDKTF, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output: output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') }));
  });
}

let sim: Simulator | undefined;
let project: string | undefined;
afterAll(async () => {
  await sim?.stop();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

it('cdktf deploy, then cdktf diff, work the first time with the release as the only provider source', async () => {
  const release = await testRelease();
  sim = await startSimulator({ port: 0 });
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-cdktf-offline-'));
  const cdktfJson = { language: 'typescript', app: `node ${path.join(ROOT, 'scripts/run-ts.js')} ${path.join(ROOT, 'examples/cdktf-basic/main.ts')}`, projectId: 'cms-offline-test', sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context: {} };
  fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify(cdktfJson, null, 2));
  const cliConfig = path.join(project, 'terraform.tfrc');
  fs.writeFileSync(cliConfig, releaseCliConfig(release.dir));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    CHECKPOINT_DISABLE: '1',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_CLI_ARGS_providers_lock: `-fs-mirror=${release.dir}`,
    CMS_URL: sim.url,
    CMS_USERNAME: 'admin',
    CMS_PASSWORD: 'admin',
    CMS_CA_BUNDLE: sim.caPath,
    TF_VAR_turn_password: TURN_PASSWORD,
  };
  const stackDir = path.join(project, 'cdktf.out/stacks/cdktf-basic');
  try {
    const deploy = await cdktf(['deploy', '--auto-approve'], project, env);
    if (deploy.code !== 0) throw new Error(`cdktf deploy failed (exit ${deploy.code}):\n${deploy.output}`);
    expect(deploy.output).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
    expect(deploy.output).not.toContain(TURN_PASSWORD);
    expect(fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8')).toContain(release.archives[0]!.h1);
    expect(await templateNames(sim)).toEqual(['Team meeting']);

    const diff = await cdktf(['diff'], project, env);
    if (diff.code !== 0) throw new Error(`cdktf diff failed (exit ${diff.code}):\n${diff.output}`);
    expect(diff.output).toContain('No changes.');
  } finally {
    if (fs.existsSync(path.join(stackDir, '.terraform'))) await new Terraform(stackDir, env).run(['destroy', '-auto-approve', '-input=false', '-no-color']);
  }
}, 300_000);

async function templateNames(s: Simulator): Promise<string[]> {
  const api = new CmsClient({ url: s.url, username: 'admin', password: 'admin', caBundle: fs.readFileSync(s.caPath, 'utf8'), retries: 0 });
  try {
    return (await api.listAll('/coSpaceTemplates')).map((t) => String(t.values.name));
  } finally {
    await api.close();
  }
}
