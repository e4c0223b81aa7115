/**
 * One LDAP sync (cms-api.md §2.13-§2.15): plan from the directory, then apply, and report the
 * way `/ldapSyncs/<id>` does.
 */
import { ObjectEngine } from '../api/objects';
import { Database } from '../model/store';
import { CLASH_POLICY } from '../unverified';
import { LdapDirectory } from './directory';
import { applyLdapSync, LdapSyncChanges } from './syncApply';
import { LdapClash, LdapSyncFailure, LdapSyncScope, planLdapSync } from './syncPlan';

export type { LdapClash, LdapSyncFailure, LdapSyncScope } from './syncPlan';

export interface LdapSyncResult extends LdapSyncChanges {
  state: 'complete' | 'failed';
  failureReason?: LdapSyncFailure;
  numUsersImported: number;
  numLdapSourcesComplete: number;
  clashes: LdapClash[];
}

export function runLdapSync(db: Database, engine: ObjectEngine, directory: LdapDirectory, scope: LdapSyncScope): LdapSyncResult {
  const plan = planLdapSync(db, directory, scope);
  if (typeof plan === 'string') {
    return {
      state: 'failed', failureReason: plan, numUsersImported: 0, numLdapSourcesComplete: 0, clashes: [],
      usersCreated: 0, usersUpdated: 0, usersRemoved: 0, coSpacesCreated: 0, coSpacesRemoved: 0,
    };
  }
  // The alternative clash policy: a clash fails the whole sync without changing anything.
  const applyNothing = plan.clashes.length > 0 && CLASH_POLICY === 'failWholeSync';
  const changes = applyNothing
    ? { usersCreated: 0, usersUpdated: 0, usersRemoved: 0, coSpacesCreated: 0, coSpacesRemoved: 0 }
    : applyLdapSync(db, engine, plan);
  return {
    state: plan.failure ? 'failed' : 'complete',
    ...(plan.failure ? { failureReason: plan.failure } : {}),
    numUsersImported: plan.users.size,
    numLdapSourcesComplete: plan.sourcesComplete,
    clashes: plan.clashes,
    ...changes,
  };
}
