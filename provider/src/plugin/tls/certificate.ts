/**
 * The provider's AutoMTLS server certificate, made fresh in every process.
 *
 * go-plugin's client trusts exactly the certificate from the handshake line (as root CA and for
 * server name "localhost"), so it must be self-signed, carry SAN DNS:localhost and be valid now.
 * The extensions copy go-plugin's own template: CA:true, keyUsage digitalSignature,
 * keyEncipherment, keyAgreement and certSign, extKeyUsage serverAuth and clientAuth.
 * ECDSA P-256 keeps key generation and signing well under a millisecond.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as der from './der';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

const KEY_USAGE_BITS = { digitalSignature: 0, keyEncipherment: 2, keyAgreement: 4, keyCertSign: 5 } as const;

/** Backdated so a client whose clock is slightly behind still accepts it (go-plugin: 30 s). */
const NOT_BEFORE_SKEW_MS = 60_000;
/** A provider process lives for one Terraform phase; a day leaves ample room. */
const LIFETIME_MS = 24 * 3600_000;

export interface ServerCertificate {
  /** DER bytes, for the handshake line. */
  der: Buffer;
  certPem: string;
  keyPem: string;
}

export function generateServerCertificate(now: Date = new Date()): ServerCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const name = der.sequence(
    der.set(der.sequence(der.objectIdentifier(OID.organization), der.utf8String('cms-iac'))),
    der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String('localhost'))),
  );
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01; // positive and non-zero

  const tbs = der.sequence(
    der.explicit(0, der.unsignedInteger(Buffer.from([2]))), // version 3
    der.unsignedInteger(serial),
    algorithm,
    name, // issuer: self
    der.sequence(der.time(new Date(now.getTime() - NOT_BEFORE_SKEW_MS)), der.time(new Date(now.getTime() + LIFETIME_MS))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
        extension(OID.keyUsage, true, der.namedBits(Object.values(KEY_USAGE_BITS))),
        extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth), der.objectIdentifier(OID.clientAuth))),
        extension(OID.subjectAltName, false, der.sequence(der.implicit(2, Buffer.from('localhost', 'ascii')))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const certDer = der.sequence(tbs, algorithm, der.bitString(signature));
  return {
    der: certDer,
    certPem: toPem('CERTIFICATE', certDer),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

function toPem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** go-plugin decodes the handshake's certificate with Go's RawStdEncoding: base64, no padding. */
export function handshakeCertificateField(certDer: Buffer): string {
  return certDer.toString('base64').replace(/=+$/, '');
}
