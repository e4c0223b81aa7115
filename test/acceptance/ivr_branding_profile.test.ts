import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_ivr_branding_profile.corporate';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/ivr_branding_profile.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/ivrBrandingProfiles')).toEqual([]) };

const config = (location: string) => `
resource "cms_ivr_branding_profile" "corporate" {
  resource_location = "${location}"
}
`;

it('cms_ivr_branding_profile: create, import by id and by location, update, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('https://branding.example.com/ivr/'),
        check: async ({ api, state }) => {
          expect((await api.get(`/ivrBrandingProfiles/${idOf(state)}`)).values).toEqual({ resourceLocation: 'https://branding.example.com/ivr/' });
        },
      },
      { importAddress: ADDR, importId: idOf },
      { importAddress: ADDR, importId: 'resource_location=https://branding.example.com/ivr/', viaBlock: true },
      { config: config('https://branding.example.com/ivr2/'), expectActions: { [ADDR]: ['update'] } },
      {
        config: config('https://branding.example.com/ivr2/'),
        preConfig: async ({ api, state }) => api.update(`/ivrBrandingProfiles/${idOf(state)}`, { resourceLocation: 'https://other.example.com/' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/ivrBrandingProfiles/${idOf(state)}`)).values.resourceLocation).toBe('https://branding.example.com/ivr2/'),
      },
      {
        config: config('https://branding.example.com/ivr2/'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/ivrBrandingProfiles/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('not a url'), expectError: /cms_ivr_branding_profile\.resource_location must be an http\(s\) URL/, expectNoWrites: true },
      { config: `resource "cms_ivr_branding_profile" "corporate" {\n}\n`, expectError: /The argument "resource_location" is required/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_ivr_branding_profile: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
