/**
 * Loads every definition under schemas/, validates it against definition.schema.json (ajv) and
 * checks what JSON Schema cannot: keys and placeholders that name real attributes, defaults that
 * fit their type, references to known types.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { Definition } from '../../provider/src/resources/definition';
import { pathAttributes } from '../../provider/src/resources/locator';
import { READERS } from '../../provider/src/resources/mmp/readers';
import { withSecretForms } from '../../provider/src/resources/secret-forms';

export interface LoadedDefinition {
  file: string;
  definition: Definition;
}

export interface Catalog {
  resources: LoadedDefinition[];
  dataSources: LoadedDefinition[];
  /** Problems that make a definition unusable. */
  errors: string[];
  /** References to types not defined (yet). */
  warnings: string[];
}

function readDir(root: string, dir: string): LoadedDefinition[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: path.posix.join(dir, f), definition: JSON.parse(fs.readFileSync(path.join(full, f), 'utf8')) as Definition }));
}

function semanticErrors(file: string, def: Definition): string[] {
  const errors: string[] = [];
  const say = (msg: string) => errors.push(`${file}: ${msg}`);
  for (const key of def.naturalKey ?? []) if (!def.attributes[key]) say(`naturalKey names unknown attribute ${key}`);
  const created = (def.kind === 'collection' || def.kind === 'child') && !def.mmp;
  if (created && !def.naturalKey && !def.orphans) say('a collection or child type without naturalKey must say how an existing object is recognised (orphans)');
  if (def.orphans && !created) say('orphans applies to collection and child types only');
  if (def.orphans?.match === 'naturalKey' && !def.naturalKey) say('orphans.match naturalKey needs a naturalKey');
  if (def.kind === 'action' && !def.action) say('an action needs an action section');
  if (def.action) {
    for (const m of def.action.measures ?? []) for (const a of [m.before, m.after]) if (def.attributes[a]?.mode !== 'computed') say(`measure attribute ${a} must be a computed attribute`);
    if (def.action.timeoutAttribute && !def.attributes[def.action.timeoutAttribute]?.local) say('action.timeoutAttribute must name a local attribute');
    const runOn = def.action.runOnAttribute ? def.attributes[def.action.runOnAttribute] : undefined;
    if (def.action.runOnAttribute && (!runOn?.local || JSON.stringify(runOn.enum) !== '["create","destroy"]')) say('action.runOnAttribute must name a local attribute with enum ["create", "destroy"]');
  }
  if (def.list && def.attributes[def.list.attribute]?.type !== 'objectList') say('list.attribute must name an objectList attribute');
  if (!def.api && !def.mmp && !def.flags?.lookup) say('api is required unless the object lives on the MMP (mmp) or is a lookup');
  for (const [name, attr] of Object.entries(def.attributes)) {
    for (const cause of attr.changesWith ?? []) if (!def.attributes[cause]) say(`${name}.changesWith names unknown attribute ${cause}`);
    if (attr.changesWith && attr.mode !== 'computed' && attr.mode !== 'optionalComputed') say(`${name}: changesWith is for values the server chooses (computed or optionalComputed)`);
    if (attr.mmp && !(attr.mmp.read in READERS)) say(`${name}: mmp.read names no reader (${Object.keys(READERS).join(', ')})`);
    if (attr.mmp && def.mmp?.lifecycle !== 'nodeSettings') say(`${name}: attribute mmp commands belong to the nodeSettings lifecycle`);
    if (attr.writeOnly && !attr.secret) say(`${name}: writeOnly goes with secret`);
    if (attr.secret) {
      if (def.kind === 'dataSource') say(`${name}: data sources have no secrets to set`);
      if (attr.type !== 'string' || attr.mode === 'computed' || attr.mode === 'optionalComputed') say(`${name}: a secret is a string the user sets (required or optional)`);
      for (const form of [`${name}_wo`, `${name}_wo_version`]) if (def.attributes[form]) say(`${form} is the name of ${name}'s write-only form; rename the attribute`);
    }
  }
  for (const [name, attr] of Object.entries(def.attributes)) if ((attr.type === 'objectList') !== Boolean(attr.items)) say(`${name}: items go with type objectList, and only with it`);
  const placeholders = def.api ? pathAttributes(def) : [];
  for (const p of placeholders) if (!def.attributes[p]?.parent) say(`path placeholder {${p}} must be an attribute with parent: true`);
  for (const [name, attr] of Object.entries(def.attributes)) {
    if (attr.parent && !placeholders.includes(name)) say(`${name} is a parent attribute but not in the path`);
    if (attr.parent && !attr.forceNew) say(`${name} is a parent attribute and must be forceNew`);
    if (attr.serverDefault !== undefined) {
      const t = typeof attr.serverDefault;
      const want = attr.type === 'bool' ? 'boolean' : attr.type;
      if (t !== want) say(`${name}.serverDefault is a ${t}, the attribute a ${attr.type}`);
      if (attr.enum && !attr.enum.includes(String(attr.serverDefault))) say(`${name}.serverDefault is not one of its enum values`);
    }
    if ((attr.enum || attr.format || attr.minLength !== undefined || attr.maxLength !== undefined) && !['string', 'stringList', 'stringSet', 'stringMap'].includes(attr.type)) say(`${name}: enum, format and lengths apply to strings (and their lists and maps) only`);
    if ((attr.minimum !== undefined || attr.maximum !== undefined) && attr.type !== 'number') say(`${name}: minimum and maximum apply to numbers only`);
    if (def.kind === 'dataSource' && attr.mode === 'optionalComputed') say(`${name}: data sources take required, optional or computed attributes`);
  }
  for (const rule of def.rules ?? []) {
    for (const name of [...Object.keys(rule.when), ...Object.keys(rule.then)]) if (!def.attributes[name]) say(`a rule names unknown attribute ${name}`);
  }
  for (const rule of def.across ?? []) {
    const names = rule.kind === 'unique' ? rule.attributes : rule.kind === 'singleton' ? (rule.per ?? []) : rule.kind === 'same' || rule.kind === 'distinct' ? [rule.attribute] : [];
    for (const name of names) if (!def.attributes[name]) say(`across rule ${rule.id} names unknown attribute ${name}`);
    for (const name of names) if (def.attributes[name]?.secret) say(`across rule ${rule.id} names secret attribute ${name}`);
  }
  return errors;
}

