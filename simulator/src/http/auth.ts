/**
 * HTTP Basic authentication against a node's MMP users (cms-api.md §1.2): admin, appadmin and
 * api users may use the API; audit and crypto users are refused.
 */
import * as crypto from 'node:crypto';
import { SimUser } from '../cluster/node';
import { API_ROLES_ALLOWED, AUTH_REALM, STATUS_ROLE_REFUSED } from '../unverified';

export type AuthOutcome = { ok: true; user: SimUser } | { ok: false; status: 401 | 403; headers: Record<string, string> };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function authenticate(authorization: string | undefined, users: readonly SimUser[]): AuthOutcome {
  const challenge = { 'www-authenticate': `Basic realm="${AUTH_REALM}"` };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return { ok: false, status: 401, headers: challenge };
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { ok: false, status: 401, headers: challenge };
  const name = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const user = users.find((u) => u.name === name);
  if (!user || !safeEqual(user.password, password)) return { ok: false, status: 401, headers: challenge };
  if (!API_ROLES_ALLOWED.includes(user.role)) return { ok: false, status: STATUS_ROLE_REFUSED as 403, headers: {} };
  return { ok: true, user };
}

/** Parses `name:password[:role]` (CLI `--user`); role defaults to admin. */
export function parseUserSpec(spec: string): SimUser {
  const first = spec.indexOf(':');
  if (first <= 0) throw new Error(`--user ${spec}: expected name:password or name:password:role`);
  const name = spec.slice(0, first);
  let password = spec.slice(first + 1);
  let role = 'admin';
  const roleMatch = /:(admin|appadmin|api|audit|crypto)$/.exec(password);
  if (roleMatch) {
    role = roleMatch[1]!;
    password = password.slice(0, -roleMatch[0].length);
  }
  if (password === '') throw new Error(`--user ${spec}: the password is empty`);
  return { name, password, role };
}
