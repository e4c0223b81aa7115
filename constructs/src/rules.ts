/**
 * The deployment rules the constructs check, one function per rule. Each takes plain values (not
 * constructs), returns findings, and cites the line of shared/reference/deployment-rules.md it
 * encodes ("DR:n"). Constructs call them from `node.addValidation` (see ./private/findings.ts):
 * an error fails `cdktf synth`, a warning is shown and synth goes on. Messages start with the
 * rule id so they can be searched for and suppressed by id.
 */
import { duplicates } from './private/util';
import type { Platform } from './platform';
import { RecordingMode, RoleSeparation, TurnCredentialMode, TurnServerType, LdapServerKind } from './types';
import { mayOverlap, normalizeDn, dnContains } from './ldap-filter';

/**
 * Every rule id, quoted at the start of messages. The provider checks the rules one configuration
 * can show at plan time too (for HCL users), under the same ids: the definitions name them
 * (`rules[].id`, `across[].id`), and the last six are checked by the provider only (unique
 * natural keys, dialled URIs and call IDs, singletons, TLS verification without a trust bundle,
 * MMP user names).
 */
export const RULE_IDS = [
  'CMS-CB-CLUSTER-SIZE',
  'CMS-CB-UNIQUE-NAME',
  'CMS-GROUP-MEMBER',
  'CMS-SERVER-COUNT',
  'CMS-DB-SHARED',
  'CMS-DB-SIZE',
  'CMS-DB-MEMBERS',
  'CMS-NTP',
  'CMS-DNS',
  'CMS-TURN-CREDENTIAL-MODE',
  'CMS-TURN-SHORT-TERM-TYPE',
  'CMS-TURN-CREDENTIAL-SERVERS',
  'CMS-WEBADMIN-443',
  'CMS-C2W-PORT',
  'CMS-PORT-CLASH',
  'CMS-CDR-COUNT',
  'CMS-LDAP-OID-PAGING',
  'CMS-LDAP-OVERLAP',
  'CMS-RECORDER-NODE',
  'CMS-CAPACITY',
  'CMS-CONFERENCE-SIZE',
  'CMS-URI-GENERATOR',
  'CMS-ROLE-URI',
  'CMS-ROLE-PASSCODE',
  'CMS-ROLE-NAME',
  'CMS-ROLE-DIAL-OUT',
  'CMS-ROLE-MEETING-WIDE',
  'CMS-NAME-UNIQUE',
  'CMS-NOT-APPLIED',
  'CMS-PROVIDER',
  'CMS-BACKUP-ADMIN',
  'CMS-TLS-MIN',
  'CMS-C2W-TRUST',
  'CMS-TURN-CREDENTIAL-TRUST',
  'CMS-CERT-SOURCE',
  'CMS-KEY-UNIQUE',
  'CMS-URI-UNIQUE',
  'CMS-CALL-ID-UNIQUE',
  'CMS-SINGLETON',
  'CMS-TLS-VERIFY',
  'CMS-ACCOUNT-NAME',
] as const;

/** The id of a rule, quoted at the start of its messages. */
export type RuleId = (typeof RULE_IDS)[number];

export type FindingLevel = 'error' | 'warning';

/** One result of a rule: an error refuses the app, a warning is reported and synth goes on. */
export interface Finding {
  readonly rule: RuleId;
  readonly level: FindingLevel;
  readonly message: string;
}

function error(rule: RuleId, message: string): Finding {
  return { rule, level: 'error', message };
}

function warning(rule: RuleId, message: string): Finding {
  return { rule, level: 'warning', message };
}

const list = (xs: readonly string[]): string => xs.join(', ');

// ---------------------------------------------------------------- clustering and resilience

