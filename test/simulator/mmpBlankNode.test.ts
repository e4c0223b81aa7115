/**
 * The simulated MMP bringing up a blank node (cms-api.md §3): SFTP to the MMP root, certificates
 * with `pki`, MMP users (passwords asked over exec, public keys uploaded as `<user>.pub`), trust,
 * TLS, syslog; and a blank node's API, which answers only once Web Admin is enabled.
 */
import * as crypto from 'node:crypto';
import { utils } from 'ssh2';
import { Simulator, startCluster } from '../../simulator/src';
import { TestClient } from './helpers';
import { SshSession } from './mmpHelpers';

let sim: Simulator;
let ssh: SshSession;
beforeAll(async () => {
  sim = await startCluster({ nodes: [{ name: 'cms1', blank: true }, { name: 'cms2' }], ssh: true, tls: false });
  ssh = await SshSession.forNode(sim.node('cms1'));
});
afterAll(async () => {
  ssh.close();
  await sim.stop();
});
beforeEach(() => {
  sim.reset();
  sim.log.clear();
});

const api = (user = 'admin', password = 'admin') => new TestClient(sim.node('cms1').url, undefined, { user, password });

describe('a blank node', () => {
  it('starts with no files, Web Admin off and no API; the API answers once Web Admin is enabled', async () => {
    expect(sim.mmpFiles('cms1')).toEqual([]);
    expect(sim.mmpFiles('cms2')).toContain('webadmin.crt');
    expect(await ssh.exec('webadmin')).toMatch(/^Enabled {18}: false$[\s\S]*^Key file {17}: none$/m);
    const client = api();
    try {
      await expect(client.get('coSpaces')).rejects.toThrow();
      expect(await ssh.exec('webadmin enable')).toBe('FAILURE: webadmin certificates not configured\n');
      await ssh.exec('pki selfsigned webadmin CN:cms1.example.com');
      expect(await ssh.exec('webadmin certs webadmin.key webadmin.crt')).toBe('');
      expect(await ssh.exec('webadmin enable')).toMatch(/SUCCESS: webadmin enabled\n$/);
      expect((await client.get('coSpaces')).status).toBe(200);
      await ssh.exec('webadmin disable');
      await expect(client.get('coSpaces')).rejects.toThrow();
    } finally {
      await client.close();
    }
    expect(sim.log.entries({ method: 'GET' }).map((e) => e.status)).toEqual(['reset', 200, 'reset']);
  });

  it('reset brings it back blank', async () => {
    await ssh.exec('pki selfsigned ca');
    sim.reset();
    expect(sim.mmpFiles('cms1')).toEqual([]);
  });
});

describe('SFTP', () => {
  it('uploads, lists, downloads and removes files in the MMP root; transfers are logged without content', async () => {
    const sftp = await ssh.sftp();
    await sftp.put('/cms.crt', 'certificate text');
    await sftp.put('cms.key', 'key text');
    expect(await sftp.list()).toEqual(['cms.crt', 'cms.key']);
    expect((await sftp.get('cms.crt')).toString()).toBe('certificate text');
    await sftp.put('cms.crt', 'replaced');
    expect(sim.readMmpFile('cms1', 'cms.crt')?.toString()).toBe('replaced');
    await sftp.remove('cms.key');
    await expect(sftp.get('cms.key')).rejects.toThrow(/No such file/);
    await expect(sftp.put('dir/x.crt', 'x')).rejects.toThrow();
    expect(sim.log.entries({ method: 'SFTP' }).map((e) => e.path)).toEqual(['put cms.crt', 'put cms.key', 'get cms.crt', 'put cms.crt', 'rm cms.key']);
    expect(JSON.stringify(sim.log.entries())).not.toContain('replaced');
    sftp.raw.end();
  });
});

