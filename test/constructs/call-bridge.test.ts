/** CallBridge, CallBridgeCluster and CallBridgeGroup: which object goes through which node, and the clustering rules. */
import { CallBridge, CallBridgeCluster, CallBridgeGroup, Platform } from '../../constructs/src';
import { meetingServer, newStack, synth, warningsFor } from './helpers';
import type { TerraformStack } from 'cdktf';

function bridges(stack: TerraformStack, n: number): CallBridge[] {
  return Array.from({ length: n }, (_, i) => new CallBridge(stack, `cb${i + 1}`, { server: meetingServer(stack, `cms${i + 1}`) }));
}

describe('CallBridge', () => {
  it('limits go to the node cluster settings through the node provider; listen interfaces and certificate to its node settings', () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1');
    new CallBridge(stack, 'cb1', { server, participantLimit: 1000, loadLimit: 96000, listenInterfaces: ['a', 'b'], certificateKeyFile: 'cb.key', certificateFile: 'cb.crt' });
    const s = synth(stack);
    expect(s.only('cms_call_bridge_cluster_settings')).toEqual({ provider: 'cms.cms1', participant_limit: 1000, load_limit: 96000 });
    expect(s.only('cms_node_settings')).toMatchObject({ node: 'cms1', provider: 'cms.cms1', call_bridge_listen_interfaces: ['a', 'b'], call_bridge_key: 'cb.key', call_bridge_certificate: 'cb.crt' });
    // Not clustered: no unique name, no peer entry.
    expect(s.resources('cms_call_bridge')).toEqual({});
  });

  it('a Call Bridge with nothing to set makes no resources', () => {
    const stack = newStack();
    new CallBridge(stack, 'cb1', { server: meetingServer(stack, 'cms1') });
    expect(synth(stack).json.resource).toBeUndefined();
  });

  it('refuses a key without a certificate and out-of-range limits', () => {
    const stack = newStack();
    expect(() => new CallBridge(stack, 'a', { server: meetingServer(stack, 'cms1'), certificateFile: 'cb.crt' })).toThrow(/together/);
    expect(() => new CallBridge(stack, 'b', { server: meetingServer(stack, 'cms2'), participantLimit: -1 })).toThrow(/participantLimit must be a whole number from 0 to 2147483647/);
  });

  it('callBridgeId needs a cluster', () => {
    const stack = newStack();
    const cb = new CallBridge(stack, 'cb1', { server: meetingServer(stack, 'cms1') });
    expect(() => cb.callBridgeId).toThrow(/no peer entry/);
  });

  describe('[CMS-CAPACITY]', () => {
    it('warns when the participant or load limit exceeds the platform', () => {
      const stack = newStack();
      new CallBridge(stack, 'cb1', { server: meetingServer(stack, 'cms1', { platform: Platform.SMALL_M7 }), participantLimit: 3001, loadLimit: 250000 });
      expect(warningsFor(synth(stack), 'CMS-CAPACITY')).toEqual([
        '[CMS-CAPACITY] participant limit 3001 is above what a Meeting Server Small M7 carries (3000 audio calls).',
        "[CMS-CAPACITY] load limit 250000 is above a Meeting Server Small M7's 240000.",
      ]);
    });

    it('uses the group capacity of a 2000 M6 in a Call Bridge group', () => {
      const stack = newStack();
      meetingServer(stack, 'api', { defaultProvider: true });
      const cb = new CallBridge(stack, 'cb1', { server: meetingServer(stack, 'cms1', { platform: Platform.MS2000_M6 }), participantLimit: 3000 });
      expect(warningsFor(synth(stack), 'CMS-CAPACITY')).toEqual([]);
      new CallBridgeCluster(stack, 'cluster', { callBridges: [cb] });
      new CallBridgeGroup(stack, 'london', { name: 'London', callBridges: [cb] });
      expect(warningsFor(synth(stack), 'CMS-CAPACITY')).toEqual(['[CMS-CAPACITY] participant limit 3000 is above what a Meeting Server 2000 M6 carries (1875 audio calls in a Call Bridge group).']);
    });

    it('says nothing without a declared platform', () => {
      const stack = newStack();
      new CallBridge(stack, 'cb1', { server: meetingServer(stack, 'cms1'), participantLimit: 100000 });
      expect(synth(stack).warnings).toEqual([]);
    });
  });
});

