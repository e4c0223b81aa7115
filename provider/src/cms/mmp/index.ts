/**
 * The MMP (SSH command line) client: the public surface for MMP-backed resources. Importing it
 * does no work; ssh2 loads on the first connection.
 */
export { DEFAULT_MMP_PORT, DEFAULT_MMP_TIMEOUT_MS, MmpClient, type MmpClientOptions, type MmpRunOptions } from './client';
export {
  parseDatabaseClusterStatus,
  parseDatabaseNodeState,
  type MmpDatabaseCertificates,
  type MmpDatabaseClusterStatus,
  type MmpDatabaseNode,
  type MmpDatabaseNodeState,
} from './databaseClusterStatus';
export {
  MmpAuthError,
  MmpCommandError,
  MmpConfigError,
  MmpConnectionError,
  MmpError,
  MmpHostKeyMismatchError,
  MmpTimeoutError,
  MmpUnknownHostKeyError,
  type MmpConnectionFailure,
  type MmpTarget,
} from './errors';
export { normaliseFingerprint, sshFingerprint } from './hostKey';
export { parseDnsForwardZones, parseNtpServers, type MmpDnsForwardZone } from './lists';
export { parseUserList, parseUserRules, type MmpUser } from './accounts';
export { parseSyslogStatus, parseTlsStatus, type MmpSyslogStatus, type MmpTlsStatus } from './logging';
export { parsePkiInspect, parsePkiList, type MmpCertificateInfo } from './pki';
export { MmpFiles } from './sftp';
export { redact, type MmpLogEntry, type MmpLogFields, type MmpLogHook } from './log';
export { mmpFailureText, mmpSuccessLines } from './outcome';
export {
  parseCallBridgeStatus,
  parseListeners,
  parseWebAdminStatus,
  parseWebBridge3Status,
  type MmpCallBridgeStatus,
  type MmpListener,
  type MmpWebAdminStatus,
  type MmpWebBridge3Status,
} from './serviceViews';
export { StatusLookup, flagValue, listValue, numberValue, optionalValue, outputLines, parseStatusBlock, parseStatusLine, parseStatusLines, type MmpStatusLine } from './statusBlock';
