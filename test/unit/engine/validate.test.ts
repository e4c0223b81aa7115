import { resolveSettings, validateProviderSettings } from '../../../provider/src/config/provider-config';
import { UNKNOWN } from '../../../provider/src/plugin/types';
import type { CtyObject } from '../../../provider/src/plugin/types';
import { validateConfig } from '../../../provider/src/resources/validate';
import { definition } from './helpers';

function config(typeName: string, values: CtyObject): CtyObject {
  const def = definition(typeName);
  const all: CtyObject = { id: null };
  for (const name of Object.keys(def.attributes)) all[name] = null;
  return { ...all, ...values };
}

describe('plan-time validation', () => {
  const turn = definition('cms_turn_server');

  it('accepts a valid configuration', () => {
    expect(validateConfig(turn, config('cms_turn_server', { server_address: '10.0.0.10', type: 'expressway', tcp_port_number_override: 3478 }))).toEqual([]);
  });

  it('names the attribute and the allowed values for a bad enum, without repeating what was given', () => {
    const [d, ...rest] = validateConfig(turn, config('cms_turn_server', { server_address: '10.0.0.10', type: 'coturn' }));
    expect(rest).toEqual([]);
    expect(d.attribute).toEqual(['type']);
    expect(d.summary).toBe('Invalid type for cms_turn_server');
    expect(d.detail).toBe('cms_turn_server.type must be one of "standard", "acano", "cms", "expressway", "lyncEdge".');
  });

  it('checks ranges', () => {
    const [d] = validateConfig(turn, config('cms_turn_server', { server_address: 'turn.example.com', tcp_port_number_override: 70000 }));
    expect(d.attribute).toEqual(['tcp_port_number_override']);
    expect(d.detail).toBe('cms_turn_server.tcp_port_number_override must be at most 65535 and at least 1.');
  });

  it('checks formats with a fix in the message', () => {
    const [d] = validateConfig(turn, config('cms_turn_server', { server_address: 'https://turn.example.com' }));
    expect(d.attribute).toEqual(['server_address']);
    expect(d.detail).toMatch(/host name or an IP address, without a scheme/);
    const amt = definition('cms_access_method_template');
    const [u] = validateConfig(amt, config('cms_access_method_template', { cospace_template_id: 'c0ffee00-0000-4000-8000-000000000001', name: 'Host', uri_generator: '$.host.$' }));
    expect(u.detail).toMatch(/exactly one "\$" \(found 2\)/);
    const [g] = validateConfig(amt, config('cms_access_method_template', { cospace_template_id: 'not-a-guid', name: 'Host' }));
    expect(g.attribute).toEqual(['cospace_template_id']);
    expect(g.detail).toMatch(/reference the other resource's id attribute/);
  });

  it('refuses empty strings for optional attributes and says how to unset', () => {
    const [d] = validateConfig(turn, config('cms_turn_server', { server_address: '10.0.0.1', username: '' }));
    expect(d.detail).toMatch(/remove the attribute \(or set it to null\) to leave it unset/);
  });

  it('skips values not known until apply', () => {
    expect(validateConfig(turn, config('cms_turn_server', { server_address: UNKNOWN, type: UNKNOWN }))).toEqual([]);
  });

  it('applies cross-attribute rules: short-term credentials need an Expressway', () => {
    const diags = validateConfig(turn, config('cms_turn_server', { server_address: '10.0.0.10', type: 'standard', use_short_term_credentials: true, credential_server_address: 'expc.example.com', credential_server_username: 'cms' }));
    expect(diags).toHaveLength(1);
    expect(diags[0].attribute).toEqual(['type']);
    // A value of the attribute's enumeration cannot be a secret passed by mistake, so it is shown.
    expect(diags[0].detail).toMatch(/^CMS-TURN-SHORT-TERM-TYPE: Short-term TURN credentials work only with an Expressway TURN server.*it is "standard"/);
  });

  it('does not apply a rule whose trigger is unknown', () => {
    expect(validateConfig(turn, config('cms_turn_server', { server_address: '10.0.0.10', type: 'standard', use_short_term_credentials: UNKNOWN }))).toEqual([]);
  });
});

describe('formats and secrets in messages', () => {
  it('says how a URL or host:port is wrong instead of guessing a scheme', () => {
    const cb = definition('cms_call_bridge');
    const [u] = validateConfig(cb, config('cms_call_bridge', { name: 'cb1', address: 'cmm.example.com:9443' }));
    expect(u.detail).toMatch(/must be an http\(s\) URL starting with https:\/\/ or http:\/\//);
    const rule = definition('cms_outbound_dial_plan_rule');
    const [h] = validateConfig(rule, config('cms_outbound_dial_plan_rule', { domain: 'example.com', sip_proxy: 'sip:cucm.example.com' }));
    expect(h.detail).toMatch(/without a scheme/);
  });

  it('never repeats a sensitive value', () => {
    const space = definition('cms_cospace');
    const [d] = validateConfig(space, config('cms_cospace', { name: 'Team', passcode: '12ab-secret' }));
    expect(d.attribute).toEqual(['passcode']);
    expect(d.detail).toMatch(/must be digits only/);
    expect(d.detail).not.toContain('12ab-secret');
  });

  it('checks RTMP stream URLs', () => {
    const space = definition('cms_cospace');
    expect(validateConfig(space, config('cms_cospace', { name: 'Team', stream_url: 'rtmps://live.example.com/app/key' }))).toEqual([]);
    const [d] = validateConfig(space, config('cms_cospace', { name: 'Team', stream_url: 'https://live.example.com/x' }));
    expect(d.detail).toMatch(/must use rtmp:\/\/ or rtmps:\/\//);
  });
});

it('a rule about a secret does not repeat the secret', () => {
  const turn = definition('cms_turn_server');
  const diags = validateConfig(turn, config('cms_turn_server', { server_address: '10.0.0.10', type: 'expressway', use_short_term_credentials: true, credential_server_address: 'expc.example.com', credential_server_username: 'cms', password: 'hunter2-long-term' }));
  expect(diags.map((d) => d.attribute)).toEqual([['password']]);
  expect(diags[0].severity).toBe('warning');
  expect(diags[0].detail).toMatch(/takes no long-term user name or password.*it is set/);
  expect(diags[0].detail).not.toContain('hunter2');
});

describe('rules on whether an attribute is set', () => {
  it('an outbound rule naming a Call Bridge needs the callBridge scope, even when scope is left out', () => {
    const rule = definition('cms_outbound_dial_plan_rule');
    const diags = validateConfig(rule, config('cms_outbound_dial_plan_rule', { domain: 'example.com', call_bridge: 'c0ffee00-0000-4000-8000-000000000001' }));
    expect(diags.map((d) => [d.attribute, d.severity])).toEqual([[['scope'], 'warning']]);
    expect(diags[0].detail).toMatch(/call_bridge only takes effect with scope = "callBridge".*it is not set/);
    expect(validateConfig(rule, config('cms_outbound_dial_plan_rule', { domain: 'example.com', scope: 'callBridge', call_bridge: 'c0ffee00-0000-4000-8000-000000000001' }))).toEqual([]);
  });

  it('a forwarding rule never forwards every domain, but a catch-all may reject', () => {
    const rule = definition('cms_forwarding_dial_plan_rule');
    const [d] = validateConfig(rule, config('cms_forwarding_dial_plan_rule', { match_pattern: '*', action: 'forward' }));
    expect([d.severity, d.detail]).toEqual(['error', expect.stringMatching(/must not forward every domain/)]);
    expect(validateConfig(rule, config('cms_forwarding_dial_plan_rule', { match_pattern: '*', action: 'reject' }))).toEqual([]);
    expect(validateConfig(rule, config('cms_forwarding_dial_plan_rule', { match_pattern: '*.partner.example.com', action: 'forward' }))).toEqual([]);
  });

  it('a scope that cannot apply is refused; values the server keeps and ignores are warned about', () => {
    const rule = definition('cms_outbound_dial_plan_rule');
    const id = 'c0ffee00-0000-4000-8000-000000000001';
    const refused = validateConfig(rule, config('cms_outbound_dial_plan_rule', { domain: 'example.com', scope: 'callBridge' }));
    expect(refused.map((d) => [d.attribute, d.severity])).toEqual([[['call_bridge'], 'error']]);
    const leftover = validateConfig(rule, config('cms_outbound_dial_plan_rule', { domain: 'example.com', scope: 'global', call_bridge: id }));
    expect(leftover.map((d) => d.severity)).toEqual(['warning', 'warning']);
    expect(leftover[0].summary).toBe('Ignored call_bridge for cms_outbound_dial_plan_rule');
    const profile = definition('cms_call_profile');
    const [t] = validateConfig(profile, config('cms_call_profile', { name: 'Board', passcode_mode: 'required', passcode_timeout: 30 }));
    expect([t.attribute, t.severity]).toEqual([['passcode_timeout'], 'warning']);
  });
});

describe('formats a server legitimately holds', () => {
  it('an LDAP mapping may rewrite part of a value (sed-like), and its replacement may hold a $', () => {
    const mapping = definition('cms_ldap_mapping');
    expect(validateConfig(mapping, config('cms_ldap_mapping', { jid_mapping: "$mail|'/@test/@xmpp/'$", cospace_uri_mapping: "$mail|'/@.*$//'$.space", name_mapping: "$cn|'/a//g'$" }))).toEqual([]);
    const [d] = validateConfig(mapping, config('cms_ldap_mapping', { jid_mapping: '$mail$ $ x' }));
    expect(d.detail).toMatch(/has an unmatched "\$"/);
  });

  it('a base DN may escape a comma inside a value, and name attributes by OID', () => {
    const source = definition('cms_ldap_source');
    const base = { server: 'c0ffee00-0000-4000-8000-000000000001', mapping: 'c0ffee00-0000-4000-8000-000000000002' };
    expect(validateConfig(source, config('cms_ldap_source', { ...base, base_dn: 'ou=Sales\\, EMEA,dc=example,dc=com' }))).toEqual([]);
    expect(validateConfig(source, config('cms_ldap_source', { ...base, base_dn: '2.5.4.11=people+cn=x,dc=example,dc=com' }))).toEqual([]);
    expect(validateConfig(source, config('cms_ldap_source', { ...base, base_dn: 'people' }))[0].detail).toMatch(/must be a distinguished name/);
  });
});

it('names the list item that does not fit, with its index in the path', () => {
  const settings = definition('cms_node_settings');
  const [d, ...rest] = validateConfig(settings, config('cms_node_settings', { node: 'cms1', ntp_servers: ['ntp1.example.com', 'not a host'] }));
  expect(rest).toEqual([]);
  expect(d.attribute).toEqual(['ntp_servers', 1]);
  expect(d.detail).toBe('cms_node_settings.ntp_servers[1] must be a host name or an IP address, without a scheme or port.');
});

describe('gaps closed at plan', () => {
  it('refuses configured read-only attributes, naming them and the fix', () => {
    const space = definition('cms_cospace');
    const [d, ...rest] = validateConfig(space, config('cms_cospace', { name: 'A', secret: 'mine' }));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ attribute: ['secret'], summary: 'Read-only secret for cms_cospace' });
    expect(d.detail).toMatch(/read-only: the Meeting Server sets it.*Remove it from the configuration/);
    expect(d.detail).not.toContain('mine');
    expect(validateConfig(space, config('cms_cospace', { name: 'A', id: 'x' }))[0].attribute).toEqual(['id']);
  });

  it('refuses a c2w URL on port 443', () => {
    const wb = definition('cms_web_bridge');
    expect(validateConfig(wb, config('cms_web_bridge', { url: 'c2w://wb.example.com:9999' }))).toEqual([]);
    expect(validateConfig(wb, config('cms_web_bridge', { url: 'c2w://wb.example.com:443' }))[0].detail).toMatch(/must not use port 443 \(CMS-C2W-PORT\)/);
  });

  it('checks database node addresses as hosts, naming the map key', () => {
    const db = definition('cms_database_cluster');
    const diags = validateConfig(db, config('cms_database_cluster', { nodes: { cms1: '10.0.0.1', cms2: 'https://x' }, primary: 'cms1' }));
    expect(diags.find((d) => d.severity === 'error')).toMatchObject({ attribute: ['nodes', { key: 'cms2' }] });
  });

  it('rules on a secret see either form, and point at the form that is set', () => {
    const turn = definition('cms_turn_server');
    const diags = validateConfig(turn, config('cms_turn_server', { server_address: '10.0.0.1', type: 'expressway', use_short_term_credentials: true, credential_server_address: 'e.example.com', credential_server_username: 'u', password_wo: 'pw', password_wo_version: 1 }));
    expect(diags.map((d) => d.attribute)).toEqual([['password_wo']]);
    expect(diags[0].detail).not.toContain('pw');
  });
});

describe('provider mmp_node settings at plan', () => {
  it('refuses a port out of range and a fingerprint that is not SHA256, from the block or CMS_MMP_NODES', () => {
    const problems = validateProviderSettings({ mmp_node: [{ name: 'cms1', address: 'a', port: 0, host_key_fingerprint: 'MD5:aa', username: null, password: null }] });
    expect(problems.map((d) => d.attribute)).toEqual([['mmp_node', 0, 'port'], ['mmp_node', 0, 'host_key_fingerprint']]);
    const { settings, diagnostics } = resolveSettings({}, { CMS_URL: 'https://cms.example.com', CMS_USERNAME: 'u', CMS_PASSWORD: 'p', CMS_MMP_USERNAME: 'admin', CMS_MMP_NODES: '[{"name":"cms1","address":"a","port":70000}]' });
    expect(settings).toBeUndefined();
    expect(diagnostics[0].detail).toMatch(/mmp_node "cms1": port must be a whole number from 1 to 65535/);
  });
});

it('warns of a conference participant limit above 2600 (CMS-CONFERENCE-SIZE)', () => {
  const profile = definition('cms_call_profile');
  expect(validateConfig(profile, config('cms_call_profile', { name: 'Town hall', participant_limit: 2600 }))).toEqual([]);
  const [w, ...rest] = validateConfig(profile, config('cms_call_profile', { name: 'Town hall', participant_limit: 5000 }));
  expect(rest).toEqual([]);
  expect(w).toMatchObject({ severity: 'warning', attribute: ['participant_limit'] });
  expect(w.detail).toMatch(/^CMS-CONFERENCE-SIZE: A conference has at most 2600 participants in a cluster/);
});
