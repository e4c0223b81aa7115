/**
 * `Key : value` status blocks, the MMP's answer to a service name alone (`webadmin`,
 * `callbridge`, …), and the value conventions typed views share.
 */

export interface MmpStatusLine {
  /** Leading spaces: nested lines (`  Server Key`) are indented. */
  readonly indent: number;
  readonly key: string;
  /** Empty for a heading such as `Nodes:`. */
  readonly value: string;
}

/** Lines of an MMP answer, without CR and trailing blanks. */
export function outputLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.replace(/\s+$/, ''));
}

/**
 * Parses one line. Keys are padded before ` : ` (so a value may hold colons, as in `a:443`); an
 * unpadded `Key: value` is accepted too, provided the key holds no colon.
 */
export function parseStatusLine(line: string): MmpStatusLine | undefined {
  const padded = /^(\s*)(.*?\S)\s+:(?:\s+(.*))?$/.exec(line);
  const m = padded ?? /^(\s*)([^:\s][^:]*?):(?:\s+(.*))?$/.exec(line);
  if (!m) return undefined;
  return { indent: m[1]!.length, key: m[2]!, value: (m[3] ?? '').trim() };
}

/** Every `Key : value` line of an answer, in order. */
export function parseStatusLines(text: string): MmpStatusLine[] {
  return outputLines(text)
    .map(parseStatusLine)
    .filter((l): l is MmpStatusLine => l !== undefined);
}

/** A status block as a record (`{ 'TLS listening port': '443', … }`); a repeated key keeps its last value. */
export function parseStatusBlock(text: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const line of parseStatusLines(text)) record[line.key] = line.value;
  return record;
}

/** Looks keys up ignoring case and inner spacing (`CA Bundle file` = `CA bundle file`). */
export class StatusLookup {
  private readonly byKey = new Map<string, string>();

  constructor(readonly raw: Readonly<Record<string, string>>) {
    for (const [k, v] of Object.entries(raw)) this.byKey.set(StatusLookup.norm(k), v);
  }

  private static norm(key: string): string {
    return key.toLowerCase().replace(/\s+/g, ' ').trim();
  }

  /** The first of `keys` present. */
  get(...keys: string[]): string | undefined {
    for (const k of keys) {
      const v = this.byKey.get(StatusLookup.norm(k));
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

/** Words meaning "not set". */
const UNSET = /^(|none|not set|n\/a|-)$/i;

/** A file name or address, or undefined when the MMP shows it unset. */
export function optionalValue(value: string | undefined): string | undefined {
  return value === undefined || UNSET.test(value.trim()) ? undefined : value.trim();
}

/** `true`/`enabled`/`yes`/`on` (any case) → true; anything else → false. */
export function flagValue(value: string | undefined): boolean {
  return value !== undefined && /^(true|enabled|yes|on)$/i.test(value.trim());
}

/** A whole number, or undefined. */
export function numberValue(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** A list separated by blanks or commas, without unset words. */
export function listValue(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((v) => v !== '' && optionalValue(v) !== undefined);
}
