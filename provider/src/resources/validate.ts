/**
 * Plan-time validation of a resource's configuration against its definition: types Terraform
 * already checked, so here enums, ranges, lengths, formats and cross-attribute rules. Runs before
 * any request; every diagnostic names the attribute, the problem and the fix.
 */
import type { CtyObject, CtyValue, Diagnostic } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { AttributeDefinition, Definition, RuleDefinition, RuleRequirement, Scalar } from './definition';
import { runChecks } from './checks';
import { FORMATS } from './formats';
import { secretFormProblems, VERSION_SUFFIX, WRITE_ONLY_SUFFIX } from './secret-forms';

/** A value that cannot be a secret passed by mistake, so a message may repeat it. */
function showable(attr: AttributeDefinition | undefined, v: CtyValue | undefined): string | undefined {
  if (typeof v === 'boolean') return String(v);
  if (attr?.enum && typeof v === 'string' && attr.enum.includes(v)) return JSON.stringify(v);
  return undefined;
}

/** Where in the attribute: an item of a list or set, or a value of a map. */
type Item = number | { key: string };

/** A diagnostic on the attribute, or on one item of it (`ntp_servers[2]`, `nodes["cms1"]`). */
function invalid(def: Definition, name: string, problem: string, item?: Item): Diagnostic {
  const where = item === undefined ? name : typeof item === 'number' ? `${name}[${item}]` : `${name}[${JSON.stringify(item.key)}]`;
  return {
    severity: 'error',
    summary: `Invalid ${name} for ${def.typeName}`,
    detail: `${def.typeName}.${where} ${problem}`,
    attribute: item === undefined ? [name] : [name, item],
  };
}

function emptyProblem(name: string, attr: AttributeDefinition): string {
  if (attr.secret) return `must not be empty: remove it to leave the value on the server as it is, or set ${name}${WRITE_ONLY_SUFFIX} = "" (with a new ${name}${VERSION_SUFFIX}) to clear it on the server.`;
  return attr.mode === 'required' ? 'must not be empty.' : 'must not be empty; remove the attribute (or set it to null) to leave it unset.';
}

/**
 * Checks one configured value against its attribute's constraints. A value that fails is never
 * repeated in the message: a sensitive value passed by mistake to any attribute would show in
 * plans and CI logs (Terraform shows the configuration line, and masks sensitive values there).
 */
export function validateAttribute(def: Definition, name: string, attr: AttributeDefinition, value: CtyValue, item?: Item): Diagnostic[] {
  if (value === null || value === undefined || isUnknown(value)) return [];
  if (Array.isArray(value) && (attr.type === 'stringList' || attr.type === 'stringSet')) {
    // Each item meets the same constraints as a string attribute would.
    return value.flatMap((v, i) => validateAttribute(def, name, { ...attr, type: 'string' }, v, i));
  }
  if (attr.type === 'stringMap' && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, CtyValue>).flatMap(([key, v]) => validateAttribute(def, name, { ...attr, type: 'string' }, v, { key }));
  }
  const out: Diagnostic[] = [];
  if (typeof value === 'string') {
    // The API reads an empty value as "unset", so an empty string could never be stored as such.
    if (value === '') {
      // For a write-only secret, "" with a new version clears the value on the server on purpose.
      if (attr.writeOnlyOf) return out;
      out.push(invalid(def, name, emptyProblem(name, attr), item));
      return out;
    }
    if (attr.enum && !attr.enum.includes(value)) {
      out.push(invalid(def, name, `must be one of ${attr.enum.map((e) => JSON.stringify(e)).join(', ')}.`, item));
      return out;
    }
    if (attr.minLength !== undefined && value.length < attr.minLength) {
      out.push(invalid(def, name, `must be at least ${attr.minLength} characters long.`, item));
    }
    if (attr.maxLength !== undefined && value.length > attr.maxLength) {
      out.push(invalid(def, name, `must be at most ${attr.maxLength} characters long (it has ${value.length}).`, item));
    }
    if (attr.format) {
      const problem = FORMATS[attr.format].check(value);
      if (problem) out.push(invalid(def, name, `${problem}.`, item));
    }
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isInteger(n)) out.push(invalid(def, name, 'must be a whole number.', item));
    if (attr.minimum !== undefined && n < attr.minimum) {
      out.push(invalid(def, name, `must be at least ${attr.minimum}${attr.maximum !== undefined ? ` and at most ${attr.maximum}` : ''}.`, item));
    } else if (attr.maximum !== undefined && n > attr.maximum) {
      out.push(invalid(def, name, `must be at most ${attr.maximum}${attr.minimum !== undefined ? ` and at least ${attr.minimum}` : ''}.`, item));
    }
  }
  return out;
}

