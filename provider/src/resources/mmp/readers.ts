/**
 * Named readers for node settings: each turns the MMP's status output into one attribute value.
 * A definition's attribute names its reader (`mmp.read`); one read pass asks each status
 * command at most once.
 */
import type { MmpClient } from '../../cms/mmp/client';
import type { MmpDnsForwardZone } from '../../cms/mmp/lists';
import type { MmpSyslogStatus, MmpTlsStatus } from '../../cms/mmp/logging';
import type { MmpCallBridgeStatus, MmpWebAdminStatus, MmpWebBridge3Status } from '../../cms/mmp/serviceViews';
import type { CtyValue } from '../../plugin/types';

/** One node's status, fetched lazily and once per read pass. */
export class NodeStatus {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(readonly client: MmpClient) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.cache.has(key)) this.cache.set(key, load());
    return this.cache.get(key) as Promise<T>;
  }

  ntp = () => this.once('ntp', () => this.client.ntpServers());
  dns = () => this.once<MmpDnsForwardZone[]>('dns', () => this.client.dnsForwardZones());
  webadmin = () => this.once<MmpWebAdminStatus>('webadmin', () => this.client.webadmin());
  callbridge = () => this.once<MmpCallBridgeStatus>('callbridge', () => this.client.callbridge());
  webbridge3 = () => this.once<MmpWebBridge3Status>('webbridge3', () => this.client.webbridge3());
  syslog = () => this.once<MmpSyslogStatus>('syslog', () => this.client.syslog());
  tls = (service: string) => this.once<MmpTlsStatus>(`tls ${service}`, () => this.client.tls(service));
  userRules = () => this.once<Record<string, number>>('userRules', () => this.client.userRules());
}

export type Reader = (status: NodeStatus) => Promise<CtyValue>;

const listener = (l: { interface: string; port: number } | undefined) => (l ? `${l.interface}:${l.port}` : null);

export const READERS: Record<string, Reader> = {
  ntpServers: async (s) => [...(await s.ntp())],
  dnsServers: async (s) => (await s.dns()).filter((z) => z.domain === '.').map((z) => z.server),
  webAdminInterface: async (s) => (await s.webadmin()).interface ?? null,
  webAdminPort: async (s) => (await s.webadmin()).port ?? null,
  callBridgeListenInterfaces: async (s) => [...(await s.callbridge()).listeningInterfaces],
  callBridgeKey: async (s) => (await s.callbridge()).keyFile ?? null,
  callBridgeCertificate: async (s) => (await s.callbridge()).certificateFile ?? null,
  webBridgeHttpsListen: async (s) => (await s.webbridge3()).httpsListeners.map((l) => `${l.interface}:${l.port}`),
  webBridgeC2wListen: async (s) => listener((await s.webbridge3()).c2wListeners[0]),
  webBridgeHttpsKey: async (s) => (await s.webbridge3()).httpsKeyFile ?? null,
  webBridgeHttpsCertificate: async (s) => (await s.webbridge3()).httpsCertificateFile ?? null,
  webBridgeC2wKey: async (s) => (await s.webbridge3()).c2wKeyFile ?? null,
  webBridgeC2wCertificate: async (s) => (await s.webbridge3()).c2wCertificateFile ?? null,
  webBridgeC2wTrust: async (s) => (await s.webbridge3()).c2wTrustBundle ?? null,
  webBridgeEnabled: async (s) => (await s.webbridge3()).enabled,
  webAdminKey: async (s) => (await s.webadmin()).keyFile ?? null,
  webAdminCertificate: async (s) => (await s.webadmin()).certificateFile ?? null,
  webAdminCaBundle: async (s) => (await s.webadmin()).caBundleFile ?? null,
  webAdminEnabled: async (s) => (await s.webadmin()).enabled,
  callBridgeCaBundle: async (s) => (await s.callbridge()).caBundleFile ?? null,
  callBridgeC2wTrust: async (s) => (await s.callbridge()).c2wTrustedCerts ?? null,
  callBridgeClusterTrust: async (s) => (await s.callbridge()).clusterTrustedCerts ?? null,
  callBridgeBrandingTrust: async (s) => (await s.callbridge()).brandingTrustedCerts ?? null,
  callBridgeExpresswayTrust: async (s) => (await s.callbridge()).expresswayTrustedCerts ?? null,
  syslogServers: async (s) => [...(await s.syslog()).servers],
  auditLogServers: async (s) => [...(await s.syslog()).auditServers],
  syslogEnabled: async (s) => (await s.syslog()).enabled,
  ...tlsReaders(['webadmin', 'webbridge3', 'sip', 'ldap', 'smtp', 'syslog']),
  ...userRuleReaders([
    'password_length',
    'password_lowercase_count',
    'password_uppercase_count',
    'password_numeric_count',
    'password_symbolic_count',
    'password_age',
    'password_rejection',
    'max_failed_login_attempts',
    'no_activity',
    'max_user_sessions',
  ]),
};

/** `tls.<service>.minVersion`, `.trust` and `.verify` for each service (`tls <service>`). */
function tlsReaders(services: string[]): Record<string, Reader> {
  const out: Record<string, Reader> = {};
  for (const service of services) {
    out[`tls.${service}.minVersion`] = async (s) => (await s.tls(service)).minVersion ?? null;
    out[`tls.${service}.trust`] = async (s) => (await s.tls(service)).trustBundle ?? null;
    // The status says enabled/disabled; the command and the attribute say enable/disable.
    out[`tls.${service}.verify`] = async (s) => ({ enabled: 'enable', disabled: 'disable' } as Record<string, string>)[(await s.tls(service)).verify ?? 'disabled'] ?? (await s.tls(service)).verify ?? null;
  }
  return out;
}

/** `userRule.<rule>` for each password or login rule (`user rule`). */
function userRuleReaders(rules: string[]): Record<string, Reader> {
  return Object.fromEntries(rules.map((rule): [string, Reader] => [`userRule.${rule}`, async (s) => (await s.userRules())[rule] ?? null]));
}
