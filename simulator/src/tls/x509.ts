/**
 * X.509 v3 certificate writer for the simulator's own CA and server certificate, and for the
 * certificates the simulated MMP makes (`pki selfsigned`, `pki sign`): RFC 5280 extensions,
 * signed with the issuer's key (ECDSA with SHA-256, RSA with SHA-256, or Ed25519).
 */
import * as crypto from 'node:crypto';
import { isIP } from 'node:net';
import * as der from './der';
import { children, parseDer } from './derReader';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ed25519: '1.3.101.112',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

/** Attribute types a distinguished name may hold, by their short names (`CN`, `O`, …). */
export const NAME_ATTRIBUTES: Readonly<Record<string, string>> = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
};

/** A distinguished name as `[short name, value]` pairs, most significant first (`[['O', 'x'], ['CN', 'y']]`). */
export type DistinguishedName = ReadonlyArray<readonly [string, string]>;

export interface CertificateRequest {
  commonName: string;
  organization?: string;
  /** The full subject (instead of commonName and organization). */
  subject?: DistinguishedName;
  /** The key that the certificate certifies. */
  publicKey: crypto.KeyObject;
  /** Signing key and subject of the issuer; omit both for a self-signed certificate. */
  issuer?: { commonName: string; organization?: string; subject?: DistinguishedName; privateKey: crypto.KeyObject; publicKey: crypto.KeyObject };
  /** Self-signing key when `issuer` is omitted. */
  privateKey?: crypto.KeyObject;
  isCa: boolean;
  /** DNS names and IP addresses for subjectAltName (server certificates). */
  altNames?: string[];
  notBefore: Date;
  notAfter: Date;
}

/** The DER Name of a distinguished name. */
export function encodeName(dn: DistinguishedName): Buffer {
  return der.sequence(
    ...dn.map(([attribute, value]) => {
      const oid = NAME_ATTRIBUTES[attribute];
      if (!oid) throw new Error(`unsupported name attribute ${attribute}`);
      return der.set(der.sequence(der.objectIdentifier(oid), der.utf8String(value)));
    }),
  );
}

function name(commonName: string, organization?: string, subject?: DistinguishedName): Buffer {
  return encodeName(subject ?? [...(organization ? [['O', organization] as const] : []), ['CN', commonName] as const]);
}

export function spki(publicKey: crypto.KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
function keyIdentifier(publicKey: crypto.KeyObject): Buffer {
  const [, bits] = children(parseDer(spki(publicKey)));
  // The BIT STRING's first content byte counts unused bits (0 for keys).
  return crypto.createHash('sha1').update(bits!.content.subarray(1)).digest();
}

/** The signature algorithm a key signs with, and how to sign. */
export function signatureAlgorithm(key: crypto.KeyObject): { id: Buffer; sign: (data: Buffer) => Buffer } {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return { id: der.sequence(der.objectIdentifier(OID.ecdsaWithSha256)), sign: (data) => crypto.sign('sha256', data, { key, dsaEncoding: 'der' }) };
    case 'rsa':
      return { id: der.sequence(der.objectIdentifier(OID.sha256WithRsa), der.nullValue()), sign: (data) => crypto.sign('sha256', data, key) };
    case 'ed25519':
      return { id: der.sequence(der.objectIdentifier(OID.ed25519)), sign: (data) => crypto.sign(null, data, key) };
    default:
      throw new Error(`cannot sign with a ${key.asymmetricKeyType ?? 'unknown'} key`);
  }
}

export function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  const parts = [der.objectIdentifier(oid)];
  if (critical) parts.push(der.boolean(true));
  parts.push(der.octetString(value));
  return der.sequence(...parts);
}

