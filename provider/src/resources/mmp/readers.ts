/**
 * Named readers for node settings: each turns the MMP's status output into one attribute value.
 * A definition's attribute names its reader (`mmp.read`); one read pass asks each status
 * command at most once.
 */
import type { MmpClient } from '../../cms/mmp/client';
import type { MmpDnsForwardZone } from '../../cms/mmp/lists';
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
};
