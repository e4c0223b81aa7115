/**
 * LDAP user imports as the L2 `LdapImport`, when the server's objects have the shape it makes:
 * per user import, a source named after the import (users no automatic space rule takes) and a
 * source per automatic space rule named `<import>: <rule>`, each with its own mapping, the
 * import's user profile named after it, and the same space templates granted to every source.
 * Filters are read back into the import's and the rules' filters; the construct is built to
 * check it makes exactly these objects (see ./l2.ts). The sync is left out (`sync: false`), so
 * the first plan runs nothing.
 */
import type { TerraformResource } from 'cdktf';
import { LdapImport, LdapServer, SpaceTemplate } from '../../../../constructs/src';
import type { AutomaticSpaceRule, ISpaceTemplate, UserImportOptions } from '../../../../constructs/src';
import type { ExportedResource, ExportPlan } from '../model';
import { imported } from '../model';
import { variableName } from './bindings';
import type { Claimed, L2Group } from './l2';
import { attributeNames, literal, makesExactly, plain, target } from './l2';
import type { Code, TsValue } from './typescript';
import { code, tsString, tsValue } from './typescript';

/** One source of an import: the import's own (no rule) or an automatic space rule's. */
interface Partition {
  source: ExportedResource;
  mapping: ExportedResource;
  rule?: string;
  grants: ExportedResource[];
}

interface Candidate {
  name: string;
  partitions: Partition[];
  userProfile?: ExportedResource;
}