/** DR:19-21. At most 24 Call Bridges per cluster (refuse); 8 or more need vendor validation (warn). */
export function callBridgeClusterSize(members: number): Finding[] {
  if (members > 24) return [error('CMS-CB-CLUSTER-SIZE', `a Call Bridge cluster has at most 24 Call Bridges; this one has ${members}. Split it into several clusters.`)];
  if (members >= 8) return [warning('CMS-CB-CLUSTER-SIZE', `a Call Bridge cluster of ${members} Call Bridges (8 or more) needs validation by Cisco; the recommendation is at most 8.`)];
  return [];
}

/** DR:19 with the peer entries' uniqueness: each member's cluster unique name names one Call Bridge. */
export function callBridgeUniqueNames(uniqueNames: readonly string[]): Finding[] {
  const dup = duplicates(uniqueNames);
  return dup.length ? [error('CMS-CB-UNIQUE-NAME', `Call Bridge unique names must differ within a cluster; ${list(dup)} is used more than once. Set uniqueName on the CallBridge.`)] : [];
}

/** DR:30. Group membership is a field of the member's peer entry, which exists only in a cluster. */
export function callBridgeGroupMembers(unclustered: readonly string[]): Finding[] {
  return unclustered.length
    ? [error('CMS-GROUP-MEMBER', `Call Bridge group members must be in a Call Bridge cluster (membership is kept on the cluster's peer entry); add ${list(unclustered)} to a CallBridgeCluster.`)]
    : [];
}

/** DR:33. More than 8 servers running Meeting Server software in one design needs vendor validation. */
export function serverCount(servers: number): Finding[] {
  return servers > 8 ? [warning('CMS-SERVER-COUNT', `${servers} Meeting Servers in one design: more than 8 needs validation by Cisco.`)] : [];
}

/**
 * DR:22-23. Clustered Call Bridges cannot share a database with a non-clustered Call Bridge.
 * `bridges` lists the Call Bridges using the database: their path and their cluster (undefined
 * when not clustered).
 */
export function databaseSharing(bridges: readonly { readonly name: string; readonly cluster?: string }[]): Finding[] {
  const clustered = bridges.filter((b) => b.cluster !== undefined);
  const alone = bridges.filter((b) => b.cluster === undefined);
  if (clustered.length && alone.length) {
    return [error('CMS-DB-SHARED', `clustered Call Bridges (${list(clustered.map((b) => b.name))}) cannot share a database with a non-clustered Call Bridge (${list(alone.map((b) => b.name))}). Add it to the cluster, or give it its own database.`)];
  }
  const clusters = [...new Set(clustered.map((b) => b.cluster as string))];
  if (clusters.length > 1) return [error('CMS-DB-SHARED', `Call Bridges of different clusters (${list(clusters)}) cannot share a database; each cluster needs its own.`)];
  return [];
}

/** DR:24-27. Odd sizes, 3 recommended: refuse 2 (and more than 5, which the provider refuses), warn on other even sizes and above 3. */
export function databaseClusterSize(nodes: number): Finding[] {
  const why = 'use an odd number of database nodes; 3 is recommended';
  if (nodes === 0) return [error('CMS-DB-SIZE', `a database cluster needs at least one node; ${why}.`)];
  if (nodes === 2) return [error('CMS-DB-SIZE', `a database cluster of 2 nodes is refused: losing either node stops all writes. Use 3 nodes (${why}).`)];
  if (nodes > 5) return [error('CMS-DB-SIZE', `a database cluster has at most 5 nodes; this one has ${nodes} (${why}).`)];
  if (nodes % 2 === 0) return [warning('CMS-DB-SIZE', `${nodes} database nodes: an even number gives no more resilience than ${nodes - 1} (${why}).`)];
  if (nodes > 3) return [warning('CMS-DB-SIZE', `${nodes} database nodes: the recommendation is a maximum of 3 (${why}).`)];
  return [];
}