/**
 * The value a rule sees for an attribute: for a secret, whichever of its forms is set (a rule
 * that wants a password unset means both forms).
 */
function ruleValue(def: Definition, config: CtyObject, name: string): CtyValue | undefined {
  const wo = def.attributes[`${name}${WRITE_ONLY_SUFFIX}`];
  if (wo?.writeOnlyOf !== name) return config[name];
  const sensitive = def.attributes[name] ? config[name] : null;
  return sensitive !== null && sensitive !== undefined ? sensitive : config[`${name}${WRITE_ONLY_SUFFIX}`];
}

/** The Terraform attribute a rule's diagnostic points at: for a secret, the form that is set. */
function ruleAttribute(def: Definition, config: CtyObject, name: string): string {
  const wo = `${name}${WRITE_ONLY_SUFFIX}`;
  if (def.attributes[wo]?.writeOnlyOf !== name) return name;
  const isSet = (v: CtyValue | undefined) => v !== null && v !== undefined;
  if (def.attributes[name] && (isSet(config[name]) || !isSet(config[wo]))) return name;
  return wo;
}

function ruleApplies(def: Definition, rule: RuleDefinition, config: CtyObject): boolean | undefined {
  for (const [name, condition] of Object.entries(rule.when)) {
    const v = ruleValue(def, config, name);
    if (isUnknown(v)) return undefined; // cannot tell yet; apply-time values are checked by the server
    const set = v !== null && v !== undefined;
    let holds: boolean;
    if (typeof condition !== 'object') holds = v === condition;
    else if ('set' in condition) holds = set === condition.set;
    else if ('above' in condition) holds = (typeof v === 'number' || typeof v === 'bigint') && Number(v) > condition.above;
    else holds = v !== condition.not;
    if (!holds) return false;
  }
  return true;
}

function meets(want: RuleRequirement, v: CtyValue | undefined): boolean {
  const set = v !== null && v !== undefined;
  if (want === 'set') return set;
  if (want === 'unset') return !set;
  if (Array.isArray(want)) return !set || want.includes(v as Scalar);
  if ('oneOf' in want) return set && want.oneOf.includes(v as Scalar);
  return !set || !want.notIn.includes(v as Scalar);
}

function ruleViolations(def: Definition, rule: RuleDefinition, config: CtyObject): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, want] of Object.entries(rule.then)) {
    const v = ruleValue(def, config, name);
    if (isUnknown(v)) continue;
    const set = v !== null && v !== undefined;
    if (!meets(want, v)) {
      const attribute = ruleAttribute(def, config, name);
      const shown = set ? showable(def.attributes[name], v) : undefined;
      const got = !set ? 'it is not set' : shown !== undefined ? `it is ${shown}` : 'it is set';
      const id = rule.id ? `${rule.id}: ` : '';
      const severity = rule.severity ?? 'error';
      out.push({ severity, summary: `${severity === 'error' ? 'Invalid' : 'Ignored'} ${attribute} for ${def.typeName}`, detail: `${id}${rule.message} (${def.typeName}.${attribute}: ${got}.)`, attribute: [attribute] });
    }
  }
  return out;
}

/** Attributes the server sets: configuring them could never converge. */
function readOnlyProblems(def: Definition, config: CtyObject): Diagnostic[] {
  const computed = ['id', ...Object.entries(def.attributes).filter(([, a]) => a.mode === 'computed').map(([n]) => n)];
  return computed
    .filter((name) => config[name] !== null && config[name] !== undefined)
    .map((name) => ({
      severity: 'error' as const,
      summary: `Read-only ${name} for ${def.typeName}`,
      detail: `${def.typeName}.${name} is read-only: the Meeting Server sets it, so a configured value could never be applied. Remove it from the configuration${def.kind === 'dataSource' ? '' : `; read it as ${def.typeName}.<name>.${name}`}.`,
      attribute: [name],
    }));
}

export interface ValidateOptions {
  /** Terraform keeps write-only values out of state (1.11 and later). Default true. */
  writeOnlyAllowed?: boolean;
}

export function validateConfig(def: Definition, config: CtyObject, options: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  out.push(...readOnlyProblems(def, config));
  out.push(...secretFormProblems(def, config, options.writeOnlyAllowed ?? true));
  for (const [name, attr] of Object.entries(def.attributes)) {
    out.push(...validateAttribute(def, name, attr, config[name] ?? null));
  }
  for (const rule of def.rules ?? []) {
    if (ruleApplies(def, rule, config)) out.push(...ruleViolations(def, rule, config));
  }
  out.push(...runChecks(def, config));
  return out;
}
