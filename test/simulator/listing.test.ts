/** Paging under a per-endpoint cap and the documented filters (cms-api.md §1.10). */
import { startSimulator, Simulator } from '../../simulator/src';
import { failureReason, items, TestClient } from './helpers';

let sim: Simulator;
let api: TestClient;
beforeAll(async () => {
  sim = await startSimulator({ tls: false, pageCaps: { coSpaces: 10, tenants: 3 } });
  api = new TestClient(sim.url);
});
afterAll(async () => {
  await api.close();
  await sim.stop();
});
beforeEach(() => sim.reset());

async function createSpaces(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await api.create('coSpaces', { name: `Space ${String(i).padStart(2, '0')}`, uri: `space${i}` }));
  return ids;
}

describe('paging', () => {
  it('returns at most the endpoint`s cap whatever limit asks, with total counting every match', async () => {
    const ids = await createSpaces(25);
    const first = await api.get('coSpaces?limit=50');
    expect(first.xml.coSpaces['@total']).toBe('25');
    expect(items(first, 'coSpaces', 'coSpace').map((s) => s['@id'])).toEqual(ids.slice(0, 10));
    const small = await api.get('coSpaces?limit=4&offset=3');
    expect(items(small, 'coSpaces', 'coSpace').map((s) => s['@id'])).toEqual(ids.slice(3, 7));
  });

  it('lets a client read everything by advancing offset by the count returned', async () => {
    const ids = await createSpaces(23);
    const seen: string[] = [];
    let offset = 0;
    let total = Infinity;
    let requests = 0;
    while (offset < total) {
      const page = await api.get(`coSpaces?offset=${offset}&limit=20`);
      total = Number(page.xml.coSpaces['@total']);
      const got = items(page, 'coSpaces', 'coSpace');
      seen.push(...got.map((s) => s['@id']));
      offset += got.length;
      requests++;
    }
    expect(seen).toEqual(ids);
    expect(requests).toBe(3);
  });

  it('answers an offset past the end with no items and the total', async () => {
    await createSpaces(3);
    expect((await api.get('coSpaces?offset=10')).text).toBe('<?xml version="1.0"?><coSpaces total="3"/>');
  });

  it('uses the default caps where none is configured, and caps can change at run time', async () => {
    for (let i = 0; i < 25; i++) await api.create('callBridgeGroups', { name: `g${i}` });
    expect(items(await api.get('callBridgeGroups?limit=100'), 'callBridgeGroups', 'callBridgeGroup')).toHaveLength(20);
    for (let i = 0; i < 5; i++) await api.create('tenants', { name: `t${i}` });
    expect(items(await api.get('tenants'), 'tenants', 'tenant')).toHaveLength(3);
    sim.configure({ pageCaps: { callBridgeGroups: 7 } });
    expect(items(await api.get('callBridgeGroups?limit=100'), 'callBridgeGroups', 'callBridgeGroup')).toHaveLength(7);
    sim.configure({ pageCaps: { callBridgeGroups: 20 } });
  });

  it('refuses a non-numeric offset or limit', async () => {
    const reply = await api.get('coSpaces?limit=ten');
    expect(failureReason(reply)).toBe('parameterError');
    expect(reply.xml.failureDetails.parameterError['@parameter']).toBe('limit');
  });
});

