import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_web_bridge_profile.public';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/web_bridge_profile.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/webBridgeProfiles')).toEqual([]) };

const config = (body: string) => `
resource "cms_web_bridge_profile" "public" {
  name = "Public web app"
  ${body}
}
`;

it('cms_web_bridge_profile: server defaults read as unset, import, update, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('resource_archive = "https://branding.example.com/webapp.zip"\n  allow_unauthenticated_guests = false\n  resolve_cospace_uris = "domainSuggestionEnabled"'),
        check: async ({ api, state }) => {
          expect((await api.get(`/webBridgeProfiles/${idOf(state)}`)).values).toMatchObject({
            name: 'Public web app', resourceArchive: 'https://branding.example.com/webapp.zip', allowUnauthenticatedGuests: 'false',
            resolveCoSpaceUris: 'domainSuggestionEnabled', allowPasscodes: 'true', resolveLyncConferenceIds: 'false',
          });
          // Values the server fills in by default stay unset in state: no diff for what was not configured.
          expect(state[0].values).toMatchObject({ allow_passcodes: null, allow_secrets: null, resolve_lync_conference_ids: null });
        },
      },
      { importAddress: ADDR, importId: idOf },
      { importAddress: ADDR, importId: 'name=Public web app', viaBlock: true },
      {
        // An explicitly configured default stays as written.
        config: config('allow_passcodes = true\n  allow_secrets = false\n  resolve_cospace_uris = "off"'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/webBridgeProfiles/${idOf(state)}`)).values).toMatchObject({ allowSecrets: 'false', allowUnauthenticatedGuests: 'true', resolveCoSpaceUris: 'off' });
          expect((await api.get(`/webBridgeProfiles/${idOf(state)}`)).values.resourceArchive).toBeUndefined();
          expect(state[0].values).toMatchObject({ allow_passcodes: true, resolve_cospace_uris: 'off' });
        },
      },
      {
        config: config('allow_passcodes = true\n  allow_secrets = false\n  resolve_cospace_uris = "off"'),
        preConfig: async ({ api, state }) => api.update(`/webBridgeProfiles/${idOf(state)}`, { allowSecrets: 'true', userPortalEnabled: 'false' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/webBridgeProfiles/${idOf(state)}`)).values).toMatchObject({ allowSecrets: 'false', userPortalEnabled: 'true' }),
      },
      {
        config: config('allow_passcodes = true\n  allow_secrets = false\n  resolve_cospace_uris = "off"'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/webBridgeProfiles/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('resolve_cospace_uris = "on"'), expectError: /cms_web_bridge_profile\.resolve_cospace_uris must be one of "off", "domainSuggestionDisabled", "domainSuggestionEnabled"/, expectNoWrites: true },
      { config: config('resource_archive = "webapp.zip"'), expectError: /resource_archive must be an http\(s\) URL/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_web_bridge_profile: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
