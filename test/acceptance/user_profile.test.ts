import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_user_profile.licensed';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/user_profile.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/userProfiles')).toEqual([]) };

const config = (license: boolean, extra = '') => `
resource "cms_user_profile" "licensed" {
  name                               = "Licensed users"
  has_license                        = ${license}
  audio_participation_allowed        = true
  video_participation_allowed        = true
  presentation_participation_allowed = false
  ${extra}
}
`;

it('cms_user_profile: licence and participation, import by id and name, update, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config(true),
        check: async ({ api, state }) => {
          expect((await api.get(`/userProfiles/${idOf(state)}`)).values).toEqual({
            name: 'Licensed users', hasLicense: 'true', audioParticipationAllowed: 'true', videoParticipationAllowed: 'true', presentationParticipationAllowed: 'false',
          });
        },
      },
      { importAddress: ADDR, importId: 'name=Licensed users' },
      { importAddress: ADDR, importId: idOf, viaBlock: true },
      { config: config(false), expectActions: { [ADDR]: ['update'] } },
      {
        config: config(false),
        preConfig: async ({ api, state }) => api.update(`/userProfiles/${idOf(state)}`, { hasLicense: 'true', name: 'Renamed' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/userProfiles/${idOf(state)}`)).values).toMatchObject({ name: 'Licensed users', hasLicense: 'false' }),
      },
      {
        config: config(false),
        preConfig: async ({ api, state }) => {
          await api.delete(`/userProfiles/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config(true, 'can_create_cospaces = true'), expectError: /An argument named "can_create_cospaces" is not expected here/, expectNoWrites: true },
      { config: config(true).replace('"Licensed users"', '""'), expectError: /cms_user_profile\.name must not be empty/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_user_profile: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
