/**
 * The nodeCertificate lifecycle: a private key and certificate in one node's MMP root, which the
 * services' `certs` and `trust` settings name (cms-api.md §3, §3.3). The files are `<name>.key`,
 * `<name>.crt`, `<name>.csr` (a signing request the node made) and `<name>-bundle.crt`. They come
 * from one of:
 * - an upload over SFTP: the key (write-only, never in state) and the certificate;
 * - an upload of a certificate alone (a CA to trust: no key);
 * - `pki selfsigned`: the node makes a key and a self-signed (CA) certificate;
 * - `pki csr`: the node makes a key and a signing request (`csr_pem`); the certificate signed
 *   from it is then uploaded (`certificate_pem`), or signed on the node by a local CA (`signed_by`).
 * Read lists the files, downloads the certificate and asks `pki inspect` about it; destroy removes
 * the files, and refuses while a service still names one of them.
 */
import * as crypto from 'node:crypto';
import type { MmpClient } from '../../cms/mmp/client';
import type { CtyObject, CtyValue } from '../../plugin/types';
import { isUnknown } from '../../plugin/types';
import type { Definition } from '../definition';
import type { ResourceOperations } from '../operations';
import { OperationError } from '../operations';
import type { SecretToSend } from '../secret-forms';
import { mmpWord } from './commands';

