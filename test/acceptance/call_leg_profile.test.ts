import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_call_leg_profile.guest';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/call_leg_profile.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/callLegProfiles')).toEqual([]) };

const full = (layout: string, extra = '') => `
resource "cms_call_leg_profile" "guest" {
  name                                        = "Guest"
  needs_activation                            = true
  deactivation_mode                           = "deactivate"
  deactivation_mode_time                      = 30
  default_layout                              = "${layout}"
  change_layout_allowed                       = false
  participant_labels                          = true
  presentation_display_mode                   = "dualStream"
  presentation_contribution_allowed           = false
  presentation_viewing_allowed                = true
  end_call_allowed                            = false
  disconnect_others_allowed                   = false
  add_participant_allowed                     = false
  mute_others_allowed                         = false
  video_mute_others_allowed                   = false
  mute_self_allowed                           = true
  video_mute_self_allowed                     = true
  allow_all_mute_self_allowed                 = false
  allow_all_presentation_contribution_allowed = false
  change_join_audio_mute_override_allowed     = false
  change_role_allowed                         = false
  join_tone_participant_threshold             = 10
  leave_tone_participant_threshold            = 0
  video_mode                                  = "auto"
  rx_audio_mute                               = false
  tx_audio_mute                               = false
  rx_video_mute                               = false
  tx_video_mute                               = false
  sip_media_encryption                        = "required"
  audio_packet_size_ms                        = 20
  telepresence_calls_allowed                  = true
  sip_presentation_channel_enabled            = true
  bfcp_mode                                   = "serverAndClient"
  call_lock_allowed                           = false
  set_importance_allowed                      = false
  recording_control_allowed                   = false
  streaming_control_allowed                   = false
  max_call_duration_time                      = 14400
  quality_main                                = "max1080p30"
  quality_presentation                        = "max720p5"
  participant_counter                         = "auto"
  control_remote_camera_allowed               = false
  audio_gain_mode                             = "agc"
  meeting_title_position                      = "top"
  chat_contribution_allowed                   = true
  survey_ops_allowed                          = false
  ${extra}
}
`;

const small = (extra = '') => `
resource "cms_call_leg_profile" "guest" {
  name             = "Guest"
  needs_activation = true
  default_layout   = "speakerOnly"
  ${extra}
}
`;

it('cms_call_leg_profile: every parameter, tri-state unset, import, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: full('speakerOnly'),
        expectActions: { [ADDR]: ['create'] },
        check: async ({ api, state }) => {
          const values = (await api.get(`/callLegProfiles/${idOf(state)}`)).values;
          expect(values).toMatchObject({
            name: 'Guest', needsActivation: 'true', deactivationMode: 'deactivate', deactivationModeTime: '30', defaultLayout: 'speakerOnly',
            changeLayoutAllowed: 'false', recordingControlAllowed: 'false', streamingControlAllowed: 'false', changeRoleAllowed: 'false',
            muteOthersAllowed: 'false', presentationContributionAllowed: 'false', surveyOpsAllowed: 'false', chatContributionAllowed: 'true',
            meetingTitlePosition: 'top', qualityMain: 'max1080p30', qualityPresentation: 'max720p5', leaveToneParticipantThreshold: '0',
          });
        },
      },
      { importAddress: ADDR, importId: idOf },
      { importAddress: ADDR, importId: 'name=Guest', viaBlock: true },
      { config: full('allEqual', 'layout_template = null'), expectActions: { [ADDR]: ['update'] } },
      {
        // Removing parameters unsets them at this level (inherit): the server keeps no value and
        // reports none, and state reads null, not a default.
        config: small(),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          const values = (await api.get(`/callLegProfiles/${idOf(state)}`)).values;
          expect(values).toEqual({ name: 'Guest', needsActivation: 'true', defaultLayout: 'speakerOnly' });
          expect(state[0].values).toMatchObject({ change_layout_allowed: null, mute_self_allowed: null, quality_main: null, deactivation_mode: null });
        },
      },
      {
        config: small(),
        preConfig: async ({ api, state }) => api.update(`/callLegProfiles/${idOf(state)}`, { needsActivation: 'false', muteOthersAllowed: 'true' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          const values = (await api.get(`/callLegProfiles/${idOf(state)}`)).values;
          expect(values.needsActivation).toBe('true');
          expect(values.muteOthersAllowed).toBeUndefined();
        },
      },
      {
        config: small(),
        preConfig: async ({ api, state }) => {
          await api.delete(`/callLegProfiles/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: small('deactivation_mode = "kick"'), expectError: /cms_call_leg_profile\.deactivation_mode must be one of "deactivate", "disconnect", "remainActivated"/, expectNoWrites: true },
      { config: small('quality_main = "max4k"'), expectError: /cms_call_leg_profile\.quality_main must be one of "unrestricted", "max1080p30", "max720p30", "max480p30"/, expectNoWrites: true },
      { config: small('join_tone_participant_threshold = 101'), expectError: /join_tone_participant_threshold must be at most 100/, expectNoWrites: true },
      { config: small('layout_template = "wide"'), expectError: /layout_template must be an object id/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_call_leg_profile: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
