/** MeetingServer: one provider configuration per node, the node's MMP settings, node-level rules. */
import { CmsProvider } from '../../constructs/generated/providers/cms/provider';
import { CallBridge, MeetingServer, Platform, SpaceTemplate } from '../../constructs/src';
import { meetingServer, newStack, synth, warningsFor } from './helpers';

describe('MeetingServer', () => {
  it('makes a provider aliased by the node name, with the node as its mmp_node', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1', { username: 'api', caBundle: 'ca.pem', mmpPort: 2222, hostKeyFingerprint: 'SHA256:abc', mmpUsername: 'admin' });
    const [p] = synth(stack).providers();
    expect(p).toEqual({
      alias: 'cms1',
      url: 'https://cms1.example.com:445',
      username: 'api',
      ca_bundle: 'ca.pem',
      mmp_node: [{ name: 'cms1', address: 'cms1.example.com', port: 2222, host_key_fingerprint: 'SHA256:abc', username: 'admin' }],
    });
    expect(server.nodeName).toBe('cms1');
    expect(server.hostname).toBe('cms1.example.com');
    expect(server.mmpNode.address).toBe('cms1.example.com');
  });

  it('defaultProvider makes the provider alias-less, so objects naming no apiServer use it', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new SpaceTemplate(stack, 'team', { name: 'Team' });
    const s = synth(stack);
    expect(s.providers()[0].alias).toBeUndefined();
    expect(s.only('cms_cospace_template').provider).toBeUndefined();
  });

  it('fromProvider wraps a provider the app declared', () => {
    const stack = newStack();
    const p = new CmsProvider(stack, 'edge', { alias: 'edge', url: 'https://edge.example.com' });
    const server = MeetingServer.fromProvider(stack, 'EdgeServer', p);
    new SpaceTemplate(stack, 'team', { name: 'Team', apiServer: server });
    expect(server.nodeName).toBe('edge');
    expect(synth(stack).only('cms_cospace_template').provider).toBe('cms.edge');
  });

  it('NTP, DNS and Web Admin go to cms_node_settings through the node provider', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { ntpServers: ['ntp1.example.com'], dnsServers: ['10.0.0.2'], webAdminInterface: 'a', webAdminPort: 445 });
    expect(synth(stack).only('cms_node_settings')).toEqual({ node: 'cms1', provider: 'cms.cms1', ntp_servers: ['ntp1.example.com'], dns_servers: ['10.0.0.2'], web_admin_interface: 'a', web_admin_port: 445 });
  });

  it('a node without MMP settings gets no cms_node_settings', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1');
    expect(synth(stack).resources('cms_node_settings')).toEqual({});
  });

  it('refuses bad names, URLs, ports and interfaces early', () => {
    const stack = newStack();
    expect(() => meetingServer(stack, '1cms')).toThrow(/must start with a letter/);
    expect(() => new MeetingServer(stack, 'x', { name: 'x', apiUrl: 'cms1:445' })).toThrow(/apiUrl must be a URL/);
    expect(() => meetingServer(stack, 'y', { webAdminPort: 70000 })).toThrow(/TCP port/);
    expect(() => meetingServer(stack, 'z', { webAdminInterface: 'eth0' })).toThrow(/interface name a to e/);
  });

  it('a node runs one Call Bridge', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1');
    new CallBridge(stack, 'cb', { server });
    expect(() => new CallBridge(stack, 'cb-again', { server })).toThrow(/already has a Call Bridge/);
  });

  describe('[CMS-NTP] and [CMS-DNS]', () => {
    it.each([
      [[], /\[CMS-NTP\] a node needs at least one NTP server/],
      [['a', 'b', 'c', 'd', 'e', 'f'], /\[CMS-NTP\] at most 5 NTP servers/],
      [['ntp1', 'ntp1'], /\[CMS-NTP\] NTP servers listed twice: ntp1/],
    ])('refuses NTP servers %j', (ntpServers, message) => {
      const stack = newStack();
      meetingServer(stack, 'cms1', { ntpServers });
      expect(() => synth(stack)).toThrow(message);
    });

    it('refuses more than 5 DNS servers and duplicates, naming the construct path', () => {
      const stack = newStack();
      meetingServer(stack, 'cms1', { dnsServers: ['1', '2', '3', '4', '5', '6'] });
      meetingServer(stack, 'cms2', { dnsServers: ['10.0.0.2', '10.0.0.2'] });
      expect(() => synth(stack)).toThrow(/\[test\/cms1\] \[CMS-DNS\] at most 5 DNS servers[\s\S]*\[test\/cms2\] \[CMS-DNS\] DNS servers listed twice/);
    });

    it('accepts 1 to 5 distinct NTP servers', () => {
      const stack = newStack();
      meetingServer(stack, 'cms1', { ntpServers: ['1', '2', '3', '4', '5'], dnsServers: ['1'] });
      expect(synth(stack).warnings).toEqual([]);
    });
  });

  it('[CMS-SERVER-COUNT] warns above 8 servers in one stack', () => {
    const stack = newStack();
    for (let i = 1; i <= 8; i++) meetingServer(stack, `cms${i}`);
    expect(warningsFor(synth(stack), 'CMS-SERVER-COUNT')).toEqual([]);
    meetingServer(stack, 'cms9');
    expect(warningsFor(synth(stack), 'CMS-SERVER-COUNT')).toEqual(['[CMS-SERVER-COUNT] 9 Meeting Servers in one design: more than 8 needs validation by Cisco.']);
  });

  it('[CMS-RECORDER-NODE] warns when the Recorder runs on a Call Bridge node', () => {
    const stack = newStack();
    new CallBridge(stack, 'cb1', { server: meetingServer(stack, 'cms1', { runsRecorder: true }) });
    meetingServer(stack, 'rec1', { runsRecorder: true });
    expect(warningsFor(synth(stack), 'CMS-RECORDER-NODE')).toEqual(['[CMS-RECORDER-NODE] cms1 runs both the Call Bridge and the Recorder: run the Recorder on another node (same node only for testing).']);
  });

  it('warnings are reported once even when validation runs twice', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { runsRecorder: true, platform: Platform.SMALL_M7 });
    new CallBridge(stack, 'cb1', { server: stack.node.findChild('cms1') as MeetingServer, participantLimit: 5000 });
    synth(stack);
    expect(synth(stack).warnings).toHaveLength(2);
  });
});
