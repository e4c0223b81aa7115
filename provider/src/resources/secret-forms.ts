/**
 * Secrets (passwords, passcodes, keys): the Terraform attributes a definition's `secret`
 * attribute becomes, the checks on them, and what an apply sends to the server for them.
 *
 * A secret attribute `x` is offered as
 * - `x`: sensitive, kept in state (for Terraform older than 1.11); not offered when the
 *   definition also says `writeOnly`;
 * - `x_wo`: write-only (Terraform 1.11 and later): read from the configuration at apply, never
 *   stored in the plan or the state;
 * - `x_wo_version`: a number kept in state; `x_wo` is sent when the object is created and
 *   whenever this number changes (Terraform cannot see a write-only value change).
 *
 * What is sent, and when:
 * - `x` and `x_wo` are never set together, `x_wo` needs `x_wo_version` and the other way round
 *   (refused at plan);
 * - a secret left out of the configuration (both forms null) is never sent, so the server keeps
 *   what it holds: configuration generated for an imported object (where Terraform writes
 *   sensitive values as null) plans no change and wipes nothing;
 * - `x_wo = ""` with a changed `x_wo_version` clears the value on the server: the one way to
 *   clear a secret on purpose.
 */
import type { CtyObject, CtyValue, Diagnostic } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { AttributeDefinition, Definition } from './definition';
import type { AttrValue } from './values';
import { asAttrValue } from './values';

export const WRITE_ONLY_SUFFIX = '_wo';
export const VERSION_SUFFIX = '_wo_version';

/** The Terraform names of a secret attribute's forms. */
export interface SecretForms {
  /** The definition's attribute name. */
  name: string;
  /** The sensitive form, absent when the definition says writeOnly. */
  sensitive?: string;
  writeOnly: string;
  version: string;
  /** The definition's attribute (API name, constraints). */
  attr: AttributeDefinition;
  /** One of the forms must be set. */
  required: boolean;
}

function sensitiveDescription(name: string, attr: AttributeDefinition): string {
  return (
    `${attr.description.trim()} Sensitive form, kept in state (protect your state): for Terraform older than 1.11; ` +
    `prefer \`${name}${WRITE_ONLY_SUFFIX}\`, which keeps the value out of plan and state. Not together with \`${name}${WRITE_ONLY_SUFFIX}\`. ` +
    `Left out (with \`${name}${WRITE_ONLY_SUFFIX}\`), the value on the server is left as it is.`
  );
}

function writeOnlyDescription(name: string, attr: AttributeDefinition): string {
  const other = attr.writeOnly ? '' : ` Not together with \`${name}\`.`;
  return (
    `${attr.description.trim()} Write-only (Terraform 1.11 and later): sent to the server, never stored in the plan or the state. ` +
    `Sent when the object is created and whenever \`${name}${VERSION_SUFFIX}\` changes, which it needs. ` +
    `Set it to \`""\` (and change the version) to clear the value on the server; left out, the value on the server is left as it is.${other}`
  );
}

function versionDescription(name: string): string {
  return `Version of \`${name}${WRITE_ONLY_SUFFIX}\`, kept in state: change it (1, 2, 3, ...) to send the write-only value again, for example after a rotation. Set it with \`${name}${WRITE_ONLY_SUFFIX}\`, and only with it.`;
}

/**
 * The definition with every secret attribute in its Terraform forms. Definitions without secrets
 * are returned as they are.
 */
export function withSecretForms(def: Definition): Definition {
  if (def.kind === 'dataSource' || !Object.values(def.attributes).some((a) => a.secret)) return def;
  const attributes: Record<string, AttributeDefinition> = {};
  for (const [name, attr] of Object.entries(def.attributes)) {
    if (!attr.secret) {
      attributes[name] = attr;
      continue;
    }
    const required = attr.mode === 'required';
    const { writeOnly, ...base } = attr;
    if (!writeOnly) attributes[name] = { ...base, mode: 'optional', description: sensitiveDescription(name, attr), ...(required ? { secretRequired: true } : {}) };
    attributes[`${name}${WRITE_ONLY_SUFFIX}`] = {
      ...base,
      mode: writeOnly && required ? 'required' : 'optional',
      writeOnly: true,
      writeOnlyOf: name,
      description: writeOnlyDescription(name, attr),
      example: undefined,
    };
    attributes[`${name}${VERSION_SUFFIX}`] = { api: attr.api, type: 'number', mode: 'optional', local: true, versionOf: name, description: versionDescription(name) };
  }
  return { ...def, attributes };
}

