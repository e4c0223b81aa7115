/**
 * Which HTTP methods each kind of API node takes: the one place the request handler and the
 * reference check (test/unit/blueprint.test.ts) read it from.
 */
import { ObjectType } from '../model/types';
import { COLLECTION_PUT_CREATES, SINGLETON_POST_UPDATES } from '../unverified';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Methods on a type's collection path (or a singleton's only path). */
export function collectionMethods(type: ObjectType): readonly ApiMethod[] {
  if (type.singleton) return SINGLETON_POST_UPDATES.includes(type.name) ? ['GET', 'POST', 'PUT'] : ['GET', 'PUT'];
  if (type.readOnly) return ['GET'];
  return COLLECTION_PUT_CREATES.includes(type.name) ? ['GET', 'POST', 'PUT'] : ['GET', 'POST'];
}

/** Methods on a member (`<collection>/<id>`); singletons have none. */
export function memberMethods(type: ObjectType): readonly ApiMethod[] {
  if (type.singleton) return [];
  if (type.readOnly) return ['GET'];
  if (type.job) return ['GET', 'DELETE'];
  return ['GET', 'PUT', 'DELETE'];
}
