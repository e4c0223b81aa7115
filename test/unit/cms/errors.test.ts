import {
  CmsApiError,
  CmsAuthError,
  CmsBusyError,
  CmsConflictError,
  CmsError,
  CmsInvalidOperationError,
  CmsNotFoundError,
  CmsParameterError,
  apiErrorFor,
  classifyReason,
  parseFailureDetails,
  type CmsApiErrorDetails,
} from '../../../provider/src/cms';

const where = { method: 'POST', path: '/api/v1/coSpaces', server: 'https://cms1.example.com:445' };

function errorFor(status: number, reason?: string, attrs = ''): CmsApiError {
  const body = reason ? `<?xml version="1.0"?><failureDetails><${reason}${attrs} /></failureDetails>` : '';
  const failure = parseFailureDetails(body);
  const details: CmsApiErrorDetails = { ...where, status, username: 'apiuser', ...(failure ? { failure } : {}) };
  return apiErrorFor(details);
}

describe('reason code → error class', () => {
  it.each([
    ['coSpaceDoesNotExist', 404, CmsNotFoundError],
    ['callLegProfileDoesNotExist', 400, CmsNotFoundError],
    ['turnServerDoesNotExist', 404, CmsNotFoundError],
    ['unrecognisedObject', 400, CmsNotFoundError],
    ['unrecognizedObject', 400, CmsNotFoundError],
    ['duplicateCoSpaceUri', 400, CmsConflictError],
    ['duplicateCoSpaceId', 400, CmsConflictError],
    ['duplicateCallBridgeName', 400, CmsConflictError],
    ['duplicateSomethingNew', 400, CmsConflictError],
    ['inboundDialPlanRuleUriConflict', 400, CmsConflictError],
    ['ivrUriConflict', 400, CmsConflictError],
    ['tenantGroupCoSpaceIdConflict', 400, CmsConflictError],
    ['parameterError', 400, CmsParameterError],
    ['passcodeTooShort', 400, CmsParameterError],
    ['invalidOperation', 400, CmsInvalidOperationError],
    ['tooManyCdrReceivers', 400, CmsInvalidOperationError],
    ['ldapSyncCannotBeCancelled', 400, CmsInvalidOperationError],
    ['participantCannotBeDeleted', 400, CmsInvalidOperationError],
    ['userCoSpaceTemplateDeletionProhibited', 400, CmsInvalidOperationError],
    ['databaseNotReady', 400, CmsBusyError],
    ['recordingNotAllowedByLicensing', 400, CmsApiError],
  ])('%s (HTTP %i) → %p', (reason, status, cls) => {
    const err = errorFor(status, reason);
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(CmsApiError);
    expect(err).toBeInstanceOf(CmsError);
    expect(err.constructor).toBe(cls);
    expect(err.reason).toBe(reason);
    expect(err.status).toBe(status);
  });

  it('has one table, queried by classifyReason', () => {
    expect(classifyReason('coSpaceDoesNotExist')?.kind).toBe('notFound');
    expect(classifyReason('somethingElse')).toBeUndefined();
  });
});

describe('status without failureDetails', () => {
  it.each([
    [401, CmsAuthError],
    [403, CmsAuthError],
    [404, CmsNotFoundError],
    [503, CmsBusyError],
    [307, CmsBusyError],
    [500, CmsApiError],
    [400, CmsApiError],
  ])('HTTP %i → %p', (status, cls) => {
    const err = errorFor(status);
    expect(err.constructor).toBe(cls);
    expect(err.reason).toBeUndefined();
  });

  it('auth wins over a body reason', () => {
    expect(errorFor(401, 'invalidOperation')).toBeInstanceOf(CmsAuthError);
  });
});

describe('messages', () => {
  it('say what failed and where', () => {
    const err = errorFor(400, 'duplicateCoSpaceUri');
    expect(err.message).toBe(
      'POST /api/v1/coSpaces on https://cms1.example.com:445 failed: another space already uses this URI (duplicateCoSpaceUri, HTTP 400)',
    );
    expect(err).toMatchObject({ method: 'POST', path: '/api/v1/coSpaces', server: 'https://cms1.example.com:445', kind: 'conflict', retryable: false });
  });

  it('name the parameter of a parameterError, never its value', () => {
    const err = errorFor(400, 'parameterError', ' parameter="streamUrl" error="invalidValue"') as CmsParameterError;
    expect(err.parameter).toBe('streamUrl');
    expect(err.error).toBe('invalidValue');
    expect(err.reasonAttributes).toEqual({ parameter: 'streamUrl', error: 'invalidValue' });
    expect(err.message).toContain('the server refused the value of parameter "streamUrl" (invalidValue)');
  });

  it('derive the parameter from passcodeTooShort', () => {
    expect((errorFor(400, 'passcodeTooShort') as CmsParameterError).parameter).toBe('passcode');
  });

  it('name the missing object type', () => {
    expect(errorFor(400, 'callLegProfileDoesNotExist').message).toContain('the callLegProfile does not exist');
  });

  it('tell the user what to check on 401 and 403', () => {
    const e401 = errorFor(401);
    expect(e401.message).toMatch(/user "apiuser"/);
    expect(e401.message).toMatch(/username and password/);
    expect(e401.message).toMatch(/api, appadmin or admin role/);
    expect(errorFor(403).message).toMatch(/MMP user's role/);
  });

  it('mark busy errors retryable and count attempts', () => {
    const err = apiErrorFor({ ...where, status: 503, attempts: 6 });
    expect(err.retryable).toBe(true);
    expect(err.attempts).toBe(6);
    expect(err.message).toMatch(/gave up after 6 attempts/);
  });
});
