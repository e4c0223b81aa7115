/**
 * Typed errors for everything that can go wrong talking to a Meeting Server.
 *
 * Server answers become {@link CmsApiError} subclasses chosen from the reason code in
 * `<failureDetails>` (one table, {@link REASON_RULES}) or, without one, from the HTTP status.
 * Failures below HTTP become {@link CmsConnectionError}, {@link CmsTimeoutError},
 * {@link CmsAbortedError} or, for a create whose fate is unknown, {@link UnknownOutcomeError}.
 * Messages say what failed and where, in words a user understands, and never carry a
 * parameter's value (it may be a secret).
 */
import type { CmsFailureDetails } from './xml';

/** Where a request went: shared by every error. */
export interface CmsRequestInfo {
  readonly method: string;
  /** The full request path, e.g. `/api/v1/coSpaces/…` (query string excluded). */
  readonly path: string;
  /** The server's origin, e.g. `https://cms1.example.com:445`. */
  readonly server: string;
  /** How many attempts were made (1 = no retry). */
  readonly attempts?: number;
}

function where(info: CmsRequestInfo): string {
  return `${info.method} ${info.path} on ${info.server}`;
}

function attemptsNote(info: CmsRequestInfo): string {
  return info.attempts && info.attempts > 1 ? `; gave up after ${info.attempts} attempts` : '';
}

/** Base of every error the client throws. */
export class CmsError extends Error {
  override name = 'CmsError';
  readonly method: string;
  readonly path: string;
  readonly server: string;
  readonly attempts: number;
  /** Whether repeating the same request later could succeed. */
  readonly retryable: boolean;

  constructor(info: CmsRequestInfo, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.method = info.method;
    this.path = info.path;
    this.server = info.server;
    this.attempts = info.attempts ?? 1;
    this.retryable = options?.retryable ?? false;
  }
}

// ---------------------------------------------------------------------------------------------
// Server answers

export type CmsApiErrorKind = 'notFound' | 'conflict' | 'parameter' | 'invalidOperation' | 'busy' | 'auth' | 'other';

/** What we know about an error answer. */
export interface CmsApiErrorDetails extends CmsRequestInfo {
  readonly status: number;
  readonly failure?: CmsFailureDetails;
  /** The user the client authenticated as (for auth errors). */
  readonly username?: string;
  /** The start of a body that was not `<failureDetails>` (e.g. a proxy's HTML page). */
  readonly bodySnippet?: string;
}

/** The server answered with an error status. */
export class CmsApiError extends CmsError {
  override name = 'CmsApiError';
  readonly kind: CmsApiErrorKind = 'other';
  readonly status: number;
  /** The `<failureDetails>` reason code, e.g. `duplicateCoSpaceUri`; undefined without one. */
  readonly reason?: string;
  /** Attributes of the reason element, e.g. `{ parameter, error }`. */
  readonly reasonAttributes: Record<string, string>;
  readonly bodySnippet?: string;

  constructor(details: CmsApiErrorDetails, description: string, options?: { retryable?: boolean }) {
    const tags = [details.failure?.reason, `HTTP ${details.status}`].filter(Boolean).join(', ');
    super(details, `${where(details)} failed: ${description} (${tags}${attemptsNote(details)})`, options);
    this.status = details.status;
    if (details.failure) this.reason = details.failure.reason;
    this.reasonAttributes = { ...(details.failure?.attributes ?? {}) };
    if (details.bodySnippet !== undefined) this.bodySnippet = details.bodySnippet;
  }
}

/** The object (in the URL, or referenced by a parameter) does not exist. */
export class CmsNotFoundError extends CmsApiError {
  override name = 'CmsNotFoundError';
  override readonly kind = 'notFound';
}

/** A uniqueness rule was violated (URI, call ID, Call Bridge name, …). */
export class CmsConflictError extends CmsApiError {
  override name = 'CmsConflictError';
  override readonly kind = 'conflict';
}

/** A parameter's value was refused. */
export class CmsParameterError extends CmsApiError {
  override name = 'CmsParameterError';
  override readonly kind = 'parameter';
  /** The API name of the parameter, when the server (or the reason code) names it. */
  readonly parameter?: string;
  /** The server's error token, e.g. `invalidValue`. */
  readonly error?: string;

  constructor(details: CmsApiErrorDetails, description: string, parameter?: string, error?: string) {
    super(details, description);
    if (parameter !== undefined) this.parameter = parameter;
    if (error !== undefined) this.error = error;
  }
}

/** The server refuses this operation on this object (LDAP-generated objects, limits, …). */
export class CmsInvalidOperationError extends CmsApiError {
  override name = 'CmsInvalidOperationError';
  override readonly kind = 'invalidOperation';
}

/** The server is temporarily unable to serve (503, 307, database not ready). Retried. */
export class CmsBusyError extends CmsApiError {
  override name = 'CmsBusyError';
  override readonly kind = 'busy';
  constructor(details: CmsApiErrorDetails, description: string) {
    super(details, description, { retryable: true });
  }
}

