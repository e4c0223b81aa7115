/**
 * `pki` (cms-api.md §3.3): the node's certificates and keys. `list` and `inspect` show them,
 * `match` and `verify` check them, `csr` makes a key and a signing request, `selfsigned` a key
 * and a self-signed (CA) certificate, `sign` a certificate from a request with a local CA.
 */
import * as crypto from 'node:crypto';
import { MMP_PKI_TEXT, MMP_PKI_VALIDITY_DAYS } from '../../unverified';
import { createSigningRequest, readSigningRequest } from '../../tls/csr';
import { createCertificate, DistinguishedName, generateP256, NAME_ATTRIBUTES, privateKeyPem } from '../../tls/x509';
import { expectArgs, requireFiles } from '../args';
import { MmpCommandFamily, MmpContext } from '../context';
import { MmpFailure, MmpReply, MmpUsageError, reply, success } from '../reply';
import { certificatesIn, inspectLines } from './pkiInspect';

const SYNTAX = {
  csr: 'pki csr <name> CN:<common-name> [O:<organization>] [OU:<unit>] [L:<locality>] [ST:<state>] [C:<country>] [subjectAltName:<name>,<name>...]',
  selfsigned: 'pki selfsigned <name> [CN:<common-name>] [O:<organization>] ...',
  any: 'pki (list|inspect <file>|match <key-file> <certificate-file>|verify <certificate-file> [<ca-bundle>]|csr <name> ...|selfsigned <name> ...|sign <name> <ca-name>)',
} as const;

const DAY_MS = 24 * 3600 * 1000;

function text(ctx: MmpContext, name: string): string {
  requireFiles((n) => ctx.mmp.files.has(n), [name]);
  return ctx.mmp.files.read(name)!.toString('utf8');
}

function privateKey(ctx: MmpContext, name: string): crypto.KeyObject {
  try {
    return crypto.createPrivateKey(text(ctx, name));
  } catch (err) {
    if (err instanceof MmpFailure) throw err;
    throw new MmpFailure(MMP_PKI_TEXT.notKey(name));
  }
}

function certificate(ctx: MmpContext, name: string): crypto.X509Certificate {
  const [first] = certificatesIn(text(ctx, name));
  if (!first) throw new MmpFailure(MMP_PKI_TEXT.notCertificate(name));
  return first;
}

/** `CN:x O:y subjectAltName:a,b` → subject and alternative names. */
function subjectFrom(words: string[], syntax: string): { subject: DistinguishedName; altNames: string[] } {
  const subject: Array<[string, string]> = [];
  let altNames: string[] = [];
  for (const word of words) {
    const colon = word.indexOf(':');
    if (colon <= 0) throw new MmpUsageError(syntax);
    const key = word.slice(0, colon);
    const value = word.slice(colon + 1);
    if (key === 'subjectAltName') altNames = value.split(',').map((v) => v.trim()).filter(Boolean);
    else if (key in NAME_ATTRIBUTES && value !== '') subject.push([key, value]);
    else throw new MmpFailure(MMP_PKI_TEXT.badAttribute(word));
  }
  // Most significant first, as X.509 names are written (C, ST, L, O, OU, CN).
  const order = Object.keys(NAME_ATTRIBUTES);
  subject.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  return { subject, altNames };
}

function csr(ctx: MmpContext, name: string, words: string[]): MmpReply {
  const { subject, altNames } = subjectFrom(words, SYNTAX.csr);
  if (!subject.some(([k]) => k === 'CN')) throw new MmpFailure(MMP_PKI_TEXT.noCommonName);
  const { privateKey: key } = generateP256();
  ctx.mmp.files.write(`${name}.key`, privateKeyPem(key));
  ctx.mmp.files.write(`${name}.csr`, createSigningRequest(subject, key, altNames));
  return success(MMP_PKI_TEXT.created([`${name}.key`, `${name}.csr`]));
}

function selfsigned(ctx: MmpContext, name: string, words: string[]): MmpReply {
  const parsed = subjectFrom(words, SYNTAX.selfsigned);
  const subject = parsed.subject.some(([k]) => k === 'CN') ? parsed.subject : [...parsed.subject, ['CN', name] as const];
  const { privateKey: key, publicKey } = generateP256();
  const now = Date.now();
  const cert = createCertificate({
    commonName: name,
    subject,
    publicKey,
    privateKey: key,
    isCa: true,
    altNames: parsed.altNames,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + MMP_PKI_VALIDITY_DAYS.selfsigned * DAY_MS),
  });
  ctx.mmp.files.write(`${name}.key`, privateKeyPem(key));
  ctx.mmp.files.write(`${name}.crt`, cert);
  return success(MMP_PKI_TEXT.created([`${name}.key`, `${name}.crt`]));
}

