/**
 * cms_node_certificate: a local CA and a certificate the node makes and signs, and a key and
 * certificate made elsewhere uploaded over SFTP (the key write-only: never in state). Empty
 * plans, import, drift (a file removed, a certificate replaced by hand) corrected, the source
 * rules refused at plan, expiry warned, and destroy refused while a service uses the files.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCa, createCertificate, createServerCertificate, generateP256, privateKeyPem } from '../../simulator/src/tls/x509';
import { acceptance, useAcceptanceEnv, workdir } from './harness/acceptance';

const env = useAcceptanceEnv({ mmp: true });
const CA = createCa();
const UPLOADED = createServerCertificate(CA, ['webadmin.example.com']);
const OTHER = createServerCertificate(CA, ['other.example.com']);

const hcl = (s: string) => JSON.stringify(s);

const config = (certificate = UPLOADED.certPem, extra = '') => `
resource "cms_node_certificate" "lab_ca" {
  node        = "cms1"
  name        = "lab-ca"
  common_name = "Lab CA"
  self_signed = true
}

resource "cms_node_certificate" "cms" {
  node              = "cms1"
  name              = "bridge"
  common_name       = "cms1.example.com"
  organization      = "Example"
  subject_alt_names = ["cms1.example.com", "join.example.com"]
  signed_by         = cms_node_certificate.lab_ca.name
}

resource "cms_node_certificate" "webadmin" {
  node                   = "cms1"
  name                   = "webadmin-up"
  private_key_wo         = ${hcl(UPLOADED.keyPem)}
  private_key_wo_version = 1
  certificate_pem        = ${hcl(certificate)}
  bundle_pem             = ${hcl(CA.certPem)}
}

resource "cms_node_certificate" "trusted_ca" {
  node            = "cms1"
  name            = "trusted-ca"
  certificate_pem = ${hcl(CA.certPem)}
}
${extra}`;

beforeEach(() => env().sim.reset());

it('cms_node_certificate: made on the node or uploaded, imported, drift corrected, sources refused at plan', async () => {
  const e = env();
  let madeOnNode = '';
  await acceptance(
    e,
    [
      {
        config: config(),
        check: async ({ sim, tf }) => {
          expect(sim.runMmpCommand('cms1', 'pki verify bridge.crt lab-ca.crt')).toBe('SUCCESS: certificate verified\n');
          expect(sim.runMmpCommand('cms1', 'pki match webadmin-up.key webadmin-up.crt')).toMatch(/^SUCCESS/);
          expect(sim.readMmpFile('cms1', 'webadmin-up-bundle.crt')?.toString()).toBe(CA.certPem);
          const cms = await tf.resource('cms_node_certificate.cms');
          madeOnNode = String(cms.fingerprint_sha256);
          expect(cms).toMatchObject({ id: 'cms1/bridge', key_file: 'bridge.key', certificate_file: 'bridge.crt', subject: 'O=Example, CN=cms1.example.com', issuer: 'CN=Lab CA' });
          expect(String(cms.csr_pem)).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
          // A CA to trust: the certificate alone, no key.
          expect(await tf.resource('cms_node_certificate.trusted_ca')).toMatchObject({ key_file: null, certificate_file: 'trusted-ca.crt', subject: 'O=cms-iac simulator, CN=cms-iac Meeting Server simulator CA' });
          expect(sim.mmpFiles('cms1')).not.toContain('trusted-ca.key');
          const days = (Date.parse(String(cms.not_after)) - Date.now()) / 86400000;
          expect(days).toBeGreaterThan(700);
          // The uploaded key is nowhere in state, nor in what the simulator logged.
          const state = fs.readFileSync(path.join(tf.dir, 'terraform.tfstate'), 'utf8');
          expect(state).not.toContain(UPLOADED.keyPem.split('\n')[1]);
          expect(JSON.stringify(sim.log.entries())).not.toContain(UPLOADED.keyPem.split('\n')[1]);
          expect(sim.log.entries({ method: 'SFTP' }).map((l) => l.path)).toEqual(expect.arrayContaining(['put webadmin-up.key', 'put webadmin-up.crt']));
        },
      },
      { importAddress: 'cms_node_certificate.cms', importId: 'cms1/bridge', verifyIgnore: ['common_name', 'organization', 'subject_alt_names', 'signed_by'] },
      { importAddress: 'cms_node_certificate.webadmin', importId: 'cms1/webadmin-up', viaBlock: true, verifyIgnore: ['private_key_wo_version', 'bundle_pem'] },
      {
        // The imports' applies recorded the inputs in place: nothing was made again.
        config: config(),
        expectActions: { 'cms_node_certificate.cms': ['no-op'], 'cms_node_certificate.webadmin': ['no-op'] },
        check: async ({ tf }) => expect((await tf.resource('cms_node_certificate.cms')).fingerprint_sha256).toBe(madeOnNode),
      },
      {
        // Someone removes the node-made certificate, and replaces the uploaded one: both come back.
        config: config(),
        preConfig: async ({ sim }) => {
          sim.setMmpFiles('cms1', ['bridge.crt'], 'remove');
          sim.writeMmpFile('cms1', 'webadmin-up.crt', OTHER.certPem);
        },
        expectActions: { 'cms_node_certificate.cms': ['create'], 'cms_node_certificate.webadmin': ['update'] },
        check: async ({ sim }) => {
          expect(sim.runMmpCommand('cms1', 'pki verify bridge.crt lab-ca.crt')).toBe('SUCCESS: certificate verified\n');
          expect(sim.readMmpFile('cms1', 'webadmin-up.crt')?.toString()).toBe(UPLOADED.certPem);
        },
      },
      { config: config(OTHER.certPem), expectError: /does not belong to the key webadmin-up\.key/ },
      {
        config: config(UPLOADED.certPem, `
resource "cms_node_certificate" "bad" {
  node            = "cms1"
  name            = "bad"
  self_signed     = true
  certificate_pem = "x"
}
`),
        expectError: /self_signed makes both the key and the certificate on the node/,
        expectNoWrites: true,
      },
      {
        config: config(UPLOADED.certPem, `
resource "cms_node_certificate" "bad" {
  node = "cms1"
  name = "bad"
}
`),
        expectError: /set common_name/,
        expectNoWrites: true,
      },
    ],
    { checkDestroy: async ({ sim }) => expect(sim.mmpFiles('cms1').filter((f) => /^(lab-ca|bridge|webadmin-up|trusted-ca)[.-]/.test(f))).toEqual([]) },
  );
});

it('warns at plan of a certificate that expires soon, and refuses to remove files a service uses', async () => {
  const e = env();
  const tf = await workdir(e);
  const key = generateP256();
  const soon = createCertificate({
    commonName: 'soon.example.com',
    publicKey: key.publicKey,
    issuer: { commonName: 'cms-iac Meeting Server simulator CA', organization: 'cms-iac simulator', privateKey: crypto.createPrivateKey(CA.keyPem), publicKey: new crypto.X509Certificate(CA.certPem).publicKey },
    isCa: false,
    notBefore: new Date(Date.now() - 86400000),
    notAfter: new Date(Date.now() + 9.5 * 86400000),
  });
  try {
    tf.writeConfig(`
resource "cms_node_certificate" "soon" {
  node                   = "cms1"
  name                   = "soon"
  private_key_wo         = ${hcl(privateKeyPem(key.privateKey))}
  private_key_wo_version = 1
  certificate_pem        = ${hcl(soon)}
}
`);
    const plan = await tf.expect(['plan', '-input=false', '-no-color']);
    expect(plan.stdout.replace(/\s+/g, ' ')).toMatch(/Warning: Certificate expires in 9 days \(cms_node_certificate\).*expires on \d{4}-\d\d-\d\d, within expiry_warning_days \(30\)/);
    await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color']);
    e.sim.runMmpCommand('cms1', 'callbridge certs soon.key soon.crt');
    const refused = await tf.run(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect(refused.code).toBe(1);
    expect((refused.stdout + refused.stderr).replace(/\s+/g, ' ')).toMatch(/Node cms1 still uses soon\.key \(callbridge certs\), soon\.crt \(callbridge certs\), so the files were not removed/);
    expect(e.sim.mmpFiles('cms1')).toContain('soon.key');
    e.sim.runMmpCommand('cms1', 'callbridge certs none');
    await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect(e.sim.mmpFiles('cms1')).not.toContain('soon.key');
  } finally {
    fs.rmSync(tf.dir, { recursive: true, force: true });
  }
});
