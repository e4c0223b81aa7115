/**
 * Fault injection for API requests: added latency, 503 busy answers, 307 redirects,
 * connections reset before the server applies a request, connections reset after it applied
 * it (the client sees a reset but the object exists), and response bodies trickled slowly.
 * Rules match by method, path prefix and node, fire at a rate drawn from a seeded PRNG, and
 * may be limited to a number of firings.
 */
import { SeededRandom } from './random';

export type FaultKind = 'latency' | 'busy' | 'temporaryRedirect' | 'resetBeforeApply' | 'resetAfterApply' | 'slowBody';

export const FAULT_KINDS: readonly FaultKind[] = ['latency', 'busy', 'temporaryRedirect', 'resetBeforeApply', 'resetAfterApply', 'slowBody'];

export interface FaultRule {
  kind: FaultKind;
  /** Probability per matching request, 0..1 (default 1: every time). */
  rate?: number;
  /** HTTP methods the rule applies to (default: all). */
  methods?: string[];
  /** Request path prefix, e.g. `/api/v1/coSpaces` (default `/api/`). */
  pathPrefix?: string;
  /** Node names (default: every node). */
  nodes?: string[];
  /** latency: milliseconds added before the request is handled (default 200). */
  latencyMs?: number;
  /** slowBody: bytes per chunk (default 16) and pause between chunks (default 20 ms). */
  chunkBytes?: number;
  chunkDelayMs?: number;
  /** Stop after firing this many times. */
  times?: number;
}

export interface FaultConfig {
  /** PRNG seed; the same seed and requests give the same faults (default 1). */
  seed?: number;
  rules: FaultRule[];
}

/** What to do to one request. */
export interface FaultDecision {
  latencyMs: number;
  /** The one disruptive fault that fired, if any (the first matching rule wins). */
  disruption?: 'busy' | 'temporaryRedirect' | 'resetBeforeApply' | 'resetAfterApply';
  slowBody?: { chunkBytes: number; chunkDelayMs: number };
  fired: FaultKind[];
}

const DEFAULT_SEED = 1;

/** Checks a fault configuration from JSON; throws an Error naming the bad field. */
export function validateFaultConfig(input: unknown): FaultConfig {
  const config = Array.isArray(input) ? { rules: input } : input;
  if (typeof config !== 'object' || config === null) throw new Error('faults: expected { seed?, rules: [...] } or an array of rules');
  const { seed, rules } = config as { seed?: unknown; rules?: unknown };
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed))) throw new Error('faults.seed: expected an integer');
  if (!Array.isArray(rules)) throw new Error('faults.rules: expected an array');
  const checked = rules.map((rule: unknown, i): FaultRule => {
    const at = `faults.rules[${i}]`;
    if (typeof rule !== 'object' || rule === null) throw new Error(`${at}: expected an object`);
    const r = rule as Record<string, unknown>;
    if (!FAULT_KINDS.includes(r.kind as FaultKind)) throw new Error(`${at}.kind: expected one of ${FAULT_KINDS.join(', ')}`);
    const num = (name: string, min: number, max: number) => {
      const v = r[name];
      if (v !== undefined && (typeof v !== 'number' || !(v >= min && v <= max))) throw new Error(`${at}.${name}: expected a number from ${min} to ${max}`);
    };
    num('rate', 0, 1);
    num('latencyMs', 0, 600000);
    num('chunkBytes', 1, 1 << 20);
    num('chunkDelayMs', 0, 60000);
    num('times', 0, Number.MAX_SAFE_INTEGER);
    for (const name of ['methods', 'nodes']) {
      const v = r[name];
      if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) throw new Error(`${at}.${name}: expected an array of strings`);
    }
    if (r.pathPrefix !== undefined && typeof r.pathPrefix !== 'string') throw new Error(`${at}.pathPrefix: expected a string`);
    const known = new Set(['kind', 'rate', 'methods', 'pathPrefix', 'nodes', 'latencyMs', 'chunkBytes', 'chunkDelayMs', 'times']);
    for (const key of Object.keys(r)) if (!known.has(key)) throw new Error(`${at}.${key}: unknown field`);
    return r as unknown as FaultRule;
  });
  return { seed: seed as number | undefined, rules: checked };
}

export class FaultInjector {
  private config: FaultConfig = { rules: [] };
  private random = new SeededRandom(DEFAULT_SEED);
  private fired: number[] = [];
  private readonly firedByKind = new Map<FaultKind, number>();

  /** Replaces the rules (and reseeds). */
  set(config: FaultConfig | FaultRule[]): void {
    const checked = validateFaultConfig(config);
    this.config = { seed: checked.seed ?? DEFAULT_SEED, rules: checked.rules.map((r) => ({ ...r })) };
    this.random = new SeededRandom(this.config.seed!);
    this.fired = this.config.rules.map(() => 0);
  }

  clear(): void {
    this.set({ rules: [] });
    this.firedByKind.clear();
  }

  get(): FaultConfig {
    return { seed: this.config.seed, rules: this.config.rules.map((r) => ({ ...r })) };
  }

  /** How many times each kind fired since the last clear(). */
  stats(): Partial<Record<FaultKind, number>> {
    return Object.fromEntries(this.firedByKind);
  }

  decide(method: string, path: string, node: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, fired: [] };
    this.config.rules.forEach((rule, i) => {
      if (rule.methods && !rule.methods.some((m) => m.toUpperCase() === method.toUpperCase())) return;
      if (!path.startsWith(rule.pathPrefix ?? '/api/')) return;
      if (rule.nodes && !rule.nodes.includes(node)) return;
      if (rule.times !== undefined && this.fired[i]! >= rule.times) return;
      const disruptive = rule.kind !== 'latency' && rule.kind !== 'slowBody';
      if (disruptive && decision.disruption) return;
      // Always draw, so one rule's outcome does not shift another rule's sequence.
      const roll = this.random.next();
      if (roll >= (rule.rate ?? 1)) return;
      this.fired[i]!++;
      this.firedByKind.set(rule.kind, (this.firedByKind.get(rule.kind) ?? 0) + 1);
      decision.fired.push(rule.kind);
      if (rule.kind === 'latency') decision.latencyMs += rule.latencyMs ?? 200;
      else if (rule.kind === 'slowBody') decision.slowBody = { chunkBytes: rule.chunkBytes ?? 16, chunkDelayMs: rule.chunkDelayMs ?? 20 };
      else decision.disruption = rule.kind;
    });
    return decision;
  }
}
