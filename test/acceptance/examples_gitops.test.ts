/**
 * examples/gitops: the GitHub Actions workflows are valid YAML with the expected triggers, jobs
 * and steps, on current action majors; and, copied into a repository of a user's own outside
 * this one, their jobs' shell steps (everything but `npm ci`) run as the runner would run them,
 * against a simulated Meeting Server, with the provider installed from the release and the state
 * in a remote (http) backend with locking:
 * - the pull request plan, from the release as a folder in the repository (air-gapped runners);
 * - the apply on main, from a fresh checkout (nothing left on disk by the plan);
 * - the drift check, from another fresh checkout and the release served as a network mirror:
 *   it passes when the server matches the code (the state came from the backend) and fails
 *   after a change made behind Terraform's back;
 * - a repository whose app keeps local state is refused before Terraform runs.
 * HTTPS_PROXY points at a closed port: nothing comes from a public registry.
 *
 * js-yaml (a dev dependency) reads the workflows.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { releaseCliConfig, testRelease, type Release } from '../../scripts/release/build';
import { useAcceptanceEnv } from './harness/acceptance';
import { serveState, serveStatic, type StateServer, type StaticServer } from './harness/servers';
import { Terraform } from './harness/terraform';
import { ROOT } from './examples-support';

const yaml = require('js-yaml') as { safeLoad(text: string): unknown };

const WORKFLOWS = path.join(ROOT, 'examples/gitops/.github/workflows');
const WORKFLOW_FILES = ['cms-apply.yml', 'cms-drift.yml', 'cms-plan.yml'];
/** Installed by the test instead (the repository links this one's node_modules). */
const SKIPPED_STEPS = ['Install dependencies'];
/** Steps every workflow has, with the same script. */
const SHARED_STEPS = ['Install dependencies', 'Install the provider', 'Synthesize', 'Check the state backend', 'Terraform init'];
/** The oldest major of each action that runs on Node 24 (Node 20 actions are deprecated on GitHub). */
const NODE24_MAJORS: Record<string, number> = { 'actions/checkout': 5, 'actions/setup-node': 5, 'hashicorp/setup-terraform': 4, 'actions/github-script': 8 };

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}

