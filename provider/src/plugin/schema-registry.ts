/**
 * The provider's schemas, resolved once per process: the implied value type of each (what
 * DynamicValues are encoded with) and the GetProviderSchema message.
 */
import { impliedType } from './cty-type';
import type { GetProviderSchemaResponse, SchemaMessage, ServerCapabilitiesMessage } from './protocol-messages';
import { schemaToProto } from './schema-proto';
import type { CtyType, ProviderSchema, Schema } from './types';
import { blockHasWriteOnly, topLevelWriteOnly } from './write-only';

export interface ResolvedSchema {
  readonly schema: Schema;
  /** The object type values of this schema have. */
  readonly type: CtyType;
  readonly hasWriteOnly: boolean;
  /** When every write-only attribute is top-level: their names, for the encoder to write as null. */
  readonly topLevelWriteOnly?: ReadonlySet<string>;
}

/** What this provider tells Terraform about optional protocol features. */
export const SERVER_CAPABILITIES: ServerCapabilitiesMessage = {
  // Terraform may reuse the schema it cached from the first process of a command.
  get_provider_schema_optional: true,
  // Destroys are applied without a plan call; the engine has nothing to plan for them.
  plan_destroy: false,
  move_resource_state: false,
};

export class UnknownTypeError extends Error {
  constructor(kind: 'resource' | 'data source', typeName: string, known: string[]) {
    super(`The provider has no ${kind} type "${typeName}"\nKnown ${kind} types: ${known.join(', ') || '(none)'}.`);
    this.name = 'UnknownTypeError';
  }
}

export class SchemaRegistry {
  readonly provider: ResolvedSchema;
  private readonly resources = new Map<string, ResolvedSchema>();
  private readonly dataSources = new Map<string, ResolvedSchema>();
  private protoCache?: GetProviderSchemaResponse;

  constructor(readonly providerSchema: ProviderSchema) {
    this.provider = resolve(providerSchema.provider);
    for (const [name, s] of Object.entries(providerSchema.resourceSchemas)) this.resources.set(name, resolve(s));
    for (const [name, s] of Object.entries(providerSchema.dataSourceSchemas)) this.dataSources.set(name, resolve(s));
  }

  resource(typeName: string): ResolvedSchema {
    const r = this.resources.get(typeName);
    if (!r) throw new UnknownTypeError('resource', typeName, [...this.resources.keys()]);
    return r;
  }

  dataSource(typeName: string): ResolvedSchema {
    const r = this.dataSources.get(typeName);
    if (!r) throw new UnknownTypeError('data source', typeName, [...this.dataSources.keys()]);
    return r;
  }

  resourceTypeNames(): string[] {
    return [...this.resources.keys()];
  }

  dataSourceTypeNames(): string[] {
    return [...this.dataSources.keys()];
  }

  /** The GetProviderSchema response, built once. */
  toProto(): GetProviderSchemaResponse {
    if (!this.protoCache) {
      const mapSchemas = (m: Record<string, Schema>): Record<string, SchemaMessage> =>
        Object.fromEntries(Object.entries(m).map(([name, s]) => [name, schemaToProto(s)]));
      this.protoCache = {
        provider: schemaToProto(this.providerSchema.provider),
        resource_schemas: mapSchemas(this.providerSchema.resourceSchemas),
        data_source_schemas: mapSchemas(this.providerSchema.dataSourceSchemas),
        server_capabilities: SERVER_CAPABILITIES,
        diagnostics: [],
      };
    }
    return this.protoCache;
  }
}

function resolve(schema: Schema): ResolvedSchema {
  const hasWriteOnly = blockHasWriteOnly(schema.block);
  const topLevel = hasWriteOnly ? topLevelWriteOnly(schema.block) : undefined;
  return { schema, type: impliedType(schema.block), hasWriteOnly, ...(topLevel ? { topLevelWriteOnly: topLevel } : {}) };
}
