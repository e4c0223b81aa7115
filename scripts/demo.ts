/**
 * `npm run demo`: the whole project in one run, offline.
 *
 *  1. checks that terraform is on the PATH;
 *  2. starts a simulated Meeting Server in this process (REST API over HTTPS, MMP over SSH);
 *  3. builds the provider release and installs it from that folder as a filesystem mirror, as users do;
 *  4. synthesizes the CDKTF app examples/lab-single-server;
 *  5-7. runs terraform init, plan and apply with the installed provider;
 *  8. shows what the server now holds (API collections and the node's MMP settings);
 *  9. plans again: the plan must be empty;
 * 10. stops the simulator and removes its temporary files.
 *
 *   npm run demo                         the lab-single-server app
 *   npm run demo -- --keep               keep the working directory (stack, state, provider mirror)
 *   npm run demo -- --verbose            show terraform's full output
 *   npm run demo -- --example cdktf-basic
 *   npm run demo -- --version
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CmsClient } from '../provider/src/cms/client';
import { MmpClient } from '../provider/src/cms/mmp';
import { PROVIDER_SOURCE, PROVIDER_VERSION } from '../provider/src/version';
import { startCluster } from '../simulator/src';
import type { Simulator } from '../simulator/src';
import { EXAMPLES, ldapDirectory, providerEnv, synthesize, terraformEnv } from './demo/examples';
import type { ExampleApp } from './demo/examples';
import { formatInventory, readApiInventory, readNodeInventory } from './demo/inventory';
import { DemoError, Reporter } from './demo/reporter';
import type { Output } from './demo/reporter';
import type { ChildProcess } from 'node:child_process';
import { actionSymbol, planChanges, runTerraform, tail, terraformVersion, waitForExit } from './demo/terraform';
import type { TerraformResult } from './demo/terraform';
import { terraformPlatform } from './provider-package';
import { buildRelease, releaseCliConfig } from './release/build';

const USAGE = `Usage: npm run demo [-- options]

Starts a simulated Meeting Server, installs the provider, synthesizes examples/lab-single-server
and converges it with terraform (init, plan, apply), shows what the server holds, checks that a
second plan is empty, then stops and cleans up. Needs Node.js 20 and Terraform on the PATH; no network.

Options:
  --keep              keep the working directory (synthesized stack, terraform state, provider
                      mirror, simulator state) and print where it is
  --verbose           show terraform's full output instead of a summary
  --example <name>    converge another CDKTF example (${Object.keys(EXAMPLES).join(', ')})
  --version           print the version (of cms-iac and the provider it installs)
  --help              this text
`;

export interface DemoOptions {
  /** Where progress goes (default stdout). */
  out?: Output;
  /** Colours (default: when stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** The environment terraform starts from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

interface Parsed {
  keep: boolean;
  verbose: boolean;
  example: string;
  help: boolean;
  version: boolean;
}

function parseArgs(args: string[]): Parsed {
  const parsed: Parsed = { keep: false, verbose: false, example: 'lab-single-server', help: false, version: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--keep') parsed.keep = true;
    else if (a === '--verbose' || a === '-v') parsed.verbose = true;
    else if (a === '--help' || a === '-h') parsed.help = true;
    else if (a === '--version') parsed.version = true;
    else if (a === '--example') parsed.example = args[++i] ?? '';
    else if (a?.startsWith('--example=')) parsed.example = a.slice('--example='.length);
    else throw new DemoError(`Unknown option ${a}.`, { hint: USAGE });
  }
  if (!EXAMPLES[parsed.example]) throw new DemoError(`There is no example named "${parsed.example}".`, { hint: `Choose one of: ${Object.keys(EXAMPLES).join(', ')}` });
  return parsed;
}

const TOTAL_STEPS = 10;

export async function main(args: string[], options: DemoOptions = {}): Promise<number> {
  const out = options.out ?? process.stdout;
  const color = options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR && out === process.stdout);
  let parsed: Parsed;
  try {
    parsed = parseArgs(args);
  } catch (err) {
    new Reporter(out, TOTAL_STEPS).fail(err);
    return 2;
  }
  if (parsed.help) {
    out.write(USAGE);
    return 0;
  }
  if (parsed.version) {
    out.write(`cms-iac demo ${PROVIDER_VERSION} (terraform-provider-cms ${PROVIDER_VERSION})\n`);
    return 0;
  }
  const app = EXAMPLES[parsed.example]!;
  const r = new Reporter(out, TOTAL_STEPS, { color });
  const demo = new Demo(app, r, parsed, options.env ?? process.env);
  const onSignal = (signal: NodeJS.Signals) => {
    out.write('\nInterrupted: waiting for terraform to stop, then stopping the simulator and cleaning up.\n');
    // Ctrl-C reaches terraform too (same process group); SIGTERM was meant for the demo alone.
    void demo.interrupt(signal !== 'SIGINT').finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await demo.run();
    return 0;
  } catch (err) {
    if (demo.interrupted) return 130; // the signal handler reports and exits
    r.fail(err);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await demo.cleanup();
  }
}

class Demo {
  private readonly work: string;
  private sim: Simulator | undefined;
  private cleaned = false;
  /** Set on Ctrl-C (or SIGTERM): the step that fails because of it is not reported as a failure. */
  interrupted = false;
  /** The terraform process running now, if any. */
  private running: ChildProcess | undefined;
  private readonly secrets: Record<string, string> = {};

  constructor(
    private readonly app: ExampleApp,
    private readonly r: Reporter,
    private readonly opts: Parsed,
    private readonly baseEnv: NodeJS.ProcessEnv,
  ) {
    this.work = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-demo-'));
    // Demo values for the app's secrets, fresh each run: they must reach the server but never
    // the synthesized JSON.
    for (const name of Object.keys(app.secrets)) this.secrets[name] = `demo-${crypto.randomBytes(12).toString('base64url')}`;
  }

  async run(): Promise<void> {
    const { r, app } = this;
    r.heading(`cms-iac demo: converge examples/${app.name} against a simulated Meeting Server`);

    // 1. Terraform ---------------------------------------------------------------------------
    r.step(1, 'Checking for Terraform');
    const version = await terraformVersion(terraformEnv({}, this.baseEnv), this.work);
    r.info(`Terraform ${version}${whichTerraform(this.baseEnv) ? ` (${whichTerraform(this.baseEnv)})` : ''}`);
    r.done();

    // 2. Simulator ---------------------------------------------------------------------------
    const blank = app.blank !== undefined;
    r.step(2, `Starting the simulated Meeting Server (${app.nodes.length === 1 ? 'one node' : `${app.nodes.length} nodes`}${blank ? ', blank' : ''}, API over HTTPS, MMP over SSH)`);
    const simDir = path.join(this.work, 'simulator');
    const directory = ldapDirectory(app);
    const sim = await startCluster({ nodes: app.nodes, port: 0, ssh: true, blank, stateDir: simDir, statePath: path.join(simDir, 'state.json'), ...(directory ? { directory } : {}) });
    this.sim = sim;
    for (const node of sim.nodes) {
      r.info(`${node.name}  API ${node.url}/api/v1   MMP ssh -p ${node.ssh!.port} admin@127.0.0.1`);
      r.info(`${' '.repeat(node.name.length)}  host key ${node.ssh!.hostKeyFingerprint}`);
    }
    r.info(`credentials admin/admin, CA ${path.relative(this.work, sim.caPath)} (in the working directory)`);
    if (blank) r.info('blank: no API user, no certificates, Web Admin (and so the API) off until the app brings them up over the MMP');
    if (directory) r.info(`LDAP directory: ${directory.length} entries from examples/${app.name}/${app.directory}`);
    r.done();

    // 3. Provider ----------------------------------------------------------------------------
    r.step(3, `Building the provider release ${PROVIDER_SOURCE} ${PROVIDER_VERSION} and installing it from a filesystem mirror`);
    const release = await buildRelease({ outDir: path.join(this.work, 'provider/release') });
    const cliConfig = path.join(this.work, 'provider/terraform.tfrc');
    fs.writeFileSync(cliConfig, releaseCliConfig(release.dir));
    const archive = release.archives.find((a) => a.platform === terraformPlatform()) ?? release.archives[0]!;
    r.info(`release: ${path.relative(this.work, path.join(release.packageDir, archive.file))} (${release.archives.length} platforms, ${archive.h1})`);
    r.info(`TF_CLI_CONFIG_FILE=${path.relative(this.work, cliConfig)}: ${PROVIDER_SOURCE} from the release folder, nothing from the network`);
    r.done();

    // 4. Synth -------------------------------------------------------------------------------
    r.step(4, `Synthesizing the CDKTF app examples/${app.name}`);
    // The app reads where the node is (CMS_URL, CMS_MMP_NODES) when it is synthesized; the
    // credentials are read by the provider when terraform runs.
    const synth = await synthesize(app, path.join(this.work, 'cdktf.out'), { ...this.baseEnv, ...providerEnv(sim) });
    r.info(`${path.relative(this.work, synth.stackDir)}/cdk.tf.json: ${synth.resources} resources`);
    const leaked = Object.entries(this.secrets).filter(([, v]) => synth.json.includes(v));
    if (leaked.length) throw new DemoError(`A secret (${leaked.map(([k]) => k).join(', ')}) appears in cdk.tf.json.`);
    for (const [name, what] of Object.entries(app.secrets)) r.info(`${what}: from ${name} at plan time, not in cdk.tf.json`);
    r.done();

    const env = terraformEnv({ TF_CLI_CONFIG_FILE: cliConfig, ...providerEnv(sim), ...this.secrets }, this.baseEnv);
    // Construct paths read better than CDKTF's resource names (the type stays in the summary).
    const label = (address: string) => synth.paths.get(address) ?? address;
    const relabel = (line: string) => (this.opts.verbose ? line : line.replace(/^([\w-]+\.[\w-]+)(?=: )/, (a) => label(a)));
    const tf = (args: string[], show: (line: string) => boolean): Promise<TerraformResult> =>
      runTerraform(args, {
        cwd: synth.stackDir,
        env,
        onStart: (child) => (this.running = child),
        onLine: (line) => (this.opts.verbose || show(line)) && line.trim() !== '' && r.quote(relabel(line)),
      });
    const must = async (label: string, result: TerraformResult): Promise<TerraformResult> => {
      if (result.code !== 0) throw new DemoError(`${label} failed (exit ${result.code}).`, { details: tail(result.output) });
      return result;
    };

    // 5. init --------------------------------------------------------------------------------
    r.step(5, 'terraform init');
    await must('terraform init', await tf(['init', '-input=false', '-no-color'], (l) => /Installing|Installed|successfully initialized/.test(l)));
    r.done();

    // 6. plan --------------------------------------------------------------------------------
    r.step(6, 'terraform plan');
    const plan = await must('terraform plan', await tf(['plan', '-input=false', '-no-color', '-out=tfplan'], (l) => /^(Warning|Error):/.test(l)));
    const changes = (await planChanges('tfplan', { cwd: synth.stackDir, env })).filter((c) => c.actions.join() !== 'no-op');
    if (!this.opts.verbose) {
      changes.sort((a, b) => label(a.address).localeCompare(label(b.address)));
      const width = Math.min(60, Math.max(...changes.map((c) => label(c.address).length)));
      for (const c of changes) r.quote(`${actionSymbol(c.actions).padEnd(3)} ${label(c.address).padEnd(width)}  ${r.dim(c.type)}`);
    }
    const planLine = /Plan: .*\./.exec(plan.output)?.[0] ?? 'No changes.';
    r.quote(planLine);
    r.done(`${changes.length} changes planned`);

    // 7. apply -------------------------------------------------------------------------------
    r.step(7, 'terraform apply');
    const apply = await must('terraform apply', await tf(['apply', '-input=false', '-no-color', 'tfplan'], (l) => /complete after|Apply complete|^(Warning|Error):/.test(l)));
    const outputs = await runTerraform(['output', '-json'], { cwd: synth.stackDir, env });
    if (outputs.code === 0) {
      for (const [name, o] of Object.entries(JSON.parse(outputs.output) as Record<string, { value: unknown; sensitive: boolean }>)) {
        r.quote(`output ${name} = ${o.sensitive ? '(sensitive)' : JSON.stringify(o.value)}`);
      }
    }
    r.done(/Apply complete! (.*)/.exec(apply.output)?.[1]?.replace(/\.$/, '') ?? undefined);

    // 8. inventory ---------------------------------------------------------------------------
    r.step(8, 'What the Meeting Server holds now (read back over the REST API and the MMP)');
    // The API as the app left it: through the account it made, on a blank node.
    const apiUser = app.blank ? { username: app.blank.apiUser, password: this.secrets[app.blank.apiPasswordSecret]! } : { username: 'admin', password: 'admin' };
    const api = new CmsClient({ url: sim.url, ...apiUser, caBundle: sim.caPem, retries: 1 });
    const mmp = sim.nodes.map((n) => ({
      name: n.name,
      mmp: new MmpClient({ host: '127.0.0.1', port: n.ssh!.port, username: 'admin', password: 'admin', hostKeyFingerprint: n.ssh!.hostKeyFingerprint }),
    }));
    try {
      const sections = [...(await readApiInventory(api)), ...(await readNodeInventory(mmp))];
      r.info(formatInventory(sections));
      r.info(r.dim(`(the simulator enacts Web Admin on or off, and MMP users, but keeps its API on the port it started with)`));
    } finally {
      await api.close();
      for (const m of mmp) await m.mmp.close();
    }
    r.done();

    // 9. second plan -------------------------------------------------------------------------
    r.step(9, 'terraform plan again (-detailed-exitcode: 0 = no changes, 2 = changes)');
    const again = await tf(['plan', '-input=false', '-no-color', '-detailed-exitcode'], (l) => /^No changes|^Plan:|^(Warning|Error):/.test(l));
    if (again.code === 2) throw new DemoError('The second plan is not empty: the server does not match the configuration after apply.', { details: tail(again.output, 80) });
    await must('terraform plan', again);
    r.done('the second plan is empty (exit code 0): the server matches the configuration');

    // 10. clean up ----------------------------------------------------------------------------
    r.step(10, 'Stopping the simulator and cleaning up');
    await this.cleanup();
    if (this.opts.keep) {
      r.info(`kept ${this.work}:`);
      r.info(`  cdktf.out/stacks/${app.stack}   the synthesized stack, .terraform and terraform.tfstate`);
      r.info('  provider/                         the provider release (a mirror) and terraform.tfrc');
      r.info('  simulator/state.json              the simulated server (npx cms-simulator --state <it> --state-dir <its dir> --ssh)');
    } else {
      r.info('simulator stopped; temporary files removed (run with --keep to keep them)');
    }
    r.done();
    r.heading(`Demo complete in ${r.elapsed()}: examples/${app.name} converged and the second plan was empty.`);
  }

  /** Ctrl-C: let terraform stop (the simulator must outlive it), then clean up. */
  async interrupt(forward: boolean): Promise<void> {
    this.interrupted = true;
    if (this.running) await waitForExit(this.running, forward);
    await this.cleanup();
  }

  async cleanup(): Promise<void> {
    if (this.cleaned) return;
    this.cleaned = true;
    const sim = this.sim;
    this.sim = undefined;
    if (sim) await sim.stop().catch(() => undefined);
    if (!this.opts.keep) fs.rmSync(this.work, { recursive: true, force: true });
  }
}

/** Where terraform is on the PATH, if it is. */
function whichTerraform(env: NodeJS.ProcessEnv): string | undefined {
  const names = process.platform === 'win32' ? ['terraform.exe'] : ['terraform'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