interface Job {
  'runs-on': string;
  environment?: string;
  env?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  defaults?: { run?: { shell?: string } };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

function load(file: string, dir: string = WORKFLOWS): Workflow {
  return yaml.safeLoad(fs.readFileSync(path.join(dir, file), 'utf8')) as Workflow;
}

const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n');

describe('workflow files', () => {
  it('are the three pipelines, valid YAML, with actions on current majors and no expressions inside shell scripts', () => {
    expect(fs.readdirSync(WORKFLOWS).sort()).toEqual(WORKFLOW_FILES);
    for (const file of WORKFLOW_FILES) {
      const wf = load(file);
      expect(typeof wf.name).toBe('string');
      expect(wf.defaults?.run?.shell).toBe('bash'); // bash -eo pipefail on the runner
      expect(wf.env?.CMS_PROVIDER_MIRROR).toBe('${{ vars.CMS_PROVIDER_MIRROR }}');
      for (const [name, job] of Object.entries(wf.jobs)) {
        expect({ file, name, runsOn: job['runs-on'] }).toEqual({ file, name, runsOn: 'ubuntu-latest' });
        for (const step of job.steps) {
          expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
          if (step.uses) {
            const [, action, major] = /^([\w-]+\/[\w-]+)@v(\d+)$/.exec(step.uses) ?? [];
            expect({ file, uses: step.uses, known: action! in NODE24_MAJORS }).toEqual({ file, uses: step.uses, known: true });
            expect({ file, uses: step.uses, node24: Number(major) >= NODE24_MAJORS[action!]! }).toEqual({ file, uses: step.uses, node24: true });
          }
          // Values reach scripts through env, never spliced into them (no script injection).
          if (step.run) expect({ file, step: step.name, run: step.run }).not.toEqual(expect.objectContaining({ run: expect.stringContaining('${{') }));
        }
        // github-script bodies are the body of an async function: they must at least parse.
        const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
        for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/github-script@'))) {
          expect(() => new AsyncFunction('require', 'github', 'context', 'core', String(step.with?.script))).not.toThrow();
        }
        expect(job.steps.map((s) => s.name)).toEqual(expect.arrayContaining(SHARED_STEPS));
        expect(job.steps.some((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))).toBe(true);
        expect(job.env?.CMS_MMP_PASSWORD).toBe('${{ secrets.CMS_MMP_PASSWORD }}');
        expect(job.env?.TF_VAR_ldap_bind_password).toBe('${{ secrets.LDAP_BIND_PASSWORD }}');
        expect(job.env?.TF_VAR_api_password).toBe('${{ secrets.CMS_API_PASSWORD }}');
      }
    }
  });

  it('share one script per common step, so the three cannot drift apart', () => {
    const script = (file: string, step: string): string | undefined => Object.values(load(file).jobs)[0]!.steps.find((s) => s.name === step)?.run;
    for (const step of SHARED_STEPS) {
      expect({ step, scripts: new Set(WORKFLOW_FILES.map((f) => script(f, step))).size }).toEqual({ step, scripts: 1 });
    }
  });

  it('plan on pull requests and post the plan as a comment', () => {
    const wf = load('cms-plan.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const job = wf.jobs.plan!;
    expect(runs(job)).toMatch(/terraform -chdir="\$STACK_DIR" plan .*-out=tfplan/);
    expect(runs(job)).not.toMatch(/terraform[^\n]* apply/);
    const comment = job.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    expect(comment.if).toBe('always()');
    expect(String(comment.with?.script)).toMatch(/issues\.createComment/);
    expect(String(comment.with?.script)).toMatch(/issues\.updateComment/);
  });

  it('apply on the main branch, one run at a time, in the production environment', () => {
    const wf = load('cms-apply.yml');
    expect(wf.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: {} });
    expect(wf.concurrency).toEqual({ group: 'cms-apply', 'cancel-in-progress': false });
    const job = wf.jobs.apply!;
    expect(job.environment).toBe('production');
    expect(runs(job)).toMatch(/apply -input=false .*tfplan/);
  });

  it('check for drift on a schedule, failing on drift', () => {
    const wf = load('cms-drift.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect((wf.on.schedule as Array<{ cron: string }>)[0]!.cron).toMatch(/^(\S+ ){4}\S+$/);
    const job = wf.jobs.drift!;
    expect(runs(job)).toMatch(/plan .*-detailed-exitcode/);
    const issue = job.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    expect(issue.if).toBe("failure() && steps.drift.outputs.exitcode == '2'");
    expect(wf.permissions).toEqual({ contents: 'read', issues: 'write' });
  });
});

// ---------------------------------------------------------------------------------------------
// The jobs' commands, from a user's repository, against the simulator.

const env = useAcceptanceEnv({ mmp: true });
const BIND_PASSWORD = 'gitops-Bind-Secret-8830';
const API_PASSWORD = 'gitops-Api-Secret-5521';
const STATE_NAME = 'cms/lab-single-server';

interface StepRun {
  name: string;
  code: number;
  output: string;
}

interface JobRun {
  steps: StepRun[];
  /** Exit code of the first failing step, or 0. */
  code: number;
  outputs: string;
  summary: string;
}

/**
 * Runs a job's shell steps in `repo`, from the workflow file in the repository, the way the
 * runner does: workflow, job and step env (vars and secrets taken from `values`), bash -eo
 * pipefail, GITHUB_ENV/OUTPUT/STEP_SUMMARY files and RUNNER_TEMP, stopping at the first failing
 * step unless it may fail. Steps with `uses:` or an `if:`, and `npm ci`, are skipped.
 */
async function runJob(file: string, jobName: string, repo: string, values: Record<string, string>, base: NodeJS.ProcessEnv): Promise<JobRun> {
  const wf = load(file, path.join(repo, '.github/workflows'));
  const job = wf.jobs[jobName]!;
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-gitops-runner-'));
  const githubEnv = path.join(files, 'env');
  const githubOutput = path.join(files, 'output');
  const summary = path.join(files, 'summary');
  const runnerTemp = path.join(files, 'temp');
  fs.mkdirSync(runnerTemp);
  for (const f of [githubEnv, githubOutput, summary]) fs.writeFileSync(f, '');
  const resolve = (value: string): string =>
    String(value).replace(/\$\{\{\s*(vars|secrets)\.(\w+)\s*\}\}/g, (_, __, name: string) => {
      if (!(name in values)) throw new Error(`the test has no value for ${name}`);
      return values[name]!;
    });
  const result: JobRun = { steps: [], code: 0, outputs: '', summary: '' };
  try {
    for (const step of job.steps) {
      if (!step.run || step.if || SKIPPED_STEPS.includes(step.name ?? '')) continue;
      const stepEnv: NodeJS.ProcessEnv = { ...base, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo, GITHUB_ENV: githubEnv, GITHUB_OUTPUT: githubOutput, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: runnerTemp };
      for (const scope of [wf.env, job.env, step.env]) for (const [k, v] of Object.entries(scope ?? {})) stepEnv[k] = resolve(v);
      for (const line of fs.readFileSync(githubEnv, 'utf8').split('\n')) {
        const m = /^(\w+)=(.*)$/.exec(line);
        if (m) stepEnv[m[1]!] = m[2];
      }
      const script = path.join(files, 'step.sh');
      fs.writeFileSync(script, step.run);
      const run = await bash(script, repo, stepEnv);
      result.steps.push({ name: step.name ?? step.id ?? '?', code: run.code, output: run.output });
      if (run.code !== 0 && !step['continue-on-error']) {
        result.code = run.code;
        break;
      }
    }
    result.outputs = fs.readFileSync(githubOutput, 'utf8');
    result.summary = fs.readFileSync(summary, 'utf8');
  } finally {
    fs.rmSync(files, { recursive: true, force: true });
  }
  return result;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

function expectSucceeded(job: JobRun): void {
  if (job.code !== 0) throw new Error(`the job failed:\n${job.steps.map((s) => `--- ${s.name} (exit ${s.code})\n${s.output}`).join('\n')}`);
}

let release: Release;
let stateServer: StateServer;
let mirror: StaticServer;
let lockFile: string;
const repos: string[] = [];

beforeAll(async () => {
  release = await testRelease();
  stateServer = await serveState();
  mirror = await serveStatic(release.dir, fs.mkdtempSync(path.join(os.tmpdir(), 'cms-gitops-mirror-tls-')));
  // The lock file a user commits: every platform, from the release (README, "Lock file").
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-gitops-lock-'));
  fs.writeFileSync(path.join(dir, 'versions.tf'), 'terraform {\n  required_providers {\n    cms = { source = "cms-iac/cms", version = "0.1.0" }\n  }\n}\n');
  const platforms = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'].map((p) => `-platform=${p}`);
  await new Terraform(dir, { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(dir, 'none') }).expect(['providers', 'lock', `-fs-mirror=${release.dir}`, ...platforms]);
  lockFile = fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

afterAll(async () => {
  await stateServer?.close();
  await mirror?.close();
  for (const repo of repos) fs.rmSync(repo, { recursive: true, force: true });
});

/**
 * A checkout of a user's repository: the workflows copied from examples/gitops, the CDKTF app at
 * the root (the lab example, with an http backend unless `localState`), the committed lock file
 * and the provider release in `providers/`; dependencies linked from this repository.
 */
function checkout(options: { localState?: boolean } = {}): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-gitops-repo-'));
  repos.push(repo);
  fs.cpSync(WORKFLOWS, path.join(repo, '.github/workflows'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ private: true, devDependencies: { 'cdktf-cli': '0.21.0' } }));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  const lab = (f: string): string => JSON.stringify(path.join(ROOT, 'examples', f));
  const state = `${stateServer.url}${STATE_NAME}`;
  fs.writeFileSync(
    path.join(repo, 'main.ts'),
    [
      "import { App, HttpBackend } from 'cdktf';",
      `import { nodeConnections } from ${lab('shared/environment')};`,
      `import { LabSingleServer } from ${lab('lab-single-server/stack')};`,
      '',
      "const [node] = nodeConnections({ cms1: 'https://cms1.example.com:445' });",
      'const app = new App();',
      "const stack = new LabSingleServer(app, 'lab-single-server', { node: node! });",
      options.localState ? '' : `new HttpBackend(stack, { address: '${state}', lockAddress: '${state}', unlockAddress: '${state}' });`,
      'app.synth();',
      '',
    ].join('\n'),
  );
  const cdktf = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/lab-single-server/cdktf.json'), 'utf8')) as Record<string, unknown>;
  cdktf.app = `node ${path.join(ROOT, 'scripts/run-ts.js')} main.ts`;
  fs.writeFileSync(path.join(repo, 'cdktf.json'), JSON.stringify(cdktf, null, 2));
  fs.writeFileSync(path.join(repo, '.terraform.lock.hcl'), lockFile);
  fs.cpSync(release.dir, path.join(repo, 'providers'), { recursive: true });
  return repo;
}

it('from a repository of its own: the plan, the apply on main and the drift checks run against the simulator with the released provider and remote state', async () => {
  const e = env();
  e.sim.reset();
  e.sim.setDirectory(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/lab-single-server/ldap-directory.json'), 'utf8')));
  const values: Record<string, string> = {
    CMS_PROVIDER_MIRROR: 'providers',
    CMS_URL: e.tfEnv.CMS_URL!,
    CMS_CA_BUNDLE: e.tfEnv.CMS_CA_BUNDLE!,
    CMS_MMP_USERNAME: 'admin',
    CMS_MMP_PASSWORD: 'admin',
    CMS_MMP_NODES: e.tfEnv.CMS_MMP_NODES!,
    LDAP_BIND_PASSWORD: BIND_PASSWORD,
    CMS_API_PASSWORD: API_PASSWORD,
  };
  // The runner's PATH (node, terraform, bash), no network but loopback, nothing else of ours.
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: os.tmpdir(), HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' };
  const stackDir = (repo: string): string => path.join(repo, 'cdktf.out/stacks/lab-single-server');
  let last: string | undefined;
  try {
    // A pull request: the plan shows everything to add, and its text is ready for the comment.
    const prRepo = checkout();
    const plan = await runJob('cms-plan.yml', 'plan', prRepo, values, base);
    expectSucceeded(plan);
    expect(plan.steps.map((s) => s.name)).toEqual(['Install the provider', 'Synthesize', 'Check the state backend', 'Terraform init', 'Terraform plan']);
    expect(plan.steps[0]!.output).toContain(`terraform-provider-cms comes from the filesystem_mirror ${fs.realpathSync(prRepo)}/providers`);
    expect(plan.steps[2]!.output).toContain('State: the http backend.');
    expect(plan.steps[3]!.output).toContain('Installed cms-iac/cms v0.1.0');
    expect(fs.readFileSync(path.join(stackDir(prRepo), '.terraform.lock.hcl'), 'utf8')).toBe(lockFile);
    expect(fs.readFileSync(path.join(stackDir(prRepo), 'plan-summary.txt'), 'utf8')).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\./);
    expect(fs.readFileSync(path.join(stackDir(prRepo), 'plan.txt'), 'utf8')).toMatch(/cms_cospace_template\.team-meeting_\w+ will be created/);
    expect(fs.readFileSync(path.join(stackDir(prRepo), 'plan.txt'), 'utf8')).not.toContain(BIND_PASSWORD);
    expect(await e.api.listAll('/coSpaceTemplates')).toEqual([]); // a plan changes nothing
    expect(stateServer.state(STATE_NAME)).toBeUndefined();

    // Merged to main, on a fresh runner: apply under the backend's lock, then the job's own check.
    const mainRepo = checkout();
    stateServer.requests.length = 0;
    const apply = await runJob('cms-apply.yml', 'apply', mainRepo, values, base);
    expectSucceeded(apply);
    expect(apply.steps.map((s) => s.name)).toEqual(['Install the provider', 'Synthesize', 'Check the state backend', 'Terraform init', 'Terraform plan', 'Terraform apply', 'Check that the server matches the code']);
    expect(apply.steps[5]!.output).toMatch(/Apply complete! Resources: \d+ added/);
    expect((await e.api.listAll('/coSpaceTemplates')).map((t) => t.values.name)).toEqual(['Team meeting']);
    expect(stateServer.requests).toEqual(expect.arrayContaining([`LOCK /${STATE_NAME}`, `POST /${STATE_NAME}`, `UNLOCK /${STATE_NAME}`]));
    expect(stateServer.state(STATE_NAME)?.toString()).toContain('cms_cospace_template');

    // The scheduled drift check on another fresh runner, the provider from a network mirror: the
    // state comes from the backend, so nothing is planned.
    const driftRepo = checkout();
    last = driftRepo;
    const httpsValues = { ...values, CMS_PROVIDER_MIRROR: mirror.url };
    const httpsBase = { ...base, SSL_CERT_FILE: mirror.caPath };
    const clean = await runJob('cms-drift.yml', 'drift', driftRepo, httpsValues, httpsBase);
    expectSucceeded(clean);
    expect(clean.steps[0]!.output).toContain(`terraform-provider-cms comes from the network_mirror ${mirror.url}`);
    expect(mirror.requests).toContain(`/registry.terraform.io/cms-iac/cms/terraform-provider-cms_0.1.0_linux_amd64.zip`);
    expect(clean.outputs).toContain('exitcode=0');
    expect(clean.summary).toMatch(/No drift/);

    // Someone changes the server by hand: the template's description in the API, NTP on the node.
    const [template] = await e.api.listAll('/coSpaceTemplates');
    await e.api.update(`/coSpaceTemplates/${template!.id}`, { description: 'changed by hand' });
    e.sim.runMmpCommand('cms1', 'ntp server add rogue.example.com');
    const drift = await runJob('cms-drift.yml', 'drift', driftRepo, httpsValues, httpsBase);
    expect(drift.code).toBe(2);
    expect(drift.steps.at(-1)!.name).toBe('Drift check');
    expect(drift.outputs).toContain('exitcode=2');
    expect(drift.steps.at(-1)!.output).toMatch(/::error title=Drift detected::/);
    expect(drift.summary).toMatch(/## Drift detected in `lab-single-server`/);
    expect(drift.summary).toMatch(/cms_cospace_template\.team-meeting_\w+ will be updated in-place/);
    expect(drift.summary).toMatch(/rogue\.example\.com/);
    expect(fs.existsSync(path.join(driftRepo, 'drift.txt'))).toBe(true); // what the issue step posts

    // An app that keeps local state is refused before Terraform runs, whatever the job.
    const localRepo = checkout({ localState: true });
    const refused = await runJob('cms-plan.yml', 'plan', localRepo, values, base);
    expect(refused.code).toBe(1);
    expect(refused.steps.map((s) => s.name)).toEqual(['Install the provider', 'Synthesize', 'Check the state backend']);
    expect(refused.steps[2]!.output).toMatch(/::error title=No remote state::The stack lab-single-server keeps its state in a local file\./);
  } finally {
    if (last && fs.existsSync(path.join(stackDir(last), '.terraform'))) {
      const cli = path.join(last, 'destroy.tfrc');
      fs.writeFileSync(cli, releaseCliConfig(release.dir));
      const destroyEnv: NodeJS.ProcessEnv = { ...base, ...e.tfEnv, TF_CLI_CONFIG_FILE: cli, TF_VAR_ldap_bind_password: BIND_PASSWORD, TF_VAR_api_password: API_PASSWORD };
      delete destroyEnv.TF_REATTACH_PROVIDERS; // the released provider, not the test's in-process one
      await new Terraform(stackDir(last), destroyEnv).run(['destroy', '-auto-approve', '-input=false', '-no-color']);
    }
  }
}, 300_000);
