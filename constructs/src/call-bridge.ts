/**
 * The Call Bridge of one node: its cluster settings (`cms_call_bridge_cluster_settings`, through
 * the node's own provider), its listening interfaces and certificate (node settings on the MMP),
 * and, once in a CallBridgeCluster, its peer entry (`cms_call_bridge`, a cluster-wide object).
 */
import { Construct } from 'constructs';
import { CallBridge as CallBridgeEntry } from '../generated/providers/cms/call-bridge';
import { CallBridgeClusterSettings } from '../generated/providers/cms/call-bridge-cluster-settings';
import type { CmsProvider } from '../generated/providers/cms/provider';
import type { ICallBridgeGroup } from './call-bridge-group';
import type { CallBridgeCluster } from './call-bridge-cluster';
import type { MeetingServer } from './meeting-server';
import type { NodeCertificate } from './node-certificate';
import { stackRegistry } from './private/stack-checks';
import { addRuleCheck } from './private/findings';
import { checkFileName, checkInterface, checkRange } from './private/util';
import * as rules from './rules';

export interface CallBridgeProps {
  /** The node the Call Bridge runs on. */
  readonly server: MeetingServer;
  /**
   * Name of the Call Bridge in its cluster (cluster settings `unique_name` and the peer entry's
   * name). Only set on the node when the Call Bridge is added to a CallBridgeCluster.
   * @default the node's name
   */
  readonly uniqueName?: string;
  /**
   * Where peers reach this Call Bridge's Web Admin (peer entry `address`).
   * @default the node's apiUrl
   */
  readonly peerAddress?: string;
  /**
   * SIP domain of the peer links that distribute calls to this Call Bridge (peer entry `sip_domain`).
   * @default none: peers link directly
   */
  readonly sipDomain?: string;
  /**
   * Most active participants on this Call Bridge; new SIP calls are refused beyond it.
   * @default no limit of its own
   */
  readonly participantLimit?: number;
  /**
   * Most load units on this Call Bridge (for example 96000 on a Meeting Server 1000).
   * @default no limit of its own
   */
  readonly loadLimit?: number;
  /**
   * Share of the load limit, in basis points, above which calls to new conferences are refused.
   * @default the server's (5000)
   */
  readonly newConferenceLoadLimitBasisPoints?: number;
  /**
   * Share of the load limit, in basis points, above which calls to existing conferences are refused.
   * @default the server's (8000)
   */
  readonly existingConferenceLoadLimitBasisPoints?: number;
  /**
   * Most media bit rate (bit/s) on links that distribute calls between Call Bridges.
   * @default the cluster's peerLinkBitRate, else the server's
   */
  readonly peerLinkBitRate?: number;
  /**
   * Most video streams over a distribution link.
   * @default the cluster's maxPeerVideoStreams, else the server's (4)
   */
  readonly maxPeerVideoStreams?: number;
  /**
   * Interfaces the Call Bridge listens on (MMP `callbridge listen`), a to e.
   * @default left as the node has it
   */
  readonly listenInterfaces?: string[];
  /**
   * Private key file of the Call Bridge certificate on the MMP (uploaded with SFTP).
   * @default left as the node has it
   */
  readonly certificateKeyFile?: string;
  /**
   * Certificate file of the Call Bridge on the MMP.
   * @default left as the node has it
   */
  readonly certificateFile?: string;
  /**
   * The Call Bridge's key and certificate, on its node (instead of certificateKeyFile and certificateFile).
   * @default certificateKeyFile and certificateFile
   */
  readonly certificate?: NodeCertificate;
  /**
   * The CA that signed the Web Bridge 3 c2w certificates, which this Call Bridge then trusts (`callbridge trust c2w`).
   * @default left as the node has it
   */
  readonly webBridgeTrust?: NodeCertificate;
}

