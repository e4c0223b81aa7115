/**
 * Create, read, update, delete and import for stored objects (collections, child collections and
 * singletons), driven entirely by the definition.
 */
import { CmsNotFoundError, UnknownOutcomeError } from '../cms/errors';
import type { CtyObject, CtyValue } from '../plugin/types';
import type { CmsApi } from './api';
import type { Definition } from './definition';
import { apiOf, isSensitive, isSent } from './definition';
import { parseImportId } from './import-id';
import { collectionPath, memberPath, singletonId } from './locator';
import type { Wanted } from './lookup';
import { describeWanted, findMatching } from './lookup';
import { changedParams, createParams, fullParams, planMismatches, secretParams, stateFromObject } from './mapping';
import type { SecretToSend } from './secret-forms';
import { asAttrValue } from './values';
import { isUnknown } from '../plugin/types';

/** A problem the user must act on, with the attribute it concerns when there is one. */
export class OperationError extends Error {
  constructor(
    message: string,
    readonly attribute?: string,
    readonly summary?: string,
  ) {
    super(message);
  }
}

/** How many times a create whose outcome stayed unknown is looked up and tried again. */
const CREATE_ATTEMPTS = 3;

/** Creates of `adoptNewId` types run one at a time per type, so "the new object" is unambiguous. */
const createQueues = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = createQueues.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  createQueues.set(key, run.catch(() => undefined));
  return run;
}

function nullState(def: Definition, id: string, parents: Record<string, string>): CtyObject {
  const state: CtyObject = { id };
  for (const name of Object.keys(def.attributes)) state[name] = parents[name] ?? null;
  return state;
}

/** Values that identify the planned object: its natural key, or else everything configured. */
function identifyingValues(def: Definition, planned: CtyObject, keyOnly: boolean): Wanted {
  const names = keyOnly && def.naturalKey ? def.naturalKey : Object.keys(def.attributes);
  const wanted: Wanted = {};
  for (const name of names) {
    const attr = def.attributes[name];
    const v = planned[name];
    if (!attr || attr.secret || !isSent(attr) || v === null || v === undefined || isUnknown(v)) continue;
    wanted[name] = asAttrValue(v);
  }
  return wanted;
}

/**
 * What the provider does with a resource type, whatever its kind. `secrets` are the secret values
 * this apply sends (secret-forms.ts decides which); they never go into the returned state.
 */
export interface ResourceOperations {
  read(state: CtyObject): Promise<CtyObject | null>;
  create(planned: CtyObject, secrets?: readonly SecretToSend[]): Promise<CtyObject>;
  update(prior: CtyObject, planned: CtyObject, secrets?: readonly SecretToSend[]): Promise<CtyObject>;
  /** `privateState`: the resource's private state (what its lifecycle kept at plan and apply). */
  delete(prior: CtyObject, privateState?: Buffer): Promise<void>;
  importState(importId: string): Promise<CtyObject>;
}

export class StoredObjectOperations implements ResourceOperations {
  constructor(
    private readonly def: Definition,
    private readonly api: CmsApi,
  ) {}

  private idOf(state: CtyObject): string {
    return this.def.kind === 'singleton' ? singletonId(this.def) : String(state.id);
  }

  /** The object as it is now, or null when it no longer exists (Terraform then plans a create). */
  async read(state: CtyObject): Promise<CtyObject | null> {
    try {
      const obj = await this.api.get(memberPath(this.def, state));
      return stateFromObject(this.def, obj, state, this.idOf(state));
    } catch (err) {
      if (err instanceof CmsNotFoundError) return null;
      throw err;
    }
  }

  async create(planned: CtyObject, secrets: readonly SecretToSend[] = []): Promise<CtyObject> {
    if (this.def.kind === 'singleton') {
      // A singleton always exists: "creating" it means making it equal the plan, unset values included.
      await this.api.update(apiOf(this.def).path, { ...fullParams(this.def, planned), ...secretParams(secrets) });
      return this.readBack(planned, singletonId(this.def));
    }
    // A known id in a create plan is an existing object the plan adopts (see adoption.ts).
    const adopted = typeof planned.id === 'string' && planned.id !== '' ? planned.id : undefined;
    const id = adopted ?? (await this.post(planned, secrets));
    if (adopted) await this.adopt(planned, adopted, secrets);
    try {
      return await this.readBack(planned, id);
    } catch (err) {
      if (err instanceof PartialStateError) throw err;
      throw new CreatedObjectError(this.def, id, err, partialState(this.def, planned, id));
    }
  }

