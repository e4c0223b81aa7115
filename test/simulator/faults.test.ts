/** Fault injection: latency, 503, 307, resets before and after the write, slow bodies (cms-api.md §1.8, §1.12, §5). */
import * as net from 'node:net';
import { Agent, request } from 'undici';
import { FaultInjector, startSimulator, Simulator } from '../../simulator/src';
import { items, TestClient } from './helpers';

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
beforeEach(() => {
  sim.reset();
  sim.faults.clear();
  sim.log.clear();
});

/** Sends one request on a fresh connection; resolves with the status or the socket error. */
async function attempt(method: string, path: string, body?: string): Promise<{ status?: number; error?: string; text?: string }> {
  const agent = new Agent({ pipelining: 0 });
  try {
    const res = await request(`${sim.url}/api/v1/${path}`, {
      method: method as 'GET',
      body,
      headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      dispatcher: agent,
    });
    return { status: res.statusCode, text: await res.body.text() };
  } catch (err) {
    return { error: (err as { code?: string }).code ?? (err as Error).message };
  } finally {
    await agent.close().catch(() => undefined);
  }
}

it('503: answers busy without touching the database', async () => {
  sim.faults.set({ rules: [{ kind: 'busy', methods: ['POST'] }] });
  const reply = await api.post('coSpaces', { name: 'refused' });
  expect(reply.status).toBe(503);
  expect(sim.snapshot()).toEqual({});
  expect((await api.get('coSpaces')).status).toBe(200);
  expect(sim.log.entries().map((e) => [e.method, e.status, e.faults])).toEqual([
    ['POST', 503, ['busy']],
    ['GET', 200, undefined],
  ]);
});

it('reset before apply: the client sees a dropped connection and the object does not exist', async () => {
  sim.faults.set({ rules: [{ kind: 'resetBeforeApply', methods: ['POST'], pathPrefix: '/api/v1/coSpaces' }] });
  const result = await attempt('POST', 'coSpaces', 'name=lost&uri=lost');
  expect(result.error).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
  expect((await api.get('coSpaces?filter=lost')).xml.coSpaces['@total']).toBe('0');
  expect(sim.log.entries()[0]).toMatchObject({ method: 'POST', status: 'reset', faults: ['resetBeforeApply'] });
});

it('reset after apply: the client sees a dropped connection but the object exists', async () => {
  sim.faults.set({ rules: [{ kind: 'resetAfterApply', methods: ['POST'] }] });
  const result = await attempt('POST', 'coSpaces', 'name=applied&uri=applied');
  expect(result.error).toBeTruthy();
  const list = items(await api.get('coSpaces?filter=applied'), 'coSpaces', 'coSpace');
  expect(list.map((s) => s.uri)).toEqual(['applied']);
  // A blind retry of the create now clashes: what a client must avoid.
  sim.faults.clear();
  expect((await api.post('coSpaces', { uri: 'applied' })).xml.failureDetails).toHaveProperty('duplicateCoSpaceUri');
});

it('latency: delays the answer by the configured time, only where the rule matches', async () => {
  sim.faults.set({ rules: [{ kind: 'latency', latencyMs: 150, pathPrefix: '/api/v1/tenants' }] });
  let t = Date.now();
  expect((await api.get('tenants')).status).toBe(200);
  expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  t = Date.now();
  await api.get('coSpaces');
  expect(Date.now() - t).toBeLessThan(100);
  expect(sim.log.entries()[0]!.durationMs).toBeGreaterThanOrEqual(140);
});

