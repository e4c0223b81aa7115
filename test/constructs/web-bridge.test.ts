/** WebBridge: node settings and the c2w entry made from one listener, and the port rules. */
import { WebBridge } from '../../constructs/src';
import { meetingServer, newStack, synth } from './helpers';

describe('WebBridge', () => {
  it('sets the Web Bridge 3 listeners and certificates on its node and the c2w URL on cms_web_bridge', () => {
    const stack = newStack();
    const api = meetingServer(stack, 'cms1', { webAdminInterface: 'a', webAdminPort: 445 });
    const wb = new WebBridge(stack, 'wb', {
      server: api,
      apiServer: api,
      httpsKeyFile: 'wb.key',
      httpsCertificateFile: 'wb-chain.crt',
      c2wKeyFile: 'c2w.key',
      c2wCertificateFile: 'c2w-chain.crt',
      c2wTrustFile: 'cb-ca.crt',
      webBridgeProfileId: '9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7',
    });
    const s = synth(stack);
    expect(s.only('cms_node_settings')).toEqual({
      node: 'cms1',
      provider: 'cms.cms1',
      web_admin_interface: 'a',
      web_admin_port: 445,
      web_bridge_https_listen: ['a:443'],
      web_bridge_c2w_listen: 'a:9999',
      web_bridge_https_key: 'wb.key',
      web_bridge_https_certificate: 'wb-chain.crt',
      web_bridge_c2w_key: 'c2w.key',
      web_bridge_c2w_certificate: 'c2w-chain.crt',
      web_bridge_c2w_trust: 'cb-ca.crt',
      web_bridge_enabled: true,
    });
    expect(s.only('cms_web_bridge')).toEqual({ provider: 'cms.cms1', url: 'c2w://cms1.example.com:9999', web_bridge_profile: '9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7' });
    expect(wb.url).toBe('c2w://cms1.example.com:9999');
  });

  it('an edge node: its own listeners, the entry through another node', () => {
    const stack = newStack();
    const api = meetingServer(stack, 'cms1');
    new WebBridge(stack, 'wb', { server: meetingServer(stack, 'edge1'), apiServer: api, c2wPort: 6000, c2wInterface: 'b', c2wHostname: 'edge1.internal', webAppInterfaces: ['a', 'c'], webAppPort: 8443 });
    const s = synth(stack);
    expect(s.only('cms_node_settings')).toMatchObject({ node: 'edge1', provider: 'cms.edge1', web_bridge_https_listen: ['a:8443', 'c:8443'], web_bridge_c2w_listen: 'b:6000' });
    expect(s.only('cms_web_bridge')).toEqual({ provider: 'cms.cms1', url: 'c2w://edge1.internal:6000' });
  });

  it('a node runs one Web Bridge', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1');
    new WebBridge(stack, 'a', { server, apiServer: server });
    expect(() => new WebBridge(stack, 'b', { server, apiServer: server })).toThrow(/already has a Web Bridge/);
  });

  it('[CMS-WEBADMIN-443] refuses Web Admin on 443 with the web app on the same interface', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1', { webAdminInterface: 'a', webAdminPort: 443 });
    new WebBridge(stack, 'wb', { server, apiServer: server });
    expect(() => synth(stack)).toThrow(/\[test\/wb\] \[CMS-WEBADMIN-443\] Web Admin cannot listen on port 443 when a Web Bridge listens on the same interface \(a\)/);
  });

  it('accepts Web Admin on 443 when the web app is on another interface', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1', { webAdminInterface: 'b', webAdminPort: 443 });
    new WebBridge(stack, 'wb', { server, apiServer: server });
    expect(synth(stack).warnings).toEqual([]);
  });

  it.each([
    [443, 445, /\[CMS-C2W-PORT\] the Call Bridge to Web Bridge \(c2w\) port must not be 443/],
    [445, 445, /\[CMS-C2W-PORT\] the c2w port 445 is the Web Admin port/],
  ])('[CMS-C2W-PORT] refuses c2w port %i with Web Admin on %i', (c2wPort, webAdminPort, message) => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1', { webAdminInterface: 'b', webAdminPort });
    new WebBridge(stack, 'wb', { server, apiServer: server, c2wPort, c2wInterface: 'c' });
    expect(() => synth(stack)).toThrow(message);
  });

  it('[CMS-PORT-CLASH] refuses the web app and Web Admin, or the web app and c2w, on one interface and port', () => {
    const stack = newStack();
    const a = meetingServer(stack, 'cms1', { webAdminInterface: 'a', webAdminPort: 8443 });
    new WebBridge(stack, 'wb1', { server: a, apiServer: a, webAppPort: 8443 });
    const b = meetingServer(stack, 'cms2');
    new WebBridge(stack, 'wb2', { server: b, apiServer: a, webAppPort: 9999 });
    expect(() => synth(stack)).toThrow(/\[test\/wb1\] \[CMS-PORT-CLASH\] the Web Admin and the web app \(Web Bridge 3 HTTPS\) both listen on a:8443[\s\S]*\[test\/wb2\] \[CMS-PORT-CLASH\] the web app \(Web Bridge 3 HTTPS\) and the c2w listener both listen on a:9999/);
  });
});
