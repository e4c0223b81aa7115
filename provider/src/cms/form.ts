/**
 * Request encoding: `application/x-www-form-urlencoded` bodies and query strings.
 *
 * Parameter names go out exactly as given (the documented camelCase, including quirks such as
 * `resolveTocoSpaces`); nothing is renamed or re-cased here.
 */

/** A parameter value. Numbers and booleans are written as the API spells them (`10`, `true`). */
export type CmsParamValue = string | number | bigint | boolean | null | undefined;

/**
 * Parameters of a POST or PUT, or of a query string.
 * - `undefined`: the parameter is left out (on PUT: left unchanged on the server).
 * - `''` or `null`: sent with an empty value, which the server treats as "unset" (for profile
 *   parameters: inherit from the level above).
 */
export type CmsParams = Readonly<Record<string, CmsParamValue>>;

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** The parameters that will be sent, as ordered name/value pairs (undefined values dropped). */
export function formPairs(params: CmsParams | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  if (!params) return pairs;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (name === '') throw new TypeError('a request parameter has an empty name');
    pairs.push([name, formatValue(name, value)]);
  }
  return pairs;
}

function formatValue(name: string, value: Exclude<CmsParamValue, undefined>): string {
  if (value === null) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`parameter "${name}" is not a finite number`);
      return String(value);
    default:
      throw new TypeError(`parameter "${name}" has an unsupported type (${typeof value})`);
  }
}

/** Encode a form body. An empty parameter set gives an empty body (a valid create). */
export function encodeForm(params: CmsParams | undefined): string {
  return new URLSearchParams(formPairs(params)).toString();
}

/** Encode a query string, with its leading `?`, or `` when there is nothing to send. */
export function encodeQuery(query: CmsParams | undefined): string {
  const s = encodeForm(query);
  return s === '' ? '' : `?${s}`;
}