  /**
   * Makes an existing object equal the plan, as a create would have made it: it is read, and only
   * what differs is sent (so parameters this server does not know are never named), with the
   * configured secrets (which cannot be read back).
   */
  private async adopt(planned: CtyObject, id: string, secrets: readonly SecretToSend[]): Promise<void> {
    const path = memberPath(this.def, planned, id);
    try {
      const current = stateFromObject(this.def, await this.api.get(path), planned, id);
      const params = { ...changedParams(this.def, current, planned), ...secretParams(secrets) };
      if (Object.keys(params).length > 0) await this.api.update(path, params);
    } catch (err) {
      if (err instanceof CmsNotFoundError) {
        throw new OperationError(`The plan adopted ${this.def.typeName} ${id}, but it no longer exists on the Meeting Server. Plan again: the new plan creates it.`);
      }
      throw err;
    }
  }

  async update(prior: CtyObject, planned: CtyObject, secrets: readonly SecretToSend[] = []): Promise<CtyObject> {
    const params = { ...changedParams(this.def, prior, planned), ...secretParams(secrets) };
    const id = this.idOf(prior);
    if (Object.keys(params).length > 0) await this.api.update(memberPath(this.def, prior), params);
    return this.readBack({ ...planned, id }, id);
  }

  async delete(prior: CtyObject): Promise<void> {
    if (this.def.flags?.resetOnDelete) {
      const unset: CtyObject = {};
      await this.api.update(memberPath(this.def, prior), fullParams(this.def, unset));
      return;
    }
    if (this.def.flags?.refuseDeleteWhenReferenced) await this.refuseIfReferenced(prior);
    try {
      await this.api.delete(memberPath(this.def, prior));
    } catch (err) {
      if (!(err instanceof CmsNotFoundError)) throw err; // already gone is what destroy wants
    }
  }

  /** Objects outside the configuration may still use this one; deleting it would leave them dangling. */
  private async refuseIfReferenced(prior: CtyObject): Promise<void> {
    const id = String(prior.id);
    for await (const item of this.api.list(collectionPath(this.def, prior), { query: { usageFilter: 'referenced' } })) {
      if (item.id === id) {
        throw new OperationError(
          `${this.def.typeName} ${id} is still used by other objects (the API lists it as referenced), so it was not deleted. ` +
            'Remove the references first (spaces, tenants, templates or the system profiles that use it), or bring those objects into the configuration so Terraform deletes them in order.',
        );
      }
    }
  }

  /** State to hand Terraform for an import id; Terraform reads the object right after. */
  async importState(importId: string): Promise<CtyObject> {
    if (this.def.kind === 'singleton') return nullState(this.def, singletonId(this.def), {});
    const parsed = parseImportId(this.def, importId);
    if (parsed.by === 'id') {
      const state = nullState(this.def, parsed.id, parsed.parents);
      if (this.def.flags?.skipAutoGenerated) await this.refuseAutoGenerated(state);
      return state;
    }
    const found = await findMatching(this.api, this.def, parsed.parents, parsed.wanted);
    if (found.length === 0) throw new OperationError(`No ${this.def.typeName} with ${describeWanted(parsed.wanted)} exists on the server.`);
    if (found.length > 1) {
      throw new OperationError(
        `${found.length} objects match ${describeWanted(parsed.wanted)} (ids ${found.map((f) => f.id).join(', ')}); import one of them by id.`,
      );
    }
    return nullState(this.def, String(found[0].id), parsed.parents);
  }

  /** Objects made by LDAP sync belong to it: the provider reads them but never takes them over. */
  private async refuseAutoGenerated(state: CtyObject): Promise<void> {
    let obj;
    try {
      obj = await this.api.get(memberPath(this.def, state));
    } catch (err) {
      if (err instanceof CmsNotFoundError) return; // Terraform reports the missing object itself
      throw err;
    }
    if (obj.values.autoGenerated === 'true') {
      throw new OperationError(
        `${this.def.typeName} ${String(state.id)} was created by LDAP sync and belongs to it: the provider never modifies or deletes such objects. ` +
          'Change the LDAP mapping or source instead, and read the object with a data source if you need its values.',
      );
    }
  }

  private async readBack(planned: CtyObject, id: string): Promise<CtyObject> {
    const obj = await this.api.get(memberPath(this.def, planned, id));
    const state = stateFromObject(this.def, obj, planned, id);
    const mismatches = planMismatches(this.def, planned, state);
    if (mismatches.length > 0) {
      const m = mismatches[0];
      // A sensitive value is never repeated, nor what the server made of it.
      const what = isSensitive(this.def.attributes[m.name])
        ? `The server stored another value for ${this.def.typeName}.${m.name} than the configuration gives (neither is shown: the attribute is sensitive). `
        : `The server stored ${JSON.stringify(m.actual)} for ${this.def.typeName}.${m.name} where the configuration says ${JSON.stringify(m.planned)}. `;
      throw new StateMismatchError(
        what + 'It may normalise this value: set it the way the server reports it.',
        m.name,
        state,
      );
    }
    return state;
  }

