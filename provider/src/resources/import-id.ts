/**
 * Import ids: an object id, `parent/child` ids for child objects, or natural-key pairs such as
 * `name=Main group` or `cospace_template_id=<id>,name=Host`.
 */
import type { Definition } from './definition';
import { pathAttributes } from './locator';
import type { Wanted } from './lookup';
import { fromApi } from './values';

export type ParsedImportId =
  | { by: 'id'; id: string; parents: Record<string, string> }
  | { by: 'key'; wanted: Wanted; parents: Record<string, string> };

export class ImportIdError extends Error {}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function idForm(def: Definition): string {
  const parents = pathAttributes(def);
  return parents.length ? `${parents.map((p) => `<${p}>`).join('/')}/<id>` : '<id>';
}

function keyForm(def: Definition): string | undefined {
  return def.naturalKey?.map((k) => `${k}=<value>`).join(',');
}

function forms(def: Definition): string {
  const byKey = keyForm(def);
  return `${idForm(def)}${byKey ? ` or ${byKey}` : ''}`;
}

function parseKeyPairs(def: Definition, text: string): Wanted {
  const names = Object.keys(def.attributes).sort((a, b) => b.length - a.length);
  // Split only on commas that start another `known_attribute=`, so values may contain commas.
  const splitter = new RegExp(`,\\s*(?=(?:${names.join('|')})=)`);
  const wanted: Wanted = {};
  for (const pair of text.split(splitter)) {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1);
    const attr = def.attributes[name];
    if (!attr) throw new ImportIdError(`${def.typeName} has no attribute "${name}"; import with ${forms(def)}`);
    const value = fromApi(attr, raw);
    if (value === undefined) throw new ImportIdError(`${name}=${raw} is not a valid ${attr.type} for ${def.typeName}.${name}`);
    wanted[name] = value;
  }
  return wanted;
}

export function parseImportId(def: Definition, importId: string): ParsedImportId {
  const text = importId.trim();
  const parentNames = pathAttributes(def);
  if (/^[a-z][a-z0-9_]*=/.test(text)) {
    if (!def.naturalKey) throw new ImportIdError(`${def.typeName} has no natural key; import it by id: ${forms(def)}`);
    const wanted = parseKeyPairs(def, text);
    const missing = def.naturalKey.filter((k) => !(k in wanted));
    if (missing.length) throw new ImportIdError(`import id for ${def.typeName} lacks ${missing.join(', ')}; use ${forms(def)}`);
    const parents: Record<string, string> = {};
    for (const p of parentNames) parents[p] = String(wanted[p]);
    return { by: 'key', wanted, parents };
  }
  const parts = text.split('/');
  if (parts.length !== parentNames.length + 1 || parts.some((p) => p === '')) {
    throw new ImportIdError(`"${importId}" is not an import id for ${def.typeName}; use ${forms(def)}`);
  }
  // Object ids are GUIDs: anything else is most likely a name given where an id belongs.
  const notId = parts.findIndex((p) => !GUID.test(p));
  if (notId >= 0) {
    const key = def.naturalKey;
    const byKey = key?.length === 1 && parentNames.length === 0 ? `, or by ${key[0]}: ${key[0]}=${parts[notId]}` : key ? `, or by ${keyForm(def)}` : '';
    const what = notId < parentNames.length ? `the ${parentNames[notId]} part of "${importId}"` : `"${parts[notId]}"`;
    throw new ImportIdError(`${what} is not an object id: ids are GUIDs such as 9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7 (the id attribute). Import ${def.typeName} by id with ${idForm(def)}${byKey}.`);
  }
  const parents: Record<string, string> = {};
  parentNames.forEach((p, i) => (parents[p] = parts[i]));
  return { by: 'id', id: parts[parts.length - 1], parents };
}
