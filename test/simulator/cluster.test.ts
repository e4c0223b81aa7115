/**
 * Several nodes: a database each until database clustering joins them (the joining node's
 * replaced by the primary's), per-node singletons, database clustering views (cms-api.md §1.13,
 * §2.2, §2.28-§2.30, §3.10).
 */
import { DatabaseClusterError, SimCluster, startCluster } from '../../simulator/src';
import { failureReason, items, TestClient } from './helpers';

let cluster: SimCluster;
let clients: TestClient[];
beforeAll(async () => {
  cluster = await startCluster({ nodes: ['cms1', 'cms2', 'cms3'], tls: false });
  clients = cluster.nodes.map((n) => new TestClient(n.url));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster.stop();
});
beforeEach(() => cluster.reset());

it('runs each node on its own port', () => {
  const ports = cluster.nodes.map((n) => n.port);
  expect(new Set(ports).size).toBe(3);
  expect(cluster.nodes.map((n) => n.name)).toEqual(['cms1', 'cms2', 'cms3']);
  expect(cluster.url).toBe(cluster.nodes[0]!.url);
  for (const node of cluster.nodes) expect(node.apiUrl).toBe(`${node.url}/api/v1`);
});

it('gives each node a database of its own until it is clustered', async () => {
  const [a, b] = clients as [TestClient, TestClient];
  const id = await a.create('coSpaces', { name: 'On cms1', uri: 'room' });
  expect((await b.get(`coSpaces/${id}`)).status).toBe(404);
  expect(items(await b.get('coSpaces'), 'coSpaces', 'coSpace')).toEqual([]);
  // No clash either: the URI is only taken in cms1's database.
  expect((await b.post('coSpaces', { name: 'On cms2', uri: 'room' })).status).toBe(200);
  expect(cluster.sharesDatabase('cms1', 'cms2')).toBe(false);
});

it('replaces a joining node\'s database with the primary\'s, shares it from then on, and leaves a removed node an empty one', async () => {
  const [a, b, c] = clients as [TestClient, TestClient, TestClient];
  const [cms1, cms2, cms3] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0], typeof cluster.nodes[0]];
  const kept = await a.create('coSpaces', { name: 'Kept', uri: 'kept' });
  const lost = await b.create('coSpaces', { name: 'Written through cms2 before it joined', uri: 'lost' });
  cms1.database.initialize();
  cms2.database.join(cms1.address);
  // What cms2 held is gone; it now reads the primary's database.
  expect((await b.get(`coSpaces/${lost}`)).status).toBe(404);
  expect((await b.get(`coSpaces/${kept}`)).xml.coSpace.name).toBe('Kept');
  expect((await a.get(`coSpaces/${lost}`)).status).toBe(404);
  // A Call Bridge connected without a database node of its own uses it too.
  cms3.database.connect(cms1.address);
  expect((await c.get(`coSpaces/${kept}`)).xml.coSpace.name).toBe('Kept');
  // One database from now on: written through one node, read, changed and deleted through the others.
  const shared = await b.create('coSpaces', { name: 'Shared', uri: 'shared' });
  expect((await c.get(`coSpaces/${shared}`)).xml.coSpace.name).toBe('Shared');
  await c.put(`coSpaces/${shared}`, { name: 'Changed on cms3' });
  expect((await a.get(`coSpaces/${shared}`)).xml.coSpace.name).toBe('Changed on cms3');
  expect(failureReason(await a.post('coSpaces', { uri: 'shared' }))).toBe('duplicateCoSpaceUri');
  await a.put('system/profiles', { callLegProfile: await a.create('callLegProfiles') });
  expect((await c.get('system/profiles')).xml.profiles.callLegProfile).toBeTruthy();
  // Leaving the cluster resets the node's database; the cluster keeps its own.
  cms2.database.remove();
  expect(items(await b.get('coSpaces'), 'coSpaces', 'coSpace')).toEqual([]);
  expect((await a.get(`coSpaces/${kept}`)).xml.coSpace.name).toBe('Kept');
  expect(cluster.snapshot('cms3')).toEqual(cluster.snapshot('cms1'));
});

