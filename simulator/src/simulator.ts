/**
 * A running simulator: one or more nodes sharing one configuration database, with the
 * operations tests, demos and pipelines use (reset, seed, snapshot, LDAP directory, faults,
 * request log, persistence).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiFailure } from './api/failures';
import { ApiEnvironment } from './api/handler';
import { ObjectEngine } from './api/objects';
import { ApiRouter } from './api/router';
import { DatabaseClusterError, DatabaseNetwork, DatabaseStatus } from './cluster/database';
import { SimNode, SimUser } from './cluster/node';
import { renderNodeView } from './cluster/systemViews';
import { ControlTarget, handleControl, NodeSummary, SimulatorSettings } from './http/control';
import { ControlResponse, requestListener } from './http/pipeline';
import { NodeServer } from './http/server';
import { LdapDirectory, LdapEntry } from './ldap/directory';
import { LdapSyncJobs, LdapSyncRecord } from './ldap/jobs';
import { dispatchMmpCommand, execMmpCommand, loadOrCreateHostKey, MmpContext, MmpServer, MmpSessionHost, runMmpCommand as runMmpLine } from './mmp';
import { publicKeyLines } from './mmp/auth';
import type { SftpHost } from './mmp/sftp';
import { Registry } from './model/registry';
import { Database, DatabaseSnapshot } from './model/store';
import { FaultInjector } from './ops/faults';
import { Fixture, FixtureError, FixtureValue, seedFixture } from './ops/fixtures';
import { runLdapSync, LdapSyncResult, LdapSyncScope } from './ldap/sync';
import { parseChanges } from './model/validate';
import { StateFile } from './ops/persistence';
import { RequestLog } from './ops/requestLog';
import { ensureServerTls } from './tls';
import * as U from './unverified';

/** A node of a cluster: a name, and optionally its simulated address and port. */
export interface SimNodeSpec {
  name: string;
  /** Address used by database clustering (`database cluster join <address>`); default 10.0.0.<n>. */
  address?: string;
  /** Port for this node (0 = ephemeral); default: the `port` option plus the node's index. */
  port?: number;
  /** SSH (MMP) port for this node when SSH is on; default: the `sshPort` option plus the node's index. */
  sshPort?: number;
  /** Start this node blank (see SimulatorOptions.blank); default: the `blank` option. */
  blank?: boolean;
}

export interface SimulatorOptions {
  /** Port of the first node (0 = ephemeral, the default). Further nodes use consecutive ports. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** HTTPS with the simulator's own CA (default true); false = plain HTTP. */
  tls?: boolean;
  /** Where ca.pem and the server certificate live (default: a temporary directory removed by stop()). */
  stateDir?: string;
  /** JSON file the state is loaded from at start and saved to after each change. */
  statePath?: string;
  /** MMP users allowed on every node (default admin/admin with role admin). */
  users?: SimUser[];
  /** Page caps per collection name (`coSpaces: 10`), over the defaults. */
  pageCaps?: Record<string, number>;
  /** Objects to start with (ignored when `statePath` already holds a state). */
  seed?: Fixture;
  /** The LDAP directory LDAP syncs read. */
  directory?: LdapEntry[];
  /** How long an LDAP sync takes from POST to completion (default 0: finished before the POST answers). */
  ldapSyncDelayMs?: number;
  /** `softwareVersion` reported by /system/status (default 3.13): what a provider learns the server's version from. */
  softwareVersion?: string;
  /** Accept any casing of parameter names and path segments (default false). */
  lenientCasing?: boolean;
  /**
   * Elements of a newer Meeting Server that the object tables do not know, by table name, each
   * written into every member GET of that type: `{ callProfile: { futureSetting: 'on' } }`.
   * Lets a client be tested against a server that knows more than it does.
   */
  unknownElements?: Record<string, Record<string, string>>;
  /** Give every node an MMP endpoint over SSH (default false; implied by `sshPort`). */
  ssh?: boolean;
  /** SSH port of the first node (0 = ephemeral, the default). Further nodes use consecutive ports. */
  sshPort?: number;
  /**
   * Start every node as a freshly installed one: Web Admin disabled (so no API until the MMP
   * enables it), no certificates or other files, no MMP users but the configured ones (admin).
   * Default false: nodes start with Web Admin serving the API and a lab's certificate files.
   */
  blank?: boolean;
}

export interface ClusterOptions extends SimulatorOptions {
  /** How many nodes, or their names (`['cms1', 'cms2']`), or full specs. */
  nodes: number | Array<string | SimNodeSpec>;
}

