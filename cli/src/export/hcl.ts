/**
 * The export as Terraform files: the provider blocks, one file per resource type, the `import`
 * blocks (in imports.tf, which can be deleted once applied), and the secret variables. The
 * layout is what `terraform fmt` writes, so the files pass `terraform fmt -check`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CtyValue } from '../../../provider/src/plugin/types';
import { PROVIDER_VERSION } from '../../../provider/src/version';
import type { ExportedResource, ExportPlan, ExportValue } from './model';
import { address, imported } from './model';
import { shortType } from './names';

/** An HCL string literal: quotes, backslashes, control characters and template sequences escaped. */
export function hclString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${body}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A map key: bare when it is an identifier, quoted otherwise. */
function hclKey(k: string): string {
  return IDENTIFIER.test(k) ? k : hclString(k);
}

/** One line for a scalar or a list; a map is written over several lines by the caller. */
function inline(v: CtyValue): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (v === null || v === undefined) return 'null';
  throw new Error('internal error: a structured value cannot be written on one line');
}

function isMap(v: CtyValue): v is Record<string, CtyValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v !== 'bigint';
}

/** A text of several lines (a certificate), written as an indented heredoc. */
export class Heredoc {
  constructor(readonly text: string) {}

  /** Whether a heredoc gives back exactly this text: whole lines, nothing Terraform would interpolate. */
  static fits(text: string): boolean {
    return text.includes('\n') && text.endsWith('\n') && !/\$\{|%\{|\r/.test(text) && !/^\s*EOT\s*$/m.test(text) && text.split('\n').slice(0, -1).every((l) => l === l.trimStart() && l !== '');
  }
}

type BodyValue = string | Heredoc | Record<string, CtyValue>;

/** Body lines of a block: runs of one-line attributes with aligned `=`, as terraform fmt does. */
export function blockBody(entries: Array<[string, BodyValue]>, indent: string): string[] {
  const lines: string[] = [];
  // A heredoc stays in the run (terraform fmt aligns across it); a map ends the run.
  let run: Array<[string, string | Heredoc]> = [];
  const flush = () => {
    const width = Math.max(0, ...run.map(([k]) => k.length));
    for (const [k, v] of run) {
      if (typeof v === 'string') lines.push(`${indent}${k.padEnd(width)} = ${v}`);
      else lines.push(`${indent}${k.padEnd(width)} = <<-EOT`, ...v.text.slice(0, -1).split('\n').map((l) => `${indent}  ${l}`), `${indent}EOT`);
    }
    run = [];
  };
  for (const [k, v] of entries) {
    if (typeof v === 'string' || v instanceof Heredoc) {
      run.push([k, v]);
      continue;
    }
    flush();
    lines.push(`${indent}${k} = {`);
    lines.push(...blockBody(Object.entries(v).map(([mk, mv]): [string, string] => [hclKey(mk), inline(mv)]), `${indent}  `));
    lines.push(`${indent}}`);
  }
  flush();
  return lines;
}

function valueText(v: ExportValue): BodyValue {
  switch (v.kind) {
    case 'literal':
      if (typeof v.value === 'string' && Heredoc.fits(v.value)) return new Heredoc(v.value);
      return isMap(v.value) ? v.value : inline(v.value);
    case 'reference':
      return `${address(v.target)}.id`;
    case 'id':
      return hclString(v.value);
    case 'secret':
      return `var.${v.variable.name}`;
  }
}

function comment(text: string, indent = ''): string[] {
  return text.split('\n').map((l) => `${indent}# ${l}`.trimEnd());
}

function resourceBlock(r: ExportedResource): string[] {
  const lines: string[] = [];
  for (const note of r.notes) lines.push(...comment(note));
  for (const a of r.attributes) if (a.value.kind === 'id') lines.push(...comment(`${a.name}: ${a.value.note}`));
  for (const w of r.warnings) lines.push(...comment(`Warning at plan: ${w}`));
  const body: Array<[string, BodyValue]> = r.attributes.map((a) => [a.name, valueText(a.value)]);
  if (r.provider) body.push(['provider', `cms.${r.provider}`]);
  const lifecycle = r.ignoreChanges.length ? ['', '  lifecycle {', `    ignore_changes = [${r.ignoreChanges.join(', ')}]`, '  }'] : [];
  const block = [`resource "${r.typeName}" "${r.name}" {`, ...blockBody(body, '  '), ...lifecycle, '}'];
  if (r.refused.length === 0) return [...lines, ...block];
  return [
    ...comment('Not imported: the provider refuses these values at plan, so the server already breaks its rules.'),
    ...comment('Correct them on the server (or here), then uncomment the block and add its import block:'),
    ...r.refused.flatMap((e) => comment(`  - ${e}`)),
    ...comment(`  import { to = ${address(r)}, id = ${hclString(r.found.importId)}${r.provider ? `, provider = cms.${r.provider}` : ''} }`),
    ...lines,
    ...block.map((l) => `# ${l}`.trimEnd()),
  ];
}

function providersFile(plan: ExportPlan): string {
  const out: string[] = [
    'terraform {',
    '  required_version = ">= 1.11"',
    '  required_providers {',
    '    cms = {',
    '      source  = "cms-iac/cms"',
    `      version = "${PROVIDER_VERSION}"`,
    '    }',
    '  }',
    '}',
    '',
    ...comment('Credentials come from the environment, never from these files: CMS_USERNAME and CMS_PASSWORD\n(an MMP user with the api role), CMS_CA_BUNDLE (the CA that signed the Web Admin certificate),\nand for the MMP: CMS_MMP_USERNAME with CMS_MMP_PASSWORD or CMS_MMP_PRIVATE_KEY.'),
    'provider "cms" {',
    ...blockBody([['url', hclString(plan.url)]], '  '),
  ];
  for (const n of plan.nodes) {
    const fingerprint = plan.fingerprints[n.name] ?? n.hostKeyFingerprint;
    const entries: Array<[string, string]> = [
      ['name', hclString(n.name)],
      ['address', hclString(n.address)],
      ...(n.port !== 22 ? ([['port', String(n.port)]] as Array<[string, string]>) : []),
      ...(fingerprint ? ([['host_key_fingerprint', hclString(fingerprint)]] as Array<[string, string]>) : []),
    ];
    out.push('', '  mmp_node {', ...blockBody(entries, '    '), '  }');
  }
  out.push('}');
  // A provider per node whose own API holds per-node settings.
  const aliases = [...new Set(plan.resources.map((r) => r.provider).filter((p): p is string => p !== undefined))].sort();
  for (const alias of aliases) {
    const node = plan.nodes.find((n) => n.name === alias);
    out.push('', ...comment(`Node ${alias}'s own API, for the settings each node keeps.`), 'provider "cms" {', ...blockBody([['alias', hclString(alias)], ['url', hclString(node?.url ?? '')]], '  '), '}');
  }
  return `${out.join('\n')}\n`;
}

function variablesFile(plan: ExportPlan): string {
  const blocks = plan.variables.map((v) => {
    const entries: Array<[string, string]> = [
      ['description', hclString(v.description)],
      ['type', 'string'],
      ['sensitive', 'true'],
      ['ephemeral', 'true'],
    ];
    return [`variable "${v.name}" {`, ...blockBody(entries, '  '), '}'].join('\n');
  });
  const head = comment(
    'Secrets of the exported objects. The export never reads their values into these files: give them\n' +
      'once, with TF_VAR_<name> or in a *.auto.tfvars file kept out of version control. They are\n' +
      'write-only: never in the plan or the state, and sent only when an object is created again or\n' +
      'its <secret>_wo_version is raised (after taking it out of ignore_changes).',
  );
  return `${[...head, '', blocks.join('\n\n')].join('\n')}\n`;
}

function importsFile(plan: ExportPlan): string {
  const blocks = imported(plan).map((r) => {
    const entries: Array<[string, string]> = [
      ['to', address(r)],
      ['id', hclString(r.found.importId)],
      ...(r.provider ? ([['provider', `cms.${r.provider}`]] as Array<[string, string]>) : []),
    ];
    return ['import {', ...blockBody(entries, '  '), '}'].join('\n');
  });
  const head = comment('What Terraform takes over on the first apply. Once applied, this file may be deleted.');
  return `${[...head, '', blocks.join('\n\n')].join('\n')}\n`;
}

function typeFile(plan: ExportPlan, typeName: string): string | undefined {
  const resources = plan.resources.filter((r) => r.typeName === typeName);
  const leftOut = plan.leftOut.filter((l) => l.def.typeName === typeName && l.what === 'object');
  if (resources.length === 0 && leftOut.length === 0) return undefined;
  const parts: string[] = [];
  parts.push(...resources.map((r) => resourceBlock(r).join('\n')));
  if (leftOut.length) {
    const byReason = new Map<string, string[]>();
    for (const l of leftOut) byReason.set(l.reason, [...(byReason.get(l.reason) ?? []), l.label]);
    const lines: string[] = [];
    for (const [reason, labels] of byReason) {
      const shown = labels.slice(0, 20).join(', ') + (labels.length > 20 ? `, and ${labels.length - 20} more` : '');
      lines.push(...comment(`Left out (${labels.length}): ${shown}.\nWhy: ${reason}.`));
    }
    parts.push(lines.join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

/** Writes the Terraform files into `dir`; returns their names. */
export function writeHcl(plan: ExportPlan, dir: string): string[] {
  const files: Array<[string, string]> = [['providers.tf', providersFile(plan)]];
  if (plan.variables.length) files.push(['variables.tf', variablesFile(plan)]);
  if (imported(plan).length) files.push(['imports.tf', importsFile(plan)]);
  for (const def of plan.types) {
    const text = typeFile(plan, def.typeName);
    if (text) files.push([`${shortType(def.typeName)}.tf`, text]);
  }
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  return files.map(([name]) => name);
}
