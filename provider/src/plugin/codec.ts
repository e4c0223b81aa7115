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
import { decode } from '@msgpack/msgpack';
import { ctyTypeToJson, parseCtyTypeBytes } from './cty-type';
import { ctyNumberFromBigInt, isCtyNumber, parseCtyNumber } from './cty-number';
import { Unknown, UNKNOWN, isUnknown } from './types';
import type { CtyNumber, CtyType, CtyValue, DynamicValue, PathStep, UnknownRefinements } from './types';
import { ValueError } from './value-error';

const DECODE_OPTIONS = { useBigInt64: true } as const;
const REFINED_UNKNOWN_EXT_TYPE = 12;
/** Terraform's plain unknown: fixext1, type 0, one zero byte. */
const WIRE_UNKNOWN = new Uint8Array([0xd4, 0x00, 0x00]);

const INT32_LIMIT = 2 ** 31;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

type Path = PathStep[];

// ---------------------------------------------------------------------------------------------
// Decoding: read straight from the bytes into cty values, led by the type, so no intermediate
// msgpack tree is built. The path to a value is a shared stack copied only into errors.

/** Decodes msgpack bytes as a value of `type`. Empty input is a null value. */
export function decodeMsgpack(bytes: Uint8Array, type: CtyType): CtyValue {
  if (bytes.length === 0) return null;
  const reader = new Reader(bytes);
  const value = reader.value(type);
  if (reader.pos !== bytes.length) throw new ValueError([], 'extra bytes after the value');
  return value;
}

class Reader {
  pos = 0;
  private readonly view: DataView;
  private readonly path: PathStep[] = [];

  /** The same bytes as a Buffer, for its native UTF-8 decoder. */
  private readonly text: Buffer;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.text = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private fail(message: string): never {
    throw new ValueError([...this.path], message);
  }

  private byte(): number {
    if (this.pos >= this.bytes.length) this.fail('the msgpack value is cut short');
    return this.bytes[this.pos++]!;
  }

  private take(n: number): number {
    const at = this.pos;
    if (at + n > this.bytes.length) this.fail('the msgpack value is cut short');
    this.pos = at + n;
    return at;
  }

  private u8(): number {
    return this.byte();
  }
  private u16(): number {
    return this.view.getUint16(this.take(2));
  }
  private u32(): number {
    return this.view.getUint32(this.take(4));
  }

  value(type: CtyType): CtyValue {
    const b = this.bytes[this.pos];
    if (b === undefined) this.fail('the msgpack value is cut short');
    if (b === 0xc0) {
      this.pos++;
      return null;
    }
    // Every extension is an unknown value (the timestamp extension included).
    if ((b >= 0xd4 && b <= 0xd8) || (b >= 0xc7 && b <= 0xc9)) return this.unknown(type);
    if (type === 'dynamic') return this.dynamic();
    if (typeof type === 'string') {
      switch (type) {
        case 'string': {
          const s = this.stringOrUndefined();
          return s !== undefined ? s : this.fail('a string is required');
        }
        case 'bool':
          if (b === 0xc2 || b === 0xc3) {
            this.pos++;
            return b === 0xc3;
          }
          return this.fail('a bool is required');
        case 'number':
          return this.number();
      }
    }
    switch (type[0]) {
      case 'list':
      case 'set':
      case 'tuple': {
        const n = this.arrayLength(type[0]);
        if (type[0] === 'tuple' && n !== type[1].length) this.fail(`a tuple of length ${type[1].length} is required`);
        const out: CtyValue[] = new Array<CtyValue>(n);
        for (let i = 0; i < n; i++) {
          this.path.push(i);
          out[i] = this.value(elementType(type, i));
          this.path.pop();
        }
        return out;
      }
      case 'map': {
        const n = this.mapLength('map');
        const elementType = type[1];
        const out: { [key: string]: CtyValue } = {};
        for (let i = 0; i < n; i++) {
          const key = this.key();
          this.path.push({ key });
          setData(out, key, this.value(elementType));
          this.path.pop();
        }
        return out;
      }
      case 'object': {
        const n = this.mapLength('object');
        const attrs = type[1];
        const out: { [attr: string]: CtyValue } = {};
        for (const name of objectLayout(attrs).declared) out[name] = null;
        for (let i = 0; i < n; i++) {
          const key = this.key();
          if (!Object.prototype.hasOwnProperty.call(attrs, key)) {
            this.skip();
            continue;
          }
          this.path.push(key);
          out[key] = this.value(attrs[key]!);
          this.path.pop();
        }
        return out;
      }
    }
  }

