/**
 * The connection checks of `cms-iac doctor`: does the address answer, does its certificate verify
 * with the CA the provider will use, may the user use the API, and which version it runs (with
 * what of the provider that version cannot take). One TLS handshake and one GET /system/status.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { CmsAuthError, CmsConnectionError, CmsTimeoutError, CmsTlsError } from '../../../provider/src/cms/errors';
import { loadCaBundle } from '../../../provider/src/cms/transport';
import type { ConnectionSettings } from '../../../provider/src/config/provider-config';
import { checkConnection } from '../../../provider/src/connection-check';
import type { Definition } from '../../../provider/src/resources/definition';
import { parseVersion, supports } from '../../../provider/src/resources/versions';
import type { ServerReader } from '../export/server';
import type { Check } from './report';

export interface ConnectionResult {
  checks: Check[];
  /** Set once GET /system/status answered as a Meeting Server does. */
  softwareVersion?: string;
}

const DAY_MS = 24 * 3600 * 1000;

function nameOf(subject: tls.PeerCertificate['subject'] | undefined): string {
  if (!subject) return '(none)';
  const cn = (subject as unknown as Record<string, string | string[]>).CN;
  return Array.isArray(cn) ? cn.join(', ') : cn ?? '(no CN)';
}

/** The certificate the server presents, and whether it verifies against the CA the provider uses. */
async function tlsCheck(settings: ConnectionSettings): Promise<Check> {
  const url = new URL(settings.url);
  if (url.protocol !== 'https:') return { name: 'TLS', status: 'warning', summary: 'plain HTTP: requests and credentials are not encrypted', details: ['A Meeting Server serves its API over HTTPS; use an https:// address.'] };
  let ca: string | undefined;
  try {
    ca = settings.caBundle ? loadCaBundle(settings.caBundle) : undefined;
  } catch (err) {
    return { name: 'TLS', status: 'error', summary: `the CA bundle cannot be read: ${(err as Error).message}` };
  }
  const port = Number(url.port || 443);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const result = await new Promise<{ cert?: tls.PeerCertificate; authorized: boolean; error?: string }>((resolve) => {
    const socket = tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...(ca ? { ca } : {}), rejectUnauthorized: false, timeout: settings.timeoutMs });
    const done = (value: { cert?: tls.PeerCertificate; authorized: boolean; error?: string }) => {
      socket.destroy();
      resolve(value);
    };
    socket.once('secureConnect', () => {
      const authError = socket.authorizationError;
      done({ cert: socket.getPeerCertificate(), authorized: socket.authorized, ...(authError ? { error: String(authError) } : {}) });
    });
    socket.once('timeout', () => done({ authorized: false, error: `no TLS handshake within ${settings.timeoutMs} ms` }));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ authorized: false, error: err.code ? `${err.code}: ${err.message}` : err.message }));
  });
  if (!result.cert || Object.keys(result.cert).length === 0) return { name: 'TLS', status: 'error', summary: `no TLS handshake with ${host}:${port}: ${result.error ?? 'no certificate'}` };
  const cert = result.cert;
  const validTo = new Date(cert.valid_to);
  const seen = [
    `certificate: ${nameOf(cert.subject)}${cert.subjectaltname ? ` (${cert.subjectaltname})` : ''}, issued by ${nameOf(cert.issuer)}`,
    `valid until ${validTo.toISOString().slice(0, 10)}; SHA-256 fingerprint ${cert.fingerprint256}`,
  ];
  const trust = settings.caBundle ? 'the CA bundle (CMS_CA_BUNDLE / ca_bundle)' : 'the system\'s trusted CAs';
  if (settings.insecure) return { name: 'TLS', status: 'warning', summary: 'verification is off (CMS_INSECURE / insecure): anyone in between could read the credentials', details: [...seen, 'Set CMS_CA_BUNDLE to the CA that signed the Web Admin certificate instead.'] };
  if (!result.authorized) {
    return { name: 'TLS', status: 'error', summary: `the certificate does not verify against ${trust}: ${result.error}`, details: [...seen, 'Set CMS_CA_BUNDLE (ca_bundle) to the CA that signed the Web Admin certificate (PEM text or a file).'] };
  }
  if (validTo.getTime() - Date.now() < 30 * DAY_MS) return { name: 'TLS', status: 'warning', summary: `verified against ${trust}, but the certificate expires within 30 days`, details: seen };
  return { name: 'TLS', status: 'ok', summary: `verified against ${trust}`, details: seen };
}

