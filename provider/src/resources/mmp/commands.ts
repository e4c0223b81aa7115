/**
 * MMP command templates from definitions: `{name}` is an attribute's value (a list joined with
 * spaces), `{name?then:else}` chooses by a boolean, `{item}` is the list item being added or
 * removed.
 */
import type { CtyObject, CtyValue } from '../../plugin/types';
import { isUnknown } from '../../plugin/types';

export class TemplateError extends Error {}

function text(name: string, v: CtyValue | undefined): string {
  if (v === null || v === undefined || isUnknown(v)) throw new TemplateError(`${name} must be known to run this command`);
  if (Array.isArray(v)) return v.map((x) => text(name, x)).join(' ');
  if (typeof v === 'object') throw new TemplateError(`${name} is not a simple value`);
  return String(v);
}

export function renderCommand(template: string, values: CtyObject, item?: string): string {
  return template.replace(/\{([a-z_][a-z0-9_]*)(?:\?([^:}]*):([^}]*))?\}/g, (_, name: string, yes?: string, no?: string) => {
    if (name === 'item') {
      if (item === undefined) throw new TemplateError('{item} is only for list add/remove commands');
      return item;
    }
    if (yes !== undefined) return values[name] === true ? yes : (no ?? '');
    return text(name, values[name]);
  });
}
