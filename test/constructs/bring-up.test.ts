/**
 * Bringing a blank node up from an app: the api account the provider then signs in as, the API
 * resources ordered after the node's MMP resources, certificates made on the node or uploaded,
 * trust between Call Bridge and Web Bridge, accounts, TLS, logging, password rules, and the rules.
 */
import { Testing } from 'cdktf';
import { CallBridge, NodeCertificate, Secret, TurnCredentials, TurnServer, TurnServerType, WebBridge, callLegProfile } from '../../constructs/src';
import { meetingServer, newStack as stackOn, synth, warningsFor } from './helpers';

/**
 * Passwords and uploaded keys are write-only (Terraform 1.11): an app declares that target, which
 * CDK Terrain checks (`targetVersions` in cdktf.json, here as context).
 */
const newStack = () => stackOn(Testing.app({ context: { targetVersions: { terraform: '>=1.11.0', opentofu: '>=1.11.0' } } }));

describe('a MeetingServer that brings its API up', () => {
  it('makes the api account, signs the provider in as it, and connects on first use', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true, apiAccount: { name: 'api', password: Secret.fromVariable(stack, 'api_password') } });
    const s = synth(stack);
    expect(s.providers()[0]).toMatchObject({ username: 'api', password: '${var.api_password}', connect_on_first_use: true });
    expect(s.only('cms_mmp_account')).toMatchObject({ node: 'cms1', name: 'api', role: 'api', password_wo: '${var.api_password}', password_wo_version: 1 });
    expect(s.text).not.toMatch(/"password":\s*"[^$]/);
  });

  it('orders every API resource through the node after its MMP resources, and nothing else', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1', { defaultProvider: true, ntpServers: ['ntp1.example.com'], apiAccount: { name: 'api', password: Secret.fromVariable(stack, 'api_password') } });
    const other = meetingServer(stack, 'cms2');
    const ca = new NodeCertificate(stack, 'ca', { server, name: 'ca', commonName: 'Lab CA', selfSigned: true });
    new callLegProfile.CallLegProfile(stack, 'everyone', { name: 'Everyone' });
    new callLegProfile.CallLegProfile(stack, 'elsewhere', { name: 'Elsewhere', provider: other.provider });
    const s = synth(stack);
    const profiles = s.resources('cms_call_leg_profile');
    const everyone = Object.values(profiles).find((p) => p.name === 'Everyone')!;
    expect((everyone.depends_on as string[]).sort()).toEqual([
      expect.stringMatching(/^cms_mmp_account\.cms1_ApiAccount_/),
      expect.stringMatching(/^cms_node_certificate\.ca_/),
      expect.stringMatching(/^cms_node_settings\.cms1_NodeSettings_/),
    ]);
    expect(Object.values(profiles).find((p) => p.name === 'Elsewhere')!.depends_on).toBeUndefined();
    for (const type of ['cms_node_settings', 'cms_node_certificate', 'cms_mmp_account']) expect(s.only(type).depends_on).toBeUndefined();
    expect(ca.server).toBe(server);
  });

  it('refuses apiAccount with username or password', () => {
    const stack = newStack();
    expect(() => meetingServer(stack, 'cms1', { username: 'api', apiAccount: { name: 'api', password: Secret.fromVariable(stack, 'p') } })).toThrow(/leave out username and password/);
  });

  it('makes a backup administrator, TLS minimums, logging and password rules, with the rules', () => {
    const stack = newStack();
    const p = Secret.fromVariable(stack, 'backup_password');
    meetingServer(stack, 'cms1', {
      backupAdministrator: { name: 'backupadmin', password: p, authorizedKeys: ['ssh-ed25519 AAAA backup'] },
      minTlsVersion: '1.1',
      syslogServers: ['logs.example.com'],
      auditLogServers: ['audit.example.com:6514'],
      passwordPolicy: { minLength: 12, maxAgeDays: 0 },
    });
    const s = synth(stack);
    expect(s.only('cms_mmp_account')).toMatchObject({ name: 'backupadmin', role: 'admin', authorized_keys: ['ssh-ed25519 AAAA backup'] });
    expect(s.only('cms_node_tls')).toMatchObject({ webadmin_min_tls_version: '1.1', sip_min_tls_version: '1.1', ldap_min_tls_version: '1.1' });
    expect(s.only('cms_node_logging')).toMatchObject({ syslog_servers: ['logs.example.com'], audit_log_servers: ['audit.example.com:6514'], syslog_enabled: true });
    expect(s.only('cms_mmp_account_policy')).toMatchObject({ password_min_length: 12, password_max_age_days: 0 });
    expect(warningsFor(s, 'CMS-TLS-MIN')).toHaveLength(1);

    const bad = newStack();
    meetingServer(bad, 'cms1', { backupAdministrator: { name: 'admin', password: Secret.fromVariable(bad, 'x') } });
    expect(() => synth(bad)).toThrow(/\[CMS-BACKUP-ADMIN\] the backup administrator cannot be named admin/);
    const bad2 = newStack();
    meetingServer(bad2, 'cms1', { backupAdministrator: { name: 'backup.admin', password: Secret.fromVariable(bad2, 'x') } });
    expect(() => synth(bad2)).toThrow(/\[CMS-BACKUP-ADMIN\] the backup administrator's name must be alphanumeric/);
  });
});

