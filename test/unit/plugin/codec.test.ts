import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { decodeMsgpack, encodeMsgpack, inferCtyType } from '../../../provider/src/plugin/codec';
import { impliedType } from '../../../provider/src/plugin/cty-type';
import { UNKNOWN, Unknown, isUnknown } from '../../../provider/src/plugin/types';
import type { CtyType, CtyValue, SchemaBlock } from '../../../provider/src/plugin/types';
import { ValueError } from '../../../provider/src/plugin/value-error';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const roundTrip = (v: CtyValue, t: CtyType): CtyValue => decodeMsgpack(encodeMsgpack(v, t), t);

describe('unknown values', () => {
  it('encodes every unknown as ext 0 (d4 00 00), dropping refinements', () => {
    expect(hex(encodeMsgpack(UNKNOWN, 'string'))).toBe('d40000');
    expect(hex(encodeMsgpack(new Unknown({ notNull: true, stringPrefix: 'x' }), 'string'))).toBe('d40000');
    expect(hex(encodeMsgpack(UNKNOWN, ['list', 'string']))).toBe('d40000');
  });

  it('decodes ext 0 in its fixext1 and empty ext8 forms', () => {
    expect(decodeMsgpack(bytes('d4 00 00'), 'string')).toBe(UNKNOWN);
    expect(decodeMsgpack(bytes('c7 00 00'), 'number')).toBe(UNKNOWN);
  });

  it('decodes ext 12 with a not-null and string-prefix refinement as Terraform sends it', () => {
    // name = "pre-${other.id}": c7 09 0c + {1: false, 2: "pre-"}
    const v = decodeMsgpack(bytes('c7 09 0c 82 01 c2 02 a4 7072652d'), 'string');
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).refinements).toEqual({ notNull: true, stringPrefix: 'pre-' });
  });

  it('decodes ext 12 number bounds and collection length bounds', () => {
    // {3: [5, true], 4: [6, false]}
    const n = decodeMsgpack(bytes('c7 09 0c 82 03 92 05 c3 04 92 06 c2'), 'number') as Unknown;
    expect(n.refinements).toEqual({ numberLower: { value: 5, inclusive: true }, numberUpper: { value: 6, inclusive: false } });
    // {1: false, 5: 1, 6: 3}
    const l = decodeMsgpack(bytes('c7 07 0c 83 01 c2 05 01 06 03'), ['list', 'string']) as Unknown;
    expect(l.refinements).toEqual({ notNull: true, lengthLower: 1, lengthUpper: 3 });
  });

  it('treats refinements for the wrong type, unknown keys and bad payloads as a plain unknown', () => {
    // {2: "x", 9: "future"} on a number
    expect(decodeMsgpack(bytes('c7 0c 0c 82 02 a1 78 09 a6 667574757265'), 'number')).toBe(UNKNOWN);
    expect(decodeMsgpack(bytes('c7 02 0c c1 c1'), 'string')).toBe(UNKNOWN);
    expect(decodeMsgpack(bytes('d4 05 00'), 'bool')).toBe(UNKNOWN); // any extension is unknown
  });

  it('decodes unknowns nested anywhere, including inside refinements of dynamic values', () => {
    const t: CtyType = ['object', { a: ['list', 'string'], b: 'dynamic' }];
    const v = decodeMsgpack(bytes('82 a1 61 92 a1 78 d4 00 00 a1 62 d4 00 00'), t) as Record<string, CtyValue>;
    expect(v.a).toEqual(['x', UNKNOWN]);
    expect(v.b).toBe(UNKNOWN);
  });
});

describe('objects are strict on the way out', () => {
  const t: CtyType = ['object', { b: 'string', a: 'number', c: ['list', 'bool'] }];

  it('emits exactly the type attributes, sorted, nil for absent ones, extras dropped', () => {
    // {a: 1, b: "x", c: nil}
    expect(hex(encodeMsgpack({ b: 'x', a: 1, extra: 'dropped' }, t))).toBe('83a16101a162a178a163c0');
  });

  it('decodes missing attributes as null and ignores unexpected ones', () => {
    expect(decodeMsgpack(bytes('82 a1 61 01 a1 7a 02'), t)).toEqual({ a: 1, b: null, c: null });
    expect(decodeMsgpack(bytes('80'), t)).toEqual({ a: null, b: null, c: null });
  });

  it('encodes a null object as nil and an unknown object as ext 0', () => {
    expect(hex(encodeMsgpack(null, t))).toBe('c0');
    expect(decodeMsgpack(bytes('c0'), t)).toBeNull();
    expect(decodeMsgpack(new Uint8Array(), t)).toBeNull();
  });
});