describe('pki', () => {
  it('makes a local CA, a key and CSR, signs it, and inspects, matches and verifies the result', async () => {
    expect(await ssh.exec('pki selfsigned lab-ca CN:lab-ca O:Example')).toBe('SUCCESS: created lab-ca.key and lab-ca.crt\n');
    expect(await ssh.exec('pki csr cms CN:cms1.example.com O:Example subjectAltName:cms1.example.com,join.example.com,10.0.0.1')).toBe(
      'SUCCESS: created cms.key and cms.csr\n',
    );
    expect(await ssh.exec('pki inspect cms.csr')).toMatch(/^Certificate Request:\n {4}Subject: O = Example, CN = cms1\.example\.com\n[\s\S]*DNS:cms1\.example\.com, DNS:join\.example\.com, IP Address:10\.0\.0\.1/);
    expect(await ssh.exec('pki sign cms lab-ca')).toBe('SUCCESS: created cms.crt\n');
    const inspect = await ssh.exec('pki inspect cms.crt');
    expect(inspect).toMatch(/^ {4}Issuer: O = Example, CN = lab-ca$/m);
    expect(inspect).toMatch(/^ {4}Subject: O = Example, CN = cms1\.example\.com$/m);
    expect(inspect).toMatch(/^ {8}Not After : \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$/m);
    expect(inspect).toMatch(/CA:FALSE/);
    const cert = new crypto.X509Certificate(sim.readMmpFile('cms1', 'cms.crt')!);
    expect(inspect).toContain(`SHA256 Fingerprint=${cert.fingerprint256}`);
    expect(cert.checkPrivateKey(crypto.createPrivateKey(sim.readMmpFile('cms1', 'cms.key')!))).toBe(true);
    expect(await ssh.exec('pki match cms.key cms.crt')).toBe('SUCCESS: Key and certificate pair match\n');
    expect(await ssh.exec('pki match lab-ca.key cms.crt')).toBe('FAILURE: key and certificate do not match\n');
    expect(await ssh.exec('pki verify cms.crt lab-ca.crt')).toBe('SUCCESS: certificate verified\n');
    expect(await ssh.exec('pki verify cms.crt')).toMatch(/^FAILURE: certificate not verified: no trusted issuer/);
    expect(await ssh.exec('pki inspect cms.key')).toBe('Private Key: ec prime256v1\n');
    expect(await ssh.exec('pki list')).toBe('User supplied certificates and keys:\n  cms.crt\n  cms.csr\n  cms.key\n  lab-ca.crt\n  lab-ca.key\n');
  });

  it('refuses malformed requests and missing files', async () => {
    expect(await ssh.exec('pki csr cms O:Example')).toBe('FAILURE: a CN: attribute is required\n');
    expect(await ssh.exec('pki csr cms CN:x Colour:blue')).toMatch(/^FAILURE: invalid attribute "Colour:blue"/);
    expect(await ssh.exec('pki inspect nope.crt')).toBe('FAILURE: file nope.crt does not exist\n');
    expect(await ssh.exec('pki sign nope lab-ca')).toBe('FAILURE: file nope.csr does not exist\n');
    sim.writeMmpFile('cms1', 'junk.crt', 'not a certificate');
    expect(await ssh.exec('pki inspect junk.crt')).toBe('FAILURE: junk.crt is not a certificate, key or certificate signing request\n');
  });
});

describe('users', () => {
  it('adds a user with the password asked twice on the channel, who can then use the API', async () => {
    await ssh.exec('pki selfsigned webadmin');
    await ssh.exec('webadmin certs webadmin.key webadmin.crt');
    await ssh.exec('webadmin enable');
    expect(await ssh.execWithInput('user add api api', ['api-Secret-1', 'api-Secret-1'])).toBe('Please enter new password: \nPlease enter new password again: \n');
    expect(await ssh.exec('user list')).toBe('Name   Role\nadmin  admin\napi    api\n');
    const client = api('api', 'api-Secret-1');
    try {
      expect((await client.get('coSpaces')).status).toBe(200);
    } finally {
      await client.close();
    }
    expect(JSON.stringify(sim.log.entries())).not.toContain('api-Secret-1');
    expect(await ssh.execWithInput('user add api api', ['x', 'x'])).toBe('FAILURE: user api already exists\n');
    expect(await ssh.execWithInput('passwd api', ['api-Secret-2', 'api-Secret-2'])).toMatch(/again: \n$/);
    expect(sim.node('cms1').users.find((u) => u.name === 'api')?.password).toBe('api-Secret-2');
  });

  it('refuses mismatched, missing and weak passwords, bad roles, and deleting oneself or the last admin', async () => {
    expect(await ssh.execWithInput('user add bob admin', ['one-Password', 'two-Password'])).toMatch(/FAILURE: passwords do not match\n$/);
    expect(await ssh.execWithInput('user add bob admin', [])).toMatch(/FAILURE: no password given\n$/);
    expect(await ssh.execWithInput('user add bob admin', ['short', 'short'])).toMatch(/FAILURE: password does not meet the password rules \(password_length 8\)\n$/);
    expect(await ssh.exec('user rule password_numeric_count 2')).toBe('');
    expect(await ssh.execWithInput('user add bob admin', ['no-digits-here', 'no-digits-here'])).toMatch(/password_numeric_count 2/);
    expect(await ssh.exec('user add bob root')).toMatch(/^FAILURE: invalid role "root"/);
    expect(await ssh.exec('user del admin')).toBe('FAILURE: cannot delete the user you are logged in as\n');
    expect(sim.runMmpCommand('cms1', 'user del admin')).toBe('FAILURE: cannot delete the last user with the admin role\n');
    expect(await ssh.exec('user del nobody')).toBe('FAILURE: no such user nobody\n');
    expect(sim.runMmpCommand('cms1', 'user add bob audit', ['bob-Pass-12', 'bob-Pass-12'])).toMatch(/again: \n$/);
    expect(await ssh.exec('user info bob')).toBe('Name                     : bob\nRole                     : audit\nPublic key file          : none\n');
    expect(await ssh.exec('user del bob')).toBe('');
  });

  it('keeps password rules, and shows defaults again once set back', async () => {
    expect(await ssh.exec('user rule')).toMatch(/^password_length +: 8$[\s\S]*^password_age +: 180$/m);
    expect(await ssh.exec('user rule password_age 0')).toBe('');
    expect(await ssh.exec('user rule')).toMatch(/^password_age +: 0$/m);
    expect(await ssh.exec('user rule password_age 180')).toBe('');
    expect(sim.node('cms1').mmp.settings.userRules).toEqual({});
    expect(await ssh.exec('user rule password_colour 3')).toMatch(/^FAILURE: unknown rule/);
  });

  it('lets an admin log in with a public key uploaded as <user>.pub', async () => {
    const key = utils.generateKeyPairSync('ed25519');
    await ssh.execWithInput('user add backup admin', ['backup-Pass-1', 'backup-Pass-1']);
    const port = sim.node('cms1').ssh!.port;
    await expect(SshSession.connect(port, { username: 'backup', privateKey: key.private })).rejects.toMatchObject({ level: 'client-authentication' });
    const sftp = await ssh.sftp();
    await sftp.put('backup.pub', `# backup admin\n${key.public}\n`);
    const byKey = await SshSession.connect(port, { username: 'backup', privateKey: key.private });
    expect(await byKey.exec('user info backup')).toMatch(/Public key file {10}: backup\.pub/);
    byKey.close();
    sftp.raw.end();
  });
});

