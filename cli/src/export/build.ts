/**
 * From what the server holds to what the export writes: the attributes each resource needs so
 * that importing it plans no change (exactly the values Terraform reads after import: server
 * defaults read as unset are left out), references between exported objects, names, secret
 * variables, and the provider's own plan-time checks run on every resource.
 */
import type { CtyObject, CtyValue } from '../../../provider/src/plugin/types';
import { UNKNOWN } from '../../../provider/src/plugin/types';
import type { Definition, RuleDefinition } from '../../../provider/src/resources/definition';
import { isSecretForm, isSensitive } from '../../../provider/src/resources/definition';
import type { SecretForms } from '../../../provider/src/resources/secret-forms';
import { secretForms } from '../../../provider/src/resources/secret-forms';
import { PlanRegistry } from '../../../provider/src/resources/across';
import { validateConfig } from '../../../provider/src/resources/validate';
import type { FoundObject, Inventory } from './inventory';
import type { ExportedAttribute, ExportedResource, ExportPlan, SecretVariable } from './model';
import { identifier, NameRegistry, shortType } from './names';
import type { ExportNode } from './server';

/** What attribute values a resource's configuration holds before references are resolved. */
interface Draft {
  resource: ExportedResource;
  /** Attribute name → server value (ids for references), or UNKNOWN for secrets. */
  config: CtyObject;
}

function isSet(v: CtyValue | undefined): boolean {
  return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
}

/** Whether a rule of the definition requires the attribute unset for these values. */
function mustBeUnset(rules: readonly RuleDefinition[], name: string, config: CtyObject): boolean {
  return rules.some((rule) => {
    if (rule.then[name] !== 'unset') return false;
    return Object.entries(rule.when).every(([k, cond]) => {
      const set = isSet(config[k]);
      if (typeof cond !== 'object') return config[k] === cond;
      if ('set' in cond) return set === cond.set;
      if ('above' in cond) return typeof config[k] === 'number' && (config[k] as number) > cond.above;
      return config[k] !== cond.not;
    });
  });
}

/** The configuration values of one found object (ids stand for references; secrets come later). */
function draftConfig(found: FoundObject): CtyObject {
  const config: CtyObject = {};
  for (const [name, attr] of Object.entries(found.def.attributes)) {
    if (attr.mode === 'computed' || attr.notReturned || isSecretForm(attr) || isSensitive(attr)) continue;
    const v = found.state[name];
    if (!isSet(v)) continue;
    config[name] = v ?? null;
  }
  return config;
}

/** Names: a singleton is `this` (or its node's name); objects are named after themselves, children after their parent too. */
class Namer {
  private readonly registries = new Map<string, NameRegistry>();

  constructor(
    private readonly drafts: Draft[],
    private readonly outsiders: Map<string, string>,
  ) {}

  private registry(typeName: string): NameRegistry {
    let r = this.registries.get(typeName);
    if (!r) this.registries.set(typeName, (r = new NameRegistry()));
    return r;
  }

  private byId(typeName: string, id: string): ExportedResource | undefined {
    return this.drafts.find((d) => d.resource.typeName === typeName && d.resource.found.id === id)?.resource;
  }

  /** What the object calls itself: its name, else its natural key, else undefined (a node's own objects after the node). */
  private ownLabel(found: FoundObject): string | undefined {
    const s = found.state;
    const node = found.def.scope === 'node' && found.node ? `${found.node} ` : '';
    if (typeof s.name === 'string' && s.name !== '') return `${node}${s.name}`;
    const key = (found.def.naturalKey ?? []).filter((k) => !found.def.attributes[k]?.parent && !found.def.attributes[k]?.references);
    const parts = key.map((k) => s[k]).filter((v) => v !== null && v !== undefined && v !== '');
    return parts.length ? parts.map(String).join(' ') : undefined;
  }

  /** Names of the named resources whose attributes refer to this object, sorted. */
  private referrers(target: ExportedResource): string[] {
    const names = new Set<string>();
    for (const d of this.drafts) {
      if (!d.resource.name || d.resource === target) continue;
      for (const [name, attr] of Object.entries(d.resource.def.attributes)) {
        if (attr.references === target.typeName && d.config[name] === target.found.id) {
          names.add(d.resource.def.kind === 'singleton' ? shortType(d.resource.typeName) : d.resource.name);
        }
      }
    }
    return [...names].sort();
  }

  /** The first plain value that says something about the object (a URL's path, a mapping). */
  private contentLabel(found: FoundObject): string | undefined {
    for (const [name, attr] of Object.entries(found.def.attributes)) {
      if (attr.type !== 'string' || attr.references || attr.parent || isSensitive(attr)) continue;
      const v = found.state[name];
      if (typeof v !== 'string' || v === '') continue;
      try {
        const url = new URL(v);
        if (url.hostname) return url.pathname.replace(/^\/+|\/+$/g, '') || url.hostname;
      } catch {
        // not a URL: the value itself
      }
      return v;
    }
    return undefined;
  }

