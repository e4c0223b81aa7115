/**
 * Running the real terraform binary from protocol tests. Always asynchronous: in reattach mode the
 * provider is served by this very process, so blocking it (spawnSync) would deadlock Terraform.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseJsonPreservingNumbers } from '../../provider/src/plugin/json-value';

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class TerraformWorkspace {
  readonly dir: string;

  constructor(
    readonly env: NodeJS.ProcessEnv,
    parent: string,
  ) {
    this.dir = fs.mkdtempSync(path.join(parent, 'ws-'));
  }

  write(file: string, content: string): void {
    fs.writeFileSync(path.join(this.dir, file), content);
  }

  run(...args: string[]): Promise<TerraformResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('terraform', [...args], { cwd: this.dir, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** Runs a command that must exit with `expected`, failing with Terraform's output otherwise. */
  async expect(expected: number, ...args: string[]): Promise<TerraformResult> {
    const res = await this.run(...args);
    if (res.code !== expected) {
      throw new Error(`terraform ${args.join(' ')} exited ${res.code}, expected ${expected}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`);
    }
    return res;
  }

  /** `terraform show -json [planfile]`, parsed without losing big numbers. */
  async showJson(planFile?: string): Promise<ShowJson> {
    const res = await this.expect(0, 'show', '-json', ...(planFile ? [planFile] : []));
    return parseJsonPreservingNumbers(res.stdout) as unknown as ShowJson;
  }
}

export interface ShowJson {
  values?: { outputs?: Record<string, { value: unknown }>; root_module: { resources?: StateResource[] } };
  resource_changes?: { address: string; change: { actions: string[]; importing?: { id: string }; after_unknown?: Record<string, unknown> } }[];
}

export interface StateResource {
  address: string;
  values: Record<string, unknown>;
}

export function resource(show: ShowJson, address: string): StateResource | undefined {
  return show.values?.root_module.resources?.find((r) => r.address === address);
}

/** Environment shared by all tests: no update checks, no prompts, no colours, a private config. */
export function terraformEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', NO_COLOR: '1', ...extra };
  delete env.TF_LOG;
  delete env.TF_REATTACH_PROVIDERS;
  return { ...env, ...extra };
}

export function tempRoot(prefix: string): string {
  // Short: provider sockets go under it, and unix socket paths are limited to ~100 bytes.
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const PROVIDER_BLOCK = `
terraform {
  required_providers {
    cms = { source = "cms-iac/cms", version = "0.1.0" }
  }
}
`;
