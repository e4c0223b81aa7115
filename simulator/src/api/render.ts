/**
 * Object → XML: member GETs carry every returned field, list items only the summary fields
 * (cms-api.md §1.4). Unset fields are omitted unless the table says the server writes them empty.
 */
import { elementName } from '../model/registry';
import { Database } from '../model/store';
import { DeriveView, Fields, ObjectType, ParamSpec, StoredObject } from '../model/types';
import { XmlElement } from './xml';

export function deriveView(db: Database): DeriveView {
  return {
    children: (typeName, parentId) => db.children(typeName, parentId),
    find: (typeName, predicate) => db.find(typeName, predicate),
  };
}

function returned(param: ParamSpec): boolean {
  return param.access === 'rw' || param.access === 'create' || param.access === 'read';
}

function fieldElements(db: Database, type: ObjectType, object: StoredObject, summaryOnly: boolean): XmlElement[] {
  const view = deriveView(db);
  const out: XmlElement[] = [];
  for (const param of type.params) {
    if (!returned(param) || (summaryOnly && !param.list)) continue;
    const value = param.derive ? param.derive(view, object) : object.fields[param.name];
    if (value !== undefined && value !== '') out.push({ name: elementName(param), text: value });
    else if (param.emptyWhenUnset) out.push({ name: elementName(param) });
  }
  return out;
}

export function memberElement(db: Database, type: ObjectType, object: StoredObject, extra: XmlElement[] = []): XmlElement {
  return { name: type.name, attributes: { id: object.id }, children: [...fieldElements(db, type, object, false), ...extra] };
}

export function listItemElement(db: Database, type: ObjectType, object: StoredObject): XmlElement {
  return { name: type.name, attributes: { id: object.id }, children: fieldElements(db, type, object, true) };
}

export function singletonElement(db: Database, type: ObjectType, fields: Fields, extra: XmlElement[] = []): XmlElement {
  return { name: type.name, children: [...fieldElements(db, type, { id: '', fields }, false), ...extra] };
}

export function listElement(name: string, total: number, items: XmlElement[], extraAttributes: Record<string, string> = {}): XmlElement {
  return { name, attributes: { total: String(total), ...extraAttributes }, children: items };
}
