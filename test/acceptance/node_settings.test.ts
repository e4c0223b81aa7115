/**
 * cms_node_settings over the MMP: settings converge, read back with empty plans, are imported,
 * show drift when changed over SSH, and the port rules refuse a bad plan before any command.
 */
import { mmpFactorySettings } from '../../simulator/src';
import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv({ nodes: 2, mmp: true });
const ADDR = 'cms_node_settings.cms2';

const settings = (ntp: string[], adminPort = 445, c2w = 'a:9999') => `
resource "cms_node_settings" "cms2" {
  node                          = "cms2"
  ntp_servers                   = [${ntp.map((n) => `"${n}"`).join(', ')}]
  dns_servers                   = ["10.0.0.53"]
  web_admin_interface           = "a"
  web_admin_port                = ${adminPort}
  call_bridge_listen_interfaces = ["a"]
  call_bridge_key               = "cms.key"
  call_bridge_certificate       = "cms.crt"
  web_bridge_https_listen       = ["a:443"]
  web_bridge_c2w_listen         = "${c2w}"
  web_bridge_https_key          = "cms.key"
  web_bridge_https_certificate  = "cms-fullchain.crt"
  web_bridge_c2w_key            = "cms.key"
  web_bridge_c2w_certificate    = "cms-fullchain.crt"
  web_bridge_c2w_trust          = "root-ca.crt"
  web_bridge_enabled            = true
}
`;

it('cms_node_settings: converge, import, drift over SSH, port and NTP rules at plan', async () => {
  const e = env();
  await acceptance(e, [
    {
      config: settings(['ntp1.example.com', 'ntp2.example.com']),
      check: async ({ sim }) => {
        expect(sim.runMmpCommand('cms2', 'ntp server list')).toMatch(/ntp1\.example\.com[\s\S]*ntp2\.example\.com/);
        const wb = sim.runMmpCommand('cms2', 'webbridge3');
        expect(wb).toMatch(/Enabled\s+: true/);
        expect(wb).toMatch(/a:443/);
        expect(sim.runMmpCommand('cms2', 'webadmin')).toMatch(/445/);
        expect(sim.runMmpCommand('cms1', 'ntp server list')).not.toMatch(/ntp1/); // only cms2 changed
      },
    },
    { importAddress: ADDR, importId: 'cms2' },
    { importAddress: ADDR, importId: 'cms2', viaBlock: true },
    {
      // Someone adds an NTP server by hand: the plan shows it and apply takes it out again.
      config: settings(['ntp1.example.com', 'ntp2.example.com']),
      preConfig: async ({ sim }) => void sim.runMmpCommand('cms2', 'ntp server add rogue.example.com'),
      expectActions: { [ADDR]: ['update'] },
      check: async ({ sim }) => expect(sim.runMmpCommand('cms2', 'ntp server list')).not.toMatch(/rogue/),
    },
    { config: settings(['ntp2.example.com', 'ntp3.example.com']), expectActions: { [ADDR]: ['update'] } },
    { config: settings(['ntp1.example.com'], 443), expectError: /with cms_node_settings\.cms2.*CMS-WEBADMIN-443: Web Admin cannot listen on port 443 beside a Web Bridge \(it listens on the same interface as web_bridge_https_listen\[0\]\)/, expectNoWrites: true },
    { config: settings(['ntp1.example.com'], 445, 'a:443'), expectError: /c2w\) port must not be 443/, expectNoWrites: true },
    { config: settings(['ntp1.example.com'], 445, 'a:445'), expectError: /CMS-C2W-PORT: the c2w port is the Web Admin port/, expectNoWrites: true },
    { config: settings([]), expectError: /needs at least one NTP server/, expectNoWrites: true },
    { config: settings(['a.example.com', 'a.example.com']), expectError: /CMS-NTP: ntp_servers\[1\] repeats ntp_servers\[0\]/, expectNoWrites: true },
    { config: settings(['1', '2', '3', '4', '5', '6'].map((n) => `ntp${n}.example.com`)), expectError: /CMS-NTP: at most 5 NTP servers are allowed; 6 are listed/, expectNoWrites: true },
  ], {
    // Destroy puts every setting the configuration set back to the node's defaults.
    checkDestroy: async ({ sim }) => expect(sim.node('cms2').mmp.settings).toEqual(mmpFactorySettings()),
  });
});

it('an unknown node gives a clear error naming the configured ones', async () => {
  const e = env();
  await acceptance(e, [{ config: `resource "cms_node_settings" "x" {\n  node = "cms9"\n}\n`, expectError: /The provider has no mmp_node named "cms9" \(it has cms1, cms2\)/ }]);
});

it('an unpinned host key is refused with the fingerprint in the message; a wrong one is called out', async () => {
  const e = env();
  const node = e.sim.node('cms1');
  const block = (pin: string) => `
provider "cms" {
  mmp_node {
    name    = "cms1"
    address = "127.0.0.1"
    port    = ${node.ssh!.port}
    ${pin}
  }
}

resource "cms_node_settings" "cms1" {
  node        = "cms1"
  ntp_servers = ["ntp1.example.com"]
}
`;
  const fingerprint = node.ssh!.hostKeyFingerprint.replace(/[+/]/g, (c) => `\\${c}`);
  await acceptance(e, [
    { config: block(''), expectError: new RegExp(`presented host key ${fingerprint}, which is not pinned`), expectNoWrites: true },
    { config: block('host_key_fingerprint = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"'), expectError: /HOST KEY MISMATCH: .* Nothing was sent/, expectNoWrites: true },
  ]);
});
