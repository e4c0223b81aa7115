import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_cospace_access_method.host';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const valuesOf = (address: string, state: State) => state.find((r) => r.address === address)?.values ?? {};
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/cospace_access_method.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    for (const p of ['/coSpaces', '/callLegProfiles', '/dialInSecurityProfiles']) expect(await idsIn(api, p)).toEqual([]);
  },
};
const hostPath = (state: State) => `/coSpaces/${String(valuesOf(ADDR, state).cospace_id)}/accessMethods/${idOf(ADDR)(state)}`;

const base = `
resource "cms_cospace" "sales" {
  name    = "Sales team"
  uri     = "sales"
  call_id = "88001"
}

resource "cms_cospace" "board" {
  name = "Board"
  uri  = "board"
}

resource "cms_call_leg_profile" "host" {
  name                = "Host"
  mute_others_allowed = true
}

resource "cms_dial_in_security_profile" "pins" {
  name                = "Four-digit PINs"
  min_passcode_length = 4
}

resource "cms_cospace_access_method" "guest" {
  cospace_id = cms_cospace.sales.id
  name       = "Guest"
  call_id    = "88001"
  passcode   = "1111"
}
`;

const config = (space: string, body: string) => `${base}
resource "cms_cospace_access_method" "host" {
  cospace_id = cms_cospace.${space}.id
  ${body}
}
`;

const full = `
  name                     = "Host"
  uri                      = "sales.host"
  call_id                  = "88002"
  passcode                 = "2468"
  call_leg_profile         = cms_call_leg_profile.host.id
  scope                    = "private"
  importance               = 10
  dial_in_security_profile = cms_dial_in_security_profile.pins.id
`;
const changed = `
  name     = "Chair"
  uri      = "sales.chair"
  call_id  = "88003"
  passcode = "97531"
  scope    = "public"
`;

it('cms_cospace_access_method: roles of a space, secret, import by id, update, move to another space, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('sales', full),
        check: async ({ api, state }) => {
          const values = (await api.get(hostPath(state))).values;
          expect(values).toMatchObject({
            name: 'Host', uri: 'sales.host', callId: '88002', passcode: '2468', callLegProfile: idOf('cms_call_leg_profile.host')(state),
            scope: 'private', importance: '10', dialInSecurityProfile: idOf('cms_dial_in_security_profile.pins')(state),
          });
          expect(valuesOf(ADDR, state).secret).toBe(values.secret);
          // The same call ID as the space with another passcode: a second role into the same space.
          const guest = (await api.get(`/coSpaces/${idOf('cms_cospace.sales')(state)}/accessMethods/${idOf('cms_cospace_access_method.guest')(state)}`)).values;
          expect(guest).toMatchObject({ callId: '88001', passcode: '1111' });
        },
      },
      { importAddress: ADDR, importId: (s) => `${idOf('cms_cospace.sales')(s)}/${idOf(ADDR)(s)}`, verifyIgnore: ['passcode'] },
      { importAddress: ADDR, importId: (s) => `${idOf('cms_cospace.sales')(s)}/${idOf(ADDR)(s)}`, viaBlock: true, verifyIgnore: ['passcode'] },
      {
        config: config('sales', changed),
        expectActions: { [ADDR]: ['update'], 'cms_cospace_access_method.guest': ['no-op'] },
        check: async ({ api, state }) => {
          const values = (await api.get(hostPath(state))).values;
          expect(values).toMatchObject({ name: 'Chair', uri: 'sales.chair', callId: '88003', passcode: '97531', scope: 'public' });
          expect(values.callLegProfile).toBeUndefined();
          expect(values.importance).toBeUndefined();
        },
      },
      // An access method cannot move between spaces: it is replaced.
      { config: config('board', changed), expectActions: { [ADDR]: ['delete', 'create'] } },
      {
        config: config('board', changed),
        preConfig: async ({ api, state }) => api.update(hostPath(state), { passcode: '0000', name: 'Hijacked' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(hostPath(state))).values).toMatchObject({ name: 'Chair', passcode: '97531' }),
      },
      {
        config: config('board', changed),
        preConfig: async ({ api, state }) => {
          await api.delete(hostPath(state));
        },
        expectActions: { [ADDR]: ['create'] },
      },
      {
        // The space itself is deleted on the server: both are made again.
        config: config('board', changed),
        preConfig: async ({ api, state }) => {
          await api.delete(`/coSpaces/${idOf('cms_cospace.board')(state)}`);
        },
        expectActions: { 'cms_cospace.board': ['create'], [ADDR]: ['create'] },
      },
      { config: config('board', 'scope = "everyone"'), expectError: /cms_cospace_access_method\.scope must be one of "public", "private", "member"/, expectNoWrites: true },
      { config: config('board', 'uri = "a b"'), expectError: /cms_cospace_access_method\.uri must be the user part of a URI only/, expectNoWrites: true },
      // The reference gives importance a maximum only: a negative value goes to the server, which refuses it.
      { config: config('board', 'importance = -1'), expectError: /cms_cospace_access_method\.importance: PUT \S+ on \S+ failed: the server refused the value of parameter "importance" \(invalidValue\)/ },
      { config: config('board', 'call_id = "88001"\n  passcode = "1111"').replace('cms_cospace.board.id', 'cms_cospace.sales.id'), expectError: /another space already uses this call ID and passcode combination \(duplicateCoSpaceIdPasscode/ },
    ],
    empty,
  );
});

it('cms_cospace_access_method: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
