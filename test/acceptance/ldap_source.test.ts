import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_ldap_source.staff';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/ldap_source.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    for (const p of ['/ldapSources', '/ldapServers', '/ldapMappings', '/tenants', '/userProfiles']) expect(await idsIn(api, p)).toEqual([]);
  },
};

const base = `
resource "cms_ldap_server" "ad" {
  name        = "Corporate AD"
  address     = "ldap.example.com"
  port_number = 389
  secure      = false
}

resource "cms_ldap_server" "gc" {
  name        = "Global catalog"
  address     = "gc.example.com"
  port_number = 3268
  secure      = false
}

resource "cms_ldap_mapping" "staff" {
  jid_mapping  = "$uid$@example.com"
  name_mapping = "$cn$"
}

resource "cms_tenant" "acme" {
  name = "Acme"
}

resource "cms_user_profile" "licensed" {
  name        = "Licensed"
  has_license = true
}
`;

const config = (server: string, baseDn: string, body: string) => `${base}
resource "cms_ldap_source" "staff" {
  name    = "Staff"
  server  = cms_ldap_server.${server}.id
  mapping = cms_ldap_mapping.staff.id
  base_dn = "${baseDn}"
  ${body}
}
`;

const full = 'filter = "(&(objectClass=person)(memberOf=cn=video,dc=example,dc=com))"\n  tenant = cms_tenant.acme.id\n  user_profile = cms_user_profile.licensed.id\n  non_member_access = false';

it('cms_ldap_source: references, base DN and filter, import by id and name, update, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('ad', 'ou=people,dc=example,dc=com', full),
        check: async ({ api, state }) => {
          expect((await api.get(`/ldapSources/${idOf(ADDR)(state)}`)).values).toEqual({
            name: 'Staff',
            server: idOf('cms_ldap_server.ad')(state),
            mapping: idOf('cms_ldap_mapping.staff')(state),
            baseDn: 'ou=people,dc=example,dc=com',
            filter: '(&(objectClass=person)(memberOf=cn=video,dc=example,dc=com))',
            tenant: idOf('cms_tenant.acme')(state),
            userProfile: idOf('cms_user_profile.licensed')(state),
            nonMemberAccess: 'false',
          });
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: 'name=Staff', viaBlock: true },
      {
        config: config('gc', 'dc=example,dc=com', ''),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          const values = (await api.get(`/ldapSources/${idOf(ADDR)(state)}`)).values;
          expect(values).toMatchObject({ server: idOf('cms_ldap_server.gc')(state), baseDn: 'dc=example,dc=com', nonMemberAccess: 'true' });
          expect(values.tenant).toBeUndefined();
          expect(state.find((r) => r.address === ADDR)?.values.non_member_access).toBeNull();
        },
      },
      {
        config: config('gc', 'dc=example,dc=com', ''),
        preConfig: async ({ api, state }) => api.update(`/ldapSources/${idOf(ADDR)(state)}`, { baseDn: 'ou=other,dc=example,dc=com', filter: '(uid=x)' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/ldapSources/${idOf(ADDR)(state)}`)).values).toMatchObject({ baseDn: 'dc=example,dc=com', filter: '' }),
      },
      {
        config: config('gc', 'dc=example,dc=com', ''),
        preConfig: async ({ api, state }) => {
          await api.delete(`/ldapSources/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('gc', 'people', ''), expectError: /cms_ldap_source\.base_dn must be a distinguished name such as ou=people,dc=example,dc=com/, expectNoWrites: true },
      { config: config('gc', 'dc=example,dc=com', 'filter = "objectClass=person"'), expectError: /cms_ldap_source\.filter must be an LDAP filter in parentheses/, expectNoWrites: true },
      { config: config('gc', 'dc=example,dc=com', 'filter = "(&(objectClass=person)"'), expectError: /cms_ldap_source\.filter has unbalanced parentheses/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_ldap_source: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
