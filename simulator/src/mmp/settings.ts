/**
 * A node's MMP settings (cms-api.md §3): NTP, DNS, Web Admin, Call Bridge, Web Bridge 3, TLS,
 * syslog and the password rules, with the file store. Per node, never shared through the
 * database (§3: "nothing configured in MMP is replicated"). Database clustering settings live
 * on `NodeDatabase`; MMP users on the node itself (they also sign in to the API).
 *
 * Two factory states. The preconfigured node (the default) is a node whose API is reachable: Web
 * Admin enabled on `a:443` with `webadmin.key`/`webadmin.crt` and a lab's certificate files. A
 * blank node is a freshly installed one: Web Admin disabled with no certificate, no files. Both
 * have no Call Bridge listener or certificates, Web Bridge 3 disabled and unconfigured, no NTP,
 * DNS or syslog servers, TLS and password rules at their defaults.
 */
import { MMP_USER_RULE_DEFAULTS } from '../unverified';
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
  brandingTrust?: string;
  expresswayTrust?: string;
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

/** `syslog …`: where the node sends its log and its audit log. */
export interface SyslogSettings {
  enabled: boolean;
  /** `host` or `host:port`, in the order added. */
  servers: string[];
  auditServers: string[];
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
  /** `tls <service> trust <bundle>`, by service; absent = none. */
  tlsTrust: Record<string, string>;
  /** `tls <service> verify enable|disable|ocsp`, by service; absent = disabled. */
  tlsVerify: Record<string, string>;
  syslog: SyslogSettings;
  /** `user rule <rule> <value>`, by rule; absent = the default. */
  userRules: Record<string, number>;
}

export interface MmpSnapshot {
  settings: MmpSettings;
  /** File name → base64 content (older state files hold a list of names). */
  files: Record<string, string> | string[];
}

export function factorySettings(blank = false): MmpSettings {
  return {
    ntpServers: [],
    dnsForwardZones: [],
    webAdmin: blank
      ? { enabled: false, interface: 'a', port: 443, httpRedirect: false }
      : { enabled: true, interface: 'a', port: 443, keyFile: 'webadmin.key', certificateFile: 'webadmin.crt', httpRedirect: false },
    callBridge: { interfaces: [] },
    webBridge3: { enabled: false, httpsListeners: [], c2wListeners: [], httpRedirect: false },
    tlsMinVersions: {},
    tlsTrust: {},
    tlsVerify: {},
    syslog: { enabled: false, servers: [], auditServers: [] },
    userRules: {},
  };
}

/** The value of a password rule now (set, or its default). */
export function userRule(settings: MmpSettings, rule: string): number {
  return settings.userRules[rule] ?? MMP_USER_RULE_DEFAULTS[rule] ?? 0;
}

const clone = <T>(value: T): T => structuredClone(value);

export class NodeMmp {
  private current: MmpSettings;
  readonly files: MmpFileStore;
  /** Fault hook: every command over SSH answers this much later (tests of client timeouts). Not persisted. */
  responseDelayMs = 0;

  constructor(
    private readonly onChange: () => void = () => undefined,
    /** A freshly installed node (Web Admin off, no certificates) rather than a preconfigured one. */
    readonly blank = false,
  ) {
    this.current = factorySettings(blank);
    this.files = new MmpFileStore(onChange, blank ? 'none' : 'lab');
  }

  /** A copy of the current settings. */
  get settings(): MmpSettings {
    return clone(this.current);
  }

  /** Whether Web Admin (and so the API) runs: asked on every API request, so no copy. */
  get webAdminEnabled(): boolean {
    return this.current.webAdmin.enabled;
  }

  /** Changes settings in place (commands validate first, then update). */
  update(change: (settings: MmpSettings) => void): void {
    change(this.current);
    this.onChange();
  }

  export(): MmpSnapshot {
    return { settings: clone(this.current), files: this.files.export() };
  }

  /** Restores a saved state; missing parts keep their factory defaults. */
  import(snapshot: Partial<MmpSnapshot>): void {
    const defaults = factorySettings(this.blank);
    const saved: Partial<MmpSettings> = snapshot.settings ?? {};
    this.current = {
      ntpServers: [...(saved.ntpServers ?? defaults.ntpServers)],
      dnsForwardZones: clone(saved.dnsForwardZones ?? defaults.dnsForwardZones),
      webAdmin: { ...defaults.webAdmin, ...(saved.webAdmin ?? {}) },
      callBridge: { ...defaults.callBridge, ...clone(saved.callBridge ?? {}) },
      webBridge3: { ...defaults.webBridge3, ...clone(saved.webBridge3 ?? {}) },
      tlsMinVersions: { ...(saved.tlsMinVersions ?? {}) },
      tlsTrust: { ...(saved.tlsTrust ?? {}) },
      tlsVerify: { ...(saved.tlsVerify ?? {}) },
      syslog: { ...defaults.syslog, ...clone(saved.syslog ?? {}) },
      userRules: { ...(saved.userRules ?? {}) },
    };
    if (snapshot.files) this.files.import(snapshot.files);
  }

  reset(): void {
    this.current = factorySettings(this.blank);
    this.files.reset();
    this.responseDelayMs = 0;
  }
}
