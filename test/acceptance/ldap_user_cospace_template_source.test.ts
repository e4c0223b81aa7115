import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_ldap_user_cospace_template_source.sales';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/ldap_user_cospace_template_source.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    for (const p of ['/ldapUserCoSpaceTemplateSources', '/ldapSources', '/ldapServers', '/ldapMappings', '/coSpaceTemplates']) expect(await idsIn(api, p)).toEqual([]);
  },
};

const base = `
resource "cms_cospace_template" "team" {
  name = "Team meeting"
}

resource "cms_cospace_template" "board" {
  name = "Board meeting"
}

resource "cms_ldap_server" "ad" {
  name        = "Corporate AD"
  address     = "ldap.example.com"
  port_number = 389
  secure      = false
}

resource "cms_ldap_mapping" "staff" {
  jid_mapping = "$uid$@example.com"
}

resource "cms_ldap_source" "staff" {
  name    = "Staff"
  server  = cms_ldap_server.ad.id
  mapping = cms_ldap_mapping.staff.id
  base_dn = "ou=people,dc=example,dc=com"
}
`;

const config = (template: string, filter: string, sync = '') => `${base}
resource "cms_ldap_user_cospace_template_source" "sales" {
  ldap_source      = cms_ldap_source.staff.id
  cospace_template = cms_cospace_template.${template}.id
  ${filter}
}
${sync}`;

const sync = `
resource "cms_ldap_sync" "users" {
  triggers = {
    link = cms_ldap_user_cospace_template_source.sales.id
  }
  timeout_seconds = 30
}
`;

it('cms_ldap_user_cospace_template_source: imported users get the template, import by id and key, update, drift, refused filter', async () => {
  const e = env();
  e.sim.setDirectory(
    [['ann', 'Sales'], ['ben', 'Sales'], ['cat', 'Legal']].map(([uid, department]) => ({
      dn: `uid=${uid},ou=people,dc=example,dc=com`,
      attributes: { objectClass: 'person', uid, cn: uid, department },
    })),
  );
  await acceptance(
    e,
    [
      {
        config: config('team', 'filter = "(department=Sales)"', sync),
        check: async ({ api, state }) => {
          expect((await api.get(`/ldapUserCoSpaceTemplateSources/${idOf(ADDR)(state)}`)).values).toEqual({
            ldapSource: idOf('cms_ldap_source.staff')(state),
            coSpaceTemplate: idOf('cms_cospace_template.team')(state),
            filter: '(department=Sales)',
          });
          // After the sync, the source's sales users (only) have the template.
          const withTemplate: string[] = [];
          for (const user of await api.listAll('/users')) {
            const templates = await api.listAll(`/users/${user.id}/userCoSpaceTemplates`);
            if (templates.some((t) => t.values.coSpaceTemplate === idOf('cms_cospace_template.team')(state))) withTemplate.push(String(user.values.userJid));
          }
          expect(withTemplate.sort()).toEqual(['ann@example.com', 'ben@example.com']);
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: (s) => `ldap_source=${idOf('cms_ldap_source.staff')(s)},cospace_template=${idOf('cms_cospace_template.team')(s)}`, viaBlock: true },
      {
        config: config('board', ''),
        expectActions: { [ADDR]: ['update'], 'cms_ldap_sync.users': ['delete'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/ldapUserCoSpaceTemplateSources/${idOf(ADDR)(state)}`)).values).toMatchObject({ coSpaceTemplate: idOf('cms_cospace_template.board')(state) });
        },
      },
      {
        config: config('board', ''),
        preConfig: async ({ api, state }) => api.update(`/ldapUserCoSpaceTemplateSources/${idOf(ADDR)(state)}`, { filter: '(department=Legal)' }),
        expectActions: { [ADDR]: ['update'] },
      },
      {
        config: config('board', ''),
        preConfig: async ({ api, state }) => {
          await api.delete(`/ldapUserCoSpaceTemplateSources/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('board', 'filter = "department=Sales"'), expectError: /cms_ldap_user_cospace_template_source\.filter must be an LDAP filter in parentheses/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_ldap_user_cospace_template_source: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
