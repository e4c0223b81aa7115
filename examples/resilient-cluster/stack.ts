/**
 * A resilient three-node deployment: a database cluster across the three nodes, the three Call
 * Bridges in one Call Bridge cluster and two Call Bridge groups (two sites), an Expressway TURN
 * server per site with short-term credentials, Web Bridge 3 on every node, users from LDAP in two
 * imports, and two space templates with roles.
 *
 * The stack takes where the nodes are, and the space templates, as props: main.ts reads the
 * nodes from the environment and uses SPACE_TEMPLATES; the example's test synthesizes it again
 * with a role taken out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  CallBridge,
  CallBridgeCluster,
  CallBridgeGroup,
  DatabaseCluster,
  LastActivatorLeaves,
  LdapImport,
  LdapServer,
  LdapServerKind,
  MeetingServer,
  NodeCertificate,
  Platform,
  RecordingMode,
  RoleSeparation,
  Secret,
  SpaceTemplate,
  SyncSchedule,
  TurnCredentials,
  TurnServer,
  TurnServerType,
  WebBridge,
  Weekday,
  webBridgeProfile,
} from '../../constructs/src';
import type { SpaceTemplateProps } from '../../constructs/src';
import type { NodeConnection } from '../shared/environment';

/** The sites: each has its Call Bridge group, its Expressway pair (TURN) and its nodes. */
export const SITES = [
  { name: 'London', nodes: ['cms1', 'cms2'], turn: { serverAddress: '10.1.0.10', clientAddress: '203.0.113.10' } },
  { name: 'Paris', nodes: ['cms3'], turn: { serverAddress: '10.2.0.10', clientAddress: '198.51.100.10' } },
] as const;

/** The DNS domain of the nodes: Call Bridges reach each Web Bridge 3 at <node>.<domain> (its c2w certificate's name). */
export const DOMAIN = 'example.com';

/** Each node's address on the network the database cluster replicates over (port 5432). */
export const DATABASE_ADDRESSES: Record<string, string> = { cms1: '10.0.0.1', cms2: '10.0.0.2', cms3: '10.0.0.3' };

/** The nodes' API addresses, unless the environment says otherwise (see ../shared/environment.ts). */
export const DEFAULT_NODES: Record<string, string> = {
  cms1: 'https://cms1.example.com:445',
  cms2: 'https://cms2.example.com:445',
  cms3: 'https://cms3.example.com:445',
};

export type SpaceTemplateSpec = Omit<SpaceTemplateProps, 'apiServer'> & { readonly id: string };

/** The space templates, as Meeting Management would show them: roles and their permissions. */
export const SPACE_TEMPLATES: readonly SpaceTemplateSpec[] = [
  {
    id: 'team-meeting',
    name: 'Team meeting',
    description: 'Hosts start the meeting; guests wait in the lobby until a host joins',
    roleSeparation: RoleSeparation.URI,
    maxParticipants: 50,
    roles: [
      { name: 'Host', uriGenerator: '$.host', activator: true, allowChangeRole: true, defaultForDialOut: true },
      { name: 'Guest', uriGenerator: '$.guest', minPasscodeLength: 4, whenLastActivatorLeaves: LastActivatorLeaves.RETURN_TO_LOBBY },
    ],
  },
  {
    id: 'town-hall',
    name: 'Town hall',
    description: 'Presenters speak, a moderator runs the questions, attendees watch',
    roleSeparation: RoleSeparation.URI,
    maxParticipants: 1000,
    lockedByDefault: false,
    roles: [
      { name: 'Presenter', uriGenerator: '$.presenter', activator: true, recordingMode: RecordingMode.MANUAL, defaultForDialOut: true },
      { name: 'Moderator', uriGenerator: '$.moderator', allowChangeRole: true },
      { name: 'Attendee', uriGenerator: '$.attendee', minPasscodeLength: 6, videoAllowed: false, recordingMode: RecordingMode.DISABLED },
    ],
  },
];

export interface ResilientClusterProps {
  /** The three nodes, cms1 first (cluster-wide objects are created through its API). */
  readonly nodes: NodeConnection[];
  /** @default SPACE_TEMPLATES */
  readonly spaceTemplates?: readonly SpaceTemplateSpec[];
}

export class ResilientCluster extends TerraformStack {
  public readonly servers: MeetingServer[];
  public readonly spaceTemplates: SpaceTemplate[];

