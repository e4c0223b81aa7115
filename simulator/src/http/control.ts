/**
 * `/_simulator/...` control endpoints (JSON, same Basic auth as the API) so that a simulator
 * started from the command line can be reset, seeded, inspected and given an LDAP directory
 * and faults by tests, demos and pipelines. Each endpoint calls the library API.
 */
import { DatabaseStatus } from '../cluster/database';
import { LdapEntry } from '../ldap/directory';
import { LdapSyncRecord } from '../ldap/jobs';
import { DatabaseSnapshot } from '../model/store';
import { FaultConfig } from '../ops/faults';
import { Fixture } from '../ops/fixtures';
import { RequestCounters, RequestLogEntry, RequestLogFilter } from '../ops/requestLog';
import { ControlResponse } from './pipeline';

export interface NodeSummary {
  name: string;
  url: string;
  address: string;
  uniqueName: string;
  database: DatabaseStatus;
  /** The node's MMP (SSH) endpoint, when started. */
  ssh?: { port: number; hostKeyFingerprint: string };
}

export interface SimulatorSettings {
  pageCaps: Record<string, number>;
  ldapSyncDelayMs: number;
}

/** What the control endpoints drive: the Simulator's library API. */
export interface ControlTarget {
  reset(): void;
  seed(fixture: Fixture, node?: string): void;
  snapshot(node?: string): DatabaseSnapshot;
  setDirectory(entries: LdapEntry[]): void;
  directory(): LdapEntry[];
  faults: { set(config: FaultConfig): void; clear(): void; get(): FaultConfig; stats(): Record<string, number> };
  log: { entries(filter?: RequestLogFilter): RequestLogEntry[]; clear(): void; counters(): RequestCounters; count(filter?: RequestLogFilter): number };
  ldapSyncHistory(): LdapSyncRecord[];
  nodeSummaries(): NodeSummary[];
  databaseCommand(node: string, command: string, address?: string): DatabaseStatus;
  runMmpCommand(node: string, command: string): string;
  mmpFiles(node: string): string[];
  setMmpFiles(node: string, names: string[], mode: 'add' | 'replace' | 'remove'): string[];
  settings(): SimulatorSettings;
  configure(settings: Partial<SimulatorSettings>): void;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function json(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new ControlError(400, `request body is not JSON: ${(err as Error).message}`);
  }
}

function logFilter(query: URLSearchParams): RequestLogFilter {
  const filter: RequestLogFilter = {};
  const method = query.get('method');
  const collection = query.get('collection');
  const pathPrefix = query.get('pathPrefix');
  const status = query.get('status');
  const node = query.get('node');
  if (method) filter.method = method;
  if (collection) filter.collection = collection;
  if (pathPrefix) filter.pathPrefix = pathPrefix;
  if (status) filter.status = status === 'reset' ? 'reset' : Number(status);
  if (node) filter.node = node;
  return filter;
}

export const CONTROL_ENDPOINTS = [
  'GET /_simulator/',
  'POST /_simulator/reset',
  'POST /_simulator/seed[?reset=true][&node=<name>]',
  'GET /_simulator/state[?node=<name>]',
  'GET|DELETE /_simulator/log',
  'GET /_simulator/counters',
  'GET|PUT /_simulator/directory',
  'GET|PUT|DELETE /_simulator/faults',
  'GET /_simulator/ldapSyncs',
  'GET /_simulator/nodes',
  'POST /_simulator/nodes/<name>/database',
  'POST /_simulator/nodes/<name>/mmp',
  'GET|PUT|POST|DELETE /_simulator/nodes/<name>/files',
  'GET|PUT /_simulator/config',
];

export async function handleControl(target: ControlTarget, method: string, subpath: string, query: URLSearchParams, body: string): Promise<ControlResponse> {
  try {
    return { status: 200, body: route(target, method, subpath.replace(/\/+$/, '') || '/', query, body) };
  } catch (err) {
    if (err instanceof ControlError) return { status: err.status, body: { error: err.message } };
    return { status: 400, body: { error: err instanceof Error ? err.message : String(err) } };
  }
}

