/**
 * Read-only access to a Meeting Server for the export: REST GETs (the node given with --url, and
 * each node's own API for its per-node settings) and MMP status commands. Nothing here can
 * write: the REST view offers only get and list, and MMP reads go through the provider's typed
 * status readers. Every request is counted, for the summary.
 */
import { CmsClient } from '../../../provider/src/cms/client';
import type { CmsLogEntry } from '../../../provider/src/cms/log';
import { MmpClient } from '../../../provider/src/cms/mmp/client';
import type { MmpLogEntry } from '../../../provider/src/cms/mmp/log';
import type { CmsObject } from '../../../provider/src/cms/xml';
import type { ConnectionSettings, MmpNodeSettings } from '../../../provider/src/config/provider-config';
import type { CmsApi } from '../../../provider/src/resources/api';

/** Requests sent, by kind: REST methods (only GET is ever used) and MMP commands by command line. */
export interface RequestCounts {
  rest: Record<string, number>;
  mmp: Record<string, number>;
}

/** A REST view that can only read. */
export interface ReadOnlyApi {
  get(path: string, query?: Record<string, string>): Promise<CmsObject>;
  list(path: string, options?: { filter?: string; query?: Record<string, string> }): AsyncIterable<CmsObject>;
}

/** A node of the deployment, as given with --mmp-node (or CMS_MMP_NODES). */
export interface ExportNode extends MmpNodeSettings {
  /** The node's own API address, for its per-node settings. */
  url?: string;
}

function refused(what: string): never {
  throw new Error(`internal error: the export tried to ${what}; it only reads`);
}

export class ServerReader {
  readonly counts: RequestCounts = { rest: {}, mmp: {} };
  private readonly clients = new Map<string, CmsClient>();
  private readonly mmpClients = new Map<string, MmpClient>();

  constructor(
    readonly settings: ConnectionSettings,
    readonly nodes: readonly ExportNode[],
  ) {}

  /** The API of the node given with --url. */
  get api(): ReadOnlyApi {
    return this.apiAt(this.settings.url);
  }

  /** The API of another node (its own url). */
  apiAt(url: string): ReadOnlyApi {
    const client = this.client(url);
    return {
      get: (path, query) => client.get(path, query),
      list: (path, options) => client.list(path, options),
    };
  }

  /**
   * The same view in the shape the provider's engine takes, for reusing its read paths. Its write
   * methods refuse, so a mistake here fails loudly instead of changing the server.
   */
  engineApi(url: string = this.settings.url): CmsApi {
    const view = this.apiAt(url);
    return {
      ...view,
      create: () => refused('create an object'),
      update: () => refused('change an object'),
      delete: () => refused('delete an object'),
      count: () => refused('count objects'),
    };
  }

  /** The MMP client of a node named with --mmp-node; only its status readers are used. */
  mmp(name: string): MmpClient {
    const existing = this.mmpClients.get(name);
    if (existing) return existing;
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no --mmp-node named ${name}`);
    const client = new MmpClient({
      host: n.address,
      port: n.port,
      username: n.username,
      timeoutMs: this.settings.timeoutMs,
      trustOnFirstUse: n.trustOnFirstUse,
      ...(n.password ? { password: n.password } : {}),
      ...(n.privateKey ? { privateKey: n.privateKey } : {}),
      ...(n.hostKeyFingerprint ? { hostKeyFingerprint: n.hostKeyFingerprint } : {}),
      onLog: (entry: MmpLogEntry) => this.countMmp(entry),
    });
    this.mmpClients.set(name, client);
    return client;
  }

  /** The host key a node presented, once connected (to pin it in the exported provider block). */
  hostKeyFingerprint(name: string): string | undefined {
    return this.mmpClients.get(name)?.hostKeyFingerprint ?? this.nodes.find((n) => n.name === name)?.hostKeyFingerprint;
  }

  get totalRequests(): number {
    return [...Object.values(this.counts.rest), ...Object.values(this.counts.mmp)].reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    await Promise.all([...[...this.clients.values()].map((c) => c.close()), ...[...this.mmpClients.values()].map((m) => m.close())]);
  }

  private client(url: string): CmsClient {
    const key = url.replace(/\/+$/, '');
    let client = this.clients.get(key);
    if (!client) {
      const s = this.settings;
      client = new CmsClient({
        url: key,
        username: s.username,
        password: s.password,
        insecure: s.insecure,
        timeoutMs: s.timeoutMs,
        retries: s.retries,
        concurrency: s.concurrency,
        ...(s.caBundle ? { caBundle: s.caBundle } : {}),
        onLog: (entry: CmsLogEntry) => this.countRest(entry),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  private countRest(entry: CmsLogEntry): void {
    // One entry per attempt (answered or failed) carries its duration.
    const f = entry.fields;
    if (!f.method || f.durationMs === undefined || f.attempt === undefined) return;
    this.counts.rest[f.method] = (this.counts.rest[f.method] ?? 0) + 1;
  }

  private countMmp(entry: MmpLogEntry): void {
    if (entry.message !== 'MMP command' || !entry.fields.command) return;
    this.counts.mmp[entry.fields.command] = (this.counts.mmp[entry.fields.command] ?? 0) + 1;
  }
}
