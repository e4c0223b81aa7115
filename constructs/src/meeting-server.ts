/**
 * A Meeting Server node: its API (Web Admin) endpoint and its MMP (SSH) endpoint. It makes the
 * provider configuration that talks to this node, which per-node objects use, and holds the
 * node's MMP settings (`cms_node_settings`), to which CallBridge and WebBridge add theirs.
 */
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { Aspects, TerraformResource, TerraformStack, Token } from 'cdktf';
import type { IAspect } from 'cdktf';
import { MmpAccount } from '../generated/providers/cms/mmp-account';
import { MmpAccountPolicy } from '../generated/providers/cms/mmp-account-policy';
import { NodeLogging } from '../generated/providers/cms/node-logging';
import { NodeSettings } from '../generated/providers/cms/node-settings';
import { NodeTls } from '../generated/providers/cms/node-tls';
import type { NodeSettingsConfig } from '../generated/providers/cms/node-settings';
import { CmsProvider } from '../generated/providers/cms/provider';
import type { CmsProviderConfig, CmsProviderMmpNode } from '../generated/providers/cms/provider';
import type { Platform } from './platform';
import { addRuleCheck } from './private/findings';
import { MMP_TYPES } from './private/node-local-types';
import { stackRegistry } from './private/stack-checks';
import { checkInterface, checkPort, checkRange, hostOf } from './private/util';
import * as rules from './rules';
import type { Secret } from './secret';
import type { CallBridge } from './call-bridge';
import type { NodeCertificate } from './node-certificate';
import type { WebBridge } from './web-bridge';

/** An MMP account of a node (`cms_mmp_account`): its name, password and SSH keys. */
export interface MmpAccountOptions {
  /** User name. */
  readonly name: string;
  /** Its password, write-only: sent when the account is made and when the Secret's `version` changes. */
  readonly password: Secret;
  /**
   * OpenSSH public keys that may sign in as this user.
   * @default none
   */
  readonly authorizedKeys?: string[];
}

/** The node's password and login rules (`cms_mmp_account_policy`). */
export interface PasswordPolicy {
  /** @default the node's (8) */
  readonly minLength?: number;
  /** Days a password stays valid; 0 = never expires. @default the node's (about 6 months) */
  readonly maxAgeDays?: number;
  /** Failed logins in a row that lock an account; 0 = never. @default the node's (0) */
  readonly maxFailedLogins?: number;
}


/**
 * Makes every API resource of a node that brings its own API up depend on what brings it up (the
 * node settings that enable the Web Admin, the `api` account), so apply and destroy run in order.
 */
class ApiAfterBootstrap implements IAspect {
  constructor(private readonly server: MeetingServer) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || MMP_TYPES.includes(node.terraformResourceType)) return;
    if (!node.terraformResourceType.startsWith('cms_')) return;
    const usesThisNode = node.provider === this.server.provider || (node.provider === undefined && this.server.provider.alias === undefined);
    if (!usesThisNode) return;
    // depends_on takes bare references (`type.name`), not interpolations.
    const after = this.server.bootstrapResources.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
    node.dependsOn = [...new Set([...(node.dependsOn ?? []), ...after])];
  }
}

/** A node whose API objects can be created through: a MeetingServer, or a provider the app declared. */
export interface IMeetingServer extends IConstruct {
  /** Name of the node: its `mmp_node` name (and the provider alias of a MeetingServer). */
  readonly nodeName: string;
  /** The provider configuration that talks to this node's API. */
  readonly provider: CmsProvider;
}

/** Settings of `cms_node_settings`, which CallBridge and WebBridge add to their node's. */
export type NodeSettingsFragment = Partial<Omit<NodeSettingsConfig, 'nodeAttribute' | 'provider' | 'dependsOn' | 'count' | 'lifecycle' | 'forEach' | 'provisioners' | 'connection'>>;

