/**
 * A lab Meeting Server on one node, declared as a CDKTF app: what the Installation Assistant sets
 * up on an empty server, then conferencing users from LDAP and a space template.
 *
 *   npx cdktf synth                      (from the repository root: cdktf.json points here)
 *
 * The provider reads its connection from the environment (CMS_URL, CMS_USERNAME, CMS_PASSWORD,
 * CMS_CA_BUNDLE; CMS_MMP_USERNAME, CMS_MMP_PASSWORD and CMS_MMP_NODES for the node's command
 * line), so the same synthesized stack converges the simulator and a real server. The LDAP bind
 * password is a sensitive Terraform variable (TF_VAR_ldap_bind_password): it never appears in
 * cdk.tf.json.
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import {
  accessMethodTemplate,
  callLegProfile,
  callProfile,
  cospaceTemplate,
  dialInSecurityProfile,
  ldapMapping,
  ldapServer,
  ldapSource,
  ldapSync,
  ldapUserCospaceTemplateSource,
  nodeSettings,
  outboundDialPlanRule,
  provider,
  systemProfiles,
  userProfile,
  webBridge,
  webBridgeProfile,
} from '../../constructs/src';

/** The node's name in the provider's mmp_node list (CMS_MMP_NODES). */
export const NODE = 'cms1';

export class LabSingleServer extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new provider.CmsProvider(this, 'cms');

    // --- Network and services: the Installation Assistant's first pages (MMP over SSH) --------
    new nodeSettings.NodeSettings(this, 'node', {
      nodeAttribute: NODE,
      ntpServers: ['ntp1.example.com', 'ntp2.example.com'],
      dnsServers: ['10.0.0.53'],
      // The Web Admin (and so the API) moves off 443, which the web app takes.
      webAdminInterface: 'a',
      webAdminPort: 445,
      callBridgeListenInterfaces: ['a'],
      callBridgeKey: 'cms.key',
      callBridgeCertificate: 'cms.crt',
      webBridgeHttpsListen: ['a:443'],
      webBridgeC2WListen: 'a:9999',
      webBridgeHttpsKey: 'cms.key',
      webBridgeHttpsCertificate: 'cms-fullchain.crt',
      webBridgeC2WKey: 'cms.key',
      webBridgeC2WCertificate: 'cms-fullchain.crt',
      webBridgeC2WTrust: 'root-ca.crt',
      webBridgeEnabled: true,
    });

    // --- Call Bridge: SIP proxy, encryption, defaults for every call -------------------------
    new outboundDialPlanRule.OutboundDialPlanRule(this, 'sip-proxy', {
      domain: 'example.com',
      sipProxy: 'cucm.example.com:5061',
      sipControlEncryption: 'encrypted',
      failureAction: 'stop',
    });
    const everyone = new callLegProfile.CallLegProfile(this, 'everyone', {
      name: 'Everyone',
      sipMediaEncryption: 'required',
      defaultLayout: 'automatic',
      muteOthersAllowed: false,
    });
    const meetings = new callProfile.CallProfile(this, 'meetings', { name: 'Meetings', participantLimit: 100, recordingMode: 'disabled' });
    const pins = new dialInSecurityProfile.DialInSecurityProfile(this, 'pins', { name: 'Four-digit PINs', minPasscodeLength: 4 });

    // --- Web Bridge 3: the web app, reached by the Call Bridge on c2w ------------------------
    const webApp = new webBridgeProfile.WebBridgeProfile(this, 'web-app', { name: 'Web app', userPortalEnabled: true, allowUnauthenticatedGuests: true });
    new webBridge.WebBridge(this, 'web-bridge', { url: 'c2w://cms1.example.com:9999', webBridgeProfile: webApp.id });

    const licensed = new userProfile.UserProfile(this, 'licensed', { name: 'Licensed', hasLicense: true });
    new systemProfiles.SystemProfiles(this, 'system-profiles', {
      callLegProfile: everyone.id,
      callProfile: meetings.id,
      dialInSecurityProfile: pins.id,
      webBridgeProfile: webApp.id,
      userProfile: licensed.id,
    });

    // --- Conferencing users from LDAP --------------------------------------------------------
    const bindPassword = new TerraformVariable(this, 'ldap_bind_password', {
      type: 'string',
      sensitive: true,
      description: 'Password of the LDAP bind user (cn=cms,ou=service,dc=example,dc=com).',
    });
    const directory = new ldapServer.LdapServer(this, 'directory', {
      name: 'Corporate directory',
      address: 'ldap.example.com',
      portNumber: 636,
      secure: true,
      username: 'cn=cms,ou=service,dc=example,dc=com',
      password: bindPassword.stringValue,
    });
    const staffMapping = new ldapMapping.LdapMapping(this, 'staff-mapping', {
      jidMapping: '$sAMAccountName$@example.com',
      nameMapping: '$cn$',
      cospaceUriMapping: '$sAMAccountName$.space',
      cospaceNameMapping: "$cn$'s space",
      cospaceCallIdMapping: '$telephoneNumber$',
    });
    const staff = new ldapSource.LdapSource(this, 'staff', {
      name: 'Staff',
      server: directory.id,
      mapping: staffMapping.id,
      baseDn: 'ou=staff,dc=example,dc=com',
      filter: '(objectClass=person)',
      // No user profile here: imported users get the system-wide one (licensed).
    });

    // --- A space template with two roles, offered to the LDAP users --------------------------
    const host = new callLegProfile.CallLegProfile(this, 'host', { name: 'Team meeting: host', needsActivation: false, changeRoleAllowed: true });
    const guest = new callLegProfile.CallLegProfile(this, 'guest', { name: 'Team meeting: guest', needsActivation: true, deactivationMode: 'deactivate' });
    const team = new cospaceTemplate.CospaceTemplate(this, 'team', { name: 'Team meeting', description: 'Hosts start the meeting; guests wait for a host' });
    new accessMethodTemplate.AccessMethodTemplate(this, 'team-host', { cospaceTemplateId: team.id, name: 'Host', uriGenerator: '$.host', callLegProfile: host.id, generateUniqueCallId: true });
    new accessMethodTemplate.AccessMethodTemplate(this, 'team-guest', { cospaceTemplateId: team.id, name: 'Guest', uriGenerator: '$.guest', callLegProfile: guest.id });
    const offered = new ldapUserCospaceTemplateSource.LdapUserCospaceTemplateSource(this, 'team-for-staff', { ldapSource: staff.id, cospaceTemplate: team.id });

    const sync = new ldapSync.LdapSync(this, 'sync', {
      triggers: {
        source: staff.id,
        mapping: staffMapping.id,
        templates: offered.id,
      },
    });
    new TerraformOutput(this, 'ldap_users', { value: sync.usersAfter });
  }
}

const app = new App();
new LabSingleServer(app, 'lab-single-server');
app.synth();