/** The credentials were refused (401) or the user may not use the API (403). */
export class CmsAuthError extends CmsApiError {
  override name = 'CmsAuthError';
  override readonly kind = 'auth';
}

type ApiErrorClass = new (details: CmsApiErrorDetails, description: string) => CmsApiError;

export interface ReasonRule {
  /** An exact reason code, or a pattern over it. */
  readonly match: string | RegExp;
  readonly kind: Exclude<CmsApiErrorKind, 'auth'>;
  /** A sentence fragment for the message; defaults to one derived from the kind. */
  readonly describe?: (reason: string, attrs: Record<string, string>, method: string) => string;
  /** For parameter errors whose reason implies the parameter. */
  readonly parameter?: string;
}

const subjectOf = (reason: string, suffix: string): string => reason.slice(0, reason.length - suffix.length);

/**
 * Reason code → error kind. The single place that classifies `<failureDetails>`; first match wins.
 * Codes are those the API reference documents (with both spellings of unrecognised/-ized).
 */
export const REASON_RULES: readonly ReasonRule[] = [
  { match: 'unrecognisedObject', kind: 'notFound', describe: () => 'the server does not recognise the object or path' },
  { match: 'unrecognizedObject', kind: 'notFound', describe: () => 'the server does not recognise the object or path' },
  {
    match: /DoesNotExist$/,
    kind: 'notFound',
    describe: (r, _a, method) =>
      method === 'POST' || method === 'PUT'
        ? `the ${subjectOf(r, 'DoesNotExist')} does not exist (the object in the path, or one a parameter refers to)`
        : `the ${subjectOf(r, 'DoesNotExist')} does not exist`,
  },
  { match: 'duplicateCoSpaceUri', kind: 'conflict', describe: () => 'another space already uses this URI' },
  { match: 'duplicateCoSpaceId', kind: 'conflict', describe: () => 'another space already uses this call ID' },
  { match: 'duplicateCoSpaceSecret', kind: 'conflict', describe: () => 'another space already uses this secret' },
  { match: 'duplicateCoSpaceIdPasscode', kind: 'conflict', describe: () => 'another space already uses this call ID and passcode combination' },
  { match: 'duplicateCoSpaceUriPasscode', kind: 'conflict', describe: () => 'another space already uses this URI and passcode combination' },
  { match: 'duplicateCallBridgeName', kind: 'conflict', describe: () => 'another Call Bridge already has this name' },
  { match: 'duplicateSipEndpointUri', kind: 'conflict', describe: () => 'another SIP endpoint already uses this URI' },
  { match: 'inboundDialPlanRuleUriConflict', kind: 'conflict', describe: () => 'the URI clashes with an inbound dial plan rule' },
  { match: 'ivrUriConflict', kind: 'conflict', describe: () => 'the URI is already used by an IVR' },
  { match: 'tenantGroupCoSpaceIdConflict', kind: 'conflict', describe: () => 'the call ID clashes with a space in the same tenant group' },
  { match: /^duplicate/, kind: 'conflict', describe: (r) => `an object with the same unique value already exists (${r})` },
  { match: /Conflict$/, kind: 'conflict', describe: () => 'the value clashes with an existing object' },
  {
    match: 'parameterError',
    kind: 'parameter',
    describe: (_r, a) =>
      a['parameter']
        ? `the server refused the value of parameter "${a['parameter']}"${a['error'] ? ` (${a['error']})` : ''}`
        : 'the server refused a parameter value',
  },
  {
    match: 'passcodeTooShort',
    kind: 'parameter',
    parameter: 'passcode',
    describe: () => 'the passcode is shorter than the dial-in security profile in force requires',
  },
  {
    match: 'layoutTemplateDescriptionTooLong',
    kind: 'parameter',
    describe: () => 'the layout template description is too long',
  },
  {
    match: 'invalidOperation',
    kind: 'invalidOperation',
    describe: () =>
      'the server refuses this operation here (for example changing or deleting an object an LDAP sync created, or writing a read-only path)',
  },
  { match: /^tooMany/, kind: 'invalidOperation', describe: (r) => `a server limit is reached (${r})` },
  { match: /Cannot(Be)?[A-Z]\w*$/, kind: 'invalidOperation', describe: (r) => `the server refuses this operation (${r})` },
  { match: /Prohibited$/, kind: 'invalidOperation', describe: (r) => `the server refuses this operation (${r})` },
  {
    match: 'databaseNotReady',
    kind: 'busy',
    describe: () => 'the Meeting Server database is not ready (writes need a reachable database primary)',
  },
];

const KIND_CLASS: Record<Exclude<CmsApiErrorKind, 'parameter'>, ApiErrorClass> = {
  notFound: CmsNotFoundError,
  conflict: CmsConflictError,
  invalidOperation: CmsInvalidOperationError,
  busy: CmsBusyError,
  auth: CmsAuthError,
  other: CmsApiError,
};

/** Find the rule for a reason code (undefined for codes the table does not know). */
export function classifyReason(reason: string): ReasonRule | undefined {
  return REASON_RULES.find((r) => (typeof r.match === 'string' ? r.match === reason : r.match.test(reason)));
}

