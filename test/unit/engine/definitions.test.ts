import * as path from 'node:path';
import { definitionChecker, loadCatalog } from '../../../scripts/generate/definitions';
import { RESOURCE_DEFINITIONS } from '../../../provider/src/resources/catalog.generated';
import { definition } from './helpers';
import { RULE_IDS } from '../../../constructs/src/rules';
import { CHECK_RULE_IDS } from '../../../provider/src/resources/checks';

const ROOT = path.resolve(__dirname, '../../..');

describe('definitions', () => {
  const catalog = loadCatalog(ROOT);
  const check = definitionChecker(ROOT);

  it('all validate against definition.schema.json and the semantic checks', () => {
    expect(catalog.errors).toEqual([]);
    expect(catalog.resources.length).toBeGreaterThanOrEqual(7);
  });

  it('the bundled catalog holds every definition file', () => {
    expect(RESOURCE_DEFINITIONS.map((d) => d.typeName).sort()).toEqual(catalog.resources.map((r) => r.definition.typeName).sort());
  });

  it('refuses a natural key naming a missing attribute', () => {
    const bad = { ...definition('cms_call_bridge_group'), naturalKey: ['no_such_attribute'] };
    expect(check('x.json', bad)).toEqual(['x.json: naturalKey names unknown attribute no_such_attribute']);
  });

  it('refuses a server default of the wrong type and an unknown property', () => {
    const def = definition('cms_call_bridge_group');
    const wrongDefault = { ...def, attributes: { ...def.attributes, load_balancing_enabled: { ...def.attributes.load_balancing_enabled, serverDefault: 'no' } } };
    expect(check('x.json', wrongDefault).join('\n')).toMatch(/serverDefault is a string, the attribute a bool/);
    expect(check('x.json', { ...def, colour: 'blue' }).join('\n')).toMatch(/must NOT have additional properties/);
  });

  it('refuses a child path placeholder that is not a parent attribute', () => {
    const def = definition('cms_access_method_template');
    const { cospace_template_id: _parent, ...rest } = def.attributes;
    expect(check('x.json', { ...def, naturalKey: ['name'], attributes: rest }).join('\n')).toMatch(/placeholder \{cospace_template_id\}/);
  });

  it('deployment rules checked at plan use the ids the constructs use', () => {
    const known = new Set<string>(RULE_IDS);
    const used = RESOURCE_DEFINITIONS.flatMap((d) => [...(d.rules ?? []).flatMap((r) => (r.id ? [r.id] : [])), ...(d.across ?? []).map((r) => r.id), ...(d.checks ?? []).flatMap((c) => CHECK_RULE_IDS[c].map((r) => r.id))]);
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((id) => !known.has(id))).toEqual([]);
  });

  it('refuses an across rule naming a missing attribute, or a secret', () => {
    const def = definition('cms_call_bridge_group');
    expect(check('x.json', { ...def, across: [{ kind: 'unique', id: 'CMS-NAME-UNIQUE', attributes: ['nom'], message: 'Unique names.' }] })).toEqual(['x.json: across rule CMS-NAME-UNIQUE names unknown attribute nom']);
    expect(check('x.json', { ...def, across: [{ kind: 'count', id: 'not-an-id', maximum: 1, message: 'One.' }] }).join('\n')).toMatch(/must match pattern/);
  });
});
