/**
 * What an export writes, independent of the output format: resources with their attribute
 * values (literals, references to other exported resources, ids of objects outside the export,
 * secret variables), the variables, and what was left out and why.
 */
import type { CtyValue } from '../../../provider/src/plugin/types';
import type { Definition } from '../../../provider/src/resources/definition';
import type { FoundObject, LeftOut } from './inventory';
import type { ExportNode } from './server';

export type ExportValue =
  | { kind: 'literal'; value: CtyValue }
  /** The id of another exported resource. */
  | { kind: 'reference'; target: ExportedResource }
  /** The id of an object that is not exported; `note` says what it is. */
  | { kind: 'id'; value: string; note: string }
  | { kind: 'secret'; variable: SecretVariable };

export interface ExportedAttribute {
  name: string;
  value: ExportValue;
}

export interface ExportedResource {
  found: FoundObject;
  def: Definition;
  typeName: string;
  /** The Terraform name (`cms_call_leg_profile.<name>`). */
  name: string;
  attributes: ExportedAttribute[];
  /** Provider alias (a node's own API), when not the default provider. */
  provider?: string;
  /** Attributes whose changes Terraform ignores (secret versions: the first plan only imports). */
  ignoreChanges: string[];
  /** Comments written above the resource. */
  notes: string[];
  /** Warnings the provider gives at plan for these values (the plan goes on). */
  warnings: string[];
  /** Errors the provider gives at plan: the server breaks a rule, so the block is written commented out and not imported. */
  refused: string[];
}

export interface SecretVariable {
  name: string;
  description: string;
  resource: ExportedResource;
  /** The write-only attribute it is given to (`password_wo`). */
  attribute: string;
  /** The attribute whose change sends it again (`password_wo_version`). */
  version: string;
  /** The definition's name of the secret (`password`). */
  secretAttribute: string;
  /** The server showed a value for it; otherwise it never shows this secret. */
  held: boolean;
}

export interface ExportPlan {
  /** The node given with --url. */
  url: string;
  nodes: readonly ExportNode[];
  /** Host key fingerprints seen, by node name. */
  fingerprints: Record<string, string>;
  resources: ExportedResource[];
  variables: SecretVariable[];
  leftOut: LeftOut[];
  warnings: string[];
  /** Every catalogue type read, in catalogue order. */
  types: Definition[];
}

/** `cms_call_leg_profile.everyone` */
export function address(r: ExportedResource): string {
  return `${r.typeName}.${r.name}`;
}

/** Resources that are imported (and not written commented out). */
export function imported(plan: ExportPlan): ExportedResource[] {
  return plan.resources.filter((r) => r.refused.length === 0);
}
