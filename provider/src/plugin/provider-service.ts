/**
 * The tfplugin6 Provider service: each RPC decoded with the right schema, handed to
 * ProviderHandlers in engine terms, and the answer encoded with the same schema.
 *
 * Failures never become gRPC errors (Terraform would report "Plugin did not respond" or
 * "Unsupported plugin method"): a throwing handler, an unknown type name or a value that does
 * not fit the schema all become ERROR diagnostics on the RPC's response.
 */
import { decodeMsgpack, encodeMsgpack } from './codec';
import { diagnosticToProto, diagnosticsToProto, errorToDiagnostic, attributePathToProto } from './diagnostics';
import { ctyFromJson, parseJsonPreservingNumbers } from './json-value';
import type { Logger } from './logging';
import type * as pb from './protocol-messages';
import { processStats } from './stats';
import { SchemaRegistry, SERVER_CAPABILITIES, type ResolvedSchema } from './schema-registry';
import type { ClientCapabilities, CtyObject, CtyValue, Diagnostic, ProviderHandlers } from './types';
import { ValueError, ValueMismatchError } from './value-error';
import { nullWriteOnly } from './write-only';

/** Handlers, or a factory for them, so heavy engine modules can load after the handshake. */
export type HandlersSource = ProviderHandlers | (() => ProviderHandlers | Promise<ProviderHandlers>);

type Rpc<Req, Res> = (request: Req) => Promise<Res>;
type NoRequest = Record<string, never>;

/** One async function per RPC, request and response as protobufjs plain objects. */
export interface ProviderRpcs {
  GetMetadata: Rpc<NoRequest, pb.GetMetadataResponse>;
  GetProviderSchema: Rpc<NoRequest, pb.GetProviderSchemaResponse>;
  ValidateProviderConfig: Rpc<pb.ConfigRequest, pb.DiagnosticsResponse>;
  ValidateResourceConfig: Rpc<pb.ValidateResourceConfigRequest, pb.DiagnosticsResponse>;
  ValidateDataResourceConfig: Rpc<pb.TypedConfigRequest, pb.DiagnosticsResponse>;
  UpgradeResourceState: Rpc<pb.UpgradeResourceStateRequest, pb.UpgradeResourceStateResponse>;
  ConfigureProvider: Rpc<pb.ConfigureProviderRequest, pb.DiagnosticsResponse>;
  ReadResource: Rpc<pb.ReadResourceRequest, pb.ReadResourceResponse>;
  PlanResourceChange: Rpc<pb.PlanResourceChangeRequest, pb.PlanResourceChangeResponse>;
  ApplyResourceChange: Rpc<pb.ApplyResourceChangeRequest, pb.ApplyResourceChangeResponse>;
  ImportResourceState: Rpc<pb.ImportResourceStateRequest, pb.ImportResourceStateResponse>;
  MoveResourceState: Rpc<pb.MoveResourceStateRequest, pb.DiagnosticsResponse>;
  ReadDataSource: Rpc<pb.ReadDataSourceRequest, pb.ReadDataSourceResponse>;
  ValidateEphemeralResourceConfig: Rpc<pb.TypedConfigRequest, pb.DiagnosticsResponse>;
  OpenEphemeralResource: Rpc<pb.TypedConfigRequest, pb.DiagnosticsResponse>;
  RenewEphemeralResource: Rpc<pb.TypedConfigRequest, pb.DiagnosticsResponse>;
  CloseEphemeralResource: Rpc<pb.TypedConfigRequest, pb.DiagnosticsResponse>;
  GetFunctions: Rpc<NoRequest, pb.GetFunctionsResponse>;
  CallFunction: Rpc<pb.CallFunctionRequest, pb.CallFunctionResponse>;
  StopProvider: Rpc<NoRequest, pb.StopProviderResponse>;
}

interface Loaded {
  handlers: ProviderHandlers;
  schemas: SchemaRegistry;
}

