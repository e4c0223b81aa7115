/**
 * Just enough of LDAP filters (RFC 4515) and distinguished names to compose import filters and to
 * tell when two imports can pick up the same user. The overlap test is conservative: it answers
 * "disjoint" only when one filter requires an assertion the other excludes.
 */

/** A parsed filter. */
type Filter =
  | { readonly op: 'and' | 'or'; readonly items: Filter[] }
  | { readonly op: 'not'; readonly item: Filter }
  | { readonly op: 'eq'; readonly attr: string; readonly value: string }
  | { readonly op: 'other' };

/** Attributes that commonly hold several values: two different values do not exclude each other. */
const MULTI_VALUED = new Set(['memberof', 'objectclass', 'member', 'uniquemember', 'proxyaddresses', 'othermailbox', 'othertelephone', 'ou']);

/** Wraps a filter in parentheses when it is written without them (`cn=x` → `(cn=x)`). */
export function parenthesize(filter: string): string {
  const f = filter.trim();
  return f.startsWith('(') ? f : `(${f})`;
}

/** The filter matching entries every given filter matches; undefined when none is given. */
export function andFilters(filters: readonly (string | undefined)[]): string | undefined {
  const parts = filters.filter((f): f is string => f !== undefined && f.trim() !== '').map(parenthesize);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `(&${parts.join('')})`;
}

/** The filter matching entries the given filter does not match. */
export function notFilter(filter: string): string {
  return `(!${parenthesize(filter)})`;
}

function parse(text: string): Filter | undefined {
  let i = 0;
  const s = text.trim();
  function item(): Filter {
    if (s[i] !== '(') throw new Error('expected (');
    i++;
    let f: Filter;
    const c = s[i];
    if (c === '&' || c === '|') {
      i++;
      const items: Filter[] = [];
      while (s[i] === '(') items.push(item());
      f = { op: c === '&' ? 'and' : 'or', items };
    } else if (c === '!') {
      i++;
      f = { op: 'not', item: item() };
    } else {
      const end = s.indexOf(')', i);
      if (end < 0) throw new Error('expected )');
      const body = s.slice(i, end);
      i = end;
      const m = /^([A-Za-z][\w-]*(?:;[\w-]+)*)=(.*)$/.exec(body);
      // An equality without wildcards is the only assertion compared; ~=, >=, <= and substrings are not.
      f = m && !m[2].includes('*') && !/[~<>:]$/.test(m[1]) ? { op: 'eq', attr: m[1].toLowerCase(), value: m[2].toLowerCase() } : { op: 'other' };
    }
    if (s[i] !== ')') throw new Error('expected )');
    i++;
    return f;
  }
  try {
    const f = item();
    return i === s.length ? f : undefined;
  } catch {
    return undefined;
  }
}

interface Assertion {
  readonly attr: string;
  readonly value: string;
  readonly negated: boolean;
}

/** Assertions every entry the filter matches satisfies (the conjuncts at the top). */
function required(f: Filter | undefined): Assertion[] {
  if (!f) return [];
  switch (f.op) {
    case 'eq':
      return [{ attr: f.attr, value: f.value, negated: false }];
    case 'not':
      return f.item.op === 'eq' ? [{ attr: f.item.attr, value: f.item.value, negated: true }] : [];
    case 'and':
      return f.items.flatMap(required);
    default:
      return [];
  }
}

function contradicts(a: Assertion, b: Assertion): boolean {
  if (a.attr !== b.attr) return false;
  if (a.negated !== b.negated) return a.value === b.value;
  return !a.negated && a.value !== b.value && !MULTI_VALUED.has(a.attr);
}

/**
 * Whether some entry could match both filters (undefined = every entry). A filter that does not
 * parse is taken to match anything.
 */
export function mayOverlap(a: string | undefined, b: string | undefined): boolean {
  const ra = required(a === undefined ? undefined : parse(parenthesize(a)));
  const rb = required(b === undefined ? undefined : parse(parenthesize(b)));
  return !ra.some((x) => rb.some((y) => contradicts(x, y)));
}

/** Whether the filter parses as RFC 4515 (as far as this module reads it). */
export function isWellFormedFilter(filter: string): boolean {
  return parse(parenthesize(filter)) !== undefined;
}

/** A DN as a list of RDNs, lower-cased and without spaces around `=` and `,`. */
export function normalizeDn(dn: string): string[] {
  return dn
    .split(/(?<!\\),/)
    .map((rdn) => rdn.split('=').map((p) => p.trim()).join('=').toLowerCase())
    .filter((rdn) => rdn !== '');
}

/** Whether the subtree at `outer` contains the one at `inner` (equal DNs contain each other). */
export function dnContains(outer: readonly string[], inner: readonly string[]): boolean {
  if (outer.length > inner.length) return false;
  const tail = inner.slice(inner.length - outer.length);
  return tail.every((rdn, k) => rdn === outer[k]);
}
