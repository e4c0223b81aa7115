/**
 * Web Bridge 3 on one node: its listeners and certificates in the node's MMP settings, and the
 * `cms_web_bridge` entry that tells the Call Bridges where to reach it over c2w. The entry's
 * URL is made from the c2w listener, so the two cannot disagree.
 */
import { Construct } from 'constructs';
import { WebBridge as WebBridgeResource } from '../generated/providers/cms/web-bridge';
import type { CallBridge } from './call-bridge';
import type { ICallBridgeGroup } from './call-bridge-group';
import type { IMeetingServer, MeetingServer } from './meeting-server';
import type { NodeCertificate } from './node-certificate';
import { apiProvider, apiProviderFindings } from './private/api-server';
import { addRuleCheck } from './private/findings';
import { checkFileName, checkInterface, checkPort } from './private/util';
import * as rules from './rules';
import type { Listener } from './rules';

export interface WebBridgeProps {
  /** The node Web Bridge 3 runs on. */
  readonly server: MeetingServer;
  /**
   * Port of the c2w listener the Call Bridge connects to; not 443 nor the Web Admin port.
   * @default 9999
   */
  readonly c2wPort?: number;
  /**
   * Interface of the c2w listener, a to e.
   * @default `a`
   */
  readonly c2wInterface?: string;
  /**
   * Host name the Call Bridges reach the c2w listener by (it must match the c2w certificate).
   * @default the node's host name (from its apiUrl)
   */
  readonly c2wHostname?: string;
  /**
   * Interfaces the web app is served on, a to e.
   * @default [`a`]
   */
  readonly webAppInterfaces?: string[];
  /**
   * Port the web app is served on.
   * @default 443
   */
  readonly webAppPort?: number;
  /**
   * Private key file of the web app's HTTPS certificate on the MMP.
   * @default left as the node has it
   */
  readonly httpsKeyFile?: string;
  /**
   * Full-chain certificate file of the web app's HTTPS listener.
   * @default left as the node has it
   */
  readonly httpsCertificateFile?: string;
  /**
   * Private key file of the c2w listener's certificate.
   * @default left as the node has it
   */
  readonly c2wKeyFile?: string;
  /**
   * Full-chain certificate file of the c2w listener.
   * @default left as the node has it
   */
  readonly c2wCertificateFile?: string;
  /**
   * CA bundle file of the Call Bridge certificates accepted on c2w.
   * @default left as the node has it
   */
  readonly c2wTrustFile?: string;
  /**
   * Key and certificate of both listeners, on the node (instead of the four file names).
   * @default the file names
   */
  readonly certificate?: NodeCertificate;
  /**
   * The CA that signed the Call Bridge certificates accepted on c2w (instead of c2wTrustFile).
   * @default c2wTrustFile
   */
  readonly callBridgeTrust?: NodeCertificate;
  /**
   * Only this Call Bridge (of a cluster) uses the web bridge.
   * @default every Call Bridge
   */
  readonly callBridge?: CallBridge;
  /**
   * Only the Call Bridges of this group use the web bridge.
   * @default every Call Bridge
   */
  readonly callBridgeGroup?: ICallBridgeGroup;
  /**
   * Id of a `cms_web_bridge_profile` with this web bridge's join options.
   * @default the tenant's or system-wide profile
   */
  readonly webBridgeProfileId?: string;
  /**
   * Node whose API creates the `cms_web_bridge` entry.
   * @default the stack's default cms provider
   */
  readonly apiServer?: IMeetingServer;
}

export class WebBridge extends Construct {
  public readonly server: MeetingServer;
  /** The c2w URL the Call Bridges use, `c2w://host:port`. */
  public readonly url: string;
  public readonly c2wListener: Listener;
  public readonly httpsListeners: readonly Listener[];
  /** The `cms_web_bridge` resource. */
  public readonly resource: WebBridgeResource;

