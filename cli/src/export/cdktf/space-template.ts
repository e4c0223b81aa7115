/**
 * A space template with its roles as the L2 `SpaceTemplate`, when the server's objects have the
 * shape it makes: the template, its access method templates (the roles), each role's own call
 * leg profile (and dial-in security profile) named `<template>: <role>`, and the template's call
 * profile and dial-in security profile named after it. The props are read back from the objects
 * and the construct is built once to check it makes exactly them (see ./l2.ts).
 */
import type { TerraformResource } from 'cdktf';
import type { CtyValue } from '../../../../provider/src/plugin/types';
import { LastActivatorLeaves, Layout, RecordingMode, RoleSeparation, SpaceTemplate } from '../../../../constructs/src';
import type { SpaceRole, SpaceTemplateProps } from '../../../../constructs/src';
import type { ExportedResource, ExportPlan } from '../model';
import { variableName } from './bindings';
import type { Claimed, L2Group } from './l2';
import { attributeNames, literal, makesExactly, plain, target } from './l2';
import type { TsValue } from './typescript';
import { code, tsString, tsValue } from './typescript';

class NoMatch extends Error {}

function need(ok: unknown): asserts ok {
  if (!ok) throw new NoMatch();
}

/** Only these attributes (and at least `required`). */
function only(r: ExportedResource, allowed: string[]): void {
  need(plain(r) && attributeNames(r).every((n) => allowed.includes(n)));
}

/** The enum member whose value this is (`RecordingMode.MANUAL`), or no match. */
function member(enumName: string, values: Record<string, string>, value: CtyValue | undefined): TsValue {
  if (value === undefined) return undefined;
  const found = Object.entries(values).find(([, v]) => v === value);
  need(found);
  return code(`${enumName}.${found![0]}`);
}

interface Role {
  amt: ExportedResource;
  clp: ExportedResource;
  disp?: ExportedResource;
  /** Props with real values (for the check) and as code (for the app). */
  props: SpaceRole;
  code: Record<string, TsValue>;
}

function readRole(template: ExportedResource, amt: ExportedResource, separation: RoleSeparation, anyActivator: boolean, dialOut: ExportedResource | undefined): Role {
  const templateName = String(literal(template, 'name'));
  const name = String(literal(amt, 'name'));
  only(amt, ['cospace_template_id', 'name', 'uri_generator', 'generate_unique_call_id', 'call_leg_profile', 'dial_in_security_profile']);
  const clp = target(amt, 'call_leg_profile');
  need(clp && literal(clp, 'name') === `${templateName}: ${name}`);
  only(clp!, ['name', 'needs_activation', 'deactivation_mode', 'deactivation_mode_time', 'default_layout', 'change_role_allowed', 'video_mode', 'recording_control_allowed']);
  const disp = target(amt, 'dial_in_security_profile');
  if (disp) {
    need(literal(disp, 'name') === `${templateName}: ${name}`);
    only(disp, ['name', 'min_passcode_length']);
  }
  const c = clp!;
  const videoMode = literal(c, 'video_mode');
  need(videoMode === undefined || videoMode === 'auto' || videoMode === 'disabled');
  const recording = literal(c, 'recording_control_allowed');
  const uri = literal(amt, 'uri_generator') as string | undefined;
  const props: SpaceRole = {
    name,
    ...(uri !== undefined && !(separation === RoleSeparation.PASSCODE && uri === '$') ? { uriGenerator: uri } : {}),
    ...(disp && literal(disp, 'min_passcode_length') !== undefined ? { minPasscodeLength: Number(literal(disp, 'min_passcode_length')) } : {}),
    ...(anyActivator ? { activator: literal(c, 'needs_activation') === false } : {}),
    ...(recording === undefined ? {} : { recordingMode: recording ? RecordingMode.MANUAL : RecordingMode.DISABLED }),
    ...(videoMode === undefined ? {} : { videoAllowed: videoMode === 'auto' }),
    ...(literal(c, 'default_layout') !== undefined ? { defaultLayout: literal(c, 'default_layout') as Layout } : {}),
    ...(literal(c, 'deactivation_mode') !== undefined ? { whenLastActivatorLeaves: literal(c, 'deactivation_mode') as LastActivatorLeaves } : {}),
    ...(literal(c, 'deactivation_mode_time') !== undefined ? { lastActivatorLeavesDelay: Number(literal(c, 'deactivation_mode_time')) } : {}),
    ...(literal(c, 'change_role_allowed') !== undefined ? { allowChangeRole: literal(c, 'change_role_allowed') as boolean } : {}),
    ...(dialOut === c ? { defaultForDialOut: true } : {}),
  };
  const asCode: Record<string, TsValue> = {
    ...props,
    recordingMode: member('RecordingMode', RecordingMode, props.recordingMode),
    defaultLayout: member('Layout', Layout, props.defaultLayout),
    whenLastActivatorLeaves: member('LastActivatorLeaves', LastActivatorLeaves, props.whenLastActivatorLeaves),
  };
  return { amt, clp: c, ...(disp ? { disp } : {}), props, code: asCode };
}

