/**
 * Where a definition disagrees with the API Blueprint's facts: a parameter name it does not
 * document, another value type, enum values it does not list, a mandatory parameter left
 * optional, a plan-time limit or server default it does not state, a parameter removed in
 * 3.0. An attribute with an `unverified` note (what is known and where from) is exempt: the
 * note is the explanation.
 */
import type { AttributeDefinition, Definition } from '../../provider/src/resources/definition';
import { isScalar, isSent, xmlName } from '../../provider/src/resources/definition';
import { BlueprintObject, BlueprintReference, elementFacts, objectAt, ParameterFacts, parameterFacts, removedBefore3x, sameValueType } from './reference';

export interface Mismatch {
  /** `cms_call_profile.name`, or `callProfile.name` for the simulator. */
  where: string;
  problem: string;
}

/**
 * Plan-time limits the reference does not state. Unlike other differences, an `unverified`
 * note excuses a limit only when it names the number (`1-65535 is the range of TCP ports`).
 */
function limitProblems(attr: AttributeDefinition, facts: ParameterFacts | undefined): string[] {
  const out: string[] = [];
  const explained = (n: number) => attr.unverified !== undefined && new RegExp(`(^|[^0-9.])${n}([^0-9]|$)`).test(attr.unverified);
  const check = (key: 'minimum' | 'maximum' | 'maxLength', ours: number | undefined, theirs: number | undefined) => {
    if (ours !== undefined && ours !== theirs && !explained(ours)) out.push(`${key} ${ours} has no basis in the reference (${theirs === undefined ? 'it states none' : `it states ${theirs}`})`);
  };
  check('minimum', attr.minimum, facts?.minimum);
  check('maximum', attr.maximum, facts?.maximum);
  check('maxLength', attr.maxLength, facts?.maxLength);
  if (attr.minLength !== undefined && attr.minLength > 1 && !explained(attr.minLength)) out.push(`minLength ${attr.minLength} has no basis in the reference`);
  return out;
}

function attributeProblems(attr: AttributeDefinition, object: BlueprintObject | undefined, apiPath: string): string[] {
  if (!object) return [`${apiPath} is not in the reference`];
  const out: string[] = [];
  const sent = sentToServer(attr);
  const read = !attr.local && !attr.query && !attr.parent && attr.type !== 'objectList' && !xmlName(attr).includes('@');
  const request = sent ? parameterFacts(object, attr.api) : undefined;
  const response = read ? elementFacts(object, xmlName(attr)) : undefined;
  if (sent && !request) out.push(`sends ${attr.api}, a parameter ${apiPath} does not document`);
  if (read && !response) out.push(`reads <${xmlName(attr)}>, an element ${apiPath} does not document`);
  const facts = request ?? response;
  if (!facts) return out;
  if (isScalar(attr.type) && !sameValueType(facts.type, attr.type)) out.push(`is a ${attr.type}; the reference says ${facts.type}`);
  if (attr.enum && facts.values) {
    const extra = attr.enum.filter((v) => !facts.values!.includes(v));
    if (extra.length) out.push(`allows ${extra.join(', ')}, not among the documented values (${facts.values.join(', ')})`);
  }
  if (sent && facts.mandatory && attr.mode !== 'required') out.push(`is ${attr.mode}, but ${attr.api} is mandatory in the reference`);
  if (sent) out.push(...limitProblems(attr, facts));
  const documentedDefault = request?.default ?? response?.default;
  if (attr.serverDefault !== undefined && documentedDefault !== undefined && String(attr.serverDefault) !== documentedDefault) {
    out.push(`takes ${JSON.stringify(attr.serverDefault)} as the server default; the reference says ${documentedDefault}`);
  }
  if (removedBefore3x(request) || (!sent && removedBefore3x(response))) out.push(`uses ${attr.api}, removed in ${facts.removedIn}`);
  return out;
}

/** Sent in POST / PUT bodies under its API name: plain values, and secrets (sent on their own path). */
function sentToServer(attr: AttributeDefinition): boolean {
  return isSent(attr) || Boolean(attr.secret);
}

/** Every mismatch between the definitions that live in the REST API and the reference. */
export function definitionMismatches(definitions: readonly Definition[], reference: BlueprintReference): Mismatch[] {
  const out: Mismatch[] = [];
  for (const def of definitions) {
    if (!def.api || def.mmp || def.flags?.lookup) continue;
    const object = objectAt(reference, def.api.path);
    for (const [name, attr] of Object.entries(def.attributes)) {
      // A secret's write-only form and version trigger are made from it: the secret is checked.
      if (attr.local || attr.parent || attr.versionOf || attr.writeOnlyOf) continue;
      const problems = attr.unverified ? (sentToServer(attr) ? limitProblems(attr, object && parameterFacts(object, attr.api)) : []) : attributeProblems(attr, object, def.api.path);
      for (const problem of problems) out.push({ where: `${def.typeName}.${name}`, problem });
    }
  }
  return out;
}
