/**
 * What the export says when it is done: per type what was found, exported and left out (and
 * why), the rules the server already breaks, the secrets to give, and what to run next. The
 * same facts go to the terminal, to README.md in the output directory and, for tools, to
 * cms-export.json (no timings there, so exporting an unchanged server writes the same files).
 */
import type { ExportPlan } from './model';
import { address, imported } from './model';

export type ExportFormat = 'hcl' | 'cdktf';

export interface TypeCount {
  type: string;
  found: number;
  exported: number;
  leftOut: number;
}

export function countsByType(plan: ExportPlan): TypeCount[] {
  return plan.types
    .map((def) => {
      const resources = plan.resources.filter((r) => r.typeName === def.typeName);
      const exported = resources.filter((r) => r.refused.length === 0).length;
      const objectsLeft = plan.leftOut.filter((l) => l.def.typeName === def.typeName && l.what === 'object').length;
      return { type: def.typeName, found: resources.length + objectsLeft, exported, leftOut: objectsLeft + (resources.length - exported) };
    })
    .filter((c) => c.found > 0 || c.leftOut > 0);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

/** The summary lines (terminal and README). */
export function summaryLines(plan: ExportPlan): string[] {
  const counts = countsByType(plan);
  const total = (k: 'found' | 'exported' | 'leftOut') => counts.reduce((n, c) => n + c[k], 0);
  const lines = [
    ...table([['type', 'found', 'exported', 'left out'], ...counts.map((c) => [c.type, String(c.found), String(c.exported), String(c.leftOut)]), ['total', String(total('found')), String(total('exported')), String(total('leftOut'))]]),
  ];
  const reasons = new Map<string, number>();
  for (const l of plan.leftOut) reasons.set(`${l.def.typeName}: ${l.reason}`, (reasons.get(`${l.def.typeName}: ${l.reason}`) ?? 0) + 1);
  if (reasons.size) {
    lines.push('', 'Left out:');
    for (const [reason, n] of reasons) lines.push(`  ${n} × ${reason}`);
  }
  const refused = plan.resources.filter((r) => r.refused.length);
  if (refused.length) {
    lines.push('', 'Rules the server already breaks (written commented out, not imported; correct them first):');
    for (const r of refused) for (const e of r.refused) lines.push(`  ${address(r)}: ${e}`);
  }
  const warned = plan.resources.filter((r) => r.warnings.length);
  if (warned.length) {
    lines.push('', 'Warnings the plan will show:');
    for (const r of warned) for (const w of r.warnings) lines.push(`  ${address(r)}: ${w}`);
  }
  const raw = plan.resources.flatMap((r) => r.attributes.filter((a) => a.value.kind === 'id').map((a) => ({ r, a })));
  if (raw.length) {
    lines.push('', `References kept as ids (the object they name is not in this configuration): ${raw.length}`);
    for (const { r, a } of raw.slice(0, 10)) lines.push(`  ${address(r)}.${a.name}: ${a.value.kind === 'id' ? a.value.note : ''}`);
    if (raw.length > 10) lines.push(`  ... and ${raw.length - 10} more (see the comments in the files)`);
  }
  if (plan.warnings.length) {
    lines.push('', 'Not read:');
    for (const w of plan.warnings) lines.push(`  ${w}`);
  }
  return lines;
}

/** What the user runs next, for the format written. */
export function nextSteps(plan: ExportPlan, format: ExportFormat, dir: string, stackDir: string): string[] {
  const secrets = plan.variables;
  const count = imported(plan).length;
  const lines = ['What to run next:', `  cd ${dir}`];
  lines.push('  export CMS_USERNAME=... CMS_PASSWORD=... CMS_CA_BUNDLE=...     # the API user (and CMS_MMP_USERNAME, CMS_MMP_PASSWORD for the MMP)');
  if (secrets.length) {
    lines.push(`  # ${secrets.length} secret${secrets.length > 1 ? 's' : ''} to give once, e.g. in secrets.auto.tfvars (keep it out of version control):`);
    for (const v of secrets.slice(0, 5)) lines.push(`  #   ${v.name}`);
    if (secrets.length > 5) lines.push(`  #   ... and ${secrets.length - 5} more (variables.tf)`);
  }
  if (format === 'cdktf') {
    lines.push('  npm install && npx cdktf synth', `  cd ${stackDir}`);
  }
  lines.push(
    '  terraform init',
    `  terraform plan      # expect: ${count} to import, 0 to add, 0 to change, 0 to destroy`,
    '  terraform apply     # takes the objects over; nothing on the server changes',
    '  terraform plan      # expect: No changes',
  );
  if (format === 'hcl') lines.push('Then review the names and the comments, and delete imports.tf if you like (docs/guides/adopting.md).');
  else lines.push('Then review main.ts: the adopt(...) lines (its import blocks) may be deleted once applied (docs/guides/adopting.md).');
  return lines;
}

/** cms-export.json: what was exported, for tools and tests. */
export function manifest(plan: ExportPlan, format: ExportFormat): unknown {
  return {
    format,
    url: plan.url,
    nodes: plan.nodes.map((n) => n.name),
    types: countsByType(plan),
    resources: plan.resources.map((r) => ({
      address: address(r),
      type: r.typeName,
      importId: r.found.importId,
      ...(r.provider ? { provider: r.provider } : {}),
      imported: r.refused.length === 0,
      ...(r.refused.length ? { refused: r.refused } : {}),
      ...(r.warnings.length ? { warnings: r.warnings } : {}),
    })),
    variables: plan.variables.map((v) => ({ name: v.name, resource: address(v.resource), attribute: v.attribute, version: v.version, secretAttribute: v.secretAttribute, held: v.held })),
    leftOut: plan.leftOut.map((l) => ({ type: l.def.typeName, label: l.label, reason: l.reason })),
    warnings: plan.warnings,
  };
}
