/**
 * The cms provider: every Terraform RPC, answered from the definitions. Resource behaviour lives
 * in resources/; this file only routes requests and turns errors into diagnostics.
 */
import type { ConnectionSettings } from './config/provider-config';
import { providerSchema, resolveSettings, validateProviderSettings } from './config/provider-config';
import type {
  ApplyRequest,
  ClientCapabilities,
  ConfigureRequest,
  CtyObject,
  Diagnostic,
  ImportRequest,
  ImportedResource,
  PlanRequest,
  PlanResponse,
  ProviderHandlers,
  ProviderSchema,
  ReadDataRequest,
  ReadRequest,
  StateResponse,
  UpgradeStateRequest,
} from './plugin/types';
import type { MmpClient } from './cms/mmp/client';
import type { CmsApi } from './resources/api';
import { DATA_SOURCE_DEFINITIONS, RESOURCE_DEFINITIONS } from './resources/catalog.generated';
import type { Definition } from './resources/definition';
import { errorDiagnostic } from './resources/diagnostics';
import { checkConnection } from './connection-check';
import { ActionOperations } from './resources/action';
import { DatabaseClusterOperations } from './resources/mmp/database-cluster';
import { MmpAccountOperations } from './resources/mmp/account';
import { NodeCertificateOperations } from './resources/mmp/certificate';
import { NodeSettingsOperations, nodeSettingsPrivate } from './resources/mmp/node-settings';
import { runPlanChecks } from './resources/plan-checks';
import { readDataSource } from './resources/data-source';
import type { ResourceOperations } from './resources/operations';
import { OperationError, PartialStateError, StoredObjectOperations } from './resources/operations';
import { PlanRegistry, planInstance, withoutPlanInstance } from './resources/across';
import { planChange } from './resources/plan';
import { secretsToSend } from './resources/secret-forms';
import { definitionSchema } from './resources/schema';
import { upgradeState } from './resources/upgrade';
import { validateConfig } from './resources/validate';
import { versionDiagnostics } from './resources/versions';
import { lookUpBeforeCreate, managedKey } from './resources/adoption';
import { CachedReader } from './resources/lookup';

interface Walk {
  reader: CachedReader;
  managed: Set<string>;
}

/** A connected API client; closed when the provider is reconfigured or stops. */
export interface ProviderApi extends CmsApi {
  /** The MMP (SSH) client of a node named in the provider configuration. */
  mmp(node: string): MmpClient;
  close(): Promise<void>;
  /** Cancels requests in flight and waits (Terraform's interrupt). */
  abort(): void;
}

export type ApiFactory = (settings: ConnectionSettings) => ProviderApi;

/** The API a configuration with connect_on_first_use reaches is not (yet) usable. */
class ApiNotReadyError extends OperationError {}

/**
 * The API with its connection check made before the first request that needs it (and again
 * after a failed one: the API may come up later in the same apply). MMP clients need no check.
 */
function checkedOnFirstUse(api: ProviderApi, url: string, onVersion: (softwareVersion: string | undefined) => void): ProviderApi {
  let checked: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    checked ??= checkConnection(api).then(
      (status) => onVersion(status.softwareVersion),
      (err: unknown) => {
        checked = undefined;
        const { detail } = errorDiagnostic(undefined, 'connect', err);
        throw new ApiNotReadyError(detail ?? String(err), undefined, url ? `Cannot use the Meeting Server at ${url}` : 'No Meeting Server API in this provider configuration');
      },
    );
    return checked;
  };
  return {
    get: async (path, query) => (await ready(), api.get(path, query)),
    list: (path, options) => ({
      async *[Symbol.asyncIterator]() {
        await ready();
        yield* api.list(path, options);
      },
    }),
    create: async (path, params) => (await ready(), api.create(path, params)),
    update: async (path, params) => (await ready(), api.update(path, params)),
    delete: async (path) => (await ready(), api.delete(path)),
    count: async (path, query) => (await ready(), api.count(path, query)),
    mmp: (node) => api.mmp(node),
    close: () => api.close(),
    abort: () => api.abort(),
  };
}

function byType(defs: readonly Definition[]): Map<string, Definition> {
  return new Map(defs.map((d) => [d.typeName, d]));
}

export class CmsProvider implements ProviderHandlers {
  private readonly resources = byType(RESOURCE_DEFINITIONS);
  private readonly dataSources = byType(DATA_SOURCE_DEFINITIONS);
  private schemaCache?: ProviderSchema;
  private api?: ProviderApi;
  /** What the instances planned by this provider configuration claim (cross-resource rules). */
  private readonly planned = new PlanRegistry();
  /** `softwareVersion` the server reported at configure; plans refuse what it cannot take. */
  private softwareVersion?: string;
  private adoptExisting = false;
  /** connect_on_first_use, and a look-up of this walk found no API yet: the others are skipped too. */
  private apiNotUpThisWalk = false;
  /** What one Terraform walk (between two ConfigureProvider calls) shares: see walk(). */
  private currentWalk?: Walk;

