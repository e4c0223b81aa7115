import { PagingError, requestCap, walkPages, type CmsListPage, type CmsObject, type FetchPage } from '../../../provider/src/cms';

/** An in-memory collection in insertion order, paged like the server (with its own cap). */
class Collection {
  ids: string[];
  requests: { offset: number; limit: number }[] = [];
  /** Called before each page is served, with the page number (0-based): mutate the list here. */
  beforePage?: (n: number, c: Collection) => void;

  constructor(
    count: number,
    readonly cap = 20,
  ) {
    this.ids = Array.from({ length: count }, (_, i) => `id-${String(i).padStart(3, '0')}`);
  }

  fetch: FetchPage = async (offset, limit) => {
    this.beforePage?.(this.requests.length, this);
    this.requests.push({ offset, limit });
    const slice = this.ids.slice(offset, offset + Math.min(limit, this.cap));
    const items: CmsObject[] = slice.map((id) => ({ element: 'coSpace', id, attributes: { id }, text: '', values: { name: id }, children: {} }));
    const page: CmsListPage = { element: 'coSpaces', total: this.ids.length, totalReported: true, items, attributes: { total: String(this.ids.length) } };
    return page;
  };

  insertAt(pos: number, id: string): void {
    this.ids.splice(pos, 0, id);
  }

  remove(id: string): void {
    this.ids = this.ids.filter((x) => x !== id);
  }
}

async function walk(c: Collection, pageSize = 50, maxPasses = 5) {
  const restarts: string[] = [];
  let unstable: string | undefined;
  const ids: string[] = [];
  for await (const item of walkPages(c.fetch, { pageSize, maxPasses, onRestart: (r) => restarts.push(r), onUnstable: (r) => (unstable = r) })) {
    ids.push(item.id!);
  }
  return { ids, restarts, unstable };
}

