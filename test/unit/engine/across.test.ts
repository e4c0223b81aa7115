import type { CtyObject } from '../../../provider/src/plugin/types';
import { UNKNOWN } from '../../../provider/src/plugin/types';
import { PlanRegistry, planInstance, withoutPlanInstance } from '../../../provider/src/resources/across';
import { RESOURCE_DEFINITIONS } from '../../../provider/src/resources/catalog.generated';
import { isSecretForm } from '../../../provider/src/resources/definition';
import { definition } from './helpers';

function config(typeName: string, values: CtyObject): CtyObject {
  const all: CtyObject = { id: null };
  for (const name of Object.keys(definition(typeName).attributes)) all[name] = null;
  return { ...all, ...values };
}

const turn = definition('cms_turn_server');
const plan = (r: PlanRegistry, typeName: string, instance: string, values: CtyObject) => r.plan(definition(typeName), instance, config(typeName, values));

describe('plan instances', () => {
  it('an existing object is its id; a new one gets a token that a later plan of it carries back', () => {
    expect(planInstance({ id: 'abc' }, undefined).instance).toBe('id:abc');
    const first = planInstance(null, undefined);
    expect(first.instance).toMatch(/^new:/);
    expect(planInstance(null, first.plannedPrivate).instance).toBe(first.instance);
    // A replacement: the update plan (with the prior id), then the create plan with its private data.
    const update = planInstance({ id: 'abc' }, undefined);
    expect(planInstance(null, update.plannedPrivate).instance).toBe('id:abc');
  });

  it('keeps other private data and leaves the token out of state', () => {
    const other = Buffer.from(JSON.stringify({ adopted: 'x' }));
    const { plannedPrivate } = planInstance(null, other);
    expect(JSON.parse(String(plannedPrivate))).toMatchObject({ adopted: 'x' });
    expect(JSON.parse(String(withoutPlanInstance(plannedPrivate)))).toEqual({ adopted: 'x' });
    expect(withoutPlanInstance(planInstance(null, undefined).plannedPrivate)).toBeUndefined();
  });
});