function authDescription(status: number, username: string | undefined): string {
  const who = username ? `user "${username}"` : 'the configured user';
  return status === 401
    ? `the server refused the credentials of ${who}. Check the username and password, that the password has not expired, ` +
        'and that the account is an MMP user on this node with the api, appadmin or admin role'
    : `${who} is not allowed to use the API. Check the MMP user's role on this node (it needs api, appadmin or admin)`;
}

/** Build the error for a non-2xx answer. */
export function apiErrorFor(details: CmsApiErrorDetails): CmsApiError {
  const { status, failure } = details;
  if (status === 401 || status === 403) return new CmsAuthError(details, authDescription(status, details.username));
  if (failure) {
    const rule = classifyReason(failure.reason);
    if (rule) {
      const description = rule.describe ? rule.describe(failure.reason, failure.attributes, details.method) : failure.reason;
      if (rule.kind === 'parameter') {
        return new CmsParameterError(
          details,
          description,
          failure.attributes['parameter'] ?? rule.parameter,
          failure.attributes['error'],
        );
      }
      return new KIND_CLASS[rule.kind](details, description);
    }
  }
  const reasonText = failure ? `the server reported ${failure.reason}` : undefined;
  if (status === 404) return new CmsNotFoundError(details, reasonText ?? 'no object exists at this path');
  if (status === 503) return new CmsBusyError(details, reasonText ?? 'the server is busy; try again later');
  if (status === 307) {
    return new CmsBusyError(details, 'the server answered "307 temporary redirect", which Meeting Server uses to ask for a later retry');
  }
  return new CmsApiError(details, reasonText ?? `the server answered HTTP ${status}`);
}

// ---------------------------------------------------------------------------------------------
// Below HTTP

export type CmsConnectionFailure = 'refused' | 'dns' | 'tls' | 'reset' | 'unreachable' | 'other';

/** The connection failed (refused, name not found, TLS, reset, …). */
export class CmsConnectionError extends CmsError {
  override name = 'CmsConnectionError';
  readonly failure: CmsConnectionFailure;
  /** The low-level error code, e.g. `ECONNREFUSED`. */
  readonly code?: string;
  /** Whether the request may have reached the server before the failure. */
  readonly maybeSent: boolean;

  constructor(
    info: CmsRequestInfo,
    failure: CmsConnectionFailure,
    description: string,
    options: { code?: string; maybeSent: boolean; retryable: boolean; cause?: unknown },
  ) {
    super(info, `${where(info)} failed: ${description}${attemptsNote(info)}`, options);
    this.failure = failure;
    if (options.code !== undefined) this.code = options.code;
    this.maybeSent = options.maybeSent;
  }
}

/** The server's TLS certificate could not be verified. Not retried: it is a setup problem. */
export class CmsTlsError extends CmsConnectionError {
  override name = 'CmsTlsError';
}

/** No answer in time: `scope` says whether one attempt or the whole call ran out of time. */
export class CmsTimeoutError extends CmsError {
  override name = 'CmsTimeoutError';
  readonly timeoutMs: number;
  readonly scope: 'request' | 'total';

  constructor(info: CmsRequestInfo, scope: 'request' | 'total', timeoutMs: number, cause?: unknown) {
    const what =
      scope === 'request'
        ? `no answer within ${timeoutMs} ms (per-request timeout)`
        : `the call did not complete within ${timeoutMs} ms including retries (total timeout)`;
    super(info, `${where(info)} failed: ${what}${attemptsNote(info)}`, { cause, retryable: scope === 'request' });
    this.timeoutMs = timeoutMs;
    this.scope = scope;
  }
}

/** The caller cancelled the call (e.g. Terraform's StopProvider). */
export class CmsAbortedError extends CmsError {
  override name = 'CmsAbortedError';
  constructor(info: CmsRequestInfo, cause?: unknown) {
    super(info, `${where(info)} was cancelled`, { cause });
  }
}

/** The server's answer was not what the API promises (not XML, no `Location` on create, …). */
export class CmsResponseError extends CmsError {
  override name = 'CmsResponseError';
  readonly status: number;
  constructor(info: CmsRequestInfo, status: number, description: string, cause?: unknown) {
    super(info, `${where(info)}: unexpected answer (HTTP ${status}): ${description}`, { cause });
    this.status = status;
  }
}

/**
 * A POST was sent but its outcome is unknown (the connection dropped or timed out after the
 * request may have reached the server). It is never replayed: the object may or may not exist,
 * and the caller must look it up (by its natural key) before trying again.
 */
export class UnknownOutcomeError extends CmsError {
  override name = 'UnknownOutcomeError';
  constructor(info: CmsRequestInfo, why: string, cause?: unknown) {
    super(
      info,
      `${where(info)}: outcome unknown: ${why} after the request may have reached the server, so the object may or may not ` +
        'have been created (or the action performed). The request was not repeated; look the object up (for example by ' +
        'its name or URI) before creating it again.',
      { cause },
    );
  }
}