  constructor(scope: Construct, id: string, props: ResilientClusterProps) {
    super(scope, id);

    // --- The nodes ---------------------------------------------------------------------------
    // Every node has its own provider (alias = its name) for its per-node settings; cms1's is the
    // stack's default, through which the cluster-wide objects (in the shared database) are made.
    this.servers = props.nodes.map(
      (n, i) =>
        new MeetingServer(this, n.name, {
          name: n.name,
          apiUrl: n.apiUrl,
          mmpAddress: n.mmpAddress,
          mmpPort: n.mmpPort,
          hostKeyFingerprint: n.hostKeyFingerprint,
          defaultProvider: i === 0,
          platform: Platform.MEDIUM_M8,
          ntpServers: ['ntp1.example.com', 'ntp2.example.com', 'ntp3.example.com'],
          dnsServers: ['10.0.0.53', '10.0.0.54'],
          webAdminInterface: 'a',
          webAdminPort: 445,
        }),
    );
    const server = (name: string): MeetingServer => {
      const s = this.servers.find((x) => x.nodeName === name);
      if (!s) throw new Error(`resilient-cluster: no node named ${name} (nodes: ${this.servers.map((x) => x.nodeName).join(', ')})`);
      return s;
    };

    // --- One database, replicated on all three nodes -----------------------------------------
    new DatabaseCluster(this, 'database', {
      nodes: this.servers,
      primary: server('cms1'),
      nodeAddresses: DATABASE_ADDRESSES,
      serverKeyFile: 'dbserver.key',
      serverCertificateFile: 'dbserver.crt',
      clientKeyFile: 'dbclient.key',
      clientCertificateFile: 'dbclient.crt',
      caCertificateFile: 'root-ca.crt',
      timeoutSeconds: 120,
    });

    // --- Call Bridges: one cluster, a group per site -----------------------------------------
    const bridges = this.servers.map(
      (s) =>
        new CallBridge(this, `${s.nodeName}-call-bridge`, {
          server: s,
          listenInterfaces: ['a'],
          certificateKeyFile: 'cms.key',
          certificateFile: 'cms.crt',
          participantLimit: 400,
          sipDomain: DOMAIN,
        }),
    );
    new CallBridgeCluster(this, 'call-bridge-cluster', { callBridges: bridges, peerLinkBitRate: 4_000_000 });
    // The Call Bridges fetch short-term TURN credentials from the Expressway-C over HTTPS: each
    // node gets the Expressway-C's CA certificate (no key), which its Call Bridge trusts.
    const expresswayCa = fs.readFileSync(path.join(__dirname, 'expressway-ca.pem'), 'utf8');
    for (const bridge of bridges) {
      bridge.trustExpressway(new NodeCertificate(this, `${bridge.server.nodeName}-expressway-ca`, { server: bridge.server, name: 'expressway-ca', certificatePem: expresswayCa }));
    }
    const webApp = new webBridgeProfile.WebBridgeProfile(this, 'web-app', { name: 'Web app', userPortalEnabled: true });
    // Short-term TURN credentials from the Expressway-C, for every site (one credential server).
    const turnCredentials = TurnCredentials.shortTerm({
      credentialServerAddress: 'expc.example.com',
      username: 'cms-turn',
      password: Secret.fromEnv(this, 'TF_VAR_turn_credential_password'),
      usernamePrefix: 'cms@example.com',
    });
    for (const site of SITES) {
      const slug = site.name.toLowerCase();
      const group = new CallBridgeGroup(this, `${slug}-group`, {
        name: site.name,
        loadBalanceIndirectCalls: true,
        callBridges: bridges.filter((b) => (site.nodes as readonly string[]).includes(b.server.nodeName)),
      });
      new TurnServer(this, `${slug}-expressway`, {
        type: TurnServerType.EXPRESSWAY,
        serverAddress: site.turn.serverAddress,
        clientAddress: site.turn.clientAddress,
        tcpPortNumberOverride: 3478,
        credentials: turnCredentials,
        callBridgeGroup: group,
      });
      // Web Bridge 3 on each of the site's nodes, used by the site's Call Bridges.
      for (const name of site.nodes) {
        new WebBridge(this, `${name}-web-bridge`, {
          server: server(name),
          c2wHostname: `${name}.${DOMAIN}`,
          c2wPort: 9999,
          httpsKeyFile: 'cms.key',
          httpsCertificateFile: 'cms-fullchain.crt',
          c2wKeyFile: 'cms.key',
          c2wCertificateFile: 'cms-fullchain.crt',
          c2wTrustFile: 'root-ca.crt',
          callBridgeGroup: group,
          webBridgeProfileId: webApp.id,
        });
      }
    }

    // --- Space templates ---------------------------------------------------------------------
    this.spaceTemplates = (props.spaceTemplates ?? SPACE_TEMPLATES).map(({ id: templateId, ...template }) => new SpaceTemplate(this, templateId, template));
    const template = (name: string): SpaceTemplate[] => this.spaceTemplates.filter((t) => t.name === name);

    // --- Users from LDAP: staff (licensed, with spaces) and contractors ----------------------
    const directory = new LdapServer(this, 'directory', {
      name: 'Corporate directory',
      address: 'ldap.example.com',
      kind: LdapServerKind.ACTIVE_DIRECTORY,
      bindDn: 'cn=cms,ou=service,dc=example,dc=com',
      bindPassword: Secret.fromEnv(this, 'TF_VAR_ldap_bind_password'),
    });
    new LdapImport(this, 'ldap', {
      ldapServer: directory,
      syncOn: server('cms1'),
      syncSchedule: SyncSchedule.weekly([Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY], '02:30'),
      userImports: [
        {
          name: 'Staff',
          baseDn: 'ou=staff,dc=example,dc=com',
          filter: '(objectClass=person)',
          signInNameMapping: '$sAMAccountName$@example.com',
          displayNameMapping: '$cn$',
          personalLicense: true,
          // First match wins: executives get a boardroom, everyone else a personal space.
          automaticSpaces: [
            { name: 'Boardrooms', filter: '(department=Executive)', spaceNameMapping: "$cn$'s boardroom", uriMapping: '$sAMAccountName$.boardroom', callIdMapping: '$telephoneNumber$' },
            { name: 'Personal spaces', spaceNameMapping: "$cn$'s space", uriMapping: '$sAMAccountName$.space', callIdMapping: '$telephoneNumber$' },
          ],
          spaceTemplates: [...template('Team meeting'), ...template('Town hall')].map((t) => ({ template: t })),
        },
        {
          name: 'Contractors',
          baseDn: 'ou=contractors,dc=example,dc=com',
          filter: '(objectClass=person)',
          signInNameMapping: '$sAMAccountName$@partner.example',
          displayNameMapping: '$cn$ (contractor)',
          personalLicense: false,
          spaceTemplates: template('Team meeting').map((t) => ({ template: t })),
        },
      ],
    });
  }
}
