/** SpaceTemplate: how each role setting maps to API objects, and the role rules. */
import { LastActivatorLeaves, Layout, RecordingMode, RoleSeparation, RoleVisibility, SpaceTemplate } from '../../constructs/src';
import type { SpaceRole } from '../../constructs/src';
import { meetingServer, newStack, synth, warningsFor } from './helpers';
import type { Json, Synthesized } from './helpers';

function template(roles: SpaceRole[], more: Partial<ConstructorParameters<typeof SpaceTemplate>[2]> = {}): { stack: ReturnType<typeof newStack>; t: SpaceTemplate } {
  const stack = newStack();
  meetingServer(stack, 'cms1', { defaultProvider: true });
  const t = new SpaceTemplate(stack, 'team', { name: 'Team', description: 'Team meetings', roles, ...more });
  return { stack, t };
}

function byName(s: Synthesized, type: string): Record<string, Json> {
  return Object.fromEntries(Object.values(s.resources(type)).map((r) => [String(r.name), r]));
}

const ref = (type: string, s: Synthesized, name: string): string => {
  const [id] = Object.entries(s.resources(type)).find(([, r]) => r.name === name) ?? [];
  return `\${${type}.${id}.id}`;
};

describe('SpaceTemplate', () => {
  it('roles told apart by URI: an access method template with its own URI and call ID, and a call leg profile, per role', () => {
    const { stack } = template([
      { name: 'Host', uriGenerator: '$.host', activator: true, minPasscodeLength: 6, defaultLayout: Layout.SPEAKER_ONLY, allowChangeRole: true, recordingMode: RecordingMode.MANUAL },
      { name: 'Guest', uriGenerator: '$.guest', videoAllowed: false, whenLastActivatorLeaves: LastActivatorLeaves.RETURN_TO_LOBBY, lastActivatorLeavesDelay: 30, recordingMode: RecordingMode.DISABLED, defaultForDialOut: true },
    ]);
    const s = synth(stack);
    expect(s.only('cms_cospace_template')).toEqual({
      name: 'Team',
      description: 'Team meetings',
      call_profile: ref('cms_call_profile', s, 'Team'),
      call_leg_profile: ref('cms_call_leg_profile', s, 'Team: Guest'),
    });
    expect(byName(s, 'cms_call_leg_profile')).toEqual({
      'Team: Host': { name: 'Team: Host', needs_activation: false, default_layout: 'speakerOnly', change_role_allowed: true, recording_control_allowed: true },
      'Team: Guest': { name: 'Team: Guest', needs_activation: true, video_mode: 'disabled', deactivation_mode: 'deactivate', deactivation_mode_time: 30, recording_control_allowed: false },
    });
    expect(byName(s, 'cms_dial_in_security_profile')).toEqual({ 'Team: Host': { name: 'Team: Host', min_passcode_length: 6 } });
    const templateId = `\${cms_cospace_template.${Object.keys(s.resources('cms_cospace_template'))[0]}.id}`;
    expect(byName(s, 'cms_access_method_template')).toEqual({
      Host: { cospace_template_id: templateId, name: 'Host', uri_generator: '$.host', generate_unique_call_id: true, call_leg_profile: ref('cms_call_leg_profile', s, 'Team: Host'), dial_in_security_profile: ref('cms_dial_in_security_profile', s, 'Team: Host') },
      Guest: { cospace_template_id: templateId, name: 'Guest', uri_generator: '$.guest', generate_unique_call_id: true, call_leg_profile: ref('cms_call_leg_profile', s, 'Team: Guest') },
    });
    // The meeting records manually: the most permissive role asks for it.
    expect(s.only('cms_call_profile')).toEqual({ name: 'Team', recording_mode: 'manual' });
    expect(s.warnings).toEqual([]);
  });

  it('roles told apart by passcode share the space URI ($) and no call IDs of their own', () => {
    const { stack } = template([{ name: 'Host', minPasscodeLength: 6 }, { name: 'Guest' }], { roleSeparation: RoleSeparation.PASSCODE });
    const amts = byName(synth(stack), 'cms_access_method_template');
    expect(amts.Host).toMatchObject({ uri_generator: '$' });
    expect(amts.Host.generate_unique_call_id).toBeUndefined();
    expect(amts.Guest).toMatchObject({ uri_generator: '$' });
  });

  it('with no activator role nobody waits: needs_activation is left unset', () => {
    const { stack } = template([{ name: 'Everyone', uriGenerator: '$' }]);
    expect(synth(stack).only('cms_call_leg_profile')).toEqual({ name: 'Team: Everyone' });
  });

  it('meeting-wide settings: the template call profile, a role value overriding the template, passcode timeout as passcode mode', () => {
    const { stack } = template(
      [
        { name: 'Host', uriGenerator: '$.host', maxParticipants: 100, recordingMode: RecordingMode.AUTOMATIC },
        { name: 'Guest', uriGenerator: '$.guest', maxParticipants: 100, lockedByDefault: true },
      ],
      { maxParticipants: 50, passcodeTimeout: 20, recordingMode: RecordingMode.DISABLED, minPasscodeLength: 4 },
    );
    const s = synth(stack);
    expect(s.only('cms_call_profile')).toEqual({ name: 'Team', participant_limit: 100, locked: true, recording_mode: 'automatic', passcode_mode: 'timeout', passcode_timeout: 20 });
    expect(byName(s, 'cms_dial_in_security_profile')).toEqual({ Team: { name: 'Team', min_passcode_length: 4 } });
    expect(s.only('cms_cospace_template').dial_in_security_profile).toBe(ref('cms_dial_in_security_profile', s, 'Team'));
  });

  it('passcode timeout 0 means off: the passcode is required', () => {
    const { stack } = template([], { passcodeTimeout: 0 });
    expect(synth(stack).only('cms_call_profile')).toEqual({ name: 'Team', passcode_mode: 'required' });
  });

  it('a template without meeting-wide settings has no call profile', () => {
    const { stack } = template([{ name: 'Host', uriGenerator: '$.host' }]);
    expect(synth(stack).resources('cms_call_profile')).toEqual({});
  });

  it('exposes each role and its objects', () => {
    const { t } = template([{ name: 'Host', uriGenerator: '$.host', minPasscodeLength: 4 }]);
    expect(t.roles.map((r) => r.name)).toEqual(['Host']);
    expect(t.role('Host')?.dialInSecurityProfile).toBeDefined();
    expect(t.role('Guest')).toBeUndefined();
  });

  it('fromTemplateId and fromTemplateName reference templates the app does not own', () => {
    const stack = newStack();
    const api = meetingServer(stack, 'cms1');
    const byId = SpaceTemplate.fromTemplateId(stack, 'existing', '9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7');
    const byName = SpaceTemplate.fromTemplateName(stack, 'mm', 'Made by Meeting Management', { apiServer: api });
    expect(byId.templateId).toBe('9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7');
    const s = synth(stack);
    expect(Object.values(s.dataSources('cms_object'))).toEqual([{ provider: 'cms.cms1', type: 'cms_cospace_template', key: { name: 'Made by Meeting Management' } }]);
    expect(byName.templateId).toMatch(/TfToken/);
  });

  it('refuses out-of-range values and repeated role names early', () => {
    expect(() => template([{ name: 'Host', minPasscodeLength: 65 }])).toThrow(/role Host: minPasscodeLength must be a whole number from 0 to 64/);
    expect(() => template([{ name: 'Host', uriGenerator: '$.a' }, { name: 'Host', uriGenerator: '$.b' }])).toThrow(/\[CMS-ROLE-NAME\] role names must differ within a space template; Host is used more than once/);
  });

  describe('rules', () => {
    it('[CMS-URI-GENERATOR] refuses other characters and anything but exactly one $', () => {
      const { stack } = template([
        { name: 'Host', uriGenerator: '$.host@x' },
        { name: 'Guest', uriGenerator: 'guest' },
        { name: 'Viewer', uriGenerator: '$.$' },
      ]);
      expect(() => synth(stack)).toThrow(
        /\[CMS-URI-GENERATOR\] role Host: URI generator "\$.host@x" has characters other than letters, digits, . - _ and \$: "@"[\s\S]*\[CMS-URI-GENERATOR\] role Guest: URI generator "guest" must contain exactly one \$[\s\S]*role Viewer: .* it has 2/,
      );
    });

    it('[CMS-ROLE-URI] roles told apart by URI need their own generators', () => {
      const { stack } = template([{ name: 'Host', uriGenerator: '$.x' }, { name: 'Guest', uriGenerator: '$.x' }, { name: 'Viewer' }]);
      expect(() => synth(stack)).toThrow(/\[CMS-ROLE-URI\] roles told apart by URI each need a uriGenerator, such as \$.host; Viewer has none[\s\S]*\[CMS-ROLE-URI\] roles told apart by URI need different URI generators; \$.x is used by more than one role/);
    });

    it('[CMS-ROLE-URI] roles told apart by passcode share one generator', () => {
      const { stack } = template([{ name: 'Host', uriGenerator: '$.meet', minPasscodeLength: 4 }, { name: 'Guest' }], { roleSeparation: RoleSeparation.PASSCODE });
      expect(() => synth(stack)).toThrow(/\[CMS-ROLE-URI\] roles told apart by passcode share one URI, so their URI generators must be equal \(or left out\); got \$.meet, \$/);
    });

    it('[CMS-ROLE-PASSCODE] warns when more than one role on one URI has no passcode', () => {
      const { stack } = template([{ name: 'Host', minPasscodeLength: 6 }, { name: 'Guest' }, { name: 'Viewer', minPasscodeLength: 0 }], { roleSeparation: RoleSeparation.PASSCODE });
      expect(warningsFor(synth(stack), 'CMS-ROLE-PASSCODE')).toEqual([
        '[CMS-ROLE-PASSCODE] roles told apart by passcode: only one role may have no passcode, but Guest, Viewer have none; the server then invents a 4-digit passcode. Set minPasscodeLength on all but one.',
      ]);
    });

    it('[CMS-ROLE-PASSCODE] says nothing when roles have their own URIs', () => {
      const { stack } = template([{ name: 'Host', uriGenerator: '$.h' }, { name: 'Guest', uriGenerator: '$.g' }]);
      expect(synth(stack).warnings).toEqual([]);
    });

    it('[CMS-ROLE-DIAL-OUT] refuses two default dial-out roles', () => {
      const { stack } = template([{ name: 'Host', uriGenerator: '$.h', defaultForDialOut: true }, { name: 'Guest', uriGenerator: '$.g', defaultForDialOut: true }]);
      expect(() => synth(stack)).toThrow(/\[CMS-ROLE-DIAL-OUT\] only one role can be the default for dial-out participants; Host, Guest are/);
    });

    it('[CMS-ROLE-MEETING-WIDE] refuses roles that disagree on a meeting-wide setting', () => {
      const { stack } = template([{ name: 'Host', uriGenerator: '$.h', maxParticipants: 50, passcodeTimeout: 10 }, { name: 'Guest', uriGenerator: '$.g', maxParticipants: 20 }]);
      expect(() => synth(stack)).toThrow(/\[CMS-ROLE-MEETING-WIDE\] maxParticipants applies to the whole meeting \(the template's call profile\), so roles must agree; got Host: 50, Guest: 20/);
    });

    it('[CMS-CONFERENCE-SIZE] warns above 2600 participants', () => {
      const { stack } = template([], { maxParticipants: 3000 });
      expect(warningsFor(synth(stack), 'CMS-CONFERENCE-SIZE')).toEqual(['[CMS-CONFERENCE-SIZE] maximum participants 3000 is above the 2600 participants a conference can have in a cluster.']);
    });

    it('[CMS-NOT-APPLIED] warns that role visibility has no API parameter to go to', () => {
      const { stack } = template([{ name: 'Host', uriGenerator: '$.h', visibility: RoleVisibility.MEMBERS }]);
      expect(warningsFor(synth(stack), 'CMS-NOT-APPLIED')).toEqual([expect.stringContaining('role Host: visibility member is recorded but not applied')]);
    });

    it('[CMS-NAME-UNIQUE] refuses two templates with one name', () => {
      const { stack } = template([]);
      new SpaceTemplate(stack, 'again', { name: 'Team' });
      expect(() => synth(stack)).toThrow(/\[test\] \[CMS-NAME-UNIQUE\] space template names must be unique/);
    });
  });
});
