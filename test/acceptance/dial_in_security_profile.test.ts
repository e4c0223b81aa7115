import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_dial_in_security_profile.pins';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/dial_in_security_profile.json'), 'utf8')) as { example: string }).example;
const empty = { checkDestroy: async ({ api }: AcceptanceEnv) => expect(await idsIn(api, '/dialInSecurityProfiles')).toEqual([]) };

const config = (length: number, extra = '') => `
resource "cms_dial_in_security_profile" "pins" {
  name                = "Six-digit PINs"
  min_passcode_length = ${length}
  ${extra}
}
`;

it('cms_dial_in_security_profile: create, import by id and name, update, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config(6, 'allow_out_of_policy = false'),
        check: async ({ api, state }) => {
          expect((await api.get(`/dialInSecurityProfiles/${idOf(state)}`)).values).toEqual({ name: 'Six-digit PINs', minPasscodeLength: '6', allowOutOfPolicy: 'false' });
        },
      },
      { importAddress: ADDR, importId: idOf },
      { importAddress: ADDR, importId: 'name=Six-digit PINs', viaBlock: true },
      {
        config: config(8),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/dialInSecurityProfiles/${idOf(state)}`)).values).toEqual({ name: 'Six-digit PINs', minPasscodeLength: '8' });
        },
      },
      {
        config: config(8),
        preConfig: async ({ api, state }) => api.update(`/dialInSecurityProfiles/${idOf(state)}`, { minPasscodeLength: '2' }),
        expectActions: { [ADDR]: ['update'] },
      },
      {
        config: config(8),
        preConfig: async ({ api, state }) => {
          await api.delete(`/dialInSecurityProfiles/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      // No documented range: the server judges the value.
      { config: config(-1), expectError: /cms_dial_in_security_profile\.min_passcode_length: PUT \S+ on \S+ failed: the server refused the value of parameter "minPasscodeLength" \(invalidValue\)/ },
      { config: config(4.5), expectError: /min_passcode_length must be a whole number/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_dial_in_security_profile: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
