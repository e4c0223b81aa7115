/**
 * A TURN server entry (`cms_turn_server`): usually an Expressway-E, with long-term credentials
 * or (Meeting Server 3.13) short-term credentials from an Expressway-C; or the node's own TURN.
 */
import { Construct } from 'constructs';
import { TurnServer as TurnServerResource } from '../generated/providers/cms/turn-server';
import type { CallBridge } from './call-bridge';
import type { ICallBridgeGroup } from './call-bridge-group';
import type { IMeetingServer } from './meeting-server';
import { apiProvider, apiProviderFindings } from './private/api-server';
import { addRuleCheck } from './private/findings';
import { stackRegistry } from './private/stack-checks';
import { checkPort, checkRange } from './private/util';
import * as rules from './rules';
import type { Secret } from './secret';
import { setWriteOnlySecret } from './private/write-only';
import { TurnCredentialMode, TurnServerType } from './types';

/** Options of {@link TurnCredentials.longTerm}. */
export interface LongTermCredentialOptions {
  /** TURN user name. */
  readonly username: string;
  /** TURN password. */
  readonly password: Secret;
}

/** Options of {@link TurnCredentials.shortTerm}. */
export interface ShortTermCredentialOptions {
  /** The Expressway-C that issues per-call credentials; its domain must be the Expressway-C domain. */
  readonly credentialServerAddress: string;
  /** Expressway-C user with API access the Call Bridge signs in as. */
  readonly username: string;
  /** Password of that user. */
  readonly password: Secret;
  /**
   * Prefix of the generated user names; its domain must be the Expressway-C domain.
   * @default none
   */
  readonly usernamePrefix?: string;
}

/** How the Call Bridge authenticates to a TURN server. */
export class TurnCredentials {
  /** A fixed user name and password. */
  public static longTerm(options: LongTermCredentialOptions): TurnCredentials {
    return new TurnCredentials(TurnCredentialMode.LONG_TERM, options.username, options.password);
  }

  /** Per-call credentials from an Expressway-C credential server (Meeting Server 3.13; type must be expressway). */
  public static shortTerm(options: ShortTermCredentialOptions): TurnCredentials {
    return new TurnCredentials(TurnCredentialMode.SHORT_TERM, options.username, options.password, options.credentialServerAddress, options.usernamePrefix);
  }

  private constructor(
    public readonly mode: TurnCredentialMode,
    public readonly username: string,
    public readonly password: Secret,
    public readonly credentialServerAddress?: string,
    public readonly usernamePrefix?: string,
  ) {}
}

export interface TurnServerProps {
  /** Address the Call Bridge reaches the TURN server on (an Expressway-E's private address). */
  readonly serverAddress: string;
  /**
   * Address clients reach the TURN server on (an Expressway-E's public address).
   * @default the server's (clients use serverAddress)
   */
  readonly clientAddress?: string;
  /** Kind of TURN server. */
  readonly type: TurnServerType;
  /** Long-term or short-term credentials; all TURN servers of a deployment use one mode. */
  readonly credentials: TurnCredentials;
  /**
   * TCP port for media relayed over TCP (3478 for Expressway).
   * @default the server's
   */
  readonly tcpPortNumberOverride?: number;
  /**
   * Number of registrations (only for a Lync edge).
   * @default the server's
   */
  readonly numRegistrations?: number;
  /**
   * Only this Call Bridge (of a cluster) uses the TURN server.
   * @default every Call Bridge
   */
  readonly callBridge?: CallBridge;
  /**
   * Only the Call Bridges of this group use the TURN server.
   * @default every Call Bridge
   */
  readonly callBridgeGroup?: ICallBridgeGroup;
  /**
   * Node whose API creates the entry.
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
}

export class TurnServer extends Construct {
  public readonly type: TurnServerType;
  public readonly credentialMode: TurnCredentialMode;
  /** The `cms_turn_server` resource. */
  public readonly resource: TurnServerResource;

  constructor(scope: Construct, id: string, props: TurnServerProps) {
    super(scope, id);
    if (props.tcpPortNumberOverride !== undefined) checkPort('tcpPortNumberOverride', props.tcpPortNumberOverride);
    checkRange('numRegistrations', props.numRegistrations, 0, 1000);
    const c = props.credentials;
    this.type = props.type;
    this.credentialMode = c.mode;
    const shortTerm = c.mode === TurnCredentialMode.SHORT_TERM;
    this.resource = new TurnServerResource(this, 'Resource', {
      serverAddress: props.serverAddress,
      clientAddress: props.clientAddress,
      type: props.type,
      username: shortTerm ? undefined : c.username,
      useShortTermCredentials: shortTerm ? true : undefined,
      credentialServerAddress: c.credentialServerAddress,
      credentialServerUsername: shortTerm ? c.username : undefined,
      usernamePrefix: c.usernamePrefix,
      numRegistrations: props.numRegistrations,
      tcpPortNumberOverride: props.tcpPortNumberOverride,
      callBridge: props.callBridge?.callBridgeId,
      callBridgeGroup: props.callBridgeGroup?.groupId,
      provider: apiProvider(props.apiServer),
    });
    // Write-only: the password reaches the server but never the plan or the state.
    setWriteOnlySecret(this.resource, shortTerm ? 'credential_server_password' : 'password', c.password);
    stackRegistry(this).turnServers.push({ name: this.node.path, mode: c.mode, credentialServer: c.credentialServerAddress });
    addRuleCheck(this, () => [...rules.turnShortTermType(c.mode, props.type), ...apiProviderFindings(this, props.apiServer)]);
  }
}
