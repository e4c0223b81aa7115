/**
 * A Call Bridge group (`cms_call_bridge_group`): Call Bridges of a cluster that load-balance
 * calls, in one location or across locations. Membership is kept on each member's peer entry.
 */
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { CallBridgeGroup as CallBridgeGroupResource } from '../generated/providers/cms/call-bridge-group';
import { DataCmsObject } from '../generated/providers/cms/data-cms-object';
import type { CallBridge } from './call-bridge';
import type { IMeetingServer } from './meeting-server';
import { apiProvider, apiProviderFindings } from './private/api-server';
import { addRuleCheck } from './private/findings';
import { stackRegistry } from './private/stack-checks';

/** A Call Bridge group, owned by the app or looked up. */
export interface ICallBridgeGroup extends IConstruct {
  /** Id (GUID) of the group. */
  readonly groupId: string;
}

/** Options for {@link CallBridgeGroup.fromName}. */
export interface CallBridgeGroupLookupOptions {
  /**
   * Node whose API is asked.
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
}

export interface CallBridgeGroupProps {
  /** Name of the group (unique: the provider finds the group by it). */
  readonly name: string;
  /**
   * Whether the members load-balance calls. Needs call control that supports it (Unified CM,
   * or Expressway X8.11 and later).
   * @default true: load balancing is what a group is for
   */
  readonly loadBalancing?: boolean;
  /**
   * Load-balance incoming Lync / Skype for Business calls to spaces.
   * @default the server's (false)
   */
  readonly loadBalanceLyncCalls?: boolean;
  /**
   * Load-balance outbound calls from spaces.
   * @default the server's (false)
   */
  readonly loadBalanceOutgoingCalls?: boolean;
  /**
   * Load-balance web app calls to spaces.
   * @default the server's (true)
   */
  readonly loadBalanceUserCalls?: boolean;
  /**
   * Load-balance incoming calls that carry Record-Route headers (calls through Expressway).
   * @default the server's (false)
   */
  readonly loadBalanceIndirectCalls?: boolean;
  /**
   * Members; each must be in a CallBridgeCluster.
   * @default none; add them with addCallBridge
   */
  readonly callBridges?: CallBridge[];
  /**
   * Node whose API creates the group.
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
}

export class CallBridgeGroup extends Construct implements ICallBridgeGroup {
  /** A group the app does not own, by its id. */
  public static fromGroupId(scope: Construct, id: string, groupId: string): ICallBridgeGroup {
    class Imported extends Construct implements ICallBridgeGroup {
      public readonly groupId = groupId;
    }
    return new Imported(scope, id);
  }

  /** A group the app does not own, found by name when Terraform plans (`cms_object` lookup). */
  public static fromName(scope: Construct, id: string, name: string, options: CallBridgeGroupLookupOptions = {}): ICallBridgeGroup {
    class Imported extends Construct implements ICallBridgeGroup {
      public readonly groupId: string;
      constructor() {
        super(scope, id);
        this.groupId = new DataCmsObject(this, 'Lookup', { type: 'cms_call_bridge_group', key: { name }, provider: apiProvider(options.apiServer) }).id;
      }
    }
    return new Imported();
  }

  public readonly groupId: string;
  public readonly name: string;
  /** The `cms_call_bridge_group` resource. */
  public readonly resource: CallBridgeGroupResource;
  private readonly members: CallBridge[] = [];

  constructor(scope: Construct, id: string, props: CallBridgeGroupProps) {
    super(scope, id);
    this.name = props.name;
    this.resource = new CallBridgeGroupResource(this, 'Resource', {
      name: props.name,
      loadBalancingEnabled: props.loadBalancing ?? true,
      loadBalanceLyncCalls: props.loadBalanceLyncCalls,
      loadBalanceOutgoingCalls: props.loadBalanceOutgoingCalls,
      loadBalanceUserCalls: props.loadBalanceUserCalls,
      loadBalanceIndirectCalls: props.loadBalanceIndirectCalls,
      provider: apiProvider(props.apiServer),
    });
    this.groupId = this.resource.id;
    for (const b of props.callBridges ?? []) this.addCallBridge(b);
    stackRegistry(this).callBridgeGroupNames.push(props.name);
    addRuleCheck(this, () => apiProviderFindings(this, props.apiServer));
  }

  /** The member Call Bridges. */
  public get callBridges(): readonly CallBridge[] {
    return [...this.members];
  }

  /** Adds a Call Bridge to the group; it must be in a CallBridgeCluster (rule CMS-GROUP-MEMBER). */
  public addCallBridge(bridge: CallBridge): void {
    bridge.joinGroup(this);
    this.members.push(bridge);
  }
}
