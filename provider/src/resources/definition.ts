/**
 * The TypeScript shape of one Meeting Server object definition (schemas/definition.schema.json).
 * Definitions are validated against the JSON Schema by `npm run generate` and by the tests, not
 * at provider start-up, so that start-up stays cheap.
 */

export type Scalar = string | number | boolean;
export type ScalarType = 'string' | 'number' | 'bool';
export type AttributeType = ScalarType | 'stringList' | 'stringSet' | 'stringMap' | 'objectList';
export type AttributeMode = 'required' | 'optional' | 'computed' | 'optionalComputed';
export type DefinitionKind = 'collection' | 'child' | 'singleton' | 'action' | 'dataSource';

export type FormatName =
  | 'guid'
  | 'url'
  | 'host'
  | 'hostPort'
  | 'uriUserPart'
  | 'numericId'
  | 'dtmf'
  | 'uriGenerator'
  | 'ldapFilter'
  | 'ldapDn'
  | 'mappingTemplate'
  | 'sipUri'
  | 'domain'
  | 'c2wUrl'
  | 'interfacePort'
  | 'interface'
  | 'mmpFileName'
  | 'passcode'
  | 'streamUrl';

export interface AttributeDefinition {
  api: string;
  xml?: string;
  type: AttributeType;
  mode: AttributeMode;
  description: string;
  sensitive?: boolean;
  secret?: boolean;
  /** With `secret`: only the write-only pair (`<name>_wo`, `<name>_wo_version`) is offered. */
  writeOnly?: boolean;
  /** Made by the engine (secret-forms.ts): the write-only form of the named secret attribute. */
  writeOnlyOf?: string;
  /** Made by the engine (secret-forms.ts): the version whose change sends the named secret's write-only form. */
  versionOf?: string;
  /** Made by the engine (secret-forms.ts): a required secret, which one of its forms must give. */
  secretRequired?: boolean;
  notReturned?: boolean;
  forceNew?: boolean;
  parent?: boolean;
  local?: boolean;
  query?: boolean;
  items?: { xml: string; attributes: Record<string, AttributeDefinition> };
  references?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: FormatName;
  serverDefault?: Scalar;
  caseInsensitive?: boolean;
  unordered?: boolean;
  changesWith?: string[];
  mmp?: MmpAttribute;
  example?: Scalar;
  unverified?: string;
  /** Meeting Server version the parameter appeared in / the first version without it. */
  since?: string;
  until?: string;
}

/** Reading and writing one attribute over the MMP (see definition.schema.json). */
export interface MmpAttribute {
  read: string;
  set?: string[];
  add?: string;
  remove?: string;
  then?: string[];
  /** The node's factory value, which destroy restores when the configuration set the attribute. */
  default?: Scalar | string[] | null;
  /** Commands that leave the setting unset. */
  unset?: string[];
}

export type CheckName = 'nodePorts' | 'nodeNtpDns' | 'nodeTrust' | 'nodeTls' | 'nodeCertificateSource' | 'mmpAccountName' | 'databaseClusterSize';

export type PlanCheckName = 'certificateExpiry';

export type MmpLifecycle = 'nodeSettings' | 'databaseCluster' | 'nodeCertificate' | 'mmpAccount';

export type RuleCondition = Scalar | { set: boolean } | { not: Scalar } | { above: number };
export type RuleRequirement = 'set' | 'unset' | Scalar[] | { oneOf: Scalar[] } | { notIn: Scalar[] };

export interface RuleDefinition {
  /** The deployment rule's id (`CMS-...`, as the constructs name it), quoted in the message. */
  id?: string;
  when: Record<string, RuleCondition>;
  then: Record<string, RuleRequirement>;
  message: string;
  /** `warning` for values the server accepts and ignores; the default `error` refuses the plan. */
  severity?: 'error' | 'warning';
}

/** A rule across the planned instances of a configuration (see across.ts). */
export type AcrossRule = { id: string; message: string } & (
  | { kind: 'unique'; attributes: string[]; namespace?: string; ignoreCase?: boolean }
  | { kind: 'singleton'; per?: string[] }
  | { kind: 'count'; maximum: number; severity?: 'error' | 'warning' }
  | { kind: 'same'; attribute: string }
  | { kind: 'distinct'; attribute: string; maximum: number; ignoreCase?: boolean; severity?: 'error' | 'warning' }
);

