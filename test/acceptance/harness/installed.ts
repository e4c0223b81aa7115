/**
 * The provider as users install it: the release (npm run release, built once per test run) as a
 * filesystem mirror, found by `terraform init` and started by Terraform itself, several
 * processes per command.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { releaseCliConfig, testRelease } from '../../../scripts/release/build';
import { Terraform } from './terraform';

export interface InstalledProvider {
  /** A temporary directory holding the build, the mirror and every workspace. */
  root: string;
  /** Environment for terraform: the mirror's CLI configuration, no network, no prompts. */
  env: NodeJS.ProcessEnv;
}

export async function installForTest(prefix: string): Promise<InstalledProvider> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const release = await testRelease();
  const cliConfig = path.join(root, 'cli.tfrc');
  fs.writeFileSync(cliConfig, releaseCliConfig(release.dir));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    TMPDIR: os.tmpdir(),
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  return { root, env };
}

export const PROVIDERS_TF = 'terraform {\n  required_providers {\n    cms = { source = "cms-iac/cms" }\n  }\n}\n';

/** A new workspace with the configuration written and `terraform init` done. */
export async function initWorkspace(installed: InstalledProvider, env: NodeJS.ProcessEnv, config: string): Promise<Terraform> {
  const dir = fs.mkdtempSync(path.join(installed.root, 'ws-'));
  fs.writeFileSync(path.join(dir, 'providers.tf'), PROVIDERS_TF);
  fs.writeFileSync(path.join(dir, 'main.tf'), config);
  const tf = new Terraform(dir, { ...installed.env, ...env });
  await tf.expect(['init', '-input=false', '-no-color']);
  return tf;
}
