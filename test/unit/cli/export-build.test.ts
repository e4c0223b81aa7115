/**
 * From what a server holds to what the export writes, without a server: references, names,
 * secrets, the provider's checks (a value the provider refuses is written commented out and
 * not imported), and the HCL that comes out.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildPlan } from '../../../cli/src/export/build';
import { writeHcl } from '../../../cli/src/export/hcl';
import type { FoundObject, Inventory } from '../../../cli/src/export/inventory';
import { address } from '../../../cli/src/export/model';
import type { CtyObject } from '../../../provider/src/plugin/types';
import { RESOURCE_DEFINITIONS } from '../../../provider/src/resources/catalog.generated';

function found(typeName: string, id: string, values: CtyObject, extra: Partial<FoundObject> = {}): FoundObject {
  const def = RESOURCE_DEFINITIONS.find((d) => d.typeName === typeName)!;
  const state: CtyObject = { id };
  for (const name of Object.keys(def.attributes)) state[name] = values[name] ?? null;
  return { def, id, importId: id, parents: {}, state, heldSecrets: [], label: String(values.name ?? id), ...extra };
}

const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function plan(objects: FoundObject[], leftOut: Inventory['leftOut'] = []) {
  return buildPlan({ inventory: { objects, leftOut, warnings: [], outsiders: new Map([[GUID(99), 'ann@example.com']]) }, types: [...RESOURCE_DEFINITIONS], url: 'https://cms1.example.com:445', nodes: [], fingerprints: {} });
}

it('references exported objects by Terraform reference, and anything else by id with a comment', () => {
  const p = plan([
    found('cms_call_leg_profile', GUID(1), { name: 'Guests' }),
    found('cms_cospace', GUID(2), { name: 'Sales team', uri: 'sales', call_leg_profile: GUID(1), call_profile: GUID(3) }),
    found('cms_user_cospace_template', GUID(4), { user_id: GUID(99), cospace_template: GUID(5) }, { parents: { user_id: GUID(99) }, importId: `${GUID(99)}/${GUID(4)}` }),
  ]);
  const space = p.resources.find((r) => r.typeName === 'cms_cospace')!;
  expect(space.attributes.find((a) => a.name === 'call_leg_profile')!.value).toMatchObject({ kind: 'reference', target: { name: 'guests' } });
  expect(space.attributes.find((a) => a.name === 'call_profile')!.value).toMatchObject({ kind: 'id', note: expect.stringMatching(/not on the server \(a dangling reference\)/) });
  const assigned = p.resources.find((r) => r.typeName === 'cms_user_cospace_template')!;
  expect(assigned.name).toBe('ann_example_com');
  expect(assigned.attributes.find((a) => a.name === 'user_id')!.value).toMatchObject({ kind: 'id', note: 'ann@example.com: not managed by this configuration' });
});

it('names objects after themselves, their one user or their content; unique and stable whatever the order', () => {
  const objects = [
    found('cms_ldap_mapping', GUID(11), { jid_mapping: '$mail$' }),
    found('cms_ldap_source', GUID(12), { name: 'Staff', server: GUID(13), mapping: GUID(11), base_dn: 'ou=staff,dc=example,dc=com' }),
    found('cms_ldap_server', GUID(13), { name: 'Directory', address: 'ldap.example.com', port_number: 636, secure: true }),
    found('cms_call_branding_profile', GUID(14), { resource_location: 'https://brand.example.com/call/events' }),
    found('cms_tenant_group', GUID(15), {}),
    found('cms_call_leg_profile', GUID(16), { name: 'Guest' }),
    found('cms_call_leg_profile', GUID(17), { name: 'Guest' }),
    found('cms_forwarding_dial_plan_rule', GUID(18), { match_pattern: '*', action: 'reject' }),
  ];
  const names = (objs: FoundObject[]) => Object.fromEntries(plan(objs).resources.map((r) => [r.found.id, address(r)]));
  const once = names(objects);
  expect(once).toMatchObject({
    [GUID(11)]: 'cms_ldap_mapping.staff',
    [GUID(14)]: 'cms_call_branding_profile.call_events',
    [GUID(15)]: 'cms_tenant_group.tenant_group',
    [GUID(16)]: 'cms_call_leg_profile.guest',
    [GUID(17)]: 'cms_call_leg_profile.guest_2',
    [GUID(18)]: 'cms_forwarding_dial_plan_rule.any',
  });
  expect(names([...objects].reverse())).toEqual(once);
});

it('writes a secret the server holds as a write-only variable, never its value; a password with its user name too', () => {
  const p = plan([
    found('cms_turn_server', GUID(21), { server_address: 'turn.example.com', username: 'cms' }, { heldSecrets: ['password'] }),
    found('cms_ldap_server', GUID(22), { name: 'AD', address: 'ad.example.com', port_number: 636, secure: true, username: 'cn=cms' }),
    found('cms_ldap_server', GUID(23), { name: 'Anonymous', address: 'ldap.example.com', port_number: 389, secure: false }),
    found('cms_cospace', GUID(24), { name: 'Open', uri: 'open' }),
  ]);
  expect(p.variables.map((v) => [v.name, v.attribute, v.held])).toEqual([
    ['ldap_server_ad_password', 'password_wo', false],
    ['turn_server_turn_example_com_password', 'password_wo', true],
  ]);
  const turn = p.resources.find((r) => r.typeName === 'cms_turn_server')!;
  expect(turn.ignoreChanges).toEqual(['password_wo_version']);
  expect(turn.attributes.find((a) => a.name === 'password_wo_version')!.value).toEqual({ kind: 'literal', value: 1 });
});

it('writes what the provider refuses commented out and does not import it; what it only warns about is imported', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-export-build-'));
  try {
    const p = plan([
      found('cms_forwarding_dial_plan_rule', GUID(31), { match_pattern: '*', action: 'forward', destination_domain: 'vcs.example.com' }),
      found('cms_call_profile', GUID(32), { name: 'Board', passcode_mode: 'required', passcode_timeout: 30 }),
    ]);
    const [rule, profile] = [p.resources.find((r) => r.typeName === 'cms_forwarding_dial_plan_rule')!, p.resources.find((r) => r.typeName === 'cms_call_profile')!];
    expect(rule.refused).toEqual([expect.stringMatching(/must not forward every domain/)]);
    expect(profile.refused).toEqual([]);
    expect(profile.warnings).toEqual([expect.stringMatching(/passcode_timeout only applies with passcode_mode = "timeout"/)]);
    writeHcl(p, dir);
    const rules = fs.readFileSync(path.join(dir, 'forwarding_dial_plan_rule.tf'), 'utf8');
    expect(rules).toMatch(/^# Not imported: the provider refuses these values at plan/m);
    expect(rules).toMatch(/^# resource "cms_forwarding_dial_plan_rule" "any" \{$/m);
    expect(rules.split('\n').every((l) => l === '' || l.startsWith('#'))).toBe(true);
    const imports = fs.readFileSync(path.join(dir, 'imports.tf'), 'utf8');
    expect(imports).toContain('to = cms_call_profile.board');
    expect(imports).not.toContain('cms_forwarding_dial_plan_rule');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it("runs the rules across resources per provider configuration: a second object with a name the provider finds objects by is refused, a node's own settings are not", () => {
  const p = plan([
    found('cms_tenant', GUID(41), { name: 'Acme' }),
    found('cms_tenant', GUID(42), { name: 'Acme' }),
    found('cms_call_bridge_cluster_settings', 'system/configuration/cluster', { unique_name: 'cms1' }, { node: 'cms1' }),
    found('cms_call_bridge_cluster_settings', 'system/configuration/cluster', { unique_name: 'cms2' }, { node: 'cms2', viaNodeApi: true }),
  ]);
  const tenants = p.resources.filter((r) => r.typeName === 'cms_tenant');
  expect(tenants.map((t) => [t.found.id, t.refused.length])).toEqual([[GUID(41), 0], [GUID(42), 1]]);
  expect(tenants[1]!.refused[0]).toMatch(/^CMS-NAME-UNIQUE: cms_tenant\.name is the same as in another cms_tenant \(id .*41\)/);
  expect(p.resources.filter((r) => r.typeName === 'cms_call_bridge_cluster_settings').map((r) => [r.provider ?? 'default', r.refused])).toEqual([['default', []], ['cms2', []]]);
});
