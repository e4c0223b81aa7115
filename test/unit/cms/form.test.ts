import { encodeForm, encodeQuery, formPairs } from '../../../provider/src/cms';

describe('form encoding', () => {
  it('passes documented camelCase names through unchanged, quirks included', () => {
    const body = encodeForm({ callLegProfile: 'abc', resolveTocoSpaces: true, resolveToLyncSimplejoin: false, sipRecorderUri: 'rec@x' });
    expect(body).toBe('callLegProfile=abc&resolveTocoSpaces=true&resolveToLyncSimplejoin=false&sipRecorderUri=rec%40x');
  });

  it('sends empty string and null as an empty value (unset) and omits undefined', () => {
    expect(encodeForm({ tenant: '', passcode: null, name: undefined, uri: 'x' })).toBe('tenant=&passcode=&uri=x');
  });

  it('writes numbers, bigints and booleans as the API spells them', () => {
    expect(encodeForm({ a: 10, b: 0, c: 123456789012345678901234n, d: true, e: false, f: 1.5 })).toBe('a=10&b=0&c=123456789012345678901234&d=true&e=false&f=1.5');
  });

  it('keeps leading zeros of string values', () => {
    expect(encodeForm({ callId: '007001' })).toBe('callId=007001');
  });

  it('percent-encodes reserved characters and UTF-8', () => {
    const body = encodeForm({ name: 'Sales & Marketing = 100% 销售', uri: 'a+b' });
    expect(body).toBe('name=Sales+%26+Marketing+%3D+100%25+%E9%94%80%E5%94%AE&uri=a%2Bb');
    expect(new URLSearchParams(body).get('name')).toBe('Sales & Marketing = 100% 销售');
    expect(new URLSearchParams(body).get('uri')).toBe('a+b');
  });

  it('gives an empty body for no parameters (a valid create)', () => {
    expect(encodeForm({})).toBe('');
    expect(encodeForm(undefined)).toBe('');
  });

  it('refuses values the API cannot take', () => {
    expect(() => encodeForm({ a: Number.NaN })).toThrow(/not a finite number/);
    expect(() => encodeForm({ a: Infinity })).toThrow(TypeError);
    expect(() => encodeForm({ '': 'x' })).toThrow(/empty name/);
    expect(() => encodeForm({ a: {} as unknown as string })).toThrow(/unsupported type/);
  });

  it('builds query strings', () => {
    expect(encodeQuery({ filter: 'sales team', offset: 0, limit: 20, tenantFilter: undefined })).toBe('?filter=sales+team&offset=0&limit=20');
    expect(encodeQuery({})).toBe('');
    expect(encodeQuery(undefined)).toBe('');
  });

  it('lists the pairs that will be sent', () => {
    expect(formPairs({ a: 1, b: undefined, c: null })).toEqual([
      ['a', '1'],
      ['c', ''],
    ]);
  });
});
