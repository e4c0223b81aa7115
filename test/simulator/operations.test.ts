/** Reset, seed, snapshot, persistence, the request log and the control endpoints. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FixtureError, startCluster, startSimulator, Simulator } from '../../simulator/src';
import { failureReason, items, TestClient } from './helpers';

describe('reset, seed and snapshot', () => {
  let sim: Simulator;
  let api: TestClient;
  beforeAll(async () => {
    sim = await startSimulator({ tls: false });
    api = new TestClient(sim.url);
  });
  afterAll(async () => {
    await api.close();
    await sim.stop();
  });
  beforeEach(() => sim.reset());

  it('seeds nested objects with given ids, references and defaults, and snapshot() gives them back', async () => {
    sim.seed({
      callLegProfiles: [{ id: 'clp-guest', name: 'Guest', needsActivation: true }],
      tenants: [{ id: 't1', name: 'Acme', callLegProfile: 'clp-guest' }],
      coSpaces: [{ id: 's1', name: 'Board', uri: 'board', callId: 4242, tenant: 't1', accessMethods: [{ id: 'am1', uri: 'board.guest', passcode: '1234', callLegProfile: 'clp-guest' }] }],
      'system/profiles': { callLegProfile: 'clp-guest' },
    });
    const space = (await api.get('coSpaces/s1')).xml.coSpace;
    expect(space).toMatchObject({ name: 'Board', callId: '4242', tenant: 't1', nonMemberAccess: 'true', numAccessMethods: '1' });
    expect(space.secret).toBeTruthy();
    expect((await api.get('coSpaces/s1/accessMethods/am1')).xml.accessMethod.callLegProfile).toBe('clp-guest');
    expect((await api.get('system/profiles')).xml.profiles.callLegProfile).toBe('clp-guest');

    const snapshot = sim.snapshot();
    expect(snapshot.coSpaces).toEqual([expect.objectContaining({ id: 's1', uri: 'board', accessMethods: [expect.objectContaining({ id: 'am1', passcode: '1234' })] })]);
    sim.reset();
    expect(sim.snapshot()).toEqual({});
    sim.seed(snapshot as never);
    expect(sim.snapshot()).toEqual(snapshot);
  });

  it('refuses a bad fixture as a whole, naming the object and the reason', () => {
    sim.seed({ tenants: [{ id: 'keep', name: 'Keep' }] });
    const before = sim.snapshot();
    const attempts: Array<[unknown, RegExp]> = [
      [{ coSpaces: [{ name: 'ok' }, { defaultLayout: 'nope' }] }, /coSpaces\[1\]: parameterError \(parameter=defaultLayout error=invalidValue\)/],
      [{ coSpaces: [{ tenant: 'missing' }] }, /coSpaces\[0\]: tenantDoesNotExist/],
      [{ spaces: [] }, /unknown collection "spaces"/],
      [{ coSpaces: [{ id: 'keep2' }, { id: 'keep2' }] }, /coSpaces\[1\]: id keep2 is not a new id/],
      [{ tenants: [{ participantLimit: '5' }] }, /tenants\[0\]: parameterError \(parameter=name error=missingValue\)/],
    ];
    for (const [fixture, message] of attempts) {
      expect(() => sim.seed(fixture as never)).toThrow(FixtureError);
      expect(() => sim.seed(fixture as never)).toThrow(message);
      expect(sim.snapshot()).toEqual(before);
    }
  });

  it('reset() empties the database and node settings but keeps the directory', async () => {
    await api.create('coSpaces', { name: 'x' });
    await api.put('system/configuration/cluster', { uniqueName: 'cb1' });
    sim.setDirectory([{ dn: 'cn=a,dc=x', attributes: { cn: 'a' } }]);
    sim.reset();
    expect((await api.get('coSpaces')).xml.coSpaces['@total']).toBe('0');
    expect((await api.get('system/configuration/cluster')).xml.cluster.uniqueName).toBe('');
    expect(sim.directory()).toHaveLength(1);
  });
});

describe('persistence', () => {
  it('saves the state after each write and loads it at start: objects, node settings, directory, clusterId', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-sim-persist-'));
    const statePath = path.join(dir, 'sim.json');
    try {
      const first = await startSimulator({ tls: false, statePath });
      const api = new TestClient(first.url);
      const id = await api.create('coSpaces', { name: 'Persisted', uri: 'persisted', callId: '900' });
      await api.put('system/configuration/cluster', { uniqueName: 'cms-a' });
      first.setDirectory([{ dn: 'cn=Ann,dc=example,dc=com', attributes: { cn: 'Ann' } }]);
      // Written already, before any stop().
      const onDisk = JSON.parse(fs.readFileSync(statePath, 'utf8'));
      expect(onDisk.format).toBe('cms-simulator-state');
      expect(onDisk.databases).toEqual([{ nodes: ['cms1'], database: expect.objectContaining({ coSpaces: [expect.objectContaining({ id, name: 'Persisted' })] }) }]);
      const secret = (await api.get(`coSpaces/${id}`)).xml.coSpace.secret;
      const clusterId = first.clusterId;
      const hostId = first.nodes[0]!.hostId;
      await api.close();
      await first.stop();

      const second = await startSimulator({ tls: false, statePath, seed: { coSpaces: [{ name: 'ignored, state exists' }] } });
      const again = new TestClient(second.url);
      try {
        expect((await again.get(`coSpaces/${id}`)).xml.coSpace).toMatchObject({ name: 'Persisted', callId: '900', secret });
        expect((await again.get('coSpaces')).xml.coSpaces['@total']).toBe('1');
        expect((await again.get('system/configuration/cluster')).xml.cluster.uniqueName).toBe('cms-a');
        expect((await again.get('system/status')).xml.status).toMatchObject({ clusterId, hostId });
        expect(second.directory()).toEqual([{ dn: 'cn=Ann,dc=example,dc=com', attributes: { cn: 'Ann' } }]);
      } finally {
        await again.close();
        await second.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps each node\'s database, and which nodes share one, across a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-sim-persist-'));
    const statePath = path.join(dir, 'sim.json');
    try {
      const first = await startCluster({ nodes: 3, tls: false, statePath });
      first.seed({ tenants: [{ name: 'Primary' }] });
      first.seed({ tenants: [{ name: 'Alone' }] }, 'cms3');
      first.databaseCommand('cms1', 'initialize');
      first.databaseCommand('cms2', 'join', first.node('cms1').address);
      await first.stop();
      const second = await startCluster({ nodes: 3, tls: false, statePath });
      try {
        expect(second.sharesDatabase('cms1', 'cms2')).toBe(true);
        expect(second.snapshot('cms2').tenants).toEqual([expect.objectContaining({ name: 'Primary' })]);
        expect(second.snapshot('cms3').tenants).toEqual([expect.objectContaining({ name: 'Alone' })]);
      } finally {
        await second.stop();
      }
      // A file from before nodes had databases of their own: one database, every node uses it.
      const old = JSON.parse(fs.readFileSync(statePath, 'utf8'));
      old.database = old.databases[0].database;
      delete old.databases;
      fs.writeFileSync(statePath, JSON.stringify(old));
      const third = await startCluster({ nodes: 3, tls: false, statePath });
      try {
        expect(third.snapshot('cms3').tenants).toEqual([expect.objectContaining({ name: 'Primary' })]);
      } finally {
        await third.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a file that is not a simulator state', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-sim-persist-'));
    const statePath = path.join(dir, 'other.json');
    fs.writeFileSync(statePath, '{"hello": "world"}');
    try {
      await expect(startSimulator({ tls: false, statePath })).rejects.toThrow(/not a simulator state file/);
      expect(JSON.parse(fs.readFileSync(statePath, 'utf8'))).toEqual({ hello: 'world' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('request log', () => {
  let sim: Simulator;
  let api: TestClient;
  beforeAll(async () => {
    sim = await startSimulator({ tls: false });
    api = new TestClient(sim.url);
  });
  afterAll(async () => {
    await api.close();
    await sim.stop();
  });

  it('records method, path, query, status, node and duration, and counts per method and per method + collection', async () => {
    sim.reset();
    sim.log.clear();
    const space = await api.create('coSpaces', { name: 'Logged' });
    await api.get('coSpaces?filter=Log&limit=5');
    await api.get(`coSpaces/${space}`);
    await api.create(`coSpaces/${space}/accessMethods`, { uri: 'logged' });
    await api.put(`coSpaces/${space}`, { defaultLayout: 'bad' });
    await api.get('system/status');
    await new TestClient(sim.url, undefined, { user: 'admin', password: 'wrong' }).get('coSpaces');
    await api.json('GET', '/_simulator/counters');

    const entries = sim.log.entries();
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ['POST', '/api/v1/coSpaces', 200],
      ['GET', '/api/v1/coSpaces', 200],
      ['GET', `/api/v1/coSpaces/${space}`, 200],
      ['POST', `/api/v1/coSpaces/${space}/accessMethods`, 200],
      ['PUT', `/api/v1/coSpaces/${space}`, 400],
      ['GET', '/api/v1/system/status', 200],
      ['GET', '/api/v1/coSpaces', 401],
    ]);
    expect(entries[1]).toMatchObject({ query: 'filter=Log&limit=5', node: 'cms1', collection: 'coSpaces' });
    expect(entries.every((e) => typeof e.durationMs === 'number' && e.durationMs >= 0 && !!Date.parse(e.time))).toBe(true);
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));

    expect(sim.log.count({ method: 'GET' })).toBe(4);
    expect(sim.log.count({ method: 'POST', collection: 'accessMethods' })).toBe(1);
    expect(sim.log.count({ status: 400 })).toBe(1);
    const counters = sim.log.counters();
    expect(counters.total).toBe(7);
    expect(counters.byMethod).toEqual({ POST: 2, GET: 4, PUT: 1 });
    expect(counters.byMethodAndCollection).toEqual({
      'POST coSpaces': 1,
      'GET coSpaces': 2,
      'POST accessMethods': 1,
      'PUT coSpaces': 1,
      'GET system/status': 1,
    });
    sim.log.clear();
    expect(sim.log.entries()).toEqual([]);
    expect(sim.log.counters().total).toBe(0);
  });
});

describe('control endpoints', () => {
  let sim: Simulator;
  let api: TestClient;
  beforeAll(async () => {
    sim = await startSimulator();
    api = new TestClient(sim.url, sim.caPem);
  });
  afterAll(async () => {
    await api.close();
    await sim.stop();
  });

  it('require the same credentials as the API', async () => {
    const anonymous = new TestClient(sim.url, sim.caPem, null);
    try {
      expect((await anonymous.send('POST', '/_simulator/reset')).status).toBe(401);
    } finally {
      await anonymous.close();
    }
  });

  it('reset, seed, state, log, counters, directory, config and ldapSyncs work over HTTP', async () => {
    expect((await api.json('POST', '/_simulator/reset')).body).toEqual({ ok: true });
    expect((await api.json('POST', '/_simulator/seed', { tenants: [{ id: 't1', name: 'Acme' }] })).status).toBe(200);
    expect((await api.get('tenants/t1')).xml.tenant.name).toBe('Acme');
    const badSeed = await api.json('POST', '/_simulator/seed', { tenants: [{ name: 'x', tenantGroup: 'nope' }] });
    expect(badSeed.status).toBe(400);
    expect(badSeed.body.error).toMatch(/tenantGroupDoesNotExist/);
    expect((await api.json('POST', '/_simulator/seed?reset=true', { callBridgeGroups: [{ id: 'g1', name: 'G' }] })).status).toBe(200);
    expect((await api.json('GET', '/_simulator/state')).body).toEqual({
      callBridgeGroups: [{ id: 'g1', name: 'G', loadBalancingEnabled: 'false', loadBalanceLyncCalls: 'false', loadBalanceOutgoingCalls: 'false', loadBalanceUserCalls: 'true', loadBalanceIndirectCalls: 'false' }],
    });

    await api.json('DELETE', '/_simulator/log');
    await api.get('callBridgeGroups');
    const log = (await api.json('GET', '/_simulator/log?method=GET')).body;
    expect(log.map((e: { path: string }) => e.path)).toEqual(['/api/v1/callBridgeGroups']);
    expect((await api.json('GET', '/_simulator/counters')).body.byMethodAndCollection).toEqual({ 'GET callBridgeGroups': 1 });

    const directory = [{ dn: 'cn=Ann,ou=People,dc=example,dc=com', attributes: { objectClass: 'person', uid: 'ann', cn: 'Ann' } }];
    expect((await api.json('PUT', '/_simulator/directory', directory)).body).toEqual({ ok: true, entries: 1 });
    expect((await api.json('GET', '/_simulator/directory')).body).toEqual(directory);
    expect((await api.json('PUT', '/_simulator/directory', { dn: 'x' })).status).toBe(400);

    const server = await api.create('ldapServers', { address: 'ldap', portNumber: 389, secure: false });
    const mapping = await api.create('ldapMappings', { jidMapping: '$uid$@example.com' });
    await api.create('ldapSources', { server, mapping, baseDn: 'dc=example,dc=com' });
    await api.post('ldapSyncs');
    expect(items(await api.get('users'), 'users', 'user').map((u) => u.userJid)).toEqual(['ann@example.com']);
    const history = (await api.json('GET', '/_simulator/ldapSyncs')).body;
    expect(history.at(-1)).toMatchObject({ state: 'complete', numUsersImported: 1, usersCreated: 1 });

    expect((await api.json('PUT', '/_simulator/config', { pageCaps: { tenants: 2 }, ldapSyncDelayMs: 5 })).body).toMatchObject({ pageCaps: { tenants: 2 }, ldapSyncDelayMs: 5 });
    expect((await api.json('PUT', '/_simulator/config', { pageCaps: { tenants: 0 } })).status).toBe(400);
    sim.configure({ ldapSyncDelayMs: 0 });
  });

  it('answer unknown endpoints and methods with a JSON error', async () => {
    const unknown = await api.json('GET', '/_simulator/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/no control endpoint/);
    expect((await api.json('GET', '/_simulator/reset')).status).toBe(405);
    expect((await api.json('GET', '/_simulator/')).body.endpoints).toContain('POST /_simulator/reset');
    expect(failureReason(await api.get('/_simulatorx'))).toBe('unrecognisedObject');
  });
});
