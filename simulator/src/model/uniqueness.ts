/**
 * Uniqueness namespaces (cms-api.md §2.8, §2.9, §2.23, §1.9): URIs of spaces, access methods
 * and IVRs share one namespace, call IDs another, Call Bridge names a third. Values held by the
 * same owner (a space and its access methods) may repeat when their passcodes differ.
 */
import { UNIQUENESS_IGNORES_CASE } from '../unverified';
import { Database } from './store';
import { Fields, ObjectType, UniqueSpec } from './types';

/** One value held in a namespace. */
export interface NamespaceEntry {
  typeName: string;
  id: string;
  parentId?: string;
  /** The object that owns the value for the same-owner rule (`coSpace:<id>`). */
  owner: string;
  param: string;
  value: string;
  /** Value of the spec's `pairedWith` parameter ('' when unset). */
  paired: string;
}

export function ownerKey(type: ObjectType, id: string, parentId: string | undefined): string {
  if (type.uniqueOwner === 'parent' && type.parent && parentId) return `${type.parent}:${parentId}`;
  return `${type.name}:${id}`;
}

export function normalizeForNamespace(namespace: string, value: string): string {
  return UNIQUENESS_IGNORES_CASE[namespace] ? value.toLowerCase() : value;
}

/** Every value stored in `namespace`, by normalised value. */
export function namespaceIndex(db: Database, namespace: string): Map<string, NamespaceEntry[]> {
  const index = new Map<string, NamespaceEntry[]>();
  for (const type of db.registry.types) {
    for (const spec of type.unique ?? []) {
      if (spec.namespace !== namespace) continue;
      for (const object of db.all(type.name)) {
        for (const param of spec.params) {
          const value = object.fields[param];
          if (!value) continue;
          const key = normalizeForNamespace(namespace, value);
          const entry: NamespaceEntry = {
            typeName: type.name,
            id: object.id,
            parentId: object.parentId,
            owner: ownerKey(type, object.id, object.parentId),
            param,
            value,
            paired: spec.pairedWith ? (object.fields[spec.pairedWith.param] ?? '') : '',
          };
          index.set(key, [...(index.get(key) ?? []), entry]);
        }
      }
    }
  }
  return index;
}

export interface Candidate {
  type: ObjectType;
  id: string;
  parentId?: string;
  fields: Fields;
}

/**
 * The failure reason if `candidate` (the merged fields of a create or update) takes a value
 * another object holds; only namespaces touched by `changed` are checked on update, so
 * existing clashes (e.g. seeded data) do not block unrelated edits.
 */
export function uniquenessViolation(db: Database, candidate: Candidate, changed?: ReadonlySet<string>): string | undefined {
  const owner = ownerKey(candidate.type, candidate.id, candidate.parentId);
  for (const spec of candidate.type.unique ?? []) {
    if (changed && !touches(spec, changed)) continue;
    const index = namespaceIndex(db, spec.namespace);
    const paired = spec.pairedWith ? (candidate.fields[spec.pairedWith.param] ?? '') : '';
    for (const param of spec.params) {
      const value = candidate.fields[param];
      if (!value) continue;
      for (const entry of index.get(normalizeForNamespace(spec.namespace, value)) ?? []) {
        if (entry.typeName === candidate.type.name && entry.id === candidate.id) continue;
        if (spec.scope === 'withinParent' && entry.parentId !== candidate.parentId) continue;
        if (entry.owner === owner && spec.pairedWith) {
          if (entry.paired !== paired) continue;
          return spec.pairedWith.reason;
        }
        return spec.reason;
      }
    }
  }
  return undefined;
}

function touches(spec: UniqueSpec, changed: ReadonlySet<string>): boolean {
  return spec.params.some((p) => changed.has(p)) || (spec.pairedWith !== undefined && changed.has(spec.pairedWith.param));
}
