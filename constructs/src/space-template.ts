/**
 * A space template with roles, as Meeting Management models it (deployment-rules.md "Meeting
 * Management provisioning" item 4), made of Meeting Server API objects:
 *
 *   template                 → cms_cospace_template (name, description)
 *   each role                → cms_access_method_template + its own cms_call_leg_profile
 *   role minPasscodeLength   → a cms_dial_in_security_profile on the role's access method template
 *   meeting-wide settings    → one cms_call_profile on the template (see SpaceRole)
 *   default dial-out role    → the template's call_leg_profile (it applies to everyone joining
 *                              without an access method: dial-outs, members, the space's own URI)
 *
 * docs/constructs.md has the full table.
 */
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { CallProfile } from '../generated/providers/cms/call-profile';
import { CospaceTemplate } from '../generated/providers/cms/cospace-template';
import { DataCmsObject } from '../generated/providers/cms/data-cms-object';
import { DialInSecurityProfile } from '../generated/providers/cms/dial-in-security-profile';
import type { IMeetingServer } from './meeting-server';
import { apiProvider, apiProviderFindings } from './private/api-server';
import { addRuleCheck, formatFinding } from './private/findings';
import { stackRegistry } from './private/stack-checks';
import { checkRange } from './private/util';
import * as rules from './rules';
import type { Finding } from './rules';
import { SpaceTemplateRole } from './space-template-role';
import type { SpaceRole } from './space-template-role';
import { RoleSeparation } from './types';
import type { RecordingMode } from './types';

/** A space template, owned by the app or looked up. */
export interface ISpaceTemplate extends IConstruct {
  /** Id (GUID) of the `cms_cospace_template`. */
  readonly templateId: string;
}

export interface SpaceTemplateProps {
  /** Name shown to web app users choosing a template; unique (the provider finds templates by name). */
  readonly name: string;
  /**
   * Why a user would pick the template.
   * @default none
   */
  readonly description?: string;
  /**
   * Whether roles are told apart by their own URI and meeting ID, or by passcode on one URI.
   * @default RoleSeparation.URI
   */
  readonly roleSeparation?: RoleSeparation;
  /**
   * The participant roles.
   * @default none: spaces made from the template have no access methods of their own
   */
  readonly roles?: SpaceRole[];
  /**
   * Most participants in a meeting (call profile `participant_limit`); at most 2600 per conference.
   * @default inherited
   */
  readonly maxParticipants?: number;
  /**
   * Recording of the meeting (call profile `recording_mode`).
   * @default inherited (manual when no level sets it)
   */
  readonly recordingMode?: RecordingMode;
  /**
   * Meetings start locked (call profile `locked`).
   * @default inherited
   */
  readonly lockedByDefault?: boolean;
  /**
   * Seconds to wait for a passcode before treating it as blank; 0 = off.
   * @default inherited
   */
  readonly passcodeTimeout?: number;
  /**
   * Shortest passcode of the space itself (a dial-in security profile on the template).
   * @default inherited
   */
  readonly minPasscodeLength?: number;
  /**
   * Node whose API creates the template and its profiles.
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
}

/** Options for {@link SpaceTemplate.fromTemplateName}. */
export interface SpaceTemplateLookupOptions {
  /**
   * Node whose API is asked.
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
}

/** Meeting-wide values: one from the roles (which must agree), else the template's. */
function meetingWide<T>(setting: string, template: T | undefined, roles: readonly SpaceRole[], pick: (r: SpaceRole) => T | undefined): { value: T | undefined; findings: Finding[] } {
  const values = roles.flatMap((r) => (pick(r) === undefined ? [] : [{ role: r.name, value: pick(r) as T }]));
  return { value: values.length ? values[0].value : template, findings: rules.roleMeetingWideSetting(setting, values) };
}

export class SpaceTemplate extends Construct implements ISpaceTemplate {
  /** A template the app does not own, by its id. */
  public static fromTemplateId(scope: Construct, id: string, templateId: string): ISpaceTemplate {
    class Imported extends Construct implements ISpaceTemplate {
      public readonly templateId = templateId;
    }
    return new Imported(scope, id);
  }

  /** A template the app does not own (made by hand or by Meeting Management), found by name when Terraform plans. */
  public static fromTemplateName(scope: Construct, id: string, name: string, options: SpaceTemplateLookupOptions = {}): ISpaceTemplate {
    class Imported extends Construct implements ISpaceTemplate {
      public readonly templateId: string;
      constructor() {
        super(scope, id);
        this.templateId = new DataCmsObject(this, 'Lookup', { type: 'cms_cospace_template', key: { name }, provider: apiProvider(options.apiServer) }).id;
      }
    }
    return new Imported();
  }

