/** What `pki inspect` prints for a certificate (or bundle), a signing request or a key. */
import * as crypto from 'node:crypto';
import { MMP_PKI_INSPECT_LABELS as L, MMP_PKI_TEXT } from '../../unverified';
import { readSigningRequest } from '../../tls/csr';
import { MmpFailure } from '../reply';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM file, in order. */
export function certificatesIn(pem: string): crypto.X509Certificate[] {
  const out: crypto.X509Certificate[] = [];
  for (const block of pem.match(PEM_CERTIFICATE) ?? []) {
    try {
      out.push(new crypto.X509Certificate(block));
    } catch {
      // not a certificate after all: left out
    }
  }
  return out;
}

/** `O=x\nCN=y` → `O = x, CN = y`, as OpenSSL prints names. */
const name = (multiline: string): string =>
  multiline
    .split('\n')
    .filter(Boolean)
    .map((part) => part.replace('=', ' = '))
    .join(', ');

const serial = (hex: string): string => hex.toLowerCase().replace(/(..)(?!$)/g, '$1:');

function certificateLines(cert: crypto.X509Certificate): string[] {
  const lines = [
    L.certificate,
    `    ${L.serial}: ${serial(cert.serialNumber)}`,
    `    ${L.issuer}: ${name(cert.issuer)}`,
    '    Validity',
    `        ${L.notBefore}: ${cert.validFrom}`,
    `        ${L.notAfter}: ${cert.validTo}`,
    `    ${L.subject}: ${name(cert.subject)}`,
    `    X509v3 Basic Constraints: ${L.ca}:${cert.ca ? 'TRUE' : 'FALSE'}`,
  ];
  if (cert.subjectAltName) lines.push(`    ${L.altNames}:`, `        ${cert.subjectAltName}`);
  lines.push(`${L.fingerprint}=${cert.fingerprint256}`);
  return lines;
}

export function inspectLines(file: string, pem: string): string[] {
  const certificates = certificatesIn(pem);
  if (certificates.length > 0) return certificates.flatMap(certificateLines);
  if (/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(pem)) {
    const request = readSigningRequest(pem);
    const lines = [L.request, `    ${L.subject}: ${request.subject.map(([k, v]) => `${k} = ${v}`).join(', ')}`];
    if (request.altNames.length) lines.push(`    ${L.altNames}:`, `        ${request.altNames.map((n) => (/^[0-9.:]+$/.test(n) ? `IP Address:${n}` : `DNS:${n}`)).join(', ')}`);
    return lines;
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    try {
      const key = crypto.createPrivateKey(pem);
      const details = key.asymmetricKeyDetails;
      return [`${L.key} ${key.asymmetricKeyType ?? 'unknown'}${details?.modulusLength ? ` ${details.modulusLength} bit` : details?.namedCurve ? ` ${details.namedCurve}` : ''}`];
    } catch {
      // falls through to the refusal
    }
  }
  throw new MmpFailure(MMP_PKI_TEXT.notCertificate(file));
}
