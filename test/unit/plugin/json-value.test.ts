import { ctyFromJson, objectFromStoredState, parseJsonPreservingNumbers } from '../../../provider/src/plugin/json-value';
import type { SchemaBlock } from '../../../provider/src/plugin/types';

describe('parseJsonPreservingNumbers', () => {
  it('parses like JSON.parse', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9\\"q"], "b": {}, "c": []}';
    expect(parseJsonPreservingNumbers(text)).toEqual(JSON.parse(text));
  });

  it('keeps integers beyond 2^53 as bigint, and safe ones as number', () => {
    expect(parseJsonPreservingNumbers('[9007199254740993, -18446744073709551616, 9007199254740991, 1e2]')).toEqual([
      9007199254740993n,
      -18446744073709551616n,
      9007199254740991,
      100,
    ]);
  });

  it('reads exact integers past 2^53 wherever they sit, and -0 as 0, like the text parser', () => {
    expect(parseJsonPreservingNumbers('{"id": "x", "n": [0.5, {"big": 1.5e20}], "z": -0}')).toEqual({ id: 'x', n: [0.5, { big: 150000000000000000000n }], z: 0 });
    expect(Object.is((parseJsonPreservingNumbers('{"z": -0}') as { z: number }).z, 0)).toBe(true);
  });

  it('keeps __proto__ as a plain key', () => {
    const v = parseJsonPreservingNumbers('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('rejects malformed text with the offset', () => {
    expect(() => parseJsonPreservingNumbers('{"a": 1,}')).toThrow(/offset 8/);
    expect(() => parseJsonPreservingNumbers('[1] 2')).toThrow('trailing');
    expect(() => parseJsonPreservingNumbers('"abc')).toThrow('unterminated');
  });
});

describe('ctyFromJson (stored state)', () => {
  const block: SchemaBlock = {
    attributes: [
      { name: 'id', type: 'string', computed: true },
      { name: 'count', type: 'number', optional: true },
      { name: 'any', type: 'dynamic', optional: true },
      { name: 'tags', type: ['set', 'string'], optional: true },
      { name: 'added_later', type: 'bool', optional: true },
    ],
    blockTypes: [{ typeName: 'rule', nesting: 'list', block: { attributes: [{ name: 'n', type: 'number', optional: true }] } }],
  };

  it('reads state written by an older schema: missing attributes null, removed ones dropped', () => {
    const raw = parseJsonPreservingNumbers(
      '{"id":"a1","count":12345678901234567890,"any":{"value":["x",1],"type":["tuple",["string","number"]]},"tags":["b","a"],"removed":"gone","rule":[{"n":"7"}]}',
    );
    expect(objectFromStoredState(raw, block)).toEqual({
      id: 'a1',
      count: 12345678901234567890n,
      any: { dynamicType: ['tuple', ['string', 'number']], value: ['x', 1] },
      tags: ['b', 'a'],
      added_later: null,
      rule: [{ n: 7 }],
    });
  });

  it('gives null for null state and path errors for mismatches', () => {
    expect(objectFromStoredState(null, block)).toBeNull();
    expect(() => ctyFromJson({ rule: [{ n: 'seven' }] }, ['object', { rule: ['list', ['object', { n: 'number' }]] }])).toThrow('.rule[0].n: a number is required');
  });
});