/** DR:24. One primary among the database nodes; a node holds a database or connects to one, not both. */
export function databaseClusterMembers(nodes: readonly string[], primary: string, connected: readonly string[]): Finding[] {
  const out: Finding[] = [];
  if (!nodes.includes(primary)) out.push(error('CMS-DB-MEMBERS', `the primary ${primary} is not one of the database nodes (${list(nodes)}).`));
  const both = connected.filter((c) => nodes.includes(c));
  if (both.length) out.push(error('CMS-DB-MEMBERS', `${list(both)} cannot both hold a database node and only connect to the cluster; list each node once.`));
  const dup = duplicates([...nodes, ...connected].filter((n) => !both.includes(n)));
  if (dup.length) out.push(error('CMS-DB-MEMBERS', `${list(dup)} is listed more than once.`));
  return out;
}

/** DR:34-35. At least one and at most 5 NTP servers, no duplicates. */
export function ntpServers(servers: readonly string[]): Finding[] {
  const out: Finding[] = [];
  if (servers.length === 0) out.push(error('CMS-NTP', 'a node needs at least one NTP server; list one, or leave ntpServers out to leave NTP as the node has it.'));
  if (servers.length > 5) out.push(error('CMS-NTP', `at most 5 NTP servers are allowed; ${servers.length} are listed.`));
  const dup = duplicates(servers);
  if (dup.length) out.push(error('CMS-NTP', `NTP servers listed twice: ${list(dup)}.`));
  return out;
}

/** DR:34-35. At most 5 DNS servers, no duplicates. */
export function dnsServers(servers: readonly string[]): Finding[] {
  const out: Finding[] = [];
  if (servers.length > 5) out.push(error('CMS-DNS', `at most 5 DNS servers are allowed; ${servers.length} are listed.`));
  const dup = duplicates(servers);
  if (dup.length) out.push(error('CMS-DNS', `DNS servers listed twice: ${list(dup)}.`));
  return out;
}

// ---------------------------------------------------------------- TURN

/** DR:44-45. All TURN servers of a deployment use one credential mode. */
export function turnCredentialModes(servers: readonly { readonly name: string; readonly mode: TurnCredentialMode }[]): Finding[] {
  const modes = new Set(servers.map((s) => s.mode));
  if (modes.size < 2) return [];
  const by = (m: TurnCredentialMode): string => list(servers.filter((s) => s.mode === m).map((s) => s.name));
  return [error('CMS-TURN-CREDENTIAL-MODE', `all TURN servers must use the same credential mode; long-term: ${by(TurnCredentialMode.LONG_TERM)}; short-term: ${by(TurnCredentialMode.SHORT_TERM)}.`)];
}

/** DR:45. Short-term credentials only with type expressway. */
export function turnShortTermType(mode: TurnCredentialMode, type: TurnServerType): Finding[] {
  return mode === TurnCredentialMode.SHORT_TERM && type !== TurnServerType.EXPRESSWAY
    ? [error('CMS-TURN-SHORT-TERM-TYPE', `short-term TURN credentials need type ${TurnServerType.EXPRESSWAY}; this TURN server is ${type}.`)]
    : [];
}

/** DR:46-47. No failover between credential servers with short-term credentials. */
export function turnCredentialServers(addresses: readonly string[]): Finding[] {
  const distinct = [...new Set(addresses.map((a) => a.toLowerCase()))];
  return distinct.length > 1
    ? [warning('CMS-TURN-CREDENTIAL-SERVERS', `${distinct.length} credential servers are named (${list(distinct)}): failover between Expressway-C credential servers is not supported with short-term credentials.`)]
    : [];
}

/**
 * DR:44-47. Short-term credentials are fetched from the Expressway-C over HTTPS: the Call Bridges
 * must trust its CA (`callbridge trust expressway`), or no web app call gets TURN credentials.
 */
