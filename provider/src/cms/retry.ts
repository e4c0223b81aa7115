/**
 * Retry timing: exponential backoff with full jitter, bounded by the call's overall deadline.
 *
 * Which failures are retried is decided by the client (it knows the method and whether the
 * request may have reached the server); this module only says how long to wait.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (so `retries + 1` attempts at most). */
  readonly retries: number;
  /** The backoff ceiling before the first retry; doubles for each further retry. */
  readonly baseDelayMs: number;
  /** No single wait is longer than this (a server's Retry-After is capped by it too). */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * The wait before retry number `retry` (1 = first retry): a uniformly random time between 0 and
 * min(maxDelayMs, baseDelayMs × 2^(retry−1)). Full jitter spreads the retries of several
 * clients hitting a busy server instead of having them return in lock step.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * A server's `Retry-After` header in milliseconds (seconds or an HTTP date), or undefined when
 * absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Wait `ms`, or reject with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
