/**
 * examples/gitops: the GitHub Actions workflows are valid YAML with the expected triggers, jobs
 * and steps; and the commands their jobs run (every `run:` step after the dependency and
 * provider installation) work against a simulated Meeting Server, in order, as the runner would
 * run them: the pull request plan, the apply on main, and the drift check, which passes when the
 * server matches the code and fails after a change made behind Terraform's back.
 *
 * js-yaml (a dev dependency) reads the workflows.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useAcceptanceEnv } from './harness/acceptance';
import { Terraform } from './harness/terraform';
import { ROOT } from './examples-support';

const yaml = require('js-yaml') as { safeLoad(text: string): unknown };

const WORKFLOWS = path.join(ROOT, 'examples/gitops/.github/workflows');
const SETUP_STEPS = ['Install dependencies', 'Install the provider'];

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

function load(file: string): Workflow {
  return yaml.safeLoad(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Workflow;
}

const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n');

describe('workflow files', () => {
  it('are the three pipelines, valid YAML, with pinned actions and no expressions inside shell scripts', () => {
    expect(fs.readdirSync(WORKFLOWS).sort()).toEqual(['cms-apply.yml', 'cms-drift.yml', 'cms-plan.yml']);
    for (const file of fs.readdirSync(WORKFLOWS)) {
      const wf = load(file);
      expect(typeof wf.name).toBe('string');
      expect(wf.defaults?.run?.shell).toBe('bash'); // bash -eo pipefail on the runner
      for (const [name, job] of Object.entries(wf.jobs)) {
        expect({ file, name, runsOn: job['runs-on'] }).toEqual({ file, name, runsOn: 'ubuntu-latest' });
        for (const step of job.steps) {
          expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
          if (step.uses && !step.uses.startsWith('./')) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
          // Values reach scripts through env, never spliced into them (no script injection).
          if (step.run) expect({ file, step: step.name, run: step.run }).not.toEqual(expect.objectContaining({ run: expect.stringContaining('${{') }));
        }
        // github-script bodies are the body of an async function: they must at least parse.
        const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
        for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/github-script@'))) {
          expect(() => new AsyncFunction('require', 'github', 'context', 'core', String(step.with?.script))).not.toThrow();
        }
        const names = job.steps.map((s) => s.name);
        expect(names).toEqual(expect.arrayContaining([...SETUP_STEPS, 'Synthesize', 'Terraform init']));
        expect(job.steps.some((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))).toBe(true);
        expect(job.env?.CMS_PASSWORD).toBe('${{ secrets.CMS_PASSWORD }}');
        expect(job.env?.TF_VAR_ldap_bind_password).toBe('${{ secrets.LDAP_BIND_PASSWORD }}');
      }
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
// The jobs' commands against the simulator.

const env = useAcceptanceEnv({ mmp: true });
const BIND_PASSWORD = 'gitops-Bind-Secret-8830';

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
 * Runs a job's shell steps in `repo` the way the runner does: workflow, job and step env (vars
 * and secrets taken from `values`), bash -eo pipefail, GITHUB_ENV/OUTPUT/STEP_SUMMARY files,
 * stopping at the first failing step unless it may fail. Steps with `uses:` or an `if:` and the
 * installation steps are skipped; the test supplies the provider and the dependencies.
 */
async function runJob(wf: Workflow, jobName: string, repo: string, values: Record<string, string>, base: NodeJS.ProcessEnv): Promise<JobRun> {
  const job = wf.jobs[jobName]!;
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-gitops-runner-'));
  const githubEnv = path.join(files, 'env');
  const githubOutput = path.join(files, 'output');
  const summary = path.join(files, 'summary');
  for (const f of [githubEnv, githubOutput, summary]) fs.writeFileSync(f, '');
  const resolve = (value: string): string =>
    String(value).replace(/\$\{\{\s*(vars|secrets)\.(\w+)\s*\}\}/g, (_, __, name: string) => {
      if (!(name in values)) throw new Error(`the test has no value for ${name}`);
      return values[name]!;
    });
  const result: JobRun = { steps: [], code: 0, outputs: '', summary: '' };
  for (const step of job.steps) {
    if (!step.run || step.if || SETUP_STEPS.includes(step.name ?? '')) continue;
    const stepEnv: NodeJS.ProcessEnv = { ...base, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo, GITHUB_ENV: githubEnv, GITHUB_OUTPUT: githubOutput, GITHUB_STEP_SUMMARY: summary };
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
  fs.rmSync(files, { recursive: true, force: true });
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

/** A repository as a user would have it: the CDKTF app at the root, dependencies installed. */
function userRepository(): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-gitops-repo-'));
  fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ private: true, devDependencies: { 'cdktf-cli': '0.21.0' } }));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  const cdktf = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/lab-single-server/cdktf.json'), 'utf8')) as Record<string, unknown>;
  cdktf.app = `node ${path.join(ROOT, 'scripts/run-ts.js')} ${path.join(ROOT, 'examples/lab-single-server/main.ts')}`;
  fs.writeFileSync(path.join(repo, 'cdktf.json'), JSON.stringify(cdktf, null, 2));
  return repo;
}

