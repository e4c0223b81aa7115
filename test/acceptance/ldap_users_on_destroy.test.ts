/**
 * Users and spaces an LDAP sync made, after destroy: they stay (the API deletes none of them),
 * unless a `cms_ldap_sync` with `run_on = "destroy"` runs a final sync once the sources that
 * depend on it are gone, which removes them with their spaces, memberships and template
 * assignments.
 */
import type { LdapEntry } from '../../simulator/src';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();

function person(uid: string, cn: string): LdapEntry {
  return { dn: `uid=${uid},ou=people,dc=example,dc=com`, attributes: { objectClass: 'person', uid, cn, mail: `${uid}@example.com` } };
}

const config = (options: { cleanup: boolean; sourceOnCleanup?: boolean }) => `
resource "cms_ldap_server" "directory" {
  name        = "Directory"
  address     = "ldap.example.com"
  port_number = 389
  secure      = false
}

resource "cms_ldap_mapping" "people" {
  jid_mapping           = "$uid$@example.com"
  name_mapping          = "$cn$"
  cospace_uri_mapping   = "$uid$.space"
  cospace_name_mapping  = "$cn$'s space"
}

resource "cms_ldap_source" "people" {
  server  = cms_ldap_server.directory.id
  mapping = cms_ldap_mapping.people.id
  base_dn = "ou=people,dc=example,dc=com"
  filter  = "(objectClass=person)"
${options.cleanup ? '  depends_on = [cms_ldap_sync.remove_users_on_destroy]\n' : ''}}

resource "cms_cospace_template" "meeting" {
  name = "Meeting"
}

resource "cms_ldap_user_cospace_template_source" "people" {
  ldap_source      = cms_ldap_source.people.id
  cospace_template = cms_cospace_template.meeting.id
}

resource "cms_ldap_sync" "users" {
  triggers = {
    source   = cms_ldap_source.people.id
    template = cms_ldap_user_cospace_template_source.people.id
  }
}
${
  options.cleanup
    ? `
resource "cms_ldap_sync" "remove_users_on_destroy" {
  run_on = "destroy"
${options.sourceOnCleanup ? '  ldap_source = "9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7"\n' : ''}}
`
    : ''
}`;

const directory = [person('alice', 'Alice Archer'), person('bob', 'Bob Baker')];

it('without a sync on destroy, the users and spaces a sync made stay after destroy', async () => {
  const e = env();
  e.sim.reset();
  e.sim.setDirectory(directory);
  await acceptance(e, [{ config: config({ cleanup: false }), check: async ({ api }) => expect(await idsIn(api, '/users')).toHaveLength(2) }], {
    checkDestroy: async ({ api }) => {
      expect(await idsIn(api, '/ldapSources')).toEqual([]);
      // Left behind: the API cannot delete them, and no sync ran after the source went.
      expect((await api.listAll('/users')).map((u) => u.values.userJid).sort()).toEqual(['alice@example.com', 'bob@example.com']);
      expect((await api.listAll('/coSpaces')).map((s) => s.values.uri).sort()).toEqual(['alice.space', 'bob.space']);
    },
  });
});

it('a cms_ldap_sync with run_on = "destroy" runs a final sync once the sources are gone, removing what the syncs made', async () => {
  const e = env();
  e.sim.reset();
  e.sim.setDirectory(directory);
  await acceptance(
    e,
    [
      {
        config: config({ cleanup: true }),
        check: async ({ api, state, sim }) => {
          // Creating the destroy-time sync ran nothing: one sync, the import.
          expect(sim.ldapSyncHistory()).toHaveLength(1);
          expect(state.find((r) => r.address === 'cms_ldap_sync.remove_users_on_destroy')?.values).toMatchObject({ run_on: 'destroy', state: null, users_after: null });
          const users = await api.listAll('/users');
          expect(users.map((u) => u.values.userJid).sort()).toEqual(['alice@example.com', 'bob@example.com']);
          expect(await api.listAll(`/users/${users[0]!.id}/userCoSpaceTemplates`)).toHaveLength(1);
          expect(await idsIn(api, '/coSpaces')).toHaveLength(2);
        },
      },
      {
        config: config({ cleanup: true, sourceOnCleanup: true }),
        expectError: /A sync that runs on destroy runs after the LDAP sources are deleted, so it cannot be limited to one of them: remove ldap_source/,
        expectNoWrites: true,
      },
    ],
    {
      checkDestroy: async ({ api, sim }) => {
        // The final sync ran after the source was deleted, and removed every user it had made.
        expect(sim.ldapSyncHistory()).toHaveLength(2);
        for (const collection of ['/ldapSources', '/users', '/coSpaces', '/coSpaceTemplates']) expect({ collection, left: await idsIn(api, collection) }).toEqual({ collection, left: [] });
      },
    },
  );
});
