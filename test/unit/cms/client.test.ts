import { inspect } from 'node:util';
import { getEventListeners, once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import {
  CmsAbortedError,
  CmsApiError,
  CmsAuthError,
  CmsBusyError,
  CmsClient,
  CmsConfigError,
  CmsConflictError,
  CmsConnectionError,
  CmsNotFoundError,
  CmsParameterError,
  CmsResponseError,
  CmsTimeoutError,
  UnknownOutcomeError,
  type CmsClientOptions,
} from '../../../provider/src/cms';
import { drop, failure, fixedRandom, logCollector, startFakeServer, xml, type FakeServer } from './helpers';

const GUID = '70ca0ed7-4e50-428c-b9ab-4e68faeb86ae';
const PASSWORD = 'S3cret-Passw0rd!';

let server: FakeServer;
const clients: CmsClient[] = [];

function client(extra: Partial<CmsClientOptions> = {}): CmsClient {
  const c = new CmsClient({
    url: server.url,
    username: 'apiuser',
    password: PASSWORD,
    retries: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    random: fixedRandom(0.5),
    ...extra,
  });
  clients.push(c);
  return c;
}

beforeEach(async () => {
  server = await startFakeServer((_req, res) => xml(res, 200, '<x/>'));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('requests', () => {
  it('GETs below /api/v1 with Basic auth and parses the object', async () => {
    server.handle((req, res) => xml(res, 200, `<?xml version="1.0"?><coSpace id="${GUID}"><name>Sales</name><passcode/></coSpace>`));
    const obj = await client().get(`/coSpaces/${GUID}`);
    expect(obj).toMatchObject({ id: GUID, element: 'coSpace', values: { name: 'Sales', passcode: '' } });
    const req = server.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe(`/api/v1/coSpaces/${GUID}`);
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`apiuser:${PASSWORD}`).toString('base64')}`);
    expect(req.headers['user-agent']).toMatch(/^terraform-provider-cms\//);
    expect(req.headers.accept).toContain('text/xml');
  });

  it('accepts paths with or without the leading slash or /api/v1, and a query', async () => {
    const c = client();
    await c.get('system/status');
    await c.get('/api/v1/coSpaces', { filter: 'sales team', tenantFilter: undefined });
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/system/status', '/api/v1/coSpaces?filter=sales+team']);
    await expect(c.get('/coSpaces?filter=x')).rejects.toThrow(/query parameters separately/);
    await expect(c.get('/coSpaces/../system')).rejects.toThrow(TypeError);
  });

  it('keeps a path prefix of the URL (reverse proxy) and does not double /api/v1', async () => {
    await client({ url: `${server.url}/cms/` }).get('/coSpaces');
    await client({ url: `${server.url}/api/v1/` }).get('/coSpaces');
    expect(server.requests.map((r) => r.url)).toEqual(['/cms/api/v1/coSpaces', '/api/v1/coSpaces']);
  });

  it('creates with a form body and takes the id from Location', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { Location: `/api/v1/coSpaces/${GUID}` });
      res.end();
    });
    const created = await client().create('/coSpaces', { name: 'Sales & Co', uri: 'sales', passcode: '', callId: '007', secondaryUri: undefined });
    expect(created).toEqual({ id: GUID, location: `/api/v1/coSpaces/${GUID}`, path: `/coSpaces/${GUID}` });
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.body).toBe('name=Sales+%26+Co&uri=sales&passcode=&callId=007');
  });

  it('creates with an empty body, and reads nested and absolute Locations', async () => {
    const sub = `/api/v1/coSpaces/${GUID}/accessMethods/11111111-2222-3333-4444-555555555555`;
    server.handle((req, res) => {
      res.writeHead(201, { Location: req.url.includes('accessMethods') ? `${server.url}${sub}` : sub });
      res.end();
    });
    const c = client();
    const a = await c.create(`/coSpaces/${GUID}/accessMethods`);
    expect(a).toMatchObject({ id: '11111111-2222-3333-4444-555555555555', path: `/coSpaces/${GUID}/accessMethods/11111111-2222-3333-4444-555555555555` });
    expect(server.requests[0]!.body).toBe('');
  });

  it('fails clearly when Location is missing', async () => {
    server.handle((_req, res) => xml(res, 200, ''));
    const err = await client().create('/coSpaces', { name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmsResponseError);
    expect((err as Error).message).toMatch(/did not return the new object's Location/);
  });

  it.each([
    ['the collection with no id', '/api/v1/coSpaces/', /does not start with|not a Meeting Server object id/],
    ['a script URL', 'javascript:alert(1)', /points at another server/],
    ['another collection', `/api/v1/callLegProfiles/${GUID}`, /does not start with \/api\/v1\/coSpaces\//],
    ['an id that is not a GUID', '/api/v1/coSpaces/not-an-id', /not a Meeting Server object id/],
    ['an id with more path', `/api/v1/coSpaces/${GUID}/accessMethods`, /not a Meeting Server object id/],
    ['another server', `http://elsewhere.invalid/api/v1/coSpaces/${GUID}`, /points at another server \("http:\/\/elsewhere.invalid"\)/],
  ])('refuses a Location that names %s, quoting it', async (_what, location, why) => {
    server.handle((_req, res) => {
      res.writeHead(200, { Location: location });
      res.end();
    });
    const err = await client().create('/coSpaces', { name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmsResponseError);
    const message = (err as Error).message;
    expect(message).toContain(`the Location header ${JSON.stringify(location)} is not a new object of this collection`);
    expect(message).toMatch(why);
    expect(server.requests).toHaveLength(1); // never repeated
  });

  it('quotes a hostile Location safely: escaped and cut short', async () => {
    const hostile = `/api/v1/coSpaces/\u0085\u009b31m${'x'.repeat(500)}`;
    server.handle((_req, res) => {
      res.writeHead(200, { Location: hostile });
      res.end();
    });
    const message = ((await client().create('/coSpaces').catch((e: unknown) => e)) as Error).message;
    expect(message).not.toMatch(/[\u0080-\u009f]/);
    expect(message).toContain('\\u0085\\u009b31m');
    expect(message).not.toContain('x'.repeat(200));
    expect(message).toContain('…');
  });

  it('cuts off a body larger than the limit announced by Content-Length without reading it', async () => {
    let written = 0;
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(16 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (written < 16 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    const err = await client({ maxBodyBytes: 1024 * 1024 }).get('/coSpaces').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmsResponseError);
    expect((err as Error).message).toMatch(/announces 16777216 bytes, more than the 1048576 bytes the client accepts/);
    expect(server.requests).toHaveLength(1);
  });

  it('stops reading a streamed body as soon as it passes the limit', async () => {
    let written = 0;
    let closed = false;
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' }); // chunked: no length announced
      res.on('close', () => (closed = true));
      res.on('error', () => undefined);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && written < 16 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    });
    const err = await client({ maxBodyBytes: 1024 * 1024 }).get('/coSpaces').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmsResponseError);
    expect((err as Error).message).toMatch(/went past the 1048576 bytes the client accepts and was cut off/);
    // The client dropped the connection: the server sees it close long before it sent it all.
    for (let i = 0; i < 200 && !closed; i++) await sleep(25);
    expect(closed).toBe(true);
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('turns a listing that never ends into one clear error', async () => {
    server.handle((req, res) => {
      const offset = Number(new URL(req.url, 'http://x').searchParams.get('offset') ?? 0);
      const items = Array.from({ length: 20 }, (_, i) => `<coSpace id="00000000-0000-0000-0000-0000000000${String((offset + i) % 20).padStart(2, '0')}"/>`).join('');
      xml(res, 200, `<coSpaces total="1000000000">${items}</coSpaces>`);
    });
    const err = await client().listAll('/coSpaces').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmsResponseError);
    expect((err as Error).message).toMatch(/GET \/api\/v1\/coSpaces on .*: unexpected answer \(HTTP 200\): the listing cannot be trusted: the page at offset 20 repeats/);
    expect(server.requests).toHaveLength(2);
  });

  it('updates with PUT and only the given parameters (empty = unset)', async () => {
    await client().update(`/coSpaces/${GUID}`, { tenant: '', name: 'n' });
    expect(server.requests[0]).toMatchObject({ method: 'PUT', url: `/api/v1/coSpaces/${GUID}`, body: 'tenant=&name=n' });
  });

  it('runs actions and returns their XML body and Location', async () => {
    server.handle((req, res) => {
      if (req.url.endsWith('/ldapSyncs')) {
        res.writeHead(200, { Location: `/api/v1/ldapSyncs/${GUID}` });
        res.end();
      } else xml(res, 200, '<uriUsageQuery><uri>sales</uri><inUse>true</inUse></uriUsageQuery>');
    });
    const c = client();
    expect(await c.action('/ldapSyncs', { ldapSource: GUID })).toEqual({ status: 200, location: `/api/v1/ldapSyncs/${GUID}`, id: GUID });
    const q = await c.action('/uriUsageQuery', { uri: 'sales' }, { idempotent: true });
    expect(q.body?.values).toEqual({ uri: 'sales', inUse: 'true' });
  });

  it('lists all pages through the server cap, passing filters', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
    server.handle((req, res) => {
      const q = new URL(req.url, 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      const limit = Math.min(Number(q.get('limit')), 10);
      const slice = ids.slice(offset, offset + limit);
      xml(res, 200, `<coSpaces total="${ids.length}">${slice.map((id) => `<coSpace id="${id}"><name>n</name></coSpace>`).join('')}</coSpaces>`);
    });
    const items = await client().listAll('/coSpaces', { filter: 'n', query: { tenantFilter: 't' }, pageSize: 20 });
    expect(items.map((i) => i.id)).toEqual(ids);
    expect(server.requests[0]!.url).toBe('/api/v1/coSpaces?tenantFilter=t&filter=n&offset=0&limit=20');
    expect(server.requests[1]!.url).toBe('/api/v1/coSpaces?tenantFilter=t&filter=n&offset=9&limit=21');
    await expect(client().listAll('/coSpaces', { query: { offset: 5 } })).rejects.toThrow(/pageSize/);
  });

  it('reads one page', async () => {
    server.handle((_req, res) => xml(res, 200, `<coSpaces total="40"><coSpace id="${GUID}"/></coSpaces>`));
    const page = await client().listPage('/coSpaces', { offset: 20, limit: 10 });
    expect(page).toMatchObject({ total: 40, items: [{ id: GUID }] });
    expect(server.requests[0]!.url).toBe('/api/v1/coSpaces?offset=20&limit=10');
  });

  it('reuses keep-alive connections', async () => {
    const sockets = new Set<unknown>();
    server.handle((_req, res, raw) => {
      sockets.add(raw.socket);
      xml(res, 200, '<x/>');
    });
    const c = client();
    for (let i = 0; i < 20; i++) await c.get('/system/status');
    // undici may open a second connection while the first is finishing a response; it must not
    // open one per request.
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let active = 0;
    let peak = 0;
    server.handle(async (_req, res) => {
      active++;
      peak = Math.max(peak, active);
      await sleep(30);
      active--;
      xml(res, 200, '<x/>');
    });
    const c = client({ concurrency: 3 });
    await Promise.all(Array.from({ length: 10 }, () => c.get('/system/status')));
    expect(peak).toBe(3);
    expect(server.requests).toHaveLength(10);
  });

  it("defaults to 10 concurrent requests, Terraform's default parallelism", async () => {
    let active = 0;
    let peak = 0;
    server.handle(async (_req, res) => {
      peak = Math.max(peak, ++active);
      await sleep(20);
      active--;
      xml(res, 200, '<x/>');
    });
    const c = client();
    await Promise.all(Array.from({ length: 25 }, () => c.get('/x')));
    expect(peak).toBe(10);
  });
});

describe('error answers', () => {
  it('turns failureDetails into typed errors with method and path', async () => {
    server.handle((_req, res) => failure(res, 400, 'duplicateCoSpaceUri'));
    const err = (await client().create('/coSpaces', { uri: 'x' }).catch((e: unknown) => e)) as CmsConflictError;
    expect(err).toBeInstanceOf(CmsConflictError);
    expect(err).toMatchObject({ status: 400, reason: 'duplicateCoSpaceUri', method: 'POST', path: '/api/v1/coSpaces', server: server.url, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('maps parameterError and not-found', async () => {
    server.handle((req, res) =>
      req.method === 'PUT' ? failure(res, 400, 'parameterError', { parameter: 'streamUrl', error: 'invalidValue' }) : failure(res, 404, 'coSpaceDoesNotExist'),
    );
    const c = client();
    await expect(c.update(`/coSpaces/${GUID}`, { streamUrl: 'bad' })).rejects.toMatchObject({ constructor: CmsParameterError, parameter: 'streamUrl' });
    await expect(c.get(`/coSpaces/${GUID}`)).rejects.toBeInstanceOf(CmsNotFoundError);
  });

  it('does not retry auth failures and says what to check', async () => {
    server.handle((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="api"' });
      res.end();
    });
    const err = (await client().get('/system/status').catch((e: unknown) => e)) as CmsAuthError;
    expect(err).toBeInstanceOf(CmsAuthError);
    expect(err.message).toMatch(/username and password/);
    expect(err.message).not.toContain(PASSWORD);
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the start of a non-XML error body', async () => {
    server.handle((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad gateway</body></html>');
    });
    const err = (await client().get('/system/status').catch((e: unknown) => e)) as CmsApiError;
    expect(err.constructor).toBe(CmsApiError);
    expect(err.status).toBe(502);
    expect(err.bodySnippet).toContain('Bad gateway');
  });

  it('reports a 2xx body that is not XML', async () => {
    server.handle((_req, res) => xml(res, 200, 'OK'));
    await expect(client().get('/system/status')).rejects.toBeInstanceOf(CmsResponseError);
  });
});

describe('retries', () => {
  function failFirst(n: number, fail: Parameters<FakeServer['handle']>[0], ok: Parameters<FakeServer['handle']>[0]) {
    let count = 0;
    server.handle((req, res, raw) => (++count <= n ? fail(req, res, raw) : ok(req, res, raw)));
  }
  const okObject = (_req: unknown, res: Parameters<typeof xml>[0]) => xml(res, 200, `<coSpace id="${GUID}"/>`);
  const created = (_req: unknown, res: Parameters<typeof xml>[0]) => {
    res.writeHead(200, { Location: `/api/v1/coSpaces/${GUID}` });
    res.end();
  };

  it('retries GET on 503 until it succeeds', async () => {
    failFirst(2, (_q, res) => xml(res, 503, ''), okObject);
    const { entries, onLog } = logCollector();
    expect((await client({ onLog }).get(`/coSpaces/${GUID}`)).id).toBe(GUID);
    expect(server.requests).toHaveLength(3);
    const retries = entries.filter((e) => e.level === 'warn');
    expect(retries.map((e) => e.fields.attempt)).toEqual([1, 2]);
    expect(retries[0]!.fields.reason).toBe('HTTP 503');
  });

  it('retries a POST answered 503 (it was not carried out) and creates once', async () => {
    failFirst(1, (_q, res) => xml(res, 503, ''), created);
    expect((await client().create('/coSpaces', { name: 'x' })).id).toBe(GUID);
    expect(server.requests).toHaveLength(2);
  });

  it('treats 307 as "try again later" and never follows it', async () => {
    failFirst(1, (_q, res) => {
      res.writeHead(307, { Location: 'http://elsewhere.invalid/api/v1/coSpaces' });
      res.end();
    }, created);
    expect((await client().create('/coSpaces', { name: 'x' })).id).toBe(GUID);
    expect(server.requests).toHaveLength(2);
  });

  it('retries databaseNotReady', async () => {
    failFirst(1, (_q, res) => failure(res, 400, 'databaseNotReady'), (_q, res) => xml(res, 200, ''));
    await client().update(`/coSpaces/${GUID}`, { name: 'x' });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after the retry budget with a busy error that counts attempts', async () => {
    server.handle((_q, res) => xml(res, 503, ''));
    const err = (await client({ retries: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 } }).get('/x').catch((e: unknown) => e)) as CmsBusyError;
    expect(err).toBeInstanceOf(CmsBusyError);
    expect(err.attempts).toBe(3);
    expect(err.message).toMatch(/gave up after 3 attempts/);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry when retries is 0', async () => {
    server.handle((_q, res) => xml(res, 503, ''));
    await expect(client({ retries: 0 }).get('/x')).rejects.toBeInstanceOf(CmsBusyError);
    expect(server.requests).toHaveLength(1);
  });

  it('waits for Retry-After (capped by maxDelayMs)', async () => {
    failFirst(1, (_q, res) => xml(res, 503, '', { 'retry-after': '1' }), okObject);
    const { entries, onLog } = logCollector();
    const started = Date.now();
    await client({ onLog, retries: { retries: 2, baseDelayMs: 1, maxDelayMs: 150 } }).get('/x');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(entries.find((e) => e.level === 'warn')!.fields.delayMs).toBe(150);
  });

  it('retries GET, PUT and DELETE after a dropped connection', async () => {
    failFirst(1, (_q, res) => drop(res), okObject);
    await client().get('/x');
    failFirst(1, (_q, res) => drop(res), (_q, res) => xml(res, 200, ''));
    await client().update('/x', { a: 1 });
    failFirst(1, (_q, res) => drop(res), (_q, res) => xml(res, 200, ''));
    await client().delete('/x');
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PUT', 'PUT', 'DELETE', 'DELETE']);
  });

  it('never replays a POST whose connection dropped: UnknownOutcomeError', async () => {
    let objects = 0;
    server.handle((_q, res) => {
      objects++; // the server applied the create, then the answer was lost
      drop(res);
    });
    const err = (await client().create('/coSpaces', { name: 'x' }).catch((e: unknown) => e)) as UnknownOutcomeError;
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect(err.message).toMatch(/may or may not have been created/);
    expect(err.message).toMatch(/look the object up/);
    expect(err.method).toBe('POST');
    expect(objects).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('replays an action marked idempotent after a dropped connection', async () => {
    failFirst(1, (_q, res) => drop(res), (_q, res) => xml(res, 200, '<uriUsageQuery/>'));
    await client().action('/uriUsageQuery', { uri: 'x' }, { idempotent: true });
    expect(server.requests).toHaveLength(2);
  });

  describe('DELETE that finds the object gone on retry', () => {
    beforeEach(() => {
      let deleted = false;
      server.handle((_q, res) => {
        if (deleted) return failure(res, 404, 'coSpaceDoesNotExist');
        deleted = true; // applied, but the answer is lost
        drop(res);
      });
    });

    it('is an error by default', async () => {
      await expect(client().delete(`/coSpaces/${GUID}`)).rejects.toBeInstanceOf(CmsNotFoundError);
      expect(server.requests).toHaveLength(2);
    });

    it('is a success with notFound: successAfterRetry', async () => {
      expect(await client().delete(`/coSpaces/${GUID}`, { notFound: 'successAfterRetry' })).toEqual({ notFound: true });
    });
  });

  it('successAfterRetry still reports a not-found first answer', async () => {
    server.handle((_q, res) => failure(res, 404, 'coSpaceDoesNotExist'));
    await expect(client().delete(`/coSpaces/${GUID}`, { notFound: 'successAfterRetry' })).rejects.toBeInstanceOf(CmsNotFoundError);
    expect(await client().delete(`/coSpaces/${GUID}`, { notFound: 'success' })).toEqual({ notFound: true });
    expect(await client().delete(`/coSpaces/${GUID}`, { notFound: 'success' })).toEqual({ notFound: true });
  });

  it('does not treat a 503 before a 404 as an uncertain attempt', async () => {
    failFirst(1, (_q, res) => xml(res, 503, ''), (_q, res) => failure(res, 404, 'coSpaceDoesNotExist'));
    await expect(client().delete('/x', { notFound: 'successAfterRetry' })).rejects.toBeInstanceOf(CmsNotFoundError);
  });
});

describe('connection failures', () => {
  async function closedPort(): Promise<number> {
    const s = createServer();
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    const port = (s.address() as { port: number }).port;
    await new Promise((r) => s.close(r));
    return port;
  }

  it('retries refused connections, then explains', async () => {
    const port = await closedPort();
    const { entries, onLog } = logCollector();
    const err = (await client({ url: `http://127.0.0.1:${port}`, onLog }).get('/x').catch((e: unknown) => e)) as CmsConnectionError;
    expect(err).toBeInstanceOf(CmsConnectionError);
    expect(err.failure).toBe('refused');
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.attempts).toBe(4);
    expect(err.message).toMatch(/refused.*Check the URL and port/);
    expect(entries.filter((e) => e.level === 'warn')).toHaveLength(3);
  });

  it('retries a POST whose connection was refused (it never left) and does not call it unknown', async () => {
    const port = await closedPort();
    const err = await client({ url: `http://127.0.0.1:${port}` }).create('/coSpaces', { name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmsConnectionError);
    expect((err as CmsConnectionError).attempts).toBe(4);
    expect((err as CmsConnectionError).maybeSent).toBe(false);
  });

  it('succeeds when the server comes up during the retries', async () => {
    const port = await closedPort();
    const c = client({ url: `http://127.0.0.1:${port}`, retries: { retries: 8, baseDelayMs: 40, maxDelayMs: 40 }, random: fixedRandom(1) });
    const pending = c.create('/coSpaces', { name: 'x' });
    await sleep(60);
    let posts = 0;
    const late = createHttpServer((_q, res) => {
      posts++;
      res.writeHead(200, { Location: `/api/v1/coSpaces/${GUID}` });
      res.end();
    });
    late.listen(port, '127.0.0.1');
    await once(late, 'listening');
    try {
      expect((await pending).id).toBe(GUID);
      expect(posts).toBe(1);
    } finally {
      await c.close();
      late.closeAllConnections();
      await new Promise((r) => late.close(r));
    }
  });

  it('explains an unknown host without retrying', async () => {
    const err = (await client({ url: 'http://cms.invalid:445' }).get('/x').catch((e: unknown) => e)) as CmsConnectionError;
    expect(err).toBeInstanceOf(CmsConnectionError);
    expect(['dns']).toContain(err.failure);
    expect(err.attempts).toBe(1);
    expect(err.message).toMatch(/could not be resolved/);
  });
});

describe('timeouts and cancellation', () => {
  it('retries a GET that exceeded the per-request timeout', async () => {
    let n = 0;
    server.handle(async (_q, res) => {
      if (++n === 1) await sleep(300);
      xml(res, 200, '<x/>');
    });
    const { entries, onLog } = logCollector();
    await client({ timeoutMs: 100, onLog }).get('/x');
    expect(server.requests).toHaveLength(2);
    expect(entries.some((e) => e.level === 'warn' && e.fields.attempt === 1)).toBe(true);
  });

  it('retries a GET whose body stalls or is cut short', async () => {
    let n = 0;
    server.handle(async (_q, res) => {
      n++;
      const body = `<coSpace id="${GUID}"><name>x</name></coSpace>`;
      if (n === 1) {
        // Headers and half the body, then silence (a slow body).
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(body.length) });
        res.write(body.slice(0, 10));
        return;
      }
      if (n === 2) {
        // Half the body, then the connection drops.
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(body.length) });
        res.write(body.slice(0, 10));
        await sleep(10);
        res.socket?.destroy();
        return;
      }
      xml(res, 200, body);
    });
    expect((await client({ timeoutMs: 100 }).get(`/coSpaces/${GUID}`)).values['name']).toBe('x');
    expect(n).toBe(3);
  });

  it('fails with a request timeout when every attempt is slow', async () => {
    server.handle(async (_q, res) => {
      await sleep(200);
      xml(res, 200, '<x/>');
    });
    const err = (await client({ timeoutMs: 50, retries: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } }).get('/x').catch((e: unknown) => e)) as CmsTimeoutError;
    expect(err).toBeInstanceOf(CmsTimeoutError);
    expect(err.scope).toBe('request');
    expect(err.attempts).toBe(2);
  });

  it('stops at the total timeout across retries', async () => {
    server.handle((_q, res) => xml(res, 503, ''));
    const started = Date.now();
    const err = (await client({ totalTimeoutMs: 150, retries: { retries: 100, baseDelayMs: 30, maxDelayMs: 30 } }).get('/x').catch((e: unknown) => e)) as Error;
    expect(Date.now() - started).toBeLessThan(1000);
    // Either the deadline cut a backoff short (last answer: busy) or fired mid-request (total timeout).
    expect(err instanceof CmsBusyError || (err instanceof CmsTimeoutError && err.scope === 'total')).toBe(true);
  });

  it('reports the total timeout when it fires during a request', async () => {
    server.handle(async (_q, res) => {
      await sleep(500);
      xml(res, 200, '<x/>');
    });
    const err = (await client({ totalTimeoutMs: 100 }).get('/x').catch((e: unknown) => e)) as CmsTimeoutError;
    expect(err).toBeInstanceOf(CmsTimeoutError);
    expect(err.scope).toBe('total');
    expect(err.message).toMatch(/within 100 ms including retries/);
  });

  it('reports a timed-out POST as an unknown outcome, without a retry', async () => {
    server.handle(async (_q, res) => {
      await sleep(300);
      res.writeHead(200, { Location: `/api/v1/coSpaces/${GUID}` });
      res.end();
    });
    const err = (await client({ timeoutMs: 80 }).create('/coSpaces', { name: 'x' }).catch((e: unknown) => e)) as UnknownOutcomeError;
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect(err.message).toMatch(/no answer came within 80 ms/);
    expect(server.requests).toHaveLength(1);
  });

  it('cancels a GET through the signal', async () => {
    server.handle(async (_q, res) => {
      await sleep(500);
      xml(res, 200, '<x/>');
    });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    const err = await client().get('/x', undefined, { signal: ctl.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmsAbortedError);
  });

  it('cancels during a backoff wait', async () => {
    server.handle((_q, res) => xml(res, 503, ''));
    const ctl = new AbortController();
    const c = client({ retries: { retries: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 }, random: fixedRandom(1) });
    const p = c.get('/x', undefined, { signal: ctl.signal });
    await sleep(50);
    ctl.abort();
    await expect(p).rejects.toBeInstanceOf(CmsAbortedError);
    expect(server.requests).toHaveLength(1);
  });

  it('does not send anything when already cancelled', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(client().get('/x', undefined, { signal: ctl.signal })).rejects.toBeInstanceOf(CmsAbortedError);
    expect(server.requests).toHaveLength(0);
  });

  it('reports a cancelled POST in flight as an unknown outcome', async () => {
    server.handle(async (_q, res) => {
      await sleep(500);
      res.end();
    });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    const err = await client().create('/coSpaces', {}, { signal: ctl.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownOutcomeError);
    expect((err as Error).message).toMatch(/cancelled/);
  });

  it('shares one listener on a signal used by many concurrent calls (no leak warning)', async () => {
    server.handle(async (_q, res) => {
      await sleep(20);
      xml(res, 200, '<x/>');
    });
    const ctl = new AbortController();
    const c = client({ concurrency: 2 });
    const pending = Promise.allSettled(Array.from({ length: 30 }, () => c.get('/x', undefined, { signal: ctl.signal })));
    await sleep(5);
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(1);
    await sleep(30);
    ctl.abort();
    const results = await pending;
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    expect(results.every((r) => r.status === 'fulfilled' || r.reason instanceof CmsAbortedError)).toBe(true);
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(0);
  });

  it('refuses calls after close()', async () => {
    const c = client();
    await c.get('/x');
    await c.close();
    await expect(c.get('/x')).rejects.toBeInstanceOf(CmsAbortedError);
  });
});

describe('secrets', () => {
  it('never logs the password, the Authorization header or sensitive values', async () => {
    server.handle((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(200, { Location: `${req.url}/${GUID}` });
        res.end();
      } else xml(res, 503, '');
    });
    const { entries, onLog } = logCollector();
    const c = client({ onLog, sensitiveParameters: ['bindSecretish'], retries: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await c.create('/ldapServers', { address: 'ldap.example.com', username: 'cn=bind', password: 'ldap-pw-123', bindSecretish: 'zzz-1', custom: 'cust-9', empty: '' }, { sensitive: ['custom'] });
    await c.create('/coSpaces', { name: 'Board', passcode: '424242', secret: 'sec-777', regenerateSecret: true });
    await c.get('/x').catch(() => undefined);
    const text = JSON.stringify(entries);
    for (const secret of [PASSWORD, Buffer.from(`apiuser:${PASSWORD}`).toString('base64'), 'ldap-pw-123', 'zzz-1', 'cust-9', '424242', 'sec-777']) {
      expect(text).not.toContain(secret);
    }
    expect(text.toLowerCase()).not.toContain('authorization');
    const bodies = entries.filter((e) => e.fields.body !== undefined).map((e) => e.fields.body);
    expect(bodies[0]).toBe('address="ldap.example.com" username="cn=bind" password=(redacted) bindSecretish=(redacted) custom=(redacted) empty=""');
    expect(bodies[1]).toBe('name="Board" passcode=(redacted) secret=(redacted) regenerateSecret=(redacted)');
    // The fields the brief asks for are there.
    expect(entries.find((e) => e.fields.status === 200)!.fields).toMatchObject({ method: 'POST', path: '/ldapServers', attempt: 1 });
    expect(typeof entries.find((e) => e.fields.status === 200)!.fields.durationMs).toBe('number');
  });

  it('keeps the password out of inspection and JSON of the client, and out of errors', async () => {
    const c = client();
    expect(inspect(c, { depth: 5 })).not.toContain(PASSWORD);
    expect(JSON.stringify(Object.entries(c))).not.toContain(Buffer.from(`apiuser:${PASSWORD}`).toString('base64'));
    server.handle((_q, res) => failure(res, 400, 'parameterError', { parameter: 'password', error: 'invalidValue' }));
    const err = (await c.update('/ldapServers/x', { password: 'ldap-pw-123' }).catch((e: unknown) => e)) as Error;
    expect(err.message).not.toContain('ldap-pw-123');
    expect(inspect(err)).not.toContain('ldap-pw-123');
  });

  it('survives a throwing log hook', async () => {
    await client({ onLog: () => { throw new Error('log sink down'); } }).get('/x');
  });
});

describe('configuration', () => {
  it.each([
    [{ url: 'not a url' }, /not a valid URL/],
    [{ url: 'ftp://cms' }, /https:\/\//],
    [{ url: 'https://u:p@cms' }, /not in the URL/],
    [{ username: '' }, /username is required/],
    [{ username: 'a:b' }, /must not contain ":"/],
    [{ concurrency: 0 }, /concurrency/],
    [{ timeoutMs: -1 }, /timeoutMs/],
    [{ caBundle: '/nonexistent/ca.pem' }, /CA bundle could not be read/],
  ])('rejects %p', (bad, message) => {
    expect(() => new CmsClient({ url: 'https://cms.example.com', username: 'u', password: 'p', ...bad })).toThrow(message);
    expect(() => new CmsClient({ url: 'https://cms.example.com', username: 'u', password: 'p', ...bad })).toThrow(CmsConfigError);
  });

  it('does no network work until the first call', () => {
    const c = new CmsClient({ url: 'https://cms.invalid:445', username: 'u', password: 'p' });
    expect(c.server).toBe('https://cms.invalid:445');
    expect(c.basePath).toBe('/api/v1');
    return c.close();
  });
});
