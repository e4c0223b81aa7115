/**
 * cty types: parsing Terraform's JSON type notation, and the object type a schema implies.
 *
 * The implied type is what every DynamicValue for that schema is encoded with, so it must match
 * Terraform's `configschema.Block.ImpliedType` exactly (including the dynamic fallbacks below).
 */
import type { CtyType, SchemaAttribute, SchemaBlock, SchemaNestedBlock, SchemaObject } from './types';

type ObjectAttributeTypes = { readonly [attr: string]: CtyType };

/** Parses a type from Terraform's JSON notation (the bytes of `Schema.Attribute.type`). */
export function parseCtyType(json: unknown): CtyType {
  if (json === 'string' || json === 'number' || json === 'bool' || json === 'dynamic') return json;
  if (Array.isArray(json) && typeof json[0] === 'string') {
    const [kind, arg] = json as [string, unknown];
    switch (kind) {
      case 'list':
      case 'set':
      case 'map':
        return [kind, parseCtyType(arg)];
      case 'tuple':
        if (Array.isArray(arg)) return ['tuple', arg.map(parseCtyType)];
        break;
      case 'object':
        // A third element (optional attribute names) only appears in type constraints; values
        // never carry it, so it is ignored here.
        if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
          const attrs: Record<string, CtyType> = {};
          for (const [name, t] of Object.entries(arg)) attrs[name] = parseCtyType(t);
          return ['object', attrs];
        }
        break;
    }
  }
  throw new Error(`not a cty type: ${JSON.stringify(json)}`);
}

export function parseCtyTypeBytes(bytes: Uint8Array): CtyType {
  return parseCtyType(JSON.parse(Buffer.from(bytes).toString('utf8')));
}

export function ctyTypeToJson(type: CtyType): string {
  return JSON.stringify(type);
}

export function isPrimitiveType(type: CtyType): type is 'string' | 'number' | 'bool' {
  return type === 'string' || type === 'number' || type === 'bool';
}

export function containsDynamic(type: CtyType): boolean {
  if (typeof type === 'string') return type === 'dynamic';
  switch (type[0]) {
    case 'list':
    case 'set':
    case 'map':
      return containsDynamic(type[1]);
    case 'tuple':
      return type[1].some(containsDynamic);
    case 'object':
      return Object.values(type[1]).some(containsDynamic);
  }
}

/** The type of one attribute: its `type`, or the type its nested attributes imply. */
export function attributeType(attr: SchemaAttribute): CtyType {
  if (attr.nestedType) return nestedObjectType(attr.nestedType);
  if (attr.type === undefined) throw new Error(`attribute ${attr.name} has neither type nor nestedType`);
  return attr.type;
}

function nestedObjectType(obj: SchemaObject): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const a of obj.attributes) attrs[a.name] = attributeType(a);
  const objectType: CtyType = ['object', attrs];
  return obj.nesting === 'single' ? objectType : [obj.nesting, objectType];
}

function nestedBlockType(nested: SchemaNestedBlock): CtyType {
  const blockType = impliedType(nested.block);
  switch (nested.nesting) {
    case 'single':
    case 'group':
      return blockType;
    case 'set':
      return ['set', blockType];
    case 'list':
    case 'map':
      // A list or map of blocks whose contents are dynamically typed cannot have one element
      // type, so Terraform decodes it as a tuple or object and the implied type is dynamic.
      return containsDynamic(blockType) ? 'dynamic' : [nested.nesting, blockType];
  }
}

/** The object type of values for `block`: every attribute and every nested block type. */
export function impliedType(block: SchemaBlock): readonly ['object', ObjectAttributeTypes] {
  const attrs: Record<string, CtyType> = {};
  for (const a of block.attributes) attrs[a.name] = attributeType(a);
  for (const b of block.blockTypes ?? []) attrs[b.typeName] = nestedBlockType(b);
  return ['object', attrs];
}
