/**
 * The simulated LDAP directory the sync reads: entries with a DN and attributes. One shared
 * directory; an entry may be limited to the ldapServers with a given `address` (so two
 * configured LDAP servers can see different entries), otherwise every server sees it.
 */
import { AttributeLookup, matchesLdapFilter, parseLdapFilter } from './filter';

export interface LdapEntry {
  dn: string;
  attributes: Record<string, string | string[]>;
  /** Only ldapServers whose `address` equals this see the entry; omitted = all servers. */
  server?: string;
}

/** RDNs of a DN, normalised for comparison: trimmed, attribute types and values lower-cased. */
export function normalizeDn(dn: string): string[] {
  const rdns: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn[++i];
    } else if (c === ',' || c === ';') {
      rdns.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current.trim() !== '' || rdns.length > 0) rdns.push(current);
  return rdns.map((rdn) =>
    rdn
      .split('+')
      .map((ava) => {
        const eq = ava.indexOf('=');
        return eq < 0 ? ava.trim().toLowerCase() : `${ava.slice(0, eq).trim().toLowerCase()}=${ava.slice(eq + 1).trim().toLowerCase()}`;
      })
      .join('+'),
  );
}

/** Subtree scope: the entry is the base itself or below it. */
export function isUnderBase(dn: string, baseDn: string): boolean {
  const entry = normalizeDn(dn);
  const base = normalizeDn(baseDn);
  if (base.length > entry.length) return false;
  const offset = entry.length - base.length;
  return base.every((rdn, i) => entry[offset + i] === rdn);
}

export function attributeLookup(entry: LdapEntry): AttributeLookup {
  const byLower = new Map<string, string[]>();
  for (const [name, value] of Object.entries(entry.attributes)) {
    byLower.set(name.toLowerCase(), Array.isArray(value) ? value.map(String) : [String(value)]);
  }
  return (attribute) => {
    if (attribute.toLowerCase() === 'dn' || attribute.toLowerCase() === 'distinguishedname') {
      return byLower.get(attribute.toLowerCase()) ?? [entry.dn];
    }
    return byLower.get(attribute.toLowerCase()) ?? [];
  };
}

export class LdapDirectory {
  private entries: LdapEntry[] = [];

  constructor(entries: LdapEntry[] = []) {
    this.set(entries);
  }

  /** Replaces the directory (checks every entry has a DN and an attributes object). */
  set(entries: LdapEntry[]): void {
    for (const [i, e] of entries.entries()) {
      if (!e || typeof e.dn !== 'string' || e.dn.trim() === '' || typeof e.attributes !== 'object' || e.attributes === null) {
        throw new Error(`directory entry ${i}: needs "dn" (string) and "attributes" (object)`);
      }
    }
    this.entries = entries.map((e) => ({ dn: e.dn, attributes: { ...e.attributes }, ...(e.server ? { server: e.server } : {}) }));
  }

  all(): LdapEntry[] {
    return this.entries.map((e) => ({ ...e, attributes: { ...e.attributes } }));
  }

  /** Entries a server at `serverAddress` returns for a subtree search of `baseDn` with `filter`. */
  search(serverAddress: string, baseDn: string, filter: string): LdapEntry[] {
    const parsed = parseLdapFilter(filter);
    return this.entries.filter(
      (e) =>
        (e.server === undefined || e.server === serverAddress) &&
        isUnderBase(e.dn, baseDn) &&
        matchesLdapFilter(parsed, attributeLookup(e)),
    );
  }
}
