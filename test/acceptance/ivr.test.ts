import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_ivr.main';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/ivr.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    for (const p of ['/ivrs', '/ivrBrandingProfiles', '/tenants', '/tenantGroups', '/coSpaces']) expect(await idsIn(api, p)).toEqual([]);
  },
};

const base = `
resource "cms_ivr_branding_profile" "corporate" {
  resource_location = "https://branding.example.com/ivr/"
}

resource "cms_tenant_group" "customers" {}

resource "cms_tenant" "acme" {
  name = "Acme"
}
`;

const config = (uri: string, body: string, extra = '') => `${base}
resource "cms_ivr" "main" {
  uri = "${uri}"
  ${body}
}
${extra}`;

it('cms_ivr: references and defaults, import by id and URI, update, drift, URI clashes, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('ivr', 'ivr_branding_profile = cms_ivr_branding_profile.corporate.id\n  tenant_group = cms_tenant_group.customers.id\n  resolve_cospace_call_ids = false\n  resolve_lync_conference_ids = true'),
        check: async ({ api, state }) => {
          expect((await api.get(`/ivrs/${idOf(ADDR)(state)}`)).values).toEqual({
            uri: 'ivr', tenantGroup: idOf('cms_tenant_group.customers')(state), ivrBrandingProfile: idOf('cms_ivr_branding_profile.corporate')(state),
            resolveCoSpaceCallIds: 'false', resolveLyncConferenceIds: 'true',
          });
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: 'uri=ivr', viaBlock: true },
      {
        config: config('ivr.acme', 'tenant = cms_tenant.acme.id'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/ivrs/${idOf(ADDR)(state)}`)).values).toEqual({ uri: 'ivr.acme', tenant: idOf('cms_tenant.acme')(state), resolveCoSpaceCallIds: 'true', resolveLyncConferenceIds: 'false' });
          expect(state.find((r) => r.address === ADDR)?.values).toMatchObject({ resolve_cospace_call_ids: null, resolve_lync_conference_ids: null });
        },
      },
      {
        config: config('ivr.acme', 'tenant = cms_tenant.acme.id'),
        preConfig: async ({ api, state }) => api.update(`/ivrs/${idOf(ADDR)(state)}`, { resolveCoSpaceCallIds: 'false', uri: 'hijacked' }),
        expectActions: { [ADDR]: ['update'] },
      },
      {
        config: config('ivr.acme', 'tenant = cms_tenant.acme.id'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/ivrs/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      {
        // An IVR URI may not be taken by a space: refused at plan, before the server would.
        config: config('ivr.acme', 'tenant = cms_tenant.acme.id', `\nresource "cms_cospace" "clash" {\n  name       = "Clash"\n  uri        = "ivr.acme"\n  depends_on = [cms_ivr.main]\n}\n`),
        expectError: /with cms_cospace\.clash.*CMS-URI-UNIQUE: cms_cospace\.uri is the same as in another cms_ivr \(id [0-9a-f-]+\) of this configuration/,
        expectNoWrites: true,
      },
      { config: config('ivr@example.com', ''), expectError: /cms_ivr\.uri must be the user part of a URI only/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_ivr: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
