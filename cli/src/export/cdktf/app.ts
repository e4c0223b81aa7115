/**
 * The export as a CDKTF TypeScript app: one stack with the same objects as the HCL export, on the
 * generated L1 bindings, and on the L2 constructs where the objects have their shape (space
 * templates with roles, LDAP imports). Every object gets an import block, so the first plan
 * after `cdktf synth` imports and changes nothing; logical ids are the HCL names, so the resource
 * addresses are the same in both formats.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDER_VERSION } from '../../../../provider/src/version';
import type { ExportedResource, ExportPlan } from '../model';
import { address, imported } from '../model';
import { shortType } from '../names';
import { bindingOf, propertyName, variableName } from './bindings';
import type { Claimed, L2Group } from './l2';
import { ldapImportGroups } from './ldap-import';
import { spaceTemplateGroup } from './space-template';
import type { Code, TsValue } from './typescript';
import { code, tsString, tsValue } from './typescript';

/** The npm package of the constructs (L2 and L1 bindings) the app imports. */
export const CONSTRUCTS_PACKAGE = '@cms-iac/cdktf';
/** Versions the app's package.json asks for: the ones this project is built and tested with. */
export const APP_DEPENDENCIES = { cdktf: '0.21.0', constructs: '~10.7.2', 'cdktf-cli': '0.21.0' } as const;

export interface CdktfAppOptions {
  stack: string;
}

type Node = { kind: 'l1'; resource: ExportedResource } | { kind: 'l2'; group: L2Group };

/** Objects to write as L2 constructs: space templates first (LDAP imports may grant them). */
function findGroups(plan: ExportPlan): L2Group[] {
  const claimed: Claimed = new Set();
  const groups: L2Group[] = [];
  for (const t of imported(plan).filter((r) => r.typeName === 'cms_cospace_template')) {
    const g = spaceTemplateGroup(t, plan, claimed);
    if (g) groups.push(g);
  }
  groups.push(...ldapImportGroups(plan, claimed, groups));
  return groups;
}

function references(r: ExportedResource): ExportedResource[] {
  return r.attributes.flatMap((a) => (a.value.kind === 'reference' ? [a.value.target] : []));
}

/** Declarations in an order where every object comes after what it refers to. */
function ordered(nodes: Node[], ownerOf: (r: ExportedResource) => Node | undefined): Node[] {
  const out: Node[] = [];
  const state = new Map<Node, 'visiting' | 'done'>();
  const visit = (n: Node) => {
    if (state.get(n) === 'done' || state.get(n) === 'visiting') return;
    state.set(n, 'visiting');
    const deps = n.kind === 'l1' ? references(n.resource) : [...n.group.dependsOn, ...[...n.group.members.keys()].flatMap(references)];
    for (const d of deps) {
      const owner = ownerOf(d);
      if (owner && owner !== n) visit(owner);
    }
    state.set(n, 'done');
    out.push(n);
  };
  nodes.forEach(visit);
  return out;
}

function comment(text: string, indent: string): string[] {
  return text.split('\n').map((l) => `${indent}// ${l}`.trimEnd());
}

function stackClassName(stack: string): string {
  const words = stack.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(name) ? `${name}Stack` : `Exported${name}Stack`;
}

