/**
 * The databaseCluster lifecycle: a database cluster formed on the nodes' MMPs.
 *
 * Create prepares every database node (interface, certificates), initializes the primary, joins
 * the others to it and connects the database-less Call Bridges, then waits until every node
 * reports itself in the cluster. Read asks each node; a node that dropped out disappears from
 * state, so the next plan puts it back. Update joins added nodes and removes dropped ones;
 * destroy removes every node from the cluster. Import reads an existing cluster from its nodes.
 */
import type { MmpClient } from '../../cms/mmp/client';
import type { MmpDatabaseClusterStatus } from '../../cms/mmp/databaseClusterStatus';
import type { CtyObject, CtyValue } from '../../plugin/types';
import { isUnknown } from '../../plugin/types';
import type { CmsApi } from '../api';
import type { Definition } from '../definition';
import type { ResourceOperations } from '../operations';
import { OperationError } from '../operations';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ClusterPlan {
  nodes: Record<string, string>;
  primary: string;
  connected: string[];
  iface: string;
  serverFiles: string[];
  clientFiles: string[];
  timeoutMs: number;
}

function known<T extends CtyValue>(v: CtyValue | undefined): T | undefined {
  return v === null || v === undefined || isUnknown(v) ? undefined : (v as T);
}

function planOf(values: CtyObject): ClusterPlan {
  const nodes = known<Record<string, string>>(values.nodes) ?? {};
  const primary = known<string>(values.primary);
  if (!primary || !(primary in nodes)) throw new OperationError(`primary ${JSON.stringify(primary)} is not one of the nodes.`, 'primary');
  const file = (name: string) => {
    const v = known<string>(values[name]);
    if (!v) throw new OperationError(`${name} is needed to form the cluster.`, name);
    return v;
  };
  return {
    nodes,
    primary,
    connected: known<string[]>(values.connected_nodes) ?? [],
    iface: known<string>(values.interface) ?? 'a',
    serverFiles: [file('server_key'), file('server_certificate'), file('client_key'), file('client_certificate'), file('ca_certificate')],
    clientFiles: [file('client_key'), file('client_certificate'), file('ca_certificate')],
    timeoutMs: (known<number>(values.timeout_seconds) ?? 300) * 1000,
  };
}

/** Whether the node's own view says it takes part in a working cluster. */
function inCluster(status: MmpDatabaseClusterStatus, databaseNode: boolean): boolean {
  if (status.status !== 'enabled') return false;
  if (!databaseNode) return true;
  const me = status.nodes.find((n) => n.me);
  return Boolean(me?.connected);
}

export class DatabaseClusterOperations implements ResourceOperations {
  constructor(
    private readonly def: Definition,
    private readonly mmp: (node: string) => MmpClient,
    private readonly api: CmsApi,
  ) {}

  private async statuses(names: string[]): Promise<Map<string, MmpDatabaseClusterStatus>> {
    const out = new Map<string, MmpDatabaseClusterStatus>();
    for (const name of names) out.set(name, await this.mmp(name).databaseClusterStatus());
    return out;
  }

  /** State as the nodes report it: only the nodes that are in the cluster are kept. */
  async read(state: CtyObject): Promise<CtyObject | null> {
    const nodes = known<Record<string, string>>(state.nodes) ?? {};
    const connected = known<string[]>(state.connected_nodes) ?? [];
    const seen = await this.statuses([...Object.keys(nodes), ...connected]);
    const members = Object.fromEntries(Object.entries(nodes).filter(([name]) => inCluster(seen.get(name)!, true)));
    if (Object.keys(members).length === 0) return null; // the cluster is gone: plan a new one
    const stillConnected = connected.filter((name) => inCluster(seen.get(name)!, false));
    const anyStatus = [...seen.values()].find((s) => s.nodeInUse);
    return {
      ...state,
      nodes: members,
      connected_nodes: state.connected_nodes === null ? null : stillConnected,
      node_in_use: (await this.restNodeInUse()) ?? anyStatus?.nodeInUse ?? null,
    };
  }

  /** The API's view (`/system/database` on the node the provider talks to), when it has one. */
  private async restNodeInUse(): Promise<string | undefined> {
    try {
      const db = await this.api.get('/system/database');
      return db.children.cluster?.[0]?.values.nodeInUse || undefined;
    } catch {
      return undefined;
    }
  }

  async create(planned: CtyObject): Promise<CtyObject> {
    const plan = planOf(planned);
    const existing = await this.statuses([plan.primary]);
    const primaryStatus = existing.get(plan.primary)!;
    // A cluster already formed by an earlier, interrupted apply is adopted, not formed again.
    if (!inCluster(primaryStatus, true)) {
      await this.prepare(plan, Object.keys(plan.nodes));
      await this.mmp(plan.primary).runChecked('database cluster initialize');
    }
    await this.join(plan, Object.keys(plan.nodes).filter((n) => n !== plan.primary), plan.connected);
    return this.settle(planned, plan);
  }