it('with sharedDatabase, every node uses one database from the start, as if clustered already', async () => {
  const shared = await startCluster({ nodes: 2, tls: false, sharedDatabase: true });
  const [a, b] = shared.nodes.map((n) => new TestClient(n.url)) as [TestClient, TestClient];
  try {
    const id = await a.create('coSpaces', { name: 'Shared', uri: 'shared' });
    expect((await b.get(`coSpaces/${id}`)).xml.coSpace.name).toBe('Shared');
    await b.delete(`coSpaces/${id}`);
    expect((await a.get(`coSpaces/${id}`)).status).toBe(404);
    expect(shared.sharesDatabase('cms1', 'cms2')).toBe(true);
  } finally {
    await a.close();
    await b.close();
    await shared.stop();
  }
});

it('keeps /system/configuration/cluster per node, and reports clusterEnabled when uniqueName is set', async () => {
  const [a, b] = clients as [TestClient, TestClient];
  await a.put('system/configuration/cluster', { uniqueName: 'cms1', loadLimit: 96000 });
  expect((await a.get('system/configuration/cluster')).xml.cluster).toMatchObject({ uniqueName: 'cms1', loadLimit: '96000' });
  expect((await b.get('system/configuration/cluster')).xml.cluster.uniqueName).toBe('');
  expect((await a.get('system/status')).xml.status.clusterEnabled).toBe('true');
  expect((await b.get('system/status')).xml.status.clusterEnabled).toBe('false');
  expect(cluster.node('cms1').uniqueName).toBe('cms1');
});

it('reports one constant clusterId and a hostId per node', async () => {
  const statuses = await Promise.all(clients.map(async (c) => (await c.get('system/status')).xml.status));
  expect(new Set(statuses.map((s) => s.clusterId)).size).toBe(1);
  expect(statuses[0].clusterId).toBe(cluster.clusterId);
  expect(new Set(statuses.map((s) => s.hostId)).size).toBe(3);
  for (const s of statuses) expect(s.softwareVersion).toBeTruthy();
});

it('answers /system/licensing per node', async () => {
  cluster.node('cms2').licensing = [{ name: 'callBridge', status: 'expired', expiry: '2024-Jan-01' }];
  const one = (await clients[0]!.get('system/licensing')).xml.licensing.features;
  const two = (await clients[1]!.get('system/licensing')).xml.licensing.features;
  expect(one.callBridge.status).toBe('activated');
  expect(one.recording.limit).toBe('2');
  expect(two).toEqual({ callBridge: { status: 'expired', expiry: '2024-Jan-01' } });
});

it('answers /clusterLicensing for the whole cluster, with expiry at most 90 days ahead', async () => {
  cluster.node('cms1').licensing = [{ name: 'callBridge', status: 'expired', expiry: '2024-Jan-01' }];
  cluster.node('cms2').licensing = [
    { name: 'callBridge', status: 'activated', expiry: '2099-Dec-31' },
    { name: 'recording', status: 'noLicense' },
  ];
  cluster.node('cms3').licensing = [];
  const features = (await clients[2]!.get('clusterLicensing')).xml.clusterLicensing.features;
  expect(features.callBridge.status).toBe('activated');
  const expiry = Date.parse(features.callBridge.expiry.replace(/-/g, ' '));
  expect(expiry).toBeLessThanOrEqual(Date.now() + 91 * 24 * 3600 * 1000);
  expect(features.recording).toEqual({ status: 'noLicense' });
});

