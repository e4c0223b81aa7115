/**
 * cms-iac constructs for CDKTF apps.
 *
 * L1: the generated bindings (one class per resource type), re-exported namespaced as in
 * `cdktf get` output (`callBridge.CallBridge`, `provider.CmsProvider`...).
 *
 * L2: hand-written constructs in Meeting Server terms that check the deployment rules at synth
 * (see docs/constructs.md and ./rules.ts).
 */
export * from '../generated/providers/cms';

export * from './types';
export * from './platform';
export * from './secret';
export * from './meeting-server';
export * from './node-certificate';
export * from './call-bridge';
export * from './call-bridge-cluster';
export * from './call-bridge-group';
export * from './database-cluster';
export * from './turn-server';
export * from './web-bridge';
export * from './space-template';
export * from './space-template-role';
export * from './ldap-server';
export * from './ldap-import';
export * from './user-import';
export * from './sync-schedule';
export * from './aspects';
export type { Finding, FindingLevel, RuleId, Listener } from './rules';
export * as rules from './rules';
