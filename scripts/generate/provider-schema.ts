/**
 * The provider schema in the shape of `terraform providers schema -json`, built from the same
 * functions the provider serves its schema with, so the two cannot drift apart.
 */
import { providerSchema } from '../../provider/src/config/provider-config';
import type { Schema, SchemaAttribute, SchemaBlock } from '../../provider/src/plugin/types';
import { definitionSchema } from '../../provider/src/resources/schema';
import { PROVIDER_SOURCE } from '../../provider/src/version';
import type { Catalog } from './definitions';

type Json = { [key: string]: unknown };

function attributeJson(a: SchemaAttribute): Json {
  const out: Json = { type: a.type };
  if (a.description) {
    out.description = a.description;
    out.description_kind = a.descriptionKind ?? 'plain';
  }
  if (a.required) out.required = true;
  if (a.optional) out.optional = true;
  if (a.computed) out.computed = true;
  if (a.sensitive) out.sensitive = true;
  if (a.writeOnly) out.write_only = true;
  return out;
}

function blockJson(b: SchemaBlock): Json {
  const block: Json = { attributes: Object.fromEntries(b.attributes.map((a) => [a.name, attributeJson(a)])) };
  if (b.blockTypes?.length) {
    block.block_types = Object.fromEntries(
      b.blockTypes.map((t) => [
        t.typeName,
        { nesting_mode: t.nesting, block: blockJson(t.block), ...(t.minItems ? { min_items: t.minItems } : {}), ...(t.maxItems ? { max_items: t.maxItems } : {}) },
      ]),
    );
  }
  if (b.description) {
    block.description = b.description;
    block.description_kind = b.descriptionKind ?? 'plain';
  }
  return block;
}

function schemaJson(s: Schema): Json {
  return { version: s.version, block: blockJson(s.block) };
}

export function providerSchemaDocument(catalog: Catalog): Json {
  const sorted = <T extends { definition: { typeName: string } }>(l: T[]) => [...l].sort((a, b) => a.definition.typeName.localeCompare(b.definition.typeName));
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_SOURCE]: {
        provider: schemaJson(providerSchema()),
        resource_schemas: Object.fromEntries(sorted(catalog.resources).map((r) => [r.definition.typeName, schemaJson(definitionSchema(r.definition))])),
        data_source_schemas: Object.fromEntries(sorted(catalog.dataSources).map((r) => [r.definition.typeName, schemaJson(definitionSchema(r.definition))])),
      },
    },
  };
}
