import { UNKNOWN } from '../../../provider/src/plugin/types';
import { changedParams, createParams, fullParams, planMismatches, stateFromObject } from '../../../provider/src/resources/mapping';
import { normaliseRead } from '../../../provider/src/resources/values';
import type { CmsObject } from '../../../provider/src/cms/xml';
import { definition } from './helpers';

function obj(values: Record<string, string>, id = '11111111-2222-4333-8444-555555555555'): CmsObject {
  return { id, element: 'x', attributes: { id }, text: '', values, children: {} };
}

describe('normalisation of server values', () => {
  const group = definition('cms_call_bridge_group');
  const lb = group.attributes.load_balance_user_calls;

  it('reads absent and empty alike as unset', () => {
    expect(normaliseRead(group.attributes.name, undefined, 'x')).toBeNull();
    expect(normaliseRead(group.attributes.name, '', 'x')).toBeNull();
  });

  it('reads the server default as unset when state has it unset, and as written when configured', () => {
    expect(normaliseRead(lb, 'true', null)).toBeNull();
    expect(normaliseRead(lb, 'true', true)).toBe(true);
    expect(normaliseRead(lb, 'false', null)).toBe(false);
  });

  it('parses booleans and numbers without case trouble', () => {
    expect(normaliseRead(group.attributes.load_balancing_enabled, 'TRUE', null)).toBe(true);
    const cluster = definition('cms_call_bridge_cluster_settings');
    expect(normaliseRead(cluster.attributes.participant_limit, '0250', null)).toBe(250);
  });

  it('keeps a secret the server does not return', () => {
    const turn = definition('cms_turn_server');
    expect(normaliseRead(turn.attributes.password, undefined, 's3cret')).toBe('s3cret');
    expect(normaliseRead(turn.attributes.password, undefined, null)).toBeNull();
  });

  it('reads a secret only while state holds it: one left out is not managed, and never lands in state', () => {
    const space = definition('cms_cospace');
    expect(normaliseRead(space.attributes.passcode, '4321', null)).toBeNull();
    expect(normaliseRead(space.attributes.passcode, '4321', '1234')).toBe('4321');
  });

  it('keeps state\'s spelling where the server only changes case', () => {
    const attr = { ...group.attributes.name, caseInsensitive: true };
    expect(normaliseRead(attr, 'london', 'London')).toBe('London');
    expect(normaliseRead(attr, 'paris', 'London')).toBe('paris');
  });

  it('an unchanged object reads back exactly as applied (no perpetual diff)', () => {
    const planned = { id: '11111111-2222-4333-8444-555555555555', name: 'London', load_balancing_enabled: true, load_balance_lync_calls: null, load_balance_outgoing_calls: null, load_balance_user_calls: null, load_balance_indirect_calls: null };
    const server = obj({ name: 'London', loadBalancingEnabled: 'true', loadBalanceLyncCalls: 'false', loadBalanceOutgoingCalls: 'false', loadBalanceUserCalls: 'true', loadBalanceIndirectCalls: 'false' });
    const state = stateFromObject(group, server, planned, planned.id);
    expect(state).toEqual(planned);
    expect(planMismatches(group, planned, state)).toEqual([]);
  });

  it('reports a server value that differs from the plan', () => {
    const planned = { id: 'x', name: 'London', load_balancing_enabled: null, load_balance_lync_calls: null, load_balance_outgoing_calls: null, load_balance_user_calls: null, load_balance_indirect_calls: null };
    const state = stateFromObject(group, obj({ name: 'LONDON', loadBalancingEnabled: 'true' }), planned, 'x');
    expect(planMismatches(group, planned, state).map((m) => m.name)).toEqual(['name', 'load_balancing_enabled']);
  });
});

describe('request parameters', () => {
  const turn = definition('cms_turn_server');
  const base = Object.fromEntries(Object.keys(turn.attributes).map((k) => [k, null]));

  it('create sends only configured values, with documented camelCase names', () => {
    expect(createParams(turn, { ...base, server_address: '10.0.0.1', type: 'cms', tcp_port_number_override: 3478, use_short_term_credentials: false })).toEqual({
      serverAddress: '10.0.0.1',
      type: 'cms',
      tcpPortNumberOverride: '3478',
      useShortTermCredentials: 'false',
    });
  });

  it('update sends only what changed, and an empty value to unset; secrets are left to secretsToSend', () => {
    const prior = { ...base, id: 'a', server_address: '10.0.0.1', username: 'u', password: 'p' };
    const planned = { ...prior, username: null, password: 'q' };
    expect(changedParams(turn, prior, planned)).toEqual({ username: '' });
    expect(changedParams(turn, prior, { ...planned, password: null })).toEqual({ username: '' });
  });

  it('a singleton create sets every managed value, unset ones empty', () => {
    const cluster = definition('cms_call_bridge_cluster_settings');
    const planned = Object.fromEntries(Object.keys(cluster.attributes).map((k) => [k, null]));
    const params = fullParams(cluster, { ...planned, unique_name: 'cb1', load_limit: UNKNOWN });
    expect(params.uniqueName).toBe('cb1');
    expect(params.participantLimit).toBe('');
    expect('loadLimit' in params).toBe(false);
  });

  it('never sends a parent id as a parameter', () => {
    const amt = definition('cms_access_method_template');
    expect(createParams(amt, { cospace_template_id: 'c0ffee00-0000-4000-8000-000000000001', name: 'Host', uri_generator: null, call_leg_profile: null, generate_unique_call_id: null, dial_in_security_profile: null })).toEqual({ name: 'Host' });
  });
});