export function turnCredentialTrust(shortTermServers: readonly string[], bridgesTrustingExpressway: number): Finding[] {
  return shortTermServers.length > 0 && bridgesTrustingExpressway === 0
    ? [warning('CMS-TURN-CREDENTIAL-TRUST', `${list(shortTermServers)} use short-term credentials from an Expressway-C, but no Call Bridge of this app trusts the Expressway-C's CA: call trustExpressway on the CallBridge (or set call_bridge_expressway_trust on the node).`)]
    : [];
}

// ---------------------------------------------------------------- Web Bridge 3 and Web Admin

/** A TCP listener on an MMP interface, such as a:443. */
export interface Listener {
  readonly iface: string;
  readonly port: number;
  /** What listens there, for messages. */
  readonly what: string;
}

/**
 * DR:53-54. Web Admin must not use 443 when a Web Bridge listens on its interface. An unknown
 * Web Admin interface counts as the same interface: the rule cannot be shown to hold.
 */
export function webAdminPort(webAdmin: { readonly iface?: string; readonly port?: number }, webBridgeHttps: readonly Listener[]): Finding[] {
  if (webAdmin.port !== 443 || webBridgeHttps.length === 0) return [];
  const clash = webBridgeHttps.filter((l) => webAdmin.iface === undefined || l.iface === webAdmin.iface);
  return clash.length
    ? [error('CMS-WEBADMIN-443', `Web Admin cannot listen on port 443 when a Web Bridge listens on the same interface (${webAdmin.iface ?? 'interface not set'}). Move the Web Admin to another port, such as 445 or 8443.`)]
    : [];
}

/** DR:55-56. The c2w port must be neither 443 nor the Web Admin port. */
export function c2wPort(c2w: number, webAdminPortNumber: number | undefined): Finding[] {
  if (c2w === 443) return [error('CMS-C2W-PORT', 'the Call Bridge to Web Bridge (c2w) port must not be 443; the usual port is 9999.')];
  if (webAdminPortNumber !== undefined && c2w === webAdminPortNumber) return [error('CMS-C2W-PORT', `the c2w port ${c2w} is the Web Admin port; use another, such as 9999.`)];
  return [];
}

/** DR:53-56, generalised: two services of one node cannot listen on the same interface and port. */
export function portClashes(listeners: readonly Listener[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, string>();
  for (const l of listeners) {
    const key = `${l.iface}:${l.port}`;
    const first = seen.get(key);
    if (first !== undefined) out.push(error('CMS-PORT-CLASH', `${first} and ${l.what} both listen on ${key}; give them different ports.`));
    else seen.set(key, l.what);
  }
  return out;
}

// ---------------------------------------------------------------- other limits

/** DR:64. At most 4 CDR receivers per Meeting Server. */
export function cdrReceiverCount(receivers: number, where: string): Finding[] {
  return receivers > 4 ? [error('CMS-CDR-COUNT', `a Meeting Server accepts at most 4 CDR receivers; ${receivers} are declared for ${where}.`)] : [];
}

/** DR:65-68. Oracle Internet Directory does not support paged results. */
export function ldapPagedResults(kind: LdapServerKind | undefined, pagedResults: boolean | undefined): Finding[] {
  return kind === LdapServerKind.ORACLE_INTERNET_DIRECTORY && pagedResults === true
    ? [warning('CMS-LDAP-OID-PAGING', 'paged results are on with an Oracle Internet Directory server, which does not support them; set usePagedResults to false.')]
    : [];
}

/** A user import as the overlap rule sees it. */
export interface ImportScope {
  readonly name: string;
  readonly baseDn: string;
  readonly filter?: string;
}

/**
 * DR:95-99. A user in two imports gets an unpredictable licence: warn when two imports of one
 * LDAP server have nested base DNs and filters that are not provably disjoint.
 */
export function userImportOverlap(imports: readonly ImportScope[]): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < imports.length; i++) {
    for (let j = i + 1; j < imports.length; j++) {
      const a = imports[i];
      const b = imports[j];
      const da = normalizeDn(a.baseDn);
      const db = normalizeDn(b.baseDn);
      if (!dnContains(da, db) && !dnContains(db, da)) continue;
      if (!mayOverlap(a.filter, b.filter)) continue;
      out.push(warning('CMS-LDAP-OVERLAP', `user imports ${a.name} and ${b.name} can import the same users (base DNs ${a.baseDn} and ${b.baseDn} nest, and their filters do not exclude each other): such a user gets an unpredictable licence and mapping. Narrow one filter, for example with (!(...)).`));
    }
  }
  return out;
}

