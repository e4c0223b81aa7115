/**
 * Named behaviours referenced by the object tables: write hooks and derived fields.
 */
import { badRequest } from '../api/failures';
import { COSPACE_USER_REQUIRES_EXISTING_USER } from '../unverified';
import { DeriveView, StoredObject, WriteHook } from './types';

/** `requireCallId=true` on a space without a call ID makes the server choose one (§2.8). */
export const generateCallIdWhenRequired: WriteHook = (ctx) => {
  if (ctx.changes.requireCallId === 'true' && !ctx.fields.callId) ctx.fields.callId = ctx.unusedCallId();
};

/**
 * A space or access method with a call ID gets a guest-link secret (§2.8, §2.9);
 * `regenerateSecret=true` replaces it.
 */
export const generateSecret: WriteHook = (ctx) => {
  if (ctx.changes.regenerateSecret === 'true' || (ctx.fields.callId && !ctx.fields.secret)) {
    ctx.fields.secret = ctx.newSecret();
  }
};

/** A member names a user by JID; the server records the user's id (§2.8 coSpaceUsers). */
export const resolveMemberUser: WriteHook = (ctx) => {
  if (ctx.mode !== 'create') return;
  const jid = ctx.fields.userJid ?? '';
  const user = ctx.find('user', (u) => u.fields.userJid?.toLowerCase() === jid.toLowerCase());
  if (user) ctx.fields.userId = user.id;
  else if (COSPACE_USER_REQUIRES_EXISTING_USER) throw badRequest('userDoesNotExist');
};

export function countChildren(childType: string, omitWhenZero: boolean) {
  return (view: DeriveView, object: StoredObject): string | undefined => {
    const n = view.children(childType, object.id).length;
    return n === 0 && omitWhenZero ? undefined : String(n);
  };
}

/** Owner id: set by LDAP sync, or the user whose JID is the space's `ownerJid`. */
export function coSpaceOwnerId(view: DeriveView, space: StoredObject): string | undefined {
  if (space.fields.ownerId) return space.fields.ownerId;
  const jid = space.fields.ownerJid;
  if (!jid) return undefined;
  return view.find('user', (u) => u.fields.userJid?.toLowerCase() === jid.toLowerCase())?.id;
}