describe('database clustering', () => {
  it('answers <database clustered="disabled"/> while nodes are not clustered', async () => {
    for (const c of clients) expect((await c.get('system/database')).text).toBe('<?xml version="1.0"?><database clustered="disabled"/>');
  });

  it('reports nodes, primary and sync state after initialize / join / connect, per node', async () => {
    const [cms1, cms2, cms3] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0], typeof cluster.nodes[0]];
    cms1.database.initialize();
    cms2.database.join(cms1.address);
    cms3.database.connect(cms1.address);
    const view = (await clients[1]!.get('system/database')).xml.database;
    expect(view['@clustered']).toBe('enabled');
    expect(view.cluster.totalNodes).toBe('2');
    expect(view.cluster.nodeInUse).toBe(cms1.address);
    expect(view.cluster.node).toEqual([
      { '@hostname': cms1.address, '@up': 'true', '@syncBehind': '0', '@master': 'true' },
      { '@hostname': cms2.address, '@up': 'true', '@syncBehind': '0', '@master': 'false' },
    ]);
    // A connected Call Bridge sees the same cluster.
    expect((await clients[2]!.get('system/database')).xml.database.cluster.totalNodes).toBe('2');
    expect(cms2.database.status()).toMatchObject({ mode: 'member', clustered: true, writable: true, lastCommand: { command: `database cluster join ${cms1.address}`, succeeded: true } });
    expect(cms2.database.status().nodes.map((n) => n.me)).toEqual([false, true]);
  });

  it('refuses impossible commands with a clear error', () => {
    const [cms1, cms2] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    expect(() => cms2.database.join(cms1.address)).toThrow(DatabaseClusterError);
    expect(cms2.database.status().lastCommand?.succeeded).toBe(false);
    cms1.database.initialize();
    expect(() => cms1.database.initialize()).toThrow(/already/);
    expect(() => cms2.database.join('192.0.2.99')).toThrow(/no database cluster node at 192.0.2.99/);
    expect(() => cms2.database.remove()).toThrow(/not in a database cluster/);
  });

  it('fails writes with databaseNotReady when no primary is reachable, reads still work, and a majority elects a new primary', async () => {
    const [cms1, cms2, cms3] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const id = await clients[0]!.create('coSpaces', { name: 'Before' });
    cms1.database.initialize();
    cms2.database.join(cms1.address);
    // Two database nodes: losing the primary leaves no majority, so no primary.
    cms2.database.markDown(cms1.address);
    const refused = await clients[1]!.put(`coSpaces/${id}`, { name: 'After' });
    expect([refused.status, failureReason(refused)]).toEqual([400, 'databaseNotReady']);
    expect(failureReason(await clients[1]!.post('coSpaces', { name: 'x' }))).toBe('databaseNotReady');
    expect((await clients[1]!.get(`coSpaces/${id}`)).xml.coSpace.name).toBe('Before');
    expect((await clients[1]!.get('system/database')).xml.database.cluster.node[0]['@up']).toBe('false');

    cms2.database.markUp(cms1.address);
    cms3.database.join(cms1.address);
    // Three database nodes: losing the primary leaves a majority, a replica takes over.
    cms2.database.markDown(cms1.address);
    expect(cms2.database.status().nodeInUse).toBe(cms2.address);
    expect((await clients[1]!.put(`coSpaces/${id}`, { name: 'After' })).status).toBe(200);
    // The node that is down itself cannot write.
    expect(failureReason(await clients[0]!.put(`coSpaces/${id}`, { name: 'x' }))).toBe('databaseNotReady');
  });

  it('can be driven through the control endpoint', async () => {
    const [cms1, cms2] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    expect((await clients[0]!.json('POST', '/_simulator/nodes/cms1/database', { command: 'initialize' })).status).toBe(200);
    const joined = await clients[0]!.json('POST', '/_simulator/nodes/cms2/database', { command: 'join', address: cms1.address });
    expect(joined.body).toMatchObject({ mode: 'member', nodeInUse: cms1.address });
    const bad = await clients[0]!.json('POST', '/_simulator/nodes/cms2/database', { command: 'join', address: cms1.address });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/already/);
    const nodes = (await clients[0]!.json('GET', '/_simulator/nodes')).body;
    expect(nodes.map((n: { name: string; database: { mode: string } }) => [n.name, n.database.mode])).toEqual([
      ['cms1', 'member'],
      ['cms2', 'member'],
      ['cms3', 'standalone'],
    ]);
    expect(cms2.database.status().clustered).toBe(true);
  });
});

it('logs which node answered', async () => {
  cluster.log.clear();
  await clients[2]!.get('callBridges');
  expect(cluster.log.entries().map((e) => [e.node, e.method, e.collection])).toEqual([['cms3', 'GET', 'callBridges']]);
  expect(items(await clients[0]!.get('callBridges'), 'callBridges', 'callBridge')).toEqual([]);
});