/** DR:72-73. The Recorder should run on a node other than the Call Bridge's. */
export function recorderNode(node: string, hasCallBridge: boolean, runsRecorder: boolean): Finding[] {
  return hasCallBridge && runsRecorder
    ? [warning('CMS-RECORDER-NODE', `${node} runs both the Call Bridge and the Recorder: run the Recorder on another node (same node only for testing).`)]
    : [];
}

// ---------------------------------------------------------------- capacity

/** DR:75-87. Participant and load limits above what the platform carries. */
export function callBridgeCapacity(platform: Platform | undefined, limits: { readonly participantLimit?: number; readonly loadLimit?: number; readonly inGroup: boolean }): Finding[] {
  if (!platform) return [];
  const out: Finding[] = [];
  const c = platform.capacity;
  const participants = limits.inGroup ? (c.groupAudioCalls ?? c.audioCalls) : c.audioCalls;
  if (limits.participantLimit !== undefined && limits.participantLimit > participants) {
    out.push(warning('CMS-CAPACITY', `participant limit ${limits.participantLimit} is above what a ${c.name} carries (${participants} audio calls${limits.inGroup ? ' in a Call Bridge group' : ''}).`));
  }
  if (limits.loadLimit !== undefined && c.groupLoadLimit !== undefined && limits.loadLimit > c.groupLoadLimit) {
    out.push(warning('CMS-CAPACITY', `load limit ${limits.loadLimit} is above a ${c.name}'s ${c.groupLoadLimit}.`));
  }
  return out;
}

/** DR:84-85. At most 2600 participants per conference per cluster. */
export function conferenceSize(maxParticipants: number | undefined): Finding[] {
  return maxParticipants !== undefined && maxParticipants > 2600
    ? [warning('CMS-CONFERENCE-SIZE', `maximum participants ${maxParticipants} is above the 2600 participants a conference can have in a cluster.`)]
    : [];
}

// ---------------------------------------------------------------- space templates

/** DR:105 and cms-api.md §2.7: letters, digits, `.`, `-`, `_` and exactly one `$`. */
export function uriGenerator(role: string, generator: string): Finding[] {
  const bad = [...new Set(generator.replace(/[A-Za-z0-9._$-]/g, ''))];
  const dollars = generator.split('$').length - 1;
  const out: Finding[] = [];
  if (bad.length) out.push(error('CMS-URI-GENERATOR', `role ${role}: URI generator ${JSON.stringify(generator)} has characters other than letters, digits, . - _ and $: ${bad.map((c) => JSON.stringify(c)).join(' ')}.`));
  if (dollars !== 1) out.push(error('CMS-URI-GENERATOR', `role ${role}: URI generator ${JSON.stringify(generator)} must contain exactly one $ (replaced by the space's URI), such as $.host; it has ${dollars}.`));
  return out;
}

/** A role as the space template rules see it. */
export interface RoleScope {
  readonly name: string;
  readonly uriGenerator?: string;
  readonly minPasscodeLength?: number;
  readonly defaultForDialOut?: boolean;
}