export const DEFAULT_USERS: readonly SimUser[] = [{ name: 'admin', password: 'admin', role: 'admin' }];

export class Simulator implements ControlTarget {
  readonly registry = new Registry();
  readonly db = new Database(this.registry);
  readonly engine = new ObjectEngine(this.db);
  readonly faults = new FaultInjector();
  readonly log = new RequestLog();
  readonly nodes: SimNode[] = [];
  /** Constant for the lifetime of the simulated cluster (`/system/status` clusterId). */
  clusterId: string = crypto.randomUUID();
  caPath = '';
  caPem = '';
  readonly ldapSyncs: LdapSyncJobs;

  private readonly network = new DatabaseNetwork();
  private readonly servers: NodeServer[] = [];
  private readonly mmpServers: MmpServer[] = [];
  private ldapDirectory = new LdapDirectory();
  private pageCaps: Record<string, number>;
  private ldapSyncDelayMs: number;
  private readonly stateFile: StateFile | undefined;
  private savedRevision = -1;
  private nodeRevision = 0;
  private tempDir: string | undefined;
  private readonly routers: { strict: ApiRouter; lenient: ApiRouter };
  private stopped = false;
  /** Set once start-up completed; a failed start must never overwrite the state file. */
  private booted = false;

  private constructor(private readonly options: SimulatorOptions) {
    this.pageCaps = { ...U.DEFAULT_PAGE_CAPS, ...(options.pageCaps ?? {}) };
    this.ldapSyncDelayMs = options.ldapSyncDelayMs ?? 0;
    this.stateFile = options.statePath ? new StateFile(options.statePath) : undefined;
    this.routers = { strict: new ApiRouter(this.registry, false), lenient: new ApiRouter(this.registry, true) };
    this.ldapSyncs = new LdapSyncJobs({
      db: this.db,
      engine: this.engine,
      directory: () => this.ldapDirectory,
      delayMs: () => this.ldapSyncDelayMs,
      onChange: () => this.persist(),
    });
  }

  /** Starts the nodes and answers once every one of them listens. */
  static async start(options: ClusterOptions): Promise<Simulator> {
    const sim = new Simulator(options);
    try {
      await sim.boot(options);
    } catch (err) {
      await sim.stop();
      throw err;
    }
    return sim;
  }

  private async boot(options: ClusterOptions): Promise<void> {
    checkUnknownElements(this.registry, options.unknownElements ?? {});
    const specs = nodeSpecs(options.nodes);
    for (const [i, spec] of specs.entries()) {
      this.nodes.push(
        new SimNode({
          name: spec.name,
          address: spec.address ?? `10.0.0.${i + 1}`,
          users: options.users ?? [...DEFAULT_USERS],
          blank: spec.blank ?? options.blank ?? false,
          network: this.network,
          onChange: () => {
            this.nodeRevision++;
          },
        }),
      );
    }

    const saved = this.stateFile?.load();
    if (saved) {
      this.db.restore(saved.database);
      if (saved.clusterId) this.clusterId = saved.clusterId;
      for (const node of this.nodes) node.importState(saved.nodes[node.name] ?? {});
      this.network.restore(saved.databaseClusters ?? []);
      this.ldapDirectory.set(saved.directory);
    } else if (options.seed) {
      this.seed(options.seed);
    }
    if (options.directory) this.ldapDirectory.set(options.directory);

    const host = options.host ?? '127.0.0.1';
    let tls: { cert: string; key: string } | undefined;
    if (options.tls !== false) {
      const stateDir = this.stateDirectory();
      const names = ['127.0.0.1', 'localhost'];
      if (!names.includes(host) && host !== '0.0.0.0' && host !== '::') names.push(host);
      const material = ensureServerTls(stateDir, names);
      this.caPath = material.caPath;
      this.caPem = material.caPem;
      tls = { cert: material.certPem, key: material.keyPem };
    }

    const basePort = options.port ?? 0;
    for (const [i, node] of this.nodes.entries()) {
      const port = specs[i]!.port ?? (basePort === 0 ? 0 : basePort + i);
      const server = await NodeServer.listen({ host, port, tls, onRequest: requestListener(this.pipelineHost(), node) });
      this.servers.push(server);
      node.port = server.port;
      const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      node.url = `${server.protocol}://${urlHost}:${server.port}`;
    }
    if (options.ssh || options.sshPort !== undefined) await this.startMmp(host, options.sshPort ?? 0, specs);
    this.booted = true;
    this.persist();
  }