/** What of the provider this version cannot take. */
function versionCheck(softwareVersion: string, definitions: readonly Definition[]): Check {
  const server = parseVersion(softwareVersion)!;
  const unavailable: string[] = [];
  for (const def of definitions) {
    if (!supports(server, def.since, def.until)) {
      unavailable.push(`${def.typeName} (${def.since ? `${def.since} or later` : `before ${def.until}`})`);
      continue;
    }
    for (const [name, attr] of Object.entries(def.attributes)) {
      if (!supports(server, attr.since, attr.until)) unavailable.push(`${def.typeName}.${name} (${attr.since ? `${attr.since} or later` : `before ${attr.until}`})`);
    }
  }
  if (unavailable.length === 0) return { name: 'version', status: 'ok', summary: `Meeting Server ${softwareVersion}: everything the provider offers is available` };
  return {
    name: 'version',
    status: 'ok',
    summary: `Meeting Server ${softwareVersion}: ${unavailable.length} attribute${unavailable.length === 1 ? '' : 's'} the provider offers need${unavailable.length === 1 ? 's' : ''} another version and would be refused at plan`,
    details: unavailable,
  };
}

export async function checkServer(settings: ConnectionSettings, server: ServerReader, definitions: readonly Definition[]): Promise<ConnectionResult> {
  const checks: Check[] = [];
  const started = Date.now();
  let softwareVersion: string | undefined;
  let failure: unknown;
  try {
    softwareVersion = (await checkConnection(server.api)).softwareVersion;
  } catch (err) {
    failure = err;
  }
  const ms = Date.now() - started;
  const reached = !(failure instanceof CmsConnectionError) && !(failure instanceof CmsTimeoutError);
  if (failure instanceof CmsTlsError) {
    checks.push({ name: 'connectivity', status: 'ok', summary: `${settings.url} accepts connections` });
  } else if (!reached) {
    checks.push({ name: 'connectivity', status: 'error', summary: `${settings.url} cannot be reached: ${(failure as Error).message}`, details: ['Check the address and port (the Web Admin listener, `webadmin` on the MMP), and that nothing in between blocks it.'] });
    return { checks };
  } else {
    checks.push({ name: 'connectivity', status: 'ok', summary: `${settings.url} answered in ${ms} ms` });
  }
  checks.push(await tlsCheck(settings));
  if (failure instanceof CmsTlsError) {
    checks.push({ name: 'credentials', status: 'skipped', summary: 'not tried: the TLS connection was refused' });
    return { checks };
  }
  if (failure instanceof CmsAuthError) {
    const refused = failure.status === 403;
    checks.push({
      name: 'credentials',
      status: 'error',
      summary: refused ? `user ${settings.username} signed in, but its role may not use the API (HTTP 403)` : `user ${settings.username} was refused (HTTP 401): wrong user name or password`,
      details: [refused ? 'Give the user the api, appadmin or admin role on every node (MMP: user add <name> api).' : 'Check CMS_USERNAME and CMS_PASSWORD; the user is an MMP user of this node.'],
    });
    return { checks };
  }
  if (failure) {
    checks.push({ name: 'credentials', status: 'error', summary: `GET /api/v1/system/status failed: ${(failure as Error).message}` });
    return { checks };
  }
  checks.push({ name: 'credentials', status: 'ok', summary: `user ${settings.username} may use the API (its role is api, appadmin or admin)` });
  checks.push(versionCheck(softwareVersion!, definitions));
  return { checks, softwareVersion };
}
