/**
 * Reading schemas/reference/api-blueprint.json (written by extract.ts): find the facts of an
 * API path, compare types and versions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BlueprintReference } from './extract';
import { compareVersions, type ParameterFacts } from './facts';
import type { BlueprintObject } from './parse';

export type { BlueprintObject, BlueprintReference, ParameterFacts };

export const REFERENCE_FILE = path.resolve(__dirname, '../../schemas/reference/api-blueprint.json');

export function loadReference(file: string = REFERENCE_FILE): BlueprintReference {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BlueprintReference;
}

/**
 * The facts of an API path such as `/coSpaces/{cospace_id}/accessMethods`: placeholders are
 * matched as `{id}`, letter case is ignored (the reference spells some paths two ways).
 */
export function objectAt(reference: BlueprintReference, apiPath: string): BlueprintObject | undefined {
  const key = apiPath.replace(/\{[^}]+\}/g, '{id}').toLowerCase();
  const found = Object.keys(reference.objects).find((k) => k.toLowerCase() === key);
  return found ? reference.objects[found] : undefined;
}

/** What the reference says about a name in requests, or in responses, or both merged. */
export function parameterFacts(object: BlueprintObject, name: string): ParameterFacts | undefined {
  // Each POST and PUT is documented with the object's GET tables ("as per the previous
  // section"); some parameters appear only there.
  return object.parameters[name] ?? object.elements[name];
}

/**
 * An element by name or by path (`cluster/nodeInUse`): the reference lists nested elements
 * flat in its tables (`nodeInUse`) and in full in its examples.
 */
export function elementFacts(object: BlueprintObject, name: string): ParameterFacts | undefined {
  const direct = object.elements[name] ?? object.parameters[name];
  if (direct || !name.includes('/')) return direct;
  const last = name.split('/').pop()!;
  return object.elements[last] ?? Object.entries(object.elements).find(([k]) => k.toLowerCase() === last.toLowerCase())?.[1];
}

/** The provider's and simulator's value types as the reference's: ids and enums are strings on the wire. */
export function sameValueType(referenceType: ParameterFacts['type'], ours: 'string' | 'number' | 'bool'): boolean {
  if (referenceType === undefined) return true;
  if (referenceType === 'bool') return ours === 'bool';
  if (referenceType === 'number') return ours === 'number';
  return ours === 'string';
}

/** A parameter removed in 3.0 or earlier is gone from every server this project manages. */
export function removedBefore3x(facts: ParameterFacts | undefined): boolean {
  return facts?.removedIn !== undefined && compareVersions(facts.removedIn, '3.0') <= 0;
}
