/**
 * Values the server chooses during an update (a space's secret once it has a call ID, the call
 * ID itself when one is required) are planned as known after apply, so such updates apply
 * cleanly and re-plan empty.
 */
import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
type State = { address: string; values: Record<string, unknown> }[];
const values = (state: State, address: string) => state.find((r) => r.address === address)!.values;

const space = (extra: string) => `
resource "cms_cospace" "team" {
  name = "Team"
  uri  = "team"
  ${extra}
}

resource "cms_cospace_access_method" "guest" {
  cospace_id = cms_cospace.team.id
  uri        = "team.guest"
  ${extra.includes('call_id = "7001"') ? 'call_id = "7002"' : ''}
}
`;

it('adding a call ID or requiring one updates in place and the server-chosen values follow', async () => {
  const e = env();
  e.sim.reset();
  await acceptance(e, [
    { config: space(''), check: async ({ state }) => expect(values(state, 'cms_cospace.team').secret).toBeNull() },
    {
      config: space('call_id = "7001"'),
      expectActions: { 'cms_cospace.team': ['update'], 'cms_cospace_access_method.guest': ['update'] },
      check: async ({ state }) => {
        expect(values(state, 'cms_cospace.team')).toMatchObject({ call_id: '7001', secret: expect.stringMatching(/.+/) });
        expect(values(state, 'cms_cospace_access_method.guest').secret).toEqual(expect.stringMatching(/.+/));
      },
    },
    { config: space('') },
    {
      config: space('require_call_id = true'),
      expectActions: { 'cms_cospace.team': ['update'] },
      check: async ({ state }) => expect(values(state, 'cms_cospace.team').call_id).toEqual(expect.stringMatching(/^\d+$/)),
    },
  ]);
});