  private key(): string {
    const s = this.stringOrUndefined();
    if (s !== undefined) return s;
    // Maps from Terraform have string keys; anything else is read as its text, as JSON would.
    const raw = this.any();
    return String(raw);
  }

  private stringOrUndefined(): string | undefined {
    const b = this.bytes[this.pos]!;
    let n: number;
    if (b >= 0xa0 && b <= 0xbf) {
      this.pos++;
      n = b - 0xa0;
    } else if (b === 0xd9) {
      this.pos++;
      n = this.u8();
    } else if (b === 0xda) {
      this.pos++;
      n = this.u16();
    } else if (b === 0xdb) {
      this.pos++;
      n = this.u32();
    } else return undefined;
    return this.utf8(this.take(n), n);
  }

  private utf8(at: number, n: number): string {
    return this.text.toString('utf8', at, at + n);
  }

  private arrayLength(what: string): number {
    const b = this.bytes[this.pos]!;
    let n: number;
    if (b >= 0x90 && b <= 0x9f) (this.pos++, (n = b - 0x90));
    else if (b === 0xdc) (this.pos++, (n = this.u16()));
    else if (b === 0xdd) (this.pos++, (n = this.u32()));
    else return this.fail(`a ${what} is required`);
    return this.fits(n, 1);
  }

  private mapLength(what: 'map' | 'object'): number {
    const b = this.bytes[this.pos]!;
    let n: number;
    if (b >= 0x80 && b <= 0x8f) (this.pos++, (n = b - 0x80));
    else if (b === 0xde) (this.pos++, (n = this.u16()));
    else if (b === 0xdf) (this.pos++, (n = this.u32()));
    else return this.fail(what === 'object' ? 'an object is required' : 'a map is required');
    return this.fits(n, 2);
  }

  /** A count no larger than the bytes left could hold (each entry takes at least one byte). */
  private fits(n: number, bytesEach: number): number {
    if (n * bytesEach > this.bytes.length - this.pos) this.fail('the msgpack value is cut short');
    return n;
  }

  private number(): CtyNumber {
    const b = this.byte();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    const view = this.view;
    switch (b) {
      case 0xcc: return this.u8();
      case 0xcd: return this.u16();
      case 0xce: return this.u32();
      case 0xcf: return ctyNumberFromBigInt(view.getBigUint64(this.take(8)));
      case 0xd0: return view.getInt8(this.take(1));
      case 0xd1: return view.getInt16(this.take(2));
      case 0xd2: return view.getInt32(this.take(4));
      case 0xd3: return ctyNumberFromBigInt(view.getBigInt64(this.take(8)));
      case 0xca: return view.getFloat32(this.take(4));
      case 0xcb: return view.getFloat64(this.take(8));
    }
    // go-cty writes numbers that fit neither form as decimal text.
    this.pos--;
    const text = this.stringOrUndefined();
    if (text === undefined) return this.fail('a number is required');
    try {
      return parseCtyNumber(text);
    } catch {
      return this.fail('a number is required');
    }
  }

  private unknown(type: CtyType): Unknown {
    const b = this.byte();
    let n: number;
    if (b >= 0xd4 && b <= 0xd8) n = 1 << (b - 0xd4);
    else if (b === 0xc7) n = this.u8();
    else if (b === 0xc8) n = this.u16();
    else n = this.u32();
    const extType = this.view.getInt8(this.take(1));
    const at = this.take(n);
    if (extType !== REFINED_UNKNOWN_EXT_TYPE || n <= 1 || type === 'dynamic') return UNKNOWN;
    const refinements = decodeRefinements(this.bytes.subarray(at, at + n), type);
    return refinements ? new Unknown(refinements) : UNKNOWN;
  }

