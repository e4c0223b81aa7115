/**
 * Profile inheritance (cms-api.md §1.14): the effective value of a profile reference is the
 * lowest level that sets it: the object, its parent (the space of an access method), the
 * tenant, then /system/profiles.
 */
import { Database } from './store';
import { Fields, ObjectType } from './types';

export const SYSTEM_PROFILES = 'profiles';

export function effectiveReference(db: Database, type: ObjectType, fields: Fields, parentId: string | undefined, param: string): string | undefined {
  const own = fields[param];
  if (own) return own;
  let tenantId: string | undefined = fields.tenant;
  if (type.parent && parentId) {
    const parent = db.get(type.parent, parentId);
    if (parent?.fields[param]) return parent.fields[param];
    tenantId = tenantId || parent?.fields.tenant;
  }
  if (tenantId) {
    const tenant = db.get('tenant', tenantId);
    if (tenant?.fields[param]) return tenant.fields[param];
  }
  return db.singleton(SYSTEM_PROFILES)[param] || undefined;
}
