/**
 * Database clustering as each node sees it (cms-api.md §3.10, §2.29): the state that MMP
 * `database cluster initialize | join | connect | remove` changes and that `/system/database`
 * and `database cluster status` report. Which configuration database a node then uses is
 * cluster/configuration.ts's, told through {@link NodeDatabase.onMembershipChange}; this model
 * decides what nodes report and whether they can write.
 *
 * An MMP (SSH) layer drives it through `SimNode.database`; tests may drive it directly.
 */

export type DatabaseRole = 'primary' | 'replica';

/** How a node takes part: its own unclustered database, a database node of a cluster, or a client of one. */
export type DatabaseMode = 'standalone' | 'member' | 'client';

export interface DatabaseMemberStatus {
  /** The node's address (what `join`/`connect` take and `/system/database` shows as hostname). */
  address: string;
  /** The simulated node's name. */
  node: string;
  role: DatabaseRole;
  /** Reachable from the other nodes. */
  up: boolean;
  /** Bytes behind the primary; 0 = in sync, -1 = unknown. */
  syncBehind: number;
  /** This is the node asking. */
  me: boolean;
}

export interface DatabaseStatus {
  mode: DatabaseMode;
  clustered: boolean;
  /** Database nodes in join order (empty when standalone). */
  nodes: DatabaseMemberStatus[];
  /** Address of the primary in use, when there is a reachable one. */
  nodeInUse?: string;
  error?: string;
  /** Can this node write configuration now? */
  writable: boolean;
  lastCommand?: { command: string; succeeded: boolean };
}

/** A clustering command that changed which database the node uses. */
export type DatabaseMembershipChange = 'initialize' | 'join' | 'connect' | 'remove';

export class DatabaseClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseClusterError';
  }
}

interface MemberState {
  address: string;
  node: string;
  role: DatabaseRole;
  up: boolean;
  syncBehind: number;
}

/** One database cluster: its database nodes (one primary) and the nodes connected as clients. */
class DatabaseClusterGroup {
  readonly members: MemberState[] = [];
  readonly clients = new Set<string>();
  error: string | undefined;

  primary(): MemberState | undefined {
    return this.members.find((m) => m.role === 'primary');
  }

  member(address: string): MemberState | undefined {
    return this.members.find((m) => m.address === address);
  }

  /**
   * After a database node goes away or down, a replica takes over if the nodes still up are a
   * majority (a 2-node cluster that loses one has no primary: §1.12).
   */
  electIfNeeded(): void {
    const primary = this.primary();
    if (primary && primary.up) return;
    const up = this.members.filter((m) => m.up);
    if (up.length * 2 <= this.members.length) return;
    if (primary) primary.role = 'replica';
    const next = up.find((m) => m.syncBehind === 0) ?? up[0]!;
    next.role = 'primary';
  }
}

/** What `--state` keeps of one database cluster: its database nodes and clients, by address. */
export interface DatabaseClusterSnapshot {
  members: Array<{ address: string; node: string; role: DatabaseRole; up: boolean; syncBehind: number }>;
  clients: string[];
  error?: string;
}

/** What `--state` keeps of one node's database settings (`localnode`, `certs`) and last command. */
export interface NodeDatabaseSnapshot {
  lastCommand?: { command: string; succeeded: boolean };
  localInterface?: string;
  certificates?: string[];
}

/** Every simulated node's database model, by address; `join` and `connect` look peers up here. */
export class DatabaseNetwork {
  private readonly nodes = new Map<string, NodeDatabase>();

  /** The clusters the nodes form (each once). */
  snapshot(): DatabaseClusterSnapshot[] {
    const groups = new Set<DatabaseClusterGroup>();
    for (const db of this.nodes.values()) if (db.cluster) groups.add(db.cluster);
    return [...groups].map((g) => ({
      members: g.members.map((m) => ({ ...m })),
      clients: [...g.clients],
      ...(g.error !== undefined ? { error: g.error } : {}),
    }));
  }

