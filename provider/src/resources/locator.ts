/** Where an object of a definition lives in the API, from its kind and its state. */
import type { CtyObject } from '../plugin/types';
import type { Definition } from './definition';
import { apiOf } from './definition';

const PLACEHOLDER = /\{([a-z0-9_]+)\}/g;

/** Attribute names that appear as {placeholders} in the definition's path (the parent ids). */
export function pathAttributes(def: Definition): string[] {
  return [...apiOf(def).path.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** The collection path, with parent ids filled in from the given values. */
export function collectionPath(def: Definition, values: CtyObject): string {
  return apiOf(def).path.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    if (typeof v !== 'string' || v === '') throw new Error(`${def.typeName}: ${name} is needed to find the object but is not known`);
    return encodeURIComponent(v);
  });
}

/** The path of one object: the collection plus its id, or the singleton's own path. */
export function memberPath(def: Definition, values: CtyObject, id?: string): string {
  if (def.kind === 'singleton' || def.kind === 'dataSource') return apiOf(def).path;
  const objectId = id ?? values.id;
  if (typeof objectId !== 'string' || objectId === '') throw new Error(`${def.typeName}: the object id is not known`);
  return `${collectionPath(def, values)}/${encodeURIComponent(objectId)}`;
}

/** The fixed id a singleton's state carries. */
export function singletonId(def: Definition): string {
  return apiOf(def).path.replace(/^\//, '');
}
