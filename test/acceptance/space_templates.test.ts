import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const TEMPLATE = 'cms_cospace_template.team';
const HOST = 'cms_access_method_template.host';

const config = (hostTemplate: string, hostUri: string, guestName = 'Guest') => `
resource "cms_cospace_template" "team" {
  name        = "Team meeting"
  description = "A space for a team's regular meetings"
}

resource "cms_cospace_template" "board" {
  name = "Board meeting"
}

resource "cms_access_method_template" "host" {
  cospace_template_id     = cms_cospace_template.${hostTemplate}.id
  name                    = "Host"
  uri_generator           = "${hostUri}"
  generate_unique_call_id = true
}

resource "cms_access_method_template" "guest" {
  cospace_template_id = cms_cospace_template.team.id
  name                = "${guestName}"
  uri_generator       = "$.guest"
}
`;

it('cms_cospace_template and cms_access_method_template: child collection, replacement on parent change, import, drift', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: config('team', '$.host'),
        check: async ({ api, state }) => {
          const t = idOf(TEMPLATE)(state);
          const children = await api.listAll(`/coSpaceTemplates/${t}/accessMethodTemplates`);
          expect(children.map((c) => c.values.name).sort()).toEqual(['Guest', 'Host']);
          expect((await api.get(`/coSpaceTemplates/${t}/accessMethodTemplates/${idOf(HOST)(state)}`)).values).toMatchObject({ uriGenerator: '$.host', generateUniqueCallId: 'true' });
        },
      },
      { importAddress: TEMPLATE, importId: 'name=Team meeting' },
      { importAddress: HOST, importId: (s) => `${idOf(TEMPLATE)(s)}/${idOf(HOST)(s)}` },
      { importAddress: HOST, importId: (s) => `cospace_template_id=${idOf(TEMPLATE)(s)},name=Host`, viaBlock: true },
      { config: config('team', '$.chair'), expectActions: { [HOST]: ['update'], 'cms_access_method_template.guest': ['no-op'] } },
      // Moving a role to another template replaces it: a child cannot change parents.
      { config: config('board', '$.chair'), expectActions: { [HOST]: ['delete', 'create'] } },
      {
        config: config('board', '$.chair'),
        preConfig: async ({ api, state }) => api.update(`/coSpaceTemplates/${idOf('cms_cospace_template.board')(state)}/accessMethodTemplates/${idOf(HOST)(state)}`, { uriGenerator: '$.x' }),
        expectActions: { [HOST]: ['update'] },
      },
      {
        config: config('board', '$.chair'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/coSpaceTemplates/${idOf(TEMPLATE)(state)}`);
        },
        expectActions: { [TEMPLATE]: ['create'], 'cms_access_method_template.guest': ['create'] },
      },
      { config: config('board', 'host'), expectError: /uri_generator must contain exactly one "\$"/, expectNoWrites: true },
    ],
    { checkDestroy: async ({ api }) => expect(await idsIn(api, '/coSpaceTemplates')).toEqual([]) },
  );
});
