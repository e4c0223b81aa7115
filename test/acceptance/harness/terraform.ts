/**
 * Runs the real terraform binary in a working directory. Always asynchronous: in reattach mode
 * the provider runs inside this very process, so blocking the event loop would deadlock it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunningTerraform {
  child: ChildProcess;
  done: Promise<RunResult>;
}

export interface PlannedChange {
  address: string;
  actions: string[];
  importing: boolean;
}

export interface StateResource {
  address: string;
  type: string;
  values: Record<string, unknown>;
}

export class Terraform {
  constructor(
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return this.start(args, env).done;
  }

  /** Starts terraform and returns at once: the process (to signal it) and its outcome. */
  start(args: string[], env: NodeJS.ProcessEnv = {}): RunningTerraform {
    const child = spawn('terraform', args, { cwd: this.dir, env: { ...this.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const done = new Promise<RunResult>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : -1), stdout, stderr }));
    });
    return { child, done };
  }

  /** Runs and insists on one of the given exit codes, showing terraform's output otherwise. */
  async expect(args: string[], codes: number[] = [0], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    const r = await this.run(args, env);
    if (!codes.includes(r.code)) {
      throw new Error(`terraform ${args.join(' ')} exited ${r.code} (expected ${codes.join(' or ')})\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    }
    return r;
  }

  writeConfig(hcl: string): void {
    for (const f of fs.readdirSync(this.dir)) if (f.endsWith('.tf') && f !== 'providers.tf') fs.rmSync(path.join(this.dir, f));
    fs.writeFileSync(path.join(this.dir, 'main.tf'), hcl);
  }

  /** The changes a saved plan would make, from `terraform show -json`. */
  async planChanges(planFile: string): Promise<PlannedChange[]> {
    const r = await this.expect(['show', '-json', planFile]);
    const plan = JSON.parse(r.stdout) as { resource_changes?: Array<{ address: string; change: { actions: string[]; importing?: unknown } }> };
    return (plan.resource_changes ?? []).map((c) => ({ address: c.address, actions: c.change.actions, importing: c.change.importing !== undefined }));
  }

  async state(): Promise<StateResource[]> {
    const r = await this.expect(['show', '-json']);
    const doc = JSON.parse(r.stdout) as { values?: { root_module?: { resources?: StateResource[] } } };
    return doc.values?.root_module?.resources ?? [];
  }

  async resource(address: string): Promise<Record<string, unknown>> {
    const found = (await this.state()).find((r) => r.address === address);
    if (!found) throw new Error(`${address} is not in the state`);
    return found.values;
  }
}