export function createProviderRpcs(source: HandlersSource, logger: Logger): ProviderRpcs {
  let loading: Promise<Loaded> | undefined;
  const load = (): Promise<Loaded> =>
    (loading ??= (async () => {
      const mark = processStats?.rpcStart();
      const handlers = typeof source === 'function' ? await source() : source;
      const schemas = new SchemaRegistry(handlers.getProviderSchema());
      if (mark) processStats?.rpcDone('(engine load)', mark);
      return { handlers, schemas };
    })());
  // A failed load is retried by the next RPC rather than cached forever.
  const loaded = async (): Promise<Loaded> => load().catch((e: unknown) => ((loading = undefined), Promise.reject(e)));

  /** Runs one RPC body; anything thrown becomes an ERROR diagnostic on `empty`'s shape. */
  async function guard<Res extends { diagnostics: pb.DiagnosticMessage[] }>(
    rpc: string,
    typeName: string | undefined,
    empty: () => Res,
    body: (ctx: Loaded) => Promise<Res>,
  ): Promise<Res> {
    const started = performance.now();
    const mark = processStats?.rpcStart();
    logger.trace('rpc started', { rpc, type_name: typeName });
    try {
      const res = await body(await loaded());
      logger.debug('rpc done', { rpc, type_name: typeName, ms: Math.round(performance.now() - started), diagnostics: res.diagnostics.length });
      return res;
    } catch (err) {
      logger.error('rpc failed', { rpc, type_name: typeName, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      const diagnostic = errorToDiagnostic(err, { rpc, typeName, withStack: logger.enabled('trace') });
      return { ...empty(), diagnostics: [diagnosticToProto(diagnostic)] };
    } finally {
      if (mark) processStats?.rpcDone(rpc, mark);
    }
  }
  const noDiagnostics = (): pb.DiagnosticsResponse => ({ diagnostics: [] });

  return {
    GetMetadata: (_req) =>
      guard('GetMetadata', undefined, () => ({ server_capabilities: SERVER_CAPABILITIES, data_sources: [], resources: [], diagnostics: [] }), async ({ schemas }) => ({
        server_capabilities: SERVER_CAPABILITIES,
        resources: schemas.resourceTypeNames().map((type_name) => ({ type_name })),
        data_sources: schemas.dataSourceTypeNames().map((type_name) => ({ type_name })),
        diagnostics: [],
      })),

    GetProviderSchema: (_req) =>
      guard<pb.GetProviderSchemaResponse>(
        'GetProviderSchema',
        undefined,
        () => ({ resource_schemas: {}, data_source_schemas: {}, server_capabilities: SERVER_CAPABILITIES, diagnostics: [] }),
        async ({ schemas }) => schemas.toProto(),
      ),

    ValidateProviderConfig: (req) =>
      guard('ValidateProviderConfig', undefined, noDiagnostics, async ({ handlers, schemas }) => ({
        diagnostics: diagnosticsToProto(await handlers.validateProviderConfig(decodeObject(req.config, schemas.provider, 'config'))),
      })),

    ValidateResourceConfig: (req) =>
      guard('ValidateResourceConfig', req.type_name, noDiagnostics, async ({ handlers, schemas }) => {
        const config = decodeObject(req.config, schemas.resource(req.type_name), 'config');
        return { diagnostics: diagnosticsToProto(await handlers.validateResourceConfig(req.type_name, config, clientCapabilities(req.client_capabilities ?? null))) };
      }),

    ValidateDataResourceConfig: (req) =>
      guard('ValidateDataResourceConfig', req.type_name, noDiagnostics, async ({ handlers, schemas }) => {
        const config = decodeObject(req.config, schemas.dataSource(req.type_name), 'config');
        return { diagnostics: diagnosticsToProto(await handlers.validateDataResourceConfig(req.type_name, config)) };
      }),

    UpgradeResourceState: (req) =>
      guard<pb.UpgradeResourceStateResponse>('UpgradeResourceState', req.type_name, () => ({ diagnostics: [] }), async ({ handlers, schemas }) => {
        const resolved = schemas.resource(req.type_name);
        const res = await handlers.upgradeResourceState({ typeName: req.type_name, version: req.version, rawState: rawStateJson(req.raw_state) });
        return { upgraded_state: encodeObject(res.state, resolved, 'upgraded state'), diagnostics: diagnosticsToProto(res.diagnostics) };
      }),

    ConfigureProvider: (req) =>
      guard('ConfigureProvider', undefined, noDiagnostics, async ({ handlers, schemas }) => ({
        diagnostics: diagnosticsToProto(
          await handlers.configureProvider({
            terraformVersion: req.terraform_version,
            config: decodeObject(req.config, schemas.provider, 'config'),
            clientCapabilities: clientCapabilities(req.client_capabilities),
          }),
        ),
      })),

    ReadResource: (req) =>
      guard<pb.ReadResourceResponse>('ReadResource', req.type_name, () => ({ diagnostics: [] }), async ({ handlers, schemas }) => {
        const resolved = schemas.resource(req.type_name);
        const res = await handlers.readResource({
          typeName: req.type_name,
          currentState: decodeObject(req.current_state, resolved, 'current_state'),
          private: nonEmpty(req.private),
          clientCapabilities: clientCapabilities(req.client_capabilities),
        });
        return {
          new_state: encodeObject(res.newState, resolved, 'new state'),
          private: res.private,
          diagnostics: diagnosticsToProto(res.diagnostics),
        };
      }),

    PlanResourceChange: (req) =>
      guard<pb.PlanResourceChangeResponse>('PlanResourceChange', req.type_name, () => ({ diagnostics: [] }), async ({ handlers, schemas }) => {
        const resolved = schemas.resource(req.type_name);
        const res = await handlers.planResourceChange({
          typeName: req.type_name,
          priorState: decodeNullableObject(req.prior_state, resolved, 'prior_state'),
          proposedNewState: decodeNullableObject(req.proposed_new_state, resolved, 'proposed_new_state'),
          config: decodeNullableObject(req.config, resolved, 'config'),
          priorPrivate: nonEmpty(req.prior_private),
          clientCapabilities: clientCapabilities(req.client_capabilities),
        });
        return {
          planned_state: encodeObject(res.plannedState, resolved, 'planned state'),
          requires_replace: (res.requiresReplace ?? []).map(attributePathToProto),
          planned_private: res.plannedPrivate,
          diagnostics: diagnosticsToProto(res.diagnostics),
        };
      }),

    ApplyResourceChange: (req) =>
      guard<pb.ApplyResourceChangeResponse>('ApplyResourceChange', req.type_name, () => ({ diagnostics: [] }), async ({ handlers, schemas }) => {
        const resolved = schemas.resource(req.type_name);
        const res = await handlers.applyResourceChange({
          typeName: req.type_name,
          priorState: decodeNullableObject(req.prior_state, resolved, 'prior_state'),
          plannedState: decodeNullableObject(req.planned_state, resolved, 'planned_state'),
          config: decodeNullableObject(req.config, resolved, 'config'),
          plannedPrivate: nonEmpty(req.planned_private),
        });
        return {
          new_state: encodeObject(res.newState, resolved, 'new state'),
          private: res.private,
          diagnostics: diagnosticsToProto(res.diagnostics),
        };
      }),

    ImportResourceState: (req) =>
      guard('ImportResourceState', req.type_name, () => ({ imported_resources: [], diagnostics: [] }), async ({ handlers, schemas }) => {
        schemas.resource(req.type_name);
        const res = await handlers.importResourceState({
          typeName: req.type_name,
          id: req.id,
          clientCapabilities: clientCapabilities(req.client_capabilities),
        });
        return {
          imported_resources: res.imported.map((r) => ({
            type_name: r.typeName,
            state: encodeObject(r.state, schemas.resource(r.typeName), 'imported state'),
            private: r.private,
          })),
          diagnostics: diagnosticsToProto(res.diagnostics),
        };
      }),

    MoveResourceState: async (req) =>
      unsupported(`Moving ${req.source_type_name} (${req.source_provider_address}) to ${req.target_type_name} is not supported`,
        'This provider cannot move state between resource types. Remove the moved block, import the object as the new type, and remove the old resource from state.'),

    ReadDataSource: (req) =>
      guard<pb.ReadDataSourceResponse>('ReadDataSource', req.type_name, () => ({ diagnostics: [] }), async ({ handlers, schemas }) => {
        const resolved = schemas.dataSource(req.type_name);
        const res = await handlers.readDataSource({
          typeName: req.type_name,
          config: decodeObject(req.config, resolved, 'config'),
          clientCapabilities: clientCapabilities(req.client_capabilities),
        });
        return { state: encodeObject(res.state, resolved, 'data source state'), diagnostics: diagnosticsToProto(res.diagnostics) };
      }),

    ValidateEphemeralResourceConfig: async (req) => noEphemeral(req.type_name),
    OpenEphemeralResource: async (req) => noEphemeral(req.type_name),
    RenewEphemeralResource: async (req) => noEphemeral(req.type_name),
    CloseEphemeralResource: async (req) => noEphemeral(req.type_name),

    GetFunctions: async () => ({ functions: {}, diagnostics: [] }),
    CallFunction: async (req) => ({ error: { text: `This provider defines no functions (called: ${req.name}).` } }),

    StopProvider: async () => {
      try {
        const { handlers } = await loaded();
        return { Error: (await handlers.stopProvider()) ?? '' };
      } catch (err) {
        return { Error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Values in and out

/** Terraform sends msgpack; json only appears in stored-state fields. Neither means null. */
function decodeValue(dv: pb.DynamicValueMessage | null, resolved: ResolvedSchema, field: string): CtyValue {
  if (!dv) return null;
  try {
    if (dv.msgpack && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, resolved.type);
    if (dv.json && dv.json.length > 0) return ctyFromJson(parseJsonPreservingNumbers(dv.json.toString('utf8')), resolved.type);
    return null;
  } catch (err) {
    if (err instanceof ValueError) throw new ValueMismatchError(`Terraform sent a ${field} that does not match the provider's schema`, err);
    throw err;
  }
}

function decodeNullableObject(dv: pb.DynamicValueMessage | null, resolved: ResolvedSchema, field: string): CtyObject | null {
  return decodeValue(dv, resolved, field) as CtyObject | null;
}

/** Configuration is always an object; a null one (never sent in practice) reads as all-null. */
function decodeObject(dv: pb.DynamicValueMessage | null, resolved: ResolvedSchema, field: string): CtyObject {
  const value = decodeNullableObject(dv, resolved, field);
  if (value !== null) return value;
  const attrs = typeof resolved.type === 'object' && resolved.type[0] === 'object' ? Object.keys(resolved.type[1]) : [];
  return Object.fromEntries(attrs.map((a) => [a, null]));
}

function encodeObject(value: CtyObject | null, resolved: ResolvedSchema, what: string): pb.DynamicValueMessage {
  const direct = resolved.topLevelWriteOnly;
  const safe = value && resolved.hasWriteOnly && !direct ? nullWriteOnly(value, resolved.schema.block) : value;
  try {
    return { msgpack: encodeMsgpack(safe, resolved.type, direct), json: EMPTY };
  } catch (err) {
    if (err instanceof ValueError) throw new ValueMismatchError(`The provider produced a ${what} that does not match its schema`, err);
    throw err;
  }
}

const EMPTY = Buffer.alloc(0);

function rawStateJson(raw: pb.RawStateMessage | null): unknown {
  if (raw && raw.json && raw.json.length > 0) return parseJsonPreservingNumbers(raw.json.toString('utf8'));
  if (raw && raw.flatmap && Object.keys(raw.flatmap).length > 0) {
    throw new Error('State in the pre-0.12 flatmap format cannot be upgraded\nRefresh the resource with Terraform 0.12 to 1.x first, or remove it from state and import it again.');
  }
  return null;
}

function clientCapabilities(c: pb.ClientCapabilitiesMessage | null): ClientCapabilities | undefined {
  return c ? { deferralAllowed: c.deferral_allowed, writeOnlyAttributesAllowed: c.write_only_attributes_allowed } : undefined;
}

function nonEmpty(b: Buffer | undefined): Buffer | undefined {
  return b && b.length > 0 ? b : undefined;
}

function unsupported(summary: string, detail: string): pb.DiagnosticsResponse {
  const d: Diagnostic = { severity: 'error', summary, detail };
  return { diagnostics: [diagnosticToProto(d)] };
}

function noEphemeral(typeName: string): pb.DiagnosticsResponse {
  return unsupported(`The provider has no ephemeral resource type "${typeName}"`, 'This provider declares no ephemeral resources.');
}
