/**
 * Shared steps of the example tests: run an example's configuration through terraform against
 * the simulator (init, plan, apply, empty plans with and without refresh, destroy).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Terraform } from './harness/terraform';
import type { PlannedChange } from './harness/terraform';

export const ROOT = path.resolve(__dirname, '../..');

/** Copies the *.tf files of a directory and its local modules (not .terraform, state or lock files). */
export function copyTerraformFiles(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.tf')) fs.copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
    else if (entry.isDirectory() && !entry.name.startsWith('.')) copyTerraformFiles(path.join(from, entry.name), path.join(to, entry.name));
  }
}

/** Plans (returning the planned changes), applies the saved plan, and insists both re-plans are empty. */
export async function applyAndConverge(tf: Terraform): Promise<PlannedChange[]> {
  await tf.expect(['plan', '-input=false', '-no-color', '-out=tfplan'], [0, 2]);
  const changes = await tf.planChanges('tfplan');
  await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
  await expectEmptyPlan(tf);
  return changes;
}

export async function expectEmptyPlan(tf: Terraform): Promise<void> {
  for (const args of [['-refresh=false'], []]) {
    const plan = await tf.run(['plan', ...args, '-detailed-exitcode', '-input=false', '-no-color']);
    if (plan.code !== 0) throw new Error(`the plan${args.length ? ` ${args.join(' ')}` : ''} after apply is not empty (exit ${plan.code}):\n${plan.stdout}${plan.stderr}`);
  }
}

/** Planned changes that do something (no-op and read left out), as `address: action,action`. */
export function actions(changes: PlannedChange[]): string[] {
  return changes
    .filter((c) => !['no-op', 'read'].includes(c.actions.join()))
    .map((c) => `${c.address}: ${c.actions.join(',')}`)
    .sort();
}
