/**
 * Plan-time validation of a resource's configuration against its definition: types Terraform
 * already checked, so here enums, ranges, lengths, formats and cross-attribute rules. Runs before
 * any request; every diagnostic names the attribute, the problem and the fix.
 */
import type { CtyObject, CtyValue, Diagnostic } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { AttributeDefinition, Definition, RuleDefinition, RuleRequirement, Scalar } from './definition';
import { isSensitive } from './definition';
import { runChecks } from './checks';
import { FORMATS } from './formats';
import { secretFormProblems, VERSION_SUFFIX, WRITE_ONLY_SUFFIX } from './secret-forms';

function describe(v: Scalar): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** A diagnostic on the attribute, or on one item of a list attribute (`ntp_servers[2]`). */
function invalid(def: Definition, name: string, problem: string, item?: number): Diagnostic {
  const where = item === undefined ? name : `${name}[${item}]`;
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

export function validateAttribute(def: Definition, name: string, attr: AttributeDefinition, value: CtyValue, item?: number): Diagnostic[] {
  if (value === null || value === undefined || isUnknown(value)) return [];
  // A sensitive value is never repeated in a message: plans and CI logs show diagnostics.
  const got = (v: string) => (isSensitive(attr) ? 'got a value that does not fit (not shown: it is sensitive)' : `got ${JSON.stringify(v)}`);
  if (Array.isArray(value) && (attr.type === 'stringList' || attr.type === 'stringSet')) {
    // Each item meets the same constraints as a string attribute would.
    return value.flatMap((v, i) => validateAttribute(def, name, { ...attr, type: 'string' }, v, i));
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
      out.push(invalid(def, name, `must be one of ${attr.enum.map((e) => JSON.stringify(e)).join(', ')}; ${got(value)}.`, item));
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
      if (problem) out.push(invalid(def, name, `${problem}; ${got(value)}.`, item));
    }
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isInteger(n)) out.push(invalid(def, name, `must be a whole number; got ${n}.`, item));
    if (attr.minimum !== undefined && n < attr.minimum) {
      out.push(invalid(def, name, `must be at least ${attr.minimum}${attr.maximum !== undefined ? ` and at most ${attr.maximum}` : ''}; got ${n}.`, item));
    } else if (attr.maximum !== undefined && n > attr.maximum) {
      out.push(invalid(def, name, `must be at most ${attr.maximum}${attr.minimum !== undefined ? ` and at least ${attr.minimum}` : ''}; got ${n}.`, item));
    }
  }
  return out;
}

function ruleApplies(rule: RuleDefinition, config: CtyObject): boolean | undefined {
  for (const [name, condition] of Object.entries(rule.when)) {
    const v = config[name];
    if (isUnknown(v)) return undefined; // cannot tell yet; apply-time values are checked by the server
    const set = v !== null && v !== undefined;
    const holds = typeof condition === 'object' ? set === condition.set : v === condition;
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
    const v = config[name];
    if (isUnknown(v)) continue;
    const set = v !== null && v !== undefined;
    if (!meets(want, v)) {
      const attr = def.attributes[name];
      const got = !set ? 'it is not set' : attr && isSensitive(attr) ? 'it is set' : `it is ${describe(v as Scalar)}`;
      const severity = rule.severity ?? 'error';
      out.push({ severity, summary: `${severity === 'error' ? 'Invalid' : 'Ignored'} ${name} for ${def.typeName}`, detail: `${rule.message} (${def.typeName}.${name}: ${got}.)`, attribute: [name] });
    }
  }
  return out;
}

export interface ValidateOptions {
  /** Terraform keeps write-only values out of state (1.11 and later). Default true. */
  writeOnlyAllowed?: boolean;
}

export function validateConfig(def: Definition, config: CtyObject, options: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  out.push(...secretFormProblems(def, config, options.writeOnlyAllowed ?? true));
  for (const [name, attr] of Object.entries(def.attributes)) {
    out.push(...validateAttribute(def, name, attr, config[name] ?? null));
  }
  for (const rule of def.rules ?? []) {
    if (ruleApplies(rule, config)) out.push(...ruleViolations(def, rule, config));
  }
  out.push(...runChecks(def, config));
  return out;
}