describe('NodeCertificate', () => {
  it('makes a key and request on the node signed by a local CA, and services name its files', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1', { defaultProvider: true });
    const ca = new NodeCertificate(stack, 'ca', { server, name: 'lab-ca', commonName: 'Lab CA', selfSigned: true });
    const cert = new NodeCertificate(stack, 'cert', { server, name: 'cms1', commonName: 'cms1.example.com', subjectAltNames: ['cms1.example.com', 'join.example.com'], signedBy: ca });
    server.useWebAdminCertificate(cert);
    new CallBridge(stack, 'cb', { server, listenInterfaces: ['a'], certificate: cert, webBridgeTrust: ca });
    new WebBridge(stack, 'wb', { server, certificate: cert, callBridgeTrust: ca });
    const s = synth(stack);
    const certs = Object.values(s.resources('cms_node_certificate'));
    expect(certs.find((c) => c.name === 'cms1')).toMatchObject({ node: 'cms1', common_name: 'cms1.example.com', signed_by: expect.stringMatching(/^\$\{cms_node_certificate\.ca_\w+\.name\}$/) });
    const settings = s.only('cms_node_settings');
    const key = expect.stringMatching(/^\$\{cms_node_certificate\.cert_\w+\.key_file\}$/);
    const crt = expect.stringMatching(/^\$\{cms_node_certificate\.cert_\w+\.certificate_file\}$/);
    const caCrt = expect.stringMatching(/^\$\{cms_node_certificate\.ca_\w+\.certificate_file\}$/);
    expect(settings).toMatchObject({
      web_admin_key: key,
      web_admin_certificate: crt,
      web_admin_enabled: true,
      call_bridge_key: key,
      call_bridge_certificate: crt,
      call_bridge_c2w_trust: caCrt,
      web_bridge_https_key: key,
      web_bridge_c2w_certificate: crt,
      web_bridge_c2w_trust: caCrt,
    });
    expect(warningsFor(s, 'CMS-C2W-TRUST')).toEqual([]);
  });

  it('uploads a key write-only with its certificate', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1');
    new NodeCertificate(stack, 'up', { server, name: 'webadmin', privateKey: Secret.fromVariable(stack, 'webadmin_key', { version: 2 }), certificatePem: '-----BEGIN CERTIFICATE-----\n…' });
    expect(synth(stack).only('cms_node_certificate')).toMatchObject({ private_key_wo: '${var.webadmin_key}', private_key_wo_version: 2 });
  });

  it('refuses mixed sources, a CA of another node, and certificates of another node', () => {
    const bad = (make: (stack: ReturnType<typeof newStack>) => void) => {
      const stack = newStack();
      make(stack);
      return () => synth(stack);
    };
    expect(bad((st) => new NodeCertificate(st, 'c', { server: meetingServer(st, 'cms1'), name: 'x', selfSigned: true, certificatePem: 'pem' }))).toThrow(/\[CMS-CERT-SOURCE\] selfSigned makes both/);
    expect(bad((st) => new NodeCertificate(st, 'c', { server: meetingServer(st, 'cms1'), name: 'x' }))).toThrow(/\[CMS-CERT-SOURCE\] the node makes this key and a signing request: give commonName/);
    expect(bad((st) => new NodeCertificate(st, 'c', { server: meetingServer(st, 'cms1'), name: 'x', privateKey: Secret.fromVariable(st, 'k') }))).toThrow(/\[CMS-CERT-SOURCE\] an uploaded privateKey needs its certificatePem/);
    const stack = newStack();
    const a = meetingServer(stack, 'cms1');
    const b = meetingServer(stack, 'cms2');
    const ca = new NodeCertificate(stack, 'ca', { server: a, name: 'ca', commonName: 'CA', selfSigned: true });
    expect(() => new NodeCertificate(stack, 'c', { server: b, name: 'x', commonName: 'x', signedBy: ca })).toThrow(/a local CA signs on its own node/);
    expect(() => new CallBridge(stack, 'cb', { server: b, certificate: ca })).toThrow(/is on node cms1, not cms2/);
  });
});

describe('trust rules', () => {
  it('warns when the Web Bridge trusts no Call Bridge while the Call Bridge trusts the Web Bridge', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1', { defaultProvider: true });
    const ca = new NodeCertificate(stack, 'ca', { server, name: 'ca', commonName: 'CA', selfSigned: true });
    new CallBridge(stack, 'cb', { server, webBridgeTrust: ca });
    new WebBridge(stack, 'wb', { server });
    expect(warningsFor(synth(stack), 'CMS-C2W-TRUST')).toEqual([expect.stringMatching(/the Web Bridge trusts no Call Bridge certificate on c2w/)]);
  });

  it('warns when short-term TURN credentials come from an Expressway-C no Call Bridge trusts', () => {
    const make = (trust: boolean) => {
      const stack = newStack();
      const server = meetingServer(stack, 'cms1', { defaultProvider: true });
      const bridge = new CallBridge(stack, 'cb', { server });
      if (trust) bridge.trustExpressway(new NodeCertificate(stack, 'expc', { server, name: 'expc-ca', privateKey: Secret.fromVariable(stack, 'k'), certificatePem: 'pem' }));
      new TurnServer(stack, 'turn', {
        serverAddress: 'expe.example.com',
        type: TurnServerType.EXPRESSWAY,
        credentials: TurnCredentials.shortTerm({ credentialServerAddress: 'expc.example.com', username: 'cms', password: Secret.fromVariable(stack, "turn_password") }),
      });
      return synth(stack);
    };
    expect(warningsFor(make(false), 'CMS-TURN-CREDENTIAL-TRUST')).toEqual([expect.stringMatching(/no Call Bridge of this app trusts the Expressway-C's CA/)]);
    const trusted = make(true);
    expect(warningsFor(trusted, 'CMS-TURN-CREDENTIAL-TRUST')).toEqual([]);
    expect(trusted.only('cms_node_settings').call_bridge_expressway_trust).toMatch(/certificate_file/);
  });
});
