/** LdapServer and LdapImport: imports, automatic space rules, granted templates, the sync and its schedule, and the LDAP rules. */
import { LdapImport, LdapServer, LdapServerKind, Secret, SpaceTemplate, SyncSchedule, Weekday } from '../../constructs/src';
import type { UserImportOptions } from '../../constructs/src';
import type { TerraformStack } from 'cdktf';
import { meetingServer, newStack, synth, warningsFor } from './helpers';
import type { Json, Synthesized } from './helpers';

const staff: UserImportOptions = { name: 'Staff', baseDn: 'ou=people,dc=example,dc=com', filter: '(objectClass=person)', signInNameMapping: '$sAMAccountName$@example.com', displayNameMapping: '$cn$' };

function setup(): { stack: TerraformStack; ad: LdapServer } {
  const stack = newStack();
  meetingServer(stack, 'cms1', { defaultProvider: true });
  const ad = new LdapServer(stack, 'ad', { name: 'Corporate AD', address: 'ldap.example.com', bindDn: 'cn=cms,ou=service,dc=example,dc=com', bindPassword: Secret.fromVariable(stack, 'ldap_password') });
  return { stack, ad };
}

function sourcesByName(s: Synthesized): Record<string, Json> {
  return Object.fromEntries(Object.values(s.resources('cms_ldap_source')).map((r) => [String(r.name), r]));
}

describe('LdapServer', () => {
  it('LDAPS on 636 by default, the bind password as a secret', () => {
    const { stack } = setup();
    expect(synth(stack).only('cms_ldap_server')).toEqual({ name: 'Corporate AD', address: 'ldap.example.com', port_number: 636, secure: true, username: 'cn=cms,ou=service,dc=example,dc=com', password_wo: '${var.ldap_password}', password_wo_version: 1 });
  });

  it('plain LDAP on 389; Oracle Internet Directory turns paged results off', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new LdapServer(stack, 'oid', { name: 'OID', address: 'oid.example.com', secure: false, kind: LdapServerKind.ORACLE_INTERNET_DIRECTORY });
    const s = synth(stack);
    expect(s.only('cms_ldap_server')).toEqual({ name: 'OID', address: 'oid.example.com', port_number: 389, secure: false, use_paged_results: false });
    expect(s.warnings).toEqual([]);
  });

  it('[CMS-LDAP-OID-PAGING] warns when paged results are turned on for Oracle Internet Directory', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new LdapServer(stack, 'oid', { name: 'OID', address: 'oid.example.com', kind: LdapServerKind.ORACLE_INTERNET_DIRECTORY, usePagedResults: true });
    expect(warningsFor(synth(stack), 'CMS-LDAP-OID-PAGING')).toHaveLength(1);
  });

  it('fromName looks the server up with cms_object', () => {
    const stack = newStack();
    const api = meetingServer(stack, 'cms1');
    const existing = LdapServer.fromName(stack, 'mm', 'Made by MM', { apiServer: api, kind: LdapServerKind.OPENLDAP });
    new LdapImport(stack, 'dir', { ldapServer: existing, userImports: [staff], apiServer: api });
    const s = synth(stack);
    const [lookupId, lookup] = Object.entries(s.dataSources('cms_object'))[0];
    expect(lookup).toEqual({ provider: 'cms.cms1', type: 'cms_ldap_server', key: { name: 'Made by MM' } });
    expect(s.only('cms_ldap_source').server).toBe(`\${data.cms_object.${lookupId}.id}`);
    expect(LdapServer.fromLdapServerId(stack, 'byId', 'abc').ldapServerId).toBe('abc');
  });
});

