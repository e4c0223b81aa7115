/**
 * What `cms-iac doctor` found, and its two renderings: text for people (the default) and JSON
 * for tools. Built only from names, counts, versions and non-secret settings: the report is
 * made to be attached to a bug.
 */
import type { RequestCounts } from '../export/server';

export type Status = 'ok' | 'warning' | 'error' | 'skipped';

/** One check of the connection (connectivity, TLS, credentials, version). */
export interface Check {
  name: string;
  status: Status;
  summary: string;
  /** More lines: what was seen, and how to fix what failed. */
  details?: string[];
}

/** One resource type's objects as the server returned them. */
export interface CollectionReport {
  type: string;
  path: string;
  status: Status;
  objects: number;
  /** Elements (or XML attributes, `@name`) the definition does not know, with how many objects had them. */
  unknownElements: Array<{ element: string; objects: number }>;
  /** Values the provider would refuse at plan if they were configured as read (enum, format, ...). */
  invalidValues: Array<{ attribute: string; objects: number; problem: string }>;
  /** Attributes the definition reads that no object returned (unset everywhere, or unknown to this server). */
  neverReturned: string[];
  /** Why the type was not read, or what failed reading it. */
  note?: string;
}

/** One node's MMP, as the provider's MMP client reads it. */
export interface NodeReport {
  name: string;
  address: string;
  status: Status;
  /** The SSH host key the node presented, and whether it matched a pinned one. */
  hostKey?: { fingerprint: string; pinned: boolean };
  /** The node's settings as the per-node settings types read them (no secret among them). */
  settings?: Record<string, unknown>;
  databaseCluster?: { status: string; nodes: string[]; nodeInUse?: string; lastCommand?: string };
  problem?: string;
}

export interface DoctorReport {
  tool: 'cms-iac doctor';
  version: string;
  generatedAt: string;
  server: { url: string; username: string; softwareVersion?: string };
  checks: Check[];
  collections: CollectionReport[];
  nodes: NodeReport[];
  /** Requests sent: REST methods (only GET) and MMP commands (status commands only). */
  requests: RequestCounts;
}

export function worst(statuses: readonly Status[]): Status {
  for (const s of ['error', 'warning', 'ok'] as const) if (statuses.includes(s)) return s;
  return 'skipped';
}

/** The report's overall result: error when any check, type or node failed. */
export function overall(report: DoctorReport): Status {
  return worst([...report.checks.map((c) => c.status), ...report.collections.map((c) => c.status), ...report.nodes.map((n) => n.status)]);
}

const MARK: Record<Status, string> = { ok: 'ok     ', warning: 'WARNING', error: 'ERROR  ', skipped: 'skipped' };

function settingText(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  if (value === null || value === undefined || value === '') return '(not set)';
  return String(value);
}

export function renderText(report: DoctorReport): string[] {
  const lines: string[] = [];
  const version = report.server.softwareVersion ? `, Meeting Server ${report.server.softwareVersion}` : '';
  lines.push(`cms-iac doctor ${report.version}: ${report.server.url} as ${report.server.username}${version} (${report.generatedAt})`);
  lines.push('');
  lines.push('Connection');
  for (const c of report.checks) {
    lines.push(`  ${MARK[c.status]}  ${c.name.padEnd(12)} ${c.summary}`);
    for (const d of c.details ?? []) lines.push(`             ${' '.repeat(12)} ${d}`);
  }
  if (report.collections.length) {
    const read = report.collections.filter((c) => c.status !== 'skipped');
    const objects = read.reduce((n, c) => n + c.objects, 0);
    lines.push('');
    lines.push(`Collections (${read.length} types read, ${objects} objects)`);
    const width = Math.max(...report.collections.map((c) => c.type.length));
    for (const c of report.collections) {
      const count = c.status === 'skipped' ? '' : `${c.objects} object${c.objects === 1 ? '' : 's'}`;
      lines.push(`  ${MARK[c.status]}  ${c.type.padEnd(width)}  ${[count, c.note].filter(Boolean).join('; ')}`);
      for (const u of c.unknownElements) lines.push(`             unknown to the definitions: <${u.element}> in ${u.objects} of ${c.objects}`);
      for (const v of c.invalidValues) lines.push(`             ${v.attribute}: ${v.problem} (${v.objects} of ${c.objects})`);
      if (c.neverReturned.length) lines.push(`             never returned (unset on every object, or unknown to this server): ${c.neverReturned.join(', ')}`);
    }
  }
  lines.push('');
  if (report.nodes.length === 0) lines.push('MMP (SSH): no node given (--mmp-node or CMS_MMP_NODES), so node settings and database clustering were not checked.');
  else {
    lines.push('MMP (SSH) of each node');
    for (const n of report.nodes) {
      const key = n.hostKey ? `host key ${n.hostKey.fingerprint} (${n.hostKey.pinned ? 'matches the pinned fingerprint' : 'not pinned: add it as host_key_fingerprint'})` : '';
      lines.push(`  ${MARK[n.status]}  ${n.name} (${n.address})${key ? `: ${key}` : ''}`);
      if (n.problem) lines.push(`             ${n.problem}`);
      for (const [k, v] of Object.entries(n.settings ?? {})) lines.push(`             ${k.padEnd(28)} ${settingText(v)}`);
      const db = n.databaseCluster;
      if (db) lines.push(`             ${'database cluster'.padEnd(28)} ${db.status}${db.nodes.length ? `: ${db.nodes.join(', ')}` : ''}${db.nodeInUse ? `; in use ${db.nodeInUse}` : ''}`);
    }
  }
  lines.push('');
  const rest = Object.entries(report.requests.rest).map(([m, n]) => `${n} ${m}`).join(', ') || 'none';
  const mmp = Object.values(report.requests.mmp).reduce((a, b) => a + b, 0);
  lines.push(`Requests: REST ${rest}; MMP status commands ${mmp}. Nothing was changed on the server.`);
  const result = overall(report);
  lines.push(result === 'error' ? 'Result: problems found (ERROR above).' : result === 'warning' ? 'Result: usable, with warnings.' : 'Result: no problem found.');
  return lines;
}
