import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_tenant.acme';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/tenant.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    expect(await idsIn(api, '/tenants')).toEqual([]);
    expect(await idsIn(api, '/tenantGroups')).toEqual([]);
    for (const p of ['/callLegProfiles', '/callProfiles', '/dtmfProfiles', '/ivrBrandingProfiles', '/callBrandingProfiles', '/userProfiles', '/dialInSecurityProfiles', '/webBridgeProfiles']) {
      expect(await idsIn(api, p)).toEqual([]);
    }
  },
};

const profiles = `
resource "cms_tenant_group" "customers" {}

resource "cms_call_leg_profile" "acme" {
  name = "Acme participants"
}

resource "cms_call_profile" "acme" {
  name = "Acme meetings"
}

resource "cms_dtmf_profile" "acme" {
  end_call = "*9"
}

resource "cms_ivr_branding_profile" "acme" {
  resource_location = "https://branding.example.com/acme/ivr/"
}

resource "cms_call_branding_profile" "acme" {
  resource_location = "https://branding.example.com/acme/call/"
}

resource "cms_user_profile" "acme" {
  name        = "Acme users"
  has_license = true
}

resource "cms_dial_in_security_profile" "acme" {
  name                = "Acme PINs"
  min_passcode_length = 4
}

resource "cms_web_bridge_profile" "acme" {
  name = "Acme web app"
}
`;

const config = (name: string, limit: number, body: string) => `${profiles}
resource "cms_tenant" "acme" {
  name              = "${name}"
  participant_limit = ${limit}
  ${body}
}
`;

const allProfiles = `
  tenant_group             = cms_tenant_group.customers.id
  call_leg_profile         = cms_call_leg_profile.acme.id
  call_profile             = cms_call_profile.acme.id
  dtmf_profile             = cms_dtmf_profile.acme.id
  ivr_branding_profile     = cms_ivr_branding_profile.acme.id
  call_branding_profile    = cms_call_branding_profile.acme.id
  user_profile             = cms_user_profile.acme.id
  dial_in_security_profile = cms_dial_in_security_profile.acme.id
  web_bridge_profile       = cms_web_bridge_profile.acme.id
`;

it('cms_tenant: every profile reference, import by id and name, update, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('Acme', 200, allProfiles),
        check: async ({ api, state }) => {
          expect((await api.get(`/tenants/${idOf(ADDR)(state)}`)).values).toEqual({
            name: 'Acme',
            participantLimit: '200',
            tenantGroup: idOf('cms_tenant_group.customers')(state),
            callLegProfile: idOf('cms_call_leg_profile.acme')(state),
            callProfile: idOf('cms_call_profile.acme')(state),
            dtmfProfile: idOf('cms_dtmf_profile.acme')(state),
            ivrBrandingProfile: idOf('cms_ivr_branding_profile.acme')(state),
            callBrandingProfile: idOf('cms_call_branding_profile.acme')(state),
            userProfile: idOf('cms_user_profile.acme')(state),
            dialInSecurityProfile: idOf('cms_dial_in_security_profile.acme')(state),
            webBridgeProfile: idOf('cms_web_bridge_profile.acme')(state),
          });
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: 'name=Acme', viaBlock: true },
      {
        config: config('Acme Corp', 300, 'call_leg_profile = cms_call_leg_profile.acme.id'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/tenants/${idOf(ADDR)(state)}`)).values).toEqual({ name: 'Acme Corp', participantLimit: '300', callLegProfile: idOf('cms_call_leg_profile.acme')(state) });
        },
      },
      {
        config: config('Acme Corp', 300, 'call_leg_profile = cms_call_leg_profile.acme.id'),
        preConfig: async ({ api, state }) => api.update(`/tenants/${idOf(ADDR)(state)}`, { participantLimit: '5', callLegProfile: '' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/tenants/${idOf(ADDR)(state)}`)).values).toMatchObject({ participantLimit: '300', callLegProfile: idOf('cms_call_leg_profile.acme')(state) }),
      },
      {
        config: config('Acme Corp', 300, 'call_leg_profile = cms_call_leg_profile.acme.id'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/tenants/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      // No documented range: the server judges the value.
      { config: config('Acme Corp', -1, ''), expectError: /cms_tenant\.participant_limit: PUT \S+ on \S+ failed: the server refused the value of parameter "participantLimit" \(invalidValue\)/ },
      { config: config('Acme Corp', 1, 'call_profile = "acme"'), expectError: /cms_tenant\.call_profile must be an object id/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_tenant: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