/** Every secret of a definition expanded by {@link withSecretForms}, with the names of its forms. */
export function secretForms(def: Definition): SecretForms[] {
  const out: SecretForms[] = [];
  for (const [woName, wo] of Object.entries(def.attributes)) {
    if (!wo.writeOnlyOf) continue;
    const name = wo.writeOnlyOf;
    const sensitive = def.attributes[name]?.secret ? name : undefined;
    out.push({
      name,
      sensitive,
      writeOnly: woName,
      version: `${name}${VERSION_SUFFIX}`,
      attr: wo,
      required: sensitive ? Boolean(def.attributes[name].secretRequired) : false,
    });
  }
  return out;
}

function isSet(v: CtyValue | undefined): boolean {
  return v !== null && v !== undefined; // an unknown value will be set
}

function error(def: Definition, attribute: string, detail: string): Diagnostic {
  return { severity: 'error', summary: `Invalid ${attribute} for ${def.typeName}`, detail, attribute: [attribute] };
}

/**
 * Plan-time checks of the forms of every secret: one form at a time, the write-only value with
 * its version, and write-only values only where Terraform keeps them out of state.
 */
export function secretFormProblems(def: Definition, config: CtyObject, writeOnlyAllowed: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of secretForms(def)) {
    const t = def.typeName;
    const wo = isSet(config[f.writeOnly]);
    const version = isSet(config[f.version]);
    const sensitive = f.sensitive !== undefined && isSet(config[f.sensitive]);
    if (wo && !writeOnlyAllowed) {
      out.push(error(def, f.writeOnly, `${t}.${f.writeOnly} is write-only, which needs Terraform 1.11 or later: this Terraform would store its value in state. Upgrade Terraform${f.sensitive ? `, or use ${f.sensitive} (sensitive, kept in state)` : ''}.`));
      continue;
    }
    if (wo && sensitive) {
      out.push(error(def, f.writeOnly, `${t}.${f.sensitive} and ${t}.${f.writeOnly} are both set; set one. ${f.writeOnly} keeps the value out of plan and state (Terraform 1.11 and later); ${f.sensitive} stores it in state.`));
    }
    if (wo && !version) {
      out.push(error(def, f.writeOnly, `${t}.${f.writeOnly} needs ${f.version}: set ${f.version} = 1, and change it whenever the value changes (only then is the value sent again).`));
    }
    if (version && !wo) {
      out.push(error(def, f.version, `${t}.${f.version} is set but ${f.writeOnly} is not: set ${f.writeOnly} to the value to send, or remove ${f.version}.`));
    }
    if (f.required && !wo && !sensitive) {
      out.push(error(def, f.writeOnly, `${t} needs ${f.name}: set ${f.writeOnly} (with ${f.version}) or ${f.name}.`));
    }
  }
  return out;
}

/** A secret value to send, by the API parameter of its attribute. */
export interface SecretToSend {
  name: string;
  attr: AttributeDefinition;
  /** "" clears the value on the server. */
  value: AttrValue;
}

function knownString(v: CtyValue | undefined): AttrValue | undefined {
  if (v === null || v === undefined || isUnknown(v)) return undefined;
  return asAttrValue(v);
}

/**
 * The secrets an apply sends: on create every configured secret; on update a sensitive form
 * whose planned value changed, and a write-only form whose version changed. `config` is the
 * apply request's configuration, the only place write-only values ever appear.
 */
export function secretsToSend(def: Definition, prior: CtyObject | null, planned: CtyObject, config: CtyObject | null): SecretToSend[] {
  const out: SecretToSend[] = [];
  for (const f of secretForms(def)) {
    const viaSensitive = f.sensitive ? knownString(planned[f.sensitive]) : undefined;
    if (viaSensitive !== undefined && viaSensitive !== null) {
      if (prior === null || knownString(prior[f.sensitive as string]) !== viaSensitive) out.push({ name: f.name, attr: f.attr, value: viaSensitive });
      continue;
    }
    const viaWriteOnly = knownString(config?.[f.writeOnly]);
    if (viaWriteOnly === undefined || viaWriteOnly === null) continue;
    const versionChanged = prior === null || knownString(prior[f.version]) !== knownString(planned[f.version]);
    if (versionChanged) out.push({ name: f.name, attr: f.attr, value: viaWriteOnly });
  }
  return out;
}