export interface MeetingServerProps {
  /**
   * Name of the node, such as `cms1`: the provider alias, the `mmp_node` name that MMP resources
   * use, and the default Call Bridge unique name. Letters, digits, `_` and `-`.
   */
  readonly name: string;
  /** Address of the node's Web Admin, which serves the API, such as `https://cms1.example.com:445`. */
  readonly apiUrl: string;
  /**
   * API user (MMP user with the `api`, `appadmin` or `admin` role).
   * @default the provider reads CMS_USERNAME
   */
  readonly username?: string;
  /**
   * Password of the API user.
   * @default the provider reads CMS_PASSWORD
   */
  readonly password?: Secret;
  /**
   * CA certificates (PEM text or a file path) that signed the Web Admin certificate.
   * @default the provider reads CMS_CA_BUNDLE, else the system's trusted CAs
   */
  readonly caBundle?: string;
  /**
   * Skip TLS verification of the Web Admin certificate: only for labs with self-signed certificates.
   * @default false (certificates are verified)
   */
  readonly insecure?: boolean;
  /**
   * Seconds to wait for one API request before retrying it.
   * @default the provider's default (30)
   */
  readonly timeoutSeconds?: number;
  /**
   * Host name or address of the node's MMP (SSH).
   * @default the host of apiUrl
   */
  readonly mmpAddress?: string;
  /**
   * SSH port of the MMP.
   * @default 22
   */
  readonly mmpPort?: number;
  /**
   * The node's SSH host key fingerprint (`SHA256:...`); a node presenting another key is refused.
   * @default the key must be trusted some other way (mmpTrustOnFirstUse), else it is refused
   */
  readonly hostKeyFingerprint?: string;
  /**
   * MMP user with the `admin` role.
   * @default the provider's mmp_username (CMS_MMP_USERNAME)
   */
  readonly mmpUsername?: string;
  /**
   * Password of the MMP user.
   * @default the provider's mmp_password (CMS_MMP_PASSWORD) or mmpPrivateKey
   */
  readonly mmpPassword?: Secret;
  /**
   * Private key of the MMP user.
   * @default the provider reads CMS_MMP_PRIVATE_KEY
   */
  readonly mmpPrivateKey?: Secret;
  /**
   * Accept the node's SSH host key the first time when no fingerprint is pinned.
   * @default false (an unknown key is refused)
   */
  readonly mmpTrustOnFirstUse?: boolean;
  /**
   * Make this node's provider the stack's default one (no alias): objects that name no
   * apiServer (space templates, LDAP, TURN servers...) are then created through this node.
   * @default false (the provider has the alias `name`)
   */
  readonly defaultProvider?: boolean;
  /**
   * The hardware platform, for capacity checks of participant and load limits.
   * @default unknown: no capacity checks
   */
  readonly platform?: Platform;
  /**
   * NTP servers (1 to 5, no repeats).
   * @default NTP is left as the node has it
   */
  readonly ntpServers?: string[];
  /**
   * DNS servers (at most 5, no repeats).
   * @default DNS is left as the node has it
   */
  readonly dnsServers?: string[];
  /**
   * Interface the Web Admin (and so the API) listens on, a to e.
   * @default left as the node has it
   */
  readonly webAdminInterface?: string;
  /**
   * Port of the Web Admin; not 443 when a Web Bridge listens on the same interface. Changing it
   * moves the API: apiUrl must follow.
   * @default left as the node has it
   */
  readonly webAdminPort?: number;
  /**
   * The node runs the Recorder (set up outside this library); used to warn when it shares the
   * node with the Call Bridge.
   * @default false
   */
  readonly runsRecorder?: boolean;
  /**
   * The MMP account (role `api`) this node's provider signs in to the API with, made by this app
   * over the MMP: for a blank node, which has none. The provider then checks the API only when a
   * resource first needs it, and every API resource through this node waits for the account and
   * the node settings (Web Admin) to be applied first. Replaces `username` and `password`.
   * @default none: the API user exists already (username/password, or CMS_USERNAME/CMS_PASSWORD)
   */
  readonly apiAccount?: MmpAccountOptions;
  /**
   * A backup administrator (role `admin`), as the Installation Assistant makes: not `admin`, alphanumeric.
   * @default none
   */
  readonly backupAdministrator?: MmpAccountOptions;
  /**
   * Whether the Web Admin (and so the API) runs; true once a certificate is given with useWebAdminCertificate.
   * @default left as the node has it
   */
  readonly webAdminEnabled?: boolean;
  /**
   * Syslog servers (host or host:port) the node's log goes to; sending is switched on with them.
   * @default left as the node has it
   */
  readonly syslogServers?: string[];
  /**
   * Servers (host or host:port) the node's audit log goes to.
   * @default left as the node has it
   */
  readonly auditLogServers?: string[];
  /**
   * Oldest TLS version the Web Admin, Web Bridge 3, SIP and LDAP accept.
   * @default left as the node has it (1.2)
   */
  readonly minTlsVersion?: string;
  /**
   * The node's password and login rules.
   * @default left as the node has them
   */
  readonly passwordPolicy?: PasswordPolicy;
}

