/**
 * From Terraform values to form parameters, and from a GET response back to Terraform state.
 */
import type { CmsObject } from '../cms/xml';
import type { CtyObject, CtyValue } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { FormParams } from './api';
import type { CmsXmlNode } from '../cms/xml';
import type { AttributeDefinition, Definition } from './definition';
import { isScalar, isSent, xmlName } from './definition';
import type { SecretToSend } from './secret-forms';
import { extractNodes, extractText } from './xml-path';
import { asAttrValue, fromApi, normaliseRead, toApi } from './values';
import type { AttrValue } from './values';

function known(v: CtyValue | undefined): AttrValue {
  return v === undefined || isUnknown(v) ? null : asAttrValue(v);
}

/** A value from state or plan, with unknown read as null (the object is being read now). */
function knownValue(v: CtyValue | undefined): CtyValue {
  return v === undefined || isUnknown(v) ? null : v;
}

/** One listed object as Terraform values: exactly the item attributes, read from the item element. */
export function itemObject(attributes: Record<string, AttributeDefinition>, item: CmsXmlNode): CtyObject {
  const obj: CtyObject = {};
  for (const [name, a] of Object.entries(attributes)) {
    const text = extractText(item, xmlName(a));
    obj[name] = text === undefined || text === '' || !isScalar(a.type) ? null : (fromApi(a, text) ?? text);
  }
  return obj;
}

/** Objects listed in the response, each with exactly the item attributes. */
function readItems(attr: AttributeDefinition, node: CmsXmlNode): CtyValue {
  const items = attr.items;
  if (!items) return null;
  return extractNodes(node, items.xml).map((item) => itemObject(items.attributes, item));
}

/** One attribute of the state for an object the server returned. */
export function readAttribute(attr: AttributeDefinition, node: CmsXmlNode, prior: CtyValue | undefined): CtyValue {
  if (attr.writeOnly) return null; // never in state
  if (attr.parent || attr.local || attr.query) return knownValue(prior);
  if (attr.type === 'objectList') return readItems(attr, node);
  if (!isScalar(attr.type)) return knownValue(prior);
  return normaliseRead(attr, extractText(node, xmlName(attr)), known(prior));
}

function sentAttributes(def: Definition): Array<[string, AttributeDefinition]> {
  return Object.entries(def.attributes).filter(([, a]) => isSent(a));
}

/** POST parameters: every configured value; unset ones are left to the server's defaults. */
export function createParams(def: Definition, planned: CtyObject): FormParams {
  const params: FormParams = {};
  for (const [name, attr] of sentAttributes(def)) {
    const v = known(planned[name]);
    if (v !== null) params[attr.api] = toApi(v);
  }
  return params;
}

/** Form parameters for the secrets an apply sends (an empty value clears one on purpose). */
export function secretParams(secrets: readonly SecretToSend[]): FormParams {
  const params: FormParams = {};
  for (const s of secrets) params[s.attr.api] = toApi(s.value);
  return params;
}

/** PUT parameters that make the object equal the plan: every managed value, unset ones empty. */
export function fullParams(def: Definition, planned: CtyObject): FormParams {
  const params: FormParams = {};
  for (const [name, attr] of sentAttributes(def)) {
    if (isUnknown(planned[name])) continue;
    params[attr.api] = toApi(known(planned[name]));
  }
  return params;
}

/** PUT parameters for an update: only what changed; a value removed from the plan is sent empty. */
export function changedParams(def: Definition, prior: CtyObject, planned: CtyObject): FormParams {
  const params: FormParams = {};
  for (const [name, attr] of sentAttributes(def)) {
    if (isUnknown(planned[name])) continue;
    const before = known(prior[name]);
    const after = known(planned[name]);
    if (before !== after) params[attr.api] = toApi(after);
  }
  return params;
}

/**
 * Terraform state for an object the server returned. `base` is what state or the plan holds:
 * it decides how defaults, case and unreturned secrets read, and supplies the parent ids.
 */
export function stateFromObject(def: Definition, obj: CmsObject, base: CtyObject, id: string): CtyObject {
  const state: CtyObject = { id };
  for (const [name, attr] of Object.entries(def.attributes)) state[name] = readAttribute(attr, obj, base[name]);
  return state;
}

/** Attributes whose applied value differs from the plan: the server did not store what was asked. */
export function planMismatches(def: Definition, planned: CtyObject, state: CtyObject): Array<{ name: string; planned: AttrValue; actual: CtyValue }> {
  const out: Array<{ name: string; planned: AttrValue; actual: CtyValue }> = [];
  for (const [name, attr] of Object.entries(def.attributes)) {
    const p = planned[name];
    if (p === undefined || isUnknown(p) || !isScalar(attr.type) || attr.local) continue;
    if (known(p) !== state[name]) out.push({ name, planned: known(p), actual: state[name] ?? null });
  }
  return out;
}
