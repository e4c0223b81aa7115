/**
 * One abort listener per caller signal, however many calls share it.
 *
 * The provider passes one signal (Terraform's StopProvider) to every call; adding a listener
 * per in-flight call would trip Node's "possible EventTarget memory leak" warning on stderr,
 * which is where Terraform reads provider logs.
 */
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/** Run `callback` once when `signal` aborts; returns the unsubscribe function. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let set = subscribers.get(signal);
  if (!set) {
    const created = new Set<() => void>();
    set = created;
    subscribers.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        subscribers.delete(signal);
        for (const cb of [...created]) cb();
      },
      { once: true },
    );
  }
  const entry = (): void => callback();
  set.add(entry);
  return () => {
    set.delete(entry);
  };
}
