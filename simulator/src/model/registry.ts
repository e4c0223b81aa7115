/**
 * Lookups over the object tables: by name, by path, children of a type, and which
 * parameters reference which type.
 */
import { OBJECT_TYPES } from './tables';
import { ObjectType, ParamSpec } from './types';

export interface ReferencingParam {
  type: ObjectType;
  param: ParamSpec;
}

export class Registry {
  private readonly byName = new Map<string, ObjectType>();
  private readonly childTypes = new Map<string, ObjectType[]>();
  private readonly referrers = new Map<string, ReferencingParam[]>();

  constructor(readonly types: readonly ObjectType[] = OBJECT_TYPES) {
    for (const type of types) {
      if (this.byName.has(type.name)) throw new Error(`object table: duplicate type ${type.name}`);
      this.byName.set(type.name, type);
    }
    for (const type of types) {
      if (type.parent) {
        if (!this.byName.has(type.parent)) throw new Error(`object table: ${type.name} has unknown parent ${type.parent}`);
        this.childTypes.set(type.parent, [...(this.childTypes.get(type.parent) ?? []), type]);
      }
      for (const param of type.params) {
        if (param.type.kind !== 'ref') continue;
        const target = param.type.target;
        if (!this.byName.has(target)) throw new Error(`object table: ${type.name}.${param.name} references unknown type ${target}`);
        this.referrers.set(target, [...(this.referrers.get(target) ?? []), { type, param }]);
      }
    }
  }

  get(name: string): ObjectType {
    const type = this.byName.get(name);
    if (!type) throw new Error(`unknown object type ${name}`);
    return type;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  topLevel(): ObjectType[] {
    return this.types.filter((t) => !t.parent);
  }

  children(parentName: string): ObjectType[] {
    return this.childTypes.get(parentName) ?? [];
  }

  /** Parameters of any type that hold ids of `targetName`. */
  referencesTo(targetName: string): ReferencingParam[] {
    return this.referrers.get(targetName) ?? [];
  }

  /** The collection element (`coSpaces`), also the key used for page caps and snapshots. */
  collectionName(type: ObjectType): string {
    return type.listElement ?? type.path.split('/').pop()!;
  }
}

export function requestNames(param: ParamSpec): string[] {
  return [param.name, ...(param.aliases ?? [])];
}

/** The XML element a parameter is answered with. */
export function elementName(param: ParamSpec): string {
  return param.element ?? param.name;
}
