/** Database clustering through the MMP (cms-api.md §3.10): initialize + join over SSH, seen through REST. */
import { SimCluster, startCluster } from '../../simulator/src';
import { TestClient } from './helpers';
import { SshSession } from './mmpHelpers';

const DB_CERTS = 'database cluster certs dbserver.key dbserver.crt dbclient.key dbclient.crt root-ca.crt';

let cluster: SimCluster;
let ssh: SshSession[];
let rest: TestClient[];
beforeAll(async () => {
  cluster = await startCluster({ nodes: ['cms1', 'cms2', 'cms3', 'edge'], tls: false, ssh: true });
  ssh = await Promise.all(cluster.nodes.map((n) => SshSession.forNode(n)));
  rest = cluster.nodes.map((n) => new TestClient(n.url));
});
afterAll(async () => {
  for (const s of ssh) s.close();
  await Promise.all(rest.map((c) => c.close()));
  await cluster.stop();
});
beforeEach(() => cluster.reset());

const [CMS1, CMS2, CMS3, EDGE] = [0, 1, 2, 3];

async function prepareDatabaseNodes(): Promise<void> {
  for (const i of [CMS1, CMS2, CMS3]) {
    expect(await ssh[i]!.exec('database cluster localnode a')).toBe('');
    expect(await ssh[i]!.exec(DB_CERTS)).toBe('');
  }
}

async function formCluster(): Promise<void> {
  await prepareDatabaseNodes();
  expect(await ssh[CMS1]!.exec('database cluster initialize')).toBe('SUCCESS: database cluster initialized; this node is the primary\n');
  expect(await ssh[CMS2]!.exec('database cluster join 10.0.0.1')).toBe('SUCCESS: joined the database cluster at 10.0.0.1\n');
  expect(await ssh[CMS3]!.exec('database cluster join 10.0.0.1')).toBe('SUCCESS: joined the database cluster at 10.0.0.1\n');
}

it('shows an unclustered node as Disabled', async () => {
  expect(await ssh[CMS1]!.exec('database cluster status')).toBe(
    [
      'Status                   : Disabled',
      'Nodes:',
      'Node in use              : none',
      'Interface                : none',
      'Certificates',
      '  Server Key             : none',
      '  Server Certificate     : none',
      '  Client Key             : none',
      '  Client Certificate     : none',
      '  CA Certificate         : none',
      'Last command             : none',
      '',
    ].join('\n'),
  );
});

it('forms a 3-node cluster with initialize and join; every node reports it in the documented layout and over REST', async () => {
  await formCluster();
  expect(await ssh[CMS3]!.exec('database cluster status')).toBe(
    [
      'Status                   : Enabled',
      'Nodes:',
      '    10.0.0.1             : Connected Primary',
      '    10.0.0.2             : Connected Replica ( In Sync )',
      '    10.0.0.3 (me)        : Connected Replica ( In Sync )',
      'Node in use              : 10.0.0.1',
      'Interface                : a',
      'Certificates',
      '  Server Key             : dbserver.key',
      '  Server Certificate     : dbserver.crt',
      '  Client Key             : dbclient.key',
      '  Client Certificate     : dbclient.crt',
      '  CA Certificate         : root-ca.crt',
      "Last command             : 'database cluster join 10.0.0.1' (Success)",
      '',
    ].join('\n'),
  );
  expect(await ssh[CMS1]!.exec('database cluster status')).toMatch(/^ {4}10\.0\.0\.1 \(me\) {8}: Connected Primary$/m);

  for (const client of rest.slice(0, 3)) {
    const reply = await client.get('system/database');
    const database = reply.xml.database;
    expect(database['@clustered']).toBe('enabled');
    expect(database.cluster.totalNodes).toBe('3');
    const nodes: Array<Record<string, string>> = [database.cluster.node].flat();
    expect(nodes.filter((n) => n['@master'] === 'true').map((n) => n['@hostname'])).toEqual(['10.0.0.1']);
  }
  expect((await rest[EDGE]!.get('system/database')).xml.database['@clustered']).toBe('disabled');
});

it('connects a database-less Call Bridge with the client certificates only', async () => {
  await formCluster();
  expect(await ssh[EDGE]!.exec('database cluster connect 10.0.0.1')).toMatch(/^FAILURE: database cluster certificates not configured/);
  expect(await ssh[EDGE]!.exec('database cluster certs dbclient.key dbclient.crt root-ca.crt')).toBe('');
  expect(await ssh[EDGE]!.exec('database cluster connect 10.0.0.1')).toBe('SUCCESS: connected to the database cluster at 10.0.0.1\n');
  const status = await ssh[EDGE]!.exec('database cluster status');
  expect(status).not.toContain('(me)');
  expect(status).toMatch(/^ {2}Server Key {13}: none$/m);
  expect(status).toMatch(/^ {2}Client Key {13}: dbclient\.key$/m);
  expect((await rest[EDGE]!.get('system/database')).xml.database.cluster.totalNodes).toBe('3');
});