describe('rules across instances', () => {
  it('refuses a second TURN server with one server address (any case), naming the rule, not the value', () => {
    const r = new PlanRegistry();
    expect(plan(r, 'cms_turn_server', 'new:a', { server_address: 'turn.example.com' })).toEqual([]);
    const [d, ...rest] = plan(r, 'cms_turn_server', 'new:b', { server_address: 'TURN.example.com' });
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ severity: 'error', attribute: ['server_address'] });
    expect(d.detail).toMatch(/^CMS-KEY-UNIQUE: cms_turn_server\.server_address is the same as in another cms_turn_server of this configuration\. .*declare each TURN server once/);
    expect(d.detail).not.toContain('turn.example.com');
  });

  it('never refuses an instance against itself: a re-plan replaces its claims', () => {
    const r = new PlanRegistry();
    expect(plan(r, 'cms_turn_server', 'id:1', { server_address: '10.0.0.1' })).toEqual([]);
    expect(plan(r, 'cms_turn_server', 'id:1', { server_address: '10.0.0.1' })).toEqual([]);
    // The instance moved to another address: its old one is free again.
    expect(plan(r, 'cms_turn_server', 'id:1', { server_address: '10.0.0.2' })).toEqual([]);
    expect(plan(r, 'cms_turn_server', 'id:2', { server_address: '10.0.0.1' })).toEqual([]);
  });

  it('names the instance that claimed the value first, also after instances re-plan or move', () => {
    const r = new PlanRegistry();
    const group = (instance: string, name: string) => r.plan(definition('cms_call_bridge_group'), instance, config('cms_call_bridge_group', { name }), instance.slice(3));
    expect(group('id:g1', 'London')).toEqual([]);
    expect(group('id:g2', 'Paris')).toEqual([]);
    expect(group('id:g2', 'London')[0].detail).toContain('(id g1)');
    // g1 moves away and back: it keeps its place, so it is still the one named.
    expect(group('id:g1', 'Rome')).toEqual([]);
    expect(group('id:g3', 'Rome')[0].detail).toContain('(id g1)');
    expect(group('id:g1', 'London')).toEqual([]);
    expect(group('id:g4', 'London')[0].detail).toContain('(id g1)');
  });

  it('names the other object by id when it exists', () => {
    const r = new PlanRegistry();
    r.plan(definition('cms_call_bridge_group'), 'id:g1', config('cms_call_bridge_group', { name: 'London' }), 'g1');
    const [d] = plan(r, 'cms_call_bridge_group', 'new:x', { name: 'London' });
    expect(d.detail).toMatch(/CMS-NAME-UNIQUE: cms_call_bridge_group\.name is the same as in another cms_call_bridge_group \(id g1\)/);
  });

  it('does not compare values not known yet, nor unset ones', () => {
    const r = new PlanRegistry();
    expect(plan(r, 'cms_cospace', 'new:a', { name: 'A', uri: UNKNOWN })).toEqual([]);
    expect(plan(r, 'cms_cospace', 'new:b', { name: 'B', uri: UNKNOWN })).toEqual([]);
    expect(plan(r, 'cms_cospace', 'new:c', { name: 'C' })).toEqual([]);
    expect(plan(r, 'cms_cospace', 'new:d', { name: 'D' })).toEqual([]);
  });

  it('keeps dialled URIs unique across spaces (uri and secondary_uri) and IVRs', () => {
    const r = new PlanRegistry();
    expect(plan(r, 'cms_cospace', 'new:a', { name: 'A', uri: 'sales', secondary_uri: '88001' })).toEqual([]);
    const [ivr, ...rest] = plan(r, 'cms_ivr', 'new:i', { uri: 'sales' });
    expect(rest).toEqual([]);
    expect(ivr.attribute).toEqual(['uri']);
    expect(ivr.detail).toMatch(/^CMS-URI-UNIQUE: cms_ivr\.uri is the same as in another cms_cospace of this configuration/);
    expect(plan(r, 'cms_cospace', 'new:b', { name: 'B', uri: '88001' })[0].detail).toMatch(/^CMS-URI-UNIQUE: cms_cospace\.uri is the same as in another cms_cospace/);
    expect(plan(r, 'cms_cospace', 'new:c', { name: 'C', call_id: '1' })).toEqual([]);
    expect(plan(r, 'cms_cospace', 'new:d', { name: 'D', call_id: '1' })[0].detail).toMatch(/^CMS-CALL-ID-UNIQUE/);
  });

  it('refuses a singleton declared twice, and node settings twice for one node', () => {
    const r = new PlanRegistry();
    expect(plan(r, 'cms_system_profiles', 'new:a', {})).toEqual([]);
    expect(plan(r, 'cms_system_profiles', 'new:b', {})[0].detail).toMatch(/^CMS-SINGLETON: cms_system_profiles is declared more than once in this configuration/);
    expect(plan(r, 'cms_node_settings', 'new:n1', { node: 'cms1' })).toEqual([]);
    expect(plan(r, 'cms_node_settings', 'new:n2', { node: 'cms2' })).toEqual([]);
    const [d] = plan(r, 'cms_node_settings', 'new:n3', { node: 'cms1' });
    expect(d).toMatchObject({ attribute: ['node'] });
    expect(d.detail).toMatch(/^CMS-SINGLETON: cms_node_settings is declared more than once for the same node/);
  });

  it('refuses a fifth CDR receiver', () => {
    const r = new PlanRegistry();
    for (let i = 1; i <= 4; i++) expect(plan(r, 'cms_cdr_receiver', `new:${i}`, { uri: `https://cdr${i}.example.com/` })).toEqual([]);
    const [d] = plan(r, 'cms_cdr_receiver', 'new:5', { uri: 'https://cdr5.example.com/' });
    expect(d).toMatchObject({ severity: 'error' });
    expect(d.detail).toMatch(/^CMS-CDR-COUNT: this configuration declares 5 cms_cdr_receiver, more than 4\./);
  });

  it('refuses TURN servers with mixed credential modes (unset reads as the default, long-term)', () => {
    const r = new PlanRegistry();
    expect(plan(r, 'cms_turn_server', 'new:a', { server_address: '10.0.0.1' })).toEqual([]);
    const [d] = plan(r, 'cms_turn_server', 'new:b', { server_address: '10.0.0.2', use_short_term_credentials: true, type: 'expressway' });
    expect(d).toMatchObject({ attribute: ['use_short_term_credentials'] });
    expect(d.detail).toMatch(/^CMS-TURN-CREDENTIAL-MODE: cms_turn_server\.use_short_term_credentials differs from another cms_turn_server of this configuration \(false there, true here\)/);
    expect(plan(r, 'cms_turn_server', 'new:c', { server_address: '10.0.0.3', use_short_term_credentials: false })).toEqual([]);
  });

  it('warns once when more than one credential server is named', () => {
    const r = new PlanRegistry();
    const shortTerm = (i: number, server: string) => plan(r, 'cms_turn_server', `new:${i}`, { server_address: `10.0.0.${i}`, type: 'expressway', use_short_term_credentials: true, credential_server_address: server });
    expect(shortTerm(1, 'expc1.example.com')).toEqual([]);
    expect(shortTerm(2, 'EXPC1.example.com')).toEqual([]);
    const [w] = shortTerm(3, 'expc2.example.com');
    expect(w).toMatchObject({ severity: 'warning', attribute: ['credential_server_address'] });
    expect(w.detail).toMatch(/^CMS-TURN-CREDENTIAL-SERVERS/);
    expect(shortTerm(4, 'expc3.example.com')).toEqual([]);
  });

  it('warns at the eighth Call Bridge and refuses the 25th', () => {
    const r = new PlanRegistry();
    const diags = Array.from({ length: 25 }, (_, i) => plan(r, 'cms_call_bridge', `new:${i}`, { name: `cb${i}` }));
    expect(diags.findIndex((d) => d.length > 0)).toBe(7);
    expect(diags[7][0]).toMatchObject({ severity: 'warning' });
    expect(diags[7][0].detail).toMatch(/^CMS-CB-CLUSTER-SIZE/);
    expect(diags.slice(8, 24).every((d) => d.length === 0)).toBe(true);
    expect(diags[24][0]).toMatchObject({ severity: 'error' });
  });

  it('a refused instance claims nothing, and clear() starts a new walk', () => {
    const r = new PlanRegistry();
    plan(r, 'cms_tenant', 'new:a', { name: 'T' });
    expect(plan(r, 'cms_tenant', 'new:b', { name: 'T' })).toHaveLength(1);
    r.clear();
    expect(plan(r, 'cms_tenant', 'new:b', { name: 'T' })).toEqual([]);
    expect(turn.across?.length).toBeGreaterThan(0);
  });
});

