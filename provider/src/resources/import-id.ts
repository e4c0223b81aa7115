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

function forms(def: Definition): string {
  const parents = pathAttributes(def);
  const byId = parents.length ? `${parents.map((p) => `<${p}>`).join('/')}/<id>` : '<id>';
  const byKey = def.naturalKey ? ` or ${def.naturalKey.map((k) => `${k}=<value>`).join(',')}` : '';
  return `${byId}${byKey}`;
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
  const parents: Record<string, string> = {};
  parentNames.forEach((p, i) => (parents[p] = parts[i]));
  return { by: 'id', id: parts[parts.length - 1], parents };
}