function route(target: ControlTarget, method: string, path: string, query: URLSearchParams, body: string): unknown {
  const allow = (...methods: string[]) => {
    if (!methods.includes(method)) throw new ControlError(405, `${method} not allowed on /_simulator${path} (use ${methods.join(' or ')})`);
  };
  const mmp = /^\/nodes\/([^/]+)\/mmp$/.exec(path);
  if (mmp) {
    allow('POST');
    const request = json(body) as { command?: unknown } | undefined;
    if (!request || typeof request.command !== 'string') throw new ControlError(400, 'expected {"command": "<MMP command line>"}, e.g. {"command": "ntp server add 10.0.0.10"}');
    return { output: target.runMmpCommand(decodeURIComponent(mmp[1]!), request.command) };
  }
  const files = /^\/nodes\/([^/]+)\/files$/.exec(path);
  if (files) {
    allow('GET', 'PUT', 'POST', 'DELETE');
    const node = decodeURIComponent(files[1]!);
    if (method === 'GET') return target.mmpFiles(node);
    const names = method === 'DELETE' && body.trim() === '' ? query.getAll('name') : json(body);
    if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string')) {
      throw new ControlError(400, 'expected a JSON array of file names, e.g. ["cms.key", "cms.crt"] (DELETE also takes ?name=...)');
    }
    return target.setMmpFiles(node, names, method === 'PUT' ? 'replace' : method === 'DELETE' ? 'remove' : 'add');
  }
  const nodeCommand = /^\/nodes\/([^/]+)\/database$/.exec(path);
  if (nodeCommand) {
    allow('POST');
    const request = json(body) as { command?: unknown; address?: unknown } | undefined;
    if (!request || typeof request.command !== 'string') throw new ControlError(400, 'expected {"command": "initialize|join|connect|remove|markDown|markUp", "address"?: "..."}');
    return target.databaseCommand(decodeURIComponent(nodeCommand[1]!), request.command, typeof request.address === 'string' ? request.address : undefined);
  }
  switch (path) {
    case '/':
      allow('GET');
      return { nodes: target.nodeSummaries().map(({ name, url }) => ({ name, url })), endpoints: CONTROL_ENDPOINTS };
    case '/reset':
      allow('POST');
      target.reset();
      return { ok: true };
    case '/seed': {
      allow('POST');
      const fixture = json(body);
      if (query.get('reset') === 'true') target.reset();
      target.seed((fixture ?? {}) as Fixture, query.get('node') ?? undefined);
      return { ok: true };
    }
    case '/state':
      allow('GET');
      return target.snapshot(query.get('node') ?? undefined);
    case '/log':
      allow('GET', 'DELETE');
      if (method === 'DELETE') {
        target.log.clear();
        return { ok: true };
      }
      return target.log.entries(logFilter(query));
    case '/counters':
      allow('GET');
      return target.log.counters();
    case '/directory':
      allow('GET', 'PUT');
      if (method === 'PUT') {
        const entries = json(body);
        if (!Array.isArray(entries)) throw new ControlError(400, 'expected a JSON array of {"dn": "...", "attributes": {...}}');
        target.setDirectory(entries as LdapEntry[]);
        return { ok: true, entries: entries.length };
      }
      return target.directory();
    case '/faults':
      allow('GET', 'PUT', 'DELETE');
      if (method === 'PUT') target.faults.set(json(body) as FaultConfig);
      if (method === 'DELETE') target.faults.clear();
      return { ...target.faults.get(), fired: target.faults.stats() };
    case '/ldapSyncs':
      allow('GET');
      return target.ldapSyncHistory();
    case '/nodes':
      allow('GET');
      return target.nodeSummaries();
    case '/config':
      allow('GET', 'PUT');
      if (method === 'PUT') target.configure((json(body) ?? {}) as Partial<SimulatorSettings>);
      return target.settings();
    default:
      throw new ControlError(404, `no control endpoint /_simulator${path}; see GET /_simulator/`);
  }
}
