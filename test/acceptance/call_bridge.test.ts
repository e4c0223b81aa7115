import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_call_bridge.cb1';
const idOf = (address: string) => (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === address)?.values.id);

const config = (group: string, domain: string) => `
resource "cms_call_bridge_group" "london" {
  name = "London"
}

resource "cms_call_bridge_group" "paris" {
  name = "Paris"
}

resource "cms_call_bridge" "cb1" {
  name              = "cb1"
  address           = "https://cb1.example.com:8443"
  sip_domain        = "${domain}"
  call_bridge_group = cms_call_bridge_group.${group}.id
}
`;

it('cms_call_bridge: references a group, moves between groups, import by name, drift, refused values', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: config('london', 'cb1.example.com'),
        check: async ({ api, state }) => {
          const cb = await api.get(`/callBridges/${idOf(ADDR)(state)}`);
          expect(cb.values).toMatchObject({ name: 'cb1', address: 'https://cb1.example.com:8443', callBridgeGroup: idOf('cms_call_bridge_group.london')(state) });
        },
      },
      { importAddress: ADDR, importId: 'name=cb1' },
      { importAddress: ADDR, importId: idOf(ADDR), viaBlock: true },
      { config: config('paris', 'cb1.example.com'), expectActions: { [ADDR]: ['update'] } },
      {
        config: config('paris', 'cb1.example.com'),
        preConfig: async ({ api, state }) => api.update(`/callBridges/${idOf(ADDR)(state)}`, { sipDomain: 'other.example.com' }),
        expectActions: { [ADDR]: ['update'] },
      },
      { config: config('paris', 'not a domain'), expectError: /cms_call_bridge\.sip_domain must be a domain name/, expectNoWrites: true },
      {
        config: config('paris', 'cb1.example.com').replace('https://cb1.example.com:8443', 'cb1.example.com'),
        expectError: /cms_call_bridge\.address must be an http\(s\) URL/,
        expectNoWrites: true,
      },
    ],
    {
      checkDestroy: async ({ api }) => {
        expect(await idsIn(api, '/callBridges')).toEqual([]);
        expect(await idsIn(api, '/callBridgeGroups')).toEqual([]);
      },
    },
  );
});

it('cms_call_bridge: a duplicate name is refused at plan, before the server would refuse it', async () => {
  const e = env();
  await acceptance(e, [
    {
      config: `resource "cms_call_bridge" "a" {\n  name = "twin"\n}\n\nresource "cms_call_bridge" "b" {\n  name = "twin"\n  depends_on = [cms_call_bridge.a]\n}\n`,
      expectError: /with cms_call_bridge\.(a|b).*CMS-CB-UNIQUE-NAME: cms_call_bridge\.name is the same as in another cms_call_bridge of this configuration\. Each Call Bridge of a cluster has its own unique name/,
      expectNoWrites: true,
    },
  ]);
});
