/**
 * ldapMapping templates (cms-api.md §2.13): `$attr$` is replaced by the entry's first value of
 * that attribute, e.g. `$sAMAccountName$@example.com`.
 */
import { MISSING_ATTRIBUTE_VALUE } from '../unverified';
import { AttributeLookup } from './filter';

export function applyTemplate(template: string | undefined, values: AttributeLookup): string {
  if (!template) return '';
  return template.replace(/\$([A-Za-z0-9][A-Za-z0-9_.;-]*)\$/g, (_m, attribute: string) => values(attribute)[0] ?? MISSING_ATTRIBUTE_VALUE);
}
