/**
 * The facts one parameter description of the API Blueprint carries, read from its type text and
 * its description: the value type, enum values, mandatory marks, the versions it appeared in or
 * was removed in, documented limits and defaults. Only these facts are kept, never the prose.
 */

export type BlueprintValueType = 'string' | 'number' | 'bool' | 'id' | 'enum';

export interface ParameterFacts {
  type?: BlueprintValueType;
  /** Enum values (also `true`/`false` never appear here: that is type bool). */
  values?: string[];
  mandatory?: true;
  /** The version the parameter appeared in, when the reference says so (`2.9`, `3.0`). */
  since?: string;
  /** The version the parameter was removed in (`3.0`). */
  removedIn?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  /** The value the server applies when a create leaves the parameter out. */
  default?: string;
}

/** Inline HTML of a table cell reduced to text; bold marks kept as `**` for defaults. */
export function cellText(html: string): string {
  return html
    .replace(/<\/?b>/gi, '**')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const NUMBER_WORDS = /^(number|numeric|integer|int|numeric value)$/i;
const STRING_WORDS = /^(string|text|url|uri|uri user part|jid|dtmf sequence|domain|address|hostname|string\s*\(.*\))$/i;
const ID_WORDS = /^(id|guid)$/i;
const BOOL_WORDS = /^(boolean|bool)$/i;

/**
 * The type of a `Type/Value` cell or an MSON type (`true|false`, `Number`, `ID`, `a|b|c`,
 * `(boolean)`). Bold values (`**false**`) are the documented default.
 */
export function typeFacts(raw: string): Pick<ParameterFacts, 'type' | 'values' | 'default'> {
  const text = raw.trim();
  if (!text) return {};
  const boldDefault = /\*\*\s*([A-Za-z0-9_.-]+)\s*\*\*/.exec(text)?.[1];
  const plain = text.replace(/\*\*/g, '').replace(/[“”]/g, '"').replace(/^one of\s+/i, '').trim();
  const out: Pick<ParameterFacts, 'type' | 'values' | 'default'> = {};
  if (boldDefault) out.default = boldDefault;
  if (plain.includes('|')) {
    const values = plain
      .replace(/^\(|\)$/g, '')
      .split('|')
      .map((v) => v.trim().replace(/^["'`]|["'`]$/g, '').replace(/([a-z])-\s*([a-z])/g, '$1$2').replace(/\s+/g, ''))
      .filter((v) => /^[A-Za-z0-9_.-]+$/.test(v));
    if (values.length && values.every((v) => v === 'true' || v === 'false')) return { ...out, type: 'bool' };
    if (values.length) return { ...out, type: 'enum', values };
    return out;
  }
  const word = plain.replace(/[.,;]$/, '');
  if (BOOL_WORDS.test(word)) return { ...out, type: 'bool' };
  if (NUMBER_WORDS.test(word)) return { ...out, type: 'number' };
  if (ID_WORDS.test(word)) return { ...out, type: 'id' };
  if (STRING_WORDS.test(word)) return { ...out, type: 'string' };
  if (/^enum$/i.test(word)) return { ...out, type: 'enum' };
  return out;
}

const VERSION = String.raw`(\d+\.\d+(?:\.\d+)?)`;
const SINCE_PATTERNS = [
  new RegExp(String.raw`\bfrom\s+(?:version\s+|release\s+|R\s?)?${VERSION}`, 'i'),
  new RegExp(String.raw`\bpresent\s+from\s+(?:version\s+|R\s?)?${VERSION}`, 'i'),
  new RegExp(String.raw`\b${VERSION}\s+onwards`, 'i'),
];
const REMOVED_PATTERNS = [new RegExp(String.raw`\bremoved\s+in\s+(?:version\s+)?${VERSION}`, 'i'), new RegExp(String.raw`\b${VERSION}\s+removed\b`, 'i')];

/** `(From version 2.9)`, `(3.0 onwards)`, `present from R1.7 onwards`, `(removed in 3.0)`. */
export function versionFacts(description: string): Pick<ParameterFacts, 'since' | 'removedIn'> {
  const out: Pick<ParameterFacts, 'since' | 'removedIn'> = {};
  for (const re of REMOVED_PATTERNS) {
    const m = re.exec(description);
    if (m) {
      out.removedIn = m[1]!;
      break;
    }
  }
  // A description may mention several versions ("From R1.9 the layout ... (From version 2.8)"):
  // the latest one is when the parameter as described appeared.
  const found: string[] = [];
  for (const re of SINCE_PATTERNS) {
    const global = new RegExp(re.source, 'gi');
    for (const m of description.matchAll(global)) found.push(m[1]!);
  }
  const since = found.filter((v) => v !== out.removedIn).sort(compareVersions).pop();
  if (since) out.since = since;
  return out;
}

/** Documented limits and defaults: `Up to 100 characters`, `ranges from 0 to 10000`, `Maximum value is 2,147,483,647`, `defaults to "false"`. */
export function limitFacts(description: string): Pick<ParameterFacts, 'minimum' | 'maximum' | 'maxLength' | 'default'> {
  const out: Pick<ParameterFacts, 'minimum' | 'maximum' | 'maxLength' | 'default'> = {};
  const num = (s: string) => Number(s.replace(/,/g, ''));
  const upTo = /\bup to ([\d,]+) characters\b/i.exec(description);
  if (upTo) out.maxLength = num(upTo[1]!);
  const range = /\branges? from (-?[\d,]+) to (-?[\d,]+)/i.exec(description);
  if (range) {
    out.minimum = num(range[1]!);
    out.maximum = num(range[2]!);
  }
  const max = /\bmaximum (?:value is |)([\d,]+)\b(?! (?:bytes|characters|participant ids))/i.exec(description);
  if (max && out.maximum === undefined) out.maximum = num(max[1]!);
  const def = /\bdefaults? to [“"']?([A-Za-z0-9_.-]+)/i.exec(description.replace(/[”"']/g, '"'));
  if (def) out.default = def[1]!.replace(/\.$/, '');
  return out;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Merges what two places say about one parameter: the first-found value of each fact wins,
 * except that a mandatory mark, enum values and the latest `since` accumulate.
 */
export function mergeFacts(into: ParameterFacts, from: ParameterFacts): ParameterFacts {
  const out: ParameterFacts = { ...from, ...into };
  if (into.mandatory || from.mandatory) out.mandatory = true;
  if (into.values || from.values) out.values = [...new Set([...(into.values ?? []), ...(from.values ?? [])])];
  if (into.type === undefined || (into.type === 'string' && from.type && from.type !== 'string')) {
    if (from.type) out.type = from.type;
  }
  if (out.type !== 'enum') delete out.values;
  const sinces = [into.since, from.since].filter((v): v is string => Boolean(v)).sort(compareVersions);
  if (sinces.length) out.since = sinces[sinces.length - 1]!;
  return out;
}