describe('filters', () => {
  it('filter= matches a substring of names, URIs and call IDs, ignoring case', async () => {
    await api.create('coSpaces', { name: 'Sales EMEA', uri: 'emea.sales' });
    await api.create('coSpaces', { name: 'Engineering', uri: 'eng', callId: '771234' });
    await api.create('coSpaces', { name: 'Support', uri: 'support', secondaryUri: 'salesdesk' });
    const names = async (query: string) => items(await api.get(`coSpaces?${query}`), 'coSpaces', 'coSpace').map((s) => s.name);
    expect(await names('filter=sales')).toEqual(['Sales EMEA', 'Support']);
    expect(await names('filter=SALES')).toEqual(['Sales EMEA', 'Support']);
    expect(await names('filter=1234')).toEqual(['Engineering']);
    const filtered = await api.get('coSpaces?filter=sales&limit=1');
    expect(filtered.xml.coSpaces['@total']).toBe('2');
  });

  it('tenantFilter selects a tenant`s objects; an empty tenantFilter does not mean "no tenant"', async () => {
    const t1 = await api.create('tenants', { name: 'T1' });
    const t2 = await api.create('tenants', { name: 'T2' });
    await api.create('coSpaces', { name: 'a', tenant: t1 });
    await api.create('coSpaces', { name: 'b', tenant: t2 });
    await api.create('coSpaces', { name: 'c' });
    expect(items(await api.get(`coSpaces?tenantFilter=${t1}`), 'coSpaces', 'coSpace').map((s) => s.name)).toEqual(['a']);
    expect((await api.get('coSpaces?tenantFilter=')).xml.coSpaces['@total']).toBe('3');
    await api.create('outboundDialPlanRules', { domain: 'a.example.com', tenant: t2 });
    await api.create('outboundDialPlanRules', { domain: 'b.example.com' });
    expect(items(await api.get(`outboundDialPlanRules?tenantFilter=${t2}`), 'outboundDialPlanRules', 'outboundDialPlanRule').map((r) => r.domain)).toEqual(['a.example.com']);
  });

  it('callLegProfileFilter selects spaces and access methods using a profile', async () => {
    const profile = await api.create('callLegProfiles', { name: 'guest' });
    const space = await api.create('coSpaces', { name: 'with', callLegProfile: profile });
    await api.create('coSpaces', { name: 'without' });
    expect(items(await api.get(`coSpaces?callLegProfileFilter=${profile}`), 'coSpaces', 'coSpace').map((s) => s.name)).toEqual(['with']);
    await api.create(`coSpaces/${space}/accessMethods`, { uri: 'm1', callLegProfile: profile });
    await api.create(`coSpaces/${space}/accessMethods`, { uri: 'm2' });
    const methods = items(await api.get(`coSpaces/${space}/accessMethods?callLegProfileFilter=${profile}`), 'accessMethods', 'accessMethod');
    expect(methods.map((m) => m.uri)).toEqual(['m1']);
  });

  it('usageFilter=referenced|unreferenced on profile collections', async () => {
    const used = await api.create('callProfiles', { name: 'used' });
    const global = await api.create('callProfiles', { name: 'global' });
    const unused = await api.create('callProfiles', { name: 'unused' });
    await api.create('coSpaces', { callProfile: used });
    await api.put('system/profiles', { callProfile: global });
    const ids = async (v: string) => items(await api.get(`callProfiles?usageFilter=${v}`), 'callProfiles', 'callProfile').map((p) => p['@id']);
    expect(await ids('referenced')).toEqual([used, global]);
    expect(await ids('unreferenced')).toEqual([unused]);
    expect(failureReason(await api.get('callProfiles?usageFilter=sometimes'))).toBe('parameterError');
  });

  it('emailFilter and cdrTagFilter match users exactly', async () => {
    sim.seed({
      users: [
        { userJid: 'ann@example.com', email: 'ann@example.com', cdrTag: 'eng' },
        { userJid: 'bob@example.com', email: 'bob@example.com', cdrTag: 'eng' },
        { userJid: 'cy@example.com', email: 'cy@example.com', cdrTag: 'engineering' },
      ],
    });
    const jids = async (query: string) => items(await api.get(`users?${query}`), 'users', 'user').map((u) => u.userJid);
    expect(await jids('emailFilter=bob@example.com')).toEqual(['bob@example.com']);
    expect(await jids('emailFilter=bob')).toEqual([]);
    expect(await jids('cdrTagFilter=eng')).toEqual(['ann@example.com', 'bob@example.com']);
    expect(await jids('filter=cy')).toEqual(['cy@example.com']);
  });

  it('lists in insertion order, also after a modification', async () => {
    const [a, b, c] = await createSpaces(3);
    await api.put(`coSpaces/${a}`, { name: 'renamed' });
    expect(items(await api.get('coSpaces'), 'coSpaces', 'coSpace').map((s) => s['@id'])).toEqual([a, b, c]);
  });
});
