/**
 * cty numbers in JS: safe integers and floats are `number`, larger integers `bigint`, so no
 * digit of an int64 (or bigger) id is lost. Decimal fractions are rounded to float64.
 */
import type { CtyNumber } from './types';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;
const INTEGER_TEXT = /^[-+]?\d+$/;
/** What Go's big.ParseFloat (cty.ParseNumberVal) accepts, minus hex forms nobody sends. */
const DECIMAL_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function isCtyNumber(v: unknown): v is CtyNumber {
  return typeof v === 'number' || typeof v === 'bigint';
}

/** A bigint that fits a safe integer becomes a `number`, so equal values have one form. */
export function ctyNumberFromBigInt(b: bigint): CtyNumber {
  return b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b;
}

/** Parses a number written as text (msgpack string form, JSON), keeping big integers exact. */
export function parseCtyNumber(text: string): CtyNumber {
  const t = text.trim();
  if (INTEGER_TEXT.test(t)) return ctyNumberFromBigInt(BigInt(t));
  if (!DECIMAL_TEXT.test(t)) throw new Error(`"${text}" is not a number`);
  const n = Number(t);
  if (Number.isSafeInteger(n) || !Number.isFinite(n)) return n;
  const exact = exactInteger(t);
  return exact === undefined ? n : ctyNumberFromBigInt(exact);
}

/** The exact value of a decimal like "1.5e20" when it is an integer (float64 would round it). */
function exactInteger(t: string): bigint | undefined {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(t);
  if (!m) return undefined;
  const [, sign, whole, frac = '', exp = '0'] = m;
  const digits = (whole + frac).replace(/^0+(?=\d)/, '');
  const scale = Number(exp) - frac.length;
  if (scale > 400) return undefined; // far beyond any id; leave it to float64
  if (scale >= 0) return BigInt(sign + digits + '0'.repeat(scale));
  const kept = digits.slice(0, scale);
  if (!/^0*$/.test(digits.slice(scale)) || kept === '') return undefined;
  return BigInt(sign + kept);
}

/** Numbers compare by value across forms (1 and 1n are the same cty number). */
export function ctyNumbersEqual(a: CtyNumber, b: CtyNumber): boolean {
  if (typeof a === typeof b) return a === b;
  const big = typeof a === 'bigint' ? a : (b as bigint);
  const num = typeof a === 'number' ? a : (b as number);
  return Number.isInteger(num) && BigInt(num) === big;
}
