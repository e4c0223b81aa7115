/**
 * Running the real terraform binary for the demo: find it (with an install hint when it is
 * missing), run commands with their output passed on line by line, and read saved plans.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { DemoError } from './reporter';

export const INSTALL_HINT = [
  'Install Terraform 1.5 or later (1.11 is what this project is tested with) and put it on your PATH:',
  '  https://developer.hashicorp.com/terraform/install',
  '  macOS:  brew tap hashicorp/tap && brew install hashicorp/tap/terraform',
  '  Linux:  your distribution\'s HashiCorp repository (apt/dnf install terraform), or unzip the',
  '          release for your platform into a directory on your PATH (for example ~/.local/bin)',
  'Then check with `terraform version` and run `npm run demo` again.',
].join('\n');

export interface TerraformResult {
  code: number;
  /** stdout and stderr interleaved, as printed. */
  output: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called with each complete output line (stdout and stderr). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called with the terraform process once started (to wait for it on an interrupt). */
  onStart?: (child: ChildProcess) => void;
}

/** Runs `terraform <args>`; never rejects for a non-zero exit, only when it cannot start. */
export function runTerraform(args: string[], options: RunOptions): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    options.onStart?.(child);
    let output = '';
    const splitter = (stream: 'stdout' | 'stderr') => {
      let pending = '';
      return {
        data(chunk: Buffer) {
          const text = chunk.toString();
          output += text;
          pending += text;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) options.onLine?.(line.replace(/\r$/, ''), stream);
        },
        end() {
          if (pending) options.onLine?.(pending, stream);
          pending = '';
        },
      };
    };
    const out = splitter('stdout');
    const err = splitter('stderr');
    child.stdout.on('data', out.data);
    child.stderr.on('data', err.data);
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new DemoError('terraform was not found on your PATH.', { hint: INSTALL_HINT, cause: e }));
      else reject(new DemoError(`terraform could not be started: ${e.message}`, { cause: e }));
    });
    child.on('close', (code) => {
      out.end();
      err.end();
      resolve({ code: code ?? -1, output });
    });
  });
}

/** The installed terraform's version, or a DemoError saying how to install it. */
export async function terraformVersion(env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const r = await runTerraform(['version', '-json'], { cwd, env });
  if (r.code !== 0) throw new DemoError(`\`terraform version\` failed (exit ${r.code}).`, { details: r.output, hint: INSTALL_HINT });
  let version: string | undefined;
  try {
    version = (JSON.parse(r.output) as { terraform_version?: string }).terraform_version;
  } catch {
    version = /Terraform v(\d+\.\d+\.\d+)/.exec(r.output)?.[1];
  }
  if (!version) throw new DemoError('Could not tell which Terraform version is installed.', { details: r.output, hint: INSTALL_HINT });
  const [major, minor] = version.split('.').map(Number);
  if (major! < 1 || (major === 1 && minor! < 5)) {
    throw new DemoError(`Terraform ${version} is too old for this demo (it needs 1.5 or later).`, { hint: INSTALL_HINT });
  }
  return version;
}

/** The last lines of some output, for error messages. */
export function tail(text: string, lines = 40): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return (all.length > lines ? ['…', ...all.slice(-lines)] : all).join('\n');
}

export interface ResourceChange {
  address: string;
  type: string;
  actions: string[];
}

/** Resource changes of a saved plan (`terraform show -json <plan>`). */
export async function planChanges(planFile: string, options: RunOptions): Promise<ResourceChange[]> {
  const r = await runTerraform(['show', '-json', planFile], { cwd: options.cwd, env: options.env });
  if (r.code !== 0) throw new DemoError(`terraform show -json ${planFile} failed (exit ${r.code}).`, { details: tail(r.output) });
  const plan = JSON.parse(r.output) as { resource_changes?: Array<{ address: string; type: string; change: { actions: string[] } }> };
  return (plan.resource_changes ?? []).map((c) => ({ address: c.address, type: c.type, actions: c.change.actions }));
}

/** `+ create`, `~ update`, `-/+ replace`, `- delete`, `<= read`. */
export function actionSymbol(actions: string[]): string {
  const a = actions.join(',');
  if (a === 'create') return '+';
  if (a === 'update') return '~';
  if (a === 'delete') return '-';
  if (a === 'delete,create' || a === 'create,delete') return '-/+';
  if (a === 'read') return '<=';
  return ' ';
}

/**
 * Waits for a terraform process to finish after an interrupt; ends it if it takes longer than
 * `graceMs`. Terraform stops gracefully on one SIGINT (a second makes it quit at once): a
 * terminal's Ctrl-C already sent it one, so `forward` only when the demo alone was signalled.
 */
export function waitForExit(child: ChildProcess, forward: boolean, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    child.once('close', () => {
      timers.forEach(clearTimeout);
      resolve();
    });
    if (forward) child.kill('SIGINT');
    timers.push(setTimeout(() => child.kill('SIGTERM'), graceMs));
    timers.push(setTimeout(() => child.kill('SIGKILL'), graceMs + 5_000));
  });
}