/** DR:103-105. With own URIs every role needs a unique generator; with one URI all roles share it. */
export function roleUris(separation: RoleSeparation, roles: readonly RoleScope[]): Finding[] {
  if (separation === RoleSeparation.URI) {
    const missing = roles.filter((r) => r.uriGenerator === undefined).map((r) => r.name);
    const out: Finding[] = [];
    if (missing.length) out.push(error('CMS-ROLE-URI', `roles told apart by URI each need a uriGenerator, such as $.host; ${list(missing)} has none.`));
    const dup = duplicates(roles.filter((r) => r.uriGenerator !== undefined).map((r) => r.uriGenerator as string));
    if (dup.length) out.push(error('CMS-ROLE-URI', `roles told apart by URI need different URI generators; ${list(dup)} is used by more than one role.`));
    return out;
  }
  const generators = [...new Set(roles.map((r) => r.uriGenerator ?? '$'))];
  return generators.length > 1
    ? [error('CMS-ROLE-URI', `roles told apart by passcode share one URI, so their URI generators must be equal (or left out); got ${list(generators)}. Use RoleSeparation.URI for a URI per role.`)]
    : [];
}

/** DR:105-107. With one URI for all roles only one role may have no passcode. */
export function rolePasscodes(separation: RoleSeparation, roles: readonly RoleScope[]): Finding[] {
  if (separation !== RoleSeparation.PASSCODE) return [];
  const none = roles.filter((r) => !r.minPasscodeLength).map((r) => r.name);
  return none.length > 1
    ? [warning('CMS-ROLE-PASSCODE', `roles told apart by passcode: only one role may have no passcode, but ${list(none)} have none; the server then invents a 4-digit passcode. Set minPasscodeLength on all but one.`)]
    : [];
}

/** DR:104. Role names name the access method templates, which are unique per template. */
export function roleNames(roles: readonly RoleScope[]): Finding[] {
  const dup = duplicates(roles.map((r) => r.name));
  return dup.length ? [error('CMS-ROLE-NAME', `role names must differ within a space template; ${list(dup)} is used more than once.`)] : [];
}

/** DR:110. One role can be the default for dial-out participants. */
export function roleDialOut(roles: readonly RoleScope[]): Finding[] {
  const dialOut = roles.filter((r) => r.defaultForDialOut).map((r) => r.name);
  return dialOut.length > 1 ? [error('CMS-ROLE-DIAL-OUT', `only one role can be the default for dial-out participants; ${list(dialOut)} are.`)] : [];
}

/**
 * DR:107-109. Maximum participants, locked by default and passcode timeout are settings of the
 * whole meeting in the API (the space's call profile), so roles that set them must agree.
 */
export function roleMeetingWideSetting(setting: string, values: readonly { readonly role: string; readonly value: unknown }[]): Finding[] {
  const distinct = [...new Set(values.map((v) => JSON.stringify(v.value)))];
  return distinct.length > 1
    ? [error('CMS-ROLE-MEETING-WIDE', `${setting} applies to the whole meeting (the template's call profile), so roles must agree; got ${values.map((v) => `${v.role}: ${JSON.stringify(v.value)}`).join(', ')}. Set it on the template instead.`)]
    : [];
}

/** DR:108. The meeting's recording mode: the most permissive any role or the template asks for. */
export function meetingRecordingMode(modes: readonly (RecordingMode | undefined)[]): RecordingMode | undefined {
  const order = [RecordingMode.DISABLED, RecordingMode.MANUAL, RecordingMode.AUTOMATIC];
  const set = modes.filter((m): m is RecordingMode => m !== undefined);
  return set.length ? order[Math.max(...set.map((m) => order.indexOf(m)))] : undefined;
}

/** Names used as natural keys (space templates, groups) must be unique, or objects are adopted twice. */
export function uniqueNames(kind: string, names: readonly string[]): Finding[] {
  const dup = duplicates(names);
  return dup.length ? [error('CMS-NAME-UNIQUE', `${kind} names must be unique (the provider finds objects by name); ${list(dup)} is used more than once.`)] : [];
}

// ---------------------------------------------------------------- accounts, certificates, TLS

