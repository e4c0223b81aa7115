/**
 * A key and certificate in one node's MMP root (`cms_node_certificate`), for the services'
 * certificate and trust settings: made on the node (a signing request for your CA, signed by a
 * local lab CA, or self-signed), or made elsewhere and uploaded (the key write-only); or a CA
 * certificate alone, to trust. Services name it by file (`keyFile`, `certificateFile`): those
 * references also order the apply.
 */
import { Construct } from 'constructs';
import { NodeCertificate as NodeCertificateResource } from '../generated/providers/cms/node-certificate';
import type { MeetingServer } from './meeting-server';
import { addRuleCheck } from './private/findings';
import { checkFileName, checkRange } from './private/util';
import * as rules from './rules';
import type { Secret } from './secret';

export interface NodeCertificateProps {
  /** The node the files are on. */
  readonly server: MeetingServer;
  /** Base name of the files: `<name>.key`, `<name>.crt` (and `.csr`, `-bundle.crt`). */
  readonly name: string;
  /**
   * Subject common name of the key and request the node makes, usually the node's FQDN.
   * @default none: required unless the key is uploaded or selfSigned
   */
  readonly commonName?: string;
  /**
   * Subject organization of the request.
   * @default none
   */
  readonly organization?: string;
  /**
   * Every name the service is reached by (for Web Bridge 3, the join domain too).
   * @default none
   */
  readonly subjectAltNames?: string[];
  /**
   * The node makes a key and a self-signed CA certificate: a lab CA for `signedBy`.
   * @default false
   */
  readonly selfSigned?: boolean;
  /**
   * A local CA on the same node that signs this certificate's request on the node (labs).
   * @default none: give certificatePem signed by your CA from `csrPem`
   */
  readonly signedBy?: NodeCertificate;
  /**
   * A private key made elsewhere, uploaded write-only (never in state), with certificatePem; raise
   * the Secret's `version` to upload a new one.
   * @default none: the node makes the key
   */
  readonly privateKey?: Secret;
  /**
   * The certificate (PEM): for an uploaded key; or signed by your CA from this node's request; or
   * alone (no privateKey, no commonName), a CA certificate to trust.
   * @default none
   */
  readonly certificatePem?: string;
  /**
   * Intermediate and root CA certificates (PEM) uploaded beside it.
   * @default none
   */
  readonly bundlePem?: string;
  /**
   * Plans warn when the certificate expires within this many days.
   * @default 30
   */
  readonly expiryWarningDays?: number;
}

export class NodeCertificate extends Construct {
  public readonly server: MeetingServer;
  /** Base name of the files on the node. */
  public readonly name: string;
  public readonly resource: NodeCertificateResource;

  constructor(scope: Construct, id: string, props: NodeCertificateProps) {
    super(scope, id);
    checkFileName('name', props.name);
    checkRange('expiryWarningDays', props.expiryWarningDays, 0, 3650);
    if (props.signedBy && props.signedBy.server !== props.server) {
      throw new Error(`NodeCertificate ${props.name}: signedBy ${props.signedBy.name} is on node ${props.signedBy.server.nodeName}, not ${props.server.nodeName}; a local CA signs on its own node.`);
    }
    this.server = props.server;
    this.name = props.name;
    this.resource = new NodeCertificateResource(this, 'Resource', {
      provider: props.server.provider,
      nodeAttribute: props.server.nodeName,
      name: props.name,
      commonName: props.commonName,
      organization: props.organization,
      subjectAltNames: props.subjectAltNames,
      selfSigned: props.selfSigned,
      signedBy: props.signedBy?.resource.name,
      privateKeyWo: props.privateKey?.value,
      privateKeyWoVersion: props.privateKey?.version,
      certificatePem: props.certificatePem,
      bundlePem: props.bundlePem,
      expiryWarningDays: props.expiryWarningDays,
    });
    props.server.registerMmpResource(this.resource);
    addRuleCheck(this, () =>
      rules.certificateSource({
        uploaded: props.privateKey !== undefined,
        selfSigned: props.selfSigned === true,
        signedBy: props.signedBy !== undefined,
        certificatePem: props.certificatePem !== undefined,
        commonName: props.commonName !== undefined,
      }),
    );
  }

  /** The key's file name on the node, for the services' key settings. */
  public get keyFile(): string {
    return this.resource.keyFile;
  }

  /** The certificate's file name on the node, for the services' certificate and trust settings. */
  public get certificateFile(): string {
    return this.resource.certificateFile;
  }

  /** The bundle's file name on the node (when bundlePem is given). */
  public get bundleFile(): string {
    return this.resource.bundleFile;
  }

  /** The signing request the node made, to sign with your CA. */
  public get csrPem(): string {
    return this.resource.csrPem;
  }
}
