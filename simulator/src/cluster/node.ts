/**
 * One simulated Meeting Server node: its own HTTPS endpoint, MMP users, per-node settings
 * (`/system/configuration/cluster`), status, licence file and view of database clustering.
 * Configuration objects live in the database every node of a SimCluster shares.
 */
import * as crypto from 'node:crypto';
import { NodeMmp, type MmpSnapshot } from '../mmp/settings';
import { Fields } from '../model/types';
import { DatabaseNetwork, NodeDatabase, type NodeDatabaseSnapshot } from './database';

/** An MMP user allowed (or not, by role) to use the API on this node. */
export interface SimUser {
  name: string;
  password: string;
  /** MMP role: admin, appadmin and api may use the API; audit and crypto may not. Only admin may log in to the MMP over SSH. */
  role: string;
  /** An OpenSSH public key line (`ssh-ed25519 AAAA… comment`) that may log in to the MMP as this user. */
  publicKey?: string;
}

/** Where a node's MMP (SSH) endpoint listens, once started. */
export interface SimNodeSsh {
  port: number;
  /** The host key's fingerprint, OpenSSH style (`SHA256:` + unpadded base64). */
  hostKeyFingerprint: string;
}

/** What `--state` keeps of a node. */
export interface SimNodeState {
  hostId?: string;
  singletons?: Record<string, Fields>;
  mmp?: Partial<MmpSnapshot>;
  database?: NodeDatabaseSnapshot;
  /** MMP users as `user add`/`user del`/`passwd` left them (absent: the configured users). */
  users?: SimUser[];
}

export type LicenseStatus = 'noLicense' | 'activated' | 'grace' | 'expired';

/** One feature of `/system/licensing` (cms-api.md §2.30). */
export interface LicenseFeature {
  name: string;
  status: LicenseStatus;
  /** `2026-Aug-08` style. */
  expiry?: string;
  limit?: number;
  level?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function licenseExpiry(date: Date): string {
  return `${date.getUTCFullYear()}-${MONTHS[date.getUTCMonth()]}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** Parses `2026-Aug-08`; NaN when malformed. */
export function parseLicenseExpiry(text: string): number {
  const m = /^(\d{4})-([A-Z][a-z]{2})-(\d{2})$/.exec(text);
  const month = m ? MONTHS.indexOf(m[2]!) : -1;
  return m && month >= 0 ? Date.UTC(Number(m[1]), month, Number(m[3])) : NaN;
}

export function defaultLicensing(now = new Date()): LicenseFeature[] {
  const expiry = licenseExpiry(new Date(now.getTime() + 365 * 24 * 3600 * 1000));
  // Every feature the API reference documents, licensed as on a fully licensed lab node.
  return [
    { name: 'callBridge', status: 'activated', expiry },
    { name: 'callBridgeNoEncryption', status: 'activated', expiry },
    { name: 'webBridge', status: 'activated', expiry },
    { name: 'turn', status: 'activated', expiry },
    { name: 'ldap', status: 'activated', expiry },
    { name: 'branding', status: 'activated', expiry, level: 'multipleBrands' },
    { name: 'recording', status: 'activated', expiry, limit: 2 },
    { name: 'streaming', status: 'activated', expiry, limit: 2 },
    { name: 'personal', status: 'activated', expiry, limit: 100 },
    { name: 'shared', status: 'activated', expiry, limit: 100 },
    { name: 'capacityUnits', status: 'activated', expiry, limit: 100 },
  ];
}

export interface SimNodeOptions {
  name: string;
  /** Simulated host address used by database clustering (`database cluster join <address>`). */
  address: string;
  users: SimUser[];
  network: DatabaseNetwork;
  onChange: () => void;
  /** A freshly installed node: Web Admin off, no certificates or files (default false). */
  blank?: boolean;
}

export class SimNode {
  readonly name: string;
  readonly address: string;
  private id: string = crypto.randomUUID();
  readonly database: NodeDatabase;
  /** The node's MMP users; MMP `user` commands change this list in place. */
  readonly users: SimUser[];
  private readonly initialUsers: readonly SimUser[];
  licensing: LicenseFeature[] = defaultLicensing();
  startedAt = new Date();
  /** MMP settings and file store (NTP, DNS, Web Admin, Call Bridge, Web Bridge 3, TLS). */
  readonly mmp: NodeMmp;
  /** Set when the node's server listens. */
  port = 0;
  url = '';
  /** Set when the node's MMP (SSH) endpoint listens. */
  ssh: SimNodeSsh | undefined;
  private readonly singletons = new Map<string, Fields>();
  private readonly onChange: () => void;

  constructor(options: SimNodeOptions) {
    this.name = options.name;
    this.address = options.address;
    this.initialUsers = options.users.map((u) => ({ ...u }));
    this.users = this.initialUsers.map((u) => ({ ...u }));
    this.database = new NodeDatabase(options.name, options.address, options.network);
    this.onChange = options.onChange;
    this.mmp = new NodeMmp(() => this.onChange(), options.blank ?? false);
  }

  /** This host's id (`/system/status` hostId); kept across restarts with a state file. */
  get hostId(): string {
    return this.id;
  }

  get apiUrl(): string {
    return `${this.url}/api/v1`;
  }

  /** This node's own copy of a per-node singleton (`cluster`). */
  singleton(typeName: string): Fields {
    return { ...(this.singletons.get(typeName) ?? {}) };
  }

  setSingleton(typeName: string, fields: Fields): void {
    this.singletons.set(typeName, { ...fields });
    this.onChange();
  }

  /** This node's `uniqueName` (empty when not a clustered Call Bridge). */
  get uniqueName(): string {
    return this.singleton('cluster').uniqueName ?? '';
  }

  /** Per-node state for persistence (the database cluster topology is saved by the simulator). */
  exportState(): Required<SimNodeState> {
    return {
      hostId: this.id,
      singletons: Object.fromEntries([...this.singletons].map(([k, v]) => [k, { ...v }])),
      mmp: this.mmp.export(),
      database: this.database.exportState(),
      users: this.users.map((u) => ({ ...u })),
    };
  }

  /** Puts the user list back to `users` (in place: MMP contexts hold the array). */
  private setUsers(users: readonly SimUser[]): void {
    this.users.splice(0, this.users.length, ...users.map((u) => ({ ...u })));
  }

  importState(state: SimNodeState): void {
    if (state.hostId) this.id = state.hostId;
    this.singletons.clear();
    for (const [k, v] of Object.entries(state.singletons ?? {})) this.singletons.set(k, { ...v });
    if (state.mmp) this.mmp.import(state.mmp);
    if (state.database) this.database.importState(state.database);
    if (state.users) this.setUsers(state.users);
  }

  /** Back to a freshly installed node (settings cleared, database unclustered). */
  reset(): void {
    this.singletons.clear();
    this.database.reset();
    this.mmp.reset();
    this.setUsers(this.initialUsers);
    this.licensing = defaultLicensing();
    this.startedAt = new Date();
  }
}
