/**
 * The configuration database shared by every node of a simulated cluster: objects per type in
 * insertion order (the order lists are answered in, cms-api.md §1.10) and the cluster-wide
 * singletons.
 */
import { Registry } from './registry';
import { Fields, ObjectType, StoredObject } from './types';

/** Snapshot of one object: its id, fields, `$meta` bookkeeping and child collections by path. */
export interface SnapshotObject {
  id: string;
  $meta?: Fields;
  [key: string]: string | Fields | SnapshotObject[] | undefined;
}
/** Top-level collections by path (`coSpaces`, `system/cdrReceivers`) and singletons (`system/profiles`). */
export type DatabaseSnapshot = Record<string, SnapshotObject[] | Fields>;

export class Database {
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private readonly singletons = new Map<string, Fields>();
  /** Incremented on every change; persistence and tests watch it. */
  revision = 0;

  constructor(readonly registry: Registry) {}

  private table(typeName: string): Map<string, StoredObject> {
    let table = this.objects.get(typeName);
    if (!table) {
      table = new Map();
      this.objects.set(typeName, table);
    }
    return table;
  }

  all(typeName: string): StoredObject[] {
    return [...this.table(typeName).values()];
  }

  children(typeName: string, parentId: string): StoredObject[] {
    return this.all(typeName).filter((o) => o.parentId === parentId);
  }

  get(typeName: string, id: string): StoredObject | undefined {
    return this.table(typeName).get(id);
  }

  find(typeName: string, predicate: (o: StoredObject) => boolean): StoredObject | undefined {
    for (const o of this.table(typeName).values()) if (predicate(o)) return o;
    return undefined;
  }

  /** Inserts, or replaces in place (keeping the object's position in lists). */
  put(typeName: string, object: StoredObject): void {
    this.table(typeName).set(object.id, object);
    this.revision++;
  }

  /** Removes an object and, recursively, its child collections. Returns what was removed. */
  remove(typeName: string, id: string): StoredObject[] {
    const removed: StoredObject[] = [];
    const object = this.table(typeName).get(id);
    if (!object) return removed;
    for (const child of this.registry.children(typeName)) {
      for (const c of this.children(child.name, id)) removed.push(...this.remove(child.name, c.id));
    }
    this.table(typeName).delete(id);
    removed.push(object);
    this.revision++;
    return removed;
  }

  singleton(typeName: string): Fields {
    return { ...(this.singletons.get(typeName) ?? {}) };
  }

  setSingleton(typeName: string, fields: Fields): void {
    this.singletons.set(typeName, { ...fields });
    this.revision++;
  }

  hasSingleton(typeName: string): boolean {
    return this.singletons.has(typeName);
  }

  clear(): void {
    this.objects.clear();
    this.singletons.clear();
    this.revision++;
  }

  count(): number {
    let n = 0;
    for (const table of this.objects.values()) n += table.size;
    return n;
  }

  /** JSON-friendly copy of everything, children nested under their parents. */
  snapshot(): DatabaseSnapshot {
    const out: DatabaseSnapshot = {};
    const dump = (type: ObjectType, objects: StoredObject[]): SnapshotObject[] =>
      objects.map((o) => {
        const item: SnapshotObject = { id: o.id, ...o.fields };
        if (o.meta && Object.keys(o.meta).length > 0) item.$meta = { ...o.meta };
        for (const child of this.registry.children(type.name)) {
          const kids = this.children(child.name, o.id);
          if (kids.length > 0) item[child.path] = dump(child, kids);
        }
        return item;
      });
    for (const type of this.registry.topLevel()) {
      if (type.singleton === 'cluster') {
        if (this.singletons.has(type.name)) out[type.path] = this.singleton(type.name);
      } else if (!type.singleton) {
        const objects = this.all(type.name);
        if (objects.length > 0) out[type.path] = dump(type, objects);
      }
    }
    return out;
  }

  /** Replaces the contents with a snapshot taken by `snapshot()` (no validation: trusted input). */
  restore(snapshot: DatabaseSnapshot): void {
    this.clear();
    const load = (type: ObjectType, items: SnapshotObject[], parentId?: string): void => {
      for (const item of items) {
        const fields: Fields = {};
        const childKeys = new Set(this.registry.children(type.name).map((c) => c.path));
        for (const [k, v] of Object.entries(item)) {
          if (k === 'id' || k === '$meta' || childKeys.has(k)) continue;
          if (typeof v === 'string') fields[k] = v;
        }
        this.table(type.name).set(item.id, { id: item.id, parentId, fields, meta: item.$meta ? { ...item.$meta } : undefined });
        for (const child of this.registry.children(type.name)) {
          const kids = item[child.path];
          if (Array.isArray(kids)) load(child, kids, item.id);
        }
      }
    };
    for (const type of this.registry.topLevel()) {
      const entry = snapshot[type.path];
      if (entry === undefined) continue;
      if (type.singleton === 'cluster' && !Array.isArray(entry)) this.singletons.set(type.name, { ...entry });
      else if (Array.isArray(entry)) load(type, entry);
    }
    this.revision++;
  }
}
