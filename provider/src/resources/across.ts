/**
 * Rules across the instances of a configuration (a definition's `across`): unique keys (also
 * across types, through a named namespace), singletons, counts, one value shared by every
 * instance, a limit on distinct values.
 *
 * Terraform plans every resource of one provider configuration in one provider process, so the
 * provider keeps, per process, what each planned instance claims, and refuses a conflicting
 * claim in PlanResourceChange, before anything reaches the server. A plan call identifies its
 * instance by the prior state's id, or by a token the provider put in the planned private data of
 * an earlier call (Terraform hands it back when it plans a replacement's create), so an instance
 * planned again (a replacement, the re-plan at apply) replaces its own claims and is never
 * refused against itself. Values not known yet are not claimed. Messages repeat no configured
 * value (it might be a secret passed by mistake), except booleans and values of an enumeration.
 */
import { randomUUID } from 'node:crypto';
import type { CtyObject, CtyValue, Diagnostic } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { AcrossRule, AttributeDefinition, Definition, Scalar } from './definition';

/** The key private data carries the plan-instance token under. */
const PRIVATE_KEY = 'planInstance';

type Private = Record<string, unknown>;

function readPrivate(data: Buffer | undefined): Private {
  if (!data || data.length === 0) return {};
  try {
    const parsed = JSON.parse(data.toString('utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Private) : {};
  } catch {
    return {};
  }
}

function writePrivate(p: Private): Buffer | undefined {
  return Object.keys(p).length ? Buffer.from(JSON.stringify(p), 'utf8') : undefined;
}

/**
 * Who a plan call is for, and the planned private data that lets a later call for the same
 * instance say so.
 */
export function planInstance(prior: CtyObject | null, priorPrivate: Buffer | undefined): { instance: string; plannedPrivate: Buffer | undefined } {
  const data = readPrivate(priorPrivate);
  const id = prior?.id;
  const carried = typeof data[PRIVATE_KEY] === 'string' ? (data[PRIVATE_KEY] as string) : undefined;
  const instance = typeof id === 'string' && id !== '' ? `id:${id}` : (carried ?? `new:${randomUUID()}`);
  return { instance, plannedPrivate: writePrivate({ ...data, [PRIVATE_KEY]: instance }) };
}

/** Private data to store in state: the plan-instance token is for planning only. */
export function withoutPlanInstance(data: Buffer | undefined): Buffer | undefined {
  if (!data || data.length === 0) return data;
  const p = readPrivate(data);
  if (!(PRIVATE_KEY in p)) return data;
  delete p[PRIVATE_KEY];
  return writePrivate(p);
}

// ---------------------------------------------------------------------------------------------

interface Claim {
  instance: string;
  typeName: string;
  /** The other instance's id when it exists on the server, for messages. */
  id?: string;
  value: string;
  /** The value, when it is safe to show (a boolean or a value of an enumeration). */
  shown?: string;
}

function known(v: CtyValue | undefined): v is Scalar {
  return v !== null && v !== undefined && !isUnknown(v) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint');
}

/** A value that cannot be a secret passed by mistake, as it may be shown. */
function showable(attr: AttributeDefinition | undefined, v: Scalar): string | undefined {
  if (typeof v === 'boolean') return String(v);
  if (attr?.enum && typeof v === 'string' && attr.enum.includes(v)) return JSON.stringify(v);
  return undefined;
}

function norm(v: Scalar, ignoreCase: boolean | undefined): string {
  const text = String(v);
  return ignoreCase ? text.toLowerCase() : text;
}

function ruleKey(def: Definition, rule: AcrossRule, index: number): string {
  return rule.kind === 'unique' && rule.namespace ? `namespace:${rule.namespace}` : `${def.typeName}#${index}`;
}

function otherOne(c: Claim): string {
  return c.id ? `another ${c.typeName} (id ${c.id})` : `another ${c.typeName}`;
}

/**
 * The claims under one rule key, indexed by value, so that checking an instance costs the same
 * whatever the number of instances planned before it. Instances keep the order in which they
 * first claimed (as a Map keeps its keys), which decides which other instance a message names.
 */
class KeyClaims {
  private next = 0;
  private readonly slots = new Map<string, { seq: number; claims: Claim[] }>();
  /** value -> instance -> that instance's first claim of the value */
  private readonly byValue = new Map<string, Map<string, Claim>>();
  /** Instances with at least one claim. */
  private claiming = 0;

  set(instance: string, claims: Claim[]): void {
    const old = this.slots.get(instance);
    if (old) {
      for (const c of old.claims) {
        const m = this.byValue.get(c.value);
        m?.delete(instance);
        if (m?.size === 0) this.byValue.delete(c.value);
      }
      if (old.claims.length) this.claiming--;
    }
    this.slots.set(instance, { seq: old ? old.seq : this.next++, claims });
    for (const c of claims) {
      let m = this.byValue.get(c.value);
      if (!m) this.byValue.set(c.value, (m = new Map()));
      if (!m.has(instance)) m.set(instance, c);
    }
    if (claims.length) this.claiming++;
  }

  /** The first other instance's claim of `value` (or, with `differing`, of any other value). */
  first(value: string, except: string, differing = false): Claim | undefined {
    let best: Claim | undefined;
    let bestSeq = Infinity;
    const consider = (m: Map<string, Claim>): void => {
      for (const [instance, c] of m) {
        if (instance === except) continue;
        const seq = this.slots.get(instance)!.seq;
        if (seq < bestSeq) (best = c), (bestSeq = seq);
      }
    };
    if (!differing) {
      const m = this.byValue.get(value);
      if (m) consider(m);
    } else {
      for (const [v, m] of this.byValue) if (v !== value) consider(m);
    }
    return best;
  }

  /** How many other instances claim anything. */
  othersClaiming(except: string): number {
    return this.claiming - (this.slots.get(except)?.claims.length ? 1 : 0);
  }

  /** The values other instances claim. */
  otherValues(except: string): Set<string> {
    const out = new Set<string>();
    for (const [v, m] of this.byValue) if (m.size > 1 || !m.has(except)) out.add(v);
    return out;
  }
}

/** Claims of the planned instances of one provider process. */
export class PlanRegistry {
  private readonly claims = new Map<string, KeyClaims>();

  /** Forgets everything: a provider configured again starts a new plan or apply walk. */
  clear(): void {
    this.claims.clear();
  }

  /**
   * Checks the instance's configuration against the claims of the other instances, and records
   * its own claims (replacing those of an earlier plan of the same instance) when it is accepted.
   */
  plan(def: Definition, instance: string, config: CtyObject | null, priorId?: string): Diagnostic[] {
    if (config === null) return [];
    const out: Diagnostic[] = [];
    const accepted = new Map<string, Claim[]>();
    (def.across ?? []).forEach((rule, index) => {
      const key = ruleKey(def, rule, index);
      const mine = this.claimsOf(def, rule, instance, config, priorId);
      const problems = this.check(def, rule, instance, mine, this.claims.get(key) ?? new KeyClaims());
      out.push(...problems);
      if (!problems.some((d) => d.severity === 'error')) accepted.set(key, [...(accepted.get(key) ?? []), ...mine]);
    });
    for (const [key, mine] of accepted) {
      let byKey = this.claims.get(key);
      if (!byKey) this.claims.set(key, (byKey = new KeyClaims()));
      byKey.set(instance, mine);
    }
    return out;
  }

  private claimsOf(def: Definition, rule: AcrossRule, instance: string, config: CtyObject, priorId?: string): Claim[] {
    const base = { instance, typeName: def.typeName, ...(priorId ? { id: priorId } : {}) };
    switch (rule.kind) {
      case 'unique': {
        const values = rule.attributes.map((a) => config[a]);
        if (!values.every(known)) return [];
        return [{ ...base, value: JSON.stringify(values.map((v) => norm(v as Scalar, rule.ignoreCase))) }];
      }
      case 'singleton': {
        const values = (rule.per ?? []).map((a) => config[a]);
        if (!values.every(known)) return [];
        return [{ ...base, value: JSON.stringify(values.map(String)) }];
      }
      case 'count':
        return [{ ...base, value: '' }];
      case 'same':
      case 'distinct': {
        const attr = def.attributes[rule.attribute];
        const raw = config[rule.attribute];
        if (isUnknown(raw)) return [];
        const v = raw === null || raw === undefined ? attr?.serverDefault : raw;
        if (!known(v)) return [];
        return [{ ...base, value: norm(v, rule.kind === 'distinct' ? rule.ignoreCase : false), shown: showable(attr, v) }];
      }
    }
  }

  private check(def: Definition, rule: AcrossRule, instance: string, mine: Claim[], others: KeyClaims): Diagnostic[] {
    const t = def.typeName;
    const say = (detail: string, attribute?: string, severity: 'error' | 'warning' = 'error'): Diagnostic => ({
      severity,
      summary: `${rule.id}: ${severity === 'error' ? 'refused' : 'warning'} for ${t}`,
      detail: `${rule.id}: ${detail} ${rule.message}`,
      ...(attribute ? { attribute: [attribute] } : {}),
    });
    switch (rule.kind) {
      case 'unique': {
        const clash = mine.length ? others.first(mine[0].value, instance) : undefined;
        if (!clash) return [];
        const attrs = rule.attributes.map((a) => `${t}.${a}`).join(' and ');
        return [say(`${attrs} ${rule.attributes.length > 1 ? 'are' : 'is'} the same as in ${otherOne(clash)} of this configuration.`, rule.attributes[0])];
      }
      case 'singleton': {
        const clash = mine.length ? others.first(mine[0].value, instance) : undefined;
        if (!clash) return [];
        const per = rule.per?.length ? ` for the same ${rule.per.join(' and ')}` : '';
        return [say(`${t} is declared more than once${per} in this configuration (${otherOne(clash)} is planned too).`, rule.per?.[0])];
      }
      case 'count': {
        const count = others.othersClaiming(instance) + 1;
        if (count <= rule.maximum) return [];
        // A warning is given once, by the instance that goes over the limit.
        if ((rule.severity ?? 'error') === 'warning' && count !== rule.maximum + 1) return [];
        return [say(`this configuration declares ${count} ${t}, more than ${rule.maximum}.`, undefined, rule.severity ?? 'error')];
      }
      case 'same': {
        const differ = mine.length ? others.first(mine[0].value, instance, true) : undefined;
        if (!differ) return [];
        const there = differ.shown !== undefined ? ` (${differ.shown} there${mine[0].shown !== undefined ? `, ${mine[0].shown} here` : ''})` : '';
        return [say(`${t}.${rule.attribute} differs from ${otherOne(differ)} of this configuration${there}.`, rule.attribute)];
      }
      case 'distinct': {
        if (!mine.length) return [];
        const before = others.otherValues(instance);
        const distinct = new Set([...before, mine[0].value]);
        if (distinct.size <= rule.maximum) return [];
        if ((rule.severity ?? 'error') === 'warning' && (before.size > rule.maximum || before.has(mine[0].value))) return [];
        return [say(`the ${t} of this configuration name ${distinct.size} different ${rule.attribute}, more than ${rule.maximum}.`, rule.attribute, rule.severity ?? 'error')];
      }
    }
  }
}
