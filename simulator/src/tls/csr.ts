/**
 * PKCS#10 certificate signing requests: written by the simulated MMP's `pki csr`, and read back
 * by `pki sign` (subject, public key and the requested subjectAltName).
 */
import * as crypto from 'node:crypto';
import * as der from './der';
import { children, DerNode, oidText, parseDer } from './derReader';
import { DistinguishedName, encodeName, extension, fromPem, generalName, NAME_ATTRIBUTES, signatureAlgorithm, spki, toPem } from './x509';

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const SUBJECT_ALT_NAME = '2.5.29.17';

export interface SigningRequest {
  subject: DistinguishedName;
  publicKey: crypto.KeyObject;
  /** DNS names and IP addresses requested as subjectAltName. */
  altNames: string[];
}

/** A signed request in PEM (`-----BEGIN CERTIFICATE REQUEST-----`). */
export function createSigningRequest(subject: DistinguishedName, privateKey: crypto.KeyObject, altNames: readonly string[]): string {
  const publicKey = crypto.createPublicKey(privateKey);
  const attributes: Buffer[] = [];
  if (altNames.length > 0) {
    const extensions = der.sequence(extension(SUBJECT_ALT_NAME, false, der.sequence(...altNames.map(generalName))));
    attributes.push(der.sequence(der.objectIdentifier(EXTENSION_REQUEST), der.set(extensions)));
  }
  const info = der.sequence(der.smallInteger(0), encodeName(subject), spki(publicKey), der.tlv(0xa0, Buffer.concat(attributes)));
  const { id, sign } = signatureAlgorithm(privateKey);
  return toPem('CERTIFICATE REQUEST', der.sequence(info, id, der.bitString(sign(info))));
}

const SHORT_NAMES = new Map(Object.entries(NAME_ATTRIBUTES).map(([short, oid]) => [oid, short]));

function readName(node: DerNode): DistinguishedName {
  const out: Array<[string, string]> = [];
  for (const rdn of children(node)) {
    for (const pair of children(rdn)) {
      const [type, value] = children(pair);
      const short = SHORT_NAMES.get(oidText(type!.content));
      if (short) out.push([short, value!.content.toString('utf8')]);
    }
  }
  return out;
}

function readAltNames(general: DerNode): string[] {
  return children(general).map((n) => {
    if (n.tag === 0x87) return n.content.length === 4 ? [...n.content].join('.') : n.content.toString('hex').replace(/(.{4})(?!$)/g, '$1:');
    return n.content.toString('ascii');
  });
}

function requestedAltNames(attributes: DerNode | undefined): string[] {
  if (!attributes) return [];
  for (const attribute of children(attributes)) {
    const [type, values] = children(attribute);
    if (oidText(type!.content) !== EXTENSION_REQUEST) continue;
    for (const ext of children(children(values!)[0]!)) {
      const parts = children(ext);
      if (oidText(parts[0]!.content) === SUBJECT_ALT_NAME) return readAltNames(parseDer(parts[parts.length - 1]!.content));
    }
  }
  return [];
}

/** Reads a PEM request; throws when it is not one. */
export function readSigningRequest(pem: string): SigningRequest {
  if (!/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(pem)) throw new Error('not a certificate signing request');
  const [info] = children(parseDer(fromPem(pem)));
  const [, subject, key, attributes] = children(info!);
  return {
    subject: readName(subject!),
    publicKey: crypto.createPublicKey({ key: key!.raw, format: 'der', type: 'spki' }),
    altNames: requestedAltNames(attributes),
  };
}
