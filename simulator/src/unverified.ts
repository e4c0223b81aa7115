/**
 * Every simulator behaviour that the API reference marks UNVERIFIED, as the reference's best
 * guess, one exported constant or function per behaviour. Each cites the cms-api.md item so
 * it can be corrected in one place once confirmed against a real Meeting Server.
 *
 * This module has no imports on purpose: the rest of the simulator reads it, never the reverse.
 */

// ---------------------------------------------------------------------------------------------
// Request parsing
// ---------------------------------------------------------------------------------------------

/**
 * Boolean spellings (§1.11, §6.13). `true`/`false` are documented; Python clients send
 * `True`/`False` and appear to succeed, so any letter case is accepted and stored lower-case.
 * Anything else (`1`, `yes`, `on`) is a parameterError.
 */
export function parseBoolean(raw: string): boolean | undefined {
  const v = raw.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** A parameter repeated in one body (§1.3, §5, §6.13): the last occurrence wins. */
export const DUPLICATE_PARAMETER_RULE: 'lastWins' | 'firstWins' = 'lastWins';

/**
 * Unknown parameter names, including mis-cased ones in strict mode (§1.3, §6.4). The server's
 * behaviour is unknown (a playbook with a typo accepts 200 or 400). The simulator refuses them
 * with a parameterError so that a client sending a name the server may silently ignore is caught.
 */
export const UNKNOWN_PARAMETER_POLICY: 'reject' | 'ignore' = 'reject';

/**
 * Case of parameter names and path segments (§1.3 says the server appears case-insensitive,
 * §5 advises strict by default to catch client bugs). Strict by default; `lenientCasing: true`
 * (CLI `--lenient-casing`) accepts any casing and still answers in the documented casing.
 */
export const LENIENT_CASING_DEFAULT = false;

/**
 * `error=` values of parameterError (§1.9, §6.6). Only `invalidValue` has been observed; the
 * other two are the simulator's names for a missing mandatory parameter and an unknown name.
 */
export const PARAMETER_ERROR = {
  invalidValue: 'invalidValue',
  missing: 'missingValue',
  unknownParameter: 'unknownParameter',
} as const;

/** Integer parameters without a documented range accept 0 .. 2^31-1 (§1.11 says "decimal integers"). */
export const DEFAULT_INTEGER_RANGE = { min: 0, max: 2147483647 } as const;

/** Dial plan `priority` may be negative in the simulator (the reference gives no range). */
export const PRIORITY_RANGE = { min: -2147483648, max: 2147483647 } as const;

/** coSpace/accessMethod `callId` (§1.11 "numeric ID, typically 9 digits"): 1..20 digits. */
export const CALL_ID_PATTERN = /^[0-9]{1,20}$/;

/** URI user parts (§1.11): no '@', no whitespace. */
export const URI_USER_PART_PATTERN = /^[^@\s]+$/;

// ---------------------------------------------------------------------------------------------
// Responses and failures
// ---------------------------------------------------------------------------------------------

/**
 * failureDetails children are written `<coSpaceDoesNotExist />` (with a space): a production
 * client matches the substring `DoesNotExist />` (§1.9). Object XML stays `<passcode/>` (§1.4).
 */
export const FAILURE_ELEMENT_SPACE = true;

/** Reason for a path that names no API node (§1.9, §6.6): the spelling clients match. */
export const UNKNOWN_PATH_REASON = 'unrecognisedObject';

/**
 * Not-found reasons for types missing from the documented list (§1.9, §6.6), by the same
 * pattern as the documented ones.
 */
export const GUESSED_NOT_FOUND_REASONS = {
  turnServer: 'turnServerDoesNotExist',
  webBridge: 'webBridgeDoesNotExist',
  webBridgeProfile: 'webBridgeProfileDoesNotExist',
} as const;

/**
 * Unknown id in the path → 404 with `...DoesNotExist`; unknown id in a referencing body
 * parameter → 400 with the referenced type's `...DoesNotExist` (§1.8, §6.5).
 */
export const STATUS_UNKNOWN_ID_IN_PATH = 404;
export const STATUS_UNKNOWN_ID_IN_BODY = 400;

/**
 * A method the node does not support (POST to a singleton or member, PUT/DELETE on a
 * collection, writes to read-only `/users`): 400 invalidOperation. Documented for POST to
 * `/system/profiles` (§1.6); the same answer is used for the other combinations.
 */
export const UNSUPPORTED_METHOD_STATUS = 400;

/**
 * Methods the API Blueprint documents beyond POST-creates / PUT-modifies / DELETE-removes:
 * "Issue a PUT or a POST on the /system/configuration/cluster node" (a POST changes the
 * settings like a PUT), and "use PUT to initially create the CDR receiver" on
 * `/system/cdrReceivers` (a PUT on the collection creates one, like a POST). By table name.
 */
export const SINGLETON_POST_UPDATES: readonly string[] = ['cluster'];
export const COLLECTION_PUT_CREATES: readonly string[] = ['cdrReceiver'];

/**
 * Documented methods the simulator still refuses, with why: the Blueprint says "PUT or POST to
 * /system/profiles" but its failure table gives "POST to /api/v1/system/profiles" as the
 * example of invalidOperation; the specific example is followed. By API path and method.
 */
export const DOCUMENTED_METHODS_REFUSED: Readonly<Record<string, string>> = {
  'POST /system/profiles': 'the failure table cites a POST to /system/profiles as invalidOperation',
  'DELETE /ldapSyncs': 'the cancel section sits under the collection heading but cancels one sync: DELETE /ldapSyncs/<id> is taken',
  'PUT /ldapSyncs/{id}': 'an LDAP sync is a job, not configuration: nothing in the reference changes one',
  'PUT /ldapUserCoSpaceTemplateSources': 'listed as "PUT to /ldapUserCoSpaceTemplateSources" without an id; PUT on a member is taken',
};

/**
 * Authentication (§1.2, §6.5): bad or missing credentials → 401 with a Basic challenge; a
 * valid MMP user whose role may not use the API (`audit`, `crypto`) → 403. Bodies are empty.
 */
export const API_ROLES_ALLOWED: readonly string[] = ['admin', 'appadmin', 'api'];
export const AUTH_REALM = 'Cisco Meeting Server';
export const STATUS_ROLE_REFUSED = 403;

/**
 * `databaseNotReady` (§1.12, §5): writes on a node whose database cluster has no reachable
 * primary. Answered as 400 like every other failureDetails reason.
 */
export const STATUS_DATABASE_NOT_READY = 400;

// ---------------------------------------------------------------------------------------------
// Listing
// ---------------------------------------------------------------------------------------------

/**
 * Per-endpoint page caps (§1.10, §6.3): undocumented; clients see 10 or 20. The simulator
 * answers at most this many items whatever `limit` asks; override per collection with the
 * `pageCaps` option (keys are collection names such as `coSpaces` or `accessMethods`).
 */
export const DEFAULT_PAGE_CAP = 20;
export const DEFAULT_PAGE_CAPS: Readonly<Record<string, number>> = {
  users: 10,
  coSpaceUsers: 10,
  ldapSyncs: 10,
  callLegProfiles: 10,
};

/**
 * `filter=` (§1.10, §6.3): case-insensitive substring over the fields marked `search` in the
 * object tables (names, URIs, call IDs, addresses: the identifying strings of each type).
 */
export function filterMatches(fieldValue: string, filter: string): boolean {
  return fieldValue.toLowerCase().includes(filter.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Object behaviour
// ---------------------------------------------------------------------------------------------

/**
 * Uniqueness (§2.8, §2.23, §6): URI user parts are compared ignoring case and across all
 * tenants; call IDs and Call Bridge names exactly.
 */
export const UNIQUENESS_IGNORES_CASE: Readonly<Record<string, boolean>> = {
  dialUri: true,
  callId: false,
  callBridgeName: false,
  userCoSpaceTemplate: false,
};

/**
 * Deleting an object still referenced by others (§1.7, §6.10): allowed; the references are
 * left dangling, which is why `usageFilter` exists.
 */
export const DELETE_REFERENCED_OBJECT: 'allow' | 'refuse' = 'allow';

/**
 * Fields of an LDAP-generated (autoGenerated) coSpace that the API may not change
 * (§1.7, §2.8 "cannot modify core fields"): PUT of any of these → invalidOperation.
 */
export const AUTO_GENERATED_COSPACE_LOCKED_PARAMS: readonly string[] = [
  'name',
  'uri',
  'secondaryUri',
  'callId',
  'cdrTag',
  'ownerJid',
  'ownerAdGuid',
  'tenant',
];

/**
 * `passcodeTooShort` (§2.8, §2.25, §6.12): a non-empty passcode shorter than the effective
 * dial-in security profile's `minPasscodeLength`. An empty passcode (no passcode) is allowed;
 * `allowOutOfPolicy` does not relax the check on writes.
 */
export function passcodeTooShort(passcode: string, minPasscodeLength: number | undefined, _allowOutOfPolicy: boolean): boolean {
  if (passcode === '' || minPasscodeLength === undefined) return false;
  return passcode.length < minPasscodeLength;
}

/** TURN `password` is echoed by GET (2.0 documents it as a response element, §2.4, §6.1). */
export const TURN_PASSWORD_RETURNED = true;
/** LDAP server `password` is not returned by GET (§2.12). */
export const LDAP_PASSWORD_RETURNED = false;

/**
 * TURN short-term credentials (3.13, §2.4, §6.1): names from the deployment guide;
 * `credentialServerPassword` is implied, and `username_prefix` keeps the guide's spelling.
 */
export const TURN_SHORT_TERM_CREDENTIAL_PARAMS = {
  enable: 'useShortTermCredentials',
  serverAddress: 'credentialServerAddress',
  serverUsername: 'credentialServerUsername',
  serverPassword: 'credentialServerPassword',
  usernamePrefix: 'username_prefix',
} as const;

/** `name` is accepted on userProfiles and ldapSources (§6.9: sent by a 3.8 playbook). */
export const NAME_ON_USER_PROFILES_AND_LDAP_SOURCES = true;

/** `/system/cdrReceivers` accepts both `uri` and `url` on create and modify (§2.22, §6.7). */
export const CDR_RECEIVER_URL_ALIASES: readonly string[] = ['url'];

/** `/system/cdrReceivers` maximum reported in the list's `maximum` attribute (§2.22). */
export const MAX_CDR_RECEIVERS = 4;

/** `/system/profiles` and `/system/cdrReceivers` are cluster-wide (in the database), §1.13, §6.7. */
export const SYSTEM_PROFILES_SCOPE: 'cluster' | 'node' = 'cluster';

/** Cluster singleton defaults (§2.2, §6.8): 8000 for existing conferences; maxPeerVideoStreams settable. */
export const CLUSTER_DEFAULTS = {
  newConferenceLoadLimitBasisPoints: '5000',
  existingConferenceLoadLimitBasisPoints: '8000',
} as const;

/** accessMethod `scope` values (§2.9): `member` accepted (3.2+). */
export const ACCESS_METHOD_SCOPES: readonly string[] = ['public', 'private', 'member'];

/** callLegProfile `meetingTitlePosition` (§2.10): `disabled` accepted as one client sends it. */
export const MEETING_TITLE_POSITIONS: readonly string[] = ['top', 'middle', 'bottom', 'disabled'];

/**
 * POST `/coSpaces/<id>/coSpaceUsers` with a `userJid` that names no user → 400
 * userDoesNotExist (§2.8 says members are users; the failure is inferred).
 */
export const COSPACE_USER_REQUIRES_EXISTING_USER = true;

/**
 * `GET /callLegProfiles/<id>/usage` (§2.10): `<callLegProfileUsage id=.. total=N>` with
 * `<global/>` when /system/profiles uses it and one `<typeName id=".."/>` per referencing object.
 */
export const USAGE_GLOBAL_ELEMENT = 'global';

/**
 * `/system/database` when clustered (§2.29, §6.11): `totalNodes`, `nodeInUse` and `error` are
 * written as child elements of `<cluster>`, each `<node>` carries its data as attributes.
 */
export const DATABASE_XML_SHAPE = {
  totalNodesAs: 'element',
  nodeInUseAs: 'element',
  errorAs: 'element',
} as const;

// ---------------------------------------------------------------------------------------------
// LDAP sync (§2.13-§2.15)
// ---------------------------------------------------------------------------------------------

/** A user's `email` comes from the directory attribute `mail` (ldapMapping has no email template). */
export const LDAP_EMAIL_ATTRIBUTE = 'mail';

/** Generated coSpace URIs are lower-cased (CMM: "attribute values are lowercased"); JIDs are kept as mapped. */
export const LOWERCASE_GENERATED_URIS = true;
export const LOWERCASE_GENERATED_JIDS = false;

/** An ldapSource with an empty `filter` selects every entry under its baseDn. */
export const EMPTY_LDAP_FILTER = '(objectClass=*)';

/**
 * A mapping template naming an attribute the entry lacks: the attribute is replaced by ''
 * and an entry whose JID comes out empty is skipped; a coSpace whose URI comes out empty is
 * not generated.
 */
export const MISSING_ATTRIBUTE_VALUE = '';

/**
 * Clashes (§2.15 `clashOccurred`): entries are taken in source order, then directory order;
 * the first to claim a JID, URI or call ID keeps it, a later entry's user (JID clash) or
 * space (URI/call ID clash, also with API-created spaces, access methods and IVRs) is skipped
 * and listed; the rest of the sync is applied and the sync ends `failed` / `clashOccurred`.
 */
export const CLASH_POLICY: 'firstWinsApplyRest' | 'failWholeSync' = 'firstWinsApplyRest';

/**
 * Permissions of the auto-generated owner membership of an LDAP-generated coSpace, as the API
 * Blueprint's member section states them: canDestroy, canChangeName, canChangeUri,
 * canChangeCallId and canRemoveSelf always false, "the other can parameters" true.
 */
export const AUTO_OWNER_PERMISSIONS: Readonly<Record<string, string>> = {
  canDestroy: 'false',
  canAddRemoveMember: 'true',
  canChangeName: 'false',
  canChangeUri: 'false',
  canChangeCallId: 'false',
  canChangePasscode: 'true',
  canRemoveSelf: 'false',
  canDeleteAllMessages: 'true',
  canChangeNonMemberAccessAllowed: 'true',
};

/** Pending plus in-progress syncs allowed before POST answers `tooManyLdapSyncs` (§2.15). */
export const MAX_QUEUED_LDAP_SYNCS = 10;

// ---------------------------------------------------------------------------------------------
// Node views
// ---------------------------------------------------------------------------------------------

/**
 * `/clusterLicensing` (§2.30): written like `/system/licensing` under a `<clusterLicensing>`
 * root, statuses noLicense|activated|expired, expiry at most this many days ahead.
 */
export const CLUSTER_LICENSE_EXPIRY_HORIZON_DAYS = 90;

/** `softwareVersion` in `/system/status` unless the `version` option says otherwise. */
export const DEFAULT_SOFTWARE_VERSION = '3.13';

// ---------------------------------------------------------------------------------------------
// MMP (SSH command line), cms-api.md §3
// ---------------------------------------------------------------------------------------------

/**
 * Who may log in to the MMP over SSH (§1.2, §3): `admin` is the MMP administrator. Whether
 * `crypto`/`audit` users get a restricted MMP session is unknown; the simulator refuses them
 * at authentication, like `appadmin` and `api` users (web and API only).
 */
export const MMP_LOGIN_ROLES: readonly string[] = ['admin'];

/**
 * Exit status of an `exec` channel (§3). Peers look for `FAILURE` in stdout rather than at the
 * exit status, which suggests the MMP does not set one; the simulator always sends 0.
 */
export const MMP_EXIT_STATUS = 0;

/**
 * Status blocks (§3.10): keys are left-aligned and padded so that ` : ` starts at this column
 * (25 in the `database cluster status` sample); a longer key gets one space.
 */
export const MMP_STATUS_KEY_COLUMN = 25;

/** Network interfaces a node may name (§3.2: `a`–`e`). */
export const MMP_INTERFACES: readonly string[] = ['a', 'b', 'c', 'd', 'e'];

/**
 * Words in status blocks (§3.4-§3.6). `Enabled : true|false`, `HTTP redirect : Enabled|Disabled`,
 * `none` for a setting that was never made (also the argument that clears a certificate or
 * trust setting: `callbridge trust c2w none`).
 */
export const MMP_WORDS = {
  enabled: { true: 'true', false: 'false' },
  redirect: { true: 'Enabled', false: 'Disabled' },
  none: 'none',
} as const;

/**
 * Every line the simulated MMP prints that no source shows verbatim (§3, §6 "MMP items").
 * The documented convention is kept: outcomes are lines starting with `SUCCESS` or `FAILURE`;
 * plain setters (`listen`, `certs`, `trust`, `ntp server add`, …) print nothing on success.
 */
export const MMP_TEXT = {
  unknownCommand: (line: string) => `Unknown command: ${line}`,
  usage: (syntax: string) => `Usage: ${syntax}`,
  failure: (reason: string) => `FAILURE: ${reason}`,
  success: (what: string) => `SUCCESS: ${what}`,
  fileMissing: (name: string) => `file ${name} does not exist`,
  badInterface: (name: string) => `invalid interface "${name}" (expected one of a, b, c, d, e)`,
  badPort: (text: string) => `invalid port "${text}" (expected 1-65535)`,
  portInUse: (iface: string, port: number, owner: string) => `port ${port} on interface ${iface} is already in use by ${owner}`,
  keyPairMatch: 'Key and certificate pair match',
  certificateVerified: 'certificate verified against CA bundle',
  notConfigured: (what: string) => `${what} not configured`,
  serviceEnabled: (service: string) => `${service} enabled`,
  serviceRestarted: (service: string) => `${service} restarted`,
  alreadyPresent: (what: string) => `${what} already configured`,
  notPresent: (what: string) => `${what} not configured`,
  tooMany: (what: string, max: number) => `at most ${max} ${what} may be configured`,
  /** `dns` lists forward zones under this heading, one `<domain> : <server>` line each. */
  dnsForwardZonesHeading: 'Forward zones:',
  /** `user list`: a header line, then one padded line per user. */
  userListHeader: ['Name', 'Role'] as const,
} as const;

/**
 * Limits on MMP lists (deployment-rules.md: the Installation Assistant allows up to 5 NTP and
 * 5 DNS servers). Whether the MMP itself enforces them is unknown; the simulator does, and
 * counts distinct DNS server addresses across forward zones.
 */
export const MMP_MAX_NTP_SERVERS = 5;
export const MMP_MAX_DNS_SERVERS = 5;

/** `tls <service> min-tls-version <v>` (§3.4): services and versions accepted, and the default shown. */
export const MMP_TLS_SERVICES: readonly string[] = ['webadmin', 'webbridge3', 'sip', 'ldap', 'smtp', 'syslog'];
export const MMP_TLS_VERSIONS: readonly string[] = ['1.0', '1.1', '1.2', '1.3'];
export const MMP_TLS_DEFAULT_MIN_VERSION = '1.2';

/**
 * Database clustering (§3.10). The status sample's words are documented for connected nodes
 * (`Connected Primary`, `Connected Replica ( In Sync )`); the lag, unknown-sync and
 * disconnected wordings, the `Disabled`/`Error` status words and `none` for missing values
 * are guesses.
 */
export function databaseNodeStateText(role: 'primary' | 'replica', up: boolean, syncBehind: number): string {
  const roleWord = role === 'primary' ? 'Primary' : 'Replica';
  if (!up) return `Disconnected ${roleWord}`;
  if (role === 'primary') return 'Connected Primary';
  if (syncBehind === 0) return 'Connected Replica ( In Sync )';
  if (syncBehind < 0) return 'Connected Replica ( Sync status unknown )';
  return `Connected Replica ( ${syncBehind} bytes behind )`;
}

export const MMP_DATABASE_STATUS_WORDS = { enabled: 'Enabled', disabled: 'Disabled', error: 'Error' } as const;

/**
 * What `database cluster …` commands print (§3.10; outputs not published). The real commands
 * run in the background and report through `Last command`; the simulator completes them at
 * once and prints one SUCCESS/FAILURE line.
 */
export const MMP_DATABASE_TEXT = {
  initialized: 'database cluster initialized; this node is the primary',
  joined: (address: string) => `joined the database cluster at ${address}`,
  connected: (address: string) => `connected to the database cluster at ${address}`,
  removed: 'this node has left the database cluster',
  errorCleared: 'database cluster error cleared',
  schemaUpgraded: 'database schema upgraded',
  /** `remove` asks this in an interactive shell and goes on only on a capital `Y`; over `exec` it goes on at once. */
  removePrompt: 'WARNING: this node will leave the database cluster and its database will be reset. Continue? (Y/n) ',
  removeAborted: 'database cluster remove cancelled',
  localnodeMissing: 'database cluster localnode not configured (run "database cluster localnode <interface>")',
  certificatesMissing: 'database cluster certificates not configured (run "database cluster certs ...")',
} as const;

/**
 * `initialize` and `join` refuse to run before `localnode` and the five `certs` files are set,
 * and `connect` before the (three or five) `certs` files are (§3.10: "run on every DB node first";
 * certificates are required from 2.7).
 */
export const MMP_DATABASE_REQUIRES_SETUP = true;

/** The `STATUS` line of the `webadmin` block and similar service states (§3.4; values not published). */
export const MMP_SERVICE_STATE = {
  running: (service: string) => `${service} running`,
  stopped: (service: string) => `${service} disabled`,
  notEnabled: (service: string) => `${service} is not enabled`,
} as const;

/** `ntp status` (§3.2; the command's existence and output are guesses): one `<server> : <state>` line each. */
export const MMP_NTP_STATUS = { synchronised: 'synchronised', none: 'No NTP servers configured' } as const;

// ---------------------------------------------------------------------------------------------
// A blank node, files and SFTP (cms-api.md §3: files are uploaded over SFTP to the MMP root)
// ---------------------------------------------------------------------------------------------

/**
 * A node whose Web Admin is disabled serves no API (§3.4: Web Admin serves the REST API). The
 * real node does not listen on the Web Admin port at all; the simulator keeps its port open
 * and resets every API connection, which clients see as a refused or dropped connection.
 */
export const API_WHEN_WEB_ADMIN_DISABLED: 'reset' = 'reset';

/**
 * SFTP to the MMP root (§3): the MMP users who may log in over SSH may also use SFTP; files are
 * bare names in one flat directory; uploading replaces a file of the same name; removing a file
 * is allowed (WinSCP users delete files), also one a service still names (the service fails at
 * its next start instead).
 */
export const MMP_SFTP_REMOVE_ALLOWED = true;

/**
 * SSH public key login for an MMP user: the user's OpenSSH public keys, uploaded over SFTP as
 * `<user>.pub` (one key per line); removing the file removes the keys.
 */
export const mmpPublicKeyFile = (user: string): string => `${user}.pub`;

/**
 * How long a command that asks for input over `exec` (passwords for `user add`, `passwd`) waits
 * for the channel's input lines before it goes on with what it has.
 */
export const MMP_EXEC_INPUT_WAIT_MS = 5000;

// ---------------------------------------------------------------------------------------------
// MMP users (§1.2, §3.1)
// ---------------------------------------------------------------------------------------------

/** Roles `user add` accepts (§3.1). */
export const MMP_USER_ROLES: readonly string[] = ['admin', 'crypto', 'audit', 'appadmin', 'api'];

/** MMP user names: a letter, then letters, digits, `_`, `.` or `-` (the reference gives no rule). */
export const MMP_USER_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

/**
 * `user add` and `passwd` ask for the password twice (§3.1, "prompts for password twice"); the
 * prompt wording is a guess. The forced change at first login (§3.1) is not simulated: the
 * password set is the one the user signs in with, over SSH and to the API.
 */
export const MMP_PASSWORD_PROMPTS: readonly [string, string] = ['Please enter new password: ', 'Please enter new password again: '];

/**
 * `user rule <rule> <value>` (§3.1, syntax UNVERIFIED): the password and login rules and their
 * defaults. `password_age` is the number of days a password stays valid (about 6 months by
 * default per a vendor guide; 0 = never expires); 0 elsewhere means "no rule".
 */
export const MMP_USER_RULE_DEFAULTS: Readonly<Record<string, number>> = {
  password_length: 8,
  password_lowercase_count: 0,
  password_uppercase_count: 0,
  password_numeric_count: 0,
  password_symbolic_count: 0,
  password_age: 180,
  password_rejection: 0,
  max_failed_login_attempts: 0,
  no_activity: 0,
  max_user_sessions: 0,
};

/** What `user …`, `passwd` and `user rule` print (no source shows these outputs). */
export const MMP_USER_TEXT = {
  exists: (name: string) => `user ${name} already exists`,
  missing: (name: string) => `no such user ${name}`,
  badName: (name: string) => `invalid user name "${name}"`,
  badRole: (role: string) => `invalid role "${role}" (expected one of ${MMP_USER_ROLES.join(', ')})`,
  mismatch: 'passwords do not match',
  noPassword: 'no password given',
  weak: (rule: string, value: number) => `password does not meet the password rules (${rule} ${value})`,
  lastAdmin: 'cannot delete the last user with the admin role',
  self: 'cannot delete the user you are logged in as',
  badRule: (rule: string) => `unknown rule "${rule}" (expected one of ${Object.keys(MMP_USER_RULE_DEFAULTS).join(', ')})`,
  badRuleValue: (value: string) => `invalid value "${value}" (expected a whole number from 0 to 3650)`,
} as const;

// ---------------------------------------------------------------------------------------------
// Certificates: pki (§3.3)
// ---------------------------------------------------------------------------------------------

/**
 * `pki csr` makes `<name>.key` and `<name>.csr`; `pki selfsigned` `<name>.key` and
 * `<name>.crt`; `pki sign <name> <ca>` signs `<name>.csr` with `<ca>.key`/`<ca>.crt` into
 * `<name>.crt` (§3.3). The real MMP makes RSA 2048 keys; the simulator makes ECDSA P-256 keys,
 * which clients cannot tell apart through the MMP. Certificates are valid this many days.
 */
export const MMP_PKI_VALIDITY_DAYS = { selfsigned: 3650, signed: 730 } as const;

/** What the `pki` commands print (`list`/`inspect` are documented to exist; their output is not). */
export const MMP_PKI_TEXT = {
  listHeading: 'User supplied certificates and keys:',
  created: (files: string[]) => `created ${files.join(' and ')}`,
  notCertificate: (name: string) => `${name} is not a certificate, key or certificate signing request`,
  notSigningRequest: (name: string) => `${name} is not a certificate signing request`,
  notKey: (name: string) => `${name} is not a private key`,
  badAttribute: (text: string) => `invalid attribute "${text}" (expected CN:, O:, OU:, L:, ST:, C: or subjectAltName:)`,
  noCommonName: 'a CN: attribute is required',
  match: 'Key and certificate pair match',
  mismatch: 'key and certificate do not match',
  verified: 'certificate verified',
  notVerified: (reason: string) => `certificate not verified: ${reason}`,
} as const;

/**
 * `pki inspect <file>` prints the file as OpenSSL's text form does (the MMP runs OpenSSL); the
 * simulator prints the lines clients look for: subject, issuer, validity, serial, SANs and the
 * SHA-256 fingerprint.
 */
export const MMP_PKI_INSPECT_LABELS = {
  certificate: 'Certificate:',
  request: 'Certificate Request:',
  key: 'Private Key:',
  serial: 'Serial Number',
  issuer: 'Issuer',
  notBefore: 'Not Before',
  notAfter: 'Not After ',
  subject: 'Subject',
  altNames: 'X509v3 Subject Alternative Name',
  ca: 'CA',
  fingerprint: 'SHA256 Fingerprint',
} as const;

// ---------------------------------------------------------------------------------------------
// Trust, TLS and syslog (§3.4, §3.5, §3.2)
// ---------------------------------------------------------------------------------------------

/**
 * `callbridge trust <target> <bundle>` targets (§3.5). `c2w`, `cluster` and `branding` are
 * documented; `expressway` (the CA of the Expressway-C that hands out short-term TURN
 * credentials, 3.13) is a guess: no source names the command.
 */
export const MMP_CALLBRIDGE_TRUST_TARGETS = {
  c2w: { setting: 'c2wTrust', status: 'C2W trusted certs' },
  cluster: { setting: 'clusterTrust', status: 'Callbridge cluster trusted certs' },
  branding: { setting: 'brandingTrust', status: 'Callbridge trust branding certs' },
  expressway: { setting: 'expresswayTrust', status: 'Expressway trusted certs' },
} as const;

/**
 * `tls <service> trust <bundle>` and `tls <service> verify enable|disable|ocsp` (§3.5): the
 * services whose peers' certificates the node checks. Status words: `disabled`, `enabled`, `ocsp`.
 */
export const MMP_TLS_TRUST_SERVICES: readonly string[] = ['sip', 'ldap'];
export const MMP_TLS_VERIFY_WORDS = { enable: 'enabled', disable: 'disabled', ocsp: 'ocsp' } as const;

/** Status lines of `tls <service>`. */
export const MMP_TLS_STATUS_KEYS = { minVersion: 'Minimum TLS version', trust: 'Trust bundle', verify: 'Certificate verification' } as const;

/**
 * `syslog server add|del <host>[:<port>]`, `syslog audit add|del <host>[:<port>]` (audit log
 * servers), `syslog enable|disable`, and `syslog` printing its status (§3.2, all forms
 * UNVERIFIED). At most this many servers of each kind.
 */
export const MMP_MAX_SYSLOG_SERVERS = 4;
export const MMP_SYSLOG_STATUS_KEYS = { enabled: 'Enabled', servers: 'Syslog servers', audit: 'Audit log servers' } as const;

// ---------------------------------------------------------------------------------------------
// Beyond the API reference
// ---------------------------------------------------------------------------------------------

/**
 * Where the object tables go beyond the vendor's API Blueprint (2.9 with 3.0 notes; checked by
 * test/unit/blueprint.test.ts), each with what it rests on. Keys: `<table>.<parameter>` for a
 * parameter the reference does not document, `…:required` / `…:default` / `…:type` for a
 * different mark, `…=<value>` for an enum value it does not list, `…:missing` for a documented
 * parameter the simulator does not take.
 */
export const BEYOND_THE_REFERENCE: Readonly<Record<string, string>> = {
  // Newer than the reference (3.x): named by later Cisco documents or 3.x clients (cms-api.md §1.15).
  'callProfile.name': '3.x clients name call profiles (a 3.8 Ansible playbook); the 2.9 reference gives them no name',
  'callProfile.messageBannerText': 'meeting banner text: 3.2 API Reference Guide contents; name from a 3.8 playbook',
  'callProfile.chatAllowed': 'in-meeting chat: 3.2 (Cisco TAC document 217204)',
  'callProfile.raiseHandEnabled': 'raise hand: 3.2 API Reference Guide contents; name from a 3.8 playbook',
  'callProfile.notesAllowed': 'meeting notes: 3.4 API Reference Guide contents; name from a 3.8 playbook',
  'callProfile.captionsAllowed': 'closed captions: 3.4 API Reference Guide contents; name from a 3.8 playbook',
  'callProfile.backgroundBlurAllowed': 'background blur: 3.4 API Reference Guide contents; name from a 3.8 playbook',
  'callProfile.fileReceiveAllowed': 'seen in a 3.8 GET response (Cisco TAC document 221044)',
  'callProfile.surveyAllowed': 'surveys: 3.8 (Cisco TAC document 221044)',
  'callLegProfile.surveyOpsAllowed': 'surveys: 3.8 (Cisco TAC document 221044)',
  'callLegProfile.meetingTitlePosition': 'meeting title position: 3.2 (Cisco TAC document 217205)',
  'callLegProfile.chatContributionAllowed': '3.x client code; in-meeting chat is 3.2',
  'callLegProfile.changeRoleAllowed': '3.x client code',
  'callLegProfile.addParticipantAllowed': 'documented for call legs and call leg profile traces (2.3), sent on call leg profiles by clients',
  'turnServer.type=cms': 'the Meeting Server TURN under its newer name, sent by 3.x playbooks (cms-api.md §2.4)',
  'turnServer.useShortTermCredentials': 'TURN short-term credentials: the 3.13 deployment planning guide (TURN_SHORT_TERM_CREDENTIAL_PARAMS)',
  'turnServer.credentialServerAddress': 'the 3.13 deployment planning guide',
  'turnServer.credentialServerUsername': 'the 3.13 deployment planning guide',
  'turnServer.credentialServerPassword': 'implied by the 3.13 deployment planning guide',
  'turnServer.username_prefix': 'spelled as the 3.13 deployment planning guide writes it',
  'accessMethod.scope=member': 'accepted from 3.2 (a client switches private to member after 3.1; ACCESS_METHOD_SCOPES)',
  'dialInSecurityProfile.name': 'dial-in security profiles are 3.0: the reference lists the path only (cms-api.md §2.25)',
  'dialInSecurityProfile.minPasscodeLength': 'dial-in security profiles are 3.0: the reference lists the path only (cms-api.md §2.25)',
  'dialInSecurityProfile.allowOutOfPolicy': 'dial-in security profiles are 3.0: the reference lists the path only (cms-api.md §2.25)',
  'userProfile.name': 'sent by a 3.8 playbook (NAME_ON_USER_PROFILES_AND_LDAP_SOURCES)',
  'ldapSource.name': 'sent by a 3.8 playbook (NAME_ON_USER_PROFILES_AND_LDAP_SOURCES)',
  // The reference contradicts itself or spells a name two ways.
  'accessMethod.callID:missing': 'the data structure spells it callID; the tables and examples callId, which is taken',
  'inboundDialPlanRule.resolveToLyncSimpleJoin': 'the spelling of Cisco\'s 3.0 Postman collection, accepted beside the reference\'s resolveToLyncSimplejoin',
  'cdrReceiver.url': 'the reference\'s POST prose says "specify a url value" while its tables say uri; both taken (CDR_RECEIVER_URL_ALIASES)',
  'coSpaceUser.userJid:required': 'the member POST section says "userJid is a mandatory parameter" though its table has no asterisk',
  // Removed in 3.0 without the reference saying so: the 3.0 Postman collection has none (cms-api.md §1.15).
  'userProfile.cancreateCoSpaces:missing': 'removed in 3.0 (cms-api.md §1.15)',
  'userProfile.canCreateCalls:missing': 'removed in 3.0 (cms-api.md §1.15)',
  'userProfile.canUseExternalDevices:missing': 'removed in 3.0 (cms-api.md §1.15)',
  'userProfile.canMakePhoneCalls:missing': 'removed in 3.0 (cms-api.md §1.15)',
  'userProfile.userToUserMessagingAllowed:missing': 'removed in 3.0 (cms-api.md §1.15)',
  // Read-only values the collection tables leave out but the reference describes elsewhere.
  'coSpace.numAccessMethods': 'the member GET text describes "a numeric numAccessMethods value"',
  'user.cdrTag': 'users are filtered by it (cdrTagFilter) and LDAP mappings set it (cdrTagMapping)',
};