/** A checker for single definitions: schema errors first, then the semantic checks. */
export function definitionChecker(root: string): (file: string, definition: unknown) => string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/definition.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
  return (file, definition) => {
    if (!validate(definition)) {
      return (validate.errors ?? []).map((e) => `${file}: ${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    }
    return semanticErrors(file, definition as Definition);
  };
}

export function loadCatalog(root: string): Catalog {
  const check = definitionChecker(root);
  const resources = readDir(root, 'schemas/resources');
  const dataSources = readDir(root, 'schemas/data-sources');
  const errors: string[] = [];
  const warnings: string[] = [];
  const known = new Set(resources.map((r) => r.definition.typeName));
  const seen = new Set<string>();
  for (const { file, definition } of [...resources, ...dataSources]) {
    const problems = check(file, definition);
    errors.push(...problems);
    if (problems.length) continue;
    if (seen.has(definition.typeName)) errors.push(`${file}: type ${definition.typeName} is defined twice`);
    seen.add(definition.typeName);
    const expectedFile = definition.typeName.replace(/^cms_/, '') + '.json';
    if (path.basename(file) !== expectedFile) errors.push(`${file}: should be named ${expectedFile}`);
    for (const [name, attr] of Object.entries(definition.attributes)) {
      if (attr.references && !known.has(attr.references)) warnings.push(`${file}: ${name} references ${attr.references}, which has no definition yet`);
    }
  }
  for (const { file, definition } of resources) if (definition.kind === 'dataSource') errors.push(`${file}: data sources belong in schemas/data-sources`);
  for (const { file, definition } of dataSources) if (definition.kind !== 'dataSource') errors.push(`${file}: only data sources belong in schemas/data-sources`);
  // Secrets are served in their Terraform forms (x, x_wo, x_wo_version): docs and schema show those.
  return { resources: resources.map((r) => ({ ...r, definition: withSecretForms(r.definition) })), dataSources, errors, warnings };
}
