import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_system_profiles.this';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/system_profiles.json'), 'utf8')) as { example: string }).example;
const PROFILE_COLLECTIONS = ['/callLegProfiles', '/callProfiles', '/dtmfProfiles', '/userProfiles', '/ivrBrandingProfiles', '/callBrandingProfiles', '/compatibilityProfiles', '/dialInSecurityProfiles', '/webBridgeProfiles'];
const reset = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    // Destroy unbinds every profile (the singleton stays, empty), then the profiles go.
    expect((await api.get('/system/profiles')).values).toEqual({});
    for (const p of PROFILE_COLLECTIONS) expect(await idsIn(api, p)).toEqual([]);
  },
};

const profiles = `
resource "cms_call_leg_profile" "a" {
  name = "Everyone"
}

resource "cms_call_leg_profile" "b" {
  name = "Everyone (strict)"
}

resource "cms_call_profile" "a" {
  name = "Meetings"
}

resource "cms_dtmf_profile" "a" {
  end_call = "*9"
}

resource "cms_user_profile" "a" {
  name = "Users"
}

resource "cms_ivr_branding_profile" "a" {
  resource_location = "https://branding.example.com/ivr/"
}

resource "cms_call_branding_profile" "a" {
  resource_location = "https://branding.example.com/call/"
}

resource "cms_compatibility_profile" "a" {
  sip_udt = true
}

resource "cms_dial_in_security_profile" "a" {
  name                = "PINs"
  min_passcode_length = 4
}

resource "cms_web_bridge_profile" "a" {
  name = "Web app"
}
`;

const config = (body: string) => `${profiles}
resource "cms_system_profiles" "this" {
  ${body}
}
`;

const all = `
  call_leg_profile         = cms_call_leg_profile.a.id
  call_profile             = cms_call_profile.a.id
  dtmf_profile             = cms_dtmf_profile.a.id
  user_profile             = cms_user_profile.a.id
  ivr_branding_profile     = cms_ivr_branding_profile.a.id
  call_branding_profile    = cms_call_branding_profile.a.id
  compatibility_profile    = cms_compatibility_profile.a.id
  dial_in_security_profile = cms_dial_in_security_profile.a.id
  web_bridge_profile       = cms_web_bridge_profile.a.id
`;

it('cms_system_profiles: binds every profile type, import, rebind and unbind in place, drift, reset on destroy', async () => {
  await acceptance(
    env(),
    [
      {
        config: config(all),
        check: async ({ api, state }) => {
          expect((await api.get('/system/profiles')).values).toEqual({
            callLegProfile: idOf('cms_call_leg_profile.a')(state),
            callProfile: idOf('cms_call_profile.a')(state),
            dtmfProfile: idOf('cms_dtmf_profile.a')(state),
            userProfile: idOf('cms_user_profile.a')(state),
            ivrBrandingProfile: idOf('cms_ivr_branding_profile.a')(state),
            callBrandingProfile: idOf('cms_call_branding_profile.a')(state),
            compatibilityProfile: idOf('cms_compatibility_profile.a')(state),
            dialInSecurityProfile: idOf('cms_dial_in_security_profile.a')(state),
            webBridgeProfile: idOf('cms_web_bridge_profile.a')(state),
          });
          expect(idOf(ADDR)(state)).toBe('system/profiles');
        },
      },
      { importAddress: ADDR, importId: 'system/profiles' },
      { importAddress: ADDR, importId: 'system/profiles', viaBlock: true },
      {
        config: config('call_leg_profile = cms_call_leg_profile.b.id\n  compatibility_profile = cms_compatibility_profile.a.id'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get('/system/profiles')).values).toEqual({ callLegProfile: idOf('cms_call_leg_profile.b')(state), compatibilityProfile: idOf('cms_compatibility_profile.a')(state) });
        },
      },
      {
        config: config('call_leg_profile = cms_call_leg_profile.b.id\n  compatibility_profile = cms_compatibility_profile.a.id'),
        preConfig: async ({ api, state }) => api.update('/system/profiles', { callLegProfile: idOf('cms_call_leg_profile.a')(state), callProfile: idOf('cms_call_profile.a')(state) }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get('/system/profiles')).values).toEqual({ callLegProfile: idOf('cms_call_leg_profile.b')(state), compatibilityProfile: idOf('cms_compatibility_profile.a')(state) });
        },
      },
      {
        // Someone unbinds everything on the server (the singleton cannot be deleted): the plan binds again.
        config: config('call_leg_profile = cms_call_leg_profile.b.id\n  compatibility_profile = cms_compatibility_profile.a.id'),
        preConfig: async ({ api }) => api.update('/system/profiles', { callLegProfile: '', compatibilityProfile: '' }),
        expectActions: { [ADDR]: ['update'] },
      },
      { config: config('call_profile = "default"'), expectError: /cms_system_profiles\.call_profile must be an object id/, expectNoWrites: true },
    ],
    reset,
  );
});

it('cms_system_profiles: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], reset);
});
