import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_call_branding_profile.corporate';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/call_branding_profile.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/callBrandingProfiles')).toEqual([]) };

const config = (location: string, invitation = 'invitation_template = "https://branding.example.com/invitation.txt"') => `
resource "cms_call_branding_profile" "corporate" {
  resource_location = "${location}"
  ${invitation}
}
`;

it('cms_call_branding_profile: create, import by id, update, unset, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('https://branding.example.com/call/'),
        check: async ({ api, state }) => {
          expect((await api.get(`/callBrandingProfiles/${idOf(state)}`)).values).toEqual({
            resourceLocation: 'https://branding.example.com/call/',
            invitationTemplate: 'https://branding.example.com/invitation.txt',
          });
        },
      },
      { importAddress: ADDR, importId: idOf },
      { importAddress: ADDR, importId: idOf, viaBlock: true },
      {
        config: config('https://branding2.example.com/call/', ''),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/callBrandingProfiles/${idOf(state)}`)).values).toEqual({ resourceLocation: 'https://branding2.example.com/call/' });
        },
      },
      {
        config: config('https://branding2.example.com/call/', ''),
        preConfig: async ({ api, state }) => api.update(`/callBrandingProfiles/${idOf(state)}`, { resourceLocation: 'https://evil.example.com/' }),
        expectActions: { [ADDR]: ['update'] },
      },
      {
        config: config('https://branding2.example.com/call/', ''),
        preConfig: async ({ api, state }) => {
          await api.delete(`/callBrandingProfiles/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('branding.example.com/call'), expectError: /cms_call_branding_profile\.resource_location must be an http\(s\) URL/, expectNoWrites: true },
      { config: config('ftp://branding.example.com/'), expectError: /resource_location must use https:\/\/ or http:\/\/, not ftp:\/\//, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_call_branding_profile: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
