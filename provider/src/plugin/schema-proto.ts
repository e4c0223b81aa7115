/** The engine's schema model (types.ts) as tfplugin6 Schema messages. */
import { ctyTypeToJson } from './cty-type';
import type { SchemaAttributeMessage, SchemaBlockMessage, SchemaMessage, SchemaNestedBlockMessage, SchemaObjectMessage, StringKindName } from './protocol-messages';
import type { Schema, SchemaAttribute, SchemaBlock, SchemaNestedBlock, SchemaObject, StringKind } from './types';

export function schemaToProto(schema: Schema): SchemaMessage {
  return { version: schema.version, block: blockToProto(schema.block, schema.version) };
}

function blockToProto(block: SchemaBlock, version = 0): SchemaBlockMessage {
  return {
    version,
    attributes: block.attributes.map(attributeToProto),
    block_types: (block.blockTypes ?? []).map(nestedBlockToProto),
    description: block.description ?? '',
    description_kind: kind(block.descriptionKind),
    deprecated: block.deprecated ?? false,
  };
}

function attributeToProto(attr: SchemaAttribute): SchemaAttributeMessage {
  const msg: SchemaAttributeMessage = {
    name: attr.name,
    description: attr.description ?? '',
    description_kind: kind(attr.descriptionKind),
    required: attr.required ?? false,
    optional: attr.optional ?? false,
    computed: attr.computed ?? false,
    sensitive: attr.sensitive ?? false,
    deprecated: attr.deprecated ?? false,
    write_only: attr.writeOnly ?? false,
  };
  if (attr.nestedType) msg.nested_type = objectToProto(attr.nestedType);
  else if (attr.type !== undefined) msg.type = Buffer.from(ctyTypeToJson(attr.type));
  return msg;
}

function objectToProto(obj: SchemaObject): SchemaObjectMessage {
  return { attributes: obj.attributes.map(attributeToProto), nesting: obj.nesting.toUpperCase() as SchemaObjectMessage['nesting'] };
}

function nestedBlockToProto(nested: SchemaNestedBlock): SchemaNestedBlockMessage {
  return {
    type_name: nested.typeName,
    block: blockToProto(nested.block),
    nesting: nested.nesting.toUpperCase() as SchemaNestedBlockMessage['nesting'],
    min_items: nested.minItems ?? 0,
    max_items: nested.maxItems ?? 0,
  };
}

function kind(k: StringKind | undefined): StringKindName {
  return k === 'markdown' ? 'MARKDOWN' : 'PLAIN';
}
