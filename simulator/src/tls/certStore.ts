/**
 * Keeps the simulator's CA and server certificate in its state directory, so that a restarted
 * simulator presents the same CA and clients configured with `ca.pem` keep working.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCa, createServerCertificate, KeyPairPem } from './x509';

export interface ServerTlsMaterial {
  /** Path of the CA certificate clients should trust (`curl --cacert`). */
  caPath: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'server.pem', key: 'server-key.pem' } as const;
/** Renew the server certificate when it has less than this left. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

function readPair(dir: string, certFile: string, keyFile: string): KeyPairPem | undefined {
  try {
    return {
      certPem: fs.readFileSync(path.join(dir, certFile), 'utf8'),
      keyPem: fs.readFileSync(path.join(dir, keyFile), 'utf8'),
    };
  } catch {
    return undefined;
  }
}

function writeFile(dir: string, file: string, content: string, secret: boolean): void {
  fs.writeFileSync(path.join(dir, file), content, { mode: secret ? 0o600 : 0o644 });
}

function caIsUsable(ca: KeyPairPem, now: Date): boolean {
  try {
    const cert = new crypto.X509Certificate(ca.certPem);
    const key = crypto.createPrivateKey(ca.keyPem);
    return cert.ca && cert.checkPrivateKey(key) && new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

function serverIsUsable(server: KeyPairPem, ca: KeyPairPem, altNames: string[], now: Date): boolean {
  try {
    const cert = new crypto.X509Certificate(server.certPem);
    const caCert = new crypto.X509Certificate(ca.certPem);
    if (!cert.verify(caCert.publicKey)) return false;
    if (!cert.checkPrivateKey(crypto.createPrivateKey(server.keyPem))) return false;
    if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return false;
    const san = cert.subjectAltName ?? '';
    return altNames.every((n) => san.includes(`DNS:${n}`) || san.includes(`IP Address:${n}`));
  } catch {
    return false;
  }
}

/**
 * Returns the CA and a server certificate for `altNames` (default 127.0.0.1 and localhost),
 * reusing the files in `stateDir` when they are still valid and generating them otherwise.
 */
export function ensureServerTls(stateDir: string, altNames: string[] = ['127.0.0.1', 'localhost'], now = new Date()): ServerTlsMaterial {
  fs.mkdirSync(stateDir, { recursive: true });
  let ca = readPair(stateDir, FILES.ca, FILES.caKey);
  let caChanged = false;
  if (!ca || !caIsUsable(ca, now)) {
    ca = createCa(now);
    writeFile(stateDir, FILES.caKey, ca.keyPem, true);
    writeFile(stateDir, FILES.ca, ca.certPem, false);
    caChanged = true;
  }
  let server = readPair(stateDir, FILES.cert, FILES.key);
  if (caChanged || !server || !serverIsUsable(server, ca, altNames, now)) {
    server = createServerCertificate(ca, altNames, now);
    writeFile(stateDir, FILES.key, server.keyPem, true);
    writeFile(stateDir, FILES.cert, server.certPem, false);
  }
  return { caPath: path.join(stateDir, FILES.ca), caPem: ca.certPem, certPem: server.certPem, keyPem: server.keyPem };
}