  private dynamic(): CtyValue {
    const b0 = this.bytes[this.pos];
    if (b0 !== 0x92) this.fail('a dynamic value must be a [type, value] pair');
    this.pos++;
    let dynamicType: CtyType;
    try {
      const b = this.bytes[this.pos]!;
      let typeBytes: Uint8Array;
      if (b === 0xc4 || b === 0xc5 || b === 0xc6) {
        this.pos++;
        const len = b === 0xc4 ? this.u8() : b === 0xc5 ? this.u16() : this.u32();
        const at = this.take(len);
        typeBytes = this.bytes.subarray(at, at + len);
      } else {
        const text = this.stringOrUndefined();
        if (text === undefined) throw new Error('type is not bytes');
        typeBytes = Buffer.from(text);
      }
      dynamicType = parseCtyTypeBytes(typeBytes);
    } catch (e) {
      if (e instanceof ValueError) throw e;
      return this.fail(`invalid dynamic type: ${(e as Error).message}`);
    }
    const dv: DynamicValue = { dynamicType, value: this.value(dynamicType) };
    return dv;
  }

  /** Reads any value without a type (map keys that are not strings). */
  private any(): unknown {
    const start = this.pos;
    this.skip();
    return decode(this.bytes.subarray(start, this.pos), DECODE_OPTIONS);
  }

  /** Steps over one value of any kind (attributes the type does not have). */
  private skip(): void {
    const b = this.byte();
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) return;
    if (b >= 0xa0 && b <= 0xbf) return void this.take(b - 0xa0);
    if (b >= 0x90 && b <= 0x9f) return this.skipMany(b - 0x90);
    if (b >= 0x80 && b <= 0x8f) return this.skipMany(2 * (b - 0x80));
    switch (b) {
      case 0xcc: case 0xd0: return void this.take(1);
      case 0xcd: case 0xd1: return void this.take(2);
      case 0xce: case 0xd2: case 0xca: return void this.take(4);
      case 0xcf: case 0xd3: case 0xcb: return void this.take(8);
      case 0xd9: case 0xc4: return void this.take(this.u8());
      case 0xda: case 0xc5: return void this.take(this.u16());
      case 0xdb: case 0xc6: return void this.take(this.u32());
      case 0xdc: return this.skipMany(this.u16());
      case 0xdd: return this.skipMany(this.u32());
      case 0xde: return this.skipMany(2 * this.u16());
      case 0xdf: return this.skipMany(2 * this.u32());
      case 0xd4: case 0xd5: case 0xd6: case 0xd7: case 0xd8: return void this.take(1 + (1 << (b - 0xd4)));
      case 0xc7: return void this.take(1 + this.u8());
      case 0xc8: return void this.take(1 + this.u16());
      case 0xc9: return void this.take(1 + this.u32());
    }
    this.fail(`0x${b.toString(16)} is not a msgpack value`);
  }

  private skipMany(n: number): void {
    for (let i = 0; i < n; i++) this.skip();
  }
}

/** A map key such as `__proto__` stays data. */
function setData(out: { [key: string]: CtyValue }, key: string, value: CtyValue): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Per object type, computed once: its attribute names in go-cty's (sorted) order, as msgpack. */
interface ObjectLayout {
  /** In the type's own order (the order decoded objects have their keys in). */
  declared: string[];
  names: string[];
  types: CtyType[];
  encodedNames: Buffer[];
}
const layouts = new WeakMap<object, ObjectLayout>();

function objectLayout(attrs: { [name: string]: CtyType }): ObjectLayout {
  let layout = layouts.get(attrs);
  if (!layout) {
    const declared = Object.keys(attrs);
    const names = [...declared].sort();
    layout = { declared, names, types: names.map((n) => attrs[n]!), encodedNames: names.map(encodedString) };
    layouts.set(attrs, layout);
  }
  return layout;
}

