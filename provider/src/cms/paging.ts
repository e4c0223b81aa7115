/**
 * Walking a collection with `offset`/`limit`, safely.
 *
 * The server caps each page at an undocumented, per-endpoint size and returns fewer items than
 * `limit`, and pages are not a snapshot: objects created or deleted between two requests shift
 * everything after them. The walk therefore:
 *
 * 1. Advances `offset` by the number of items actually returned and stops once it reaches the
 *    `total` of the latest page.
 * 2. Asks each following page to start one item early (`offset − 1`, `limit + 1`), so its first
 *    item must be the last item of the previous page (the anchor). If it is not, or the page is
 *    empty, the list moved under us: an item not yet seen may now sit before `offset` and would
 *    be skipped. Then the pass is abandoned and the walk starts again from offset 0.
 * 3. Yields each object once, keyed by `id`, across pages and passes, so a restart or an insert
 *    that pushes an object onto the next page never produces a duplicate.
 *
 * Why this is enough: an object present for the whole walk can only be skipped if it moves from
 * at or after `offset` to before it, which needs a deletion (or reordering) before `offset`.
 * Any such change moves the anchor too, so it is detected; inserts or deletes after the anchor
 * only change `total`, which step 1 follows. A pass that completes without detecting a move has
 * seen every object that existed throughout. If the collection keeps changing, the walk gives
 * up after `maxPasses` passes: it reports it through `onUnstable` and throws, since a caller
 * must not mistake a partial listing for the whole collection (everything yielded before is
 * still real and unique).
 *
 * An empty page before `total` with no anchor (a first page, or a server whose cap is one item,
 * where overlap cannot make progress) also restarts the pass: items were deleted before us.
 *
 * A broken or hostile server must not keep the walk going forever, so it stops with a
 * {@link PagingError} when a page brings nothing this pass has not already seen (the server
 * repeats itself), when a pass needs more requests than `total` and the page size allow, when
 * the deadline passes, or past `maxObjects` objects (a server announcing an endless collection
 * would otherwise fill the provider's memory before the deadline).
 */
import type { CmsListPage, CmsObject } from './xml';

export type FetchPage = (offset: number, limit: number) => Promise<CmsListPage>;

export interface WalkOptions {
  /** The `limit` to ask for; the server may return fewer. */
  readonly pageSize: number;
  /** Full passes to attempt when the list keeps moving. */
  readonly maxPasses: number;
  /** Told when a pass is abandoned, with the reason. */
  readonly onRestart?: (reason: string, pass: number) => void;
  /** Told when the walk stops after `maxPasses` passes that all saw the list move. */
  readonly onUnstable?: (reason: string) => void;
  /** Time (as `Date.now()`) after which no further page is requested. */
  readonly deadline?: number;
  /** Objects one walk may hold; past it the walk stops (default {@link DEFAULT_MAX_OBJECTS}). */
  readonly maxObjects?: number;
}

/** The server's paging cannot be followed to an end: it repeats itself or never stops. */
export class PagingError extends Error {
  override name = 'PagingError';
}

/**
 * Requests one pass may make: enough for `total` objects at the page size the server showed on
 * the pass's first page (one item less per page for the overlap), plus the first and last pages.
 */
export function requestCap(total: number, firstPageSize: number): number {
  return Math.ceil(total / Math.max(1, firstPageSize - 1)) + 2;
}

export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_MAX_PASSES = 5;
/**
 * Far above any one collection of a Meeting Server cluster we know of, and low enough that the
 * objects read (about 1 KiB each in memory) keep the provider well under 300 MB.
 */
export const DEFAULT_MAX_OBJECTS = 100_000;

/** The key an object is deduplicated by: its id, or (for id-less items) its content. */
export function identityOf(item: CmsObject): string {
  if (item.id !== undefined) return `id:${item.id}`;
  return `content:${item.element}:${JSON.stringify(item.attributes)}:${JSON.stringify(item.values)}`;
}

export async function* walkPages(fetchPage: FetchPage, options: WalkOptions): AsyncGenerator<CmsObject, void, undefined> {
  const { pageSize, maxPasses, deadline } = options;
  const maxObjects = options.maxObjects ?? DEFAULT_MAX_OBJECTS;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  const seen = new Set<string>();
  let lastReason = '';
  for (let pass = 1; pass <= maxPasses; pass++) {
    let offset = 0; // position of the first item not yet covered by this pass
    let anchor: string | undefined; // identity of the item at offset − 1
    let overlap = true;
    let moved: string | undefined;
    const seenThisPass = new Set<string>();
    let requests = 0;
    let firstPageSize = 0;
    let largestTotal = 0;
    for (;;) {
      if (deadline !== undefined && Date.now() > deadline) {
        throw new PagingError(`listing did not finish in time: ${seenThisPass.size} objects read in ${requests} pages of this pass, the server reports ${largestTotal}`);
      }
      const anchored = overlap && anchor !== undefined;
      const page = await fetchPage(anchored ? offset - 1 : offset, anchored ? pageSize + 1 : pageSize);
      requests++;
      let items = page.items;
      // Objects added during the walk raise `total`, so the cap follows the largest total seen.
      largestTotal = Math.max(largestTotal, page.total);
      if (requests === 1) firstPageSize = items.length;
      if (anchored) {
        if (items.length === 0 || identityOf(items[0]!) !== anchor) {
          moved = `the collection changed between pages (at offset ${offset})`;
        } else {
          items = items.slice(1);
        }
      }
      // A page that lines up with the last one yet holds only objects this pass already listed
      // means the server ignores `offset`: nothing would ever end the walk.
      if (!moved && requests > 1 && items.length > 0 && items.every((item) => seenThisPass.has(identityOf(item)))) {
        throw new PagingError(`the page at offset ${offset} repeats ${items.length} objects already listed (the server reports ${page.total}); its paging does not advance`);
      }
      for (const item of items) {
        const key = identityOf(item);
        seenThisPass.add(key);
        if (seen.has(key)) continue;
        seen.add(key);
        if (seen.size > maxObjects) {
          throw new PagingError(`the listing passed ${maxObjects} objects (the server reports ${page.total}); stopped before it exhausts the provider's memory`);
        }
        yield item;
      }
      if (moved) break;
      if (items.length === 0) {
        if (offset >= page.total) break;
        if (anchored) {
          // Only the anchor came back: the server's cap is a single item. Page without overlap.
          overlap = false;
          continue;
        }
        moved = `the server returned no items at offset ${offset} although it reports ${page.total}`;
        break;
      }
      offset += items.length;
      anchor = identityOf(items[items.length - 1]!);
      if (offset >= page.total) break;
      if (requests >= requestCap(largestTotal, firstPageSize)) {
        throw new PagingError(`${requests} pages brought ${seenThisPass.size} objects, yet the server reports ${page.total}; its paging does not add up`);
      }
    }
    if (!moved) return;
    lastReason = moved;
    if (pass < maxPasses) options.onRestart?.(moved, pass);
  }
  options.onUnstable?.(lastReason);
  // A partial listing would let a caller conclude that an object does not exist.
  throw new PagingError(`the collection kept changing while it was listed (${maxPasses} attempts; last: ${lastReason})`);
}