  constructor(scope: Construct, id: string, props: WebBridgeProps) {
    super(scope, id);
    const c2wPort = props.c2wPort ?? 9999;
    const c2wIface = props.c2wInterface ?? 'a';
    const httpsPort = props.webAppPort ?? 443;
    const httpsIfaces = props.webAppInterfaces ?? ['a'];
    checkPort('c2wPort', c2wPort);
    checkPort('webAppPort', httpsPort);
    checkInterface('c2wInterface', c2wIface);
    for (const i of httpsIfaces) checkInterface('webAppInterfaces', i);
    for (const [what, file] of Object.entries({ httpsKeyFile: props.httpsKeyFile, httpsCertificateFile: props.httpsCertificateFile, c2wKeyFile: props.c2wKeyFile, c2wCertificateFile: props.c2wCertificateFile, c2wTrustFile: props.c2wTrustFile })) {
      checkFileName(what, file);
    }

    if (props.certificate && (props.httpsKeyFile || props.httpsCertificateFile || props.c2wKeyFile || props.c2wCertificateFile)) {
      throw new Error('WebBridge: give certificate, or the key and certificate file names, not both.');
    }
    if (props.callBridgeTrust && props.c2wTrustFile) throw new Error('WebBridge: give callBridgeTrust or c2wTrustFile, not both.');
    for (const cert of [props.certificate, props.callBridgeTrust]) {
      if (cert && cert.server !== props.server) throw new Error(`WebBridge: the certificate ${cert.name} is on node ${cert.server.nodeName}, not ${props.server.nodeName}.`);
    }
    this.server = props.server;
    props.server.registerWebBridge(this);
    this.c2wListener = { iface: c2wIface, port: c2wPort, what: 'the c2w listener' };
    this.httpsListeners = httpsIfaces.map((iface) => ({ iface, port: httpsPort, what: 'the web app (Web Bridge 3 HTTPS)' }));
    this.url = `c2w://${props.c2wHostname ?? props.server.hostname}:${c2wPort}`;

    props.server.addNodeSettings(
      {
        webBridgeHttpsListen: httpsIfaces.map((i) => `${i}:${httpsPort}`),
        webBridgeC2WListen: `${c2wIface}:${c2wPort}`,
        webBridgeHttpsKey: props.certificate?.keyFile ?? props.httpsKeyFile,
        webBridgeHttpsCertificate: props.certificate?.certificateFile ?? props.httpsCertificateFile,
        webBridgeC2WKey: props.certificate?.keyFile ?? props.c2wKeyFile,
        webBridgeC2WCertificate: props.certificate?.certificateFile ?? props.c2wCertificateFile,
        webBridgeC2WTrust: props.callBridgeTrust?.certificateFile ?? props.c2wTrustFile,
        webBridgeEnabled: true,
      },
      this.node.path,
    );
    this.resource = new WebBridgeResource(this, 'Resource', {
      url: this.url,
      callBridge: props.callBridge?.callBridgeId,
      callBridgeGroup: props.callBridgeGroup?.groupId,
      webBridgeProfile: props.webBridgeProfileId,
      provider: apiProvider(props.apiServer),
    });

    addRuleCheck(this, () => {
      const admin = { iface: this.server.webAdminInterface, port: this.server.webAdminPort };
      const adminListener: Listener[] = admin.iface !== undefined && admin.port !== undefined ? [{ iface: admin.iface, port: admin.port, what: 'the Web Admin' }] : [];
      return [
        ...rules.webAdminPort(admin, this.httpsListeners),
        ...rules.c2wPort(c2wPort, admin.port),
        // Web Admin on 443 and c2w on the Web Admin port have rules of their own, above.
        ...rules.portClashes([...adminListener.filter((l) => l.port !== 443), ...this.httpsListeners]),
        ...rules.portClashes([...this.httpsListeners, this.c2wListener]),
        ...apiProviderFindings(this, props.apiServer),
        // Only when the app manages trust on this node at all: a node set up by hand keeps its own.
        ...(props.callBridgeTrust || this.server.callBridge?.trustsWebBridge
          ? rules.c2wTrust(props.callBridgeTrust !== undefined || props.c2wTrustFile !== undefined, this.server.callBridge ? this.server.callBridge.trustsWebBridge : undefined)
          : []),
      ];
    });
  }
}