describe('trust, TLS and syslog', () => {
  it('sets Call Bridge trust bundles, TLS verification and minimum versions, defaults stored as none', async () => {
    await ssh.exec('pki selfsigned ca');
    expect(await ssh.exec('callbridge trust expressway ca.crt')).toBe('');
    expect(await ssh.exec('callbridge trust branding ca.crt')).toBe('');
    expect(await ssh.exec('callbridge')).toMatch(/^Callbridge trust branding certs +: ca\.crt$[\s\S]*^Expressway trusted certs +: ca\.crt$/m);
    expect(await ssh.exec('tls sip trust ca.crt')).toBe('');
    expect(await ssh.exec('tls sip verify enable')).toBe('');
    expect(await ssh.exec('tls sip min-tls-version 1.3')).toBe('');
    expect(await ssh.exec('tls sip')).toBe('Minimum TLS version      : 1.3\nTrust bundle             : ca.crt\nCertificate verification : enabled\n');
    expect(await ssh.exec('tls webadmin trust ca.crt')).toMatch(/^Usage: tls/);
    expect(await ssh.exec('tls ldap trust nope.crt')).toBe('FAILURE: file nope.crt does not exist\n');
    await ssh.exec('tls sip verify disable');
    await ssh.exec('tls sip min-tls-version 1.2');
    await ssh.exec('tls sip trust none');
    const s = sim.node('cms1').mmp.settings;
    expect([s.tlsMinVersions, s.tlsTrust, s.tlsVerify]).toEqual([{}, {}, {}]);
  });

  it('adds and removes syslog and audit log servers and switches sending on', async () => {
    expect(await ssh.exec('syslog')).toBe('Enabled                  : false\nSyslog servers           : none\nAudit log servers        : none\n');
    expect(await ssh.exec('syslog server add logs.example.com:514')).toBe('');
    expect(await ssh.exec('syslog server add 10.0.0.9')).toBe('');
    expect(await ssh.exec('syslog audit add audit.example.com:6514')).toBe('');
    expect(await ssh.exec('syslog enable')).toBe('');
    expect(await ssh.exec('syslog')).toBe('Enabled                  : true\nSyslog servers           : logs.example.com:514 10.0.0.9\nAudit log servers        : audit.example.com:6514\n');
    expect(await ssh.exec('syslog server add 10.0.0.9')).toBe('FAILURE: syslog server 10.0.0.9 already configured\n');
    expect(await ssh.exec('syslog server add bad host')).toMatch(/^Usage: syslog/);
    expect(await ssh.exec('syslog server del 10.0.0.9')).toBe('');
    expect(await ssh.exec('syslog audit del 10.0.0.9')).toBe('FAILURE: audit log server 10.0.0.9 not configured\n');
  });
});

it('saves users and file contents in the state file', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-sim-blank-'));
  const statePath = path.join(dir, 'state.json');
  try {
    const first = await startCluster({ nodes: [{ name: 'cms1', blank: true }], statePath, tls: false });
    first.runMmpCommand('cms1', 'user add api api', ['api-Secret-1', 'api-Secret-1']);
    first.runMmpCommand('cms1', 'pki selfsigned ca');
    const ca = first.readMmpFile('cms1', 'ca.crt')!;
    await first.stop();
    const second = await startCluster({ nodes: [{ name: 'cms1', blank: true }], statePath, tls: false });
    expect(second.node('cms1').users.map((u) => u.name)).toEqual(['admin', 'api']);
    expect(second.readMmpFile('cms1', 'ca.crt')).toEqual(ca);
    await second.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