  /**
   * An object without a name of its own: named after what uses it when one thing does (the
   * mapping of an LDAP source), else after its content (a branding URL's path), else after the
   * first of its users.
   */
  private borrowedLabel(d: Draft): string | undefined {
    const users = this.referrers(d.resource);
    if (users.length === 1) return users[0];
    return this.contentLabel(d.resource.found) ?? users[0];
  }

  private parentPrefix(found: FoundObject): string | undefined {
    const [[attr, id] = []] = Object.entries(found.parents);
    if (!attr || !id) return undefined;
    const target = found.def.attributes[attr]?.references;
    const parent = target ? this.byId(target, id) : undefined;
    if (parent?.name) return parent.name;
    return identifier(this.outsiders.get(id) ?? id, 'parent');
  }

  assign(): void {
    const sorted = (ds: Draft[], label: (d: Draft) => string) =>
      ds.map((d) => ({ d, label: label(d) })).sort((a, b) => a.label.localeCompare(b.label) || a.d.resource.found.id.localeCompare(b.d.resource.found.id));
    const claim = (d: Draft, wanted: string) => {
      d.resource.name = this.registry(d.resource.typeName).claim(wanted);
    };
    const fallback = (d: Draft) => shortType(d.resource.typeName);

    // Singletons and node settings.
    for (const d of this.drafts.filter((x) => x.resource.def.kind === 'singleton')) claim(d, d.resource.found.node ? identifier(d.resource.found.node, 'node') : 'this');
    // Top-level objects that name themselves, then their children, then the unnamed ones.
    const rest = this.drafts.filter((x) => x.resource.def.kind !== 'singleton');
    const top = rest.filter((x) => x.resource.def.kind !== 'child');
    const children = rest.filter((x) => x.resource.def.kind === 'child');
    const named = top.filter((d) => this.ownLabel(d.resource.found) !== undefined);
    for (const { d, label } of sorted(named, (x) => identifier(this.ownLabel(x.resource.found)!, fallback(x)))) claim(d, label);
    const unnamed = top.filter((d) => this.ownLabel(d.resource.found) === undefined);
    // Unnamed objects borrow a name; passes repeat while the objects that use them get theirs.
    let pending = unnamed;
    for (let pass = 0; pass < 3 && pending.length; pass++) {
      const now = pending.map((d) => ({ d, label: this.borrowedLabel(d) })).filter((x) => x.label !== undefined);
      for (const { d, label } of sorted(now.map((x) => x.d), (x) => identifier(now.find((n) => n.d === x)!.label!, fallback(x)))) claim(d, label);
      pending = pending.filter((d) => !d.resource.name);
    }
    for (const d of [...pending].sort((a, b) => a.resource.found.id.localeCompare(b.resource.found.id))) claim(d, fallback(d));
    for (const { d, label } of sorted(children, (x) => identifier(`${this.parentPrefix(x.resource.found) ?? ''}_${this.ownLabel(x.resource.found) ?? this.contentLabel(x.resource.found) ?? ''}`, fallback(x)))) claim(d, label);
  }
}

export interface BuildInput {
  inventory: Inventory;
  types: Definition[];
  url: string;
  nodes: readonly ExportNode[];
  fingerprints: Record<string, string>;
}