it('slow body: trickles the response in chunks, complete and intact', async () => {
  for (let i = 0; i < 5; i++) await api.create('coSpaces', { name: `Space ${i}`, uri: `s${i}` });
  const fast = await api.get('coSpaces');
  sim.faults.set({ rules: [{ kind: 'slowBody', chunkBytes: 64, chunkDelayMs: 10, methods: ['GET'] }] });
  const socketReads: number[] = [];
  const started = Date.now();
  const text = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(sim.nodes[0]!.port, '127.0.0.1', () => {
      socket.write(`GET /api/v1/coSpaces HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${Buffer.from('admin:admin').toString('base64')}\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (chunk: Buffer) => {
      socketReads.push(chunk.length);
      data += chunk.toString();
    });
    socket.on('end', () => resolve(data.slice(data.indexOf('\r\n\r\n') + 4)));
    socket.on('error', reject);
  });
  expect(text).toBe(fast.text);
  expect(socketReads.length).toBeGreaterThan(Math.floor(fast.text.length / 64));
  expect(Date.now() - started).toBeGreaterThanOrEqual(Math.floor(fast.text.length / 64) * 10 - 20);
});

it('307: answers a temporary redirect to the same path', async () => {
  sim.faults.set({ rules: [{ kind: 'temporaryRedirect', times: 1 }] });
  const first = await attempt('GET', 'coSpaces?limit=5');
  expect(first.status).toBe(307);
  expect(sim.log.entries()[0]).toMatchObject({ status: 307, faults: ['temporaryRedirect'] });
  expect((await attempt('GET', 'coSpaces')).status).toBe(200);
});

it('fires at the configured rate, reproducibly for a seed, per method, path prefix and node, and `times` limits it', async () => {
  const run = async (seed: number) => {
    sim.faults.set({ seed, rules: [{ kind: 'busy', rate: 0.5, methods: ['GET'], pathPrefix: '/api/v1/callProfiles', nodes: ['cms1'] }] });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await api.get('callProfiles')).status);
    return statuses;
  };
  const a = await run(7);
  const b = await run(7);
  const c = await run(8);
  expect(a).toEqual(b);
  expect(a).not.toEqual(c);
  const busy = a.filter((s) => s === 503).length;
  expect(busy).toBeGreaterThan(8);
  expect(busy).toBeLessThan(32);
  expect((await api.get('tenants')).status).toBe(200);
  expect((await api.post('callProfiles')).status).toBe(200);

  sim.faults.set({ rules: [{ kind: 'busy', times: 2 }] });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await api.get('coSpaces')).status);
  expect(statuses).toEqual([503, 503, 200, 200]);
  expect(sim.faults.stats()).toEqual({ busy: expect.any(Number) });
});

it('can be configured over the control endpoint, and rejects a bad configuration with a clear message', async () => {
  const set = await api.json('PUT', '/_simulator/faults', { seed: 3, rules: [{ kind: 'busy', methods: ['DELETE'] }] });
  expect(set.status).toBe(200);
  expect(set.body).toMatchObject({ seed: 3, rules: [{ kind: 'busy', methods: ['DELETE'] }] });
  const id = await api.create('tenants', { name: 'T' });
  expect((await api.delete(`tenants/${id}`)).status).toBe(503);
  expect((await api.json('GET', '/_simulator/faults')).body.fired).toEqual({ busy: 1 });
  const bad = await api.json('PUT', '/_simulator/faults', { rules: [{ kind: 'explode' }] });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatch(/faults.rules\[0\].kind: expected one of latency, busy/);
  expect((await api.json('PUT', '/_simulator/faults', { rules: [{ kind: 'busy', rate: 2 }] })).body.error).toMatch(/rate/);
  expect((await api.json('DELETE', '/_simulator/faults')).body.rules).toEqual([]);
  expect((await api.delete(`tenants/${id}`)).status).toBe(200);
});

it('never applies faults to control endpoints', async () => {
  sim.faults.set({ rules: [{ kind: 'busy', pathPrefix: '/' }] });
  expect((await api.json('GET', '/_simulator/counters')).status).toBe(200);
  expect((await api.get('coSpaces')).status).toBe(503);
});

it('decides deterministically as a library object too', () => {
  const f = new FaultInjector();
  f.set({ seed: 42, rules: [{ kind: 'latency', latencyMs: 5 }, { kind: 'resetAfterApply', rate: 0.3, methods: ['PUT'] }] });
  const first = Array.from({ length: 20 }, () => f.decide('PUT', '/api/v1/coSpaces/x', 'cms1'));
  f.set({ seed: 42, rules: [{ kind: 'latency', latencyMs: 5 }, { kind: 'resetAfterApply', rate: 0.3, methods: ['PUT'] }] });
  const second = Array.from({ length: 20 }, () => f.decide('PUT', '/api/v1/coSpaces/x', 'cms1'));
  expect(second).toEqual(first);
  expect(first.every((d) => d.latencyMs === 5)).toBe(true);
  expect(first.some((d) => d.disruption === 'resetAfterApply')).toBe(true);
  expect(f.decide('GET', '/api/v1/coSpaces', 'cms1').disruption).toBeUndefined();
});

it('resets HTTPS connections with a TCP reset as well (ECONNRESET), after applying the write', async () => {
  const secure = await startSimulator();
  const agent = new Agent({ connect: { ca: secure.caPem } });
  try {
    secure.faults.set({ rules: [{ kind: 'resetAfterApply', methods: ['POST'] }] });
    const error = await request(`${secure.apiUrl}/tenants`, {
      method: 'POST',
      body: 'name=Acme',
      headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      dispatcher: agent,
    }).then(
      () => undefined,
      (err: { code?: string }) => err.code,
    );
    expect(error).toBe('ECONNRESET');
    expect(secure.snapshot().tenants).toEqual([expect.objectContaining({ name: 'Acme' })]);
  } finally {
    await agent.close();
    await secure.stop();
  }
});
