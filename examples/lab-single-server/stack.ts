/**
 * A lab Meeting Server on one node, from a blank node: what the Installation Assistant sets up on
 * an empty server (the `api` account, certificates, NTP and DNS, the Web Admin, the Call Bridge's
 * listener and a SIP proxy, Web Bridge 3 and its c2w connection, system-wide profiles), then
 * conferencing users from LDAP with personal spaces, and a space template with a host and a
 * guest role that those users may use.
 *
 * The node starts with nothing but its MMP administrator: no API user, no certificates, the Web
 * Admin off. The MMP resources bring it up first (over SSH); the API resources wait for them.
 *
 * The stack takes where the node is as props (main.ts reads them from the environment), so the
 * same code converges the simulator and a real server.
 */
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  CallBridge,
  callLegProfile,
  LastActivatorLeaves,
  Layout,
  LdapImport,
  LdapServer,
  LdapServerKind,
  MeetingServer,
  NodeCertificate,
  outboundDialPlanRule,
  RecordingMode,
  RoleSeparation,
  Secret,
  SpaceTemplate,
  SyncSchedule,
  systemProfiles,
  userProfile,
  WebBridge,
  webBridgeProfile,
} from '../../constructs/src';
import type { NodeConnection } from '../shared/environment';

export interface LabSingleServerProps {
  /** The node (its name is the provider's mmp_node name, `cms1`). */
  readonly node: NodeConnection;
}

export class LabSingleServer extends TerraformStack {
  public readonly server: MeetingServer;
  public readonly certificate: NodeCertificate;
  public readonly spaceTemplate: SpaceTemplate;
  public readonly ldap: LdapImport;

  constructor(scope: Construct, id: string, props: LabSingleServerProps) {
    super(scope, id);
    const { node } = props;

    // --- The node: its API account, network, logging (Installation Assistant "Network") -----
    // The MMP administrator comes from CMS_MMP_USERNAME and CMS_MMP_PASSWORD when Terraform runs;
    // the provider signs in to the API as the `api` account this app makes, whose password is a
    // sensitive variable (TF_VAR_api_password). The CA bundle comes from CMS_CA_BUNDLE.
    this.server = new MeetingServer(this, 'cms1', {
      name: node.name,
      apiUrl: node.apiUrl,
      mmpAddress: node.mmpAddress,
      mmpPort: node.mmpPort,
      hostKeyFingerprint: node.hostKeyFingerprint,
      defaultProvider: true,
      apiAccount: { name: 'api', password: Secret.fromEnv(this, 'TF_VAR_api_password') },
      ntpServers: ['ntp1.example.com', 'ntp2.example.com'],
      dnsServers: ['10.0.0.53'],
      // The Web Admin (and so the API) moves off 443, which the web app takes.
      webAdminInterface: 'a',
      webAdminPort: 445,
      minTlsVersion: '1.2',
      syslogServers: ['logs.example.com:514'],
      auditLogServers: ['audit.example.com:514'],
      // The api account's password never expires: a pipeline signs in with it.
      passwordPolicy: { minLength: 12, maxAgeDays: 0, maxFailedLogins: 5 },
    });

    // --- Certificates, made on the node (Installation Assistant "Certificate") ---------------
    // A lab CA and the node's certificate signed by it; with your own CA, sign certificate.csrPem
    // and give the result as certificatePem instead of signedBy.
    const labCa = new NodeCertificate(this, 'lab-ca', { server: this.server, name: 'lab-ca', commonName: 'cms-iac lab CA', selfSigned: true });
    this.certificate = new NodeCertificate(this, 'certificate', {
      server: this.server,
      name: 'cms1',
      commonName: 'cms1.example.com',
      subjectAltNames: [...new Set(['cms1.example.com', 'join.example.com', this.server.hostname])],
      signedBy: labCa,
    });
    this.server.useWebAdminCertificate(this.certificate);

    // --- Call Bridge: listener, SIP proxy, encryption (Installation Assistant "Call Bridge") --
    new CallBridge(this, 'call-bridge', {
      server: this.server,
      listenInterfaces: ['a'],
      certificate: this.certificate,
      webBridgeTrust: labCa,
    });
    new outboundDialPlanRule.OutboundDialPlanRule(this, 'sip-proxy', {
      domain: 'example.com',
      sipProxy: 'cucm.example.com:5061',
      sipControlEncryption: 'encrypted',
      failureAction: 'stop',
    });

    // --- Web Bridge 3 and the web app (Installation Assistant "Web Bridge") ------------------
    const webApp = new webBridgeProfile.WebBridgeProfile(this, 'web-app', { name: 'Web app', userPortalEnabled: true, allowUnauthenticatedGuests: true });
    new WebBridge(this, 'web-bridge', {
      server: this.server,
      c2wPort: 9999,
      certificate: this.certificate,
      callBridgeTrust: labCa,
      webBridgeProfileId: webApp.id,
    });

    // --- What every call gets unless something else says otherwise --------------------------
    const everyone = new callLegProfile.CallLegProfile(this, 'everyone', {
      name: 'Everyone',
      sipMediaEncryption: 'required',
      defaultLayout: Layout.AUTOMATIC,
      muteOthersAllowed: false,
    });
    const licensed = new userProfile.UserProfile(this, 'licensed', { name: 'Licensed', hasLicense: true });
    new systemProfiles.SystemProfiles(this, 'system-profiles', {
      callLegProfile: everyone.id,
      webBridgeProfile: webApp.id,
      userProfile: licensed.id,
    });

    // --- A space template: hosts start the meeting, guests wait for them ---------------------
    this.spaceTemplate = new SpaceTemplate(this, 'team-meeting', {
      name: 'Team meeting',
      description: 'Hosts start the meeting; guests wait in the lobby until a host joins',
      roleSeparation: RoleSeparation.URI,
      maxParticipants: 100,
      recordingMode: RecordingMode.DISABLED,
      roles: [
        { name: 'Host', uriGenerator: '$.host', activator: true, allowChangeRole: true, defaultForDialOut: true },
        { name: 'Guest', uriGenerator: '$.guest', minPasscodeLength: 4, whenLastActivatorLeaves: LastActivatorLeaves.RETURN_TO_LOBBY },
      ],
    });

    // --- Conferencing users from LDAP (Installation Assistant "Conferencing users") ----------
    const directory = new LdapServer(this, 'directory', {
      name: 'Corporate directory',
      address: 'ldap.example.com',
      kind: LdapServerKind.ACTIVE_DIRECTORY,
      bindDn: 'cn=cms,ou=service,dc=example,dc=com',
      // Given at plan time as TF_VAR_ldap_bind_password: never written to cdk.tf.json.
      bindPassword: Secret.fromEnv(this, 'TF_VAR_ldap_bind_password'),
    });
    this.ldap = new LdapImport(this, 'ldap', {
      ldapServer: directory,
      userImports: [
        {
          name: 'Staff',
          baseDn: 'ou=staff,dc=example,dc=com',
          filter: '(objectClass=person)',
          signInNameMapping: '$sAMAccountName$@example.com',
          displayNameMapping: '$cn$',
          automaticSpaces: [{ name: 'Personal spaces', spaceNameMapping: "$cn$'s space", uriMapping: '$sAMAccountName$.space', callIdMapping: '$telephoneNumber$' }],
          spaceTemplates: [{ template: this.spaceTemplate }],
        },
      ],
      syncSchedule: SyncSchedule.daily('02:30'),
    });
  }
}