export function renderMain(plan: ExportPlan, options: CdktfAppOptions): string {
  const groups = findGroups(plan);
  const owner = new Map<ExportedResource, { node: Node; expr: string }>();
  const nodes: Node[] = [];
  for (const g of groups) {
    const node: Node = { kind: 'l2', group: g };
    nodes.push(node);
    for (const [r, expr] of g.members) owner.set(r, { node, expr });
  }
  for (const r of imported(plan)) {
    if (owner.has(r)) continue;
    const node: Node = { kind: 'l1', resource: r };
    nodes.push(node);
    owner.set(r, { node, expr: variableName(`${shortType(r.typeName)}_${r.name}`) });
  }
  const idOf = (r: ExportedResource): Code => code(`${owner.get(r)!.expr}.id`);
  const namespaces = new Set<string>(['provider']);
  const uses = new Set<string>(groups.flatMap((g) => g.uses));
  const body: string[] = [];
  const indent = '    ';

  // Providers: the node given with --url (with every node's MMP), and a node's own API where needed.
  const mmpNodes = plan.nodes.map((n) => ({
    name: n.name,
    address: n.address,
    ...(n.port !== 22 ? { port: n.port } : {}),
    ...((plan.fingerprints[n.name] ?? n.hostKeyFingerprint) ? { hostKeyFingerprint: plan.fingerprints[n.name] ?? n.hostKeyFingerprint } : {}),
  }));
  body.push(...comment('Credentials come from the environment, never from this file: CMS_USERNAME, CMS_PASSWORD and\nCMS_CA_BUNDLE for the API; CMS_MMP_USERNAME with CMS_MMP_PASSWORD or CMS_MMP_PRIVATE_KEY for the MMP.', indent));
  body.push(`${indent}new provider.CmsProvider(this, 'cms', ${tsValue({ url: plan.url, mmpNode: mmpNodes.length ? mmpNodes : undefined }, indent)});`);
  const aliases = [...new Set(plan.resources.map((r) => r.provider).filter((p): p is string => p !== undefined))].sort();
  const aliasVar = (alias: string) => variableName(`provider_${alias}`);
  for (const alias of aliases) {
    const url = plan.nodes.find((n) => n.name === alias)?.url ?? '';
    body.push(`${indent}const ${aliasVar(alias)} = new provider.CmsProvider(this, ${tsString(`cms_${alias}`)}, ${tsValue({ alias, url }, indent)});`);
  }
  body.push(
    '',
    ...comment(
      "Every object is imported: import blocks as importFrom writes them, gathered here because importFrom\nruns `terraform version` once per resource during synth, which takes minutes on a large server.",
      indent,
    ),
    `${indent}const imports: Array<{ to: string; id: string; provider?: string }> = [];`,
    `${indent}const adopt = (resource: TerraformResource, id: string, provider?: string): void => {`,
    `${indent}  imports.push({ to: \`\${resource.terraformResourceType}.\${resource.friendlyUniqueId}\`, id, ...(provider ? { provider } : {}) });`,
    `${indent}};`,
  );
  if (plan.variables.length) {
    body.push(
      '',
      ...comment('Secrets are write-only, from ephemeral variables: give them once (TF_VAR_<name>, or a *.auto.tfvars\nfile kept out of version control). They are sent only when an object is created again, or after\nits <secret>_wo_version is raised and taken out of ignoreChanges.', indent),
      `${indent}const secret = (name: string, description: string): string => {`,
      `${indent}  const variable = new TerraformVariable(this, name, { type: 'string', sensitive: true, description });`,
      `${indent}  variable.addOverride('ephemeral', true);`,
      `${indent}  return variable.stringValue;`,
      `${indent}};`,
    );
  }

  for (const n of ordered(nodes, (r) => owner.get(r)?.node)) {
    body.push('');
    if (n.kind === 'l2') {
      body.push(...comment(`${n.group.title}: ${[...n.group.members.keys()].map(address).join(', ')}`, indent));
      for (const line of n.group.code(idOf)) body.push(...line.split('\n').map((l) => `${indent}${l}`));
      for (const [r, expr] of n.group.members) body.push(`${indent}adopt(${expr}, ${tsString(r.found.importId)});`);
      continue;
    }
    const r = n.resource;
    const { namespace, className } = bindingOf(r.typeName);
    namespaces.add(namespace);
    const varName = owner.get(r)!.expr;
    for (const note of r.notes) body.push(...comment(note, indent));
    for (const a of r.attributes) if (a.value.kind === 'id') body.push(...comment(`${a.name}: ${a.value.note}`, indent));
    for (const w of r.warnings) body.push(...comment(`Warning at plan: ${w}`, indent));
    const config: Record<string, TsValue> = {};
    for (const a of r.attributes) {
      const v = a.value;
      config[propertyName(a.name)] =
        v.kind === 'literal' ? (v.value as TsValue) : v.kind === 'reference' ? idOf(v.target) : v.kind === 'id' ? v.value : code(`secret(${tsString(v.variable.name)}, ${tsString(v.variable.description)})`);
    }
    if (r.provider) config.provider = code(aliasVar(r.provider));
    if (r.ignoreChanges.length) config.lifecycle = { ignoreChanges: r.ignoreChanges };
    body.push(`${indent}const ${varName} = new ${namespace}.${className}(this, ${tsString(`${shortType(r.typeName)}_${r.name}`)}, ${tsValue(config, indent)});`);
    body.push(`${indent}${varName}.overrideLogicalId(${tsString(r.name)});`);
    body.push(`${indent}adopt(${varName}, ${tsString(r.found.importId)}${r.provider ? `, ${tsString(`cms.${r.provider}`)}` : ''});`);
  }

  const refused = plan.resources.filter((r) => r.refused.length);
  if (refused.length) {
    body.push('', ...comment('Not imported: the provider refuses these values at plan, so the server already breaks its rules.\nCorrect them on the server, then add them here (see the HCL export or cms-export.json):', indent));
    for (const r of refused) for (const e of r.refused) body.push(...comment(`  ${address(r)} (${r.found.importId}): ${e}`, indent));
  }
  const leftOut = plan.leftOut.filter((l) => l.what === 'object');
  if (leftOut.length) {
    const byReason = new Map<string, string[]>();
    for (const l of leftOut) byReason.set(`${l.def.typeName}: ${l.reason}`, [...(byReason.get(`${l.def.typeName}: ${l.reason}`) ?? []), l.label]);
    body.push('');
    for (const [reason, labels] of byReason) body.push(...comment(`Left out (${labels.length}) ${reason}: ${labels.slice(0, 10).join(', ')}${labels.length > 10 ? ', ...' : ''}.`, indent));
  }

  body.push('', `${indent}this.addOverride('import', imports);`);

  const className = stackClassName(options.stack);
  const imports = [...[...namespaces].sort(), ...[...uses].sort()];
  return [
    `// Written by \`cms-iac export\` from ${plan.url}: every object below is imported, so the`,
    '// first plan imports and changes nothing. See README.md for what to run.',
    `import { App, TerraformStack${plan.variables.length ? ', TerraformVariable' : ''} } from 'cdktf';`,
    "import type { TerraformResource } from 'cdktf';",
    "import type { Construct } from 'constructs';",
    `import { ${imports.join(', ')} } from '${CONSTRUCTS_PACKAGE}';`,
    '',
    `export class ${className} extends TerraformStack {`,
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    ...body,
    '  }',
    '}',
    '',
    'const app = new App();',
    `new ${className}(app, ${tsString(options.stack)});`,
    'app.synth();',
    '',
  ].join('\n');
}