  /** Where host keys and TLS material live: `stateDir`, or a temporary directory stop() removes. */
  private stateDirectory(): string {
    if (this.options.stateDir) return this.options.stateDir;
    this.tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cms-simulator-'));
    return this.tempDir;
  }

  private async startMmp(host: string, basePort: number, specs: SimNodeSpec[]): Promise<void> {
    for (const [i, node] of this.nodes.entries()) {
      const hostKey = loadOrCreateHostKey(this.stateDirectory(), node.name);
      const port = specs[i]!.sshPort ?? (basePort === 0 ? 0 : basePort + i);
      const server = await MmpServer.listen({ host, port, hostKey: hostKey.privateKey, session: this.mmpSession(node) });
      this.mmpServers.push(server);
      node.ssh = { port: server.port, hostKeyFingerprint: hostKey.fingerprint };
    }
  }

  /** What an MMP command on `node` runs against (`sessionUser`: who is logged in over SSH). */
  mmpContext(node: SimNode, sessionUser?: string): MmpContext {
    return {
      nodeName: node.name,
      address: node.address,
      mmp: node.mmp,
      database: node.database,
      users: node.users,
      ...(sessionUser ? { sessionUser } : {}),
      changed: () => {
        this.nodeRevision++;
      },
    };
  }

  private mmpSession(node: SimNode): MmpSessionHost {
    return {
      prompt: `${node.name}> `,
      users: () => node.users,
      uploadedKeys: (user) => publicKeyLines(node.mmp.files.read(U.mmpPublicKeyFile(user))?.toString('utf8')),
      exec: async (line, user, readInput) => {
        // Commands arriving over SSH join the request log (method MMP) so tests can count them.
        const started = Date.now();
        const output = await execMmpCommand(this.mmpContext(node, user), line, readInput);
        this.log.record({ time: new Date(started).toISOString(), node: node.name, method: 'MMP', path: line, query: '', status: 0, durationMs: Date.now() - started });
        return output;
      },
      sftp: () => this.sftpHost(node),
      dispatch: (line) => dispatchMmpCommand(this.mmpContext(node), line),
      delayMs: () => node.mmp.responseDelayMs,
      afterCommand: () => this.persist(),
    };
  }

  /** A node's MMP root as SFTP sees it; transfers join the request log (method SFTP), never their content. */
  private sftpHost(node: SimNode): SftpHost {
    const files = node.mmp.files;
    return {
      list: () => files.list(),
      read: (name) => files.read(name),
      write: (name, content) => {
        files.write(name, content);
        this.persist();
      },
      remove: (name) => {
        if (!files.has(name)) return false;
        files.remove(name);
        this.persist();
        return true;
      },
      record: (operation, name) => this.log.record({ time: new Date().toISOString(), node: node.name, method: 'SFTP', path: `${operation} ${name}`, query: '', status: 0, durationMs: 0 }),
    };
  }

  private pipelineHost() {
    return {
      apiEnvironment: (node: SimNode) => this.apiEnvironment(node),
      faults: this.faults,
      log: this.log,
      control: (_node: SimNode, method: string, subpath: string, query: URLSearchParams, body: string): Promise<ControlResponse> =>
        handleControl(this, method, subpath, query, body),
      afterRequest: () => this.persist(),
    };
  }

  /** The API environment a request on `node` runs in. */
  apiEnvironment(node: SimNode): ApiEnvironment {
    const lenient = this.options.lenientCasing ?? U.LENIENT_CASING_DEFAULT;
    return {
      db: this.db,
      engine: this.engine,
      router: lenient ? this.routers.lenient : this.routers.strict,
      lenientCasing: lenient,
      pageCap: (collection) => this.pageCaps[collection] ?? U.DEFAULT_PAGE_CAP,
      jobs: { ldapSync: this.ldapSyncs },
      ...(this.options.unknownElements ? { unknownElements: this.options.unknownElements } : {}),
      node: {
        singleton: (typeName) => node.singleton(typeName),
        setSingleton: (typeName, fields) => node.setSingleton(typeName, fields),
        assertWritable: () => {
          if (!node.database.writable()) throw new ApiFailure(U.STATUS_DATABASE_NOT_READY, 'databaseNotReady');
        },
        renderView: (view) =>
          renderNodeView(node, { clusterId: this.clusterId, softwareVersion: this.options.softwareVersion ?? U.DEFAULT_SOFTWARE_VERSION, nodes: this.nodes }, view),
      },
    };
  }