describe('every rule across instances of every definition', () => {
  const sample = (typeName: string, attr: string, n: number): CtyObject[string] => {
    const a = definition(typeName).attributes[attr];
    if (a.type === 'bool') return n % 2 === 0;
    if (a.type === 'number') return n + 1;
    if (a.enum) return a.enum[n % a.enum.length];
    if (a.format === 'guid') return `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`;
    return `value${n}.example.com`;
  };
  const cases = RESOURCE_DEFINITIONS.flatMap((def) => (def.across ?? []).map((rule) => [def.typeName, rule] as const));

  it.each(cases.map(([t, r]) => [`${t} ${r.id} (${r.kind})`, t, r] as const))('%s is enforced with its id', (_title, typeName, rule) => {
    const r = new PlanRegistry();
    const def = definition(typeName);
    // Every instance differs in everything but what the rule is about.
    const configurable = Object.entries(def.attributes).filter(([, a]) => ['string', 'number', 'bool'].includes(a.type) && a.mode !== 'computed' && !isSecretForm(a));
    const others = (i: number): CtyObject => Object.fromEntries(configurable.map(([a]) => [a, sample(typeName, a, i)]));
    let instances: CtyObject[];
    switch (rule.kind) {
      case 'unique':
        instances = [others(1), { ...others(2), ...Object.fromEntries(rule.attributes.map((a) => [a, sample(typeName, a, 1)])) }];
        break;
      case 'singleton':
        instances = [others(1), { ...others(2), ...Object.fromEntries((rule.per ?? []).map((a) => [a, sample(typeName, a, 1)])) }];
        break;
      case 'count':
        instances = Array.from({ length: rule.maximum + 1 }, (_, i) => others(i + 1));
        break;
      case 'same':
        instances = [{ ...others(1), [rule.attribute]: sample(typeName, rule.attribute, 0) }, { ...others(2), [rule.attribute]: sample(typeName, rule.attribute, 1) }];
        break;
      case 'distinct':
        instances = Array.from({ length: rule.maximum + 1 }, (_, i) => ({ ...others(i + 1), [rule.attribute]: sample(typeName, rule.attribute, i + 10) }));
        break;
    }
    const diags = instances.flatMap((values, i) => r.plan(def, `new:${i}`, config(typeName, values)));
    const mine = diags.filter((d) => d.detail?.startsWith(`${rule.id}: `));
    expect(mine.map((d) => d.severity)).toContain('severity' in rule && rule.severity ? rule.severity : 'error');
  });
});
