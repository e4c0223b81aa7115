/**
 * The cty msgpack codec: DynamicValue.msgpack bytes <-> JS values, driven by a cty type.
 *
 * The rules are go-cty's (cty/msgpack), which Terraform uses on the other side:
 * - objects are strict: Terraform rejects a map whose keys differ from the type's attributes, so
 *   encoding writes exactly the type's keys (null for absent ones) and drops extras;
 * - any msgpack extension is an unknown value; ext 12 carries refinements (a map with small int
 *   keys), ext 0 none. Unknowns are always written as ext 0 `d4 00 00`;
 * - numbers arrive as int, uint, float or decimal string; int64 beyond 2^53 decodes to bigint;
 * - a `dynamic` slot holds `[bin(type JSON), value]`, or nil, or an unknown.
 * Decoding is lenient where go-cty's decoder is strict about object keys (missing attributes
 * become null, extra ones are ignored), because Terraform never sends such objects.
 */
import { decode, encode, ExtData } from '@msgpack/msgpack';
import { ctyTypeToJson, parseCtyTypeBytes } from './cty-type';
import { ctyNumberFromBigInt, isCtyNumber, parseCtyNumber } from './cty-number';
import { Unknown, UNKNOWN, isUnknown } from './types';
import type { CtyNumber, CtyType, CtyValue, DynamicValue, PathStep, UnknownRefinements } from './types';
import { ValueError } from './value-error';

const DECODE_OPTIONS = { useBigInt64: true } as const;
/** Sorted keys, like go-cty, so equal values always encode to equal bytes. */
const ENCODE_OPTIONS = { useBigInt64: true, sortKeys: true } as const;
const UNKNOWN_EXT_TYPE = 0;
const REFINED_UNKNOWN_EXT_TYPE = 12;
/** Terraform's plain unknown: fixext1, type 0, one zero byte. */
const WIRE_UNKNOWN = new ExtData(UNKNOWN_EXT_TYPE, new Uint8Array([0]));

const INT32_LIMIT = 2 ** 31;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

type Path = PathStep[];
type WireMap = { [key: string]: unknown };

// ---------------------------------------------------------------------------------------------
// Decoding

/** Decodes msgpack bytes as a value of `type`. Empty input is a null value. */
export function decodeMsgpack(bytes: Uint8Array, type: CtyType): CtyValue {
  if (bytes.length === 0) return null;
  return fromWire(decode(bytes, DECODE_OPTIONS), type, []);
}

function fromWire(raw: unknown, type: CtyType, path: Path): CtyValue {
  // Every extension is an unknown value (Date is the msgpack library's own timestamp extension).
  if (raw instanceof ExtData) return unknownFromExt(raw, type);
  if (raw instanceof Date) return UNKNOWN;
  if (type === 'dynamic') return dynamicFromWire(raw, path);
  if (raw === null || raw === undefined) return null;
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof raw === 'string') return raw;
        throw new ValueError(path, 'a string is required');
      case 'bool':
        if (typeof raw === 'boolean') return raw;
        throw new ValueError(path, 'a bool is required');
      case 'number':
        return numberFromWire(raw, path);
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set': {
      const elementType = type[1];
      return arrayFromWire(raw, path, type[0]).map((e, i) => fromWire(e, elementType, [...path, i]));
    }
    case 'tuple': {
      const types = type[1];
      const items = arrayFromWire(raw, path, 'tuple');
      if (items.length !== types.length) throw new ValueError(path, `a tuple of length ${types.length} is required`);
      return items.map((e, i) => fromWire(e, types[i], [...path, i]));
    }
    case 'map': {
      const elementType = type[1];
      const out: { [key: string]: CtyValue } = {};
      for (const [k, v] of Object.entries(mapFromWire(raw, path, 'map'))) out[k] = fromWire(v, elementType, [...path, { key: k }]);
      return out;
    }
    case 'object': {
      const wire = mapFromWire(raw, path, 'object');
      const out: { [attr: string]: CtyValue } = {};
      for (const [name, attrType] of Object.entries(type[1])) {
        out[name] = Object.prototype.hasOwnProperty.call(wire, name) ? fromWire(wire[name], attrType, [...path, name]) : null;
      }
      return out;
    }
  }
}

