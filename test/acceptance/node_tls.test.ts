/** cms_node_tls: minimum TLS versions and SIP/LDAP certificate verification over the MMP; import, drift, rules, defaults restored. */
import { mmpFactorySettings } from '../../simulator/src';
import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv({ mmp: true });
const ADDR = 'cms_node_tls.cms1';

const config = (sip = '1.2', verify = '"enable"', trust = '"root-ca.crt"') => `
resource "cms_node_tls" "cms1" {
  node                         = "cms1"
  webadmin_min_tls_version     = "1.3"
  sip_min_tls_version          = "${sip}"
  sip_trust_bundle             = ${trust}
  sip_certificate_verification = ${verify}
  ldap_certificate_verification = "disable"
}
`;

it('cms_node_tls: converges, imports, corrects drift, warns and refuses by the TLS rules, restores the defaults', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: config(),
        check: async ({ sim }) => {
          expect(sim.runMmpCommand('cms1', 'tls sip')).toBe('Minimum TLS version      : 1.2\nTrust bundle             : root-ca.crt\nCertificate verification : enabled\n');
          expect(sim.runMmpCommand('cms1', 'tls webadmin')).toBe('Minimum TLS version      : 1.3\n');
        },
      },
      { importAddress: ADDR, importId: 'cms1' },
      {
        config: config(),
        preConfig: async ({ sim }) => void sim.runMmpCommand('cms1', 'tls sip verify disable'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ sim }) => expect(sim.runMmpCommand('cms1', 'tls sip')).toMatch(/Certificate verification : enabled/),
      },
      {
        config: config('1.1'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ tf }) => {
          const plan = await tf.run(['plan', '-input=false', '-no-color']);
          expect(plan.stdout.replace(/\s+/g, ' ')).toMatch(/Warning: TLS 1\.1 allowed for sip .*CMS-TLS-MIN: sip_min_tls_version = "1\.1" lets clients use TLS below 1\.2/);
        },
      },
      { config: config('1.2', '"ocsp"', 'null'), expectError: /sip_certificate_verification = "ocsp" checks peers against sip_trust_bundle, which is not set/, expectNoWrites: true },
      { config: config('1.5'), expectError: /sip_min_tls_version must be one of "1\.0", "1\.1", "1\.2", "1\.3"/, expectNoWrites: true },
    ],
    {
      checkDestroy: async ({ sim }) => {
        const s = sim.node('cms1').mmp.settings;
        const f = mmpFactorySettings();
        expect([s.tlsMinVersions, s.tlsTrust, s.tlsVerify]).toEqual([f.tlsMinVersions, f.tlsTrust, f.tlsVerify]);
      },
    },
  );
});
