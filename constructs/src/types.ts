/**
 * Value types shared by the constructs, named as Meeting Server and Meeting Management name them.
 * Each enum's values are the API's own strings.
 */

/** Screen layout participants see when they join (call leg profile `defaultLayout`). */
export enum Layout {
  /** "All equal" in Web Admin. */
  ALL_EQUAL = 'allEqual',
  /** "Full screen" in Web Admin: the active speaker only. */
  SPEAKER_ONLY = 'speakerOnly',
  /** "Overlay" in Web Admin. */
  TELEPRESENCE = 'telepresence',
  /** "Stack" in Web Admin. */
  STACKED = 'stacked',
  ALL_EQUAL_QUARTERS = 'allEqualQuarters',
  ALL_EQUAL_NINTHS = 'allEqualNinths',
  ALL_EQUAL_SIXTEENTHS = 'allEqualSixteenths',
  ALL_EQUAL_TWENTY_FIFTHS = 'allEqualTwentyFifths',
  ONE_PLUS_FIVE = 'onePlusFive',
  ONE_PLUS_SEVEN = 'onePlusSeven',
  ONE_PLUS_NINE = 'onePlusNine',
  AUTOMATIC = 'automatic',
  ONE_PLUS_N = 'onePlusN',
}

/** Recording of a meeting (call profile `recordingMode`). */
export enum RecordingMode {
  /** No recording. */
  DISABLED = 'disabled',
  /** Participants who are allowed to start and stop it. */
  MANUAL = 'manual',
  /** Always on. */
  AUTOMATIC = 'automatic',
}

/** What happens to a role's participants when the last activator leaves (call leg profile `deactivationMode`). */
export enum LastActivatorLeaves {
  /** Back to the lobby until an activator joins again. */
  RETURN_TO_LOBBY = 'deactivate',
  /** Dropped from the meeting. */
  DISCONNECT = 'disconnect',
  /** Left in the meeting. */
  STAY = 'remainActivated',
}

/** Who sees a role's access method in the apps (access method `scope`). */
export enum RoleVisibility {
  /** Everyone (apps cannot then edit the space). */
  PUBLIC = 'public',
  /** Only members. */
  PRIVATE = 'private',
  /** Only members (Meeting Server 3.2 and later). */
  MEMBERS = 'member',
}

/** How a space template's roles are told apart (Meeting Management "Participant roles"). */
export enum RoleSeparation {
  /** One URI and meeting ID for all roles; each role has its own passcode. */
  PASSCODE = 'passcode',
  /** Each role has its own URI (from its URI generator) and its own meeting ID. */
  URI = 'uri',
}

/** Kind of TURN server (`cms_turn_server.type`). */
export enum TurnServerType {
  /** An Expressway-E: the usual TURN server for web app and remote clients. */
  EXPRESSWAY = 'expressway',
  /** The Meeting Server's own TURN service. */
  MEETING_SERVER = 'cms',
  /** A Lync / Skype for Business edge. */
  LYNC_EDGE = 'lyncEdge',
  /** Any other TURN server. */
  STANDARD = 'standard',
}

/** How the Call Bridge gets TURN credentials. */
export enum TurnCredentialMode {
  /** A fixed user name and password. */
  LONG_TERM = 'long-term',
  /** Per-call credentials from an Expressway-C credential server (Meeting Server 3.13). */
  SHORT_TERM = 'short-term',
}

/** Directory product of an LDAP server (LDAP v3). */
export enum LdapServerKind {
  ACTIVE_DIRECTORY = 'activeDirectory',
  OPENLDAP = 'openLdap',
  /** Oracle Internet Directory: does not support paged results. */
  ORACLE_INTERNET_DIRECTORY = 'oracleInternetDirectory',
}

/** Day of the week, for LDAP sync schedules. */
export enum Weekday {
  MONDAY = 'mon',
  TUESDAY = 'tue',
  WEDNESDAY = 'wed',
  THURSDAY = 'thu',
  FRIDAY = 'fri',
  SATURDAY = 'sat',
  SUNDAY = 'sun',
}