  async update(prior: CtyObject, planned: CtyObject): Promise<CtyObject> {
    const plan = planOf(planned);
    const before = known<Record<string, string>>(prior.nodes) ?? {};
    const beforeConnected = known<string[]>(prior.connected_nodes) ?? [];
    const added = Object.keys(plan.nodes).filter((n) => !(n in before));
    const removed = Object.keys(before).filter((n) => !(n in plan.nodes));
    const addedConnected = plan.connected.filter((n) => !beforeConnected.includes(n));
    const removedConnected = beforeConnected.filter((n) => !plan.connected.includes(n));
    for (const name of [...removedConnected, ...removed]) await this.mmp(name).runChecked('database cluster remove');
    await this.prepare(plan, added);
    await this.join(plan, added, addedConnected);
    return this.settle(planned, plan);
  }

  async delete(prior: CtyObject): Promise<void> {
    const nodes = known<Record<string, string>>(prior.nodes) ?? {};
    const primary = known<string>(prior.primary);
    const order = [...(known<string[]>(prior.connected_nodes) ?? []), ...Object.keys(nodes).filter((n) => n !== primary), ...(primary && primary in nodes ? [primary] : [])];
    for (const name of order) {
      const status = await this.mmp(name).databaseClusterStatus();
      if (status.status !== 'disabled') await this.mmp(name).runChecked('database cluster remove');
    }
  }

  /**
   * Imports the cluster the named nodes form (`cms1,cms2,cms3`: their mmp_node names), as they
   * report it: each database node with its own address, the primary, the nodes that only
   * connect, and the interface and certificate files the primary shows.
   */
  async importState(importId: string): Promise<CtyObject> {
    const names = importId.split(',').map((n) => n.trim()).filter((n) => n !== '');
    if (names.length === 0 || new Set(names).size !== names.length) {
      throw new OperationError(`Import ${this.def.typeName} by the names of its nodes' mmp_node blocks, each once, such as "cms1,cms2,cms3"; got ${JSON.stringify(importId)}.`);
    }
    const seen = await this.statuses(names);
    const nodes: Record<string, string> = {};
    const connected: string[] = [];
    let primary: string | undefined;
    for (const name of names) {
      const status = seen.get(name)!;
      if (status.status !== 'enabled') throw new OperationError(`Node ${name} is not in a database cluster (\`database cluster status\` says ${status.statusText || 'nothing'}); import only the nodes of the cluster.`);
      const me = status.nodes.find((n) => n.me);
      if (!me) {
        connected.push(name); // a Call Bridge without a database of its own
        continue;
      }
      nodes[name] = me.address;
      if (me.state === 'primary') primary = name;
    }
    if (!primary) throw new OperationError(`None of ${names.join(', ')} holds the primary database; include the primary's node in the import id.`);
    const shown = seen.get(primary)!;
    const files = shown.certificates;
    return {
      id: primary,
      nodes,
      primary,
      connected_nodes: connected.length ? connected : null,
      interface: shown.interface ?? null,
      server_key: files.serverKey ?? null,
      server_certificate: files.serverCertificate ?? null,
      client_key: files.clientKey ?? null,
      client_certificate: files.clientCertificate ?? null,
      ca_certificate: files.caCertificate ?? null,
      timeout_seconds: null,
      node_in_use: shown.nodeInUse ?? null,
    };
  }

  private async prepare(plan: ClusterPlan, names: string[]): Promise<void> {
    for (const name of names) {
      const client = this.mmp(name);
      await client.runChecked(`database cluster localnode ${plan.iface}`);
      await client.runChecked(`database cluster certs ${plan.serverFiles.join(' ')}`);
    }
  }

  private async join(plan: ClusterPlan, databaseNodes: string[], connectOnly: string[]): Promise<void> {
    const primaryAddress = plan.nodes[plan.primary];
    for (const name of databaseNodes) {
      if (inCluster(await this.mmp(name).databaseClusterStatus(), true)) continue;
      await this.mmp(name).runChecked(`database cluster join ${primaryAddress}`);
    }
    for (const name of connectOnly) {
      const client = this.mmp(name);
      if (inCluster(await client.databaseClusterStatus(), false)) continue;
      await client.runChecked(`database cluster certs ${plan.clientFiles.join(' ')}`);
      await client.runChecked(`database cluster connect ${primaryAddress}`);
    }
  }

  /** Waits until every node reports itself in the cluster, then reads the state. */
  private async settle(planned: CtyObject, plan: ClusterPlan): Promise<CtyObject> {
    const deadline = Date.now() + plan.timeoutMs;
    for (;;) {
      const state = await this.read({ ...planned, id: plan.primary });
      const missing = state
        ? [...Object.keys(plan.nodes).filter((n) => !(n in (state.nodes as Record<string, string>))), ...plan.connected.filter((n) => !((state.connected_nodes as string[] | null) ?? []).includes(n))]
        : Object.keys(plan.nodes);
      if (state && missing.length === 0) return { ...state, id: plan.primary };
      if (Date.now() >= deadline) {
        throw new OperationError(`The database cluster did not settle within ${Math.round(plan.timeoutMs / 1000)} s: ${missing.join(', ')} not in the cluster yet. Check \`database cluster status\` on those nodes.`, 'nodes');
      }
      await sleep(500);
    }
  }
}
