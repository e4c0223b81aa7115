/**
 * Maps a path below `/api/v1` to the object table it addresses: a collection, a member, a
 * member's sub-view, a singleton, or one of the node's read-only system views.
 */
import { Registry } from '../model/registry';
import { MemberView, ObjectType } from '../model/types';

export type NodeView = 'status' | 'database' | 'licensing' | 'load' | 'alarms' | 'clusterLicensing';

export const NODE_VIEW_PATHS: Readonly<Record<string, NodeView>> = {
  'system/status': 'status',
  'system/database': 'database',
  'system/licensing': 'licensing',
  'system/load': 'load',
  'system/alarms': 'alarms',
  clusterLicensing: 'clusterLicensing',
};

/** Parent ids along the path, outermost first (`coSpaces/<id>/accessMethods` → one). */
export interface Ancestor {
  type: ObjectType;
  id: string;
}

export type ApiRoute =
  | { kind: 'collection'; type: ObjectType; parent?: Ancestor }
  | { kind: 'member'; type: ObjectType; id: string; parent?: Ancestor }
  | { kind: 'memberView'; type: ObjectType; id: string; view: MemberView; parent?: Ancestor }
  | { kind: 'singleton'; type: ObjectType }
  | { kind: 'nodeView'; view: NodeView };

export class ApiRouter {
  constructor(
    private readonly registry: Registry,
    private readonly lenientCasing: boolean,
  ) {}

  private same(a: string, b: string): boolean {
    return a === b || (this.lenientCasing && a.toLowerCase() === b.toLowerCase());
  }

  private startsWith(segments: string[], prefix: string[]): boolean {
    return prefix.length <= segments.length && prefix.every((p, i) => this.same(segments[i]!, p));
  }

  /** `segments` are the decoded path segments after `/api/v1`; undefined = no such node. */
  resolve(segments: string[]): ApiRoute | undefined {
    for (const [path, view] of Object.entries(NODE_VIEW_PATHS)) {
      const p = path.split('/');
      if (p.length === segments.length && this.startsWith(segments, p)) return { kind: 'nodeView', view };
    }
    // Longest table path first, so `system/cdrReceivers` never shadows something longer.
    const topLevel = this.registry.topLevel().sort((a, b) => b.path.split('/').length - a.path.split('/').length);
    for (const type of topLevel) {
      const prefix = type.path.split('/');
      if (!this.startsWith(segments, prefix)) continue;
      const rest = segments.slice(prefix.length);
      if (type.singleton) return rest.length === 0 ? { kind: 'singleton', type } : undefined;
      return this.below(type, rest, undefined);
    }
    return undefined;
  }

  private below(type: ObjectType, rest: string[], parent: Ancestor | undefined): ApiRoute | undefined {
    if (rest.length === 0) return { kind: 'collection', type, parent };
    const id = rest[0]!;
    if (id === '') return undefined;
    if (rest.length === 1) return { kind: 'member', type, id, parent };
    const sub = rest[1]!;
    for (const [name, view] of Object.entries(type.memberViews ?? {})) {
      if (rest.length === 2 && this.same(sub, name)) return { kind: 'memberView', type, id, view, parent };
    }
    for (const child of this.registry.children(type.name)) {
      if (this.same(sub, child.path)) return this.below(child, rest.slice(2), { type, id });
    }
    return undefined;
  }
}
