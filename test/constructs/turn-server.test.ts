/** TurnServer: long-term and short-term credentials, and the credential mode rules. */
import { CallBridge, CallBridgeCluster, CallBridgeGroup, Secret, TurnCredentials, TurnServer, TurnServerType } from '../../constructs/src';
import type { TerraformStack } from 'cdktf';
import { meetingServer, newStack, synth, warningsFor } from './helpers';

function shortTerm(stack: TerraformStack, server = 'expc.example.com'): TurnCredentials {
  return TurnCredentials.shortTerm({ credentialServerAddress: server, username: 'cms', password: Secret.fromVariable(stack, 'expc_password'), usernamePrefix: 'cms@example.com' });
}

function longTerm(stack: TerraformStack): TurnCredentials {
  return TurnCredentials.longTerm({ username: 'turnuser', password: Secret.fromVariable(stack, 'turn_password') });
}

describe('TurnServer', () => {
  it('long-term credentials: user name and password (write-only, with its version)', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new TurnServer(stack, 'edge', { serverAddress: '10.0.0.10', clientAddress: '203.0.113.10', type: TurnServerType.EXPRESSWAY, credentials: longTerm(stack), tcpPortNumberOverride: 3478 });
    expect(synth(stack).only('cms_turn_server')).toEqual({
      server_address: '10.0.0.10',
      client_address: '203.0.113.10',
      type: 'expressway',
      username: 'turnuser',
      password_wo: '${var.turn_password}',
      password_wo_version: 1,
      tcp_port_number_override: 3478,
    });
  });

  it('short-term credentials: the credential server settings and no long-term user', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new TurnServer(stack, 'edge', { serverAddress: '10.0.0.10', type: TurnServerType.EXPRESSWAY, credentials: shortTerm(stack) });
    expect(synth(stack).only('cms_turn_server')).toEqual({
      server_address: '10.0.0.10',
      type: 'expressway',
      use_short_term_credentials: true,
      credential_server_address: 'expc.example.com',
      credential_server_username: 'cms',
      credential_server_password_wo: '${var.expc_password}',
      credential_server_password_wo_version: 1,
      username_prefix: 'cms@example.com',
    });
  });

  it("the node's own TURN, scoped to a Call Bridge and a group", () => {
    const stack = newStack();
    const server = meetingServer(stack, 'cms1', { defaultProvider: true });
    const cb = new CallBridge(stack, 'cb1', { server });
    new CallBridgeCluster(stack, 'cluster', { callBridges: [cb] });
    const group = new CallBridgeGroup(stack, 'london', { name: 'London' });
    new TurnServer(stack, 'own', { serverAddress: '10.0.0.1', type: TurnServerType.MEETING_SERVER, credentials: longTerm(stack), callBridge: cb, callBridgeGroup: group });
    const t = synth(stack).only('cms_turn_server');
    expect(t.type).toBe('cms');
    expect(t.call_bridge).toMatch(/^\$\{cms_call_bridge\.cb1_PeerEntry_[0-9A-F]+\.id\}$/);
    expect(t.call_bridge_group).toMatch(/^\$\{cms_call_bridge_group\.london_[0-9A-F]+\.id\}$/);
  });

  it('[CMS-TURN-CREDENTIAL-MODE] refuses a mix of long-term and short-term servers', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new TurnServer(stack, 'a', { serverAddress: '10.0.0.10', type: TurnServerType.EXPRESSWAY, credentials: longTerm(stack) });
    new TurnServer(stack, 'b', { serverAddress: '10.0.0.11', type: TurnServerType.EXPRESSWAY, credentials: shortTerm(stack) });
    expect(() => synth(stack)).toThrow(/\[test\] \[CMS-TURN-CREDENTIAL-MODE\] all TURN servers must use the same credential mode; long-term: test\/a; short-term: test\/b/);
  });

  it('[CMS-TURN-SHORT-TERM-TYPE] refuses short-term credentials on a server that is not an Expressway', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new TurnServer(stack, 'a', { serverAddress: '10.0.0.10', type: TurnServerType.STANDARD, credentials: shortTerm(stack) });
    expect(() => synth(stack)).toThrow(/\[test\/a\] \[CMS-TURN-SHORT-TERM-TYPE\] short-term TURN credentials need type expressway; this TURN server is standard/);
  });

  it('[CMS-TURN-CREDENTIAL-SERVERS] warns when more than one credential server is named', () => {
    const stack = newStack();
    meetingServer(stack, 'cms1', { defaultProvider: true });
    new TurnServer(stack, 'a', { serverAddress: '10.0.0.10', type: TurnServerType.EXPRESSWAY, credentials: shortTerm(stack, 'expc1.example.com') });
    new TurnServer(stack, 'b', { serverAddress: '10.0.0.11', type: TurnServerType.EXPRESSWAY, credentials: shortTerm(stack, 'EXPC1.example.com') });
    expect(warningsFor(synth(stack), 'CMS-TURN-CREDENTIAL-SERVERS')).toEqual([]);
    new TurnServer(stack, 'c', { serverAddress: '10.0.0.12', type: TurnServerType.EXPRESSWAY, credentials: shortTerm(stack, 'expc2.example.com') });
    expect(warningsFor(synth(stack), 'CMS-TURN-CREDENTIAL-SERVERS')).toEqual([
      '[CMS-TURN-CREDENTIAL-SERVERS] 2 credential servers are named (expc1.example.com, expc2.example.com): failover between Expressway-C credential servers is not supported with short-term credentials.',
    ]);
  });
});