const NODE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export class MeetingServer extends Construct implements IMeetingServer {
  /** A node known only by a provider the app declared itself (for objects created through its API). */
  public static fromProvider(scope: Construct, id: string, provider: CmsProvider, nodeName?: string): IMeetingServer {
    class Imported extends Construct implements IMeetingServer {
      public readonly nodeName = nodeName ?? provider.alias ?? 'default';
      public readonly provider = provider;
    }
    return new Imported(scope, id);
  }

  public readonly nodeName: string;
  /** This node's provider configuration (alias `name`, or the default one). */
  public readonly provider: CmsProvider;
  /** This node's MMP endpoint as an `mmp_node` block, for providers that reach several nodes. */
  public readonly mmpNode: CmsProviderMmpNode;
  /** The provider settings of this node's API (without alias and mmp_node blocks). */
  public readonly apiSettings: CmsProviderConfig;
  /** Host of the API URL (or the MMP address when the URL is a token). */
  public readonly hostname: string;
  /** Address of the node's Web Admin (API). */
  public readonly apiUrl: string;
  /** The declared platform, for capacity checks. */
  public readonly platform?: Platform;
  /** The Web Admin interface, when declared (for the port rules). */
  public readonly webAdminInterface?: string;
  /** The Web Admin port, when declared (for the port rules). */
  public readonly webAdminPort?: number;
  /** Whether the node runs the Recorder. */
  public readonly runsRecorder: boolean;

  /** The MMP resources that bring this node's API up (made by this construct and NodeCertificate). */
  public readonly bootstrapResources: TerraformResource[] = [];
  /** The `api` account, when apiAccount is given. */
  public readonly apiAccountResource?: MmpAccount;

  private nodeSettingsResource?: NodeSettings;
  private readonly nodeSettingValues = new Map<string, { readonly value: unknown; readonly by: string }>();
  private callBridgeConstruct?: CallBridge;
  private webBridgeConstruct?: WebBridge;

  constructor(scope: Construct, id: string, props: MeetingServerProps) {
    super(scope, id);
    if (!NODE_NAME.test(props.name)) throw new Error(`MeetingServer name must start with a letter and hold only letters, digits, _ and - (it is a provider alias); got ${JSON.stringify(props.name)}.`);
    const apiHost = hostOf(props.apiUrl);
    if (!Token.isUnresolved(props.apiUrl) && apiHost === undefined) throw new Error(`MeetingServer ${props.name}: apiUrl must be a URL such as https://cms1.example.com:445; got ${JSON.stringify(props.apiUrl)}.`);
    const mmpAddress = props.mmpAddress ?? apiHost;
    if (mmpAddress === undefined) throw new Error(`MeetingServer ${props.name}: apiUrl is a token, so give mmpAddress.`);
    if (props.mmpPort !== undefined) checkPort('mmpPort', props.mmpPort);
    if (props.webAdminPort !== undefined) checkPort('webAdminPort', props.webAdminPort);
    if (props.webAdminInterface !== undefined) checkInterface('webAdminInterface', props.webAdminInterface);
    checkRange('timeoutSeconds', props.timeoutSeconds, 1, 3600);

    this.nodeName = props.name;
    this.apiUrl = props.apiUrl;
    this.hostname = apiHost ?? mmpAddress;
    this.platform = props.platform;
    this.webAdminInterface = props.webAdminInterface;
    this.webAdminPort = props.webAdminPort;
    this.runsRecorder = props.runsRecorder ?? false;
    this.mmpNode = {
      name: props.name,
      address: mmpAddress,
      port: props.mmpPort,
      hostKeyFingerprint: props.hostKeyFingerprint,
      username: props.mmpUsername,
      password: props.mmpPassword?.value,
    };
    if (props.apiAccount && (props.username !== undefined || props.password !== undefined)) {
      throw new Error(`MeetingServer ${props.name}: apiAccount is the API user; leave out username and password.`);
    }
    this.apiSettings = {
      url: props.apiUrl,
      username: props.apiAccount?.name ?? props.username,
      password: (props.apiAccount?.password ?? props.password)?.value,
      // A node brought up by this app has no API until its MMP resources are applied.
      connectOnFirstUse: props.apiAccount ? true : undefined,
      caBundle: props.caBundle,
      insecure: props.insecure,
      timeoutSeconds: props.timeoutSeconds,
      mmpPrivateKey: props.mmpPrivateKey?.value,
      mmpTrustOnFirstUse: props.mmpTrustOnFirstUse,
    };
    this.provider = new CmsProvider(this, 'Provider', {
      ...this.apiSettings,
      alias: props.defaultProvider ? undefined : props.name,
      mmpNode: [this.mmpNode],
    });

    const mmp: NodeSettingsFragment = {
      ntpServers: props.ntpServers,
      dnsServers: props.dnsServers,
      webAdminInterface: props.webAdminInterface,
      webAdminPort: props.webAdminPort,
      webAdminEnabled: props.webAdminEnabled,
    };
    if (Object.values(mmp).some((v) => v !== undefined)) this.addNodeSettings(mmp, 'MeetingServer');

    if (props.apiAccount) {
      this.apiAccountResource = this.addAccount('ApiAccount', { ...props.apiAccount, role: 'api' });
      Aspects.of(TerraformStack.of(this)).add(new ApiAfterBootstrap(this));
    }
    if (props.backupAdministrator) this.addAccount('BackupAdministrator', { ...props.backupAdministrator, role: 'admin' });
    if (props.syslogServers || props.auditLogServers) {
      this.registerMmpResource(
        new NodeLogging(this, 'Logging', {
          provider: this.provider,
          nodeAttribute: props.name,
          syslogServers: props.syslogServers,
          auditLogServers: props.auditLogServers,
          syslogEnabled: props.syslogServers !== undefined && props.syslogServers.length > 0 ? true : undefined,
        }),
      );
    }
    if (props.minTlsVersion !== undefined) {
      const v = props.minTlsVersion;
      this.registerMmpResource(new NodeTls(this, 'Tls', { provider: this.provider, nodeAttribute: props.name, webadminMinTlsVersion: v, webbridge3MinTlsVersion: v, sipMinTlsVersion: v, ldapMinTlsVersion: v }));
    }
    if (props.passwordPolicy) {
      const p = props.passwordPolicy;
      checkRange('passwordPolicy.minLength', p.minLength, 1, 3650);
      checkRange('passwordPolicy.maxAgeDays', p.maxAgeDays, 0, 3650);
      checkRange('passwordPolicy.maxFailedLogins', p.maxFailedLogins, 0, 3650);
      this.registerMmpResource(
        new MmpAccountPolicy(this, 'PasswordPolicy', { provider: this.provider, nodeAttribute: props.name, passwordMinLength: p.minLength, passwordMaxAgeDays: p.maxAgeDays, maxFailedLogins: p.maxFailedLogins }),
      );
    }

    stackRegistry(this).servers.push(this.node.path);
    addRuleCheck(this, () => [
      ...(props.ntpServers ? rules.ntpServers(props.ntpServers) : []),
      ...(props.dnsServers ? rules.dnsServers(props.dnsServers) : []),
      ...rules.recorderNode(props.name, this.callBridgeConstruct !== undefined, this.runsRecorder),
      ...(props.backupAdministrator && !Token.isUnresolved(props.backupAdministrator.name) ? rules.backupAdministrator(props.backupAdministrator.name) : []),
      ...rules.tlsMinimum(props.minTlsVersion),
    ]);
  }

  /** An MMP account on this node (`cms_mmp_account`, role given), made before its API is used. */
  public addAccount(id: string, options: MmpAccountOptions & { readonly role: 'admin' | 'api' | 'appadmin' | 'audit' | 'crypto' }): MmpAccount {
    const account = new MmpAccount(this, id, {
      provider: this.provider,
      nodeAttribute: this.nodeName,
      name: options.name,
      role: options.role,
      passwordWo: options.password.value,
      passwordWoVersion: options.password.version,
      authorizedKeys: options.authorizedKeys,
    });
    return this.registerMmpResource(account);
  }

  /** Serves the Web Admin (and so the API) with this certificate, and switches the Web Admin on. */
  public useWebAdminCertificate(certificate: NodeCertificate): void {
    if (certificate.server !== this) throw new Error(`MeetingServer ${this.nodeName}: the Web Admin certificate ${certificate.name} is on node ${certificate.server.nodeName}.`);
    this.addNodeSettings({ webAdminKey: certificate.keyFile, webAdminCertificate: certificate.certificateFile, webAdminEnabled: true }, `the Web Admin certificate ${certificate.name}`);
  }

  /**
   * Records an MMP resource of this node as part of bringing it up: with apiAccount, the node's
   * API resources wait for it (on destroy, it goes after them).
   */
  public registerMmpResource<T extends TerraformResource>(resource: T): T {
    this.bootstrapResources.push(resource);
    return resource;
  }

  /** The node's `cms_node_settings`, once something has set one of them. */
  public get nodeSettings(): NodeSettings | undefined {
    return this.nodeSettingsResource;
  }

  /**
   * Adds settings to this node's `cms_node_settings` (made on first use). CallBridge and WebBridge
   * call this; two callers may not set one setting to different values.
   */
  public addNodeSettings(settings: NodeSettingsFragment, by: string): void {
    if (!this.nodeSettingsResource) {
      this.nodeSettingsResource = this.registerMmpResource(new NodeSettings(this, 'NodeSettings', { nodeAttribute: this.nodeName, provider: this.provider }));
    }
    const resource = this.nodeSettingsResource;
    for (const [key, value] of Object.entries(settings)) {
      if (value === undefined) continue;
      const previous = this.nodeSettingValues.get(key);
      if (previous !== undefined && JSON.stringify(previous.value) !== JSON.stringify(value)) {
        throw new Error(`MeetingServer ${this.nodeName}: ${by} sets node setting ${key} to ${JSON.stringify(value)}, but ${previous.by} already set it to ${JSON.stringify(previous.value)}.`);
      }
      this.nodeSettingValues.set(key, { value, by });
      // The L1 resource has a setter per attribute, named as in its config.
      (resource as unknown as Record<string, unknown>)[key] = value;
    }
  }

  /** The node's Call Bridge, when one is declared. */
  public get callBridge(): CallBridge | undefined {
    return this.callBridgeConstruct;
  }

  /** The node's Web Bridge 3, when one is declared. */
  public get webBridge(): WebBridge | undefined {
    return this.webBridgeConstruct;
  }

  /** Called by the CallBridge construct: a node runs one Call Bridge. */
  public registerCallBridge(bridge: CallBridge): void {
    if (this.callBridgeConstruct) throw new Error(`MeetingServer ${this.nodeName} already has a Call Bridge (${this.callBridgeConstruct.node.path}); a node runs one.`);
    this.callBridgeConstruct = bridge;
  }

  /** Called by the WebBridge construct: a node runs one Web Bridge 3. */
  public registerWebBridge(webBridge: WebBridge): void {
    if (this.webBridgeConstruct) throw new Error(`MeetingServer ${this.nodeName} already has a Web Bridge (${this.webBridgeConstruct.node.path}); a node runs one.`);
    this.webBridgeConstruct = webBridge;
  }
}