  /**
   * POSTs the object. When the outcome is unknown (the connection dropped after the request may
   * have reached the server) it is never blindly repeated: the collection is searched for an
   * object with the planned natural key (or, without one, every configured value) and that
   * object is adopted; only when none exists is the create tried again.
   */
  private async post(planned: CtyObject, secrets: readonly SecretToSend[]): Promise<string> {
    const params = { ...createParams(this.def, planned), ...secretParams(secrets) };
    if (this.def.flags?.adoptNewId) return oneAtATime(this.def.typeName, () => this.postAdoptingNewId(planned, params));
    const path = collectionPath(this.def, planned);
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.api.create(path, params)).id;
      } catch (err) {
        if (!(err instanceof UnknownOutcomeError)) throw err;
        let found = await findMatching(this.api, this.def, planned, identifyingValues(this.def, planned, true));
        if (found.length > 1) found = await findMatching(this.api, this.def, planned, identifyingValues(this.def, planned, false));
        if (found.length === 1) return String(found[0].id);
        if (found.length > 1) {
          throw new OperationError(
            `The create's outcome was unknown and ${found.length} matching objects now exist (ids ${found.map((f) => f.id).join(', ')}). ` +
              `Import the right one with terraform import and delete the others.`,
          );
        }
        if (attempt >= CREATE_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * For objects with nothing to tell them apart: the ids present before the create are noted, and
   * after an unknown outcome the one object that appeared since is the one this create made.
   */
  private async postAdoptingNewId(planned: CtyObject, params: Record<string, string>): Promise<string> {
    const path = collectionPath(this.def, planned);
    const idsNow = async () => {
      const ids = new Set<string>();
      for await (const item of this.api.list(path)) if (item.id) ids.add(item.id);
      return ids;
    };
    for (let attempt = 1; ; attempt++) {
      const before = await idsNow();
      try {
        return (await this.api.create(path, params)).id;
      } catch (err) {
        if (!(err instanceof UnknownOutcomeError)) throw err;
        const appeared = [...(await idsNow())].filter((id) => !before.has(id));
        if (appeared.length === 1) return appeared[0];
        if (appeared.length > 1) {
          throw new OperationError(`The create's outcome was unknown and ${appeared.length} new objects appeared meanwhile (ids ${appeared.join(', ')}); import the right one.`);
        }
        if (attempt >= CREATE_ATTEMPTS) throw err;
      }
    }
  }
}

/** The apply failed after the object was written: carries the state Terraform must record. */
export class PartialStateError extends OperationError {
  constructor(
    message: string,
    attribute: string | undefined,
    summary: string,
    readonly state: CtyObject,
  ) {
    super(message, attribute, summary);
  }
}

/** The object was written but reads back differently from the plan; carries the state to save. */
export class StateMismatchError extends PartialStateError {
  constructor(message: string, attribute: string, state: CtyObject) {
    super(message, attribute, 'The Meeting Server stored a different value', state);
  }
}

/**
 * The server made the object but reading it back failed. The state carries its id, so Terraform
 * records it (tainted, because the apply failed) and the next plan replaces it rather than
 * creating a second one.
 */
export class CreatedObjectError extends PartialStateError {
  constructor(def: Definition, id: string, cause: unknown, state: CtyObject) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `The Meeting Server made ${def.typeName} ${id}, but reading it back failed: ${why}\n\n` +
        'Terraform records the object (as tainted), so the next apply replaces it instead of creating a second one.',
      undefined,
      `Created ${def.typeName}, but could not read it back`,
      state,
    );
  }
}

/** A value with everything still unknown read as null: state can hold no unknowns. */
function knownOrNull(v: CtyValue | undefined): CtyValue {
  if (v === undefined || isUnknown(v)) return null;
  if (Array.isArray(v)) return v.map(knownOrNull);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, CtyValue>).map(([k, x]) => [k, knownOrNull(x)]));
  }
  return v;
}

/** The plan with the new id: what state can hold for an object that could not be read back. */
function partialState(def: Definition, planned: CtyObject, id: string): CtyObject {
  const state: CtyObject = { id };
  for (const name of Object.keys(def.attributes)) state[name] = knownOrNull(planned[name]);
  return state;
}