function numberFromWire(raw: unknown, path: Path): CtyNumber {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return ctyNumberFromBigInt(raw);
  if (typeof raw === 'string') {
    try {
      return parseCtyNumber(raw);
    } catch {
      throw new ValueError(path, 'a number is required');
    }
  }
  throw new ValueError(path, 'a number is required');
}

function arrayFromWire(raw: unknown, path: Path, what: string): unknown[] {
  if (Array.isArray(raw)) return raw;
  throw new ValueError(path, `a ${what} is required`);
}

function mapFromWire(raw: unknown, path: Path, what: string): WireMap {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Uint8Array)) return raw as WireMap;
  throw new ValueError(path, `${what === 'object' ? 'an object' : 'a map'} is required`);
}

function dynamicFromWire(raw: unknown, path: Path): CtyValue {
  if (raw === null || raw === undefined) return null;
  if (!Array.isArray(raw) || raw.length !== 2) throw new ValueError(path, 'a dynamic value must be a [type, value] pair');
  const [typeJson, value] = raw as [unknown, unknown];
  let dynamicType: CtyType;
  try {
    if (typeJson instanceof Uint8Array) dynamicType = parseCtyTypeBytes(typeJson);
    else if (typeof typeJson === 'string') dynamicType = parseCtyTypeBytes(Buffer.from(typeJson));
    else throw new Error('type is not bytes');
  } catch (e) {
    throw new ValueError(path, `invalid dynamic type: ${(e as Error).message}`);
  }
  const dv: DynamicValue = { dynamicType, value: fromWire(value, dynamicType, path) };
  return dv;
}

function unknownFromExt(ext: ExtData, type: CtyType): Unknown {
  const payload = typeof ext.data === 'function' ? ext.data(0) : ext.data;
  if (ext.type !== REFINED_UNKNOWN_EXT_TYPE || payload.length <= 1 || type === 'dynamic') return UNKNOWN;
  const refinements = decodeRefinements(payload, type);
  return refinements ? new Unknown(refinements) : UNKNOWN;
}

/**
 * The ext 12 payload: a map {1: false (not null), 2: string prefix, 3/4: [number, inclusive]
 * lower/upper bound, 5/6: collection length bounds}. Refinements are hints, so a payload that
 * does not parse, or keys from a future version, are dropped rather than failing the request.
 */
export function decodeRefinements(payload: Uint8Array, type: CtyType): UnknownRefinements | undefined {
  let map: unknown;
  try {
    map = decode(payload, DECODE_OPTIONS);
  } catch {
    return undefined;
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return undefined;
  const entries = map as { [key: string]: unknown };
  const r: UnknownRefinements = {};
  if (entries['1'] === false) r.notNull = true;
  if (type === 'string' && typeof entries['2'] === 'string') r.stringPrefix = entries['2'];
  if (type === 'number') {
    const lower = boundFromWire(entries['3']);
    const upper = boundFromWire(entries['4']);
    if (lower) r.numberLower = lower;
    if (upper) r.numberUpper = upper;
  }
  const lengthLower = entries['5'];
  const lengthUpper = entries['6'];
  if (isCtyNumber(lengthLower)) r.lengthLower = Number(lengthLower);
  if (isCtyNumber(lengthUpper)) r.lengthUpper = Number(lengthUpper);
  return Object.keys(r).length ? r : undefined;
}

function boundFromWire(raw: unknown): { value: CtyNumber; inclusive: boolean } | undefined {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[1] !== 'boolean') return undefined;
  try {
    return { value: numberFromWire(raw[0], []), inclusive: raw[1] };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** Encodes `value` as msgpack for `type`, with exactly the type's object keys. */
export function encodeMsgpack(value: CtyValue | undefined, type: CtyType): Uint8Array {
  return encode(toWire(value, type, []), ENCODE_OPTIONS);
}

function toWire(value: CtyValue | undefined, type: CtyType, path: Path): unknown {
  if (value === null || value === undefined) return null;
  if (isUnknown(value)) return WIRE_UNKNOWN;
  if (type === 'dynamic') return dynamicToWire(value, path);
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof value === 'string') return value;
        throw new ValueError(path, `a string is required, got ${describe(value)}`);
      case 'bool':
        if (typeof value === 'boolean') return value;
        throw new ValueError(path, `a bool is required, got ${describe(value)}`);
      case 'number':
        if (isCtyNumber(value)) return numberToWire(value, path);
        throw new ValueError(path, `a number is required, got ${describe(value)}`);
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set': {
      const elementType = type[1];
      return arrayOf(value, path, type[0]).map((e, i) => toWire(e, elementType, [...path, i]));
    }
    case 'tuple': {
      const types = type[1];
      const items = arrayOf(value, path, 'tuple');
      if (items.length !== types.length) throw new ValueError(path, `a tuple of length ${types.length} is required, got ${items.length} elements`);
      return items.map((e, i) => toWire(e, types[i], [...path, i]));
    }
    case 'map': {
      const elementType = type[1];
      const out: WireMap = Object.create(null) as WireMap;
      for (const [k, v] of Object.entries(mapOf(value, path, 'map'))) out[k] = toWire(v, elementType, [...path, { key: k }]);
      return out;
    }
    case 'object': {
      const attrs = mapOf(value, path, 'object');
      const out: WireMap = Object.create(null) as WireMap;
      for (const [name, attrType] of Object.entries(type[1])) out[name] = toWire(attrs[name], attrType, [...path, name]);
      return out;
    }
  }
}