export interface ApiLocation {
  path: string;
  element: string;
  filter?: boolean;
}

export interface ActionDefinition {
  params?: Record<string, string>;
  stateElement: string;
  done: string[];
  failed: string[];
  failureElement?: string;
  detailElement?: string;
  pollIntervalMs?: number;
  timeoutAttribute?: string;
  /** A local attribute (`create` | `destroy`): when the operation runs. */
  runOnAttribute?: string;
  defaultTimeoutSeconds?: number;
  deleteWhenDone?: boolean;
  replayable?: boolean;
  measures?: Array<{ path: string; where?: Record<string, string>; before: string; after: string }>;
}

/**
 * How an object the configuration would create is recognised when the server already holds it
 * (typically one an interrupted apply created but never recorded): by its natural key, by having
 * exactly the configured values (reported, never adopted), or not at all.
 */
export type OrphanMatch = 'naturalKey' | 'sameValues' | 'none';

export interface OrphanBehaviour {
  match: OrphanMatch;
  /** Why, for this type, in the docs. */
  note?: string;
}

export interface Definition {
  typeName: string;
  description: string;
  kind: DefinitionKind;
  scope?: 'cluster' | 'node';
  /** Meeting Server version the object type appeared in / the first version without it. */
  since?: string;
  until?: string;
  schemaVersion?: number;
  /** Absent only for a lookup data source; use {@link apiOf}. */
  api?: ApiLocation;
  naturalKey?: string[];
  orphans?: OrphanBehaviour;
  flags?: { resetOnDelete?: boolean; skipAutoGenerated?: boolean; adoptNewId?: boolean; lookup?: boolean; refuseDeleteWhenReferenced?: boolean };
  action?: ActionDefinition;
  mmp?: { lifecycle: MmpLifecycle; nodeAttribute?: string };
  checks?: CheckName[];
  planChecks?: PlanCheckName[];
  list?: { attribute: string; detail?: boolean };
  rules?: RuleDefinition[];
  across?: AcrossRule[];
  attributes: Record<string, AttributeDefinition>;
  example: string;
  importExamples?: string[];
  notes?: string;
}

/** Every attribute of a definition with its Terraform name, in definition order. */
export function attributeEntries(def: Definition): Array<[string, AttributeDefinition]> {
  return Object.entries(def.attributes);
}

/** Whether the user may set the attribute. */
export function isConfigurable(attr: AttributeDefinition): boolean {
  return attr.mode !== 'computed';
}

/**
 * Whether the attribute is sent to the server in POST/PUT bodies as planned. Secrets are not:
 * what is sent for them is decided by secret-forms.ts (never an empty value for a secret left out).
 */
export function isSent(attr: AttributeDefinition): boolean {
  return isConfigurable(attr) && !attr.parent && !attr.local && !attr.query && !isSecretForm(attr) && isScalar(attr.type);
}

/** A secret's sensitive form, its write-only form or its version. */
export function isSecretForm(attr: AttributeDefinition): boolean {
  return Boolean(attr.secret || attr.writeOnly || attr.versionOf);
}

export function isScalar(type: AttributeType): type is ScalarType {
  return type === 'string' || type === 'number' || type === 'bool';
}

export function isSensitive(attr: AttributeDefinition): boolean {
  return Boolean(attr.sensitive || attr.secret);
}

/** The XML element that carries the attribute in GET responses. */
export function xmlName(attr: AttributeDefinition): string {
  return attr.xml ?? attr.api;
}

/**
 * How the provider recognises an existing object before creating this type, or undefined for
 * types that are never created with a POST (singletons, actions, objects on the MMP).
 */
export function orphanMatch(def: Definition): OrphanMatch | undefined {
  if ((def.kind !== 'collection' && def.kind !== 'child') || def.mmp) return undefined;
  return def.orphans?.match ?? (def.naturalKey ? 'naturalKey' : undefined);
}

/** Where the definition's objects live in the API. */
export function apiOf(def: Definition): ApiLocation {
  if (!def.api) throw new Error(`${def.typeName} has no API location`);
  return def.api;
}
