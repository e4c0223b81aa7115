/**
 * Who may log in to a node's MMP: its users with an MMP login role, by password or by a public
 * key: the one recorded for them (`SimUser.publicKey`, an OpenSSH `ssh-ed25519 AAAA…` line) or
 * one of those uploaded as `<user>.pub`.
 */
import * as crypto from 'node:crypto';
import { AuthContext, utils } from 'ssh2';
import type { SimUser } from '../cluster/node';
import { MMP_LOGIN_ROLES } from '../unverified';
import { firstKey } from './hostKey';

/** The methods offered after a refusal. */
export const MMP_AUTH_METHODS = ['password', 'publickey'] as const;

function safeEqual(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

function publicKeyMatches(ctx: Extract<AuthContext, { method: 'publickey' }>, authorized: string): boolean {
  const key = firstKey(utils.parseKey(authorized));
  if (!key || key instanceof Error || !key.getPublicSSH().equals(ctx.key.data)) return false;
  // Without a signature the client only asks whether this key would do; it signs next.
  if (!ctx.signature || !ctx.blob) return true;
  return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo);
}

/** The OpenSSH key lines of a `.pub` file (comments and blank lines left out). */
export function publicKeyLines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Whether this attempt logs the user in; `uploadedKeys` gives a user's keys from the file store. */
export function mmpCredentialsValid(ctx: AuthContext, users: readonly SimUser[], uploadedKeys: (user: string) => string[] = () => []): boolean {
  const user = users.find((u) => u.name === ctx.username);
  if (!user || !MMP_LOGIN_ROLES.includes(user.role)) return false;
  if (ctx.method === 'password') return safeEqual(ctx.password, user.password);
  if (ctx.method === 'publickey') {
    const keys = [...(user.publicKey !== undefined ? [user.publicKey] : []), ...uploadedKeys(user.name)];
    return keys.some((key) => publicKeyMatches(ctx, key));
  }
  return false;
}