/** The template and its objects as a SpaceTemplate, or undefined when they do not have its shape. */
export function spaceTemplateGroup(template: ExportedResource, plan: ExportPlan, claimed: Claimed): L2Group | undefined {
  try {
    only(template, ['name', 'description', 'call_profile', 'call_leg_profile', 'dial_in_security_profile']);
    const name = String(literal(template, 'name'));
    const amts = plan.resources.filter((r) => r.typeName === 'cms_access_method_template' && target(r, 'cospace_template_id') === template);
    need(amts.length > 0 && new Set(amts.map((a) => literal(a, 'name'))).size === amts.length);
    const unique = amts.map((a) => literal(a, 'generate_unique_call_id'));
    const separation = unique.every((u) => u === true) ? RoleSeparation.URI : unique.every((u) => u === undefined) ? RoleSeparation.PASSCODE : undefined;
    need(separation);
    const clps = amts.map((a) => target(a, 'call_leg_profile'));
    const anyActivator = clps.some((c) => c && literal(c, 'needs_activation') !== undefined);
    const dialOut = target(template, 'call_leg_profile');
    const roles = amts
      .map((a) => readRole(template, a, separation!, anyActivator, dialOut))
      .sort((a, b) => Number(Boolean(b.props.defaultForDialOut)) - Number(Boolean(a.props.defaultForDialOut)) || a.props.name.localeCompare(b.props.name));
    need(!dialOut || roles.some((r) => r.clp === dialOut));

    const callProfile = target(template, 'call_profile');
    const props: SpaceTemplateProps = { name, roleSeparation: separation!, roles: roles.map((r) => r.props) };
    const mutable = props as { -readonly [K in keyof SpaceTemplateProps]: SpaceTemplateProps[K] };
    if (literal(template, 'description') !== undefined) mutable.description = String(literal(template, 'description'));
    if (callProfile) {
      only(callProfile, ['name', 'participant_limit', 'locked', 'recording_mode', 'passcode_mode', 'passcode_timeout']);
      need(literal(callProfile, 'name') === name);
      const limit = literal(callProfile, 'participant_limit');
      if (limit !== undefined) mutable.maxParticipants = Number(limit);
      if (literal(callProfile, 'locked') !== undefined) mutable.lockedByDefault = literal(callProfile, 'locked') as boolean;
      if (literal(callProfile, 'recording_mode') !== undefined) mutable.recordingMode = literal(callProfile, 'recording_mode') as RecordingMode;
      const mode = literal(callProfile, 'passcode_mode');
      const timeout = literal(callProfile, 'passcode_timeout');
      if (mode === 'required' && timeout === undefined) mutable.passcodeTimeout = 0;
      else if (mode === 'timeout' && timeout !== undefined) mutable.passcodeTimeout = Number(timeout);
      else need(mode === undefined && timeout === undefined);
    }
    const disp = target(template, 'dial_in_security_profile');
    if (disp) {
      only(disp, ['name', 'min_passcode_length']);
      need(literal(disp, 'name') === name && literal(disp, 'min_passcode_length') !== undefined);
      mutable.minPasscodeLength = Number(literal(disp, 'min_passcode_length'));
    }

    const members = [template, ...(callProfile ? [callProfile] : []), ...(disp ? [disp] : []), ...roles.flatMap((r) => [r.amt, r.clp, ...(r.disp ? [r.disp] : [])])];
    need(members.every((m) => !claimed.has(m)) && new Set(members).size === members.length);

    const ok = makesExactly((stack) => {
      const t = new SpaceTemplate(stack, 'template', props);
      const pairs = new Map<ExportedResource, TerraformResource>([[template, t.resource]]);
      if (callProfile) pairs.set(callProfile, t.callProfile as TerraformResource);
      if (disp) pairs.set(disp, t.dialInSecurityProfile as TerraformResource);
      for (const r of roles) {
        const made = t.role(r.props.name)!;
        pairs.set(r.amt, made.accessMethodTemplate);
        pairs.set(r.clp, made.callLegProfile);
        if (r.disp) pairs.set(r.disp, made.dialInSecurityProfile as TerraformResource);
      }
      // Anything the construct made beyond these shows as an object the server does not hold.
      return pairs;
    });
    need(ok);

    const varName = variableName(`space_template_${template.name}`);
    const memberExprs = new Map<ExportedResource, string>([[template, `${varName}.resource`]]);
    if (callProfile) memberExprs.set(callProfile, `${varName}.callProfile!`);
    if (disp) memberExprs.set(disp, `${varName}.dialInSecurityProfile!`);
    for (const r of roles) {
      const role = `${varName}.role(${tsString(r.props.name)})!`;
      memberExprs.set(r.amt, `${role}.accessMethodTemplate`);
      memberExprs.set(r.clp, `${role}.callLegProfile`);
      if (r.disp) memberExprs.set(r.disp, `${role}.dialInSecurityProfile!`);
    }
    members.forEach((m) => claimed.add(m));
    const propsCode: Record<string, TsValue> = {
      name,
      description: props.description,
      roleSeparation: member('RoleSeparation', RoleSeparation, props.roleSeparation),
      maxParticipants: props.maxParticipants,
      recordingMode: member('RecordingMode', RecordingMode, props.recordingMode),
      lockedByDefault: props.lockedByDefault,
      passcodeTimeout: props.passcodeTimeout,
      minPasscodeLength: props.minPasscodeLength,
      roles: roles.map((r) => r.code),
    };
    const uses = new Set(['SpaceTemplate', 'RoleSeparation']);
    const text = tsValue(propsCode, '');
    for (const e of ['RecordingMode', 'Layout', 'LastActivatorLeaves']) if (text.includes(`${e}.`)) uses.add(e);
    return {
      title: `SpaceTemplate ${name}`,
      varName,
      members: memberExprs,
      dependsOn: [],
      uses: [...uses],
      code: () => [`const ${varName} = new SpaceTemplate(this, ${tsString(`space_template_${template.name}`)}, ${text});`],
    };
  } catch (err) {
    if (err instanceof NoMatch) return undefined;
    throw err;
  }
}
