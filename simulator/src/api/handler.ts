/**
 * The `/api/v1` request handler: routes a request to the object tables and answers the way
 * the Meeting Server does (XML bodies, `Location` on create, empty 200 on PUT/DELETE,
 * `<failureDetails>` on failure). Transport-free, so the HTTP layer, faults and logging wrap it.
 */
import { Database } from '../model/store';
import { ObjectType, ParamChanges, StoredObject } from '../model/types';
import { parseChanges } from '../model/validate';
import { STATUS_UNKNOWN_ID_IN_PATH, UNSUPPORTED_METHOD_STATUS } from '../unverified';
import { ApiFailure, unknownPath } from './failures';
import { parseForm } from './form';
import { listPage } from './listing';
import { ApiMethod, collectionMethods, memberMethods } from './methods';
import { NodeSingletonStore, ObjectEngine } from './objects';
import { listElement, listItemElement, memberElement, singletonElement } from './render';
import { Ancestor, ApiRoute, ApiRouter, NodeView } from './router';
import { memberViewElement } from './views';
import { textElement, writeDocument, XmlElement } from './xml';

export interface ApiRequest {
  method: string;
  /** Decoded path segments after `/api/v1`. */
  segments: string[];
  query: URLSearchParams;
  body: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The collection the request addressed (`coSpaces`, `accessMethods`), for the request log. */
  collection?: string;
  /** True when the request changed stored state. */
  wrote?: boolean;
}

/** A POST that starts a job (ldapSyncs) rather than creating configuration. */
export interface JobRunner {
  submit(changes: ParamChanges): StoredObject;
  cancel(object: StoredObject): void;
  extraElements(object: StoredObject): XmlElement[];
}

/** What the handler needs from the node it runs on. */
export interface NodeEnvironment extends NodeSingletonStore {
  /** Throws databaseNotReady when this node cannot write (no reachable database primary). */
  assertWritable(): void;
  renderView(view: NodeView): XmlElement;
}

