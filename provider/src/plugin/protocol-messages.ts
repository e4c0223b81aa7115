/**
 * TypeScript shapes of the tfplugin6 messages this layer reads and writes, as protobufjs
 * produces and accepts them (snake_case fields, enums as names, int64 as number, bytes as
 * Buffer; requests are decoded with defaults, so absent messages are null).
 * Only the fields the layer uses are declared.
 */

export interface DynamicValueMessage {
  msgpack: Buffer;
  json: Buffer;
}

export type DiagnosticSeverityName = 'INVALID' | 'ERROR' | 'WARNING';

export type AttributePathStepMessage = { attribute_name: string } | { element_key_string: string } | { element_key_int: number };

export interface AttributePathMessage {
  steps: AttributePathStepMessage[];
}

export interface DiagnosticMessage {
  severity: DiagnosticSeverityName;
  summary: string;
  detail?: string;
  attribute?: AttributePathMessage;
}

export interface ClientCapabilitiesMessage {
  deferral_allowed: boolean;
  write_only_attributes_allowed: boolean;
}

export interface RawStateMessage {
  json: Buffer;
  flatmap: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Schema

export type StringKindName = 'PLAIN' | 'MARKDOWN';

export interface SchemaAttributeMessage {
  name: string;
  type?: Buffer;
  nested_type?: SchemaObjectMessage;
  description: string;
  description_kind: StringKindName;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  deprecated: boolean;
  write_only: boolean;
}

export interface SchemaObjectMessage {
  attributes: SchemaAttributeMessage[];
  nesting: 'SINGLE' | 'LIST' | 'SET' | 'MAP';
}

export interface SchemaNestedBlockMessage {
  type_name: string;
  block: SchemaBlockMessage;
  nesting: 'SINGLE' | 'LIST' | 'SET' | 'MAP' | 'GROUP';
  min_items: number;
  max_items: number;
}

export interface SchemaBlockMessage {
  version: number;
  attributes: SchemaAttributeMessage[];
  block_types: SchemaNestedBlockMessage[];
  description: string;
  description_kind: StringKindName;
  deprecated: boolean;
}

export interface SchemaMessage {
  version: number;
  block: SchemaBlockMessage;
}

export interface ServerCapabilitiesMessage {
  plan_destroy: boolean;
  get_provider_schema_optional: boolean;
  move_resource_state: boolean;
}

// ---------------------------------------------------------------------------------------------
// Requests (decoded) and responses (to encode), per RPC

interface WithDiagnostics {
  diagnostics: DiagnosticMessage[];
}

export interface TypeNameMetadata {
  type_name: string;
}

export interface GetMetadataResponse extends WithDiagnostics {
  server_capabilities: ServerCapabilitiesMessage;
  data_sources: TypeNameMetadata[];
  resources: TypeNameMetadata[];
}

export interface GetProviderSchemaResponse extends WithDiagnostics {
  provider?: SchemaMessage;
  resource_schemas: Record<string, SchemaMessage>;
  data_source_schemas: Record<string, SchemaMessage>;
  server_capabilities: ServerCapabilitiesMessage;
}

export interface ConfigRequest {
  config: DynamicValueMessage | null;
}

export interface TypedConfigRequest extends ConfigRequest {
  type_name: string;
}

export interface ValidateResourceConfigRequest extends TypedConfigRequest {
  /** Sent by Terraform 1.11 and later (tfplugin6.8). */
  client_capabilities?: ClientCapabilitiesMessage | null;
}

export interface UpgradeResourceStateRequest {
  type_name: string;
  version: number;
  raw_state: RawStateMessage | null;
}

export interface UpgradeResourceStateResponse extends WithDiagnostics {
  upgraded_state?: DynamicValueMessage;
}

export interface ConfigureProviderRequest extends ConfigRequest {
  terraform_version: string;
  client_capabilities: ClientCapabilitiesMessage | null;
}

export interface ReadResourceRequest {
  type_name: string;
  current_state: DynamicValueMessage | null;
  private: Buffer;
  client_capabilities: ClientCapabilitiesMessage | null;
}

export interface ReadResourceResponse extends WithDiagnostics {
  new_state?: DynamicValueMessage;
  private?: Buffer;
}

export interface PlanResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValueMessage | null;
  proposed_new_state: DynamicValueMessage | null;
  config: DynamicValueMessage | null;
  prior_private: Buffer;
  client_capabilities: ClientCapabilitiesMessage | null;
}

export interface PlanResourceChangeResponse extends WithDiagnostics {
  planned_state?: DynamicValueMessage;
  requires_replace?: AttributePathMessage[];
  planned_private?: Buffer;
}

export interface ApplyResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValueMessage | null;
  planned_state: DynamicValueMessage | null;
  config: DynamicValueMessage | null;
  planned_private: Buffer;
}

export interface ApplyResourceChangeResponse extends WithDiagnostics {
  new_state?: DynamicValueMessage;
  private?: Buffer;
}

export interface ImportResourceStateRequest {
  type_name: string;
  id: string;
  client_capabilities: ClientCapabilitiesMessage | null;
}

export interface ImportedResourceMessage {
  type_name: string;
  state: DynamicValueMessage;
  private?: Buffer;
}

export interface ImportResourceStateResponse extends WithDiagnostics {
  imported_resources: ImportedResourceMessage[];
}

export interface MoveResourceStateRequest {
  source_provider_address: string;
  source_type_name: string;
  target_type_name: string;
}

export interface ReadDataSourceRequest extends TypedConfigRequest {
  client_capabilities: ClientCapabilitiesMessage | null;
}

export interface ReadDataSourceResponse extends WithDiagnostics {
  state?: DynamicValueMessage;
}

export interface DiagnosticsResponse {
  diagnostics: DiagnosticMessage[];
}

export interface StopProviderResponse {
  Error: string;
}

export interface GetFunctionsResponse extends WithDiagnostics {
  functions: Record<string, never>;
}

export interface CallFunctionRequest {
  name: string;
}

export interface CallFunctionResponse {
  error: { text: string };
}
