/**
 * Collection GET: the documented filters, then `offset`/`limit` under the endpoint's own page
 * cap (cms-api.md §1.10). `total` counts every match, whatever the page.
 */
import { Database } from '../model/store';
import { ObjectType, QueryFilter, StoredObject } from '../model/types';
import { isReferenced } from '../model/references';
import { filterMatches } from '../unverified';
import { parameterError } from './failures';

export interface Page {
  total: number;
  items: StoredObject[];
}

type FilterFn = (object: StoredObject, value: string) => boolean;

function filterFunction(db: Database, type: ObjectType, filter: QueryFilter): FilterFn {
  switch (filter) {
    case 'filter': {
      const searched = type.params.filter((p) => p.search).map((p) => p.name);
      return (o, v) => searched.some((name) => filterMatches(o.fields[name] ?? '', v));
    }
    case 'tenantFilter':
      return (o, v) => o.fields.tenant === v;
    case 'callLegProfileFilter':
      return (o, v) => o.fields.callLegProfile === v;
    case 'emailFilter':
      return (o, v) => o.fields.email === v;
    case 'cdrTagFilter':
      return (o, v) => o.fields.cdrTag === v;
    case 'usageFilter':
      return (o, v) => isReferenced(db, type, o.id) === (v === 'referenced');
  }
}

function readCount(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^[0-9]+$/.test(raw)) throw parameterError(name, 'invalidValue');
  return Number(raw);
}

/**
 * Applies the filters the type supports (others are ignored, as is an empty value:
 * `tenantFilter=` does not select tenant-less objects, §1.10) and pages the result.
 */
export function listPage(db: Database, type: ObjectType, objects: StoredObject[], query: URLSearchParams, pageCap: number): Page {
  let matched = objects;
  for (const filter of type.filters ?? []) {
    const value = query.get(filter);
    if (value === null || value === '') continue;
    if (filter === 'usageFilter' && value !== 'referenced' && value !== 'unreferenced') throw parameterError('usageFilter', 'invalidValue');
    const fn = filterFunction(db, type, filter);
    matched = matched.filter((o) => fn(o, value));
  }
  const offset = readCount(query, 'offset') ?? 0;
  const limit = readCount(query, 'limit');
  const size = Math.min(limit ?? pageCap, pageCap);
  return { total: matched.length, items: matched.slice(offset, offset + size) };
}
