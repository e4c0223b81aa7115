import { isUnknown } from '../../../provider/src/plugin/types';
import { parseImportId } from '../../../provider/src/resources/import-id';
import { planChange } from '../../../provider/src/resources/plan';
import { definitionSchema } from '../../../provider/src/resources/schema';
import { definition } from './helpers';

describe('planning', () => {
  const amt = definition('cms_access_method_template');
  const cfg = { id: null, cospace_template_id: 'c0ffee00-0000-4000-8000-000000000001', name: 'Host', uri_generator: null, call_leg_profile: null, generate_unique_call_id: null, dial_in_security_profile: null };

  it('marks the id unknown on create and keeps configured values exactly', () => {
    const plan = planChange(amt, null, cfg, cfg);
    expect(isUnknown(plan.plannedState!.id)).toBe(true);
    expect(plan.plannedState!.name).toBe('Host');
    expect(plan.plannedState!.uri_generator).toBeNull();
  });

  it('keeps the id on update and reports force-new paths', () => {
    const prior = { ...cfg, id: 'abc' };
    const plan = planChange(amt, prior, { ...cfg, id: 'abc', name: 'Chair' }, { ...cfg, name: 'Chair' });
    expect(plan.plannedState!.id).toBe('abc');
    expect(plan.requiresReplace).toEqual([['cospace_template_id']]);
  });

  it('plans nothing on destroy', () => {
    expect(planChange(amt, { ...cfg, id: 'abc' }, null, null).plannedState).toBeNull();
  });

  it('serves secrets as sensitive and parents as required', () => {
    const turnSchema = definitionSchema(definition('cms_turn_server'));
    expect(turnSchema.block.attributes.find((a) => a.name === 'password')).toMatchObject({ optional: true, sensitive: true });
    expect(definitionSchema(amt).block.attributes.find((a) => a.name === 'cospace_template_id')).toMatchObject({ required: true });
    expect(definitionSchema(amt).block.attributes[0]).toMatchObject({ name: 'id', computed: true });
  });
});

describe('import ids', () => {
  it('takes an id, or a natural key whose value may contain commas', () => {
    const group = definition('cms_call_bridge_group');
    expect(parseImportId(group, '9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7')).toEqual({ by: 'id', id: '9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7', parents: {} });
    expect(parseImportId(group, 'name=London, West')).toEqual({ by: 'key', wanted: { name: 'London, West' }, parents: {} });
  });

  it('takes parent/child ids and natural keys with the parent for child objects', () => {
    const amt = definition('cms_access_method_template');
    const [p1, c1] = ['c0ffee00-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000002'];
    expect(parseImportId(amt, `${p1}/${c1}`)).toEqual({ by: 'id', id: c1, parents: { cospace_template_id: p1 } });
    expect(parseImportId(amt, 'cospace_template_id=p1,name=Host')).toEqual({ by: 'key', wanted: { cospace_template_id: 'p1', name: 'Host' }, parents: { cospace_template_id: 'p1' } });
  });

  it('explains the accepted forms when the id does not fit', () => {
    const amt = definition('cms_access_method_template');
    expect(() => parseImportId(amt, 'c1')).toThrow('use <cospace_template_id>/<id> or cospace_template_id=<value>,name=<value>');
    expect(() => parseImportId(amt, 'name=Host')).toThrow('lacks cospace_template_id');
    expect(() => parseImportId(definition('cms_call_bridge_group'), 'colour=red')).toThrow('has no attribute "colour"');
  });

  it('types natural-key values by the attribute', () => {
    const ldap = definition('cms_ldap_server');
    expect(() => parseImportId(ldap, 'name=AD,port_number=abc')).toThrow(); // port_number is not part of the key but is still typed
  });
});