it('the pull request plan, the apply on main and the drift check run against the simulator; drift fails the check', async () => {
  const e = env();
  e.sim.reset();
  e.sim.setDirectory(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/lab-single-server/ldap-directory.json'), 'utf8')));
  const repo = userRepository();
  const values: Record<string, string> = {
    CMS_URL: e.tfEnv.CMS_URL!,
    CMS_USERNAME: 'admin',
    CMS_PASSWORD: 'admin',
    CMS_CA_BUNDLE: e.tfEnv.CMS_CA_BUNDLE!,
    CMS_MMP_USERNAME: 'admin',
    CMS_MMP_PASSWORD: 'admin',
    CMS_MMP_NODES: e.tfEnv.CMS_MMP_NODES!,
    LDAP_BIND_PASSWORD: BIND_PASSWORD,
  };
  // The runner's PATH (node, terraform, bash) and the in-process provider, nothing else of ours.
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: os.tmpdir(), TF_REATTACH_PROVIDERS: e.tfEnv.TF_REATTACH_PROVIDERS, TF_CLI_CONFIG_FILE: e.tfEnv.TF_CLI_CONFIG_FILE };
  const stackDir = path.join(repo, 'cdktf.out/stacks/lab-single-server');
  try {
    // A pull request: the plan shows everything to add, and its text is ready for the comment.
    const plan = await runJob(load('cms-plan.yml'), 'plan', repo, values, base);
    expectSucceeded(plan);
    expect(plan.steps.map((s) => s.name)).toEqual(['Synthesize', 'Terraform init', 'Terraform plan']);
    expect(fs.readFileSync(path.join(stackDir, 'plan-summary.txt'), 'utf8')).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\./);
    expect(fs.readFileSync(path.join(stackDir, 'plan.txt'), 'utf8')).toMatch(/cms_cospace_template\.team-meeting_\w+ will be created/);
    expect(fs.readFileSync(path.join(stackDir, 'plan.txt'), 'utf8')).not.toContain(BIND_PASSWORD);
    expect(await e.api.listAll('/coSpaceTemplates')).toEqual([]); // a plan changes nothing

    // Merged to main: apply, and the job's own check that the server matches.
    const apply = await runJob(load('cms-apply.yml'), 'apply', repo, values, base);
    expectSucceeded(apply);
    expect(apply.steps.map((s) => s.name)).toEqual(['Synthesize', 'Terraform init', 'Terraform plan', 'Terraform apply', 'Check that the server matches the code']);
    expect(apply.steps[3]!.output).toMatch(/Apply complete! Resources: \d+ added/);
    expect((await e.api.listAll('/coSpaceTemplates')).map((t) => t.values.name)).toEqual(['Team meeting']);

    // The scheduled drift check: nothing changed, so it passes.
    const clean = await runJob(load('cms-drift.yml'), 'drift', repo, values, base);
    expectSucceeded(clean);
    expect(clean.outputs).toContain('exitcode=0');
    expect(clean.summary).toMatch(/No drift/);

    // Someone changes the server by hand: the template's description in the API, NTP on the node.
    const [template] = await e.api.listAll('/coSpaceTemplates');
    await e.api.update(`/coSpaceTemplates/${template!.id}`, { description: 'changed by hand' });
    e.sim.runMmpCommand('cms1', 'ntp server add rogue.example.com');
    const drift = await runJob(load('cms-drift.yml'), 'drift', repo, values, base);
    expect(drift.code).toBe(2);
    expect(drift.steps.at(-1)!.name).toBe('Drift check');
    expect(drift.outputs).toContain('exitcode=2');
    expect(drift.steps.at(-1)!.output).toMatch(/::error title=Drift detected::/);
    expect(drift.summary).toMatch(/## Drift detected in `lab-single-server`/);
    expect(drift.summary).toMatch(/cms_cospace_template\.team-meeting_\w+ will be updated in-place/);
    expect(drift.summary).toMatch(/rogue\.example\.com/);
    expect(fs.existsSync(path.join(repo, 'drift.txt'))).toBe(true); // what the issue step posts
  } finally {
    const tf = new Terraform(stackDir, { ...base, CHECKPOINT_DISABLE: '1', TF_VAR_ldap_bind_password: BIND_PASSWORD });
    if (fs.existsSync(path.join(stackDir, '.terraform'))) await tf.run(['destroy', '-auto-approve', '-input=false', '-no-color']);
    fs.rmSync(repo, { recursive: true, force: true });
  }
}, 150_000);
