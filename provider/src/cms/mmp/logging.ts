/** The `syslog` status block and the `tls <service>` block (cms-api.md §3.2, §3.4, §3.5). */
import { flagValue, listValue, optionalValue, parseStatusBlock, StatusLookup } from './statusBlock';

export interface MmpSyslogStatus {
  readonly enabled: boolean;
  readonly servers: readonly string[];
  readonly auditServers: readonly string[];
}

export function parseSyslogStatus(text: string): MmpSyslogStatus {
  const s = new StatusLookup(parseStatusBlock(text));
  return {
    enabled: flagValue(s.get('Enabled', 'Syslog enabled')),
    servers: listValue(s.get('Syslog servers', 'Servers')),
    auditServers: listValue(s.get('Audit log servers', 'Audit servers')),
  };
}

export interface MmpTlsStatus {
  readonly minVersion?: string;
  readonly trustBundle?: string;
  /** `enabled`, `disabled` or `ocsp`. */
  readonly verify?: string;
}

export function parseTlsStatus(text: string): MmpTlsStatus {
  const s = new StatusLookup(parseStatusBlock(text));
  const minVersion = optionalValue(s.get('Minimum TLS version', 'min-tls-version'));
  const trustBundle = optionalValue(s.get('Trust bundle', 'Trusted certificates'));
  const verify = optionalValue(s.get('Certificate verification', 'Verification'))?.toLowerCase();
  return { ...(minVersion ? { minVersion } : {}), ...(trustBundle ? { trustBundle } : {}), ...(verify ? { verify: verify === 'enable' ? 'enabled' : verify === 'disable' ? 'disabled' : verify } : {}) };
}