describe('LdapImport', () => {
  it('a user import: mapping, source and a licensed user profile', () => {
    const { stack, ad } = setup();
    new LdapImport(stack, 'Directory', { ldapServer: ad, userImports: [{ ...staff, personalLicense: true, authenticationIdMapping: '$userPrincipalName$', tenantId: 'tenant-1', nonMemberAccess: false }] });
    const s = synth(stack);
    const [mappingId] = Object.keys(s.resources('cms_ldap_mapping'));
    const [profileId] = Object.keys(s.resources('cms_user_profile'));
    expect(s.only('cms_ldap_mapping')).toEqual({ jid_mapping: '$sAMAccountName$@example.com', name_mapping: '$cn$', authentication_id_mapping: '$userPrincipalName$' });
    expect(s.only('cms_user_profile')).toEqual({ name: 'Staff', has_license: true });
    expect(s.only('cms_ldap_source')).toEqual({
      name: 'Staff',
      server: `\${cms_ldap_server.${Object.keys(s.resources('cms_ldap_server'))[0]}.id}`,
      mapping: `\${cms_ldap_mapping.${mappingId}.id}`,
      base_dn: 'ou=people,dc=example,dc=com',
      filter: '(objectClass=person)',
      tenant: 'tenant-1',
      user_profile: `\${cms_user_profile.${profileId}.id}`,
      non_member_access: false,
    });
  });

  it('automatic space rules split the import into disjoint sources, first match wins', () => {
    const { stack, ad } = setup();
    new LdapImport(stack, 'Directory', {
      ldapServer: ad,
      userImports: [
        {
          ...staff,
          automaticSpaces: [
            { name: 'Sales', filter: '(department=Sales)', spaceNameMapping: "$cn$'s sales space", uriMapping: '$sAMAccountName$.sales' },
            { name: 'Managers', filter: 'title=Manager', spaceNameMapping: "$cn$'s space", uriMapping: '$sAMAccountName$.space', callIdMapping: '$telephoneNumber$' },
          ],
        },
      ],
    });
    const s = synth(stack);
    const sources = sourcesByName(s);
    expect(Object.fromEntries(Object.entries(sources).map(([n, r]) => [n, r.filter]))).toEqual({
      'Staff: Sales': '(&(objectClass=person)(department=Sales))',
      'Staff: Managers': '(&(objectClass=person)(title=Manager)(!(department=Sales)))',
      Staff: '(&(objectClass=person)(!(department=Sales))(!(title=Manager)))',
    });
    const mappings = Object.values(s.resources('cms_ldap_mapping'));
    expect(mappings).toContainEqual({ jid_mapping: '$sAMAccountName$@example.com', name_mapping: '$cn$', cospace_name_mapping: "$cn$'s space", cospace_uri_mapping: '$sAMAccountName$.space', cospace_call_id_mapping: '$telephoneNumber$' });
    expect(mappings).toContainEqual({ jid_mapping: '$sAMAccountName$@example.com', name_mapping: '$cn$' });
    // The import's partitions never overlap each other.
    expect(warningsFor(s, 'CMS-LDAP-OVERLAP')).toEqual([]);
  });

  it('a last rule without filter takes everyone left: no remainder source', () => {
    const { stack, ad } = setup();
    new LdapImport(stack, 'Directory', { ldapServer: ad, userImports: [{ ...staff, filter: undefined, automaticSpaces: [{ name: 'Everyone', spaceNameMapping: '$cn$', uriMapping: '$uid$' }] }] });
    expect(Object.keys(sourcesByName(synth(stack)))).toEqual(['Staff: Everyone']);
  });

  it('refuses a rule without filter before others, repeated names and unmatched $ early', () => {
    const { stack, ad } = setup();
    const rule = { spaceNameMapping: '$cn$', uriMapping: '$uid$' };
    expect(() => new LdapImport(stack, 'a', { ldapServer: ad, userImports: [{ ...staff, automaticSpaces: [{ name: 'All', ...rule }, { name: 'Sales', filter: '(department=Sales)', ...rule }] }] })).toThrow(/rule All has no filter, so it takes every user/);
    expect(() => new LdapImport(stack, 'b', { ldapServer: ad, userImports: [staff, staff] })).toThrow(/user import names must differ; Staff/);
    expect(() => new LdapImport(stack, 'c', { ldapServer: ad, userImports: [{ ...staff, displayNameMapping: '$cn' }] })).toThrow(/displayNameMapping "\$cn" has an unmatched "\$"/);
  });

  it('grants space templates to every source of the import', () => {
    const { stack, ad } = setup();
    const team = new SpaceTemplate(stack, 'team', { name: 'Team' });
    new LdapImport(stack, 'Directory', {
      ldapServer: ad,
      userImports: [{ ...staff, spaceTemplates: [{ template: team, filter: '(department=Sales)' }], automaticSpaces: [{ name: 'Sales', filter: '(department=Sales)', spaceNameMapping: '$cn$', uriMapping: '$uid$' }] }],
    });
    const s = synth(stack);
    const grants = Object.values(s.resources('cms_ldap_user_cospace_template_source'));
    expect(grants).toHaveLength(2);
    const templateId = `\${cms_cospace_template.${Object.keys(s.resources('cms_cospace_template'))[0]}.id}`;
    for (const g of grants) expect(g).toMatchObject({ cospace_template: templateId, filter: '(department=Sales)' });
    expect(new Set(grants.map((g) => g.ldap_source)).size).toBe(2);
  });

  it('the sync: triggers from every LDAP object and a hash of the settings, so a change runs it again', () => {
    const config = (filter: string): string => {
      const { stack, ad } = setup();
      new LdapImport(stack, 'Directory', { ldapServer: ad, userImports: [{ ...staff, filter, personalLicense: true }], syncTimeoutSeconds: 900 });
      const sync = synth(stack).only('cms_ldap_sync');
      expect(sync.timeout_seconds).toBe(900);
      const triggers = sync.triggers as Record<string, string>;
      expect(Object.keys(triggers).sort()).toEqual(['config', 'ldap_server', 'mapping:Staff:1', 'source:Staff:Staff', 'user_profile:Staff']);
      expect(triggers['source:Staff:Staff']).toMatch(/^\$\{cms_ldap_source\..*\.id\}$/);
      return triggers.config;
    };
    expect(config('(objectClass=person)')).toBe(config('(objectClass=person)'));
    expect(config('(objectClass=person)')).not.toBe(config('(objectClass=user)'));
  });

  it('token settings (such as a variable) become triggers of their own', () => {
    const { stack, ad } = setup();
    const team = SpaceTemplate.fromTemplateId(stack, 't', 'template-1');
    const base = Secret.fromVariable(stack, 'base_dn');
    new LdapImport(stack, 'Directory', { ldapServer: ad, userImports: [{ ...staff, baseDn: base.value, spaceTemplates: [{ template: team }] }] });
    const triggers = synth(stack).only('cms_ldap_sync').triggers as Record<string, string>;
    expect(triggers['config.imports.0.baseDn']).toBe('${var.base_dn}');
    expect(triggers['config.imports.0.spaceTemplates.0.templateId']).toBeUndefined();
  });

  it('runs the sync on the chosen node, and reports the outcome and the schedule as outputs', () => {
    const { stack, ad } = setup();
    const cms2 = meetingServer(stack, 'cms2');
    const dir = new LdapImport(stack, 'Directory', { ldapServer: ad, userImports: [staff], syncOn: cms2, syncSchedule: SyncSchedule.weekly([Weekday.FRIDAY, Weekday.MONDAY], '02:30') });
    const s = synth(stack);
    const [syncId, sync] = Object.entries(s.resources('cms_ldap_sync'))[0];
    expect(sync.provider).toBe('cms.cms2');
    expect(dir.syncResourceAddress).toBe(`cms_ldap_sync.${syncId}`);
    expect(s.outputs().directory_sync_schedule.value).toEqual({ cron: '30 2 * * 1,5', days: ['mon', 'fri'], time: '02:30', resource: `cms_ldap_sync.${syncId}` });
    expect(s.outputs().directory_sync_outcome.value).toMatchObject({ state: `\${cms_ldap_sync.${syncId}.state}`, users_after: `\${cms_ldap_sync.${syncId}.users_after}` });
  });

  it('sync: false makes no sync; the schedule output can be renamed', () => {
    const { stack, ad } = setup();
    new LdapImport(stack, 'a', { ldapServer: ad, userImports: [staff], sync: false });
    new LdapImport(stack, 'b', { ldapServer: ad, userImports: [{ ...staff, name: 'Others', baseDn: 'ou=others,dc=example,dc=com' }], syncSchedule: SyncSchedule.daily('23:05'), syncScheduleOutputName: 'ldap_schedule' });
    const s = synth(stack);
    expect(Object.keys(s.resources('cms_ldap_sync'))).toHaveLength(1);
    expect(Object.keys(s.outputs()).sort()).toEqual(['ldap_outcome', 'ldap_schedule']);
    expect(s.outputs().ldap_schedule.value).toMatchObject({ cron: '5 23 * * *' });
    expect(() => SyncSchedule.daily('25:00')).toThrow(/HH:MM/);
  });

  it('removeUsersOnDestroy: a sync that runs on destroy, which every source of the import depends on', () => {
    const { stack, ad } = setup();
    const imp = new LdapImport(stack, 'ldap', {
      ldapServer: ad,
      userImports: [{ ...staff, automaticSpaces: [{ name: 'Sales', filter: '(department=Sales)', spaceNameMapping: '$cn$', uriMapping: '$sAMAccountName$.space' }] }],
      removeUsersOnDestroy: true,
    });
    const s = synth(stack);
    const syncs = s.resources('cms_ldap_sync');
    expect(Object.keys(syncs)).toHaveLength(2);
    const [cleanupId, cleanup] = Object.entries(syncs).find(([, r]) => r.run_on === 'destroy')!;
    expect(cleanup).not.toHaveProperty('triggers');
    const sources = Object.values(s.resources('cms_ldap_source'));
    expect(sources).toHaveLength(2);
    for (const source of sources) expect(source.depends_on).toEqual([`cms_ldap_sync.${cleanupId}`]);
    expect(imp.removeUsersSync).toBeDefined();
    // Without the option, nothing runs on destroy.
    const other = setup();
    new LdapImport(other.stack, 'ldap', { ldapServer: other.ad, userImports: [staff] });
    expect(Object.values(synth(other.stack).resources('cms_ldap_sync')).map((r) => r.run_on)).toEqual([undefined]);
  });

  describe('[CMS-LDAP-OVERLAP]', () => {
    it('warns when base DNs nest and filters can match the same users', () => {
      const { stack, ad } = setup();
      new LdapImport(stack, 'Directory', { ldapServer: ad, userImports: [staff, { ...staff, name: 'Sales', baseDn: 'OU=Sales, ou=people,dc=example,dc=com', filter: '(department=Sales)', personalLicense: true }] });
      expect(warningsFor(synth(stack), 'CMS-LDAP-OVERLAP')).toEqual([
        '[CMS-LDAP-OVERLAP] user imports test/Directory/Staff and test/Directory/Sales can import the same users (base DNs ou=people,dc=example,dc=com and OU=Sales, ou=people,dc=example,dc=com nest, and their filters do not exclude each other): such a user gets an unpredictable licence and mapping. Narrow one filter, for example with (!(...)).',
      ]);
    });

    it('looks across LdapImports of one LDAP server', () => {
      const { stack, ad } = setup();
      new LdapImport(stack, 'a', { ldapServer: ad, userImports: [staff] });
      new LdapImport(stack, 'b', { ldapServer: ad, userImports: [{ ...staff, name: 'Again' }], sync: false });
      expect(warningsFor(synth(stack), 'CMS-LDAP-OVERLAP')).toHaveLength(1);
    });

    it.each([
      ['sibling base DNs', { baseDn: 'ou=contractors,dc=example,dc=com' }],
      ['excluding filters', { filter: '(&(objectClass=person)(!(department=Sales)))', other: '(&(objectClass=person)(department=Sales))' }],
      ['different values of a single-valued attribute', { filter: '(employeeType=staff)', other: '(employeeType=contractor)' }],
    ])('says nothing for %s', (_what, change: { baseDn?: string; filter?: string; other?: string }) => {
      const { stack, ad } = setup();
      const first = { ...staff, filter: change.filter ?? staff.filter };
      const second = { ...staff, name: 'Other', baseDn: change.baseDn ?? staff.baseDn, filter: change.other ?? staff.filter };
      new LdapImport(stack, 'Directory', { ldapServer: ad, userImports: [first, second] });
      expect(warningsFor(synth(stack), 'CMS-LDAP-OVERLAP')).toEqual([]);
    });

    it('imports of different LDAP servers never overlap', () => {
      const { stack, ad } = setup();
      const other = new LdapServer(stack, 'other', { name: 'Other AD', address: 'ldap2.example.com' });
      new LdapImport(stack, 'a', { ldapServer: ad, userImports: [staff] });
      new LdapImport(stack, 'b', { ldapServer: other, userImports: [staff], sync: false });
      expect(warningsFor(synth(stack), 'CMS-LDAP-OVERLAP')).toEqual([]);
    });
  });

  it('[CMS-NOT-APPLIED] warns that an automatic space rule template has no API parameter to go to', () => {
    const { stack, ad } = setup();
    const team = new SpaceTemplate(stack, 'team', { name: 'Team' });
    new LdapImport(stack, 'Directory', { ldapServer: ad, userImports: [{ ...staff, automaticSpaces: [{ name: 'All', spaceNameMapping: '$cn$', uriMapping: '$uid$', template: team }] }] });
    expect(warningsFor(synth(stack), 'CMS-NOT-APPLIED')).toEqual([expect.stringContaining('automatic space rule All: template is recorded but not applied')]);
  });
});
