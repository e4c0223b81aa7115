/**
 * MMP command templates from definitions: `{name}` is an attribute's value (a list joined with
 * spaces; a value with blanks in double quotes, as the MMP reads one word), `{name?}` the same or
 * nothing when the value is unset, `{name?then:else}` chooses by a boolean, `{item}` is the list
 * item being added or removed.
 */
import type { CtyObject, CtyValue } from '../../plugin/types';
import { isUnknown } from '../../plugin/types';

export class TemplateError extends Error {}

/** One MMP word: quoted when it holds blanks (a quote inside cannot be passed and is refused). */
export function mmpWord(name: string, value: string): string {
  if (!/\s/.test(value)) return value;
  if (value.includes('"')) throw new TemplateError(`${name} holds both blanks and a double quote, which an MMP command cannot take`);
  return `"${value}"`;
}

function text(name: string, v: CtyValue | undefined): string {
  if (v === null || v === undefined || isUnknown(v)) throw new TemplateError(`${name} must be known to run this command`);
  if (Array.isArray(v)) return v.map((x) => text(name, x)).join(' ');
  if (typeof v === 'object') throw new TemplateError(`${name} is not a simple value`);
  return mmpWord(name, String(v));
}

export function renderCommand(template: string, values: CtyObject, item?: string): string {
  return template
    .replace(/\{([a-z_][a-z0-9_]*)(\?(?:([^:}]*):([^}]*))?)?\}/g, (_, name: string, optional?: string, yes?: string, no?: string) => {
      if (name === 'item') {
        if (item === undefined) throw new TemplateError('{item} is only for list add/remove commands');
        return mmpWord('item', item);
      }
      if (yes !== undefined) return values[name] === true ? yes : (no ?? '');
      const v = values[name];
      if (optional && (v === null || v === undefined)) return '';
      return text(name, v);
    })
    .replace(/\s+/g, ' ')
    .trim();
}
