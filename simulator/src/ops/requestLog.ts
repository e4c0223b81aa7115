/**
 * The request log: one entry per API request a node answered (control requests under
 * `/_simulator/` are not logged), with counters per method and per method + collection that
 * tests and benchmarks read.
 */
import { FaultKind } from './faults';

export interface RequestLogEntry {
  seq: number;
  /** ISO time the request arrived. */
  time: string;
  node: string;
  /** The HTTP method, or `MMP` for a command run over SSH. */
  method: string;
  /** The request path, or the MMP command line. */
  path: string;
  /** Query string without the `?` ('' when none). */
  query: string;
  /** HTTP status, 'reset' when the connection was dropped, 0 for MMP commands. */
  status: number | 'reset';
  durationMs: number;
  /** Collection addressed (`coSpaces`, `accessMethods`, `system/profiles`), when the path named one. */
  collection?: string;
  faults?: FaultKind[];
}

export interface RequestLogFilter {
  method?: string;
  collection?: string;
  pathPrefix?: string;
  status?: number | 'reset';
  node?: string;
}

export interface RequestCounters {
  total: number;
  byMethod: Record<string, number>;
  /** Keyed `GET coSpaces`, `POST accessMethods`. */
  byMethodAndCollection: Record<string, number>;
  byStatus: Record<string, number>;
}

const MAX_ENTRIES = 20000;

function emptyCounters(): RequestCounters {
  return { total: 0, byMethod: {}, byMethodAndCollection: {}, byStatus: {} };
}

export class RequestLog {
  private log: RequestLogEntry[] = [];
  private seq = 0;
  private totals = emptyCounters();

  record(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.log.push(full);
    if (this.log.length > MAX_ENTRIES) this.log.splice(0, this.log.length - MAX_ENTRIES);
    const t = this.totals;
    t.total++;
    t.byMethod[entry.method] = (t.byMethod[entry.method] ?? 0) + 1;
    if (entry.collection) {
      const key = `${entry.method} ${entry.collection}`;
      t.byMethodAndCollection[key] = (t.byMethodAndCollection[key] ?? 0) + 1;
    }
    t.byStatus[String(entry.status)] = (t.byStatus[String(entry.status)] ?? 0) + 1;
    return full;
  }

  /** Entries, oldest first (the most recent 20000), optionally filtered. */
  entries(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.log.filter((e) => matches(e, filter)).map((e) => ({ ...e }));
  }

  count(filter: RequestLogFilter = {}): number {
    return this.log.reduce((n, e) => n + (matches(e, filter) ? 1 : 0), 0);
  }

  /** Counters since the last clear (not limited by the entry cap). */
  counters(): RequestCounters {
    return JSON.parse(JSON.stringify(this.totals)) as RequestCounters;
  }

  clear(): void {
    this.log = [];
    this.totals = emptyCounters();
  }
}

function matches(e: RequestLogEntry, f: RequestLogFilter): boolean {
  return (
    (f.method === undefined || e.method === f.method.toUpperCase()) &&
    (f.collection === undefined || e.collection === f.collection) &&
    (f.pathPrefix === undefined || e.path.startsWith(f.pathPrefix)) &&
    (f.status === undefined || e.status === f.status) &&
    (f.node === undefined || e.node === f.node)
  );
}
