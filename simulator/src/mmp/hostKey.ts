/**
 * Each node's SSH host key: an Ed25519 key made once (ssh2 writes it in OpenSSH format from
 * node:crypto) and kept in the state directory, so a restarted simulator presents the same key
 * and clients that pinned its fingerprint keep connecting.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ParsedKey, utils } from 'ssh2';

export interface MmpHostKey {
  /** OpenSSH private key text (what ssh2's Server takes). */
  privateKey: string;
  /** OpenSSH style: `SHA256:` and the unpadded base64 of the SHA-256 of the public key blob. */
  fingerprint: string;
}

/** The fingerprint `ssh-keygen -l` prints for a public key blob (SSH wire format). */
export function sshFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** ssh2 may answer a list for OpenSSH key files; the first key is the one. */
export function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error | undefined {
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

function parsePrivateKey(text: string, file: string): ParsedKey {
  const key = firstKey(utils.parseKey(text));
  if (!key || key instanceof Error || !key.isPrivateKey()) {
    throw new Error(`${file}: not an SSH private key${key instanceof Error ? ` (${key.message})` : ''}; delete it to make a new host key`);
  }
  return key;
}

/**
 * A new Ed25519 key in OpenSSH format. ssh2 cannot read back a few of the keys it writes (about
 * 1 in 300), so a key is kept only once it parses.
 */
function newHostKey(nodeName: string): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const key = utils.generateKeyPairSync('ed25519', { comment: `cms-simulator ${nodeName}` }).private;
    const parsed = firstKey(utils.parseKey(key));
    if (parsed && !(parsed instanceof Error)) return key;
  }
  throw new Error('could not make an SSH host key that ssh2 can read');
}

/** The node's host key from `<dir>/ssh/<node>.ed25519.key`, made on first use. */
export function loadOrCreateHostKey(dir: string, nodeName: string): MmpHostKey {
  const file = path.join(dir, 'ssh', `${nodeName.replace(/[^A-Za-z0-9_-]/g, '_')}.ed25519.key`);
  let privateKey: string;
  if (fs.existsSync(file)) {
    privateKey = fs.readFileSync(file, 'utf8');
  } else {
    privateKey = newHostKey(nodeName);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, privateKey, { mode: 0o600 });
  }
  return { privateKey, fingerprint: sshFingerprint(parsePrivateKey(privateKey, file).getPublicSSH()) };
}
