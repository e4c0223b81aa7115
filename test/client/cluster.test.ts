/**
 * The client against a simulated database cluster: writes refused with databaseNotReady while
 * the node has no reachable primary are retried, and `/system/database` node data arrives as
 * attributes.
 */
import { CmsBusyError, CmsClient } from '../../provider/src/cms';
import { startCluster, type SimCluster } from '../../simulator/src';

let cluster: SimCluster;
const clients: CmsClient[] = [];

beforeAll(async () => {
  cluster = await startCluster({ nodes: ['cms1', 'cms2'] });
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster?.stop();
});

function clientFor(node: number, retries = { retries: 20, baseDelayMs: 10, maxDelayMs: 20 }): CmsClient {
  const c = new CmsClient({ url: cluster.nodes[node]!.url, username: 'admin', password: 'admin', caBundle: cluster.caPem, retries });
  clients.push(c);
  return c;
}

it('retries writes while the database has no primary, and reads /system/database node attributes', async () => {
  const [cms1, cms2] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
  const c1 = clientFor(0);
  const c2 = clientFor(1);
  const { path } = await c1.create('/coSpaces', { name: 'Before' });
  cms1.database.initialize();
  cms2.database.join(cms1.address);

  const db = await c2.get('/system/database');
  expect(db.attributes['clustered']).toBe('enabled');
  const nodes = db.children['cluster']![0]!.children['node']!;
  expect(nodes.length).toBe(2);
  expect(nodes.every((n) => n.attributes['hostname'] !== undefined && n.attributes['up'] === 'true')).toBe(true);

  // Two database nodes and the primary unreachable: no primary, writes refused.
  cms2.database.markDown(cms1.address);
  const refused = await clientFor(1, { retries: 2, baseDelayMs: 1, maxDelayMs: 1 }).update(path, { name: 'x' }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(CmsBusyError);
  expect(refused).toMatchObject({ reason: 'databaseNotReady', attempts: 3 });
  expect((refused as Error).message).toMatch(/database is not ready/);

  // The primary comes back while the client is retrying: the write goes through.
  const pending = c2.update(path, { name: 'After' });
  setTimeout(() => cms2.database.markUp(cms1.address), 60);
  await pending;
  expect((await c1.get(path)).values['name']).toBe('After');
});