  public readonly templateId: string;
  public readonly name: string;
  public readonly roleSeparation: RoleSeparation;
  public readonly roles: readonly SpaceTemplateRole[];
  /** The `cms_cospace_template` resource. */
  public readonly resource: CospaceTemplate;
  /** The template's call profile, when a meeting-wide setting is made. */
  public readonly callProfile?: CallProfile;
  /** The space's own passcode policy, when minPasscodeLength is set. */
  public readonly dialInSecurityProfile?: DialInSecurityProfile;

  constructor(scope: Construct, id: string, props: SpaceTemplateProps) {
    super(scope, id);
    const roles = props.roles ?? [];
    // Role names are construct ids too, so a repeat cannot wait for validation.
    const repeated = rules.roleNames(roles);
    if (repeated.length) throw new Error(`SpaceTemplate ${props.name}: ${formatFinding(repeated[0])}`);
    checkRange('minPasscodeLength', props.minPasscodeLength, 0, 64);
    checkRange('maxParticipants', props.maxParticipants, 0, 2147483647);
    checkRange('passcodeTimeout', props.passcodeTimeout, 0, 2147483647);
    const provider = apiProvider(props.apiServer);
    this.name = props.name;
    this.roleSeparation = props.roleSeparation ?? RoleSeparation.URI;

    const maxParticipants = meetingWide('maxParticipants', props.maxParticipants, roles, (r) => r.maxParticipants);
    const locked = meetingWide('lockedByDefault', props.lockedByDefault, roles, (r) => r.lockedByDefault);
    const timeout = meetingWide('passcodeTimeout', props.passcodeTimeout, roles, (r) => r.passcodeTimeout);
    const recording = rules.meetingRecordingMode([props.recordingMode, ...roles.map((r) => r.recordingMode)]);
    if ([maxParticipants.value, locked.value, timeout.value, recording].some((v) => v !== undefined)) {
      this.callProfile = new CallProfile(this, 'CallProfile', {
        name: props.name,
        participantLimit: maxParticipants.value,
        locked: locked.value,
        recordingMode: recording,
        passcodeMode: timeout.value === undefined ? undefined : timeout.value === 0 ? 'required' : 'timeout',
        passcodeTimeout: timeout.value ? timeout.value : undefined,
        provider,
      });
    }
    if (props.minPasscodeLength !== undefined) {
      this.dialInSecurityProfile = new DialInSecurityProfile(this, 'DialInSecurityProfile', { name: props.name, minPasscodeLength: props.minPasscodeLength, provider });
    }
    this.resource = new CospaceTemplate(this, 'Resource', {
      name: props.name,
      description: props.description,
      callProfile: this.callProfile?.id,
      dialInSecurityProfile: this.dialInSecurityProfile?.id,
      provider,
    });
    this.templateId = this.resource.id;

    const context = { templateName: props.name, templateId: this.templateId, separation: this.roleSeparation, anyActivator: roles.some((r) => r.activator), apiServer: props.apiServer };
    this.roles = roles.map((r) => new SpaceTemplateRole(this, r, context));
    const dialOut = this.roles.find((r) => r.settings.defaultForDialOut);
    if (dialOut) this.resource.callLegProfile = dialOut.callLegProfile.id;

    stackRegistry(this).spaceTemplateNames.push(props.name);
    addRuleCheck(this, () => [
      ...rules.roleUris(this.roleSeparation, roles),
      ...roles.flatMap((r) => (r.uriGenerator === undefined ? [] : rules.uriGenerator(r.name, r.uriGenerator))),
      ...rules.rolePasscodes(this.roleSeparation, roles),
      ...rules.roleDialOut(roles),
      ...maxParticipants.findings,
      ...locked.findings,
      ...timeout.findings,
      ...rules.conferenceSize(maxParticipants.value),
      ...roles.flatMap((r) => (r.visibility === undefined ? [] : rules.notApplied(`role ${r.name}: visibility ${r.visibility}`, 'cms_access_method_template has no scope parameter (the API reference does not confirm one); set scope on each space access method instead.'))),
      ...apiProviderFindings(this, props.apiServer),
    ]);
  }

  /** The role named `name`. */
  public role(name: string): SpaceTemplateRole | undefined {
    return this.roles.find((r) => r.name === name);
  }
}
