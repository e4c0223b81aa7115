/**
 * A counting semaphore: at most `limit` requests in flight per client (production clients keep
 * to ≤4 connections per cluster; more only adds contention on the database primary).
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  /** Requests currently holding a permit. */
  get inFlight(): number {
    return this.active;
  }

  /**
   * Wait for a permit; resolves to its release function (call it exactly once). Rejects with
   * the signal's reason if the signal aborts first, without taking a permit.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // Hand the permit straight to the next waiter so `active` never dips and refills.
      if (next) next.grant();
      else this.active--;
    };
  }
}
