/**
 * Named checks made when a change is planned, with the prior state at hand: what only the object
 * as it is on the server can tell (a certificate that expires soon). A definition lists the ones
 * that apply (`planChecks`); each names the object and what to do.
 */
import * as crypto from 'node:crypto';
import type { CtyObject, Diagnostic } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import type { Definition, PlanCheckName } from './definition';

type PlanCheck = (def: Definition, prior: CtyObject | null, planned: CtyObject | null, config: CtyObject | null, now: Date) => Diagnostic[];

const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_WARNING_DAYS = 30;

/** When the certificate the plan leaves on the node stops being valid, if that can be told. */
function expiry(prior: CtyObject | null, config: CtyObject | null): Date | undefined {
  const configured = config?.certificate_pem;
  if (typeof configured === 'string' && configured !== '' && !isUnknown(configured)) {
    try {
      return new Date(new crypto.X509Certificate(configured).validTo);
    } catch {
      return undefined; // not a certificate: the apply says so
    }
  }
  const recorded = prior?.not_after;
  return typeof recorded === 'string' && !Number.isNaN(Date.parse(recorded)) ? new Date(recorded) : undefined;
}

/** A certificate that has expired, or expires within `expiry_warning_days` (default 30), is warned. */
const certificateExpiry: PlanCheck = (def, prior, planned, config, now) => {
  if (planned === null) return [];
  const until = expiry(prior, config);
  if (!until) return [];
  const windowDays = typeof config?.expiry_warning_days === 'number' ? config.expiry_warning_days : DEFAULT_WARNING_DAYS;
  const days = Math.floor((until.getTime() - now.getTime()) / DAY_MS);
  const where = `${String(planned.name ?? prior?.name ?? '')} on node ${String(planned.node ?? prior?.node ?? '')}`;
  const renew = 'Renew it: give a new certificate_pem (signed from csr_pem), or replace the resource (terraform apply -replace) to have the node make a new key and certificate.';
  if (until.getTime() <= now.getTime()) {
    return [{ severity: 'warning', summary: `Certificate expired (${def.typeName})`, detail: `The certificate ${where} expired on ${until.toISOString().slice(0, 10)}; services using it fail their TLS handshakes. ${renew}`, attribute: ['not_after'] }];
  }
  if (days < windowDays) {
    return [{ severity: 'warning', summary: `Certificate expires in ${days} days (${def.typeName})`, detail: `The certificate ${where} expires on ${until.toISOString().slice(0, 10)}, within expiry_warning_days (${windowDays}). ${renew}`, attribute: ['not_after'] }];
  }
  return [];
};

export const PLAN_CHECKS: Record<PlanCheckName, PlanCheck> = { certificateExpiry };

export function runPlanChecks(def: Definition, prior: CtyObject | null, planned: CtyObject | null, config: CtyObject | null, now = new Date()): Diagnostic[] {
  return (def.planChecks ?? []).flatMap((name) => PLAN_CHECKS[name](def, prior, planned, config, now));
}
