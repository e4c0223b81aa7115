/**
 * The engine parts that bring a node up: MMP command templates, the settings node settings
 * remember for destroy, the certificate source and TLS checks, the expiry warning at plan, and
 * force-new values an import cannot know.
 */
import { renderCommand, TemplateError } from '../../../provider/src/resources/mmp/commands';
import { nodeSettingsPrivate } from '../../../provider/src/resources/mmp/node-settings';
import { planChange } from '../../../provider/src/resources/plan';
import { runPlanChecks } from '../../../provider/src/resources/plan-checks';
import { validateConfig } from '../../../provider/src/resources/validate';
import { createCertificate, generateP256 } from '../../../simulator/src/tls/x509';
import type { CtyObject } from '../../../provider/src/plugin/types';
import { definition } from './helpers';

const nullsOf = (typeName: string): CtyObject => Object.fromEntries(Object.keys(definition(typeName).attributes).map((k) => [k, null]));
const details = (typeName: string, values: CtyObject) => validateConfig(definition(typeName), { ...nullsOf(typeName), ...values }, { writeOnlyAllowed: true }).map((d) => `${d.severity}: ${d.detail}`);

describe('MMP command templates', () => {
  it('quotes a value with blanks as one MMP word, leaves out an unset optional value, chooses by a boolean', () => {
    expect(renderCommand('webadmin certs {k} {c} {b?}', { k: 'a.key', c: 'a.crt', b: null })).toBe('webadmin certs a.key a.crt');
    expect(renderCommand('webadmin certs {k} {c} {b?}', { k: 'a.key', c: 'a.crt', b: 'ca.crt' })).toBe('webadmin certs a.key a.crt ca.crt');
    expect(renderCommand('syslog server add {item}', {}, 'logs example')).toBe('syslog server add "logs example"');
    expect(renderCommand('webbridge3 {on?restart:disable}', { on: false })).toBe('webbridge3 disable');
    expect(renderCommand('callbridge listen {i}', { i: ['a', 'b'] })).toBe('callbridge listen a b');
    expect(() => renderCommand('webadmin certs {k}', { k: null })).toThrow(TemplateError);
    expect(() => renderCommand('x {v}', { v: 'a "b" c' })).toThrow(/blanks and a double quote/);
  });
});

describe('node settings remember what their configuration sets', () => {
  it('keeps the names of the configured MMP settings beside other private data', () => {
    const def = definition('cms_node_settings');
    const data = nodeSettingsPrivate(def, { ...nullsOf('cms_node_settings'), node: 'cms1', ntp_servers: ['ntp1'], web_admin_enabled: true }, Buffer.from(JSON.stringify({ planInstance: 'new:x' })));
    expect(JSON.parse(data!.toString())).toEqual({ planInstance: 'new:x', managed: ['ntp_servers', 'web_admin_enabled'] });
  });

  it('documents the default destroy restores for every MMP setting', () => {
    for (const typeName of ['cms_node_settings', 'cms_node_tls', 'cms_node_logging', 'cms_mmp_account_policy']) {
      for (const [name, attr] of Object.entries(definition(typeName).attributes)) {
        if (attr.mmp) expect({ typeName, name, hasDefault: attr.mmp.default !== undefined }).toEqual({ typeName, name, hasDefault: true });
      }
    }
  });
});