/**
 * go-cty writes int64 as int, exact float64 as float and anything else as a decimal string. A
 * JS fraction goes out as its shortest decimal text, so "0.1" in configuration comes back as the
 * same cty number instead of float64's 0.1000000000000000055…
 */
function numberToWire(n: CtyNumber, path: Path): number | bigint | string {
  if (typeof n === 'bigint') return n >= INT64_MIN && n <= UINT64_MAX ? n : n.toString();
  if (Number.isNaN(n)) throw new ValueError(path, 'NaN is not a number Terraform can represent');
  if (!Number.isFinite(n)) return n;
  if (Number.isInteger(n)) return Number.isSafeInteger(n) && Math.abs(n) >= INT32_LIMIT ? BigInt(n) : n;
  return String(n);
}

function dynamicToWire(value: CtyValue, path: Path): unknown {
  const dv = isDynamicValue(value) ? value : { dynamicType: inferCtyType(value), value };
  if (dv.value === null && dv.dynamicType === 'dynamic') return null;
  if (isUnknown(dv.value) && dv.dynamicType === 'dynamic') return WIRE_UNKNOWN;
  return [Buffer.from(ctyTypeToJson(dv.dynamicType)), toWire(dv.value, dv.dynamicType, path)];
}

export function isDynamicValue(v: CtyValue | undefined): v is DynamicValue {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !isUnknown(v) &&
    Object.keys(v).length === 2 &&
    'dynamicType' in v &&
    'value' in v
  );
}

/** The type a plain JS value has when placed in a dynamic slot (arrays are tuples, like JSON). */
export function inferCtyType(v: CtyValue): CtyType {
  if (v === null || isUnknown(v)) return 'dynamic';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (isCtyNumber(v)) return 'number';
  if (Array.isArray(v)) return ['tuple', v.map(inferCtyType)];
  if (isDynamicValue(v)) return v.dynamicType;
  const attrs: Record<string, CtyType> = {};
  for (const [k, e] of Object.entries(v)) attrs[k] = inferCtyType(e);
  return ['object', attrs];
}

function arrayOf(value: CtyValue, path: Path, what: string): CtyValue[] {
  if (Array.isArray(value)) return value;
  throw new ValueError(path, `a ${what} (array) is required, got ${describe(value)}`);
}

function mapOf(value: CtyValue, path: Path, what: string): { [key: string]: CtyValue } {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value) && !isDynamicValue(value)) {
    return value;
  }
  throw new ValueError(path, `${what === 'object' ? 'an object' : 'a map'} is required, got ${describe(value)}`);
}

function describe(v: CtyValue): string {
  if (Array.isArray(v)) return 'an array';
  if (isDynamicValue(v)) return 'a dynamic value';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)}`;
}