export interface ApiEnvironment {
  db: Database;
  engine: ObjectEngine;
  router: ApiRouter;
  node: NodeEnvironment;
  lenientCasing: boolean;
  pageCap(collection: string): number;
  jobs: Readonly<Record<string, JobRunner>>;
  /**
   * Elements a newer Meeting Server writes that the tables do not know, by table name: added to
   * every member (and singleton) GET of that type, as such a server would answer.
   */
  unknownElements?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function unknownElements(env: ApiEnvironment, type: ObjectType): XmlElement[] {
  return Object.entries(env.unknownElements?.[type.name] ?? {}).map(([name, value]) => textElement(name, value));
}

const API_PREFIX = '/api/v1/';

function xml(root: XmlElement, collection?: string): ApiResponse {
  return { status: 200, headers: { 'Content-Type': 'text/xml' }, body: writeDocument(root), collection };
}

function ok(collection: string | undefined, extraHeaders: Record<string, string> = {}): ApiResponse {
  return { status: 200, headers: extraHeaders, body: '', collection, wrote: true };
}

function refused(): ApiFailure {
  return new ApiFailure(UNSUPPORTED_METHOD_STATUS, 'invalidOperation');
}

export function failureResponse(failure: ApiFailure, collection?: string): ApiResponse {
  return { status: failure.status, headers: { 'Content-Type': 'text/xml' }, body: failure.toXml(), collection };
}

export function handleApiRequest(env: ApiEnvironment, req: ApiRequest): ApiResponse {
  let collection: string | undefined;
  try {
    const route = env.router.resolve(req.segments);
    if (!route) throw unknownPath();
    collection = routeCollection(env, route);
    return dispatch(env, req, route, collection);
  } catch (err) {
    if (err instanceof ApiFailure) return failureResponse(err, collection);
    throw err;
  }
}

function routeCollection(env: ApiEnvironment, route: ApiRoute): string {
  if (route.kind === 'nodeView') return `system/${route.view}`;
  if (route.kind === 'singleton') return route.type.path;
  return env.db.registry.collectionName(route.type);
}

function memberPath(type: ObjectType, id: string, parent: Ancestor | undefined): string {
  return parent ? `${API_PREFIX}${parent.type.path}/${parent.id}/${type.path}/${id}` : `${API_PREFIX}${type.path}/${id}`;
}

function dispatch(env: ApiEnvironment, req: ApiRequest, route: ApiRoute, collection: string): ApiResponse {
  const { db, engine } = env;
  const method = req.method.toUpperCase();
  const changes = (mode: 'create' | 'update', type: ObjectType) =>
    parseChanges(type, parseForm(req.body), { mode, lenientCasing: env.lenientCasing });

  switch (route.kind) {
    case 'nodeView':
      if (method !== 'GET') throw refused();
      return xml(env.node.renderView(route.view), collection);

    case 'singleton': {
      const type = route.type;
      if (!collectionMethods(type).includes(method as ApiMethod)) throw refused();
      if (method === 'GET') return xml(singletonElement(db, type, engine.readSingleton(type, env.node), unknownElements(env, type)), collection);
      // PUT, or a POST where the reference documents one: both change the settings.
      const parsed = changes('update', type);
      if (type.singleton === 'cluster') env.node.assertWritable();
      engine.updateSingleton(type, env.node, parsed);
      return ok(collection);
    }

    case 'collection': {
      const type = route.type;
      const parentId = checkParent(db, route.parent);
      if (method === 'GET') {
        const all = parentId ? db.children(type.name, parentId) : db.all(type.name);
        const page = listPage(db, type, all, req.query, env.pageCap(collection));
        const extra: Record<string, string> = type.maximum ? { maximum: String(type.maximum.count) } : {};
        return xml(listElement(collection, page.total, page.items.map((o) => listItemElement(db, type, o)), extra), collection);
      }
      if (!collectionMethods(type).includes(method as ApiMethod)) throw refused();
      // POST creates; so does PUT on the collections the reference says it creates on.
      const parsed = changes('create', type);
      env.node.assertWritable();
      const created = type.job ? env.jobs[type.job]!.submit(parsed) : engine.create(type, parentId, parsed);
      return ok(collection, { Location: memberPath(type, created.id, route.parent) });
    }

    case 'member': {
      const type = route.type;
      const parentId = checkParent(db, route.parent);
      const object = findMember(db, type, route.id, parentId);
      if (method === 'GET') {
        const extra = type.job ? env.jobs[type.job]!.extraElements(object) : [];
        return xml(memberElement(db, type, object, [...extra, ...unknownElements(env, type)]), collection);
      }
      if (!memberMethods(type).includes(method as ApiMethod)) throw refused();
      if (method === 'PUT') {
        const parsed = changes('update', type);
        env.node.assertWritable();
        engine.update(type, object, parsed);
        return ok(collection);
      }
      if (method === 'DELETE') {
        env.node.assertWritable();
        if (type.job) env.jobs[type.job]!.cancel(object);
        else engine.remove(type, object);
        return ok(collection);
      }
      throw refused();
    }

    case 'memberView': {
      const parentId = checkParent(db, route.parent);
      const object = findMember(db, route.type, route.id, parentId);
      if (method !== 'GET') throw refused();
      return xml(memberViewElement(db, route.type, object, route.view), collection);
    }
  }
}

function checkParent(db: Database, parent: Ancestor | undefined): string | undefined {
  if (!parent) return undefined;
  if (!db.get(parent.type.name, parent.id)) throw new ApiFailure(STATUS_UNKNOWN_ID_IN_PATH, parent.type.notFound);
  return parent.id;
}

function findMember(db: Database, type: ObjectType, id: string, parentId: string | undefined): StoredObject {
  const object = db.get(type.name, id);
  if (!object || object.parentId !== parentId) throw new ApiFailure(STATUS_UNKNOWN_ID_IN_PATH, type.notFound);
  return object;
}
