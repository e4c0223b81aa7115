/**
 * `database cluster status` (cms-api.md §3.10): status, the database nodes with their state,
 * the node in use, the interface, certificate files and the last command. Reads both the 3.x
 * words (Primary/Replica) and the older ones (Master/Slave).
 */
import { optionalValue, outputLines, parseStatusLine } from './statusBlock';

export type MmpDatabaseNodeState = 'primary' | 'replica' | 'unknown';

export interface MmpDatabaseNode {
  /** As printed: an IP address or host name. */
  readonly address: string;
  /** The node the client is talking to (` (me)`). */
  readonly me: boolean;
  readonly state: MmpDatabaseNodeState;
  readonly connected: boolean;
  /** A connected primary, or a replica that says it is in sync. */
  readonly inSync: boolean;
  /** Replication lag when the MMP gives one in bytes. */
  readonly behindBytes?: number;
  /** The state as printed, e.g. `Connected Replica ( In Sync )`. */
  readonly text: string;
}

export interface MmpDatabaseCertificates {
  readonly serverKey?: string;
  readonly serverCertificate?: string;
  readonly clientKey?: string;
  readonly clientCertificate?: string;
  readonly caCertificate?: string;
}

export interface MmpDatabaseClusterStatus {
  /** `enabled` when clustered, `disabled` when not, `error` when the cluster reports one. */
  readonly status: 'enabled' | 'disabled' | 'error' | 'unknown';
  /** The status word as printed. */
  readonly statusText: string;
  /** The `ERROR : …` line, when present. */
  readonly error?: string;
  readonly nodes: readonly MmpDatabaseNode[];
  readonly nodeInUse?: string;
  readonly interface?: string;
  readonly certificates: MmpDatabaseCertificates;
  /** `Last command : 'database cluster join 10.0.0.1' (Success)`. */
  readonly lastCommand?: { readonly text: string; readonly ok: boolean };
}

/** Reads a node's state text (`Connected Replica ( In Sync )`, `Master`, `Disconnected`, …). */
export function parseDatabaseNodeState(text: string): Pick<MmpDatabaseNode, 'state' | 'connected' | 'inSync' | 'behindBytes'> {
  const state: MmpDatabaseNodeState = /\b(primary|master)\b/i.test(text) ? 'primary' : /\b(replica|slave|standby)\b/i.test(text) ? 'replica' : 'unknown';
  const connected = !/\b(disconnected|not connected|unreachable|down|offline|failed)\b/i.test(text);
  const detail = /\(\s*(.*?)\s*\)/.exec(text)?.[1] ?? '';
  const bytes = /(\d+)\s*bytes?/i.exec(detail);
  const behindBytes = bytes ? Number(bytes[1]) : undefined;
  const saysInSync = /\bin sync\b/i.test(detail) && !/\b(out of|not in) sync\b/i.test(detail);
  const inSync = connected && (saysInSync || behindBytes === 0 || (state === 'primary' && detail === ''));
  return { state, connected, inSync, ...(behindBytes !== undefined ? { behindBytes } : {}) };
}

const STATUS_WORDS: Record<string, MmpDatabaseClusterStatus['status']> = { enabled: 'enabled', disabled: 'disabled', error: 'error' };

const CERTIFICATE_KEYS: Record<string, keyof MmpDatabaseCertificates> = {
  'server key': 'serverKey',
  'server certificate': 'serverCertificate',
  'client key': 'clientKey',
  'client certificate': 'clientCertificate',
  'ca certificate': 'caCertificate',
};

export function parseDatabaseClusterStatus(text: string): MmpDatabaseClusterStatus {
  let statusText = '';
  let error: string | undefined;
  let nodeInUse: string | undefined;
  let iface: string | undefined;
  let lastCommand: MmpDatabaseClusterStatus['lastCommand'];
  const nodes: MmpDatabaseNode[] = [];
  const certificates: Record<string, string> = {};
  let section: 'top' | 'nodes' | 'certificates' = 'top';

  for (const raw of outputLines(text)) {
    if (raw.trim() === '') continue;
    const line = parseStatusLine(raw);
    const heading = line === undefined || line.value === '' ? raw.trim().replace(/:$/, '').toLowerCase() : undefined;
    if (heading === 'nodes' || heading === 'certificates') {
      section = heading;
      continue;
    }
    if (!line) continue;
    if (line.indent > 0 && section === 'nodes') {
      const me = /\s*\(me\)$/i.test(line.key);
      nodes.push({ address: line.key.replace(/\s*\(me\)$/i, ''), me, text: line.value, ...parseDatabaseNodeState(line.value) });
      continue;
    }
    if (line.indent > 0 && section === 'certificates') {
      const field = CERTIFICATE_KEYS[line.key.toLowerCase()];
      const value = optionalValue(line.value);
      if (field && value !== undefined) certificates[field] = value;
      continue;
    }
    section = 'top';
    switch (line.key.toLowerCase()) {
      case 'status':
        statusText = line.value;
        break;
      case 'error':
        error = line.value;
        break;
      case 'node in use':
        nodeInUse = optionalValue(line.value);
        break;
      case 'interface':
        iface = optionalValue(line.value);
        break;
      case 'last command': {
        const m = /^'(.*)'\s*\((\w+)\)$/.exec(line.value);
        if (m) lastCommand = { text: m[1]!, ok: /^succe/i.test(m[2]!) };
        else if (optionalValue(line.value) !== undefined) lastCommand = { text: line.value, ok: !/fail/i.test(line.value) };
        break;
      }
    }
  }
  const status = STATUS_WORDS[statusText.toLowerCase()] ?? (error !== undefined ? 'error' : 'unknown');
  return {
    status,
    statusText,
    ...(error !== undefined ? { error } : {}),
    nodes,
    ...(nodeInUse !== undefined ? { nodeInUse } : {}),
    ...(iface !== undefined ? { interface: iface } : {}),
    certificates,
    ...(lastCommand ? { lastCommand } : {}),
  };
}