function packageJson(stack: string): string {
  const pkg = {
    name: stack.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'cms-export',
    version: '0.1.0',
    private: true,
    scripts: { synth: 'cdktf synth', get: 'true' },
    dependencies: { [CONSTRUCTS_PACKAGE]: `^${PROVIDER_VERSION}`, cdktf: APP_DEPENDENCIES.cdktf, constructs: APP_DEPENDENCIES.constructs },
    devDependencies: { 'cdktf-cli': APP_DEPENDENCIES['cdktf-cli'], 'ts-node': '^10.9.2', typescript: '~5.9.3', '@types/node': '^20.19.0' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Writes the app into `dir`; returns the file names. */
export function writeCdktfApp(plan: ExportPlan, dir: string, options: CdktfAppOptions): string[] {
  const stack = options.stack.replace(/[^A-Za-z0-9_-]+/g, '-') || 'cms-export';
  const files: Array<[string, string]> = [
    ['main.ts', renderMain(plan, { stack })],
    ['cdktf.json', `${JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts', terraformProviders: [], terraformModules: [], context: {} }, null, 2)}\n`],
    ['package.json', packageJson(stack)],
    ['tsconfig.json', `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'] }, include: ['main.ts'] }, null, 2)}\n`],
    ['.gitignore', 'node_modules/\ncdktf.out/\n*.tfvars\n.terraform/\n'],
  ];
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  return files.map(([name]) => name);
}
