/**
 * cms_ldap_sync, the action: applying it runs a sync and waits for it; changing its triggers runs
 * it again; a failed sync fails the apply with the server's reason and the clashes.
 */
import type { CmsClient } from '../../provider/src/cms/client';
import type { LdapEntry } from '../../simulator/src';
import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_ldap_sync.users';

function person(uid: string, cn: string): LdapEntry {
  return { dn: `uid=${uid},ou=people,dc=example,dc=com`, attributes: { objectClass: 'person', uid, cn, mail: `${uid}@example.com` } };
}

/** LDAP server, mapping and source made directly through the API (their resources have their own tests). */
async function ldapSetup(api: CmsClient, spaceUri = '$uid$.space'): Promise<string> {
  const server = await api.create('/ldapServers', { name: 'Directory', address: 'ldap.example.com', portNumber: '389', secure: 'false' });
  const mapping = await api.create('/ldapMappings', { jidMapping: '$uid$@example.com', nameMapping: '$cn$', coSpaceUriMapping: spaceUri, coSpaceNameMapping: "$cn$'s space" });
  const source = await api.create('/ldapSources', { server: server.id, mapping: mapping.id, baseDn: 'ou=people,dc=example,dc=com', filter: '(objectClass=person)' });
  return source.id;
}

const config = (trigger: string) => `
resource "cms_ldap_sync" "users" {
  triggers = {
    directory = "${trigger}"
  }
  timeout_seconds = 30
}
`;

it('cms_ldap_sync runs a sync on create and again when its triggers change, recording the outcome', async () => {
  const e = env();
  e.sim.reset();
  await ldapSetup(e.api);
  e.sim.setDirectory([person('alice', 'Alice Archer'), person('bob', 'Bob Baker')]);
  await acceptance(e, [
    {
      config: config('v1'),
      expectActions: { [ADDR]: ['create'] },
      check: async ({ api, state }) => {
        expect(state[0].values).toMatchObject({ state: 'complete', users_before: 0, users_after: 2, spaces_before: 0, spaces_after: 2, timeout_seconds: 30 });
        expect((await api.listAll('/users')).map((u) => u.values.userJid).sort()).toEqual(['alice@example.com', 'bob@example.com']);
        expect(await api.listAll('/ldapSyncs')).toEqual([]); // the job is cleaned up
      },
    },
    {
      config: config('v2'),
      preConfig: async ({ sim }) => sim.setDirectory([person('alice', 'Alice Archer'), person('bob', 'Bob Baker'), person('carol', 'Carol Chen')]),
      expectActions: { [ADDR]: ['delete', 'create'] },
      check: async ({ state }) => expect(state[0].values).toMatchObject({ users_before: 2, users_after: 3, spaces_after: 3 }),
    },
    {
      // Changing only the timeout runs nothing.
      config: config('v2').replace('timeout_seconds = 30', 'timeout_seconds = 60'),
      preConfig: async ({ sim }) => sim.log.clear(),
      expectActions: { [ADDR]: ['update'] },
      check: async ({ sim }) => expect(sim.log.entries({ method: 'POST' }).filter((x) => x.path.includes('ldapSyncs'))).toEqual([]),
    },
    { config: config('v2').replace('timeout_seconds = 30', 'timeout_seconds = 0'), expectError: /timeout_seconds must be at least 1/, expectNoWrites: true },
  ]);
});

it('a sync that fails fails the apply with its reason and clashes, and runs again on the next apply', async () => {
  const e = env();
  e.sim.reset();
  await ldapSetup(e.api, 'meeting'); // every user would get the same space URI: a clash
  e.sim.setDirectory([person('alice', 'Alice Archer'), person('bob', 'Bob Baker')]);
  await acceptance(e, [{ config: config('v1'), expectError: /cms_ldap_sync failed .* ended in state "failed" with reason "clashOccurred"\..*meeting/ }]);
});