it('refuses impossible commands with FAILURE and records them as the failed last command', async () => {
  expect(await ssh[CMS1]!.exec('database cluster initialize')).toMatch(/^FAILURE: database cluster localnode not configured/);
  expect(await ssh[CMS1]!.exec('database cluster localnode a')).toBe('');
  expect(await ssh[CMS1]!.exec('database cluster initialize')).toMatch(/^FAILURE: database cluster certificates not configured/);
  expect(await ssh[CMS1]!.exec('database cluster certs dbserver.key dbserver.crt dbclient.key dbclient.crt')).toMatch(/^Usage: database cluster certs/);
  expect(await ssh[CMS1]!.exec('database cluster certs a.key b.crt c.key d.crt e.crt')).toBe('FAILURE: file a.key does not exist\n');
  await formCluster();
  expect(await ssh[CMS2]!.exec('database cluster join 10.0.0.1')).toBe('FAILURE: this node is already in a database cluster; run remove first\n');
  expect(await ssh[CMS2]!.exec('database cluster status')).toMatch(/^Last command {13}: 'database cluster join 10\.0\.0\.1' \(Failed\)$/m);
  expect(await ssh[CMS2]!.exec('database cluster clear error')).toBe('SUCCESS: database cluster error cleared\n');
  expect(await ssh[CMS2]!.exec('database cluster status')).toMatch(/^Last command {13}: none$/m);
  expect(await ssh[EDGE]!.exec('database cluster join 10.0.0.9')).toMatch(/^FAILURE/);
  expect(await ssh[CMS2]!.exec('database cluster upgrade_schema')).toBe('FAILURE: this node is not the database primary\n');
  expect(await ssh[CMS1]!.exec('database cluster upgrade_schema')).toBe('SUCCESS: database schema upgraded\n');
  expect(await ssh[CMS1]!.exec('database cluster frobnicate')).toMatch(/^Usage: database cluster/);
});

it('shows a node taken out (markDown) as disconnected, and a reported error', async () => {
  await formCluster();
  cluster.databaseCommand('cms1', 'markDown');
  const status = await ssh[CMS2]!.exec('database cluster status');
  expect(status).toMatch(/^ {4}10\.0\.0\.1 {13}: Disconnected Replica$/m);
  expect(status).toMatch(/^ {4}10\.0\.0\.2 \(me\) {8}: Connected Primary$/m);
  expect(status).toMatch(/^Node in use {14}: 10\.0\.0\.2$/m);

  cluster.node('cms2').database.setSyncBehind('10.0.0.3', 2048);
  cluster.node('cms2').database.setError("Couldn't upgrade the schema");
  const withError = await ssh[CMS3]!.exec('database cluster status');
  expect(withError.split('\n').slice(0, 2)).toEqual(['Status                   : Error', "ERROR                    : Couldn't upgrade the schema"]);
  expect(withError).toMatch(/^ {4}10\.0\.0\.3 \(me\) {8}: Connected Replica \( 2048 bytes behind \)$/m);
});

it('removes a node over exec without asking, and in a shell only after a capital Y', async () => {
  await formCluster();
  expect(await ssh[CMS3]!.exec('database cluster remove')).toBe('SUCCESS: this node has left the database cluster\n');
  expect((await rest[CMS1]!.get('system/database')).xml.database.cluster.totalNodes).toBe('2');
  expect(await ssh[CMS3]!.exec('database cluster remove')).toBe('FAILURE: this node is not in a database cluster\n');

  const shell = await ssh[CMS2]!.shell();
  await shell.readUntil(/cms2> $/);
  shell.send('database cluster remove\n');
  expect(await shell.readUntil(/\(Y\/n\) $/)).toContain('WARNING');
  shell.send('y\n');
  expect(await shell.readUntil(/cms2> $/)).toContain('database cluster remove cancelled');
  shell.send('database cluster remove\n');
  await shell.readUntil(/\(Y\/n\) $/);
  shell.send('Y\n');
  expect(await shell.readUntil(/cms2> $/)).toContain('SUCCESS: this node has left the database cluster');
  shell.close();
  expect((await rest[CMS1]!.get('system/database')).xml.database.cluster.totalNodes).toBe('1');
});
