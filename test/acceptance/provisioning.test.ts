/**
 * A realistic provisioning in plain HCL, as Meeting Management would set it up: two LDAP
 * servers, three user imports with their mappings and user profiles (one licensed), a space
 * template with host and guest roles, automatic spaces for one import, the template offered to
 * that import's users, and an LDAP sync. The simulator's directory then holds the expected users
 * and spaces, and a second apply changes nothing.
 */
import type { LdapEntry } from '../../simulator/src';
import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();

function person(ou: string, uid: string, cn: string, server: string, dc = 'dc=example,dc=com'): LdapEntry {
  return { dn: `uid=${uid},ou=${ou},${dc}`, server, attributes: { objectClass: 'person', uid, sAMAccountName: uid, cn, mail: `${uid}@example.com` } };
}

const DIRECTORY: LdapEntry[] = [
  person('staff', 'alice', 'Alice Archer', 'ldap.example.com'),
  person('staff', 'bob', 'Bob Baker', 'ldap.example.com'),
  person('staff', 'carol', 'Carol Chen', 'ldap.example.com'),
  person('contractors', 'dave', 'Dave Dunn', 'ldap.example.com'),
  person('contractors', 'erin', 'Erin Ellis', 'ldap.example.com'),
  person('people', 'frank', 'Frank Fox', 'ad.partner.example', 'dc=partner,dc=example'),
  person('people', 'grace', 'Grace Gill', 'ad.partner.example', 'dc=partner,dc=example'),
];

const CONFIG = `
variable "bind_password" {
  type      = string
  sensitive = true
  default   = "not-a-real-password"
}

# Two directories.
resource "cms_ldap_server" "corporate" {
  name        = "Corporate"
  address     = "ldap.example.com"
  port_number = 389
  secure      = false
  username    = "cn=cms,dc=example,dc=com"
  password    = var.bind_password
}

resource "cms_ldap_server" "partner" {
  name        = "Partner AD"
  address     = "ad.partner.example"
  port_number = 636
  secure      = true
}

# Licences: staff get a personal (PMP) licence, the others none.
resource "cms_user_profile" "licensed" {
  name        = "Licensed"
  has_license = true
}

resource "cms_user_profile" "unlicensed" {
  name        = "Unlicensed"
  has_license = false
}

# Three user imports, each a mapping and a source.
resource "cms_ldap_mapping" "staff" {
  jid_mapping          = "$uid$@example.com"
  name_mapping         = "$cn$"
  cospace_uri_mapping  = "$uid$.space"
  cospace_name_mapping = "$cn$'s space"
}

resource "cms_ldap_source" "staff" {
  name         = "Staff"
  server       = cms_ldap_server.corporate.id
  mapping      = cms_ldap_mapping.staff.id
  base_dn      = "ou=staff,dc=example,dc=com"
  filter       = "(objectClass=person)"
  user_profile = cms_user_profile.licensed.id
}

resource "cms_ldap_mapping" "contractors" {
  jid_mapping  = "$uid$@contractors.example.com"
  name_mapping = "$cn$ (contractor)"
}

resource "cms_ldap_source" "contractors" {
  name         = "Contractors"
  server       = cms_ldap_server.corporate.id
  mapping      = cms_ldap_mapping.contractors.id
  base_dn      = "ou=contractors,dc=example,dc=com"
  filter       = "(objectClass=person)"
  user_profile = cms_user_profile.unlicensed.id
}

resource "cms_ldap_mapping" "partners" {
  jid_mapping  = "$sAMAccountName$@partner.example"
  name_mapping = "$cn$"
}

resource "cms_ldap_source" "partners" {
  name         = "Partners"
  server       = cms_ldap_server.partner.id
  mapping      = cms_ldap_mapping.partners.id
  base_dn      = "ou=people,dc=partner,dc=example"
  user_profile = cms_user_profile.unlicensed.id
}

# A space template with two roles. The host activates the meeting; guests wait for a host
# and need a passcode of at least 6 digits.
resource "cms_call_leg_profile" "host" {
  name                = "Team meeting host"
  needs_activation    = false
  change_role_allowed = true
}

resource "cms_call_leg_profile" "guest" {
  name              = "Team meeting guest"
  needs_activation  = true
  deactivation_mode = "deactivate"
}

resource "cms_dial_in_security_profile" "guest" {
  name                = "Guest passcode"
  min_passcode_length = 6
}

resource "cms_cospace_template" "team" {
  name        = "Team meeting"
  description = "Hosts start the meeting; guests join with a passcode"
}

resource "cms_access_method_template" "host" {
  cospace_template_id     = cms_cospace_template.team.id
  name                    = "Host"
  uri_generator           = "$.host"
  call_leg_profile        = cms_call_leg_profile.host.id
  generate_unique_call_id = true
}

resource "cms_access_method_template" "guest" {
  cospace_template_id      = cms_cospace_template.team.id
  name                     = "Guest"
  uri_generator            = "$.guest"
  call_leg_profile         = cms_call_leg_profile.guest.id
  dial_in_security_profile = cms_dial_in_security_profile.guest.id
}

# Staff may create spaces from the template.
resource "cms_ldap_user_cospace_template_source" "staff_team" {
  ldap_source      = cms_ldap_source.staff.id
  cospace_template = cms_cospace_template.team.id
}

# Sync when any of the imports changes.
resource "cms_ldap_sync" "all" {
  triggers = {
    sources   = join(",", [cms_ldap_source.staff.id, cms_ldap_source.contractors.id, cms_ldap_source.partners.id])
    mappings  = sha1(jsonencode([cms_ldap_mapping.staff, cms_ldap_mapping.contractors, cms_ldap_mapping.partners]))
    templates = cms_ldap_user_cospace_template_source.staff_team.id
  }
}
`;

it('a realistic LDAP and space-template provisioning converges and stays converged', async () => {
  const e = env();
  e.sim.reset();
  e.sim.setDirectory(DIRECTORY);
  await acceptance(e, [
    {
      config: CONFIG,
      check: async ({ api, state }) => {
        const users = await api.listAll('/users');
        expect(users.map((u) => u.values.userJid).sort()).toEqual([
          'alice@example.com',
          'bob@example.com',
          'carol@example.com',
          'dave@contractors.example.com',
          'erin@contractors.example.com',
          'frank@partner.example',
          'grace@partner.example',
        ]);
        const spaces = await api.listAll('/coSpaces');
        expect(spaces.filter((s) => s.values.autoGenerated === 'true').map((s) => s.values.uri).sort()).toEqual(['alice.space', 'bob.space', 'carol.space']);
        const profiles = Object.fromEntries(state.filter((r) => r.type === 'cms_user_profile').map((r) => [String(r.values.name), String(r.values.id)]));
        for (const u of users) {
          const detail = await api.get(`/users/${u.id}`);
          const licensed = String(u.values.userJid).endsWith('@example.com');
          expect({ jid: u.values.userJid, profile: detail.values.userProfile }).toEqual({ jid: u.values.userJid, profile: licensed ? profiles.Licensed : profiles.Unlicensed });
          const templates = await api.listAll(`/users/${u.id}/userCoSpaceTemplates`);
          expect({ jid: u.values.userJid, templates: templates.length }).toEqual({ jid: u.values.userJid, templates: licensed ? 1 : 0 });
        }
        const sync = state.find((r) => r.type === 'cms_ldap_sync')!.values;
        expect(sync).toMatchObject({ state: 'complete', users_before: 0, users_after: 7, spaces_before: 0, spaces_after: 3 });
      },
    },
  ]);
});
