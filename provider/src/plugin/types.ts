/**
 * The contract between the plugin layer (gRPC, handshake, msgpack codec) and the resource engine.
 *
 * The plugin layer decodes every DynamicValue with the schema into the JS values below, calls a
 * {@link ProviderHandlers} method, and encodes the answer back with the same schema. Nothing in the
 * engine sees protobuf or msgpack.
 */

/** A cty type in Terraform's JSON type notation (`"string"`, `["list","string"]`, `["object",{...}]`). */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list', CtyType]
  | readonly ['set', CtyType]
  | readonly ['map', CtyType]
  | readonly ['tuple', readonly CtyType[]]
  | readonly ['object', { readonly [attr: string]: CtyType }];

/** Refinements Terraform may attach to an unknown value (msgpack extension 12). */
export interface UnknownRefinements {
  notNull?: boolean;
  stringPrefix?: string;
  numberLower?: { value: CtyNumber; inclusive: boolean };
  numberUpper?: { value: CtyNumber; inclusive: boolean };
  lengthLower?: number;
  lengthUpper?: number;
}

/** A value not known until apply. Compare with `isUnknown`, never by identity. */
export class Unknown {
  constructor(readonly refinements?: UnknownRefinements) {}
}

/** The plain unknown, as providers should emit it. */
export const UNKNOWN = new Unknown();

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/**
 * A cty number. Safe integers and floats are `number`; integers beyond 2^53 are `bigint` so
 * that no digit is lost on the way through the provider.
 */
export type CtyNumber = number | bigint;

/** A dynamic-typed value carries its concrete type along. */
export interface DynamicValue {
  readonly dynamicType: CtyType;
  readonly value: CtyValue;
}

/**
 * A decoded cty value. Lists, sets and tuples are arrays; maps and objects are plain objects
 * (objects always carry every attribute of their type, null when unset).
 */
export type CtyValue =
  | null
  | Unknown
  | string
  | CtyNumber
  | boolean
  | DynamicValue
  | CtyValue[]
  | { [key: string]: CtyValue };

export type CtyObject = { [attr: string]: CtyValue };

// ---------------------------------------------------------------------------------------------
// Schema (the subset of tfplugin6.Schema a provider fills in)

export type StringKind = 'plain' | 'markdown';
export type ObjectNesting = 'single' | 'list' | 'set' | 'map';
export type BlockNesting = 'single' | 'list' | 'set' | 'map' | 'group';

export interface SchemaAttribute {
  name: string;
  /** Exactly one of `type` and `nestedType`. */
  type?: CtyType;
  nestedType?: SchemaObject;
  description?: string;
  descriptionKind?: StringKind;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  writeOnly?: boolean;
}

export interface SchemaObject {
  attributes: SchemaAttribute[];
  nesting: ObjectNesting;
}

export interface SchemaNestedBlock {
  typeName: string;
  block: SchemaBlock;
  nesting: BlockNesting;
  minItems?: number;
  maxItems?: number;
}

export interface SchemaBlock {
  attributes: SchemaAttribute[];
  blockTypes?: SchemaNestedBlock[];
  description?: string;
  descriptionKind?: StringKind;
  deprecated?: boolean;
}

export interface Schema {
  version: number;
  block: SchemaBlock;
}

export interface ProviderSchema {
  provider: Schema;
  resourceSchemas: Record<string, Schema>;
  dataSourceSchemas: Record<string, Schema>;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

/** One step of an attribute path: an attribute name, a list index, or a map/set element key. */
export type PathStep = string | number | { key: string };
export type AttributePath = PathStep[];

export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

// ---------------------------------------------------------------------------------------------
// RPC handlers, in engine terms

export interface ClientCapabilities {
  deferralAllowed?: boolean;
  writeOnlyAttributesAllowed?: boolean;
}

export interface ConfigureRequest {
  terraformVersion: string;
  config: CtyObject;
  clientCapabilities?: ClientCapabilities;
}

export interface UpgradeStateRequest {
  typeName: string;
  /** The schema version that wrote the stored state. */
  version: number;
  /** The stored state as parsed JSON (null when there is none). */
  rawState: unknown;
}

export interface ReadRequest {
  typeName: string;
  currentState: CtyObject;
  private?: Buffer;
  clientCapabilities?: ClientCapabilities;
}

export interface PlanRequest {
  typeName: string;
  /** null on create. */
  priorState: CtyObject | null;
  /** null on destroy (only asked when the plan_destroy capability is set; it is not). */
  proposedNewState: CtyObject | null;
  config: CtyObject | null;
  priorPrivate?: Buffer;
  clientCapabilities?: ClientCapabilities;
}

export interface PlanResponse {
  plannedState: CtyObject | null;
  requiresReplace?: AttributePath[];
  plannedPrivate?: Buffer;
  diagnostics?: Diagnostic[];
}

export interface ApplyRequest {
  typeName: string;
  priorState: CtyObject | null;
  /** null on destroy. */
  plannedState: CtyObject | null;
  config: CtyObject | null;
  plannedPrivate?: Buffer;
}

export interface StateResponse {
  /** null means "the object no longer exists". */
  newState: CtyObject | null;
  private?: Buffer;
  diagnostics?: Diagnostic[];
}

export interface ImportRequest {
  typeName: string;
  id: string;
  clientCapabilities?: ClientCapabilities;
}

export interface ImportedResource {
  typeName: string;
  state: CtyObject;
  private?: Buffer;
}

export interface ReadDataRequest {
  typeName: string;
  config: CtyObject;
  clientCapabilities?: ClientCapabilities;
}

/**
 * What the plugin layer calls. Every method may run concurrently with others (Terraform walks
 * its graph in parallel), so implementations keep no per-call state on `this`.
 */
export interface ProviderHandlers {
  /** Called lazily and cached by the plugin layer; must be cheap and synchronous. */
  getProviderSchema(): ProviderSchema;
  validateProviderConfig(config: CtyObject): Promise<Diagnostic[]>;
  configureProvider(req: ConfigureRequest): Promise<Diagnostic[]>;
  validateResourceConfig(typeName: string, config: CtyObject, clientCapabilities?: ClientCapabilities): Promise<Diagnostic[]>;
  upgradeResourceState(req: UpgradeStateRequest): Promise<{ state: CtyObject | null; diagnostics?: Diagnostic[] }>;
  readResource(req: ReadRequest): Promise<StateResponse>;
  planResourceChange(req: PlanRequest): Promise<PlanResponse>;
  applyResourceChange(req: ApplyRequest): Promise<StateResponse>;
  importResourceState(req: ImportRequest): Promise<{ imported: ImportedResource[]; diagnostics?: Diagnostic[] }>;
  validateDataResourceConfig(typeName: string, config: CtyObject): Promise<Diagnostic[]>;
  readDataSource(req: ReadDataRequest): Promise<{ state: CtyObject | null; diagnostics?: Diagnostic[] }>;
  /** Terraform was interrupted: abandon waits and retries. Returns an error text or undefined. */
  stopProvider(): Promise<string | undefined>;
}
