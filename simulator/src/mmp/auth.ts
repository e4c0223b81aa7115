/**
 * Who may log in to a node's MMP: its users with an MMP login role, by password or by the public
 * key recorded for them (`SimUser.publicKey`, an OpenSSH `ssh-ed25519 AAAA…` line).
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

/** Whether this attempt logs the user in. */
export function mmpCredentialsValid(ctx: AuthContext, users: readonly SimUser[]): boolean {
  const user = users.find((u) => u.name === ctx.username);
  if (!user || !MMP_LOGIN_ROLES.includes(user.role)) return false;
  if (ctx.method === 'password') return safeEqual(ctx.password, user.password);
  if (ctx.method === 'publickey') return user.publicKey !== undefined && publicKeyMatches(ctx, user.publicKey);
  return false;
}