function encodedString(s: string): Buffer {
  // Its own buffer: layouts are made while an encoding is using the shared one.
  const w = new Writer(Buffer.allocUnsafe(64));
  w.string(s);
  return Buffer.from(w.result());
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

/** A number from a generically decoded msgpack value (refinement bounds). */
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

function boundFromWire(raw: unknown): { value: CtyNumber; inclusive: boolean } | undefined {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[1] !== 'boolean') return undefined;
  try {
    return { value: numberFromWire(raw[0], []), inclusive: raw[1] };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding: written straight into one growing buffer, led by the type.

/**
 * Encodes `value` as msgpack for `type`, with exactly the type's object keys (sorted, as go-cty).
 * `nullAttributes`: attributes of a top-level object written as null whatever their value (the
 * write-only ones of a state).
 */
export function encodeMsgpack(value: CtyValue | undefined, type: CtyType, nullAttributes?: ReadonlySet<string>): Buffer {
  const w = new Writer();
  w.value(value, type, nullAttributes);
  return w.result();
}

let scratch = Buffer.allocUnsafe(64 * 1024);

class Writer {
  private buf: Buffer;
  private readonly shared: boolean;
  private pos = 0;
  private readonly path: PathStep[] = [];

  /** Without `buf`, the shared scratch buffer: an encoding never starts inside another one. */
  constructor(buf?: Buffer) {
    this.buf = buf ?? scratch;
    this.shared = buf === undefined;
  }

  result(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  private fail(message: string): never {
    throw new ValueError([...this.path], message);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
    if (this.shared && bigger.length <= 16 * 1024 * 1024) scratch = bigger;
  }

  private u8(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  private bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /**
   * A length header: the fix form below `fixLimit`, else the 8-bit form (when the kind has one,
   * `c8` ≥ 0), the 16-bit or the 32-bit one.
   */
  private header(n: number, fix: number, fixLimit: number, c8: number, c16: number, c32: number): void {
    this.room(5);
    const buf = this.buf;
    if (n < fixLimit) buf[this.pos++] = fix + n;
    else if (c8 >= 0 && n < 0x100) {
      buf[this.pos++] = c8;
      buf[this.pos++] = n;
    } else if (n < 0x10000) {
      buf[this.pos++] = c16;
      this.pos = buf.writeUInt16BE(n, this.pos);
    } else {
      buf[this.pos++] = c32;
      this.pos = buf.writeUInt32BE(n, this.pos);
    }
  }

  string(s: string): void {
    const n = s.length;
    // Short ASCII text, the usual case, is copied byte by byte.
    if (n < 32) {
      this.room(1 + n);
      const buf = this.buf;
      const at = this.pos;
      let ascii = true;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        buf[at + 1 + i] = c;
      }
      if (ascii) {
        buf[at] = 0xa0 + n;
        this.pos = at + 1 + n;
        return;
      }
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.header(len, 0xa0, 32, 0xd9, 0xda, 0xdb);
    this.room(len);
    this.pos += this.buf.write(s, this.pos, len, 'utf8');
  }

  private bin(b: Uint8Array): void {
    this.header(b.length, 0, 0, 0xc4, 0xc5, 0xc6);
    this.bytes(b);
  }

  /**
   * go-cty writes int64 as int, exact float64 as float and anything else as a decimal string. A
   * JS fraction goes out as its shortest decimal text, so "0.1" in configuration comes back as the
   * same cty number instead of float64's 0.1000000000000000055…
   */
  private number(n: CtyNumber): void {
    if (typeof n === 'bigint') return n >= INT64_MIN && n <= UINT64_MAX ? this.int64(n) : this.string(n.toString());
    if (Number.isNaN(n)) return this.fail('NaN is not a number Terraform can represent');
    // Infinities, and integers past 2^53 (already rounded), are exact float64.
    if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) return this.float64(n);
    if (!Number.isInteger(n)) return this.string(String(n));
    if (n < -INT32_LIMIT || n >= INT32_LIMIT) return this.int64(BigInt(n));
    // The smallest integer form, as msgpack encoders write.
    this.room(5);
    const buf = this.buf;
    if (n >= 0) {
      if (n < 0x80) buf[this.pos++] = n;
      else if (n < 0x100) (buf[this.pos++] = 0xcc), (buf[this.pos++] = n);
      else if (n < 0x10000) (buf[this.pos++] = 0xcd), (this.pos = buf.writeUInt16BE(n, this.pos));
      else (buf[this.pos++] = 0xce), (this.pos = buf.writeUInt32BE(n, this.pos));
    } else {
      if (n >= -0x20) buf[this.pos++] = 0xe0 | (n + 0x20);
      else if (n >= -0x80) (buf[this.pos++] = 0xd0), (this.pos = buf.writeInt8(n, this.pos));
      else if (n >= -0x8000) (buf[this.pos++] = 0xd1), (this.pos = buf.writeInt16BE(n, this.pos));
      else (buf[this.pos++] = 0xd2), (this.pos = buf.writeInt32BE(n, this.pos));
    }
  }

  private int64(n: bigint): void {
    this.room(9);
    if (n >= 0n) {
      this.buf[this.pos++] = 0xcf;
      this.pos = this.buf.writeBigUInt64BE(n, this.pos);
    } else {
      this.buf[this.pos++] = 0xd3;
      this.pos = this.buf.writeBigInt64BE(n, this.pos);
    }
  }

  private float64(n: number): void {
    this.room(9);
    this.buf[this.pos++] = 0xcb;
    this.pos = this.buf.writeDoubleBE(n, this.pos);
  }

  value(value: CtyValue | undefined, type: CtyType, nullAttributes?: ReadonlySet<string>): void {
    if (value === null || value === undefined) return this.u8(0xc0);
    if (isUnknown(value)) return this.bytes(WIRE_UNKNOWN);
    if (type === 'dynamic') return this.dynamic(value);
    if (typeof type === 'string') {
      switch (type) {
        case 'string':
          if (typeof value === 'string') return this.string(value);
          return this.fail(`a string is required, got ${describe(value)}`);
        case 'bool':
          if (typeof value === 'boolean') return this.u8(value ? 0xc3 : 0xc2);
          return this.fail(`a bool is required, got ${describe(value)}`);
        case 'number':
          if (isCtyNumber(value)) return this.number(value);
          return this.fail(`a number is required, got ${describe(value)}`);
      }
    }
    switch (type[0]) {
      case 'list':
      case 'set':
      case 'tuple': {
        const items = this.arrayOf(value, type[0]);
        if (type[0] === 'tuple' && items.length !== type[1].length) this.fail(`a tuple of length ${type[1].length} is required, got ${items.length} elements`);
        this.header(items.length, 0x90, 16, -1, 0xdc, 0xdd);
        for (let i = 0; i < items.length; i++) {
          this.path.push(i);
          this.value(items[i], elementType(type, i));
          this.path.pop();
        }
        return;
      }
      case 'map': {
        const entries = this.mapOf(value, 'map');
        const elementType = type[1];
        const keys = Object.keys(entries).sort();
        this.header(keys.length, 0x80, 16, -1, 0xde, 0xdf);
        for (const k of keys) {
          this.string(k);
          this.path.push({ key: k });
          this.value(entries[k], elementType);
          this.path.pop();
        }
        return;
      }
      case 'object': {
        const attrs = this.mapOf(value, 'object');
        const { names, types, encodedNames } = objectLayout(type[1]);
        this.header(names.length, 0x80, 16, -1, 0xde, 0xdf);
        for (let i = 0; i < names.length; i++) {
          const name = names[i]!;
          this.bytes(encodedNames[i]!);
          if (nullAttributes?.has(name)) {
            this.u8(0xc0);
            continue;
          }
          this.path.push(name);
          this.value(attrs[name], types[i]!);
          this.path.pop();
        }
        return;
      }
    }
  }

  private dynamic(value: CtyValue): void {
    const dv = isDynamicValue(value) ? value : { dynamicType: inferCtyType(value), value };
    if (dv.value === null && dv.dynamicType === 'dynamic') return this.u8(0xc0);
    if (isUnknown(dv.value) && dv.dynamicType === 'dynamic') return this.bytes(WIRE_UNKNOWN);
    this.u8(0x92);
    this.bin(Buffer.from(ctyTypeToJson(dv.dynamicType)));
    this.value(dv.value, dv.dynamicType);
  }

  private arrayOf(value: CtyValue, what: string): CtyValue[] {
    if (Array.isArray(value)) return value;
    return this.fail(`a ${what} (array) is required, got ${describe(value)}`);
  }

  private mapOf(value: CtyValue, what: string): { [key: string]: CtyValue } {
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value) && !isDynamicValue(value)) {
      return value;
    }
    return this.fail(`${what === 'object' ? 'an object' : 'a map'} is required, got ${describe(value)}`);
  }
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

/** The type of element `i` of a list, set or tuple. */
function elementType(type: readonly ['list' | 'set', CtyType] | readonly ['tuple', readonly CtyType[]], i: number): CtyType {
  return type[0] === 'tuple' ? type[1][i]! : type[1];
}

function describe(v: CtyValue): string {
  if (Array.isArray(v)) return 'an array';
  if (isDynamicValue(v)) return 'a dynamic value';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)}`;
}
