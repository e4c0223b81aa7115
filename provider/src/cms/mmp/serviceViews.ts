/** Typed views of the `webadmin`, `callbridge` and `webbridge3` status blocks (cms-api.md §3.4-§3.6). */
import { flagValue, listValue, numberValue, optionalValue, parseStatusBlock, StatusLookup } from './statusBlock';

/** An `<interface>:<port>` listener, e.g. `a:443`. */
export interface MmpListener {
  readonly interface: string;
  readonly port: number;
}

export interface MmpWebAdminStatus {
  readonly enabled: boolean;
  readonly interface?: string;
  readonly port?: number;
  readonly keyFile?: string;
  readonly certificateFile?: string;
  readonly caBundleFile?: string;
  readonly httpRedirect: boolean;
  /** The `STATUS` line, e.g. `webadmin running`. */
  readonly status?: string;
  /** Every line as printed. */
  readonly raw: Readonly<Record<string, string>>;
}

export interface MmpCallBridgeStatus {
  readonly listeningInterfaces: readonly string[];
  readonly preferredInterface?: string;
  readonly keyFile?: string;
  readonly certificateFile?: string;
  readonly caBundleFile?: string;
  readonly address?: string;
  readonly c2wTrustedCerts?: string;
  readonly clusterTrustedCerts?: string;
  readonly brandingTrustedCerts?: string;
  readonly expresswayTrustedCerts?: string;
  readonly raw: Readonly<Record<string, string>>;
}

export interface MmpWebBridge3Status {
  readonly enabled: boolean;
  readonly httpsListeners: readonly MmpListener[];
  readonly httpsKeyFile?: string;
  readonly httpsCertificateFile?: string;
  readonly httpRedirect: boolean;
  readonly c2wListeners: readonly MmpListener[];
  readonly c2wKeyFile?: string;
  readonly c2wCertificateFile?: string;
  readonly c2wTrustBundle?: string;
  readonly raw: Readonly<Record<string, string>>;
}

/** `a:443 b:443` (or comma-separated) → listeners; anything else is left out. */
export function parseListeners(value: string | undefined): MmpListener[] {
  return listValue(value)
    .map((item) => /^([a-z]):(\d{1,5})$/i.exec(item))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ interface: m[1]!.toLowerCase(), port: Number(m[2]) }));
}

/** Leaves out undefined fields, so views compare cleanly with `toEqual`. */
function defined<T extends object>(view: T): T {
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) as T;
}

export function parseWebAdminStatus(text: string): MmpWebAdminStatus {
  const raw = parseStatusBlock(text);
  const s = new StatusLookup(raw);
  return defined({
    enabled: flagValue(s.get('Enabled')),
    interface: optionalValue(s.get('TLS listening interface', 'Listening interface', 'Interface')),
    port: numberValue(s.get('TLS listening port', 'Listening port', 'Port')),
    keyFile: optionalValue(s.get('Key file')),
    certificateFile: optionalValue(s.get('Certificate file')),
    caBundleFile: optionalValue(s.get('CA Bundle file', 'CA bundle')),
    httpRedirect: flagValue(s.get('HTTP redirect')),
    status: optionalValue(s.get('STATUS')),
    raw,
  });
}

export function parseCallBridgeStatus(text: string): MmpCallBridgeStatus {
  const raw = parseStatusBlock(text);
  const s = new StatusLookup(raw);
  return defined({
    listeningInterfaces: listValue(s.get('Listening interfaces', 'Listening interface')).map((i) => i.toLowerCase()),
    preferredInterface: optionalValue(s.get('Preferred interface')),
    keyFile: optionalValue(s.get('Key file')),
    certificateFile: optionalValue(s.get('Certificate file')),
    caBundleFile: optionalValue(s.get('CA Bundle file', 'CA bundle')),
    address: optionalValue(s.get('Address')),
    c2wTrustedCerts: optionalValue(s.get('C2W trusted certs')),
    clusterTrustedCerts: optionalValue(s.get('Callbridge cluster trusted certs')),
    brandingTrustedCerts: optionalValue(s.get('Callbridge trust branding certs')),
    expresswayTrustedCerts: optionalValue(s.get('Expressway trusted certs')),
    raw,
  });
}

export function parseWebBridge3Status(text: string): MmpWebBridge3Status {
  const raw = parseStatusBlock(text);
  const s = new StatusLookup(raw);
  return defined({
    enabled: flagValue(s.get('Enabled')),
    httpsListeners: parseListeners(s.get('HTTPS listening ports and interfaces')),
    httpsKeyFile: optionalValue(s.get('HTTPS Key file')),
    httpsCertificateFile: optionalValue(s.get('HTTPS Full chain certificate file')),
    httpRedirect: flagValue(s.get('HTTP redirect')),
    c2wListeners: parseListeners(s.get('C2W listening ports and interfaces')),
    c2wKeyFile: optionalValue(s.get('C2W Key file')),
    c2wCertificateFile: optionalValue(s.get('C2W Full chain certificate file')),
    c2wTrustBundle: optionalValue(s.get('C2W Trust bundle')),
    raw,
  });
}
