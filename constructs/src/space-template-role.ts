/**
 * A participant role of a space template (Meeting Management "Participant roles") and the API
 * objects it becomes: an access method template, its call leg profile and, with a minimum
 * passcode length, a dial-in security profile. See ./space-template.ts for the whole mapping.
 */
import { Construct } from 'constructs';
import { AccessMethodTemplate } from '../generated/providers/cms/access-method-template';
import { CallLegProfile } from '../generated/providers/cms/call-leg-profile';
import { DialInSecurityProfile } from '../generated/providers/cms/dial-in-security-profile';
import type { IMeetingServer } from './meeting-server';
import { apiProvider } from './private/api-server';
import { checkRange, idFrom } from './private/util';
import { RecordingMode, RoleSeparation } from './types';
import type { LastActivatorLeaves, Layout, RoleVisibility } from './types';

/**
 * A participant role of a space template. Settings left out are not set on the role's profile,
 * so the space's, tenant's or system's value applies (profiles inherit parameter by parameter).
 */
export interface SpaceRole {
  /** Name of the role, such as Host or Guest; unique within the template. */
  readonly name: string;
  /**
   * Who sees the role's access method in the apps. Not applied yet: access method templates have
   * no confirmed scope parameter, so this only raises a CMS-NOT-APPLIED warning.
   * @default the server's
   */
  readonly visibility?: RoleVisibility;
  /**
   * How the role's URI is made from the space's: letters, digits, `.`, `-`, `_` and exactly one
   * `$`, such as `$.host`. Required when roles are told apart by URI; with passcodes all roles
   * share one (`$`, the space's own URI, when left out).
   * @default `$` with RoleSeparation.PASSCODE
   */
  readonly uriGenerator?: string;
  /**
   * Shortest passcode of the role (0 = no passcode needed): a dial-in security profile on the
   * role's access method template.
   * @default no policy of its own (the template's, tenant's or system's applies)
   */
  readonly minPasscodeLength?: number;
  /**
   * Participants with this role activate the meeting; when some role of the template is an
   * activator, the others wait in the lobby until one joins (call leg profile `needs_activation`).
   * @default false
   */
  readonly activator?: boolean;
  /**
   * Most participants in the meeting. Meeting-wide: it goes to the template's call profile, so
   * roles that set it must agree; it overrides the template's maxParticipants.
   * @default the template's maxParticipants
   */
  readonly maxParticipants?: number;
  /**
   * Recording for this role: DISABLED and MANUAL set whether its participants may start and stop
   * recording (call leg profile `recording_control_allowed`); the meeting's recording mode (call
   * profile) is the most permissive any role or the template asks for.
   * @default the template's recordingMode
   */
  readonly recordingMode?: RecordingMode;
  /**
   * Meetings start locked (call profile `locked`). Meeting-wide, like maxParticipants.
   * @default the template's lockedByDefault
   */
  readonly lockedByDefault?: boolean;
  /**
   * Seconds to wait for a passcode before treating it as blank; 0 = off (call profile
   * `passcode_mode` and `passcode_timeout`). Meeting-wide, like maxParticipants.
   * @default the template's passcodeTimeout
   */
  readonly passcodeTimeout?: number;
  /**
   * Whether the role's participants send and receive video (call leg profile `video_mode`).
   * @default inherited
   */
  readonly videoAllowed?: boolean;
  /**
   * Layout the role's participants see when they join (call leg profile `default_layout`).
   * @default inherited
   */
  readonly defaultLayout?: Layout;
  /**
   * What happens to the role's participants when the last activator leaves (call leg profile
   * `deactivation_mode`).
   * @default inherited
   */
  readonly whenLastActivatorLeaves?: LastActivatorLeaves;
  /**
   * Seconds after the last activator leaves before whenLastActivatorLeaves applies
   * (call leg profile `deactivation_mode_time`).
   * @default inherited
   */
  readonly lastActivatorLeavesDelay?: number;
  /**
   * The role's participants may change other participants' roles (call leg profile `change_role_allowed`).
   * @default inherited
   */
  readonly allowChangeRole?: boolean;
  /**
   * The role of participants the space dials out to: its call leg profile becomes the template's.
   * @default false (at most one role)
   */
  readonly defaultForDialOut?: boolean;
}

function checkRole(r: SpaceRole): void {
  checkRange(`role ${r.name}: minPasscodeLength`, r.minPasscodeLength, 0, 64);
  checkRange(`role ${r.name}: maxParticipants`, r.maxParticipants, 0, 2147483647);
  checkRange(`role ${r.name}: passcodeTimeout`, r.passcodeTimeout, 0, 2147483647);
  checkRange(`role ${r.name}: lastActivatorLeavesDelay`, r.lastActivatorLeavesDelay, 0, 2147483647);
}

/** What a role needs to know of its template; SpaceTemplate makes the roles. */
export interface SpaceTemplateRoleContext {
  readonly templateName: string;
  readonly templateId: string;
  readonly separation: RoleSeparation;
  /** Whether some role of the template is an activator (the others then wait in the lobby). */
  readonly anyActivator: boolean;
  readonly apiServer?: IMeetingServer;
}

/** The API objects one role became. */
export class SpaceTemplateRole extends Construct {
  public readonly callLegProfile: CallLegProfile;
  public readonly accessMethodTemplate: AccessMethodTemplate;
  public readonly dialInSecurityProfile?: DialInSecurityProfile;

  constructor(
    scope: Construct,
    /** The role as declared. */
    public readonly settings: SpaceRole,
    context: SpaceTemplateRoleContext,
  ) {
    super(scope, idFrom(settings.name));
    checkRole(settings);
    const provider = apiProvider(context.apiServer);
    const r = settings;
    this.callLegProfile = new CallLegProfile(this, 'CallLegProfile', {
      name: `${context.templateName}: ${r.name}`,
      needsActivation: context.anyActivator ? !r.activator : undefined,
      deactivationMode: r.whenLastActivatorLeaves,
      deactivationModeTime: r.lastActivatorLeavesDelay,
      defaultLayout: r.defaultLayout,
      changeRoleAllowed: r.allowChangeRole,
      videoMode: r.videoAllowed === undefined ? undefined : r.videoAllowed ? 'auto' : 'disabled',
      recordingControlAllowed: r.recordingMode === RecordingMode.MANUAL ? true : r.recordingMode === RecordingMode.DISABLED ? false : undefined,
      provider,
    });
    if (r.minPasscodeLength !== undefined) {
      this.dialInSecurityProfile = new DialInSecurityProfile(this, 'DialInSecurityProfile', { name: `${context.templateName}: ${r.name}`, minPasscodeLength: r.minPasscodeLength, provider });
    }
    const byUri = context.separation === RoleSeparation.URI;
    this.accessMethodTemplate = new AccessMethodTemplate(this, 'AccessMethodTemplate', {
      cospaceTemplateId: context.templateId,
      name: r.name,
      uriGenerator: byUri ? r.uriGenerator : (r.uriGenerator ?? '$'),
      generateUniqueCallId: byUri ? true : undefined,
      callLegProfile: this.callLegProfile.id,
      dialInSecurityProfile: this.dialInSecurityProfile?.id,
      provider,
    });
  }

  public get name(): string {
    return this.settings.name;
  }
}

