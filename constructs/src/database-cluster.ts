/**
 * A database cluster (`cms_database_cluster`), formed on the nodes' MMPs: one primary, the other
 * database nodes as replicas, and Call Bridges without a database of their own connected to it.
 * The resource reaches every node over SSH, so it gets its own provider configuration: the
 * primary's API settings plus an `mmp_node` block for every node involved.
 *
 * A node that joins the cluster has its database replaced by the primary's: anything written
 * through it before is lost. So every object of the stack that lives in the configuration
 * database and is written or read through one of the cluster's nodes depends on the cluster
 * being formed (an Aspect adds the `depends_on`); what each node keeps itself (its MMP
 * settings, its own Call Bridge settings and views) does not wait.
 */
import { Aspects, dependable, TerraformDataSource, TerraformResource, TerraformStack } from 'cdktf';
import type { IAspect, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { DatabaseCluster as DatabaseClusterResource } from '../generated/providers/cms/database-cluster';
import { CmsProvider } from '../generated/providers/cms/provider';
import type { CallBridge } from './call-bridge';
import type { MeetingServer } from './meeting-server';
import { addRuleCheck } from './private/findings';
import { NODE_LOCAL_TYPES } from './private/node-local-types';
import { checkFileName, checkInterface, checkRange } from './private/util';
import * as rules from './rules';

export interface DatabaseClusterProps {
  /** The database nodes: an odd number, 3 recommended (2 is refused). */
  readonly nodes: MeetingServer[];
  /**
   * The node that initializes the cluster: its database is kept, the others get a copy of it.
   * @default the first of nodes
   */
  readonly primary?: MeetingServer;
  /**
   * Call Bridges on nodes without a database node that use the cluster.
   * @default none
   */
  readonly connectedCallBridges?: CallBridge[];
  /**
   * Address each database node is reached on by the others (port 5432), by node name.
   * @default each node's MMP address
   */
  readonly nodeAddresses?: { readonly [nodeName: string]: string };
  /**
   * Interface each database node listens on, a to e.
   * @default `a`
   */
  readonly interface?: string;
  /** Database server private key file on each database node (uploaded with SFTP). */
  readonly serverKeyFile: string;
  /** Database server certificate file. */
  readonly serverCertificateFile: string;
  /** Database client private key file (the client certificate's CN must be `postgres`). */
  readonly clientKeyFile: string;
  /** Database client certificate file. */
  readonly clientCertificateFile: string;
  /** CA certificate that signed every node's database certificates (one CA for all, as the rules require). */
  readonly caCertificateFile: string;
  /**
   * How long to wait for every node to report itself in the cluster.
   * @default the provider's (300 seconds)
   */
  readonly timeoutSeconds?: number;
  /**
   * Alias of the provider configuration made for the cluster.
   * @default `db-<construct id>`
   */
  readonly providerAlias?: string;
}

export class DatabaseCluster extends Construct {
  /** The provider configuration that reaches every node involved. */
  public readonly provider: CmsProvider;
  /** The `cms_database_cluster` resource. */
  public readonly resource: DatabaseClusterResource;
  public readonly nodes: readonly MeetingServer[];
  public readonly primary: MeetingServer;
  /** Nodes of the connected Call Bridges. */
  public readonly connectedNodes: readonly MeetingServer[];

  constructor(scope: Construct, id: string, props: DatabaseClusterProps) {
    super(scope, id);
    if (props.interface !== undefined) checkInterface('interface', props.interface);
    checkRange('timeoutSeconds', props.timeoutSeconds, 10, 3600);
    for (const [what, file] of Object.entries({ serverKeyFile: props.serverKeyFile, serverCertificateFile: props.serverCertificateFile, clientKeyFile: props.clientKeyFile, clientCertificateFile: props.clientCertificateFile, caCertificateFile: props.caCertificateFile })) {
      checkFileName(what, file);
    }
    if (props.nodes.length === 0) throw new Error('DatabaseCluster needs at least one node.');
    const unknown = Object.keys(props.nodeAddresses ?? {}).filter((name) => !props.nodes.some((n) => n.nodeName === name));
    if (unknown.length) throw new Error(`DatabaseCluster nodeAddresses names ${unknown.join(', ')}, which is not one of the database nodes.`);
    this.nodes = props.nodes;
    this.primary = props.primary ?? props.nodes[0];
    this.connectedNodes = (props.connectedCallBridges ?? []).map((b) => b.server);

    const involved = [...new Set([this.primary, ...props.nodes, ...this.connectedNodes])];
    this.provider = new CmsProvider(this, 'Provider', {
      ...this.primary.apiSettings,
      alias: props.providerAlias ?? `db-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`,
      mmpNode: involved.map((n) => n.mmpNode),
    });
    this.resource = new DatabaseClusterResource(this, 'Resource', {
      provider: this.provider,
      nodes: Object.fromEntries(props.nodes.map((n) => [n.nodeName, props.nodeAddresses?.[n.nodeName] ?? n.mmpNode.address])),
      primary: this.primary.nodeName,
      connectedNodes: this.connectedNodes.length ? this.connectedNodes.map((n) => n.nodeName) : undefined,
      interface: props.interface,
      serverKey: props.serverKeyFile,
      serverCertificate: props.serverCertificateFile,
      clientKey: props.clientKeyFile,
      clientCertificate: props.clientCertificateFile,
      caCertificate: props.caCertificateFile,
      timeoutSeconds: props.timeoutSeconds,
    });

    Aspects.of(TerraformStack.of(this)).add(new AfterDatabaseCluster(this.resource, involved));

    addRuleCheck(this, () => [
      ...rules.databaseClusterSize(props.nodes.length),
      ...rules.databaseClusterMembers(props.nodes.map((n) => n.nodeName), this.primary.nodeName, this.connectedNodes.map((n) => n.nodeName)),
      // The Call Bridges using the database: those on its nodes and those connected to it.
      ...rules.databaseSharing(involved.flatMap((n) => (n.callBridge ? [{ name: n.callBridge.node.path, cluster: n.callBridge.cluster?.node.path }] : []))),
    ]);
  }
}

/**
 * Makes each cms resource and data source of the stack that uses one of the cluster's nodes and
 * lives in the configuration database depend on the cluster resource.
 */
class AfterDatabaseCluster implements IAspect {
  private readonly providers: ReadonlySet<TerraformProvider>;
  /** Objects that name no provider use the stack's default one: one of these nodes, or none of them. */
  private readonly defaultProviderIncluded: boolean;

  constructor(
    private readonly cluster: DatabaseClusterResource,
    nodes: readonly MeetingServer[],
  ) {
    this.providers = new Set(nodes.map((n) => n.provider));
    this.defaultProviderIncluded = nodes.some((n) => n.provider.alias === undefined);
  }

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) && !(node instanceof TerraformDataSource)) return;
    if (node === this.cluster || !node.terraformResourceType.startsWith('cms_') || NODE_LOCAL_TYPES.includes(node.terraformResourceType)) return;
    const usesClusterNode = node.provider ? this.providers.has(node.provider) : this.defaultProviderIncluded;
    if (!usesClusterNode) return;
    // As cdktf writes a `dependsOn` given at construction: the resource's address, without ${}.
    node.dependsOn = [...(node.dependsOn ?? []), dependable(this.cluster)];
  }
}