describe('plan-time checks of the new MMP resources', () => {
  it('refuses certificate sources that do not fit together, and accepts each one alone', () => {
    const t = 'cms_node_certificate';
    const base = { node: 'cms1', name: 'cms' };
    expect(details(t, { ...base, common_name: 'cms1.example.com' })).toEqual([]);
    expect(details(t, { ...base, common_name: 'Lab CA', self_signed: true })).toEqual([]);
    expect(details(t, { ...base, certificate_pem: 'pem' })).toEqual([]);
    expect(details(t, { ...base, private_key_wo: 'key', private_key_wo_version: 1, certificate_pem: 'pem' })).toEqual([]);
    expect(details(t, { ...base, self_signed: true, certificate_pem: 'pem' })).toEqual([expect.stringMatching(/^error: CMS-CERT-SOURCE: self_signed makes both/)]);
    expect(details(t, { ...base, common_name: 'x', signed_by: 'ca', certificate_pem: 'pem' })).toEqual([expect.stringMatching(/^error: CMS-CERT-SOURCE: signed_by signs the request/)]);
    expect(details(t, { ...base, private_key_wo: 'key', private_key_wo_version: 1 })).toEqual([expect.stringMatching(/needs its certificate: set certificate_pem/)]);
    expect(details(t, { ...base, private_key_wo: 'key', private_key_wo_version: 1, certificate_pem: 'pem', common_name: 'x' })).toEqual([expect.stringMatching(/common_name describe a request the node makes/)]);
    expect(details(t, base)).toEqual([expect.stringMatching(/set common_name/)]);
    expect(details(t, { ...base, common_name: 'x', signed_by: 'cms' })).toEqual([expect.stringMatching(/cannot sign itself/)]);
  });

  it('warns of TLS below 1.2 and refuses verification without a trust bundle; checks MMP user names', () => {
    expect(details('cms_node_tls', { node: 'cms1', sip_min_tls_version: '1.0', ldap_certificate_verification: 'ocsp' })).toEqual([
      expect.stringMatching(/^warning: CMS-TLS-MIN: sip_min_tls_version = "1\.0" lets clients use TLS below 1\.2/),
      expect.stringMatching(/^error: CMS-TLS-VERIFY: ldap_certificate_verification = "ocsp" checks peers against ldap_trust_bundle, which is not set/),
    ]);
    const account = { node: 'cms1', role: 'admin', password_wo: 'x', password_wo_version: 1 };
    expect(details('cms_mmp_account', { ...account, name: 'backup_admin' })).toEqual([expect.stringMatching(/^warning: CMS-BACKUP-ADMIN: .* this one has other characters/)]);
    expect(details('cms_mmp_account', { ...account, name: '_root' })).toEqual([expect.stringMatching(/^error: CMS-ACCOUNT-NAME/)]);
    expect(details('cms_mmp_account', { ...account, name: 'backupadmin' })).toEqual([]);
  });

  it('warns c2w trust gaps on a combined node', () => {
    const settings = { node: 'cms1', web_bridge_c2w_listen: 'a:9999', web_bridge_enabled: true, call_bridge_listen_interfaces: ['a'] };
    expect(details('cms_node_settings', settings)).toEqual([
      expect.stringMatching(/^warning: CMS-C2W-TRUST: Web Bridge 3 listens for Call Bridges on c2w but web_bridge_c2w_trust is not set/),
      expect.stringMatching(/^warning: CMS-C2W-TRUST: this node runs a Call Bridge and a Web Bridge 3 c2w listener but call_bridge_c2w_trust is not set/),
    ]);
    expect(details('cms_node_settings', { ...settings, web_bridge_c2w_trust: 'ca.crt', call_bridge_c2w_trust: 'ca.crt' })).toEqual([]);
  });
});

describe('certificate expiry at plan', () => {
  const def = definition('cms_node_certificate');
  const now = new Date('2030-06-01T00:00:00Z');
  const prior = (notAfter: string): CtyObject => ({ ...nullsOf('cms_node_certificate'), id: 'cms1/cms', node: 'cms1', name: 'cms', not_after: notAfter });

  it('warns when the certificate on the node expires within the window, or has expired', () => {
    const soon = prior('2030-06-20T00:00:00.000Z');
    expect(runPlanChecks(def, soon, soon, { ...soon }, now).map((d) => `${d.severity} ${d.summary}`)).toEqual(['warning Certificate expires in 19 days (cms_node_certificate)']);
    expect(runPlanChecks(def, soon, soon, { ...soon, expiry_warning_days: 10 }, now)).toEqual([]);
    const gone = prior('2030-05-01T00:00:00.000Z');
    expect(runPlanChecks(def, gone, gone, { ...gone }, now)[0]!.detail).toMatch(/expired on 2030-05-01/);
    expect(runPlanChecks(def, gone, null, null, now)).toEqual([]);
  });

  it('reads the expiry of a configured certificate before it reaches the node', () => {
    const key = generateP256();
    const pem = createCertificate({ commonName: 'x', publicKey: key.publicKey, privateKey: key.privateKey, isCa: false, notBefore: new Date('2030-01-01Z'), notAfter: new Date('2030-06-08Z') });
    const config = { ...nullsOf('cms_node_certificate'), node: 'cms1', name: 'up', certificate_pem: pem };
    expect(runPlanChecks(def, null, config, config, now).map((d) => d.summary)).toEqual(['Certificate expires in 7 days (cms_node_certificate)']);
  });
});

describe('force-new values an import cannot know', () => {
  it('are recorded in place after an import, and replace the object once known', () => {
    const def = definition('cms_node_certificate');
    const imported = { ...nullsOf('cms_node_certificate'), id: 'cms1/cms', node: 'cms1', name: 'cms', key_file: 'cms.key' };
    const config = { ...nullsOf('cms_node_certificate'), node: 'cms1', name: 'cms', common_name: 'cms1.example.com', self_signed: true };
    const proposed = { ...imported, common_name: 'cms1.example.com', self_signed: true };
    const after = planChange(def, imported, proposed, config).requiresReplace ?? [];
    expect(after.map((p) => p[0])).not.toContain('common_name');
    const recorded = { ...proposed };
    const changed = planChange(def, recorded, { ...recorded, common_name: 'other.example.com' }, { ...config, common_name: 'other.example.com' }).requiresReplace ?? [];
    expect(changed.map((p) => p[0])).toContain('common_name');
  });
});