describe('numbers', () => {
  it('keeps int64 beyond 2^53 exact as bigint, both ways', () => {
    const big = 9007199254740993n; // 2^53 + 1
    expect(hex(encodeMsgpack(big, 'number'))).toBe('cf0020000000000001');
    expect(decodeMsgpack(bytes('cf 00 20 00 00 00 00 00 01'), 'number')).toBe(big);
    expect(decodeMsgpack(bytes('d3 ff df ff ff ff ff ff ff'), 'number')).toBe(-9007199254740993n);
    expect(decodeMsgpack(bytes('cf ff ff ff ff ff ff ff ff'), 'number')).toBe(18446744073709551615n);
  });

  it('normalises safe 64-bit integers to number', () => {
    expect(decodeMsgpack(bytes('cf 00 00 00 00 00 00 00 05'), 'number')).toBe(5);
    expect(roundTrip(2 ** 40, 'number')).toBe(2 ** 40);
    expect(hex(encodeMsgpack(2 ** 40, 'number'))).toBe('cf0000010000000000');
  });

  it('accepts the string form of numbers and keeps big integers exact', () => {
    expect(decodeMsgpack(msgpackEncode('123456789012345678901234567890'), 'number')).toBe(123456789012345678901234567890n);
    expect(decodeMsgpack(msgpackEncode('0.1'), 'number')).toBe(0.1);
    expect(decodeMsgpack(msgpackEncode('1.5e20'), 'number')).toBe(150000000000000000000n);
    expect(decodeMsgpack(msgpackEncode('-42'), 'number')).toBe(-42);
  });

  it('writes integers beyond uint64 as decimal strings, like go-cty', () => {
    expect(encodeMsgpack(2n ** 70n, 'number')).toEqual(msgpackEncode('1180591620717411303424'));
    expect(roundTrip(2n ** 70n, 'number')).toBe(2n ** 70n);
  });

  it('writes fractions as their shortest decimal text so config values compare equal', () => {
    expect(encodeMsgpack(0.1, 'number')).toEqual(msgpackEncode('0.1'));
    expect(roundTrip(2.5, 'number')).toBe(2.5);
    expect(decodeMsgpack(bytes('cb 3f b9 99 99 99 99 99 9a'), 'number')).toBe(0.1); // float64 form
  });

  it('rejects NaN but carries infinities as float64', () => {
    expect(() => encodeMsgpack(NaN, 'number')).toThrow(ValueError);
    expect(roundTrip(Infinity, 'number')).toBe(Infinity);
  });
});

describe('collections and structural types', () => {
  it('round-trips lists, sets, maps and tuples', () => {
    expect(roundTrip(['a', 'b'], ['list', 'string'])).toEqual(['a', 'b']);
    expect(roundTrip([1, 2, 3], ['set', 'number'])).toEqual([1, 2, 3]);
    expect(roundTrip({ x: true, '10': false }, ['map', 'bool'])).toEqual({ x: true, '10': false });
    expect(roundTrip(['a', 1, [true]], ['tuple', ['string', 'number', ['list', 'bool']]])).toEqual(['a', 1, [true]]);
    expect(roundTrip([], ['list', 'string'])).toEqual([]);
  });

  it('keeps a map key called __proto__ as data', () => {
    const v = JSON.parse('{"__proto__": "x", "y": "z"}') as Record<string, CtyValue>;
    const encoded = encodeMsgpack(v, ['map', 'string']);
    expect(hex(encoded)).toBe('82a95f5f70726f746f5f5fa178a179a17a');
  });

  it('reports a type mismatch with the attribute path', () => {
    const t: CtyType = ['object', { items: ['list', ['object', { n: 'number' }]] }];
    try {
      encodeMsgpack({ items: [{ n: 1 }, { n: 'two' }] }, t);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError);
      expect((e as ValueError).path).toEqual(['items', 1, 'n']);
      expect((e as ValueError).message).toBe('.items[1].n: a number is required, got string "two"');
    }
    expect(() => decodeMsgpack(msgpackEncode({ items: 'x' }), t)).toThrow('.items: a list is required');
    expect(() => encodeMsgpack(['a'], ['tuple', ['string', 'string']])).toThrow('a tuple of length 2 is required');
  });
});

describe('dynamic values', () => {
  it('decodes [bin(type JSON), value] into a DynamicValue and back', () => {
    const wire = msgpackEncode([Buffer.from('["list","string"]'), ['a']]);
    const v = decodeMsgpack(wire, 'dynamic');
    expect(v).toEqual({ dynamicType: ['list', 'string'], value: ['a'] });
    expect(encodeMsgpack(v, 'dynamic')).toEqual(wire);
  });

  it('infers the type of plain values placed in a dynamic slot, as JSON would', () => {
    expect(inferCtyType({ a: [1, 'x'], b: true })).toEqual(['object', { a: ['tuple', ['number', 'string']], b: 'bool' }]);
    const v = decodeMsgpack(encodeMsgpack({ a: 'x' }, 'dynamic'), 'dynamic');
    expect(v).toEqual({ dynamicType: ['object', { a: 'string' }], value: { a: 'x' } });
  });

  it('writes null and unknown dynamic values bare', () => {
    expect(hex(encodeMsgpack(null, 'dynamic'))).toBe('c0');
    expect(hex(encodeMsgpack(UNKNOWN, 'dynamic'))).toBe('d40000');
    expect(decodeMsgpack(bytes('c0'), 'dynamic')).toBeNull();
    expect(hex(encodeMsgpack({ dynamicType: 'string', value: null }, 'dynamic'))).toBe('92c40822737472696e6722c0');
  });
});

