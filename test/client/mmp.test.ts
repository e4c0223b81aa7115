/** The MMP client against the simulator's SSH endpoints: errors, typed views, reuse, logs. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { utils } from 'ssh2';
import {
  MmpAuthError,
  MmpClient,
  MmpClientOptions,
  MmpCommandError,
  MmpConfigError,
  MmpConnectionError,
  MmpHostKeyMismatchError,
  MmpLogEntry,
  MmpTimeoutError,
  MmpUnknownHostKeyError,
} from '../../provider/src/cms/mmp';
import { SimCluster, SimNode, startCluster, startSimulator } from '../../simulator/src';

const PASSWORD = 'Adm1n-Pa55word!';
const PASSPHRASE = 'key-passphrase-xyz';
const key = utils.generateKeyPairSync('ed25519');
const encryptedKey = utils.generateKeyPairSync('ed25519', { passphrase: PASSPHRASE, cipher: 'aes256-ctr', rounds: 4 });

let cluster: SimCluster;
let dir: string;
const clients: MmpClient[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-mmp-client-'));
  cluster = await startCluster({
    nodes: 3,
    tls: false,
    ssh: true,
    users: [
      { name: 'admin', password: PASSWORD, role: 'admin', publicKey: key.public },
      { name: 'keyed', password: 'unused-password', role: 'admin', publicKey: encryptedKey.public },
      { name: 'ops', password: 'ops-password', role: 'api' },
    ],
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => cluster.reset());

const node = (i: number): SimNode => cluster.nodes[i]!;

function clientFor(n: SimNode, options: Partial<MmpClientOptions> = {}): MmpClient {
  const client = new MmpClient({
    host: '127.0.0.1',
    port: n.ssh!.port,
    username: 'admin',
    password: PASSWORD,
    hostKeyFingerprint: n.ssh!.hostKeyFingerprint,
    timeoutMs: 5000,
    ...options,
  });
  clients.push(client);
  return client;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('errors', () => {
  it('names the user, never the password, when the login is refused', async () => {
    const logs: MmpLogEntry[] = [];
    const wrong = clientFor(node(0), { password: 'not-the-password', onLog: (e) => logs.push(e) });
    const err = await wrong.run('webadmin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MmpAuthError);
    expect((err as MmpAuthError).username).toBe('admin');
    expect((err as Error).message).toMatch(/refused the login of user "admin"/);
    expect((err as Error).message).not.toContain('not-the-password');
    expect(JSON.stringify(logs)).not.toContain('not-the-password');

    const apiUser = clientFor(node(0), { username: 'ops', password: 'ops-password' });
    await expect(apiUser.connect()).rejects.toBeInstanceOf(MmpAuthError);
  });

  it('refuses an unknown host key and shows the fingerprint to pin', async () => {
    const unpinned = clientFor(node(0), { hostKeyFingerprint: undefined });
    const err = await unpinned.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MmpUnknownHostKeyError);
    expect((err as MmpUnknownHostKeyError).fingerprint).toBe(node(0).ssh!.hostKeyFingerprint);
    expect((err as Error).message).toContain(`hostKeyFingerprint = "${node(0).ssh!.hostKeyFingerprint}"`);
    expect((err as Error).message).toMatch(/trustOnFirstUse/);
  });

  it('refuses a host key that differs from the pinned one, loudly', async () => {
    const crossed = clientFor(node(0), { hostKeyFingerprint: node(1).ssh!.hostKeyFingerprint });
    const err = await crossed.run('webadmin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MmpHostKeyMismatchError);
    expect(err).toMatchObject({ expected: node(1).ssh!.hostKeyFingerprint, fingerprint: node(0).ssh!.hostKeyFingerprint });
    expect((err as Error).message).toMatch(/^HOST KEY MISMATCH.*intercept/);
  });

  it('names host and port when nothing listens, and when the host name does not resolve', async () => {
    const port = await freePort();
    const refused = clientFor(node(0), { port });
    const err = await refused.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MmpConnectionError);
    expect(err).toMatchObject({ failure: 'refused', code: 'ECONNREFUSED', host: '127.0.0.1', port });
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);

    const nameless = clientFor(node(0), { host: 'cms.nonexistent.invalid' });
    await expect(nameless.connect()).rejects.toMatchObject({ failure: 'dns' });
  });

  it('times out a server that never speaks SSH, and a command that never answers', async () => {
    // Reads (so it sees the client hang up) but never answers.
    const silent = net.createServer((socket) => socket.on('error', () => undefined).resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const mute = clientFor(node(0), { port: (silent.address() as net.AddressInfo).port, timeoutMs: 200 });
      const err = await mute.connect().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MmpTimeoutError);
      expect(err).toMatchObject({ phase: 'connect', timeoutMs: 200 });
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }

    const slow = clientFor(node(0));
    await slow.connect();
    node(0).mmp.responseDelayMs = 400;
    const err = await slow.run('ntp server list', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MmpTimeoutError);
    expect(err).toMatchObject({ phase: 'command', command: 'ntp server list' });
    node(0).mmp.responseDelayMs = 0;
    expect(await slow.run('ntp server list')).toBe('');
  });

  it('reports the MMP text of a refused command, with sensitive values redacted', async () => {
    const logs: MmpLogEntry[] = [];
    const mmp = clientFor(node(0), { onLog: (e) => logs.push(e) });
    const err = await mmp.runChecked('webadmin certs hidden-name.key webadmin.crt', { sensitive: ['hidden-name'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MmpCommandError);
    expect(err).toMatchObject({ command: 'webadmin certs (redacted).key webadmin.crt', mmpText: 'FAILURE: file (redacted).key does not exist' });
    expect(JSON.stringify(logs)).not.toContain('hidden-name');
    await expect(mmp.runChecked('frobnicate')).rejects.toMatchObject({ mmpText: 'Unknown command: frobnicate' });
    await expect(mmp.runChecked('webadmin listen a')).rejects.toMatchObject({ mmpText: expect.stringMatching(/^Usage:/) });
    await expect(mmp.run('ntp server list\nwebadmin disable')).rejects.toBeInstanceOf(MmpConfigError);
  });

  it('reports a connection dropped during a command as maybe applied', async () => {
    const lone = await startSimulator({ tls: false, ssh: true, users: [{ name: 'admin', password: PASSWORD, role: 'admin' }] });
    const mmp = clientFor(lone.nodes[0]!);
    await mmp.connect();
    lone.nodes[0]!.mmp.responseDelayMs = 1000;
    const pending = mmp.run('webadmin disable').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await lone.stop();
    const err = await pending;
    expect(err).toBeInstanceOf(MmpConnectionError);
    expect(err).toMatchObject({ failure: 'closed', commandMayHaveRun: true });
  });

  it('checks its options before connecting', async () => {
    expect(() => new MmpClient({ host: 'h', username: 'admin' })).toThrow(/no password or private key for MMP user "admin"/);
    expect(() => new MmpClient({ host: 'h', username: 'admin', password: 'x', hostKeyFingerprint: 'nope' })).toThrow(MmpConfigError);
    expect(() => new MmpClient({ host: 'h', username: 'admin', privateKey: path.join(dir, 'missing') })).toThrow(/neither private key text nor a readable key file/);
    const closed = clientFor(node(0));
    await closed.close();
    await expect(closed.run('webadmin')).rejects.toMatchObject({ failure: 'closed' });
  });
});

describe('login and reuse', () => {
  it('logs in with a key (text or file, encrypted with a passphrase)', async () => {
    const byText = clientFor(node(0), { password: undefined, privateKey: key.private });
    expect((await byText.webadmin()).enabled).toBe(true);

    const file = path.join(dir, 'id_ed25519');
    fs.writeFileSync(file, encryptedKey.private, { mode: 0o600 });
    const byFile = clientFor(node(0), { username: 'keyed', password: undefined, privateKey: file, passphrase: PASSPHRASE });
    expect((await byFile.webadmin()).enabled).toBe(true);

    const noPassphrase = clientFor(node(0), { username: 'keyed', password: undefined, privateKey: file });
    await expect(noPassphrase.connect()).rejects.toBeInstanceOf(MmpConfigError);
  });

  it('trusts the first host key when allowed, says so, and reports it for pinning', async () => {
    const logs: MmpLogEntry[] = [];
    const tofu = clientFor(node(2), { hostKeyFingerprint: undefined, trustOnFirstUse: true, onLog: (e) => logs.push(e) });
    await tofu.connect();
    expect(tofu.hostKeyFingerprint).toBe(node(2).ssh!.hostKeyFingerprint);
    expect(logs.find((e) => e.level === 'warn')?.message).toContain(`${node(2).ssh!.hostKeyFingerprint} trusted on first use`);
  });

  it('reuses one connection for many commands, run one at a time', async () => {
    const logs: MmpLogEntry[] = [];
    const mmp = clientFor(node(0), { onLog: (e) => logs.push(e) });
    const outputs = await Promise.all(['ntp server add 10.0.0.10', 'ntp server add 10.0.0.11', 'ntp server list'].map((c) => mmp.run(c)));
    expect(outputs[2]).toBe('10.0.0.10\n10.0.0.11\n');
    expect(logs.filter((e) => e.message === 'MMP connected')).toHaveLength(1);
    expect(logs.filter((e) => e.message === 'MMP command').map((e) => e.fields.command)).toEqual(['ntp server add 10.0.0.10', 'ntp server add 10.0.0.11', 'ntp server list']);
  });
});

describe('typed views', () => {
  it('reads webadmin, callbridge and webbridge3 as configured behind its back', async () => {
    for (const command of [
      'webadmin listen a 445',
      'webadmin certs cms.key cms.crt root-ca.crt',
      'callbridge listen a b',
      'callbridge certs cms.key cms.crt',
      'callbridge trust c2w root-ca.crt',
      'webbridge3 https listen a:443 b:443',
      'webbridge3 https certs cms.key cms-fullchain.crt',
      'webbridge3 c2w listen a:9999',
      'webbridge3 c2w certs cms.key cms-fullchain.crt',
      'webbridge3 c2w trust root-ca.crt',
      'webbridge3 enable',
    ]) {
      expect(cluster.runMmpCommand('cms1', command)).not.toMatch(/FAILURE|Usage/);
    }
    const mmp = clientFor(node(0));
    const { raw: _w, ...webadmin } = await mmp.webadmin();
    expect(webadmin).toEqual({ enabled: true, interface: 'a', port: 445, keyFile: 'cms.key', certificateFile: 'cms.crt', caBundleFile: 'root-ca.crt', httpRedirect: false, status: 'webadmin running' });
    const { raw: _c, ...callbridge } = await mmp.callbridge();
    expect(callbridge).toEqual({ listeningInterfaces: ['a', 'b'], keyFile: 'cms.key', certificateFile: 'cms.crt', address: '10.0.0.1', c2wTrustedCerts: 'root-ca.crt' });
    const { raw: _b, ...webbridge3 } = await mmp.webbridge3();
    expect(webbridge3).toEqual({
      enabled: true,
      httpsListeners: [
        { interface: 'a', port: 443 },
        { interface: 'b', port: 443 },
      ],
      httpsKeyFile: 'cms.key',
      httpsCertificateFile: 'cms-fullchain.crt',
      httpRedirect: false,
      c2wListeners: [{ interface: 'a', port: 9999 }],
      c2wKeyFile: 'cms.key',
      c2wCertificateFile: 'cms-fullchain.crt',
      c2wTrustBundle: 'root-ca.crt',
    });
    expect((await mmp.status('webadmin'))['TLS listening port']).toBe('445');
    await expect(mmp.status('turn; reboot')).rejects.toBeInstanceOf(MmpConfigError);
    await expect(mmp.status('scheduler')).rejects.toBeInstanceOf(MmpCommandError);
  });

  it('reads NTP servers and DNS forward zones', async () => {
    const mmp = clientFor(node(1));
    await mmp.runChecked('ntp server add 10.0.0.10');
    await mmp.runChecked('ntp server add ntp.example.com');
    await mmp.runChecked('dns add forwardzone . 10.0.0.2');
    await mmp.runChecked('dns add forwardzone example.com 10.0.0.3');
    expect(await mmp.ntpServers()).toEqual(['10.0.0.10', 'ntp.example.com']);
    expect(await mmp.dnsForwardZones()).toEqual([
      { domain: '.', server: '10.0.0.2' },
      { domain: 'example.com', server: '10.0.0.3' },
    ]);
  });

  it('forms a database cluster and reads its status from each node, with a node taken out', async () => {
    const mmps = [0, 1, 2].map((i) => clientFor(node(i)));
    for (const mmp of mmps) {
      await mmp.runChecked('database cluster localnode a');
      await mmp.runChecked('database cluster certs dbserver.key dbserver.crt dbclient.key dbclient.crt root-ca.crt');
    }
    expect((await mmps[0]!.databaseClusterStatus()).status).toBe('disabled');
    await mmps[0]!.runChecked('database cluster initialize');
    await mmps[1]!.runChecked('database cluster join 10.0.0.1');
    await mmps[2]!.runChecked('database cluster join 10.0.0.1');
    const status = await mmps[2]!.databaseClusterStatus();
    expect(status).toEqual({
      status: 'enabled',
      statusText: 'Enabled',
      nodes: [
        { address: '10.0.0.1', me: false, state: 'primary', connected: true, inSync: true, text: 'Connected Primary' },
        { address: '10.0.0.2', me: false, state: 'replica', connected: true, inSync: true, text: 'Connected Replica ( In Sync )' },
        { address: '10.0.0.3', me: true, state: 'replica', connected: true, inSync: true, text: 'Connected Replica ( In Sync )' },
      ],
      nodeInUse: '10.0.0.1',
      interface: 'a',
      certificates: { serverKey: 'dbserver.key', serverCertificate: 'dbserver.crt', clientKey: 'dbclient.key', clientCertificate: 'dbclient.crt', caCertificate: 'root-ca.crt' },
      lastCommand: { text: 'database cluster join 10.0.0.1', ok: true },
    });
    await expect(mmps[1]!.runChecked('database cluster join 10.0.0.1')).rejects.toMatchObject({ mmpText: expect.stringMatching(/^FAILURE: this node is already/) });

    cluster.databaseCommand('cms1', 'markDown');
    const after = await mmps[1]!.databaseClusterStatus();
    expect(after.nodes.map((n) => [n.address, n.state, n.connected])).toEqual([
      ['10.0.0.1', 'replica', false],
      ['10.0.0.2', 'primary', true],
      ['10.0.0.3', 'replica', true],
    ]);
    expect(after.nodeInUse).toBe('10.0.0.2');
    expect(after.lastCommand).toEqual({ text: 'database cluster join 10.0.0.1', ok: false });
  });
});

it('never logs the password, the private key or its passphrase', async () => {
  const logs: MmpLogEntry[] = [];
  const onLog = (e: MmpLogEntry) => logs.push(e);
  const byPassword = clientFor(node(0), { onLog });
  await byPassword.webadmin();
  await byPassword.run('user list');
  await clientFor(node(0), { password: 'wrong-' + PASSWORD, onLog }).connect().catch(() => undefined);
  const byKey = clientFor(node(0), { username: 'keyed', password: undefined, privateKey: encryptedKey.private, passphrase: PASSPHRASE, onLog });
  await byKey.webadmin();
  const text = JSON.stringify(logs);
  expect(logs.length).toBeGreaterThan(5);
  for (const secret of [PASSWORD, PASSPHRASE, 'PRIVATE KEY', encryptedKey.private.split('\n')[1]!]) expect(text).not.toContain(secret);
});