export function generalName(altName: string): Buffer {
  const family = isIP(altName);
  if (family === 4) return der.implicitPrimitive(7, Buffer.from(altName.split('.').map(Number)));
  if (family === 6) return der.implicitPrimitive(7, ipv6Bytes(altName));
  return der.implicitPrimitive(2, Buffer.from(altName, 'ascii'));
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headParts = head ? head.split(':').filter(Boolean) : [];
  const tailParts = tail ? tail.split(':').filter(Boolean) : [];
  const zeros = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array<string>(zeros).fill('0'), ...tailParts];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** Builds and signs one certificate; returns it as PEM. */
export function createCertificate(req: CertificateRequest): string {
  const signerKey = req.issuer ? req.issuer.privateKey : req.privateKey;
  if (!signerKey) throw new Error('createCertificate: a self-signed certificate needs privateKey');
  const issuerName = req.issuer ? name(req.issuer.commonName, req.issuer.organization, req.issuer.subject) : name(req.commonName, req.organization, req.subject);
  const issuerPublicKey = req.issuer ? req.issuer.publicKey : req.publicKey;
  const { id: algorithm, sign } = signatureAlgorithm(signerKey);

  const serial = crypto.randomBytes(16);
  serial[0]! &= 0x7f; // positive, and never all-zero in practice
  serial[0]! |= 0x01;

  const extensions: Buffer[] = [
    extension(OID.basicConstraints, true, req.isCa ? der.sequence(der.boolean(true)) : der.sequence()),
    extension(
      OID.keyUsage,
      true,
      der.namedBits(req.isCa ? [KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign] : [KEY_USAGE.digitalSignature]),
    ),
    extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier(req.publicKey))),
    extension(OID.authorityKeyIdentifier, false, der.sequence(der.implicitPrimitive(0, keyIdentifier(issuerPublicKey)))),
  ];
  if (!req.isCa) extensions.push(extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth))));
  if (req.altNames && req.altNames.length > 0) {
    extensions.push(extension(OID.subjectAltName, false, der.sequence(...req.altNames.map(generalName))));
  }

  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serial),
    algorithm,
    issuerName,
    der.sequence(der.time(req.notBefore), der.time(req.notAfter)),
    name(req.commonName, req.organization, req.subject),
    spki(req.publicKey),
    der.explicit(3, der.sequence(...extensions)),
  );
  const signature = sign(tbs);
  return toPem('CERTIFICATE', der.sequence(tbs, algorithm, der.bitString(signature)));
}

export function toPem(label: string, body: Buffer): string {
  const b64 = body.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export function fromPem(pem: string): Buffer {
  const match = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(pem);
  if (!match) throw new Error('not a PEM block');
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
}

export function generateP256(): { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject } {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

export function privateKeyPem(key: crypto.KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

const CA_NAME = 'cms-iac Meeting Server simulator CA';
const ORGANIZATION = 'cms-iac simulator';
const DAY_MS = 24 * 3600 * 1000;

/** A new certificate authority (10 years). */
export function createCa(now = new Date()): KeyPairPem {
  const { privateKey, publicKey } = generateP256();
  const certPem = createCertificate({
    commonName: CA_NAME,
    organization: ORGANIZATION,
    publicKey,
    privateKey,
    isCa: true,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
  });
  return { certPem, keyPem: privateKeyPem(privateKey) };
}

/** A server certificate signed by `ca` (397 days, inside the browsers' 398-day ceiling). */
export function createServerCertificate(ca: KeyPairPem, altNames: string[], now = new Date()): KeyPairPem {
  const caKey = crypto.createPrivateKey(ca.keyPem);
  const caCert = new crypto.X509Certificate(ca.certPem);
  const { privateKey, publicKey } = generateP256();
  const certPem = createCertificate({
    commonName: altNames.find((n) => isIP(n) === 0) ?? altNames[0] ?? 'localhost',
    organization: ORGANIZATION,
    publicKey,
    issuer: { commonName: CA_NAME, organization: ORGANIZATION, privateKey: caKey, publicKey: caCert.publicKey },
    isCa: false,
    altNames,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 397 * DAY_MS),
  });
  return { certPem, keyPem: privateKeyPem(privateKey) };
}
