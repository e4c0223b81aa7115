/**
 * Which configuration database each node reads and writes (cms-api.md §1.13, §3.10). A node as
 * installed has its own. `database cluster initialize` keeps the node's database as the
 * cluster's; `join` and `connect` make the node use the cluster's, and the joining node's own
 * database is replaced by the primary's, as on a real server: whatever was written through
 * that node before is gone. `remove` leaves the node with an empty database of its own.
 *
 * With `shared` (the simulator's `sharedDatabase` option) every node uses one database from the
 * start, as if clustered already, whatever the MMP commands say.
 */
import { ObjectEngine } from '../api/objects';
import { LdapSyncJobs, LdapSyncJobsOptions } from '../ldap/jobs';
import { Registry } from '../model/registry';
import { Database, DatabaseSnapshot } from '../model/store';
import type { DatabaseMembershipChange } from './database';

/** One configuration database, with the object engine and the LDAP sync jobs that work on it. */
export class ConfigurationStore {
  readonly db: Database;
  readonly engine: ObjectEngine;
  readonly ldapSyncs: LdapSyncJobs;

  constructor(registry: Registry, jobs: Omit<LdapSyncJobsOptions, 'db' | 'engine'>) {
    this.db = new Database(registry);
    this.engine = new ObjectEngine(this.db);
    this.ldapSyncs = new LdapSyncJobs({ ...jobs, db: this.db, engine: this.engine });
  }
}

/** What `--state` keeps of the databases: each one's content and the nodes that use it. */
export interface PersistedDatabase {
  nodes: string[];
  database: DatabaseSnapshot;
}

export class ConfigurationStores {
  private readonly byNode = new Map<string, ConfigurationStore>();
  /** Changes whenever a node changes database (for persistence). */
  epoch = 0;

  constructor(
    private readonly nodeNames: readonly string[],
    private readonly create: () => ConfigurationStore,
    readonly shared: boolean,
  ) {
    this.resetAll();
  }

  of(node: string): ConfigurationStore {
    const store = this.byNode.get(node);
    if (!store) throw new Error(`no simulated node named ${node}`);
    return store;
  }

  /** Every distinct database, in node order. */
  all(): ConfigurationStore[] {
    return [...new Set(this.nodeNames.map((n) => this.of(n)))];
  }

  /** Empty databases again: one per node, or one for all when shared. */
  resetAll(): void {
    for (const store of this.byNode.values()) store.ldapSyncs.clear();
    this.byNode.clear();
    const shared = this.shared ? this.create() : undefined;
    for (const n of this.nodeNames) this.byNode.set(n, shared ?? this.create());
    this.epoch++;
  }

  /**
   * Follows a database clustering command that succeeded on `node`. `primaryNode` is the node
   * whose database the cluster uses (for join and connect).
   */
  membershipChanged(node: string, change: DatabaseMembershipChange, primaryNode: string | undefined): void {
    if (this.shared) return;
    const before = this.of(node);
    if ((change === 'join' || change === 'connect') && primaryNode) this.byNode.set(node, this.of(primaryNode));
    else if (change === 'remove') this.byNode.set(node, this.create());
    else return;
    if (!this.all().includes(before)) before.ldapSyncs.clear();
    this.epoch++;
  }

  snapshot(): PersistedDatabase[] {
    return this.all().map((store) => ({ nodes: this.nodeNames.filter((n) => this.of(n) === store), database: store.db.snapshot() }));
  }

  /** Restores saved databases; nodes the file does not name keep an empty database. */
  restore(saved: readonly PersistedDatabase[]): void {
    this.resetAll();
    for (const entry of saved) {
      const nodes = entry.nodes.filter((n) => this.nodeNames.includes(n));
      if (nodes.length === 0) continue;
      const store = this.shared ? this.of(this.nodeNames[0]!) : this.create();
      store.db.restore(entry.database);
      for (const n of nodes) this.byNode.set(n, store);
    }
    this.epoch++;
  }
}