export function buildPlan(input: BuildInput): ExportPlan {
  const { inventory } = input;
  const drafts: Draft[] = inventory.objects.map((found) => ({
    resource: {
      found,
      def: found.def,
      typeName: found.def.typeName,
      name: '',
      attributes: [],
      ...(found.viaNodeApi && found.node ? { provider: found.node } : {}),
      ignoreChanges: [],
      notes: [],
      warnings: [],
      refused: [],
    },
    config: draftConfig(found),
  }));

  // The provider's own checks, on the values as they will be configured (secrets unknown): each
  // resource's, then the rules across resources, which each provider configuration (a node's
  // alias is another) checks over the resources it plans. The first of two objects that clash
  // (in a stable order) is kept.
  const registries = new Map<string, PlanRegistry>();
  const inStableOrder = [...drafts].sort((a, b) => a.resource.typeName.localeCompare(b.resource.typeName) || a.resource.found.label.localeCompare(b.resource.found.label) || a.resource.found.id.localeCompare(b.resource.found.id));
  for (const d of inStableOrder) {
    const config: CtyObject = {};
    for (const name of Object.keys(d.resource.def.attributes)) config[name] = d.config[name] ?? null;
    // Secrets are given as write-only values the export does not know, each with its version.
    for (const f of secretForms(d.resource.def)) {
      if (!wantsVariable(d.resource.found, f, d.config)) continue;
      config[f.writeOnly] = UNKNOWN;
      config[f.version] = 1;
    }
    const own = validateConfig(d.resource.def, config);
    const alias = d.resource.provider ?? '';
    if (!registries.has(alias)) registries.set(alias, new PlanRegistry());
    const across = own.some((x) => x.severity === 'error') ? [] : registries.get(alias)!.plan(d.resource.def, `id:${d.resource.found.id}`, config, d.resource.found.id);
    for (const diag of [...own, ...across]) {
      const text = diag.detail || diag.summary;
      if (diag.severity === 'error') d.resource.refused.push(text);
      else d.resource.warnings.push(text);
    }
  }

  new Namer(drafts, inventory.outsiders).assign();

  // Resolve references against the resources actually imported.
  const byTypeAndId = new Map<string, ExportedResource>();
  for (const d of drafts) if (d.resource.refused.length === 0) byTypeAndId.set(`${d.resource.typeName} ${d.resource.found.id}`, d.resource);
  const describe = (typeName: string, id: string): string => {
    const refusedOne = drafts.find((d) => d.resource.typeName === typeName && d.resource.found.id === id);
    if (refusedOne) return `${typeName} ${id} (${refusedOne.resource.found.label}) is written commented out: the server breaks a rule for it`;
    const known = inventory.outsiders.get(id);
    if (known !== undefined) return `${known}: not managed by this configuration`;
    return `${typeName ?? 'object'} ${id} is not on the server (a dangling reference)`;
  };

  const variableNames = new NameRegistry();
  const variables: SecretVariable[] = [];
  for (const d of drafts) {
    const r = d.resource;
    const attrs: ExportedAttribute[] = [];
    for (const [name, attr] of Object.entries(r.def.attributes)) {
      if (isSecretForm(attr)) continue;
      const value = d.config[name];
      if (value === undefined || value === null) continue;
      const target = attr.references ?? (attr.parent ? attr.references : undefined);
      if ((attr.references || attr.parent) && typeof value === 'string') {
        const found = target ? byTypeAndId.get(`${target} ${value}`) : undefined;
        if (found) attrs.push({ name, value: { kind: 'reference', target: found } });
        else attrs.push({ name, value: { kind: 'id', value, note: describe(target ?? '', value) } });
        continue;
      }
      attrs.push({ name, value: { kind: 'literal', value } });
    }
    for (const f of secretForms(r.def)) {
      if (!wantsVariable(r.found, f, d.config)) continue;
      const v = secretVariable(r, f, variableNames);
      variables.push(v);
      attrs.push({ name: f.writeOnly, value: { kind: 'secret', variable: v } }, { name: f.version, value: { kind: 'literal', value: 1 } });
      // The first plan only imports: the version stays as imported (unset) until it is raised on purpose.
      r.ignoreChanges.push(f.version);
    }
    r.attributes = attrs;
  }

  const order = new Map(input.types.map((t, i) => [t.typeName, i]));
  const resources = drafts.map((d) => d.resource).sort((a, b) => (order.get(a.typeName)! - order.get(b.typeName)!) || a.name.localeCompare(b.name));
  return {
    url: input.url,
    nodes: input.nodes,
    fingerprints: input.fingerprints,
    resources,
    variables: variables.sort((a, b) => a.name.localeCompare(b.name)),
    leftOut: inventory.leftOut,
    warnings: inventory.warnings,
    types: input.types,
  };
}

/**
 * Whether a secret gets a variable: when the configuration must give it (an MMP account's
 * password), when the server showed a value for it, or when it is a password whose user name is
 * set (the server may never show the password). Not when a rule of the definition says it must
 * be unset for these values (a leftover the server ignores).
 */
function wantsVariable(found: FoundObject, f: SecretForms, config: CtyObject): boolean {
  if (found.def.attributes[f.writeOnly]?.mode === 'required') return true; // the configuration cannot go without it
  if (mustBeUnset(found.def.rules ?? [], f.name, config)) return false;
  if (found.heldSecrets.includes(f.name)) return true;
  const user = f.name.replace(/password$/, 'username');
  return user !== f.name && isSet(config[user]);
}

/** A secret becomes a variable, never its value: the user gives it once. */
function secretVariable(r: ExportedResource, f: SecretForms, names: NameRegistry): SecretVariable {
  const held = r.found.heldSecrets.includes(f.name);
  const owner = r.name.startsWith(`${shortType(r.typeName)}_`) ? r.name : `${shortType(r.typeName)}_${r.name}`;
  const what = `The ${f.name} of ${r.typeName}.${r.name} (${r.found.label})`;
  return {
    name: names.claim(identifier(`${owner}_${f.name}`, 'secret', 96)),
    description: `${what}${held ? '' : ', which the server never shows'}. Give it once: it is sent only when the object is created again, or when ${f.version} is raised.`,
    resource: r,
    attribute: f.writeOnly,
    version: f.version,
    secretAttribute: f.name,
    held,
  };
}