  // --- addresses -----------------------------------------------------------------------------

  /** The first node's base URL, e.g. `https://127.0.0.1:8443`. */
  get url(): string {
    return this.nodes[0]?.url ?? '';
  }

  /** The first node's API base, e.g. `https://127.0.0.1:8443/api/v1`. */
  get apiUrl(): string {
    return `${this.url}/api/v1`;
  }

  node(name: string): SimNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no simulated node named ${name} (have ${this.nodes.map((n) => n.name).join(', ')})`);
    return node;
  }

  // --- operations ------------------------------------------------------------------------------

  /** Empties the database, node settings and queued LDAP syncs (the directory, faults and log stay). */
  reset(): void {
    this.ldapSyncs.clear();
    this.db.clear();
    for (const node of this.nodes) node.reset();
    this.nodeRevision++;
    this.persist();
  }

  /** Adds a fixture's objects (all or nothing; throws FixtureError naming the problem). */
  seed(fixture: Fixture): void {
    seedFixture(this.db, this.engine, fixture);
    this.persist();
  }

  /**
   * Sets one node's own singleton (`system/configuration/cluster`) as a PUT on that node would,
   * validated like API input.
   */
  seedNodeSingleton(nodeName: string, path: string, values: Record<string, FixtureValue>): void {
    const node = this.node(nodeName);
    const type = this.registry.topLevel().find((t) => t.path === path && t.singleton === 'node');
    if (!type) throw new FixtureError(`${nodeName}: ${path} is not a per-node singleton`);
    const pairs = Object.entries(values).map(([k, v]): [string, string] => [k, String(v)]);
    try {
      this.engine.updateSingleton(type, { singleton: (name) => node.singleton(name), setSingleton: (name, fields) => node.setSingleton(name, fields) }, parseChanges(type, pairs, { mode: 'update', lenientCasing: false }));
    } catch (err) {
      throw new FixtureError(`${nodeName}: ${path}: ${err instanceof ApiFailure ? err.reason : (err as Error).message}`);
    }
    this.persist();
  }

  /** Runs an LDAP sync now, as a finished `/ldapSyncs` job would have (no job object is kept). */
  runLdapSync(scope: LdapSyncScope = {}): LdapSyncResult {
    const result = runLdapSync(this.db, this.engine, this.ldapDirectory, scope);
    this.persist();
    return result;
  }

  /** The database as JSON (a valid fixture). */
  snapshot(): DatabaseSnapshot {
    return this.db.snapshot();
  }

  setDirectory(entries: LdapEntry[]): void {
    this.ldapDirectory.set(entries);
    this.nodeRevision++;
    this.persist();
  }

  directory(): LdapEntry[] {
    return this.ldapDirectory.all();
  }

  ldapSyncHistory(): LdapSyncRecord[] {
    return this.ldapSyncs.history();
  }

  nodeSummaries(): NodeSummary[] {
    return this.nodes.map((n) => ({
      name: n.name,
      url: n.url,
      address: n.address,
      uniqueName: n.uniqueName,
      database: n.database.status(),
      ...(n.ssh ? { ssh: { ...n.ssh } } : {}),
    }));
  }

  /**
   * Runs an MMP command on a node as if an administrator typed it over SSH (no SSH needed), and
   * returns its output: the way tests change node settings behind a client's back.
   */
  runMmpCommand(nodeName: string, command: string, input: readonly string[] = []): string {
    const output = runMmpLine(this.mmpContext(this.node(nodeName)), command, input);
    this.persist();
    return output;
  }

  /** The names in a node's MMP file store (what SFTP uploads would hold). */
  mmpFiles(nodeName: string): string[] {
    return this.node(nodeName).mmp.files.list();
  }

  /** One file of a node's MMP root (undefined when there is none), as SFTP would download it. */
  readMmpFile(nodeName: string, name: string): Buffer | undefined {
    return this.node(nodeName).mmp.files.read(name);
  }

  /** Writes one file to a node's MMP root, as an SFTP upload would. */
  writeMmpFile(nodeName: string, name: string, content: Buffer | string): void {
    this.node(nodeName).mmp.files.write(name, content);
    this.persist();
  }

  /** Adds names to a node's file store, or replaces its content (`replace`), or removes names. */
  setMmpFiles(nodeName: string, names: string[], mode: 'add' | 'replace' | 'remove' = 'add'): string[] {
    const files = this.node(nodeName).mmp.files;
    if (mode === 'replace') files.set(names);
    else if (mode === 'remove') files.remove(...names);
    else files.add(...names);
    this.persist();
    return files.list();
  }

  /** Runs a database clustering command on a node (what the MMP layer does over SSH). */
  databaseCommand(nodeName: string, command: string, address?: string): DatabaseStatus {
    const db = this.node(nodeName).database;
    const needAddress = () => {
      if (!address) throw new DatabaseClusterError(`${command} needs an address`);
      return address;
    };
    try {
      switch (command) {
        case 'initialize':
          db.initialize();
          break;
        case 'join':
          db.join(needAddress());
          break;
        case 'connect':
          db.connect(needAddress());
          break;
        case 'remove':
          db.remove();
          break;
        case 'markDown':
          db.markDown(address);
          break;
        case 'markUp':
          db.markUp(address);
          break;
        default:
          throw new DatabaseClusterError(`unknown database command ${command} (initialize, join, connect, remove, markDown, markUp)`);
      }
    } finally {
      // A failed command is recorded as the node's last command: save that too.
      this.nodeRevision++;
      this.persist();
    }
    return db.status();
  }

  settings(): SimulatorSettings {
    return { pageCaps: { ...this.pageCaps }, ldapSyncDelayMs: this.ldapSyncDelayMs };
  }

  /** Changes page caps (merged) and the LDAP sync delay at run time. */
  configure(settings: Partial<SimulatorSettings>): void {
    if (settings.pageCaps !== undefined) {
      for (const [k, v] of Object.entries(settings.pageCaps)) {
        if (!Number.isInteger(v) || v < 1) throw new Error(`pageCaps.${k}: expected a positive integer`);
      }
      this.pageCaps = { ...this.pageCaps, ...settings.pageCaps };
    }
    if (settings.ldapSyncDelayMs !== undefined) {
      if (typeof settings.ldapSyncDelayMs !== 'number' || settings.ldapSyncDelayMs < 0) throw new Error('ldapSyncDelayMs: expected a number >= 0');
      this.ldapSyncDelayMs = settings.ldapSyncDelayMs;
    }
  }

  /** Saves the state file when anything changed since the last save. */
  persist(): void {
    if (!this.stateFile || this.stopped || !this.booted) return;
    const revision = this.db.revision + this.nodeRevision;
    if (revision === this.savedRevision) return;
    this.savedRevision = revision;
    this.stateFile.save({
      clusterId: this.clusterId,
      database: this.db.snapshot(),
      nodes: Object.fromEntries(this.nodes.map((n) => [n.name, n.exportState()])),
      databaseClusters: this.network.snapshot(),
      directory: this.ldapDirectory.all(),
    });
  }

  /** Closes every node's server and connection, and pending timers. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.persist();
    this.stopped = true;
    this.ldapSyncs.clear();
    await Promise.all([...this.servers, ...this.mmpServers].map((s) => s.close()));
    this.servers.length = 0;
    this.mmpServers.length = 0;
    if (this.tempDir) fs.rmSync(this.tempDir, { recursive: true, force: true });
  }
}

/** Unknown elements must name a table, and an element that table does not already write. */
function checkUnknownElements(registry: Registry, unknown: Record<string, Record<string, string>>): void {
  for (const [table, elements] of Object.entries(unknown)) {
    if (!registry.has(table)) throw new Error(`unknownElements: no object table named ${table} (for example callProfile, coSpace)`);
    const known = new Set(registry.get(table).params.flatMap((p) => [p.name, p.element ?? p.name]));
    for (const name of Object.keys(elements)) {
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new Error(`unknownElements: ${table}.${name} is not an XML element name`);
      if (known.has(name)) throw new Error(`unknownElements: ${table} already writes <${name}>; choose a name the tables do not know`);
    }
  }
}

function nodeSpecs(nodes: ClusterOptions['nodes']): SimNodeSpec[] {
  const specs: SimNodeSpec[] =
    typeof nodes === 'number'
      ? Array.from({ length: nodes }, (_, i) => ({ name: `cms${i + 1}` }))
      : nodes.map((n) => (typeof n === 'string' ? { name: n } : { ...n }));
  if (specs.length === 0) throw new Error('a simulator needs at least one node');
  const names = new Set<string>();
  for (const s of specs) {
    if (!s.name || names.has(s.name)) throw new Error(`node names must be unique and non-empty (got ${JSON.stringify(s.name)})`);
    names.add(s.name);
  }
  return specs;
}