/** A guess of one import's options, with the partitions in the order the construct makes them. */
interface Guess {
  options: UserImportOptions;
  /** Partitions in construct order: the rules in order, then the import's own source. */
  order: Partition[];
  grants: ExportedResource[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Top-level items of an AND filter: `(&(a)(b))` → [`(a)`, `(b)`]; another filter is one item. */
function items(filter: string | undefined): string[] {
  if (!filter) return [];
  if (!filter.startsWith('(&')) return [filter];
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 2; i < filter.length - 1; i++) {
    if (filter[i] === '(') {
      if (depth === 0) start = i;
      depth++;
    } else if (filter[i] === ')') {
      depth--;
      if (depth === 0) out.push(filter.slice(start, i + 1));
    }
  }
  return out;
}

const not = (f: string) => `(!${f.startsWith('(') ? f : `(${f})`})`;

/** Possible import and rule filters for the partitions, most likely first. */
function filterGuesses(own: Partition | undefined, rules: Partition[]): Array<{ base?: string; rules: Array<string | undefined> }> {
  const out: Array<{ base?: string; rules: Array<string | undefined> }> = [];
  const f = (p: Partition) => str(literal(p.source, 'filter'));
  if (rules.length === 0) return [{ base: own ? f(own) : undefined, rules: [] }];
  // The rules' own items, once the import's filter (first item) and the earlier rules' negations are taken off.
  for (const withBase of [true, false]) {
    const first = items(f(rules[0]!));
    const base = withBase ? first[0] : undefined;
    if (withBase && base === undefined) continue;
    const guessed: Array<string | undefined> = [];
    let ok = true;
    rules.forEach((p, i) => {
      const its = items(f(p));
      const rest = withBase ? (its[0] === base ? its.slice(1) : undefined) : its;
      if (!rest) {
        ok = false;
        return;
      }
      const nots = guessed.map((g) => (g === undefined ? undefined : not(g)));
      const own = rest.filter((x) => !nots.includes(x));
      guessed.push(own.length === 1 ? own[0] : own.length === 0 ? undefined : `(&${own.join('')})`);
    });
    if (ok) out.push({ base, rules: guessed });
  }
  // A single catch-all rule: its source filter is the import's.
  if (rules.length === 1 && !own) out.push({ base: f(rules[0]!), rules: [undefined] });
  return out;
}

function readCandidates(server: ExportedResource, plan: ExportPlan, claimed: Claimed): Candidate[] {
  const sources = imported(plan).filter((r) => r.typeName === 'cms_ldap_source' && target(r, 'server') === server && !claimed.has(r));
  const byImport = new Map<string, Partition[]>();
  for (const source of sources) {
    const name = str(literal(source, 'name'));
    const mapping = target(source, 'mapping');
    if (!name || !mapping || claimed.has(mapping)) continue;
    const m = /^(.+?): (.+)$/.exec(name);
    const importName = m ? m[1]! : name;
    const grants = imported(plan).filter((g) => g.typeName === 'cms_ldap_user_cospace_template_source' && target(g, 'ldap_source') === source);
    byImport.set(importName, [...(byImport.get(importName) ?? []), { source, mapping, ...(m ? { rule: m[2]! } : {}), grants }]);
  }
  return [...byImport].map(([name, partitions]) => {
    const profile = target(partitions[0]!.source, 'user_profile');
    return { name, partitions, ...(profile ? { userProfile: profile } : {}) };
  });
}

/** Possible options for one import, from its objects; empty when they cannot be an import. */
function guesses(c: Candidate, claimed: Claimed): Guess[] {
  const first = c.partitions[0]!;
  const same = (name: string) => c.partitions.every((p) => JSON.stringify(literal(p.source, name)) === JSON.stringify(literal(first.source, name)) && target(p.source, name) === target(first.source, name));
  if (!['base_dn', 'tenant', 'user_profile', 'non_member_access'].every(same)) return [];
  if (c.partitions.some((p) => !plain(p.source) || !plain(p.mapping) || p.grants.some((g) => !plain(g) || claimed.has(g)))) return [];
  const userMappings = ['jid_mapping', 'name_mapping', 'authentication_id_mapping', 'cdr_tag_mapping'];
  if (!userMappings.every((n) => c.partitions.every((p) => literal(p.mapping, n) === literal(first.mapping, n)))) return [];
  if (new Set(c.partitions.map((p) => p.mapping)).size !== c.partitions.length) return [];
  const own = c.partitions.filter((p) => !p.rule);
  if (own.length > 1) return [];
  const rules = c.partitions.filter((p) => p.rule);
  // Rules apply in order: each later rule's source excludes the earlier rules' users.
  rules.sort((a, b) => items(str(literal(a.source, 'filter'))).length - items(str(literal(b.source, 'filter'))).length || String(a.rule).localeCompare(String(b.rule)));
  const grantKey = (g: ExportedResource) => `${target(g, 'cospace_template')?.name ?? ''} ${str(literal(g, 'filter')) ?? ''}`;
  const grants = [...first.grants].sort((a, b) => grantKey(a).localeCompare(grantKey(b)));
  if (!c.partitions.every((p) => p.grants.map(grantKey).sort().join('|') === grants.map(grantKey).join('|'))) return [];
  let personalLicense: boolean | undefined;
  if (c.userProfile) {
    if (claimed.has(c.userProfile) || !plain(c.userProfile) || literal(c.userProfile, 'name') !== c.name) return [];
    if (!attributeNames(c.userProfile).every((n) => n === 'name' || n === 'has_license')) return [];
    const license = literal(c.userProfile, 'has_license');
    if (typeof license !== 'boolean') return [];
    personalLicense = license;
  }
  const m = first.mapping;
  const out: Guess[] = [];
  for (const filters of filterGuesses(own[0], rules)) {
    const automaticSpaces: AutomaticSpaceRule[] = rules.map((p, i) => ({
      name: p.rule!,
      ...(filters.rules[i] !== undefined ? { filter: filters.rules[i] } : {}),
      spaceNameMapping: String(literal(p.mapping, 'cospace_name_mapping') ?? ''),
      uriMapping: String(literal(p.mapping, 'cospace_uri_mapping') ?? ''),
      ...(literal(p.mapping, 'cospace_secondary_uri_mapping') !== undefined ? { secondaryUriMapping: String(literal(p.mapping, 'cospace_secondary_uri_mapping')) } : {}),
      ...(literal(p.mapping, 'cospace_call_id_mapping') !== undefined ? { callIdMapping: String(literal(p.mapping, 'cospace_call_id_mapping')) } : {}),
    }));
    const options: UserImportOptions = {
      name: c.name,
      baseDn: String(literal(first.source, 'base_dn')),
      ...(filters.base !== undefined ? { filter: filters.base } : {}),
      signInNameMapping: String(literal(m, 'jid_mapping')),
      ...(literal(m, 'name_mapping') !== undefined ? { displayNameMapping: String(literal(m, 'name_mapping')) } : {}),
      ...(literal(m, 'authentication_id_mapping') !== undefined ? { authenticationIdMapping: String(literal(m, 'authentication_id_mapping')) } : {}),
      ...(literal(m, 'cdr_tag_mapping') !== undefined ? { cdrTagMapping: String(literal(m, 'cdr_tag_mapping')) } : {}),
      ...(personalLicense !== undefined ? { personalLicense } : {}),
      ...(target(first.source, 'tenant') ? { tenantId: target(first.source, 'tenant')!.found.id } : {}),
      ...(literal(first.source, 'non_member_access') !== undefined ? { nonMemberAccess: literal(first.source, 'non_member_access') as boolean } : {}),
      ...(automaticSpaces.length ? { automaticSpaces } : {}),
    };
    out.push({ options, order: [...rules, ...own], grants });
  }
  return out;
}

/** A partition's grants in the order of the import's (the construct makes them in that order). */
function orderedGrants(p: Partition, g: Guess): ExportedResource[] {
  const key = (x: ExportedResource) => g.grants.findIndex((y) => target(y, 'cospace_template') === target(x, 'cospace_template') && literal(y, 'filter') === literal(x, 'filter'));
  return [...p.grants].sort((a, b) => key(a) - key(b));
}

/** What one import's objects are, in the construct: `imports[i]`'s sources, mappings, grants and profile. */
function members(c: Candidate, g: Guess, index: number, prefix: string): Map<ExportedResource, string> {
  const ui = `${prefix}.imports[${index}]`;
  const out = new Map<ExportedResource, string>();
  g.order.forEach((p, j) => {
    out.set(p.source, `${ui}.sources.get(${tsString(p.rule ?? c.name)})!`);
    out.set(p.mapping, `${ui}.mappings[${j}]`);
    orderedGrants(p, g).forEach((grant, k) => out.set(grant, `${ui}.templateSources[${j * g.grants.length + k}]`));
  });
  if (c.userProfile) out.set(c.userProfile, `${ui}.userProfile!`);
  return out;
}

/** Pairs each object with the L1 resource the construct made for it. */
function pairsOf(li: LdapImport, chosen: Array<{ c: Candidate; g: Guess }>): Map<ExportedResource, TerraformResource> {
  const pairs = new Map<ExportedResource, TerraformResource>();
  chosen.forEach(({ c, g }, i) => {
    const ui = li.imports[i]!;
    g.order.forEach((p, j) => {
      pairs.set(p.source, ui.sources.get(p.rule ?? c.name)!);
      pairs.set(p.mapping, ui.mappings[j]!);
      orderedGrants(p, g).forEach((grant, k) => pairs.set(grant, ui.templateSources[j * g.grants.length + k]!));
    });
    if (c.userProfile) pairs.set(c.userProfile, ui.userProfile!);
  });
  return pairs;
}

function verify(server: ExportedResource, chosen: Array<{ c: Candidate; g: Guess }>): boolean {
  return makesExactly((stack) => {
    const templates = new Map<string, ISpaceTemplate>();
    const templateOf = (t: ExportedResource) => {
      if (!templates.has(t.found.id)) templates.set(t.found.id, SpaceTemplate.fromTemplateId(stack, `template${templates.size}`, t.found.id));
      return templates.get(t.found.id)!;
    };
    const li = new LdapImport(stack, 'ldap', {
      ldapServer: LdapServer.fromLdapServerId(stack, 'server', server.found.id),
      sync: false,
      userImports: chosen.map(({ g }) => ({
        ...g.options,
        ...(g.grants.length ? { spaceTemplates: g.grants.map((x) => ({ template: templateOf(target(x, 'cospace_template')!), ...(str(literal(x, 'filter')) ? { filter: str(literal(x, 'filter')) } : {}) })) } : {}),
      })),
    });
    return pairsOf(li, chosen);
  });
}

/** The LDAP imports of every LDAP server, where the objects have the construct's shape. */
export function ldapImportGroups(plan: ExportPlan, claimed: Claimed, templateGroups: readonly L2Group[]): L2Group[] {
  const groups: L2Group[] = [];
  for (const server of imported(plan).filter((r) => r.typeName === 'cms_ldap_server')) {
    const chosen: Array<{ c: Candidate; g: Guess }> = [];
    for (const c of readCandidates(server, plan, claimed).sort((a, b) => a.name.localeCompare(b.name))) {
      const g = guesses(c, claimed).find((x) => verify(server, [{ c, g: x }]));
      if (g) chosen.push({ c, g });
    }
    if (chosen.length === 0 || !verify(server, chosen)) continue;
    const varName = variableName(`ldap_import_${server.name}`);
    const memberExprs = new Map<ExportedResource, string>();
    chosen.forEach(({ c, g }, i) => members(c, g, i, varName).forEach((expr, r) => memberExprs.set(r, expr)));
    memberExprs.forEach((_, r) => claimed.add(r));
    const templates = [...new Set(chosen.flatMap(({ g }) => g.grants.map((x) => target(x, 'cospace_template')!)))];
    const tenants = chosen.flatMap(({ c }) => (target(c.partitions[0]!.source, 'tenant') ? [target(c.partitions[0]!.source, 'tenant')!] : []));
    const templateGroup = (t: ExportedResource) => templateGroups.find((tg) => tg.members.get(t) === `${tg.varName}.resource`);
    groups.push({
      title: `LdapImport of ${server.name}`,
      varName,
      members: memberExprs,
      dependsOn: [server, ...templates, ...tenants],
      uses: ['LdapImport', 'LdapServer', ...(templates.some((t) => !templateGroup(t)) ? ['SpaceTemplate'] : [])],
      code: (id: (r: ExportedResource) => Code) => {
        // Templates the app declares as L1 resources are handed to the import as ISpaceTemplate.
        const lookups = templates.filter((t) => !templateGroup(t));
        const lookupVar = (t: ExportedResource) => variableName(`${varName}_${t.name}_template`);
        const templateExpr = (t: ExportedResource): Code => code(templateGroup(t)?.varName ?? lookupVar(t));
        const imports: TsValue[] = chosen.map(({ c, g }) => {
          const o = g.options;
          const tenant = target(c.partitions[0]!.source, 'tenant');
          return {
            ...o,
            tenantId: tenant ? id(tenant) : undefined,
            automaticSpaces: o.automaticSpaces?.map((r) => ({ ...r })) as TsValue,
            spaceTemplates: g.grants.length ? g.grants.map((x) => ({ template: templateExpr(target(x, 'cospace_template')!), filter: str(literal(x, 'filter')) })) : undefined,
          } as TsValue;
        });
        const props = {
          ldapServer: code(`LdapServer.fromLdapServerId(this, ${tsString(`ldap_import_${server.name}_server`)}, ${id(server).code})`),
          sync: false,
          userImports: imports,
        };
        return [
          ...lookups.map((t) => `const ${lookupVar(t)} = SpaceTemplate.fromTemplateId(this, ${tsString(`ldap_import_${server.name}_${t.name}`)}, ${id(t).code});`),
          '// sync: false, so the first apply runs no LDAP sync; turn it on (and add a schedule) once adopted.',
          `const ${varName} = new LdapImport(this, ${tsString(`ldap_import_${server.name}`)}, ${tsValue(props, '')});`,
        ];
      },
    });
  }
  return groups;
}