describe('CallBridgeCluster', () => {
  it('sets each member unique name on its node and creates its peer entry through the API server', () => {
    const stack = newStack();
    const [cb1, cb2] = bridges(stack, 2);
    const other = new CallBridge(stack, 'cb3', { server: meetingServer(stack, 'cms3'), uniqueName: 'london-3', sipDomain: 'cb3.example.com', peerAddress: 'https://10.0.0.3:445', peerLinkBitRate: 2000000 });
    new CallBridgeCluster(stack, 'cluster', { callBridges: [cb1, cb2, other], apiServer: cb1.server, peerLinkBitRate: 4000000, maxPeerVideoStreams: 2 });
    const s = synth(stack);
    expect(Object.values(s.resources('cms_call_bridge_cluster_settings'))).toEqual([
      { provider: 'cms.cms1', unique_name: 'cms1', peer_link_bit_rate: 4000000, max_peer_video_streams: 2 },
      { provider: 'cms.cms2', unique_name: 'cms2', peer_link_bit_rate: 4000000, max_peer_video_streams: 2 },
      { provider: 'cms.cms3', unique_name: 'london-3', peer_link_bit_rate: 2000000, max_peer_video_streams: 2 },
    ]);
    expect(Object.values(s.resources('cms_call_bridge'))).toEqual([
      { provider: 'cms.cms1', name: 'cms1', address: 'https://cms1.example.com:445' },
      { provider: 'cms.cms1', name: 'cms2', address: 'https://cms2.example.com:445' },
      { provider: 'cms.cms1', name: 'london-3', address: 'https://10.0.0.3:445', sip_domain: 'cb3.example.com' },
    ]);
  });

  it('a Call Bridge is in one cluster', () => {
    const stack = newStack();
    const [cb] = bridges(stack, 1);
    new CallBridgeCluster(stack, 'a', { callBridges: [cb], apiServer: cb.server });
    expect(() => new CallBridgeCluster(stack, 'b', { callBridges: [cb], apiServer: cb.server })).toThrow(/already in cluster test\/a/);
  });

  describe('[CMS-CB-CLUSTER-SIZE]', () => {
    it.each([[2, []], [7, []], [8, ['8 Call Bridges']], [24, ['24 Call Bridges']]])('%i members: warnings %j', (n, expected) => {
      const stack = newStack();
      const members = bridges(stack, n);
      new CallBridgeCluster(stack, 'cluster', { callBridges: members, apiServer: members[0].server });
      const w = warningsFor(synth(stack), 'CMS-CB-CLUSTER-SIZE');
      expect(w).toHaveLength(expected.length);
      if (expected.length) expect(w[0]).toContain(`a Call Bridge cluster of ${expected[0]} (8 or more) needs validation by Cisco`);
    });

    it('refuses 25 members', () => {
      const stack = newStack();
      const members = bridges(stack, 25);
      new CallBridgeCluster(stack, 'cluster', { callBridges: members, apiServer: members[0].server });
      expect(() => synth(stack)).toThrow(/\[test\/cluster\] \[CMS-CB-CLUSTER-SIZE\] a Call Bridge cluster has at most 24 Call Bridges; this one has 25/);
    });
  });

  it('[CMS-CB-UNIQUE-NAME] refuses two members with one unique name', () => {
    const stack = newStack();
    const a = new CallBridge(stack, 'a', { server: meetingServer(stack, 'cms1'), uniqueName: 'cb' });
    const b = new CallBridge(stack, 'b', { server: meetingServer(stack, 'cms2'), uniqueName: 'cb' });
    new CallBridgeCluster(stack, 'cluster', { callBridges: [a, b], apiServer: a.server });
    expect(() => synth(stack)).toThrow(/\[CMS-CB-UNIQUE-NAME\] .* cb is used more than once/);
  });

  it('[CMS-PROVIDER] refuses a cluster without apiServer when the stack has no default provider', () => {
    const stack = newStack();
    new CallBridgeCluster(stack, 'cluster', { callBridges: bridges(stack, 2) });
    expect(() => synth(stack)).toThrow(/\[test\/cluster\] \[CMS-PROVIDER\] this construct names no apiServer and the stack has no default cms provider/);
  });
});

