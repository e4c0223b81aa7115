/**
 * The look-ups of one walk share a CachedReader: a few creates cost one filtered request each,
 * many creates cost about one listing of the collection, and the answers are those the
 * server's filter would give.
 */
import type { CmsObject } from '../../../provider/src/cms/xml';
import type { CtyObject } from '../../../provider/src/plugin/types';
import { CachedReader, findMatching } from '../../../provider/src/resources/lookup';
import { definition } from './helpers';

const turn = definition('cms_turn_server');

/** One collection, /turnServers, of generated objects; a listing page holds at most 20 items. */
class TurnServers {
  readonly requests: string[] = [];
  readonly objects: Array<{ id: string; values: Record<string, string> }> = [];

  /** `listed`: the fields a list item's summary carries (the detail GET has them all). */
  constructor(private readonly listed: string[] = ['serverAddress']) {}

  add(serverAddress: string): string {
    const id = `00000000-0000-4000-8000-${String(this.objects.length + 1).padStart(12, '0')}`;
    this.objects.push({ id, values: { serverAddress, type: 'cms' } });
    return id;
  }

  private item(o: { id: string; values: Record<string, string> }, fields: string[]): CmsObject {
    const values = Object.fromEntries(Object.entries(o.values).filter(([k]) => fields.includes(k)));
    return { element: 'turnServer', id: o.id, attributes: { id: o.id }, text: '', values, children: {} };
  }

  async get(path: string): Promise<CmsObject> {
    this.requests.push(`GET ${path}`);
    const o = this.objects.find((x) => path === `/turnServers/${x.id}`);
    if (!o) throw new Error(`no ${path}`);
    return this.item(o, Object.keys(o.values));
  }

  async *list(path: string, options: { filter?: string } = {}): AsyncIterable<CmsObject> {
    const { filter } = options;
    const shown = filter === undefined ? this.objects : this.objects.filter((o) => Object.values(o.values).some((v) => v.toLowerCase().includes(filter.toLowerCase())));
    // One request per page of 20, as a Meeting Server caps them.
    for (let at = 0; at === 0 || at < shown.length; at += 20) {
      this.requests.push(`LIST ${path}${filter === undefined ? '' : ` filter=${filter}`}`);
      for (const o of shown.slice(at, at + 20)) yield this.item(o, this.listed);
    }
  }

  async count(path: string): Promise<number> {
    this.requests.push(`COUNT ${path}`);
    return this.objects.length;
  }

  made(kind: string): number {
    return this.requests.filter((r) => r.startsWith(kind)).length;
  }
}

const scope: CtyObject = {};
const lookUp = (reader: CachedReader | TurnServers, address: string) => findMatching(reader, turn, scope, { server_address: address });
const ids = (found: CmsObject[]) => found.map((o) => o.id).sort();

/** Addresses to create, some of which the server already holds (orphans, and substring look-alikes). */
function wanted(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `10.9.${Math.floor(i / 200)}.${i % 200}`);
}

describe('the look-ups of one walk', () => {
  it('cost one filtered request for one create into a collection of 50,000 objects', async () => {
    const server = new TurnServers();
    for (let i = 0; i < 50_000; i++) server.add(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    const reader = new CachedReader(server);
    expect(ids(await lookUp(reader, '10.0.1.7'))).toEqual([server.objects[263]!.id]);
    expect(server.requests).toEqual(['LIST /turnServers filter=10.0.1.7']);
  });

  it('switch to one complete listing after about as many filtered requests as it has pages, with the filter\'s answers', async () => {
    const server = new TurnServers();
    for (let i = 0; i < 200; i++) server.add(`10.8.0.${i}`); // 10 pages
    server.add('10.9.0.5'); // an orphan
    server.add('10.9.0.5'); // and its duplicate
    server.add('10.9.0.15'); // a look-alike the filter returns, the key does not match
    const reader = new CachedReader(server);
    const direct = new TurnServers();
    direct.objects.push(...server.objects);
    for (const address of wanted(100)) expect(ids(await lookUp(reader, address))).toEqual(ids(await lookUp(direct, address)));
    const filtered = server.made('LIST /turnServers filter=');
    expect(filtered).toBeGreaterThanOrEqual(5);
    expect(filtered).toBeLessThanOrEqual(12);
    expect(server.made('COUNT')).toBe(1);
    expect(server.requests.filter((r) => r === 'LIST /turnServers')).toHaveLength(11); // 204 objects: one listing of 11 pages
    expect(server.made('GET')).toBe(0);
  });

  it('into an empty collection cost two requests however many creates, concurrent ones included', async () => {
    const server = new TurnServers();
    const reader = new CachedReader(server);
    await lookUp(reader, '10.9.0.0');
    const answers = await Promise.all(wanted(1000).map((a) => lookUp(reader, a)));
    expect(answers.every((a) => a.length === 0)).toBe(true);
    expect(server.requests).toEqual(['LIST /turnServers filter=10.9.0.0', 'COUNT /turnServers']);
  });

  it('share one complete listing among concurrent look-ups', async () => {
    const server = new TurnServers();
    for (let i = 0; i < 60; i++) server.add(`10.8.0.${i}`); // 3 pages
    const orphan = server.add('10.9.0.7');
    const reader = new CachedReader(server);
    const addresses = wanted(30);
    const answers = await Promise.all(addresses.map((a) => lookUp(reader, a)));
    expect(answers.map(ids)).toEqual(addresses.map((a) => (a === '10.9.0.7' ? [orphan] : [])));
    expect(server.requests.filter((r) => r === 'LIST /turnServers')).toHaveLength(4);
    expect(server.made('COUNT')).toBe(1);
    expect(server.made('LIST /turnServers filter=')).toBeLessThanOrEqual(5);
  });

  it('read no detail per listed object when the summary lacks the key: they stay filtered until that would cost less', async () => {
    const server = new TurnServers([]); // list items carry no serverAddress
    for (let i = 0; i < 200; i++) server.add(`10.8.0.${i}`);
    const orphan = server.add('10.9.0.3');
    const reader = new CachedReader(server);
    for (const address of wanted(100)) expect(ids(await lookUp(reader, address))).toEqual(address === '10.9.0.3' ? [orphan] : []);
    // One detail per object the filter returned (10.9.0.3 for 10.9.0.3, and for 10.9.0.…
    // look-alikes none), not one per listed object.
    expect(server.made('GET')).toBeLessThanOrEqual(12);
    expect(server.made('LIST /turnServers filter=')).toBe(100);
  });

  it('read each listed object\'s detail once when that costs less than filtering, and answer as the filter does', async () => {
    const server = new TurnServers([]);
    for (let i = 0; i < 5; i++) server.add(`10.8.0.${i}`);
    const orphan = server.add('10.9.0.42');
    const reader = new CachedReader(server);
    for (const address of wanted(100)) expect(ids(await lookUp(reader, address))).toEqual(address === '10.9.0.42' ? [orphan] : []);
    expect(server.made('GET')).toBeLessThanOrEqual(6);
    expect(server.made('LIST')).toBeLessThanOrEqual(12);
  });
});
