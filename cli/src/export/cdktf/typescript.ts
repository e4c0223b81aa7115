/** TypeScript source for the exported app: literals, object literals over several lines, code. */

/** A piece of code written as it is (an expression such as `teamMeeting.templateId`). */
export interface Code {
  code: string;
}

export type TsValue = string | number | boolean | null | undefined | Code | TsValue[] | { [key: string]: TsValue };

export const code = (text: string): Code => ({ code: text });

function isCode(v: unknown): v is Code {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as Code).code === 'string';
}

/** A single-quoted string literal. */
export function tsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

const KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A value as TypeScript; objects and arrays of objects over several lines, at `indent`. */
export function tsValue(v: TsValue, indent = ''): string {
  if (v === undefined || v === null) return 'undefined';
  if (typeof v === 'string') return tsString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isCode(v)) return v.code;
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null || isCode(x))) return `[${v.map((x) => tsValue(x, indent)).join(', ')}]`;
    return `[\n${v.map((x) => `${inner}${tsValue(x, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${KEY.test(k) ? k : tsString(k)}: ${tsValue(x, inner)},`).join('\n')}\n${indent}}`;
}