describe('CallBridgeGroup', () => {
  it('creates the group with load balancing on and puts members in it through their peer entries', () => {
    const stack = newStack();
    const members = bridges(stack, 2);
    const cluster = new CallBridgeCluster(stack, 'cluster', { apiServer: members[0].server });
    const group = new CallBridgeGroup(stack, 'london', { name: 'London', loadBalanceOutgoingCalls: true, apiServer: members[0].server });
    // Either order works: the group before or after the cluster.
    group.addCallBridge(members[0]);
    cluster.addCallBridge(members[0]);
    cluster.addCallBridge(members[1]);
    group.addCallBridge(members[1]);
    const s = synth(stack);
    expect(s.only('cms_call_bridge_group')).toEqual({ provider: 'cms.cms1', name: 'London', load_balancing_enabled: true, load_balance_outgoing_calls: true });
    const groupId = `\${cms_call_bridge_group.${Object.keys(s.resources('cms_call_bridge_group'))[0]}.id}`;
    expect(Object.values(s.resources('cms_call_bridge')).map((e) => e.call_bridge_group)).toEqual([groupId, groupId]);
    expect(group.callBridges).toHaveLength(2);
  });

  it('fromName looks the group up with cms_object; fromGroupId takes the id', () => {
    const stack = newStack();
    const [cb1, cb2] = bridges(stack, 2);
    new CallBridgeCluster(stack, 'cluster', { callBridges: [cb1, cb2], apiServer: cb1.server });
    cb1.joinGroup(CallBridgeGroup.fromName(stack, 'paris', 'Paris', { apiServer: cb1.server }));
    cb2.joinGroup(CallBridgeGroup.fromGroupId(stack, 'berlin', '9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7'));
    const s = synth(stack);
    expect(Object.values(s.dataSources('cms_object'))).toEqual([{ provider: 'cms.cms1', type: 'cms_call_bridge_group', key: { name: 'Paris' } }]);
    expect(Object.values(s.resources('cms_call_bridge')).map((e) => e.call_bridge_group)).toEqual([`\${data.cms_object.${Object.keys(s.dataSources('cms_object'))[0]}.id}`, '9d5e3c1a-52f4-4d43-8a0e-4f0b3f61a2c7']);
  });

  it('[CMS-GROUP-MEMBER] refuses a member that is in no cluster', () => {
    const stack = newStack();
    const [cb] = bridges(stack, 1);
    new CallBridgeGroup(stack, 'london', { name: 'London', callBridges: [cb], apiServer: cb.server });
    expect(() => synth(stack)).toThrow(/\[test\/cb1\] \[CMS-GROUP-MEMBER\] Call Bridge group members must be in a Call Bridge cluster/);
  });

  it('[CMS-NAME-UNIQUE] refuses two groups with one name', () => {
    const stack = newStack();
    const api = meetingServer(stack, 'cms1');
    new CallBridgeGroup(stack, 'a', { name: 'London', apiServer: api });
    new CallBridgeGroup(stack, 'b', { name: 'London', apiServer: api });
    expect(() => synth(stack)).toThrow(/\[CMS-NAME-UNIQUE\] Call Bridge group names must be unique/);
  });
});
