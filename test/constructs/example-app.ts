/**
 * The small complete app of docs/constructs.md ("A complete app"), kept here so the tests prove it
 * synthesizes. Keep the two in step.
 */
import { TerraformStack } from 'cdktf';
import type { App } from 'cdktf';
import {
  CallBridge,
  CallBridgeCluster,
  CallBridgeGroup,
  DatabaseCluster,
  LdapImport,
  LdapServer,
  Layout,
  MeetingServer,
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
} from '../../constructs/src';

export function buildExampleApp(app: App): TerraformStack {
  const stack = new TerraformStack(app, 'cms');

  // Three nodes; cms1's provider is the default, so cluster-wide objects go through it.
  const password = Secret.fromEnv(stack, 'TF_VAR_cms_password');
  const mmpPassword = Secret.fromEnv(stack, 'TF_VAR_mmp_password');
  const nodes = ['cms1', 'cms2', 'cms3'].map(
    (name, i) =>
      new MeetingServer(stack, name, {
        name,
        apiUrl: `https://${name}.example.com:445`,
        username: 'api',
        password,
        mmpUsername: 'admin',
        mmpPassword,
        defaultProvider: i === 0,
        platform: Platform.MEDIUM_M8,
        ntpServers: ['ntp1.example.com', 'ntp2.example.com'],
        dnsServers: ['10.0.0.2'],
        webAdminInterface: 'a',
        webAdminPort: 445,
      }),
  );

  // Every node runs a Call Bridge; together they are one cluster, load-balanced as one group.
  const bridges = nodes.map((server) => new CallBridge(stack, `${server.nodeName}-cb`, { server, participantLimit: 400, listenInterfaces: ['a'] }));
  new CallBridgeCluster(stack, 'cluster', { callBridges: bridges });
  new CallBridgeGroup(stack, 'london', { name: 'London', callBridges: bridges });

  new DatabaseCluster(stack, 'database', {
    nodes,
    serverKeyFile: 'dbserver.key',
    serverCertificateFile: 'dbserver.crt',
    clientKeyFile: 'dbclient.key',
    clientCertificateFile: 'dbclient.crt',
    caCertificateFile: 'root.crt',
  });

  new WebBridge(stack, 'web', { server: nodes[0], httpsKeyFile: 'wb.key', httpsCertificateFile: 'wb.crt' });
  new TurnServer(stack, 'edge', {
    serverAddress: '10.0.0.10',
    clientAddress: '203.0.113.10',
    type: TurnServerType.EXPRESSWAY,
    credentials: TurnCredentials.longTerm({ username: 'turnuser', password: Secret.fromEnv(stack, 'TF_VAR_turn_password') }),
    tcpPortNumberOverride: 3478,
  });

  const team = new SpaceTemplate(stack, 'team', {
    name: 'Team meeting',
    description: "A space for a team's regular meetings",
    roleSeparation: RoleSeparation.URI,
    roles: [
      { name: 'Host', uriGenerator: '$.host', activator: true, minPasscodeLength: 6, recordingMode: RecordingMode.MANUAL, allowChangeRole: true },
      { name: 'Guest', uriGenerator: '$.guest', defaultLayout: Layout.SPEAKER_ONLY, defaultForDialOut: true },
    ],
    maxParticipants: 100,
  });

  const ad = new LdapServer(stack, 'ad', { name: 'Corporate AD', address: 'ldap.example.com', bindDn: 'cn=cms,ou=service,dc=example,dc=com', bindPassword: Secret.fromEnv(stack, 'TF_VAR_ldap_password') });
  new LdapImport(stack, 'directory', {
    ldapServer: ad,
    userImports: [
      {
        name: 'Staff',
        baseDn: 'ou=people,dc=example,dc=com',
        filter: '(objectClass=person)',
        signInNameMapping: '$sAMAccountName$@example.com',
        displayNameMapping: '$cn$',
        personalLicense: true,
        automaticSpaces: [{ name: 'Personal', spaceNameMapping: "$cn$'s space", uriMapping: '$sAMAccountName$.space' }],
        spaceTemplates: [{ template: team }],
      },
    ],
    syncSchedule: SyncSchedule.weekly([Weekday.MONDAY, Weekday.THURSDAY], '02:00'),
  });
  return stack;
}