/** The subject of a certificate as name pairs (for the issuer of what a local CA signs). */
function subjectOf(cert: crypto.X509Certificate): DistinguishedName {
  return cert.subject
    .split('\n')
    .map((line) => {
      const eq = line.indexOf('=');
      return [line.slice(0, eq), line.slice(eq + 1)] as const;
    })
    .filter(([k]) => k in NAME_ATTRIBUTES);
}

function sign(ctx: MmpContext, name: string, caName: string): MmpReply {
  let request;
  try {
    request = readSigningRequest(text(ctx, `${name}.csr`));
  } catch (err) {
    if (err instanceof MmpFailure) throw err;
    throw new MmpFailure(MMP_PKI_TEXT.notSigningRequest(`${name}.csr`));
  }
  const caKey = privateKey(ctx, `${caName}.key`);
  const caCert = certificate(ctx, `${caName}.crt`);
  if (!caCert.checkPrivateKey(caKey)) throw new MmpFailure(MMP_PKI_TEXT.mismatch);
  const now = Date.now();
  const cn = request.subject.find(([k]) => k === 'CN')?.[1] ?? name;
  const cert = createCertificate({
    commonName: cn,
    subject: request.subject,
    publicKey: request.publicKey,
    issuer: { commonName: '', subject: subjectOf(caCert), privateKey: caKey, publicKey: caCert.publicKey },
    isCa: false,
    altNames: request.altNames,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(Math.min(now + MMP_PKI_VALIDITY_DAYS.signed * DAY_MS, Date.parse(caCert.validTo))),
  });
  ctx.mmp.files.write(`${name}.crt`, cert);
  return success(MMP_PKI_TEXT.created([`${name}.crt`]));
}

function match(ctx: MmpContext, keyName: string, certName: string): MmpReply {
  if (!certificate(ctx, certName).checkPrivateKey(privateKey(ctx, keyName))) throw new MmpFailure(MMP_PKI_TEXT.mismatch);
  return success(MMP_PKI_TEXT.match);
}

/** Walks from the certificate to a self-signed one through the bundle (and the file's own chain). */
function verify(ctx: MmpContext, certName: string, bundleName: string | undefined): MmpReply {
  const chain = certificatesIn(text(ctx, certName));
  const leaf = chain[0];
  if (!leaf) throw new MmpFailure(MMP_PKI_TEXT.notCertificate(certName));
  const pool = [...chain.slice(1), ...(bundleName ? certificatesIn(text(ctx, bundleName)) : [])];
  const now = Date.now();
  let current = leaf;
  for (let depth = 0; depth < 10; depth++) {
    if (now < Date.parse(current.validFrom) || now > Date.parse(current.validTo)) {
      throw new MmpFailure(MMP_PKI_TEXT.notVerified(`${current.subject.replace(/\n/g, ', ')} is outside its validity period`));
    }
    const issuer = pool.find((c) => current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) {
      if (current.checkIssued(current) && current.verify(current.publicKey) && pool.some((c) => c.fingerprint256 === current.fingerprint256)) break;
      throw new MmpFailure(MMP_PKI_TEXT.notVerified(`no trusted issuer for ${current.issuer.replace(/\n/g, ', ')}`));
    }
    if (issuer.fingerprint256 === current.fingerprint256) break;
    current = issuer;
  }
  return success(MMP_PKI_TEXT.verified);
}

export const pkiCommand: MmpCommandFamily = (args, ctx) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
      expectArgs(rest, 0, 'pki list');
      return reply(MMP_PKI_TEXT.listHeading, ...ctx.mmp.files.list().map((n) => `  ${n}`));
    case 'inspect':
      expectArgs(rest, 1, 'pki inspect <file>');
      return reply(...inspectLines(rest[0]!, text(ctx, rest[0]!)));
    case 'match':
      expectArgs(rest, 2, 'pki match <key-file> <certificate-file>');
      return match(ctx, rest[0]!, rest[1]!);
    case 'verify':
      expectArgs(rest, [1, 2], 'pki verify <certificate-file> [<ca-bundle>]');
      return verify(ctx, rest[0]!, rest[1]);
    case 'csr':
      if (rest.length < 2) throw new MmpUsageError(SYNTAX.csr);
      return csr(ctx, fileBase(rest[0]!), rest.slice(1));
    case 'selfsigned':
      if (rest.length < 1) throw new MmpUsageError(SYNTAX.selfsigned);
      return selfsigned(ctx, fileBase(rest[0]!), rest.slice(1));
    case 'sign':
      expectArgs(rest, 2, 'pki sign <name> <ca-name>');
      return sign(ctx, fileBase(rest[0]!), fileBase(rest[1]!));
    default:
      throw new MmpUsageError(SYNTAX.any);
  }
};

/** A base name for the files a command makes (`cms` → `cms.key`, `cms.csr`). */
function fileBase(name: string): string {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(name)) throw new MmpUsageError(SYNTAX.any);
  return name;
}
