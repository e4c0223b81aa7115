/**
 * Errors from the Meeting Server or the engine, as Terraform diagnostics that say what went wrong,
 * on which attribute, and how to fix it. No stack traces, no secret values.
 */
import { CmsApiError, CmsAuthError, CmsConflictError, CmsConnectionError, CmsError, CmsNotFoundError, CmsParameterError, CmsTimeoutError, UnknownOutcomeError } from '../cms/errors';
import type { Diagnostic } from '../plugin/types';
import type { Definition } from './definition';
import { ImportIdError } from './import-id';
import { OperationError } from './operations';

/** The Terraform attribute sent as the given API parameter. */
function attributeForParameter(def: Definition, parameter: string | undefined): string | undefined {
  if (!parameter) return undefined;
  const lower = parameter.toLowerCase();
  return Object.entries(def.attributes).find(([, a]) => a.api.toLowerCase() === lower)?.[0];
}

/** `callBridgeGroupDoesNotExist` → the attribute that references a callBridgeGroup. */
function attributeForMissingReference(def: Definition, reason: string | undefined): string | undefined {
  const m = reason ? /^(\w+)DoesNotExist$/.exec(reason) : null;
  return m ? attributeForParameter(def, m[1]) : undefined;
}

function hint(err: CmsError): string {
  if (err instanceof CmsAuthError) return 'Check the provider\'s username and password (CMS_USERNAME / CMS_PASSWORD) and that the MMP user has the admin, appadmin or api role on this node.';
  if (err instanceof UnknownOutcomeError) {
    return 'Plan again: the provider looks the object up before creating it. If this create did happen, the plan names the object and the import block to add (or adopts it when adopt_existing is on), so no duplicate is made.';
  }
  if (err instanceof CmsConflictError) return 'Another object already uses this value. Choose another value, or import the existing object with terraform import.';
  if (err instanceof CmsConnectionError) return 'Check the provider url (CMS_URL), that the Web Admin service listens there, and the TLS settings (ca_bundle, or insecure for a lab).';
  if (err instanceof CmsTimeoutError) return 'The server was slow or unreachable; try again, or raise timeout_seconds in the provider configuration.';
  return '';
}

export function errorDiagnostic(def: Definition | undefined, action: string, err: unknown): Diagnostic {
  const type = def?.typeName ?? 'the provider';
  if (err instanceof OperationError) {
    return { severity: 'error', summary: err.summary ?? `Could not ${action} ${type}`, detail: err.message, ...(err.attribute ? { attribute: [err.attribute] } : {}) };
  }
  if (err instanceof ImportIdError) return { severity: 'error', summary: `Invalid import id for ${type}`, detail: err.message };
  if (err instanceof CmsError) {
    let attribute: string | undefined;
    if (def && err instanceof CmsParameterError) attribute = attributeForParameter(def, err.parameter);
    if (def && err instanceof CmsNotFoundError && err instanceof CmsApiError) attribute = attributeForMissingReference(def, err.reason);
    const where = attribute ? `${type}.${attribute}: ` : '';
    const fix = hint(err);
    const refHint = attribute && err instanceof CmsNotFoundError ? ' The object it refers to does not exist; reference a resource\'s id or create the object first.' : '';
    return {
      severity: 'error',
      summary: `Meeting Server refused to ${action} ${type}`,
      detail: `${where}${err.message}${refHint}${fix ? `\n\n${fix}` : ''}`,
      ...(attribute ? { attribute: [attribute] } : {}),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { severity: 'error', summary: `Could not ${action} ${type}`, detail: message };
}
