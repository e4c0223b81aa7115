/**
 * A Call Bridge cluster: Call Bridges acting as one. Each member gets its cluster unique name
 * (on its node) and a peer entry (`cms_call_bridge`, in the shared database) naming where its
 * peers reach it.
 */
import { Construct } from 'constructs';
import type { CallBridge } from './call-bridge';
import type { IMeetingServer } from './meeting-server';
import { apiProvider, apiProviderFindings } from './private/api-server';
import { addRuleCheck } from './private/findings';
import { checkRange } from './private/util';
import * as rules from './rules';

export interface CallBridgeClusterProps {
  /**
   * The Call Bridges of the cluster (at most 24; more than 8 needs validation by Cisco).
   * @default none; add them with addCallBridge
   */
  readonly callBridges?: CallBridge[];
  /**
   * Node whose API creates the peer entries (they live in the cluster's shared database, so
   * any member will do).
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
  /**
   * Most media bit rate (bit/s) on the peer links, for members that set none themselves.
   * @default the server's
   */
  readonly peerLinkBitRate?: number;
  /**
   * Most video streams over a peer link, for members that set none themselves.
   * @default the server's (4)
   */
  readonly maxPeerVideoStreams?: number;
}

export class CallBridgeCluster extends Construct {
  public readonly apiServer?: IMeetingServer;
  private readonly members: CallBridge[] = [];
  private readonly props: CallBridgeClusterProps;

  constructor(scope: Construct, id: string, props: CallBridgeClusterProps = {}) {
    super(scope, id);
    checkRange('peerLinkBitRate', props.peerLinkBitRate, 1, 2147483647);
    checkRange('maxPeerVideoStreams', props.maxPeerVideoStreams, 0, 2147483647);
    this.props = props;
    this.apiServer = props.apiServer;
    for (const b of props.callBridges ?? []) this.addCallBridge(b);
    addRuleCheck(this, () => [
      ...rules.callBridgeClusterSize(this.members.length),
      ...rules.callBridgeUniqueNames(this.members.map((b) => b.uniqueName)),
      ...apiProviderFindings(this, this.apiServer),
    ]);
  }

  /** The member Call Bridges. */
  public get callBridges(): readonly CallBridge[] {
    return [...this.members];
  }

  /** Adds a Call Bridge: sets its unique name on its node and creates its peer entry. */
  public addCallBridge(bridge: CallBridge): void {
    bridge.attachToCluster(this, apiProvider(this.apiServer), { peerLinkBitRate: this.props.peerLinkBitRate, maxPeerVideoStreams: this.props.maxPeerVideoStreams });
    this.members.push(bridge);
  }
}
