import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_ldap_server.ad';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);

const config = (port: number, paged = '') => `
resource "cms_ldap_server" "ad" {
  name        = "Corporate AD"
  address     = "ldap.example.com"
  port_number = ${port}
  secure      = true
  username    = "cn=cms,ou=service,dc=example,dc=com"
  password    = "bind-secret"
  ${paged}
}
`;

it('cms_ldap_server: bind password kept secret, update, import, drift, refused values', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: config(636),
        check: async ({ api, state }) => {
          expect((await api.get(`/ldapServers/${idOf(state)}`)).values).toMatchObject({ address: 'ldap.example.com', portNumber: '636', secure: 'true' });
        },
      },
      { importAddress: ADDR, importId: 'name=Corporate AD', verifyIgnore: ['password'] },
      { config: config(636) },
      { config: config(3269, 'use_paged_results = false'), expectActions: { [ADDR]: ['update'] } },
      {
        config: config(3269, 'use_paged_results = false'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/ldapServers/${idOf(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config(70000), expectError: /cms_ldap_server\.port_number must be at most 65535/, expectNoWrites: true },
    ],
    { checkDestroy: async ({ api }) => expect(await idsIn(api, '/ldapServers')).toEqual([]) },
  );
});