  constructor(
    private readonly createApi: ApiFactory,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  getProviderSchema(): ProviderSchema {
    this.schemaCache ??= {
      provider: providerSchema(),
      resourceSchemas: Object.fromEntries(RESOURCE_DEFINITIONS.map((d) => [d.typeName, definitionSchema(d)])),
      dataSourceSchemas: Object.fromEntries(DATA_SOURCE_DEFINITIONS.map((d) => [d.typeName, definitionSchema(d)])),
    };
    return this.schemaCache;
  }

  async validateProviderConfig(config: CtyObject): Promise<Diagnostic[]> {
    // Values may still be unknown here or come from the environment; ConfigureProvider checks those.
    return validateProviderSettings(config);
  }

  async configureProvider(req: ConfigureRequest): Promise<Diagnostic[]> {
    const { settings, diagnostics } = resolveSettings(req.config, this.env);
    if (!settings) return diagnostics;
    const previous = this.api;
    const api = this.createApi(settings);
    if (settings.connectOnFirstUse) {
      // The API may not exist yet (a blank node brought up by this very apply): checked on first
      // use, which also tells the server's version (until then, plans check no version).
      this.softwareVersion = undefined;
      this.api = checkedOnFirstUse(api, settings.url, (version) => {
        this.softwareVersion = version;
      });
    } else {
      let status;
      try {
        // One cheap request proves address, TLS, credentials and that a Meeting Server answers, so
        // a wrong setting gives one clear error here instead of one per resource; it also tells
        // the server's version.
        status = await checkConnection(api);
      } catch (err) {
        await api.close().catch(() => undefined);
        return [...diagnostics, { ...errorDiagnostic(undefined, 'connect', err), summary: `Cannot use the Meeting Server at ${settings.url}` }];
      }
      this.api = api;
      this.softwareVersion = status.softwareVersion;
    }
    // A provider is configured once per walk (plan, apply): claims of an earlier walk are stale.
    this.planned.clear();
    this.apiNotUpThisWalk = false;
    this.adoptExisting = settings.adoptExisting;
    this.currentWalk = undefined;
    if (previous) await previous.close().catch(() => undefined);
    return diagnostics;
  }

  /**
   * Terraform configures the provider at the start of every walk (plan, apply, refresh), also
   * when one process serves several commands. The look-ups before creates share one cached
   * reader per walk, and note the ids the walk sees in state.
   */
  private walk(): Walk {
    this.currentWalk ??= { reader: new CachedReader(this.connected()), managed: new Set() };
    return this.currentWalk;
  }

  private noteManaged(typeName: string, state: CtyObject | null | undefined): void {
    const id = state?.id;
    if (typeof id === 'string' && id !== '' && this.api) this.walk().managed.add(managedKey(typeName, id));
  }

  private resource(typeName: string): Definition {
    const def = this.resources.get(typeName);
    if (!def) throw new Error(`The cms provider has no resource type ${typeName}.`);
    return def;
  }

  private connected(): ProviderApi {
    if (!this.api) throw new Error('The cms provider is not configured yet.');
    return this.api;
  }

  private operations(def: Definition): ResourceOperations {
    const api = this.connected();
    const mmp = (node: string) => api.mmp(node);
    if (def.mmp?.lifecycle === 'nodeSettings') return new NodeSettingsOperations(def, mmp);
    if (def.mmp?.lifecycle === 'databaseCluster') return new DatabaseClusterOperations(def, mmp, api);
    if (def.mmp?.lifecycle === 'nodeCertificate') return new NodeCertificateOperations(def, mmp);
    if (def.mmp?.lifecycle === 'mmpAccount') return new MmpAccountOperations(def, mmp);
    return def.kind === 'action' ? new ActionOperations(def, api) : new StoredObjectOperations(def, api);
  }

  async validateResourceConfig(typeName: string, config: CtyObject, capabilities?: ClientCapabilities): Promise<Diagnostic[]> {
    // Terraform older than 1.11 says nothing of write-only support, and would store those values.
    return validateConfig(this.resource(typeName), config, { writeOnlyAllowed: capabilities?.writeOnlyAttributesAllowed === true });
  }

  async upgradeResourceState(req: UpgradeStateRequest): Promise<{ state: CtyObject | null; diagnostics?: Diagnostic[] }> {
    const state = upgradeState(this.resource(req.typeName), req.rawState);
    this.noteManaged(req.typeName, state);
    return { state };
  }

  async readResource(req: ReadRequest): Promise<StateResponse> {
    const def = this.resource(req.typeName);
    this.noteManaged(req.typeName, req.currentState);
    try {
      return { newState: await this.operations(def).read(req.currentState), private: req.private };
    } catch (err) {
      return { newState: req.currentState, private: req.private, diagnostics: [errorDiagnostic(def, 'read', err)] };
    }
  }

  async planResourceChange(req: PlanRequest): Promise<PlanResponse> {
    const def = this.resource(req.typeName);
    if (req.proposedNewState === null) return { plannedState: null, plannedPrivate: req.priorPrivate };
    const { instance, plannedPrivate: withInstance } = planInstance(req.priorState, req.priorPrivate);
    // Node settings remember which settings their configuration sets: destroy restores those.
    const plannedPrivate = def.mmp?.lifecycle === 'nodeSettings' ? nodeSettingsPrivate(def, req.config, withInstance) : withInstance;
    const priorId = typeof req.priorState?.id === 'string' ? req.priorState.id : undefined;
    const across = this.planned.plan(def, instance, req.config, priorId);
    if (across.some((d) => d.severity === 'error')) return { plannedState: req.proposedNewState, diagnostics: across, plannedPrivate };
    const plan = planChange(def, req.priorState, req.proposedNewState, req.config);
    // What the server's version cannot take is refused here, before any request changes it.
    const refused = versionDiagnostics(def, req.config, this.softwareVersion);
    const checks = runPlanChecks(def, req.priorState, plan.plannedState, req.config);
    const planned: PlanResponse = { ...plan, diagnostics: [...(plan.diagnostics ?? []), ...across, ...refused, ...checks], plannedPrivate };
    if (req.priorState !== null || refused.some((d) => d.severity === 'error')) return planned;
    return this.lookUpBeforeCreate(def, planned);
  }

  /** A create: the server may already hold the object (see resources/adoption.ts). */
  private async lookUpBeforeCreate(def: Definition, plan: PlanResponse): Promise<PlanResponse> {
    if (!plan.plannedState || !this.api || this.apiNotUpThisWalk) return plan;
    try {
      const found = await lookUpBeforeCreate(def, plan.plannedState, { ...this.walk(), adoptExisting: this.adoptExisting });
      if (!found) return plan;
      return { ...plan, plannedState: found.plannedState, diagnostics: [...(plan.diagnostics ?? []), ...found.diagnostics] };
    } catch (err) {
      // connect_on_first_use, and no API yet (a blank node this apply brings up): nothing to find.
      if (err instanceof ApiNotReadyError) {
        this.apiNotUpThisWalk = true;
        return plan;
      }
      const diagnostic = errorDiagnostic(def, 'look up', err);
      return { ...plan, diagnostics: [...(plan.diagnostics ?? []), { ...diagnostic, summary: `Could not check whether this ${def.typeName} already exists`, detail: `${diagnostic.detail ?? ''}\n\nThe provider looks an object up before creating it, so that an object an interrupted apply left behind is not created twice.` }] };
    }
  }

  async applyResourceChange(req: ApplyRequest): Promise<StateResponse> {
    const def = this.resource(req.typeName);
    const ops = this.operations(def);
    const { priorState: prior, plannedState: planned } = req;
    const action = planned === null ? 'delete' : prior === null ? 'create' : 'update';
    try {
      if (planned === null) {
        if (prior) await ops.delete(prior, req.plannedPrivate);
        return { newState: null };
      }
      const secrets = secretsToSend(def, prior, planned, req.config);
      const newState = prior === null ? await ops.create(planned, secrets) : await ops.update(prior, planned, secrets);
      if (prior === null) this.noteManaged(req.typeName, newState);
      return { newState, private: withoutPlanInstance(req.plannedPrivate) };
    } catch (err) {
      const diagnostics = [errorDiagnostic(def, action, err)];
      // An object that exists on the server is never forgotten, even when the apply failed.
      if (err instanceof PartialStateError) {
        this.noteManaged(req.typeName, err.state);
        return { newState: err.state, diagnostics };
      }
      // On failure state keeps what it had: nothing for a failed create, the old values otherwise.
      return { newState: prior, diagnostics };
    }
  }

  async importResourceState(req: ImportRequest): Promise<{ imported: ImportedResource[]; diagnostics?: Diagnostic[] }> {
    const def = this.resource(req.typeName);
    try {
      return { imported: [{ typeName: def.typeName, state: await this.operations(def).importState(req.id) }] };
    } catch (err) {
      return { imported: [], diagnostics: [errorDiagnostic(def, 'import', err)] };
    }
  }

  async validateDataResourceConfig(typeName: string, config: CtyObject): Promise<Diagnostic[]> {
    const def = this.dataSources.get(typeName);
    if (!def) return [{ severity: 'error', summary: `The cms provider has no data source ${typeName}` }];
    return validateConfig(def, config);
  }

  async readDataSource(req: ReadDataRequest): Promise<{ state: CtyObject | null; diagnostics?: Diagnostic[] }> {
    const def = this.dataSources.get(req.typeName);
    if (!def) return { state: null, diagnostics: [{ severity: 'error', summary: `The cms provider has no data source ${req.typeName}` }] };
    try {
      return { state: await readDataSource(def, this.connected(), req.config, this.resources) };
    } catch (err) {
      return { state: null, diagnostics: [errorDiagnostic(def, 'read', err)] };
    }
  }

  async stopProvider(): Promise<string | undefined> {
    this.api?.abort();
    return undefined;
  }
}