describe('values of a schema with nested blocks and nested attributes', () => {
  const block: SchemaBlock = {
    attributes: [
      { name: 'id', type: 'string', computed: true },
      { name: 'ports', nestedType: { nesting: 'list', attributes: [{ name: 'number', type: 'number', required: true }] } },
    ],
    blockTypes: [
      { typeName: 'rule', nesting: 'set', block: { attributes: [{ name: 'name', type: 'string', required: true }] } },
      { typeName: 'options', nesting: 'single', block: { attributes: [{ name: 'debug', type: 'bool', optional: true }] } },
      { typeName: 'timeouts', nesting: 'group', block: { attributes: [{ name: 'create', type: 'string', optional: true }] } },
      { typeName: 'label', nesting: 'map', block: { attributes: [{ name: 'value', type: 'string', optional: true }] } },
    ],
  };
  const type = impliedType(block);

  it('round-trips every nesting mode', () => {
    const v = {
      id: UNKNOWN,
      ports: [{ number: 443 }, { number: 9007199254740993n }],
      rule: [{ name: 'a' }, { name: 'b' }],
      options: null,
      timeouts: { create: null },
      label: { env: { value: 'prod' } },
    };
    expect(roundTrip(v, type)).toEqual(v);
  });

  it('fills absent nested block keys with nil so Terraform sees every attribute', () => {
    const encoded = encodeMsgpack({ id: 'x' }, type);
    expect(msgpackDecode(encoded)).toEqual({ id: 'x', label: null, options: null, ports: null, rule: null, timeouts: null });
  });
});

describe('the direct reader and writer against the msgpack library', () => {
  let seed = 11;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const names = ['a', 'b', 'id', 'name', 'zeta', 'uri', 'x_y', 'ü'];
  const strings = ['', 'x', 'Sales & Co', '销售部 Zürich', 'a'.repeat(31), 'b'.repeat(32), 'c'.repeat(300), 'd'.repeat(70000)];
  const numbers: CtyValue[] = [0, 1, -1, 127, 128, -32, -33, 255, 256, 65535, 65536, -129, -32769, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53 - 1, 2n ** 63n, -(2n ** 63n), 0.5, 1e300, Infinity];
  const type = (depth: number): CtyType => {
    const k = random(depth > 2 ? 3 : 8);
    if (k === 0) return 'string';
    if (k === 1) return 'number';
    if (k === 2) return 'bool';
    if (k === 3) return ['list', type(depth + 1)];
    if (k === 4) return ['map', type(depth + 1)];
    if (k === 5) return ['tuple', [type(depth + 1), type(depth + 1)]];
    const attrs: Record<string, CtyType> = {};
    for (let i = random(5); i >= 0; i--) attrs[names[random(names.length)]!] = type(depth + 1);
    return ['object', attrs];
  };
  const value = (t: CtyType): CtyValue => {
    if (random(10) === 0) return null;
    if (random(20) === 0) return UNKNOWN;
    if (t === 'string') return strings[random(strings.length)]!;
    if (t === 'number') return numbers[random(numbers.length)]!;
    if (t === 'bool') return random(2) === 0;
    if (t === 'dynamic') return null;
    if (t[0] === 'list' || t[0] === 'set') return Array.from({ length: random(20) }, () => value(t[1]));
    if (t[0] === 'tuple') return t[1].map(value);
    if (t[0] === 'map') return Object.fromEntries(Array.from({ length: random(20) }, (_, i) => [`${names[random(names.length)]}${i}`, value(t[1])]));
    return Object.fromEntries(Object.entries(t[1]).map(([k, at]) => [k, value(at)]));
  };

  it('writes the canonical form (smallest headers, sorted keys) that the library writes for the same data', () => {
    for (let i = 0; i < 400; i++) {
      const t = type(0);
      const encoded = encodeMsgpack(value(t), t);
      const again = msgpackEncode(msgpackDecode(encoded, { useBigInt64: true }), { useBigInt64: true, sortKeys: true });
      expect(hex(encoded)).toBe(hex(again));
    }
  });

  it('reads what the library writes, in any key order, as it reads its own bytes', () => {
    for (let i = 0; i < 400; i++) {
      const t = type(0);
      const encoded = encodeMsgpack(value(t), t);
      const unsorted = msgpackEncode(msgpackDecode(encoded, { useBigInt64: true }), { useBigInt64: true });
      expect(decodeMsgpack(unsorted, t)).toEqual(decodeMsgpack(encoded, t));
    }
  });

  it('refuses truncated bytes with a value error', () => {
    const t: CtyType = ['object', { name: 'string', n: 'number' }];
    const encoded = encodeMsgpack({ name: 'Sales', n: 70000 }, t);
    for (let cut = 1; cut < encoded.length; cut++) expect(() => decodeMsgpack(encoded.subarray(0, cut), t)).toThrow(ValueError);
  });
});
