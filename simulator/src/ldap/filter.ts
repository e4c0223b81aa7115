/**
 * RFC 4515 LDAP search filters: parse `(&(objectClass=person)(|(ou=Sales)(mail=*@example.com)))`
 * and evaluate it against a directory entry. Supports &, |, !, equality, presence (`=*`),
 * substrings (`a*b*c`), `>=`, `<=` and `~=` (as case-insensitive equality), and `\XX` escapes.
 * Attribute names and values compare case-insensitively, as Active Directory does for the
 * string attributes used in imports.
 */

export type LdapFilter =
  | { op: 'and' | 'or'; filters: LdapFilter[] }
  | { op: 'not'; filter: LdapFilter }
  | { op: 'equal' | 'approx' | 'greaterOrEqual' | 'lessOrEqual'; attribute: string; value: string }
  | { op: 'present'; attribute: string }
  | { op: 'substring'; attribute: string; initial?: string; any: string[]; final?: string };

export class LdapFilterError extends Error {
  constructor(message: string, readonly filter: string) {
    super(`invalid LDAP filter ${JSON.stringify(filter)}: ${message}`);
    this.name = 'LdapFilterError';
  }
}

/** Parses a filter; a bare item without parentheses (`cn=Ann`) is accepted too. */
export function parseLdapFilter(text: string): LdapFilter {
  const source = text.trim();
  const input = source.startsWith('(') ? source : `(${source})`;
  let pos = 0;
  const fail = (message: string): never => {
    throw new LdapFilterError(`${message} at offset ${pos}`, text);
  };

  const parseFilter = (): LdapFilter => {
    while (input[pos] === ' ') pos++;
    if (input[pos] !== '(') fail("expected '('");
    pos++;
    let result: LdapFilter;
    const c = input[pos];
    if (c === '&' || c === '|') {
      pos++;
      const filters: LdapFilter[] = [];
      while (true) {
        while (input[pos] === ' ') pos++;
        if (input[pos] !== '(') break;
        filters.push(parseFilter());
      }
      if (filters.length === 0) fail(`'${c}' needs at least one filter`);
      result = { op: c === '&' ? 'and' : 'or', filters };
    } else if (c === '!') {
      pos++;
      result = { op: 'not', filter: parseFilter() };
    } else {
      result = parseItem();
    }
    while (input[pos] === ' ') pos++;
    if (input[pos] !== ')') fail("expected ')'");
    pos++;
    return result;
  };

  const parseItem = (): LdapFilter => {
    const start = pos;
    while (pos < input.length && !'=~<>()'.includes(input[pos]!)) pos++;
    const attribute = input.slice(start, pos).trim();
    if (!/^[A-Za-z][A-Za-z0-9-]*$|^[0-9]+(\.[0-9]+)*$/.test(attribute)) fail(`bad attribute name '${attribute}'`);
    let op: 'equal' | 'approx' | 'greaterOrEqual' | 'lessOrEqual';
    if (input.startsWith('~=', pos)) op = 'approx';
    else if (input.startsWith('>=', pos)) op = 'greaterOrEqual';
    else if (input.startsWith('<=', pos)) op = 'lessOrEqual';
    else if (input[pos] === '=') op = 'equal';
    else return fail('expected a comparison (=, ~=, >=, <=)');
    pos += op === 'equal' ? 1 : 2;
    const valueStart = pos;
    while (pos < input.length && input[pos] !== ')') {
      if (input[pos] === '(') fail("unescaped '(' in value");
      pos++;
    }
    const raw = input.slice(valueStart, pos);
    if (op !== 'equal') return { op, attribute, value: unescape(raw) };
    if (raw === '*') return { op: 'present', attribute };
    if (!raw.includes('*')) return { op: 'equal', attribute, value: unescape(raw) };
    const parts = raw.split('*');
    const initial = parts[0] !== '' ? unescape(parts[0]!) : undefined;
    const last = parts[parts.length - 1]!;
    const final = last !== '' ? unescape(last) : undefined;
    const any = parts.slice(1, -1).filter((s) => s !== '').map(unescape);
    return { op: 'substring', attribute, initial, any, final };
  };

  const unescape = (value: string): string =>
    value.replace(/\\([0-9A-Fa-f]{2})|\\(.)/g, (_m, hex: string | undefined, ch: string | undefined) => {
      if (hex) return String.fromCharCode(parseInt(hex, 16));
      return ch!; // RFC 2254 style `\*`, accepted leniently
    });

  const filter = parseFilter();
  while (input[pos] === ' ') pos++;
  if (pos !== input.length) fail('unexpected text after the filter');
  return filter;
}

/** Attribute values of an entry, looked up case-insensitively. */
export type AttributeLookup = (attribute: string) => string[];

export function matchesLdapFilter(filter: LdapFilter, values: AttributeLookup): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matchesLdapFilter(f, values));
    case 'or':
      return filter.filters.some((f) => matchesLdapFilter(f, values));
    case 'not':
      return !matchesLdapFilter(filter.filter, values);
    case 'present':
      // Every LDAP entry has an objectClass, whether or not a test directory lists it.
      return filter.attribute.toLowerCase() === 'objectclass' || values(filter.attribute).length > 0;
    case 'equal':
    case 'approx':
      return values(filter.attribute).some((v) => v.toLowerCase() === filter.value.toLowerCase());
    case 'greaterOrEqual':
    case 'lessOrEqual': {
      const sign = filter.op === 'greaterOrEqual' ? 1 : -1;
      return values(filter.attribute).some((v) => sign * compareValues(v, filter.value) >= 0);
    }
    case 'substring':
      return values(filter.attribute).some((v) => matchesSubstring(v.toLowerCase(), filter));
  }
}

function compareValues(a: string, b: string): number {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return Number(a) - Number(b);
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}

function matchesSubstring(value: string, f: { initial?: string; any: string[]; final?: string }): boolean {
  let pos = 0;
  if (f.initial !== undefined) {
    if (!value.startsWith(f.initial.toLowerCase())) return false;
    pos = f.initial.length;
  }
  for (const part of f.any) {
    const at = value.indexOf(part.toLowerCase(), pos);
    if (at < 0) return false;
    pos = at + part.length;
  }
  if (f.final !== undefined) {
    const fin = f.final.toLowerCase();
    return value.length - fin.length >= pos && value.endsWith(fin);
  }
  return true;
}