/** DR:70. The Installation Assistant's backup administrator: not `admin`, alphanumeric, a password. */
export function backupAdministrator(name: string): Finding[] {
  if (name === 'admin') return [error('CMS-BACKUP-ADMIN', 'the backup administrator cannot be named admin: that is the first administrator. Choose another name.')];
  if (!/^[A-Za-z0-9]+$/.test(name)) return [error('CMS-BACKUP-ADMIN', `the backup administrator's name must be alphanumeric; got ${JSON.stringify(name)}.`)];
  return [];
}

/** DR:69. SIP, LDAP and HTTPS need TLS 1.2 or later since 2.3: a lower minimum is warned. */
export function tlsMinimum(version: string | undefined): Finding[] {
  return version !== undefined && Number(version) < 1.2
    ? [warning('CMS-TLS-MIN', `a minimum TLS version of ${version} lets clients use TLS below 1.2; only lower it for a peer that cannot do better.`)]
    : [];
}

/**
 * cms-api.md §3.5-§3.6 (c2w trust): the Web Bridge must trust the CA of the Call Bridge certificates on
 * c2w, and a Call Bridge on the same node the Web Bridge's c2w certificate; else the web app
 * cannot join.
 */
export function c2wTrust(webBridgeTrusts: boolean, callBridgeOnNodeTrusts: boolean | undefined): Finding[] {
  const out: Finding[] = [];
  if (!webBridgeTrusts) out.push(warning('CMS-C2W-TRUST', 'the Web Bridge trusts no Call Bridge certificate on c2w: give callBridgeTrust (or c2wTrustFile), or the web app cannot join meetings.'));
  if (callBridgeOnNodeTrusts === false) out.push(warning('CMS-C2W-TRUST', "the node's Call Bridge does not trust the Web Bridge's c2w certificate: give webBridgeTrust to the CallBridge."));
  return out;
}

/** How a node certificate comes about: one way at a time (the provider checks the same at plan). */
export function certificateSource(c: { readonly uploaded: boolean; readonly selfSigned: boolean; readonly signedBy: boolean; readonly certificatePem: boolean; readonly commonName: boolean }): Finding[] {
  if (c.selfSigned && (c.signedBy || c.uploaded || c.certificatePem)) return [error('CMS-CERT-SOURCE', 'selfSigned makes both the key and the certificate on the node: leave out signedBy, privateKey and certificatePem.')];
  if (c.signedBy && (c.uploaded || c.certificatePem)) return [error('CMS-CERT-SOURCE', 'signedBy signs the request the node makes: leave out privateKey and certificatePem.')];
  if (c.uploaded && !c.certificatePem) return [error('CMS-CERT-SOURCE', 'an uploaded privateKey needs its certificatePem.')];
  if (c.uploaded && c.commonName) return [error('CMS-CERT-SOURCE', 'commonName describes a request the node makes, but the key is uploaded (privateKey): leave it out.')];
  if (!c.uploaded && !c.selfSigned && !c.commonName && !c.certificatePem) return [error('CMS-CERT-SOURCE', "the node makes this key and a signing request: give commonName (usually the node's FQDN); or upload privateKey and certificatePem; or, for a CA to trust, certificatePem alone.")];
  return [];
}

/** Settings the app asks for that no Meeting Server API parameter known to the provider carries. */
export function notApplied(what: string, why: string): Finding[] {
  return [warning('CMS-NOT-APPLIED', `${what} is recorded but not applied: ${why}`)];
}

/** Objects that name no node are created through the stack's default cms provider, which must exist. */
export function defaultProvider(hasDefault: boolean): Finding[] {
  return hasDefault
    ? []
    : [error('CMS-PROVIDER', 'this construct names no apiServer and the stack has no default cms provider (one without alias). Pass apiServer, declare new provider.CmsProvider(stack, "cms"), or give one MeetingServer defaultProvider: true.')];
}
