import { DEFAULT_RETRY_POLICY, backoffDelay, retryAfterMs } from '../../../provider/src/cms';
import { Semaphore } from '../../../provider/src/cms/semaphore';
import { sleep } from '../../../provider/src/cms/retry';

describe('backoff', () => {
  const policy = { retries: 10, baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the ceiling per retry up to the cap (full jitter at the top of the range)', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('is uniformly spread from zero (full jitter)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    const samples = Array.from({ length: 2000 }, () => backoffDelay(4, policy));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(800);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(mean).toBeGreaterThan(330);
    expect(mean).toBeLessThan(470);
  });

  it('has sensible defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ retries: 5, baseDelayMs: 500, maxDelayMs: 10_000 });
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:02 GMT', now)).toBe(2000);
    expect(retryAfterMs('Mon, 01 Jan 2023 00:00:02 GMT', now)).toBe(0);
  });

  it('sleeps until aborted', async () => {
    const ctl = new AbortController();
    const p = sleep(60_000, ctl.signal);
    ctl.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});

describe('semaphore', () => {
  it('admits at most the limit and hands permits over in order', async () => {
    const sem = new Semaphore(2);
    const order: number[] = [];
    const r1 = await sem.acquire();
    const r2 = await sem.acquire();
    const p3 = sem.acquire().then((r) => (order.push(3), r));
    const p4 = sem.acquire().then((r) => (order.push(4), r));
    expect(sem.inFlight).toBe(2);
    r1();
    r1(); // releasing twice is harmless
    const r3 = await p3;
    expect(order).toEqual([3]);
    expect(sem.inFlight).toBe(2);
    r2();
    const r4 = await p4;
    r3();
    r4();
    expect(sem.inFlight).toBe(0);
  });

  it('drops a waiter whose signal aborts', async () => {
    const sem = new Semaphore(1);
    const r1 = await sem.acquire();
    const ctl = new AbortController();
    const waiting = sem.acquire(ctl.signal);
    ctl.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    r1();
    expect(sem.inFlight).toBe(0);
    const r2 = await sem.acquire();
    r2();
  });

  it('refuses a nonsensical limit', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