describe('paging', () => {
  it('walks every page when the server caps pages below limit', async () => {
    const c = new Collection(95, 20);
    const { ids, restarts } = await walk(c, 50);
    expect(ids).toEqual(c.ids);
    expect(restarts).toEqual([]);
    // Offsets advance by what came back (20, less the one-item overlap), never by `limit`.
    expect(c.requests).toEqual([
      { offset: 0, limit: 50 },
      { offset: 19, limit: 51 },
      { offset: 38, limit: 51 },
      { offset: 57, limit: 51 },
      { offset: 76, limit: 51 },
    ]);
  });

  it('stops at total without an extra request when the last page ends exactly', async () => {
    const c = new Collection(40, 20);
    await walk(c, 20);
    expect(c.requests.map((r) => r.offset)).toEqual([0, 19, 38]);
  });

  it('handles an empty collection and a single page', async () => {
    expect((await walk(new Collection(0))).ids).toEqual([]);
    const one = new Collection(1);
    expect((await walk(one)).ids).toEqual(['id-000']);
    expect(one.requests).toHaveLength(1);
  });

  it('copes with a server cap of one item (overlap cannot progress)', async () => {
    const c = new Collection(5, 1);
    const { ids } = await walk(c, 10);
    expect(ids).toEqual(c.ids);
  });

  it('never yields a duplicate when an object is inserted before the current page', async () => {
    const c = new Collection(60, 20);
    c.beforePage = (n, col) => {
      if (n === 1) col.insertAt(0, 'new-front');
    };
    const { ids } = await walk(c);
    expect(new Set(ids).size).toBe(ids.length);
    // Every object that existed throughout is there; the newcomer is found by the restart.
    for (let i = 0; i < 60; i++) expect(ids).toContain(`id-${String(i).padStart(3, '0')}`);
    expect(ids).toContain('new-front');
  });

  it('skips nothing when an already-seen object is deleted between pages', async () => {
    const c = new Collection(60, 20);
    c.beforePage = (n, col) => {
      if (n === 1) col.remove('id-005'); // shifts id-020 back onto the first page's range
    };
    const { ids, restarts } = await walk(c);
    expect(restarts).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 0; i < 60; i++) if (i !== 5) expect(ids).toContain(`id-${String(i).padStart(3, '0')}`);
  });

  it('skips nothing when the anchor itself is deleted', async () => {
    const c = new Collection(45, 20);
    c.beforePage = (n, col) => {
      if (n === 1) col.remove('id-019');
    };
    const { ids } = await walk(c);
    for (let i = 0; i < 45; i++) if (i !== 19) expect(ids).toContain(`id-${String(i).padStart(3, '0')}`);
  });

  it('detects an insert plus a delete that leave total unchanged', async () => {
    const c = new Collection(60, 20);
    c.beforePage = (n, col) => {
      if (n === 1) {
        col.remove('id-003');
        col.remove('id-004');
        col.ids.push('late-1', 'late-2'); // total is 60 again
      }
    };
    const { ids, restarts } = await walk(c);
    expect(restarts).toHaveLength(1);
    for (const id of c.ids) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('follows objects added after the current position without restarting', async () => {
    const c = new Collection(30, 20);
    c.beforePage = (n, col) => {
      if (n === 1) col.ids.push('appended');
    };
    const { ids, restarts } = await walk(c);
    expect(restarts).toEqual([]);
    expect(ids).toEqual(c.ids);
  });

  it('restarts when the tail shrinks past the anchor', async () => {
    const c = new Collection(45, 20);
    c.beforePage = (n, col) => {
      if (n === 1) col.ids = col.ids.slice(0, 10);
    };
    const { ids, restarts } = await walk(c);
    expect(restarts).toHaveLength(1);
    expect(ids.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `id-${String(i).padStart(3, '0')}`));
  });

  it('restarts when a page comes back empty before total (no anchor)', async () => {
    const c = new Collection(5, 1);
    let served = 0;
    const flaky: FetchPage = async (offset, limit) => {
      served++;
      const page = await c.fetch(offset, limit);
      // One bogus empty answer in the middle of the walk.
      return served === 4 ? { ...page, items: [] } : page;
    };
    const ids: string[] = [];
    const restarts: string[] = [];
    for await (const item of walkPages(flaky, { pageSize: 10, maxPasses: 3, onRestart: (r) => restarts.push(r) })) ids.push(item.id!);
    expect(ids).toEqual(c.ids);
    expect(restarts.length).toBeGreaterThanOrEqual(1);
  });

  it('gives up after maxPasses on a collection that keeps moving, with an error rather than a partial listing', async () => {
    const c = new Collection(60, 20);
    let k = 0;
    c.beforePage = (n, col) => {
      if (n > 0 && col.requests[col.requests.length - 1]!.offset === 0) return;
      col.insertAt(0, `churn-${k++}`);
    };
    const restarts: string[] = [];
    let unstable: string | undefined;
    const ids: string[] = [];
    const walking = (async () => {
      for await (const item of walkPages(c.fetch, { pageSize: 50, maxPasses: 3, onRestart: (r) => restarts.push(r), onUnstable: (r) => (unstable = r) })) ids.push(item.id!);
    })();
    await expect(walking).rejects.toThrow(new PagingError('the collection kept changing while it was listed (3 attempts; last: the collection changed between pages (at offset 39))'));
    expect(restarts).toHaveLength(2);
    expect(unstable).toMatch(/changed between pages/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('deduplicates items without ids by content', async () => {
    const page = (values: string[]): CmsListPage => ({
      element: 'alarms',
      total: 3,
      totalReported: true,
      attributes: {},
      items: values.map((v) => ({ element: 'alarm', attributes: {}, text: '', values: { type: v }, children: {} })),
    });
    const pages = [page(['a', 'b']), page(['b', 'c'])];
    let i = 0;
    const ids: string[] = [];
    for await (const item of walkPages(async () => pages[i++]!, { pageSize: 2, maxPasses: 1 })) ids.push(item.values['type']!);
    expect(ids).toEqual(['a', 'b', 'c']);
  });

  describe('a server whose paging never ends', () => {
    const item = (id: string): CmsObject => ({ element: 'turnServer', id, attributes: { id }, text: '', values: {}, children: {} });
    const page = (ids: string[], total: number): CmsListPage => ({ element: 'turnServers', total, totalReported: true, attributes: {}, items: ids.map(item) });
    async function drain(fetch: FetchPage, options: Partial<Parameters<typeof walkPages>[1]> = {}): Promise<{ error: unknown; yielded: number }> {
      let yielded = 0;
      try {
        for await (const _ of walkPages(fetch, { pageSize: 50, maxPasses: 5, ...options })) yielded++;
      } catch (error) {
        return { error, yielded };
      }
      return { error: undefined, yielded };
    }

    it('stops at once when a page that lines up with the last one brings nothing new', async () => {
      // Items cycle with the offset: the overlap check passes, yet every page repeats the first.
      let requests = 0;
      const cycling: FetchPage = async (offset, limit) => {
        requests++;
        return page(Array.from({ length: Math.min(limit, 20) }, (_, i) => `id-${(offset + i) % 20}`), 1_000_000_000);
      };
      const { error, yielded } = await drain(cycling);
      expect(error).toBeInstanceOf(PagingError);
      expect((error as Error).message).toMatch(/page at offset 20 repeats 19 objects already listed \(the server reports 1000000000\)/);
      expect(requests).toBe(2);
      expect(yielded).toBe(20);
    });

    it('gives up after its passes when the same page comes back for every offset', async () => {
      let requests = 0;
      const same: FetchPage = async () => {
        requests++;
        return page(Array.from({ length: 20 }, (_, i) => `id-${i}`), 1_000_000_000);
      };
      const { error } = await drain(same);
      expect(error).toBeInstanceOf(PagingError);
      expect(requests).toBe(10);
    });

    it('stops when the pages needed pass what total and the page size allow', async () => {
      // The first page shows a page size of 20; later pages add one object each.
      let requests = 0;
      let next = 0;
      const dribbling: FetchPage = async () => {
        requests++;
        const first = requests === 1;
        const ids = first ? Array.from({ length: 20 }, () => `id-${next++}`) : [`id-${next - 1}`, `id-${next++}`];
        return page(ids, 100);
      };
      const { error } = await drain(dribbling);
      expect(error).toBeInstanceOf(PagingError);
      expect((error as Error).message).toMatch(/pages brought \d+ objects, yet the server reports 100/);
      expect(requests).toBe(requestCap(100, 20));
    });

    it('stops at the deadline when every page brings new objects', async () => {
      let next = 0;
      let requests = 0;
      const endless: FetchPage = async (offset, limit) => {
        requests++;
        await new Promise((r) => setTimeout(r, 5));
        const anchor = offset > 0 ? [`id-${next - 1}`] : [];
        const fresh = Array.from({ length: Math.min(limit, 20) - anchor.length }, () => `id-${next++}`);
        return page([...anchor, ...fresh], 1_000_000_000);
      };
      const { error } = await drain(endless, { deadline: Date.now() + 100 });
      expect(error).toBeInstanceOf(PagingError);
      expect((error as Error).message).toMatch(/did not finish in time/);
      expect(requests).toBeLessThan(40);
    });

    it('stops past the object limit when every page brings new objects, however long the deadline', async () => {
      let next = 0;
      let requests = 0;
      const endless: FetchPage = async (offset, limit) => {
        requests++;
        const anchor = offset > 0 ? [`id-${next - 1}`] : [];
        const fresh = Array.from({ length: Math.min(limit, 20) - anchor.length }, () => `id-${next++}`);
        return page([...anchor, ...fresh], 1_000_000_000);
      };
      const { error, yielded } = await drain(endless, { deadline: Date.now() + 600_000, maxObjects: 1000 });
      expect(error).toBeInstanceOf(PagingError);
      expect((error as Error).message).toMatch(/the listing passed 1000 objects \(the server reports 1000000000\)/);
      expect(yielded).toBe(1000);
      expect(requests).toBeLessThanOrEqual(Math.ceil(1001 / 19) + 1);
    });
  });

  it('refuses a bad page size', async () => {
    const gen = walkPages(new Collection(1).fetch, { pageSize: 0, maxPasses: 1 });
    await expect(gen.next()).rejects.toThrow(RangeError);
  });
});