const known = (v: CtyValue | undefined): boolean => v !== null && v !== undefined && !isUnknown(v);
const str = (v: CtyValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export interface CertificateFiles {
  key: string;
  certificate: string;
  request: string;
  bundle: string;
}

export function certificateFiles(name: string): CertificateFiles {
  return { key: `${name}.key`, certificate: `${name}.crt`, request: `${name}.csr`, bundle: `${name}-bundle.crt` };
}

/** How the key and certificate come about (the configuration's choice, checked at plan). */
type Source = 'upload' | 'certificateOnly' | 'selfSigned' | 'signedOnNode' | 'request';

function sourceOf(values: CtyObject): Source {
  if (values.self_signed === true) return 'selfSigned';
  if (str(values.signed_by)) return 'signedOnNode';
  if (known(values.private_key_wo_version)) return 'upload';
  if (!str(values.common_name) && known(values.certificate_pem)) return 'certificateOnly';
  return 'request';
}

/** The files a service setting names, to refuse removing ones still in use. */
async function filesInUse(client: MmpClient): Promise<Map<string, string>> {
  const used = new Map<string, string>();
  const note = (file: string | undefined, by: string) => {
    if (file && !used.has(file)) used.set(file, by);
  };
  const admin = await client.webadmin();
  note(admin.keyFile, 'webadmin certs');
  note(admin.certificateFile, 'webadmin certs');
  note(admin.caBundleFile, 'webadmin certs');
  const bridge = await client.callbridge();
  for (const f of [bridge.keyFile, bridge.certificateFile, bridge.caBundleFile]) note(f, 'callbridge certs');
  note(bridge.c2wTrustedCerts, 'callbridge trust c2w');
  note(bridge.clusterTrustedCerts, 'callbridge trust cluster');
  note(bridge.brandingTrustedCerts, 'callbridge trust branding');
  note(bridge.expresswayTrustedCerts, 'callbridge trust expressway');
  const web = await client.webbridge3();
  for (const f of [web.httpsKeyFile, web.httpsCertificateFile]) note(f, 'webbridge3 https certs');
  for (const f of [web.c2wKeyFile, web.c2wCertificateFile]) note(f, 'webbridge3 c2w certs');
  note(web.c2wTrustBundle, 'webbridge3 c2w trust');
  for (const service of ['sip', 'ldap']) note((await client.tls(service)).trustBundle, `tls ${service} trust`);
  return used;
}

export class NodeCertificateOperations implements ResourceOperations {
  private readonly nodeAttribute: string;

  constructor(
    private readonly def: Definition,
    private readonly mmp: (node: string) => MmpClient,
  ) {
    this.nodeAttribute = def.mmp?.nodeAttribute ?? 'node';
  }

  private where(values: CtyObject): { node: string; name: string; client: MmpClient; files: CertificateFiles } {
    const node = str(values[this.nodeAttribute]);
    const name = str(values.name);
    if (!node || !name) throw new OperationError(`${this.def.typeName}: ${this.nodeAttribute} and name must be known.`);
    return { node, name, client: this.mmp(node), files: certificateFiles(name) };
  }

  async read(state: CtyObject): Promise<CtyObject | null> {
    const { node, name, client, files } = this.where(state);
    const present = new Set(await client.files.list());
    const source = sourceOf(state);
    // The key is the certificate's identity (a CA certificate to trust has none); a certificate the
    // configuration makes must be there too.
    if (source !== 'certificateOnly' && !present.has(files.key)) return null;
    if (source !== 'request' && !present.has(files.certificate)) return null;
    const download = async (file: string) => (present.has(file) ? ((await client.files.download(file))?.toString('utf8') ?? null) : null);
    const certificate = await download(files.certificate);
    // A file that is not a certificate (replaced by hand) reads as one without details: the plan
    // shows its content differs, and apply uploads the configured one again.
    const info = certificate !== null ? await client.inspectCertificate(files.certificate).catch(() => undefined) : undefined;
    return {
      ...state,
      id: `${node}/${name}`,
      [this.nodeAttribute]: node,
      name,
      key_file: present.has(files.key) ? files.key : null,
      certificate_file: certificate !== null ? files.certificate : null,
      certificate_pem: certificate,
      csr_pem: await download(files.request),
      bundle_pem: known(state.bundle_pem) ? await download(files.bundle) : null,
      bundle_file: present.has(files.bundle) ? files.bundle : null,
      subject: info?.subject ?? null,
      issuer: info?.issuer ?? null,
      not_before: info?.notBefore ?? null,
      not_after: info?.notAfter ?? null,
      fingerprint_sha256: info?.fingerprintSha256 ?? null,
    };
  }

  async create(planned: CtyObject, secrets: readonly SecretToSend[] = []): Promise<CtyObject> {
    const { name, client, files } = this.where(planned);
    switch (sourceOf(planned)) {
      case 'upload':
        await client.files.upload(files.key, this.privateKey(secrets, true)!);
        await this.uploadCertificate(client, files, planned);
        break;
      case 'certificateOnly':
        await client.files.upload(files.certificate, str(planned.certificate_pem)!);
        break;
      case 'selfSigned':
        await client.runChecked(`pki selfsigned ${name} ${this.subject(planned)}`.trim());
        break;
      case 'signedOnNode':
        await client.runChecked(`pki csr ${name} ${this.subject(planned)}`);
        await client.runChecked(`pki sign ${name} ${str(planned.signed_by)}`);
        break;
      case 'request':
        await client.runChecked(`pki csr ${name} ${this.subject(planned)}`);
        if (str(planned.certificate_pem)) await this.uploadCertificate(client, files, planned);
        break;
    }
    await this.writeBundle(client, files, planned);
    return this.readBack(planned);
  }

  async update(prior: CtyObject, planned: CtyObject, secrets: readonly SecretToSend[] = []): Promise<CtyObject> {
    const { client, files } = this.where(planned);
    const key = this.privateKey(secrets, false);
    if (key !== undefined) await client.files.upload(files.key, key);
    const certificateChanged = str(planned.certificate_pem) !== undefined && planned.certificate_pem !== prior.certificate_pem;
    if (sourceOf(planned) === 'certificateOnly') {
      if (certificateChanged) await client.files.upload(files.certificate, str(planned.certificate_pem)!);
    } else if (key !== undefined || certificateChanged) {
      await this.uploadCertificate(client, files, planned);
    }
    if (planned.bundle_pem !== prior.bundle_pem) await this.writeBundle(client, files, planned);
    return this.readBack(planned);
  }

  async delete(prior: CtyObject): Promise<void> {
    const { node, client, files } = this.where(prior);
    const used = await filesInUse(client);
    const inUse = Object.values(files)
      .filter((f) => used.has(f))
      .map((f) => `${f} (${used.get(f)})`);
    if (inUse.length > 0) {
      throw new OperationError(
        `Node ${node} still uses ${inUse.join(', ')}, so the files were not removed. Point those settings at other files first (or destroy the resources that set them), then destroy this certificate.`,
        undefined,
        'Certificate still in use',
      );
    }
    for (const file of Object.values(files)) await client.files.remove(file);
  }

  async importState(importId: string): Promise<CtyObject> {
    const slash = importId.indexOf('/');
    if (slash <= 0 || slash === importId.length - 1) throw new OperationError(`Import ${this.def.typeName} by <node>/<name>, for example cms1/cms (for cms.key and cms.crt); got ${JSON.stringify(importId)}.`);
    const node = importId.slice(0, slash);
    const name = importId.slice(slash + 1);
    const client = this.mmp(node); // fails early, naming the configured nodes, if there is no such node
    const state: CtyObject = Object.fromEntries(Object.keys(this.def.attributes).map((k) => [k, null]));
    // A certificate without a key on the node (a CA to trust) is read as a certificate alone;
    // otherwise the read after the import would look for a key and find the object missing.
    const files = certificateFiles(name);
    const present = new Set(await client.files.list());
    const caOnly = !present.has(files.key) && present.has(files.certificate);
    const certificate = caOnly ? ((await client.files.download(files.certificate))?.toString('utf8') ?? null) : null;
    return { ...state, id: importId, [this.nodeAttribute]: node, name, certificate_pem: certificate };
  }

  /** `CN:… O:… subjectAltName:a,b` for `pki csr` and `pki selfsigned`, each one MMP word. */
  private subject(values: CtyObject): string {
    const parts: string[] = [];
    const cn = str(values.common_name);
    if (cn) parts.push(mmpWord('common_name', `CN:${cn}`));
    const o = str(values.organization);
    if (o) parts.push(mmpWord('organization', `O:${o}`));
    const sans = Array.isArray(values.subject_alt_names) ? values.subject_alt_names.map(String) : [];
    if (sans.length > 0) parts.push(mmpWord('subject_alt_names', `subjectAltName:${sans.join(',')}`));
    return parts.join(' ');
  }

  private privateKey(secrets: readonly SecretToSend[], required: boolean): string | undefined {
    const value = secrets.find((s) => s.name === 'private_key')?.value;
    if (typeof value === 'string' && value !== '') {
      try {
        crypto.createPrivateKey(value);
      } catch {
        // Never repeat the value: it is a private key.
        throw new OperationError(`private_key_wo of ${this.def.typeName} is not a PEM private key (not shown). Give the key file's text, for example file("cms.key").`, 'private_key_wo');
      }
      return value;
    }
    if (required) throw new OperationError(`${this.def.typeName} uploads a key: set private_key_wo (with private_key_wo_version).`, 'private_key_wo');
    return undefined;
  }

  /** Uploads the configured certificate and has the node check it belongs to the key. */
  private async uploadCertificate(client: MmpClient, files: CertificateFiles, planned: CtyObject): Promise<void> {
    const pem = str(planned.certificate_pem);
    if (!pem) throw new OperationError(`${this.def.typeName} needs certificate_pem with an uploaded key.`, 'certificate_pem');
    await client.files.upload(files.certificate, pem);
    try {
      await client.runChecked(`pki match ${files.key} ${files.certificate}`);
    } catch (err) {
      throw new OperationError(`The certificate does not belong to the key ${files.key} on the node (${err instanceof Error ? err.message : String(err)}). Give the certificate signed from this key's request (csr_pem), or the key it was made for.`, 'certificate_pem');
    }
  }

  private async writeBundle(client: MmpClient, files: CertificateFiles, planned: CtyObject): Promise<void> {
    const bundle = str(planned.bundle_pem);
    if (bundle) await client.files.upload(files.bundle, bundle);
    else await client.files.remove(files.bundle);
  }

  private async readBack(planned: CtyObject): Promise<CtyObject> {
    const state = await this.read(planned);
    if (!state) throw new OperationError(`The files of ${String(planned.name)} are not on the node after they were made.`);
    return state;
  }
}
