/**
 * cms-iac constructs for CDKTF apps. The L1 bindings (one class per resource type, generated from
 * the definitions) are re-exported here, namespaced as in `cdktf get` output.
 */
export * from '../generated/providers/cms';