export class CallBridge extends Construct {
  /** The node the Call Bridge runs on. */
  public readonly server: MeetingServer;
  /** Its name in a cluster. */
  public readonly uniqueName: string;
  public readonly participantLimit?: number;
  public readonly loadLimit?: number;

  private settings?: CallBridgeClusterSettings;
  private entry?: CallBridgeEntry;
  private memberOf?: CallBridgeCluster;
  private groupOf?: ICallBridgeGroup;
  private readonly props: CallBridgeProps;

  constructor(scope: Construct, id: string, props: CallBridgeProps) {
    super(scope, id);
    checkRange('participantLimit', props.participantLimit, 0, 2147483647);
    checkRange('loadLimit', props.loadLimit, 0, 2147483647);
    checkRange('newConferenceLoadLimitBasisPoints', props.newConferenceLoadLimitBasisPoints, 0, 10000);
    checkRange('existingConferenceLoadLimitBasisPoints', props.existingConferenceLoadLimitBasisPoints, 0, 10000);
    checkRange('peerLinkBitRate', props.peerLinkBitRate, 1, 2147483647);
    checkRange('maxPeerVideoStreams', props.maxPeerVideoStreams, 0, 2147483647);
    for (const i of props.listenInterfaces ?? []) checkInterface('listenInterfaces', i);
    checkFileName('certificateKeyFile', props.certificateKeyFile);
    checkFileName('certificateFile', props.certificateFile);
    if ((props.certificateKeyFile === undefined) !== (props.certificateFile === undefined)) throw new Error('CallBridge: give certificateKeyFile and certificateFile together.');
    if (props.certificate && props.certificateFile) throw new Error('CallBridge: give certificate, or certificateKeyFile and certificateFile, not both.');
    for (const cert of [props.certificate, props.webBridgeTrust]) {
      if (cert && cert.server !== props.server) throw new Error(`CallBridge: the certificate ${cert.name} is on node ${cert.server.nodeName}, not ${props.server.nodeName}.`);
    }

    this.props = props;
    this.server = props.server;
    this.uniqueName = props.uniqueName ?? props.server.nodeName;
    this.participantLimit = props.participantLimit;
    this.loadLimit = props.loadLimit;
    props.server.registerCallBridge(this);

    const limits = [props.participantLimit, props.loadLimit, props.newConferenceLoadLimitBasisPoints, props.existingConferenceLoadLimitBasisPoints, props.peerLinkBitRate, props.maxPeerVideoStreams];
    if (limits.some((v) => v !== undefined)) this.ensureClusterSettings();
    if (props.listenInterfaces || props.certificateFile || props.certificate || props.webBridgeTrust) {
      props.server.addNodeSettings(
        {
          callBridgeListenInterfaces: props.listenInterfaces,
          callBridgeKey: props.certificate?.keyFile ?? props.certificateKeyFile,
          callBridgeCertificate: props.certificate?.certificateFile ?? props.certificateFile,
          callBridgeC2WTrust: props.webBridgeTrust?.certificateFile,
        },
        this.node.path,
      );
    }

    addRuleCheck(this, () => [
      ...rules.callBridgeCapacity(this.server.platform, { participantLimit: props.participantLimit, loadLimit: props.loadLimit, inGroup: this.groupOf !== undefined }),
      ...(this.groupOf && !this.memberOf ? rules.callBridgeGroupMembers([this.node.path]) : []),
    ]);
  }

  /** Whether this Call Bridge trusts the Web Bridge 3 c2w certificates (webBridgeTrust). */
  public get trustsWebBridge(): boolean {
    return this.props.webBridgeTrust !== undefined;
  }

  /**
   * Trusts the CA of the Expressway-C that hands out short-term TURN credentials
   * (`callbridge trust expressway`, Meeting Server 3.13).
   */
  public trustExpressway(ca: NodeCertificate): void {
    if (ca.server !== this.server) throw new Error(`CallBridge ${this.node.path}: the certificate ${ca.name} is on node ${ca.server.nodeName}, not ${this.server.nodeName}.`);
    this.server.addNodeSettings({ callBridgeExpresswayTrust: ca.certificateFile }, this.node.path);
    stackRegistry(this).bridgesTrustingExpressway.push(this.node.path);
  }

