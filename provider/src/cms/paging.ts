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
 * up after `maxPasses` passes and reports it through `onUnstable` (everything yielded is still
 * real and unique).
 *
 * An empty page before `total` with no anchor (a first page, or a server whose cap is one item,
 * where overlap cannot make progress) also restarts the pass: items were deleted before us.
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
}

export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_MAX_PASSES = 5;

/** The key an object is deduplicated by: its id, or (for id-less items) its content. */
export function identityOf(item: CmsObject): string {
  if (item.id !== undefined) return `id:${item.id}`;
  return `content:${item.element}:${JSON.stringify(item.attributes)}:${JSON.stringify(item.values)}`;
}

export async function* walkPages(fetchPage: FetchPage, options: WalkOptions): AsyncGenerator<CmsObject, void, undefined> {
  const { pageSize, maxPasses } = options;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  const seen = new Set<string>();
  let lastReason = '';
  for (let pass = 1; pass <= maxPasses; pass++) {
    let offset = 0; // position of the first item not yet covered by this pass
    let anchor: string | undefined; // identity of the item at offset − 1
    let overlap = true;
    let moved: string | undefined;
    for (;;) {
      const anchored = overlap && anchor !== undefined;
      const page = await fetchPage(anchored ? offset - 1 : offset, anchored ? pageSize + 1 : pageSize);
      let items = page.items;
      if (anchored) {
        if (items.length === 0 || identityOf(items[0]!) !== anchor) {
          moved = `the collection changed between pages (at offset ${offset})`;
        } else {
          items = items.slice(1);
        }
      }
      for (const item of items) {
        const key = identityOf(item);
        if (seen.has(key)) continue;
        seen.add(key);
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
    }
    if (!moved) return;
    lastReason = moved;
    if (pass < maxPasses) options.onRestart?.(moved, pass);
  }
  options.onUnstable?.(lastReason);
}
