/**
 * The REST client against the real simulator (HTTPS with its own CA), with faults switched on:
 * 503s, 307s, resets before and after the server applies a request, latency and slow bodies.
 */
import {
  CmsAuthError,
  CmsClient,
  CmsConflictError,
  CmsNotFoundError,
  CmsParameterError,
  CmsTlsError,
  UnknownOutcomeError,
  type CmsClientOptions,
  type CmsLogEntry,
  type CmsObject,
} from '../../provider/src/cms';
import { startSimulator, type FaultRule, type Simulator } from '../../simulator/src';

let sim: Simulator;
const clients: CmsClient[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    users: [
      { name: 'admin', password: 'admin', role: 'admin' },
      { name: 'apiuser', password: 'api-Pa55', role: 'api' },
      { name: 'auditor', password: 'audit-Pa55', role: 'audit' },
    ],
    pageCaps: { coSpaces: 7, callLegProfiles: 5 },
  });
}, 60_000);

afterAll(async () => {
  await sim?.stop();
});

beforeEach(() => {
  sim.reset();
  sim.faults.clear();
  sim.log.clear();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function client(extra: Partial<CmsClientOptions> = {}): CmsClient {
  const c = new CmsClient({
    url: sim.url,
    username: 'apiuser',
    password: 'api-Pa55',
    caBundle: sim.caPem,
    // Quick retries for tests; this also caps the simulator's `Retry-After: 1`.
    retries: { retries: 6, baseDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });
  clients.push(c);
  return c;
}

function faults(rules: FaultRule[], seed = 7): void {
  sim.faults.set({ seed, rules });
}

// Counted by path: requests dropped by a fault are logged without a collection.
const posts = (collection = 'coSpaces') => sim.log.count({ method: 'POST', pathPrefix: `/api/v1/${collection}` });

async function spacesNamed(c: CmsClient, name: string): Promise<CmsObject[]> {
  return (await c.listAll('/coSpaces', { filter: name })).filter((s) => s.values['name'] === name);
}

describe('against the simulator', () => {
  it('creates, reads, updates, unsets, lists and deletes', async () => {
    const c = client();
    const { id, path } = await c.create('/coSpaces', { name: 'Sales', uri: 'sales', callId: '007001', passcode: '1234' });
    expect(path).toBe(`/coSpaces/${id}`);
    const obj = await c.get(path);
    expect(obj).toMatchObject({ id, element: 'coSpace' });
    expect(obj.values).toMatchObject({ name: 'Sales', uri: 'sales', callId: '007001' });

    await c.update(path, { passcode: '', name: 'Sales EMEA' });
    const after = await c.get(path);
    expect(after.values['name']).toBe('Sales EMEA');
    expect(after.values['passcode'] ?? '').toBe('');

    expect((await c.listAll('/coSpaces')).map((s) => s.id)).toEqual([id]);
    expect(await c.delete(path)).toEqual({ notFound: false });
    await expect(c.get(path)).rejects.toBeInstanceOf(CmsNotFoundError);
    await expect(c.delete(path)).rejects.toBeInstanceOf(CmsNotFoundError);
    expect(await c.delete(path, { notFound: 'success' })).toEqual({ notFound: true });
  });

  it('maps the server\'s failureDetails to typed errors', async () => {
    const c = client();
    await c.create('/coSpaces', { name: 'A', uri: 'dup' });
    await expect(c.create('/coSpaces', { name: 'B', uri: 'dup' })).rejects.toBeInstanceOf(CmsConflictError);
    const err = await c.create('/callLegProfiles', { defaultLayout: 'no-such-layout' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmsParameterError);
    expect((err as CmsParameterError).parameter).toBe('defaultLayout');
    await expect(c.create('/coSpaces', { name: 'C', callLegProfile: '00000000-0000-0000-0000-000000000000' })).rejects.toMatchObject({
      constructor: CmsNotFoundError,
      reason: 'callLegProfileDoesNotExist',
    });
  });

  it('reads per-node views, /system/database attributes included', async () => {
    const c = client();
    const status = await c.get('/system/status');
    expect(status.element).toBe('status');
    expect(typeof status.values['softwareVersion']).toBe('string');
    const db = await c.get('/system/database');
    expect(db.element).toBe('database');
    expect(db.attributes['clustered']).toBeDefined();
  });

  it('pages through the server cap', async () => {
    const c = client();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await c.create('/coSpaces', { name: `space ${String(i).padStart(2, '0')}` })).id);
    sim.log.clear();
    const listed = await c.listAll('/coSpaces', { pageSize: 50 });
    expect(listed.map((s) => s.id)).toEqual(ids);
    // 7 per page (the cap), the first page then 6 new items per overlapping page.
    expect(sim.log.count({ method: 'GET', collection: 'coSpaces' })).toBe(1 + Math.ceil((30 - 7) / 6));
    const filtered = await c.listAll('/coSpaces', { filter: 'space 1' });
    expect(filtered.map((s) => s.values['name'])).toEqual(Array.from({ length: 10 }, (_, i) => `space 1${i}`));
  });

  it('lists every object exactly once while others are deleted and created between pages', async () => {
    const c = client();
    const other = client();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await c.create('/coSpaces', { name: `s${i}` })).id);
    const seen: string[] = [];
    let changed = false;
    for await (const item of c.list('/coSpaces')) {
      seen.push(item.id!);
      if (seen.length === 7 && !changed) {
        // The first page has been read: delete two objects already seen and add one.
        changed = true;
        await other.delete(`/coSpaces/${ids[1]}`);
        await other.delete(`/coSpaces/${ids[2]}`);
        ids.push((await other.create('/coSpaces', { name: 'late' })).id);
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    const survivors = ids.filter((id) => id !== ids[1] && id !== ids[2]);
    for (const id of survivors) expect(seen).toContain(id);
  });

  describe('TLS and credentials', () => {
    it('refuses the simulator\'s certificate without its CA, naming both options', async () => {
      const c = new CmsClient({ url: sim.url, username: 'apiuser', password: 'api-Pa55', retries: 0 });
      clients.push(c);
      const err = await c.get('/system/status').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CmsTlsError);
      expect((err as Error).message).toMatch(/CA bundle option.*insecure option/s);
    });

    it('trusts the CA file by path, or skips verification when insecure', async () => {
      await client({ caBundle: sim.caPath }).get('/system/status');
      await client({ caBundle: '', insecure: true }).get('/system/status');
    });

    it('reports bad credentials and roles that may not use the API', async () => {
      const wrong = await client({ password: 'wrong' }).get('/system/status').catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(CmsAuthError);
      expect((wrong as Error).message).not.toContain('wrong');
      const audit = await client({ username: 'auditor', password: 'audit-Pa55' }).get('/system/status').catch((e: unknown) => e);
      expect(audit).toBeInstanceOf(CmsAuthError);
      expect((audit as Error).message).toMatch(/role/);
    });
  });

  describe('with faults', () => {
    it('retries reads through 503s, 307s, resets, latency and slow bodies', async () => {
      const c = client({ timeoutMs: 400 });
      const { id } = await c.create('/coSpaces', { name: 'Target' });
      faults([
        { kind: 'busy', rate: 0.25, methods: ['GET'] },
        { kind: 'temporaryRedirect', rate: 0.1, methods: ['GET'] },
        { kind: 'resetBeforeApply', rate: 0.1, methods: ['GET'] },
        { kind: 'resetAfterApply', rate: 0.1, methods: ['GET'] },
        { kind: 'latency', rate: 0.05, latencyMs: 600, methods: ['GET'] },
        { kind: 'slowBody', rate: 0.2, chunkBytes: 8, chunkDelayMs: 2, methods: ['GET'] },
      ]);
      for (let i = 0; i < 40; i++) expect((await c.get(`/coSpaces/${id}`)).values['name']).toBe('Target');
      const fired = sim.faults.stats();
      expect(fired.busy).toBeGreaterThan(0);
      expect(fired.temporaryRedirect).toBeGreaterThan(0);
      expect((fired.resetBeforeApply ?? 0) + (fired.resetAfterApply ?? 0)).toBeGreaterThan(0);
      expect(fired.latency).toBeGreaterThan(0);
      expect(fired.slowBody).toBeGreaterThan(0);
    });

    it('retries creates answered 503 or 307 and creates each object once', async () => {
      const c = client();
      faults([
        { kind: 'busy', rate: 0.4, methods: ['POST'] },
        { kind: 'temporaryRedirect', rate: 0.2, methods: ['POST'] },
      ]);
      const ids = new Set<string>();
      for (let i = 0; i < 20; i++) ids.add((await c.create('/coSpaces', { name: `busy ${i}` })).id);
      const fired = sim.faults.stats();
      expect(fired.busy).toBeGreaterThan(0);
      expect(posts()).toBe(20 + fired.busy! + (fired.temporaryRedirect ?? 0));
      sim.faults.clear();
      const all = await c.listAll('/coSpaces');
      expect(all).toHaveLength(20);
      expect(new Set(all.map((s) => s.id))).toEqual(ids);
    });

    it('a reset after the server applied a POST: UnknownOutcomeError, no second object, found by listing', async () => {
      const c = client();
      faults([{ kind: 'resetAfterApply', methods: ['POST'], times: 1 }]);
      const err = await c.create('/coSpaces', { name: 'Board', uri: 'board' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnknownOutcomeError);
      expect((err as Error).message).toMatch(/may or may not have been created/);
      expect(posts()).toBe(1); // never replayed
      const found = await spacesNamed(c, 'Board');
      expect(found).toHaveLength(1);
      expect(found[0]!.values['uri']).toBe('board');
    });

    it('a reset before the server applied a POST: also unknown to the client, and nothing was created', async () => {
      const c = client();
      faults([{ kind: 'resetBeforeApply', methods: ['POST'], times: 1 }]);
      await expect(c.create('/coSpaces', { name: 'Lost' })).rejects.toBeInstanceOf(UnknownOutcomeError);
      expect(posts()).toBe(1);
      expect(await spacesNamed(c, 'Lost')).toHaveLength(0);
      // The caller looked it up, found nothing, and may create it now.
      await c.create('/coSpaces', { name: 'Lost' });
      expect(await spacesNamed(c, 'Lost')).toHaveLength(1);
    });

    it('never creates twice under a storm of resets: every object is either reported or unknown', async () => {
      const c = client({ concurrency: 4 });
      faults(
        [
          { kind: 'resetBeforeApply', rate: 0.15, methods: ['POST'] },
          { kind: 'resetAfterApply', rate: 0.15, methods: ['POST'] },
          { kind: 'busy', rate: 0.15, methods: ['POST'] },
        ],
        42,
      );
      const names = Array.from({ length: 40 }, (_, i) => `storm ${String(i).padStart(2, '0')}`);
      const outcomes = await Promise.all(
        names.map((name) =>
          c.create('/coSpaces', { name }).then(
            (r) => ({ name, id: r.id as string | undefined, unknown: false }),
            (e: unknown) => {
              if (!(e instanceof UnknownOutcomeError)) throw e;
              return { name, id: undefined, unknown: true };
            },
          ),
        ),
      );
      const fired = sim.faults.stats();
      sim.faults.clear();
      const all = await c.listAll('/coSpaces');
      const byName = new Map<string, CmsObject[]>();
      for (const s of all) byName.set(s.values['name']!, [...(byName.get(s.values['name']!) ?? []), s]);
      for (const o of outcomes) {
        const found = byName.get(o.name) ?? [];
        expect(found.length).toBeLessThanOrEqual(1); // never a duplicate
        if (!o.unknown) expect(found[0]?.id).toBe(o.id); // reported creates exist
      }
      const unknown = outcomes.filter((o) => o.unknown);
      expect(unknown.length).toBeGreaterThan(0);
      // Resets after apply left objects the client could not report; listing finds them.
      expect(unknown.some((o) => (byName.get(o.name) ?? []).length === 1)).toBe(true);
      // POSTs were repeated only after 503s.
      expect(fired.busy).toBeGreaterThan(0);
      expect(posts()).toBe(names.length + fired.busy!);
    });

    it('retries PUT and DELETE through resets before and after apply', async () => {
      const c = client();
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await c.create('/coSpaces', { name: `p${i}` })).id);
      faults(
        [
          { kind: 'resetBeforeApply', rate: 0.3, methods: ['PUT', 'DELETE'] },
          { kind: 'resetAfterApply', rate: 0.3, methods: ['PUT', 'DELETE'] },
        ],
        3,
      );
      for (const id of ids) await c.update(`/coSpaces/${id}`, { name: `renamed ${id}` });
      for (const id of ids) await c.delete(`/coSpaces/${id}`, { notFound: 'successAfterRetry' });
      const fired = sim.faults.stats();
      expect(fired.resetAfterApply).toBeGreaterThan(0);
      expect(fired.resetBeforeApply).toBeGreaterThan(0);
      sim.faults.clear();
      expect(await c.listAll('/coSpaces')).toEqual([]);
    });

    it('a DELETE whose answer was lost is not-found on retry: success only when asked', async () => {
      const c = client();
      const a = await c.create('/coSpaces', { name: 'a' });
      const b = await c.create('/coSpaces', { name: 'b' });
      faults([{ kind: 'resetAfterApply', methods: ['DELETE'], times: 1 }]);
      await expect(c.delete(a.path)).rejects.toBeInstanceOf(CmsNotFoundError);
      faults([{ kind: 'resetAfterApply', methods: ['DELETE'], times: 1 }]);
      expect(await c.delete(b.path, { notFound: 'successAfterRetry' })).toEqual({ notFound: true });
    });

    it('reports a create that timed out as unknown, and does not send it again', async () => {
      const c = client({ timeoutMs: 150 });
      faults([{ kind: 'latency', latencyMs: 400, methods: ['POST'], times: 1 }]);
      await expect(c.create('/coSpaces', { name: 'Slow' })).rejects.toBeInstanceOf(UnknownOutcomeError);
      // The server finishes the create after the client gave up: the object is there, once.
      await new Promise((r) => setTimeout(r, 400));
      expect(posts()).toBe(1);
      expect(await spacesNamed(c, 'Slow')).toHaveLength(1);
    });

    it('logs every attempt without secrets', async () => {
      const entries: CmsLogEntry[] = [];
      const c = client({ onLog: (e) => entries.push(e) });
      faults([{ kind: 'busy', methods: ['POST'], times: 2 }]);
      await c.create('/coSpaces', { name: 'Vault', passcode: '987654', secret: 'topsecret' });
      const text = JSON.stringify(entries);
      expect(text).not.toContain('987654');
      expect(text).not.toContain('topsecret');
      expect(text).not.toContain('api-Pa55');
      expect(text).not.toContain(Buffer.from('apiuser:api-Pa55').toString('base64'));
      const attempts = entries.filter((e) => e.fields.status !== undefined).map((e) => [e.fields.attempt, e.fields.status]);
      expect(attempts).toEqual([
        [1, 503],
        [2, 503],
        [3, 200],
      ]);
    });
  });
});
