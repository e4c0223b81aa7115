/**
 * The JSON form of cty values, as Terraform stores state (UpgradeResourceState.raw_state.json,
 * MoveResourceState.source_state.json): objects with every attribute, sets as arrays, dynamic
 * values as {"value": …, "type": …}, numbers with arbitrary precision.
 *
 * JSON.parse would round integers past 2^53, so parseJsonPreservingNumbers keeps them as bigint.
 */
import { impliedType, parseCtyType } from './cty-type';
import { isCtyNumber, parseCtyNumber } from './cty-number';
import type { CtyNumber, CtyObject, CtyType, CtyValue, PathStep, SchemaBlock } from './types';
import { ValueError } from './value-error';

export type JsonValue = null | boolean | string | CtyNumber | JsonValue[] | { [key: string]: JsonValue };

/** JSON.parse, except that integers beyond 2^53 become bigint instead of losing digits. */
export function parseJsonPreservingNumbers(text: string): JsonValue {
  // JSON.parse reads every number as this parser does (one float64 rounding), except integers
  // past 2^53 and -0; state rarely holds either, so it goes first and the parser below only
  // reads what JSON.parse could not read exactly (or not at all, for its error message).
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined && numbersExact(parsed)) return parsed as JsonValue;
  const parser = new JsonParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

function numbersExact(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isInteger(v) || (Number.isSafeInteger(v) && !Object.is(v, -0));
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every(numbersExact);
  for (const key in v) if (!numbersExact((v as Record<string, unknown>)[key])) return false;
  return true;
}

class JsonParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  value(): JsonValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail('unexpected character');
  }

  end(): void {
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('unexpected trailing text');
  }

  private object(): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipSpace();
      this.expect(':');
      // defineProperty, so a "__proto__" key is data rather than a prototype change.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else return this.expect('}'), out;
    }
  }

  private array(): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else return this.expect(']'), out;
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('unterminated string');
      if (c === '\\') this.pos += 2;
      else if (c === '"') break;
      else this.pos++;
    }
    this.pos++;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): CtyNumber {
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (!found) return this.fail('invalid number');
    this.pos += found[0].length;
    return parseCtyNumber(found[0]);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`expected '${c}'`);
    this.pos++;
  }

  private fail(message: string): never {
    throw new SyntaxError(`invalid JSON at offset ${this.pos}: ${message}`);
  }
}

/**
 * Converts parsed JSON into a value of `type`, the way Terraform reads stored state: missing
 * object attributes become null and attributes the type no longer has are dropped, which is
 * what an upgrade to the current schema needs.
 */
export function ctyFromJson(json: unknown, type: CtyType, path: PathStep[] = []): CtyValue {
  if (json === null || json === undefined) return null;
  if (type === 'dynamic') {
    const wrapper = asObject(json, path);
    let dynamicType: CtyType;
    try {
      dynamicType = parseCtyType(wrapper.type);
    } catch (e) {
      throw new ValueError(path, `invalid dynamic type: ${(e as Error).message}`);
    }
    return { dynamicType, value: ctyFromJson(wrapper.value, dynamicType, path) };
  }
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof json === 'string') return json;
        throw new ValueError(path, 'a string is required');
      case 'bool':
        if (typeof json === 'boolean') return json;
        throw new ValueError(path, 'a bool is required');
      case 'number':
        if (isCtyNumber(json)) return json;
        if (typeof json === 'string') {
          try {
            return parseCtyNumber(json);
          } catch {
            /* fall through to the error below */
          }
        }
        throw new ValueError(path, 'a number is required');
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set': {
      const elementType = type[1];
      return asArray(json, path).map((e, i) => ctyFromJson(e, elementType, [...path, i]));
    }
    case 'tuple': {
      const types = type[1];
      const items = asArray(json, path);
      if (items.length !== types.length) throw new ValueError(path, `a tuple of length ${types.length} is required`);
      return items.map((e, i) => ctyFromJson(e, types[i], [...path, i]));
    }
    case 'map': {
      const elementType = type[1];
      const out: { [key: string]: CtyValue } = {};
      for (const [k, v] of Object.entries(asObject(json, path))) out[k] = ctyFromJson(v, elementType, [...path, { key: k }]);
      return out;
    }
    case 'object': {
      const attrs = asObject(json, path);
      const out: CtyObject = {};
      for (const [name, attrType] of Object.entries(type[1])) {
        out[name] = Object.prototype.hasOwnProperty.call(attrs, name) ? ctyFromJson(attrs[name], attrType, [...path, name]) : null;
      }
      return out;
    }
  }
}

/** Stored state (parsed raw_state JSON) as an object of the current schema, or null. */
export function objectFromStoredState(rawState: unknown, block: SchemaBlock): CtyObject | null {
  return ctyFromJson(rawState, impliedType(block)) as CtyObject | null;
}

function asArray(json: unknown, path: PathStep[]): unknown[] {
  if (Array.isArray(json)) return json;
  throw new ValueError(path, 'an array is required');
}

function asObject(json: unknown, path: PathStep[]): { [key: string]: unknown } {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as { [key: string]: unknown };
  throw new ValueError(path, 'an object is required');
}
