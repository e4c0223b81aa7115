/**
 * Planning: what Terraform should expect after apply. Values the server chooses become unknown on
 * create; everything the user configured is planned exactly as written; force-new attributes are
 * reported so Terraform plans a replacement.
 */
import type { AttributePath, CtyObject, CtyValue, PlanResponse } from '../plugin/types';
import { isUnknown, UNKNOWN } from '../plugin/types';
import type { Definition } from './definition';

function sameValue(a: CtyValue | undefined, b: CtyValue | undefined): boolean {
  if (isUnknown(a) || isUnknown(b)) return false;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Paths whose change replaces the object. Terraform keeps only those that actually change. */
export function replacementPaths(def: Definition): AttributePath[] {
  return Object.entries(def.attributes)
    .filter(([, a]) => a.forceNew)
    .map(([name]) => [name]);
}

export function planChange(def: Definition, prior: CtyObject | null, proposed: CtyObject | null, config: CtyObject | null): PlanResponse {
  if (proposed === null) return { plannedState: null };
  const planned: CtyObject = { ...proposed };
  if (prior === null) {
    planned.id = UNKNOWN;
    for (const [name, attr] of Object.entries(def.attributes)) {
      const configured = config?.[name] ?? null;
      if (attr.mode === 'computed' || (attr.mode === 'optionalComputed' && configured === null)) planned[name] = UNKNOWN;
    }
  } else {
    // Terraform's proposed state already carries prior values for computed attributes the
    // configuration leaves null; the id never changes in place.
    planned.id = prior.id ?? null;
    // Values the server chooses anew when their causes change are not known until apply.
    for (const [name, attr] of Object.entries(def.attributes)) {
      if (!attr.changesWith) continue;
      const chosenByServer = attr.mode === 'computed' || (attr.mode === 'optionalComputed' && (config?.[name] ?? null) === null);
      if (chosenByServer && attr.changesWith.some((cause) => !sameValue(planned[cause], prior[cause]))) planned[name] = UNKNOWN;
    }
  }
  // A force-new value the server never returns is null after an import: configuring it then records
  // it (an update that sends nothing) instead of replacing the object just imported.
  const requiresReplace = replacementPaths(def).filter(([name]) => !(prior !== null && def.attributes[name as string]?.notReturned && (prior[name as string] ?? null) === null));
  return { plannedState: planned, requiresReplace };
}
