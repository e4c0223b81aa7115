/**
 * Which objects point at an object: the basis of `usageFilter`, `/callLegProfiles/<id>/usage`
 * and the policy for deleting referenced objects.
 */
import { Database } from './store';
import { ObjectType } from './types';

/** Is the object referenced by any parameter of any object, or by /system/profiles? */
export function isReferenced(db: Database, type: ObjectType, id: string): boolean {
  for (const { type: referrer, param } of db.registry.referencesTo(type.name)) {
    if (referrer.singleton === 'cluster') {
      if (db.singleton(referrer.name)[param.name] === id) return true;
      continue;
    }
    if (db.find(referrer.name, (o) => o.fields[param.name] === id)) return true;
  }
  return false;
}
