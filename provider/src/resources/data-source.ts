/**
 * Data sources: one object (status views), every object matching a query (list data sources),
 * or any resource type's object found by its natural key (lookup).
 */
import type { CtyObject, CtyValue } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { CmsApi } from './api';
import type { Definition } from './definition';
import { apiOf } from './definition';
import { findMatching } from './lookup';
import type { Wanted } from './lookup';
import { memberPath, pathAttributes } from './locator';
import { itemObject, stateFromObject } from './mapping';
import { OperationError } from './operations';
import { fromApi } from './values';

/** Query parameters from the data source's `query` attributes that are set. */
function queryOf(def: Definition, config: CtyObject): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, attr] of Object.entries(def.attributes)) {
    const v = config[name];
    if (attr.query && v !== null && v !== undefined && !isUnknown(v)) query[attr.api] = String(v);
  }
  return query;
}

export async function readDataSource(def: Definition, api: CmsApi, config: CtyObject, resources: ReadonlyMap<string, Definition>): Promise<CtyObject> {
  if (def.flags?.lookup) return lookup(def, api, config, resources);
  if (!def.list) return stateFromObject(def, await api.get(memberPath(def, config), queryOf(def, config)), config, apiOf(def).path.replace(/^\//, ''));
  const listAttr = def.attributes[def.list.attribute];
  const { filter, ...query } = queryOf(def, config);
  const items: CtyValue[] = [];
  for await (const summary of api.list(apiOf(def).path, { ...(filter ? { filter } : {}), query })) {
    const item = def.list.detail && summary.id ? await api.get(`${apiOf(def).path}/${encodeURIComponent(summary.id)}`) : summary;
    items.push(itemObject(listAttr.items?.attributes ?? {}, { ...item, attributes: { ...item.attributes, ...(summary.id ? { id: summary.id } : {}) } }));
  }
  const state: CtyObject = { id: `${apiOf(def).path.replace(/^\//, '')}?${new URLSearchParams({ ...(filter ? { filter } : {}), ...query }).toString()}` };
  // Besides the list, a list data source holds only its query arguments, as configured.
  for (const name of Object.keys(def.attributes)) state[name] = name === def.list.attribute ? items : (config[name] ?? null);
  return state;
}

/** Finds one object of another resource type by its natural key and returns its id and values. */
async function lookup(def: Definition, api: CmsApi, config: CtyObject, resources: ReadonlyMap<string, Definition>): Promise<CtyObject> {
  const typeName = String(config.type);
  const target = resources.get(typeName);
  if (!target || (target.kind !== 'collection' && target.kind !== 'child')) {
    throw new OperationError(`"${typeName}" is not a resource type whose objects can be looked up; use one of ${[...resources.values()].filter((d) => d.kind === 'collection' || d.kind === 'child').map((d) => d.typeName).join(', ')}.`, 'type');
  }
  const key = (config.key ?? {}) as Record<string, CtyValue>;
  const wanted: Wanted = {};
  for (const [name, raw] of Object.entries(key)) {
    const attr = target.attributes[name];
    if (!attr) throw new OperationError(`${typeName} has no attribute "${name}".`, 'key');
    const value = fromApi(attr, String(raw));
    if (value === undefined) throw new OperationError(`key ${name} = ${JSON.stringify(raw)} is not a valid ${attr.type} for ${typeName}.${name}.`, 'key');
    wanted[name] = value;
  }
  const missing = pathAttributes(target).filter((p) => !(p in wanted));
  if (missing.length) throw new OperationError(`Looking up ${typeName} needs ${missing.join(', ')} in key.`, 'key');
  const scope: CtyObject = Object.fromEntries(Object.entries(wanted).map(([k, v]) => [k, v]));
  const found = await findMatching(api, target, scope, wanted);
  if (found.length !== 1) {
    const what = Object.entries(key).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ');
    throw new OperationError(found.length === 0 ? `No ${typeName} with ${what} exists.` : `${found.length} objects of ${typeName} match ${what}; add attributes to key to tell them apart.`, 'key');
  }
  const detail = await api.get(memberPath(target, scope, String(found[0].id)));
  return { id: String(found[0].id), type: typeName, key: config.key ?? null, values: { ...detail.values } };
}