  /**
   * Rebuilds the clusters of a snapshot. Addresses no node has any more are dropped (the
   * simulator was restarted with fewer nodes); a cluster left without a primary elects one.
   */
  restore(clusters: readonly DatabaseClusterSnapshot[]): void {
    for (const db of this.nodes.values()) db.attach(undefined, 'standalone');
    for (const saved of clusters) {
      const group = new DatabaseClusterGroup();
      for (const m of saved.members) {
        const db = this.nodes.get(m.address);
        if (!db || db.cluster) continue;
        group.members.push({ address: m.address, node: db.nodeName, role: m.role, up: m.up, syncBehind: m.syncBehind });
        db.attach(group, 'member');
      }
      if (group.members.length === 0) continue;
      for (const address of saved.clients) {
        const db = this.nodes.get(address);
        if (!db || db.cluster) continue;
        group.clients.add(address);
        db.attach(group, 'client');
      }
      group.error = saved.error;
      group.electIfNeeded();
    }
  }

  register(db: NodeDatabase): void {
    if (this.nodes.has(db.address)) throw new Error(`two simulated nodes share the address ${db.address}`);
    this.nodes.set(db.address, db);
  }

  byAddress(address: string): NodeDatabase | undefined {
    return this.nodes.get(address);
  }

  all(): NodeDatabase[] {
    return [...this.nodes.values()];
  }
}

export class NodeDatabase {
  private group: DatabaseClusterGroup | undefined;
  private mode: DatabaseMode = 'standalone';
  private last: { command: string; succeeded: boolean } | undefined;
  /** Settings an MMP layer records (`database cluster localnode`, `certs`); reported, not interpreted. */
  readonly settings: { localInterface?: string; certificates?: string[] } = {};
  /**
   * Told after initialize, join, connect or remove succeeded, with the address of the primary
   * whose database the node now uses (join and connect).
   */
  onMembershipChange: ((change: DatabaseMembershipChange, primaryAddress: string | undefined) => void) | undefined;

  constructor(
    readonly nodeName: string,
    readonly address: string,
    private readonly network: DatabaseNetwork,
  ) {
    network.register(this);
  }

  private run(command: string, fn: () => void): void {
    try {
      fn();
      this.last = { command, succeeded: true };
    } catch (err) {
      this.last = { command, succeeded: false };
      throw err;
    }
  }

  /** `database cluster initialize`: this node's database becomes the primary of a new cluster. */
  initialize(): void {
    this.run('database cluster initialize', () => {
      if (this.mode !== 'standalone') throw new DatabaseClusterError('this node is already in a database cluster; run remove first');
      const group = new DatabaseClusterGroup();
      group.members.push({ address: this.address, node: this.nodeName, role: 'primary', up: true, syncBehind: 0 });
      this.group = group;
      this.mode = 'member';
    });
    this.onMembershipChange?.('initialize', this.address);
  }

  /** `database cluster join <address>`: replicate from the cluster that node belongs to; this node's own data is replaced. */
  join(address: string): void {
    this.run(`database cluster join ${address}`, () => {
      const group = this.peerGroup(address);
      if (this.mode !== 'standalone') throw new DatabaseClusterError('this node is already in a database cluster; run remove first');
      group.members.push({ address: this.address, node: this.nodeName, role: 'replica', up: true, syncBehind: 0 });
      this.group = group;
      this.mode = 'member';
    });
    this.onMembershipChange?.('join', this.group?.primary()?.address);
  }

  /** `database cluster connect <address>`: use that cluster without a local database node. */
  connect(address: string): void {
    this.run(`database cluster connect ${address}`, () => {
      const group = this.peerGroup(address);
      if (this.mode !== 'standalone') throw new DatabaseClusterError('this node is already in a database cluster; run remove first');
      group.clients.add(this.address);
      this.group = group;
      this.mode = 'client';
    });
    this.onMembershipChange?.('connect', this.group?.primary()?.address);
  }

  /** `database cluster remove`: leave the cluster (a replica takes over if this was the primary). */
  remove(): void {
    this.run('database cluster remove', () => {
      const group = this.group;
      if (!group || this.mode === 'standalone') throw new DatabaseClusterError('this node is not in a database cluster');
      if (this.mode === 'client') group.clients.delete(this.address);
      else {
        group.members.splice(group.members.findIndex((m) => m.address === this.address), 1);
        group.electIfNeeded();
      }
      this.group = undefined;
      this.mode = 'standalone';
    });
    this.onMembershipChange?.('remove', undefined);
  }

