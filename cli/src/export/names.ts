/**
 * Terraform names for exported objects: made from what the object calls itself (its name, or
 * its natural key), so they read well and stay the same from one export to the next; unique
 * within a type; valid identifiers.
 */

/** Longest name kept: names are typed and read in plans, and the tail rarely tells objects apart. */
const MAX_LENGTH = 48;

/** A Terraform identifier from any text: lower case, words joined by `_`, starting with a letter. */
export function identifier(text: string, fallback: string, maxLength = MAX_LENGTH): string {
  // A bare wildcard (a catch-all dial plan pattern) reads as "any".
  let s = (/^[*.\s]+$/.test(text) ? 'any' : text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s.length > maxLength) s = s.slice(0, maxLength).replace(/_+$/, '');
  if (s === '') return fallback;
  return /^[a-z]/.test(s) ? s : `${fallback}_${s}`;
}

/**
 * Gives each wanted name a unique one: the first holder (in the given order) keeps it, the next
 * ones get `_2`, `_3`... Callers order the objects by something stable (their label, then id).
 */
export class NameRegistry {
  private readonly used = new Set<string>();

  claim(wanted: string): string {
    if (!this.used.has(wanted)) {
      this.used.add(wanted);
      return wanted;
    }
    for (let n = 2; ; n++) {
      const candidate = `${wanted}_${n}`;
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return candidate;
      }
    }
  }
}

/** The short name of a resource type: `cms_call_leg_profile` → `call_leg_profile`. */
export function shortType(typeName: string): string {
  return typeName.replace(/^cms_/, '');
}
