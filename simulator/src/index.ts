/**
 * The Meeting Server REST API simulator as a library:
 *
 *   const sim = await startSimulator();            // https://127.0.0.1:<port>, admin/admin
 *   const cluster = await startCluster({ nodes: 3 }); // three nodes sharing one database
 *   const withMmp = await startCluster({ nodes: 3, ssh: true }); // and an MMP over SSH on each
 */
import { ClusterOptions, Simulator, SimulatorOptions } from './simulator';

export type { ClusterOptions, SimNodeSpec, SimulatorOptions } from './simulator';
export { DEFAULT_USERS, Simulator } from './simulator';
export type { LicenseFeature, LicenseStatus, SimNodeSsh, SimUser } from './cluster/node';
export { SimNode } from './cluster/node';
export type { DatabaseClusterSnapshot, DatabaseMemberStatus, DatabaseMode, DatabaseRole, DatabaseStatus, NodeDatabaseSnapshot } from './cluster/database';
export { DatabaseClusterError, NodeDatabase } from './cluster/database';
export type { LdapEntry } from './ldap/directory';
export type { LdapClash, LdapSyncFailure, LdapSyncResult } from './ldap/sync';
export type { LdapSyncRecord } from './ldap/jobs';
export type { FaultConfig, FaultDecision, FaultKind, FaultRule } from './ops/faults';
export { FaultInjector } from './ops/faults';
export type { RequestCounters, RequestLogEntry, RequestLogFilter } from './ops/requestLog';
export { RequestLog } from './ops/requestLog';
export type { Fixture, FixtureObject, FixtureValue } from './ops/fixtures';
export { FixtureError } from './ops/fixtures';
export type { DatabaseSnapshot, SnapshotObject } from './model/store';
export type { NodeSummary, SimulatorSettings } from './http/control';
export { DEFAULT_MMP_FILES, MMP_COMMAND_FAMILIES, NodeMmp, factorySettings as mmpFactorySettings, sshFingerprint } from './mmp';
export type { DnsForwardZone, MmpListener, MmpSettings, MmpSnapshot } from './mmp';
export { CONTROL_ENDPOINTS } from './http/control';
export type { SimScenario } from './fixtures';
export { applyScenario, SCENARIOS, startScenario } from './fixtures';

/** A cluster of simulated nodes is the same object as a single simulator, with several nodes. */
export type SimCluster = Simulator;

/** Starts a single-node simulator. */
export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return Simulator.start({ ...options, nodes: 1 });
}

/** Starts several nodes sharing one configuration database, each on its own port. */
export function startCluster(options: ClusterOptions): Promise<SimCluster> {
  return Simulator.start(options);
}
