/**
 * The Meeting Server REST client: the public surface for the resource engine, data sources,
 * actions and benchmarks. Importing it does no work; undici and the XML parser load on first use.
 */
export {
  CmsClient,
  CmsConfigError,
  normaliseApiPath,
  quoteServerText,
  type CmsActionOptions,
  type CmsActionResult,
  type CmsCallOptions,
  type CmsClientOptions,
  type CmsCreated,
  type CmsDeleteOptions,
  type CmsDeleteResult,
  type CmsListOptions,
  type CmsListPageOptions,
  type CmsRawResponse,
} from './client';
export {
  CmsAbortedError,
  CmsApiError,
  CmsAuthError,
  CmsBusyError,
  CmsConflictError,
  CmsConnectionError,
  CmsError,
  CmsInvalidOperationError,
  CmsNotFoundError,
  CmsParameterError,
  CmsResponseError,
  CmsTimeoutError,
  CmsTlsError,
  REASON_RULES,
  UnknownOutcomeError,
  apiErrorFor,
  classifyReason,
  type CmsApiErrorDetails,
  type CmsApiErrorKind,
  type CmsConnectionFailure,
  type CmsRequestInfo,
  type ReasonRule,
} from './errors';
export { encodeForm, encodeQuery, formPairs, type CmsParamValue, type CmsParams } from './form';
export { REDACTED, isSensitiveName, redactForm, type CmsLogEntry, type CmsLogFields, type CmsLogHook, type CmsLogLevel } from './log';
export { DEFAULT_MAX_PASSES, DEFAULT_PAGE_SIZE, PagingError, identityOf, requestCap, walkPages, type FetchPage, type WalkOptions } from './paging';
export { DEFAULT_RETRY_POLICY, backoffDelay, retryAfterMs, type RetryPolicy } from './retry';
export {
  CmsXmlError,
  parseFailureDetails,
  parseListPage,
  parseObject,
  parseXml,
  toCmsObject,
  type CmsFailureDetails,
  type CmsListPage,
  type CmsObject,
  type CmsXmlNode,
} from './xml';
