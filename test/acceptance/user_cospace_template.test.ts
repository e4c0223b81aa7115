import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_user_cospace_template.alice_team';
type State = { address: string; values: Record<string, unknown> }[];
const valueOf = (address: string, attr: string) => (state: State) => String(state.find((r) => r.address === address)?.values[attr]);

const config = (template: string) => `
resource "cms_cospace_template" "team" {
  name = "Team meeting"
}

resource "cms_cospace_template" "board" {
  name = "Board meeting"
}

data "cms_users" "alice" {
  filter = "alice@example.com"
}

resource "cms_user_cospace_template" "alice_team" {
  user_id          = data.cms_users.alice.users[0].id
  cospace_template = cms_cospace_template.${template}.id
}
`;

it('cms_user_cospace_template: gives one imported user a template; replaced on change; import; drift; refused values', async () => {
  const e = env();
  e.sim.reset();
  const server = await e.api.create('/ldapServers', { name: 'Directory', address: 'ldap.example.com', portNumber: '389', secure: 'false' });
  const mapping = await e.api.create('/ldapMappings', { jidMapping: '$uid$@example.com', nameMapping: '$cn$' });
  await e.api.create('/ldapSources', { server: server.id, mapping: mapping.id, baseDn: 'ou=people,dc=example,dc=com' });
  e.sim.setDirectory([{ dn: 'uid=alice,ou=people,dc=example,dc=com', attributes: { objectClass: 'person', uid: 'alice', cn: 'Alice' } }]);
  await e.api.action('/ldapSyncs', {});
  const [alice] = await e.api.listAll('/users');
  await acceptance(
    e,
    [
      {
        config: config('team'),
        check: async ({ api, state }) => {
          const assigned = await api.listAll(`/users/${alice.id}/userCoSpaceTemplates`);
          expect(assigned.map((a) => a.values.coSpaceTemplate)).toEqual([valueOf('cms_cospace_template.team', 'id')(state)]);
        },
      },
      { importAddress: ADDR, importId: (s) => `${alice.id}/${valueOf(ADDR, 'id')(s)}` },
      { importAddress: ADDR, importId: (s) => `user_id=${alice.id},cospace_template=${valueOf('cms_cospace_template.team', 'id')(s)}`, viaBlock: true },
      { config: config('board'), expectActions: { [ADDR]: ['delete', 'create'] } },
      {
        config: config('board'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/users/${alice.id}/userCoSpaceTemplates/${valueOf(ADDR, 'id')(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('board').replace('data.cms_users.alice.users[0].id', '"not-a-user"'), expectError: /cms_user_cospace_template\.user_id must be an object id/, expectNoWrites: true },
    ],
    { checkDestroy: async ({ api }) => expect(await idsIn(api, `/users/${alice.id}/userCoSpaceTemplates`)).toEqual([]) },
  );
});
