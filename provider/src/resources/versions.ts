/**
 * Meeting Server versions: what the definitions' `since` / `until` mean for a server that
 * reports a `softwareVersion` (`3.4`, `3.8.1`, `3.13`), the plan-time refusal of a configured
 * attribute or type the server cannot take, and the sentence the docs show.
 */
import type { CtyObject, Diagnostic } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { AttributeDefinition, Definition } from './definition';

/** A parsed version: numbers of `major.minor[.patch…]`; undefined when the text is not one. */
export function parseVersion(text: string): number[] | undefined {
  const m = /^\s*v?(\d+(?:\.\d+)+)/.exec(text);
  return m ? m[1]!.split('.').map(Number) : undefined;
}

export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether a server at `server` takes something that appeared in `since` and went in `until`.
 * `3.4.2` has what appeared in `3.4`; `until` is the first version without it.
 */
export function supports(server: number[], since: string | undefined, until: string | undefined): boolean {
  const s = since ? parseVersion(since) : undefined;
  const u = until ? parseVersion(until) : undefined;
  if (s && compareVersions(server, s) < 0) return false;
  if (u && compareVersions(server, u) >= 0) return false;
  return true;
}

/** "Meeting Server 3.2 or later." for the docs and the provider schema. */
export function versionSentence(since: string | undefined, until: string | undefined): string | undefined {
  if (since && until) return `Meeting Server ${since} up to (not including) ${until}.`;
  if (since) return `Meeting Server ${since} or later.`;
  if (until) return `Meeting Servers before ${until} only.`;
  return undefined;
}

/** Why `server` cannot take it, and what the user can do besides removing it. */
function refusal(since: string | undefined, until: string | undefined, server: string): { problem: string; otherwise: string } {
  const tooOld = since !== undefined && compareVersions(parseVersion(server)!, parseVersion(since)!) < 0;
  if (tooOld) return { problem: `needs Meeting Server ${since} or later; the server reports softwareVersion ${server}`, otherwise: `, or upgrade the server to ${since} or later first` };
  return { problem: `is not in Meeting Server ${until} or later; the server reports softwareVersion ${server}`, otherwise: '' };
}

function configured(value: CtyObject[string] | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Errors for what the configuration asks of a server too old (or too new) for it: the type
 * itself, and each attribute set in the configuration, naming the attribute and both versions.
 * Nothing when the server's version is unknown (not configured yet, or not reported).
 */
export function versionDiagnostics(def: Definition, config: CtyObject | null, softwareVersion: string | undefined): Diagnostic[] {
  if (!softwareVersion || !config) return [];
  const server = parseVersion(softwareVersion);
  if (!server) return [];
  if (!supports(server, def.since, def.until)) {
    const why = refusal(def.since, def.until, softwareVersion);
    return [{ severity: 'error', summary: `${def.typeName} is not available on this Meeting Server`, detail: `${def.typeName} ${why.problem}. Remove it from the configuration${why.otherwise}.` }];
  }
  const out: Diagnostic[] = [];
  for (const [name, attr] of Object.entries(def.attributes) as Array<[string, AttributeDefinition]>) {
    if (!attr.since && !attr.until) continue;
    if (!configured(config[name]) || supports(server, attr.since, attr.until)) continue;
    const why = refusal(attr.since, attr.until, softwareVersion);
    out.push({
      severity: 'error',
      summary: `${name} is not available on this Meeting Server`,
      detail: `${def.typeName}.${name} ${why.problem}. Remove ${name} from the configuration${why.otherwise}.`,
      attribute: [name],
    });
  }
  return out;
}