  /** `database cluster upgrade_schema`: runs on the primary only. */
  upgradeSchema(): void {
    this.run('database cluster upgrade_schema', () => {
      if (this.group?.member(this.address)?.role !== 'primary') throw new DatabaseClusterError('this node is not the database primary');
    });
  }

  /** `database cluster clear error`: forget a failed last command and the cluster's reported error. */
  clearError(): void {
    if (this.last && !this.last.succeeded) this.last = undefined;
    if (this.group) this.group.error = undefined;
  }

  /** Mark a database node (default: this one) unreachable, as if it lost power or network. */
  markDown(address: string = this.address): void {
    const member = this.requireMember(address);
    member.up = false;
    member.syncBehind = -1;
    this.group!.electIfNeeded();
  }

  /** Bring a database node back; it rejoins as an in-sync replica unless it is still the primary. */
  markUp(address: string = this.address): void {
    const member = this.requireMember(address);
    member.up = true;
    member.syncBehind = 0;
    this.group!.electIfNeeded();
  }

  setSyncBehind(address: string, bytes: number): void {
    this.requireMember(address).syncBehind = bytes;
  }

  /** Record an error the cluster reports (e.g. a failed schema upgrade); undefined clears it. */
  setError(message: string | undefined): void {
    if (!this.group) throw new DatabaseClusterError('this node is not in a database cluster');
    this.group.error = message;
  }

  /** What `--state` keeps of this node's own view: its MMP settings and last command. */
  exportState(): NodeDatabaseSnapshot {
    return {
      ...(this.last ? { lastCommand: { ...this.last } } : {}),
      ...(this.settings.localInterface ? { localInterface: this.settings.localInterface } : {}),
      ...(this.settings.certificates ? { certificates: [...this.settings.certificates] } : {}),
    };
  }

  importState(state: NodeDatabaseSnapshot): void {
    this.last = state.lastCommand ? { ...state.lastCommand } : undefined;
    this.settings.localInterface = state.localInterface;
    this.settings.certificates = state.certificates ? [...state.certificates] : undefined;
  }

  /** Membership set by {@link DatabaseNetwork.restore}; not for other callers. */
  attach(group: DatabaseClusterGroup | undefined, mode: DatabaseMode): void {
    this.group = group;
    this.mode = group ? mode : 'standalone';
  }

  /** The cluster this node is part of (for {@link DatabaseNetwork.snapshot}). */
  get cluster(): DatabaseClusterGroup | undefined {
    return this.group;
  }

  /** Back to an unclustered database (simulator reset). */
  reset(): void {
    if (this.group) {
      this.group.clients.delete(this.address);
      const i = this.group.members.findIndex((m) => m.address === this.address);
      if (i >= 0) this.group.members.splice(i, 1);
    }
    this.group = undefined;
    this.mode = 'standalone';
    this.last = undefined;
    delete this.settings.localInterface;
    delete this.settings.certificates;
  }

  /** Writes need a reachable primary (else `databaseNotReady`). */
  writable(): boolean {
    if (this.mode === 'standalone' || !this.group) return true;
    const primary = this.group.primary();
    if (!primary || !primary.up) return false;
    return this.mode === 'client' || this.group.member(this.address)?.up === true;
  }

  status(): DatabaseStatus {
    const group = this.group;
    if (this.mode === 'standalone' || !group) {
      return { mode: 'standalone', clustered: false, nodes: [], writable: true, lastCommand: this.last };
    }
    const primary = group.primary();
    return {
      mode: this.mode,
      clustered: true,
      nodes: group.members.map((m) => ({ ...m, me: m.address === this.address })),
      nodeInUse: primary && primary.up ? primary.address : undefined,
      error: group.error,
      writable: this.writable(),
      lastCommand: this.last,
    };
  }

  private peerGroup(address: string): DatabaseClusterGroup {
    if (address === this.address) throw new DatabaseClusterError('cannot join or connect to this node itself');
    const peer = this.network.byAddress(address);
    if (!peer || !peer.group || peer.mode !== 'member') throw new DatabaseClusterError(`no database cluster node at ${address}`);
    return peer.group;
  }

  private requireMember(address: string): MemberState {
    const member = this.group?.member(address);
    if (!member) throw new DatabaseClusterError(`${address} is not a database node of this node's cluster`);
    return member;
  }
}
