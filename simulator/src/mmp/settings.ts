/**
 * A node's MMP settings (cms-api.md §3): NTP, DNS, Web Admin, Call Bridge, Web Bridge 3 and TLS
 * minimum versions, with the file store. Per node, never shared through the database (§3: "nothing
 * configured in MMP is replicated"). Database clustering settings live on `NodeDatabase`.
 *
 * Factory defaults describe a freshly installed node whose API is reachable: Web Admin enabled on
 * `a:443` with `webadmin.key`/`webadmin.crt`; no Call Bridge listener or certificates; Web Bridge 3
 * disabled and unconfigured; no NTP or DNS servers; TLS minimums at their default.
 */
import { MmpFileStore } from './files';

export interface MmpListener {
  interface: string;
  port: number;
}

export interface WebAdminSettings {
  enabled: boolean;
  interface: string;
  port: number;
  keyFile?: string;
  certificateFile?: string;
  caBundleFile?: string;
  httpRedirect: boolean;
}

export interface CallBridgeSettings {
  interfaces: string[];
  keyFile?: string;
  certificateFile?: string;
  caBundleFile?: string;
  c2wTrust?: string;
  clusterTrust?: string;
}

export interface WebBridge3Settings {
  enabled: boolean;
  httpsListeners: MmpListener[];
  httpsKeyFile?: string;
  httpsCertificateFile?: string;
  c2wListeners: MmpListener[];
  c2wKeyFile?: string;
  c2wCertificateFile?: string;
  c2wTrust?: string;
  httpRedirect: boolean;
}

export interface DnsForwardZone {
  /** `.` forwards every lookup. */
  domain: string;
  server: string;
}

/** Everything `--state` keeps of a node's MMP configuration (JSON). */
export interface MmpSettings {
  ntpServers: string[];
  dnsForwardZones: DnsForwardZone[];
  webAdmin: WebAdminSettings;
  callBridge: CallBridgeSettings;
  webBridge3: WebBridge3Settings;
  /** `tls <service> min-tls-version <v>`, by service; absent = the default. */
  tlsMinVersions: Record<string, string>;
}

export interface MmpSnapshot {
  settings: MmpSettings;
  files: string[];
}

export function factorySettings(): MmpSettings {
  return {
    ntpServers: [],
    dnsForwardZones: [],
    webAdmin: { enabled: true, interface: 'a', port: 443, keyFile: 'webadmin.key', certificateFile: 'webadmin.crt', httpRedirect: false },
    callBridge: { interfaces: [] },
    webBridge3: { enabled: false, httpsListeners: [], c2wListeners: [], httpRedirect: false },
    tlsMinVersions: {},
  };
}

const clone = <T>(value: T): T => structuredClone(value);

export class NodeMmp {
  private current: MmpSettings = factorySettings();
  readonly files: MmpFileStore;
  /** Fault hook: every command over SSH answers this much later (tests of client timeouts). Not persisted. */
  responseDelayMs = 0;

  constructor(private readonly onChange: () => void = () => undefined) {
    this.files = new MmpFileStore(onChange);
  }

  /** A copy of the current settings. */
  get settings(): MmpSettings {
    return clone(this.current);
  }

  /** Changes settings in place (commands validate first, then update). */
  update(change: (settings: MmpSettings) => void): void {
    change(this.current);
    this.onChange();
  }

  export(): MmpSnapshot {
    return { settings: clone(this.current), files: this.files.list() };
  }

  /** Restores a saved state; missing parts keep their factory defaults. */
  import(snapshot: Partial<MmpSnapshot>): void {
    const defaults = factorySettings();
    const saved: Partial<MmpSettings> = snapshot.settings ?? {};
    this.current = {
      ntpServers: [...(saved.ntpServers ?? defaults.ntpServers)],
      dnsForwardZones: clone(saved.dnsForwardZones ?? defaults.dnsForwardZones),
      webAdmin: { ...defaults.webAdmin, ...(saved.webAdmin ?? {}) },
      callBridge: { ...defaults.callBridge, ...clone(saved.callBridge ?? {}) },
      webBridge3: { ...defaults.webBridge3, ...clone(saved.webBridge3 ?? {}) },
      tlsMinVersions: { ...(saved.tlsMinVersions ?? {}) },
    };
    if (snapshot.files) this.files.set(snapshot.files);
  }

  reset(): void {
    this.current = factorySettings();
    this.files.reset();
    this.responseDelayMs = 0;
  }
}
