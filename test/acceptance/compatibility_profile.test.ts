import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_compatibility_profile.interop';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/compatibility_profile.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/compatibilityProfiles')).toEqual([]) };

const config = (codec: string, extra = '') => `
resource "cms_compatibility_profile" "interop" {
  sip_udt                           = true
  sip_multistream                   = false
  sip_media_payload_type_mode       = "broadsoft"
  chrome_web_rtc_video_codec        = "${codec}"
  chrome_web_rtc_h264_interop_mode  = "none"
  h264_chp_mode                     = "basic"
  sip_h224                          = true
  distribution_link_media_traversal = "enabled"
  ${extra}
}
`;

it('cms_compatibility_profile: every parameter, import by id, update, unset, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('avoidH264'),
        check: async ({ api, state }) => {
          expect((await api.get(`/compatibilityProfiles/${idOf(state)}`)).values).toEqual({
            sipUdt: 'true', sipMultistream: 'false', sipMediaPayloadTypeMode: 'broadsoft', chromeWebRtcVideoCodec: 'avoidH264',
            chromeWebRtcH264interopMode: 'none', h264CHPMode: 'basic', sipH224: 'true', distributionLinkMediaTraversal: 'enabled',
          });
        },
      },
      { importAddress: ADDR, importId: idOf },
      { importAddress: ADDR, importId: idOf, viaBlock: true },
      { config: config('auto'), expectActions: { [ADDR]: ['update'] } },
      {
        config: `resource "cms_compatibility_profile" "interop" {\n  sip_udt = true\n}\n`,
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/compatibilityProfiles/${idOf(state)}`)).values).toEqual({ sipUdt: 'true' }),
      },
      {
        config: `resource "cms_compatibility_profile" "interop" {\n  sip_udt = true\n}\n`,
        preConfig: async ({ api, state }) => api.update(`/compatibilityProfiles/${idOf(state)}`, { sipUdt: 'false', sipH224: 'true' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/compatibilityProfiles/${idOf(state)}`)).values).toEqual({ sipUdt: 'true' }),
      },
      {
        config: `resource "cms_compatibility_profile" "interop" {\n  sip_udt = true\n}\n`,
        preConfig: async ({ api, state }) => {
          await api.delete(`/compatibilityProfiles/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('vp9'), expectError: /cms_compatibility_profile\.chrome_web_rtc_video_codec must be one of "auto", "avoidH264"/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_compatibility_profile: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
