/**
 * UpgradeResourceState: Terraform asks on every plan, even when the schema version is unchanged.
 * Stored state is brought to the current schema: missing attributes become null, removed ones
 * are dropped. (Version-to-version migrations go here when a definition's schemaVersion rises.)
 */
import type { CtyObject, CtyValue } from '../plugin/types';
import type { Definition } from './definition';

export function upgradeState(def: Definition, raw: unknown): CtyObject | null {
  if (raw === null || raw === undefined || typeof raw !== 'object') return null;
  const stored = raw as Record<string, CtyValue>;
  const state: CtyObject = { id: stored.id ?? null };
  for (const name of Object.keys(def.attributes)) state[name] = stored[name] ?? null;
  return state;
}
