import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();

async function outputs(tf: { expect(args: string[]): Promise<{ stdout: string }> }): Promise<Record<string, unknown>> {
  const out = JSON.parse((await tf.expect(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
}

it('cms_users and cms_cospaces list what LDAP sync made; cms_database_status and cms_licensing read the node', async () => {
  const e = env();
  e.sim.reset();
  const server = await e.api.create('/ldapServers', { name: 'Directory', address: 'ldap.example.com', portNumber: '389', secure: 'false' });
  const mapping = await e.api.create('/ldapMappings', { jidMapping: '$uid$@example.com', nameMapping: '$cn$', coSpaceUriMapping: '$uid$.space', coSpaceNameMapping: "$cn$'s space" });
  await e.api.create('/ldapSources', { server: server.id, mapping: mapping.id, baseDn: 'ou=people,dc=example,dc=com' });
  e.sim.setDirectory(
    ['ann', 'ben', 'sal'].map((uid) => ({ dn: `uid=${uid},ou=people,dc=example,dc=com`, attributes: { objectClass: 'person', uid, cn: uid.toUpperCase(), mail: `${uid}@example.com` } })),
  );
  await e.api.action('/ldapSyncs', {});
  await e.api.create('/coSpaces', { name: 'Board room', uri: 'board' });
  await acceptance(e, [
    {
      config: `
data "cms_users" "a" {
  filter = "sal"
}
data "cms_cospaces" "all" {}
data "cms_database_status" "db" {}
data "cms_licensing" "node" {}

output "jids" { value = [for u in data.cms_users.a.users : u.user_jid] }
output "emails" { value = [for u in data.cms_users.a.users : u.email] }
output "auto_spaces" { value = [for s in data.cms_cospaces.all.cospaces : s.uri if s.auto_generated] }
output "own_spaces" { value = [for s in data.cms_cospaces.all.cospaces : s.name if !s.auto_generated] }
output "clustered" { value = data.cms_database_status.db.clustered }
output "call_bridge_licence" { value = data.cms_licensing.node.call_bridge_status }
`,
      check: async ({ tf }) => {
        const o = await outputs(tf);
        expect(o.jids).toEqual(['sal@example.com']);
        expect(o.emails).toEqual(['sal@example.com']);
        expect((o.auto_spaces as string[]).sort()).toEqual(['ann.space', 'ben.space', 'sal.space']);
        expect(o.own_spaces).toEqual(['Board room']);
        expect(o.clustered).toBe('disabled');
        expect(o.call_bridge_licence).toMatch(/activated|noLicense|grace|expired/);
      },
    },
  ]);
});

it('cms_object finds an object by natural key, and says clearly when none matches', async () => {
  const e = env();
  e.sim.reset();
  const template = `resource "cms_cospace_template" "team" {\n  name = "Team meeting"\n}\n`;
  await acceptance(e, [
    { config: template },
    {
      config: `${template}\ndata "cms_object" "t" {\n  type = "cms_cospace_template"\n  key  = { name = "Team meeting" }\n}\n\noutput "same" { value = data.cms_object.t.id == cms_cospace_template.team.id }\noutput "name" { value = data.cms_object.t.values.name }\n`,
      check: async ({ tf }) => expect(await outputs(tf)).toEqual({ same: true, name: 'Team meeting' }),
    },
    {
      config: `${template}\ndata "cms_object" "t" {\n  type = "cms_cospace_template"\n  key  = { name = "No such template" }\n}\n`,
      expectError: /No cms_cospace_template with name = "No such template" exists/,
    },
    {
      config: `${template}\ndata "cms_object" "t" {\n  type = "cms_widget"\n  key  = { name = "x" }\n}\n`,
      expectError: /"cms_widget" is not a resource type whose objects can be looked up/,
    },
  ]);
});
