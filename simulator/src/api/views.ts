/**
 * Read-only sub-views of a member: `/callLegProfiles/<id>/usage` (§2.10) and
 * `/users/<id>/usercoSpaces` (§2.16).
 */
import { Database } from '../model/store';
import { MemberView, ObjectType, StoredObject } from '../model/types';
import { USAGE_GLOBAL_ELEMENT } from '../unverified';
import { XmlElement } from './xml';

export function memberViewElement(db: Database, type: ObjectType, object: StoredObject, view: MemberView): XmlElement {
  switch (view) {
    case 'callLegProfileUsage':
      return usageElement(db, type, object);
    case 'userCoSpaces':
      return userCoSpacesElement(db, object);
  }
}

/** Where an object is referenced: `<global/>` for /system/profiles, then one element per referrer. */
function usageElement(db: Database, type: ObjectType, object: StoredObject): XmlElement {
  const children: XmlElement[] = [];
  for (const { type: referrer, param } of db.registry.referencesTo(type.name)) {
    if (referrer.singleton) {
      if (referrer.singleton === 'cluster' && db.singleton(referrer.name)[param.name] === object.id) {
        children.push({ name: USAGE_GLOBAL_ELEMENT });
      }
      continue;
    }
    for (const o of db.all(referrer.name)) {
      if (o.fields[param.name] === object.id) children.push({ name: referrer.name, attributes: { id: o.id } });
    }
  }
  return { name: `${type.name}Usage`, attributes: { id: object.id, total: String(children.length) }, children };
}

/** The spaces a user is a member of. */
function userCoSpacesElement(db: Database, user: StoredObject): XmlElement {
  const spaces = db
    .all('coSpaceUser')
    .filter((m) => m.fields.userId === user.id && m.parentId)
    .map((m) => m.parentId!);
  const unique = [...new Set(spaces)];
  return {
    name: 'userCoSpaces',
    attributes: { total: String(unique.length) },
    children: unique.map((id) => ({ name: 'userCoSpace', attributes: { id }, children: [{ name: 'coSpaceId', text: id }] })),
  };
}