  /** The cluster this Call Bridge is in, if any. */
  public get cluster(): CallBridgeCluster | undefined {
    return this.memberOf;
  }

  /** The Call Bridge group this Call Bridge is in, if any. */
  public get group(): ICallBridgeGroup | undefined {
    return this.groupOf;
  }

  /** The node's `cms_call_bridge_cluster_settings`, when any is set. */
  public get clusterSettings(): CallBridgeClusterSettings | undefined {
    return this.settings;
  }

  /** The peer entry (`cms_call_bridge`), once the Call Bridge is in a cluster. */
  public get peerEntry(): CallBridgeEntry | undefined {
    return this.entry;
  }

  /** Id of the peer entry, for objects scoped to this Call Bridge (TURN servers, web bridges). */
  public get callBridgeId(): string {
    if (!this.entry) throw new Error(`CallBridge ${this.node.path} is in no CallBridgeCluster, so it has no peer entry (cms_call_bridge) to refer to.`);
    return this.entry.id;
  }

  /**
   * Puts this Call Bridge in a Call Bridge group (the peer entry's `call_bridge_group`). Use this
   * for a group the app does not own; `CallBridgeGroup.addCallBridge` calls it.
   */
  public joinGroup(group: ICallBridgeGroup): void {
    if (this.groupOf && this.groupOf !== group) throw new Error(`CallBridge ${this.node.path} is already in group ${this.groupOf.node.path}; a Call Bridge is in one group.`);
    this.groupOf = group;
    if (this.entry) this.entry.callBridgeGroup = group.groupId;
  }

  /**
   * Called by CallBridgeCluster.addCallBridge (use that): sets the cluster unique name on the node
   * and creates the peer entry through the cluster's API provider.
   */
  public attachToCluster(cluster: CallBridgeCluster, apiProvider: CmsProvider | undefined, peerLink: { readonly peerLinkBitRate?: number; readonly maxPeerVideoStreams?: number }): void {
    if (this.memberOf) throw new Error(`CallBridge ${this.node.path} is already in cluster ${this.memberOf.node.path}.`);
    this.memberOf = cluster;
    const settings = this.ensureClusterSettings();
    settings.uniqueName = this.uniqueName;
    if (this.props.peerLinkBitRate === undefined && peerLink.peerLinkBitRate !== undefined) settings.peerLinkBitRate = peerLink.peerLinkBitRate;
    if (this.props.maxPeerVideoStreams === undefined && peerLink.maxPeerVideoStreams !== undefined) settings.maxPeerVideoStreams = peerLink.maxPeerVideoStreams;
    this.entry = new CallBridgeEntry(this, 'PeerEntry', {
      name: this.uniqueName,
      address: this.props.peerAddress ?? this.server.apiUrl,
      sipDomain: this.props.sipDomain,
      callBridgeGroup: this.groupOf?.groupId,
      provider: apiProvider,
    });
  }

  private ensureClusterSettings(): CallBridgeClusterSettings {
    // Per-node object: always through this node's own provider.
    this.settings ??= new CallBridgeClusterSettings(this, 'ClusterSettings', {
      provider: this.server.provider,
      participantLimit: this.props.participantLimit,
      loadLimit: this.props.loadLimit,
      newConferenceLoadLimitBasisPoints: this.props.newConferenceLoadLimitBasisPoints,
      existingConferenceLoadLimitBasisPoints: this.props.existingConferenceLoadLimitBasisPoints,
      peerLinkBitRate: this.props.peerLinkBitRate,
      maxPeerVideoStreams: this.props.maxPeerVideoStreams,
    });
    return this.settings;
  }
}
