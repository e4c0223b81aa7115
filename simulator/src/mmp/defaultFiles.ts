/**
 * The certificates and keys a preconfigured simulated node starts with: a lab CA and the key and
 * certificate pairs it signed (Web Admin, Call Bridge and Web Bridge, database server and
 * client). Made once per process, so starting many nodes stays cheap.
 */
import * as crypto from 'node:crypto';
import { createCertificate, generateP256, privateKeyPem } from '../tls/x509';

const DAY_MS = 24 * 3600 * 1000;

let cached: ReadonlyMap<string, Buffer> | undefined;

function pair(ca: { subject: [string, string][]; privateKey: crypto.KeyObject; publicKey: crypto.KeyObject }, commonName: string, altNames: string[], now: Date) {
  const { privateKey, publicKey } = generateP256();
  const cert = createCertificate({
    commonName,
    subject: [['O', 'cms-iac lab'], ['CN', commonName]],
    publicKey,
    issuer: { commonName: '', subject: ca.subject, privateKey: ca.privateKey, publicKey: ca.publicKey },
    isCa: false,
    altNames,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 365 * DAY_MS),
  });
  return { key: privateKeyPem(privateKey), cert };
}

/** File name → content of the usual lab files (see DEFAULT_MMP_FILES). */
export function defaultFileContents(): ReadonlyMap<string, Buffer> {
  if (cached) return cached;
  const now = new Date();
  const caKeys = generateP256();
  const caSubject: [string, string][] = [['O', 'cms-iac lab'], ['CN', 'cms-iac lab root CA']];
  const caCert = createCertificate({
    commonName: 'cms-iac lab root CA',
    subject: caSubject,
    publicKey: caKeys.publicKey,
    privateKey: caKeys.privateKey,
    isCa: true,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
  });
  const ca = { subject: caSubject, ...caKeys };
  const webadmin = pair(ca, 'cms1.example.com', ['cms1.example.com', '127.0.0.1'], now);
  const cms = pair(ca, 'cms1.example.com', ['cms1.example.com', 'join.example.com'], now);
  const dbserver = pair(ca, 'cms1.example.com', ['cms1.example.com'], now);
  const dbclient = pair(ca, 'postgres', [], now);
  cached = new Map(
    Object.entries({
      'webadmin.key': webadmin.key,
      'webadmin.crt': webadmin.cert,
      'cms.key': cms.key,
      'cms.crt': cms.cert,
      'cms-fullchain.crt': cms.cert + caCert,
      'root-ca.crt': caCert,
      'dbserver.key': dbserver.key,
      'dbserver.crt': dbserver.cert,
      'dbclient.key': dbclient.key,
      'dbclient.crt': dbclient.cert,
    }).map(([name, text]) => [name, Buffer.from(text)]),
  );
  return cached;
}
