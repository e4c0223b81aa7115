/**
 * Mapping between Meeting Server parameter strings and Terraform values, and the normalisation
 * that keeps an unchanged object from ever showing a diff.
 */
import type { CtyValue } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { AttributeDefinition, Scalar } from './definition';

/** A known scalar attribute value, or null for "not set". */
export type AttrValue = string | number | boolean | null;

/**
 * Reads an API string as a typed value. Returns undefined when the text does not fit the type
 * (a server answer the definition did not expect); callers report that.
 */
export function fromApi(attr: AttributeDefinition, text: string): AttrValue | undefined {
  switch (attr.type) {
    case 'string':
      return text;
    case 'bool': {
      const t = text.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      return undefined;
    }
    case 'number': {
      const t = text.trim();
      if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
      return Number(t);
    }
  }
}

/** Writes a value as a form parameter; null becomes the empty value, which unsets it. */
export function toApi(value: AttrValue | bigint): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** A Terraform value narrowed to what scalar attributes hold. Unknown values are not allowed here. */
export function asAttrValue(v: CtyValue | undefined): AttrValue {
  if (v === undefined || v === null) return null;
  if (isUnknown(v)) throw new Error('internal error: an unknown value reached the API mapping');
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new Error('internal error: a structured value reached the scalar API mapping');
}

export function sameValue(a: AttrValue, b: AttrValue): boolean {
  return a === b;
}

export function equalsDefault(attr: AttributeDefinition, v: AttrValue): boolean {
  return attr.serverDefault !== undefined && v !== null && (v as Scalar) === attr.serverDefault;
}

/**
 * Normalises what the server reported for one attribute against what state (or the plan) holds.
 *
 * - absent and empty are the same: not set;
 * - a value equal to the server's default reads as "not set" when state has it unset, so an
 *   omitted attribute never shows a diff, while an explicitly configured default stays as written;
 * - a secret is read only while state holds it (its sensitive form is configured): otherwise it
 *   is not managed, and reading the server's value would put it in state and plan it away;
 * - a secret, or any value the server never returns, keeps the value state has;
 * - a value equal but for letter case keeps state's spelling where the server changes case.
 */
export function normaliseRead(attr: AttributeDefinition, serverText: string | undefined, prior: AttrValue): AttrValue {
  if (attr.secret && prior === null) return null;
  if (serverText === undefined || serverText === '') {
    return attr.secret || attr.notReturned ? prior : null;
  }
  const value = fromApi(attr, serverText);
  if (value === undefined) return serverText; // let the caller's consistency check show the odd value
  if (attr.mode !== 'optionalComputed' && prior === null && equalsDefault(attr, value)) return null;
  if (attr.caseInsensitive && typeof prior === 'string' && typeof value === 'string' && prior.toLowerCase() === value.toLowerCase()) {
    return prior;
  }
  return value;
}
