import { attributeType, containsDynamic, impliedType, parseCtyType, parseCtyTypeBytes } from '../../../provider/src/plugin/cty-type';
import type { SchemaBlock } from '../../../provider/src/plugin/types';

describe('parseCtyType', () => {
  it('parses Terraform type JSON', () => {
    expect(parseCtyType(['map', ['object', { a: 'string', b: ['set', 'number'] }]])).toEqual(['map', ['object', { a: 'string', b: ['set', 'number'] }]]);
    expect(parseCtyTypeBytes(Buffer.from('["tuple",["bool","dynamic"]]'))).toEqual(['tuple', ['bool', 'dynamic']]);
    // A type constraint's optional-attribute list is not part of a value's type.
    expect(parseCtyType(['object', { a: 'string' }, ['a']])).toEqual(['object', { a: 'string' }]);
  });

  it('rejects anything else', () => {
    expect(() => parseCtyType('int')).toThrow('not a cty type');
    expect(() => parseCtyType(['list'])).toThrow('not a cty type');
  });
});

describe('impliedType', () => {
  it('gives every attribute and nested block of a block, by nesting mode', () => {
    const block: SchemaBlock = {
      attributes: [
        { name: 'id', type: 'string', computed: true },
        { name: 'single', nestedType: { nesting: 'single', attributes: [{ name: 'a', type: 'string', optional: true }] } },
        { name: 'many', nestedType: { nesting: 'map', attributes: [{ name: 'b', type: 'bool', optional: true }] } },
      ],
      blockTypes: [
        { typeName: 'one', nesting: 'single', block: { attributes: [{ name: 'x', type: 'number', optional: true }] } },
        { typeName: 'grp', nesting: 'group', block: { attributes: [] } },
        { typeName: 'lst', nesting: 'list', block: { attributes: [{ name: 'y', type: 'string', optional: true }] } },
        { typeName: 'st', nesting: 'set', block: { attributes: [] } },
        { typeName: 'mp', nesting: 'map', block: { attributes: [] } },
      ],
    };
    expect(impliedType(block)).toEqual([
      'object',
      {
        id: 'string',
        single: ['object', { a: 'string' }],
        many: ['map', ['object', { b: 'bool' }]],
        one: ['object', { x: 'number' }],
        grp: ['object', {}],
        lst: ['list', ['object', { y: 'string' }]],
        st: ['set', ['object', {}]],
        mp: ['map', ['object', {}]],
      },
    ]);
  });

  it('makes list and map blocks holding dynamic attributes dynamic, as Terraform does', () => {
    const dyn: SchemaBlock = { attributes: [{ name: 'v', type: 'dynamic', optional: true }] };
    const t = impliedType({
      attributes: [],
      blockTypes: [
        { typeName: 'l', nesting: 'list', block: dyn },
        { typeName: 'm', nesting: 'map', block: dyn },
        { typeName: 's', nesting: 'single', block: dyn },
      ],
    });
    expect(t).toEqual(['object', { l: 'dynamic', m: 'dynamic', s: ['object', { v: 'dynamic' }] }]);
    expect(containsDynamic(t)).toBe(true);
  });

  it('needs a type or nestedType on every attribute', () => {
    expect(() => attributeType({ name: 'broken' })).toThrow('neither type nor nestedType');
  });
});
