/** The simulated MMP over SSH (cms-api.md §3): login, exec conventions and each command family's output. */
import { utils } from 'ssh2';
import { DEFAULT_MMP_FILES, Simulator, startSimulator } from '../../simulator/src';
import { TestClient } from './helpers';
import { ADMIN, SshSession } from './mmpHelpers';

const userKey = utils.generateKeyPairSync('ed25519');
const otherKey = utils.generateKeyPairSync('ed25519');

let sim: Simulator;
let ssh: SshSession;
let port: number;
beforeAll(async () => {
  sim = await startSimulator({
    tls: false,
    ssh: true,
    users: [
      { name: 'admin', password: 'admin', role: 'admin', publicKey: userKey.public },
      { name: 'api', password: 'apipw', role: 'api' },
    ],
  });
  port = sim.nodes[0]!.ssh!.port;
  ssh = await SshSession.connect(port);
});
afterAll(async () => {
  ssh.close();
  await sim.stop();
});
beforeEach(() => sim.reset());

describe('login', () => {
  it('exposes the port and an OpenSSH-style host key fingerprint', () => {
    const info = sim.nodes[0]!.ssh!;
    expect(info.port).toBeGreaterThan(0);
    expect(info.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('accepts an admin by password and by public key', async () => {
    const byKey = await SshSession.connect(port, { username: 'admin', privateKey: userKey.private });
    expect(await byKey.exec('webadmin')).toContain('Enabled');
    byKey.close();
  });

  it('refuses a wrong password, an unknown user, a key not on record, and non-admin roles', async () => {
    const refused = [
      { username: 'admin', password: 'wrong' },
      { username: 'nobody', password: 'admin' },
      { username: 'admin', privateKey: otherKey.private },
      { username: 'api', password: 'apipw' },
    ];
    for (const auth of refused) {
      await expect(SshSession.connect(port, auth)).rejects.toMatchObject({ level: 'client-authentication' });
    }
  });
});

describe('exec conventions', () => {
  it('runs one command per channel, many channels per connection, exit status 0', async () => {
    const [a, b] = await Promise.all([ssh.execWithStatus('ntp server list'), ssh.execWithStatus('webadmin enable')]);
    expect(a).toEqual({ output: '', code: 0 });
    expect(b.code).toBe(0);
    expect(b.output).toMatch(/^SUCCESS: /m);
  });

  it('answers unknown commands and malformed ones with the MMP error texts', async () => {
    expect(await ssh.exec('frobnicate now')).toBe('Unknown command: frobnicate now\n');
    expect(await ssh.exec('webadmin listen a')).toBe('Usage: webadmin listen <interface> <port>\n');
    expect(await ssh.exec('webadmin listen z 445')).toMatch(/^FAILURE: invalid interface "z"/);
    expect(await ssh.exec('webadmin listen a 70000')).toMatch(/^FAILURE: invalid port "70000"/);
    expect(await ssh.exec('help')).toContain('webbridge3');
  });
});

describe('webadmin', () => {
  it('prints its status block with the factory defaults', async () => {
    expect(await ssh.exec('webadmin')).toBe(
      [
        'Enabled                  : true',
        'TLS listening interface  : a',
        'TLS listening port       : 443',
        'Key file                 : webadmin.key',
        'Certificate file         : webadmin.crt',
        'CA Bundle file           : none',
        'HTTP redirect            : Disabled',
        'STATUS                   : webadmin running',
        '',
      ].join('\n'),
    );
  });

  it('stores listen, certs and http-redirect silently, and enable prints SUCCESS lines', async () => {
    expect(await ssh.exec('webadmin disable')).toBe('');
    expect(await ssh.exec('webadmin certs cms.key cms.crt root-ca.crt')).toBe('');
    expect(await ssh.exec('webadmin listen b 445')).toBe('');
    expect(await ssh.exec('webadmin http-redirect enable')).toBe('');
    expect(await ssh.exec('webadmin enable')).toBe(
      'SUCCESS: Key and certificate pair match\nSUCCESS: certificate verified against CA bundle\nSUCCESS: webadmin enabled\n',
    );
    expect(sim.nodes[0]!.mmp.settings.webAdmin).toEqual({
      enabled: true,
      interface: 'b',
      port: 445,
      keyFile: 'cms.key',
      certificateFile: 'cms.crt',
      caBundleFile: 'root-ca.crt',
      httpRedirect: true,
    });
    expect(await ssh.exec('webadmin')).toMatch(/^TLS listening port {7}: 445$/m);
  });

  it('refuses certificate files that are not in the file store', async () => {
    expect(await ssh.exec('webadmin certs missing.key cms.crt')).toBe('FAILURE: file missing.key does not exist\n');
    sim.setMmpFiles('cms1', ['webadmin.crt'], 'remove');
    expect(await ssh.exec('webadmin enable')).toBe('FAILURE: file webadmin.crt does not exist\n');
  });

  it('refuses a port a running Web Bridge 3 holds on the same interface, in both orders', async () => {
    await ssh.exec('webadmin listen a 445');
    await ssh.exec('webbridge3 https listen a:443');
    await ssh.exec('webbridge3 https certs cms.key cms-fullchain.crt');
    expect(await ssh.exec('webbridge3 enable')).toMatch(/SUCCESS: webbridge3 enabled/);
    expect(await ssh.exec('webadmin listen a 443')).toBe('FAILURE: port 443 on interface a is already in use by webbridge3 https\n');
    expect(await ssh.exec('webadmin listen b 443')).toBe('');

    await ssh.exec('webadmin disable');
    await ssh.exec('webadmin listen a 443');
    expect(await ssh.exec('webadmin enable')).toBe('FAILURE: port 443 on interface a is already in use by webbridge3 https\n');
    await ssh.exec('webbridge3 disable');
    expect(await ssh.exec('webadmin enable')).toMatch(/SUCCESS: webadmin enabled/);
    expect(await ssh.exec('webbridge3 enable')).toBe('FAILURE: port 443 on interface a is already in use by webadmin\n');
  });
});

describe('webbridge3', () => {
  it('prints its status block', async () => {
    await ssh.exec('webbridge3 https listen a:443 b:443');
    await ssh.exec('webbridge3 c2w listen a:9999');
    await ssh.exec('webbridge3 c2w trust root-ca.crt');
    expect(await ssh.exec('webbridge3')).toBe(
      [
        'Enabled                              : false',
        'HTTPS listening ports and interfaces : a:443 b:443',
        'HTTPS Key file                       : none',
        'HTTPS Full chain certificate file    : none',
        'HTTPS Frame-Ancestors                : none',
        'HTTP redirect                        : Disabled',
        'C2W listening ports and interfaces   : a:9999',
        'C2W Key file                         : none',
        'C2W Full chain certificate file      : none',
        'C2W Trust bundle                     : root-ca.crt',
        'Meetingapps address                  : none',
        'Meetingapps port                     : none',
        'Audio priority flag                  : false',
        'Beta options                         : none',
        '',
      ].join('\n'),
    );
  });

  it('enables only with listeners and certificates, and refuses clashes between its own ports', async () => {
    await ssh.exec('webadmin listen a 445');
    expect(await ssh.exec('webbridge3 enable')).toBe('FAILURE: webbridge3 https listening interface not configured\n');
    await ssh.exec('webbridge3 https listen a:443');
    expect(await ssh.exec('webbridge3 enable')).toBe('FAILURE: webbridge3 https certificates not configured\n');
    await ssh.exec('webbridge3 https certs cms.key cms-fullchain.crt');
    await ssh.exec('webbridge3 c2w listen a:443');
    await ssh.exec('webbridge3 c2w certs cms.key cms-fullchain.crt');
    expect(await ssh.exec('webbridge3 enable')).toBe('FAILURE: port 443 on interface a is already in use by webbridge3 https\n');
    await ssh.exec('webbridge3 c2w listen a:9999');
    await ssh.exec('webbridge3 c2w trust root-ca.crt');
    await ssh.exec('webbridge3 http-redirect enable');
    expect(await ssh.exec('webbridge3 enable')).toBe(
      'SUCCESS: Key and certificate pair match\nSUCCESS: Key and certificate pair match\nSUCCESS: certificate verified against CA bundle\nSUCCESS: webbridge3 enabled\n',
    );
    expect(await ssh.exec('webadmin http-redirect enable')).toBe('FAILURE: port 80 on interface a is already in use by webbridge3 http-redirect\n');
    expect(await ssh.exec('webbridge3 restart')).toMatch(/SUCCESS: webbridge3 restarted\n$/);
    await ssh.exec('webbridge3 disable');
    expect(await ssh.exec('webbridge3 restart')).toBe('FAILURE: webbridge3 is not enabled\n');
    expect(await ssh.exec('webbridge3 https listen a443')).toMatch(/^Usage: webbridge3 https listen/);
    expect(await ssh.exec('webbridge3 c2w certs none')).toBe('');
    expect(sim.nodes[0]!.mmp.settings.webBridge3.c2wKeyFile).toBeUndefined();
  });
});

describe('callbridge', () => {
  it('prints its status block, and restart needs listeners and certificates', async () => {
    expect(await ssh.exec('callbridge restart')).toBe('FAILURE: callbridge listening interface not configured\n');
    await ssh.exec('callbridge listen a b');
    expect(await ssh.exec('callbridge restart')).toBe('FAILURE: callbridge certificates not configured\n');
    expect(await ssh.exec('callbridge certs cms.key cms.crt root-ca.crt')).toBe('');
    expect(await ssh.exec('callbridge trust c2w root-ca.crt')).toBe('');
    expect(await ssh.exec('callbridge trust cluster nope.crt')).toBe('FAILURE: file nope.crt does not exist\n');
    expect(await ssh.exec('callbridge trust branding root-ca.crt')).toBe('');
    expect(await ssh.exec('callbridge trust ucm root-ca.crt')).toMatch(/^Usage: callbridge trust/);
    expect(await ssh.exec('callbridge restart')).toBe(
      'SUCCESS: Key and certificate pair match\nSUCCESS: certificate verified against CA bundle\nSUCCESS: callbridge restarted\n',
    );
    const status = await ssh.exec('callbridge');
    expect(status.split('\n').slice(0, 8)).toEqual([
      'Listening interfaces             : a b',
      'Preferred interface              : none',
      'Key file                         : cms.key',
      'Certificate file                 : cms.crt',
      'Address                          : 10.0.0.1',
      'CA Bundle file                   : root-ca.crt',
      'C2W trusted certs                : root-ca.crt',
      'Callbridge cluster trusted certs : none',
    ]);
    expect(status).toMatch(/^AV1 Video Codec {18}: disabled$/m);
  });
});

describe('ntp, dns, user, tls', () => {
  it('adds, lists and deletes NTP servers, refusing duplicates, unknowns and a sixth', async () => {
    expect(await ssh.exec('ntp server add 10.0.0.10')).toBe('');
    expect(await ssh.exec('ntp server add ntp.example.com')).toBe('');
    expect(await ssh.exec('ntp server add 10.0.0.10')).toBe('FAILURE: NTP server 10.0.0.10 already configured\n');
    expect(await ssh.exec('ntp server list')).toBe('10.0.0.10\nntp.example.com\n');
    expect(await ssh.exec('ntp status')).toBe('10.0.0.10                : synchronised\nntp.example.com          : synchronised\n');
    expect(await ssh.exec('ntp server del 10.0.0.10')).toBe('');
    expect(await ssh.exec('ntp server del 10.0.0.10')).toBe('FAILURE: NTP server 10.0.0.10 not configured\n');
    for (const n of [1, 2, 3, 4]) await ssh.exec(`ntp server add 192.0.2.${n}`);
    expect(await ssh.exec('ntp server add 192.0.2.5')).toBe('FAILURE: at most 5 NTP servers may be configured\n');
  });

  it('adds, lists and deletes DNS forward zones', async () => {
    expect(await ssh.exec('dns add forwardzone . 10.0.0.2')).toBe('');
    expect(await ssh.exec('dns add forwardzone example.com 10.0.0.3')).toBe('');
    expect(await ssh.exec('dns add forwardzone example.com 10.0.0.3')).toBe('FAILURE: forward zone example.com 10.0.0.3 already configured\n');
    expect(await ssh.exec('dns add forwardzone example.com not-an-ip')).toMatch(/^Usage: dns/);
    expect(await ssh.exec('dns')).toBe('Forward zones:\n  .                      : 10.0.0.2\n  example.com            : 10.0.0.3\n');
    expect(await ssh.exec('dns del forwardzone . 10.0.0.2')).toBe('');
    expect(await ssh.exec('dns del forwardzone . 10.0.0.2')).toBe('FAILURE: forward zone . 10.0.0.2 not configured\n');
    expect(await ssh.exec('dns')).toBe('Forward zones:\n  example.com            : 10.0.0.3\n');
    expect(await ssh.exec('dns flush')).toBe('');
  });

  it('lists users and sets TLS minimum versions', async () => {
    expect(await ssh.exec('user list')).toBe('Name   Role\nadmin  admin\napi    api\n');
    expect(await ssh.exec('tls webadmin')).toBe('Minimum TLS version      : 1.2\n');
    expect(await ssh.exec('tls webadmin min-tls-version 1.3')).toBe('');
    expect(await ssh.exec('tls webadmin')).toBe('Minimum TLS version      : 1.3\n');
    expect(await ssh.exec('tls webadmin min-tls-version 2.0')).toMatch(/^Usage: tls/);
  });
});

describe('interactive shell', () => {
  it('prompts, runs a line at a time and logs out', async () => {
    const shell = await ssh.shell();
    await shell.readUntil(/cms1> $/);
    shell.send('ntp server add 10.1.1.1\nntp server list\n');
    expect(await shell.readUntil(/10\.1\.1\.1\ncms1> $/)).toContain('10.1.1.1');
    shell.send('exit\n');
    shell.close();
  });
});

describe('hooks for tests and pipelines', () => {
  it('runs commands as if typed, behind the client\'s back (library and control endpoint)', async () => {
    expect(sim.runMmpCommand('cms1', 'ntp server add 10.9.9.9')).toBe('');
    const client = new TestClient(sim.url);
    try {
      const typed = await client.json('POST', '/_simulator/nodes/cms1/mmp', { command: 'ntp server list' });
      expect(typed).toEqual({ status: 200, body: { output: '10.9.9.9\n' } });
      expect((await client.json('POST', '/_simulator/nodes/cms1/mmp', {})).status).toBe(400);

      expect((await client.json('GET', '/_simulator/nodes/cms1/files')).body).toEqual([...DEFAULT_MMP_FILES].sort());
      expect((await client.json('POST', '/_simulator/nodes/cms1/files', ['edge.key', 'edge.crt'])).body).toContain('edge.key');
      expect(await ssh.exec('callbridge certs edge.key edge.crt')).toBe('');
      expect((await client.json('DELETE', '/_simulator/nodes/cms1/files?name=edge.key')).body).not.toContain('edge.key');
      expect((await client.json('PUT', '/_simulator/nodes/cms1/files', ['only.crt'])).body).toEqual(['only.crt']);
      expect((await client.json('PUT', '/_simulator/nodes/cms1/files', ['bad/name'])).status).toBe(400);

      const nodes = (await client.json('GET', '/_simulator/nodes')).body;
      expect(nodes[0].ssh).toEqual(sim.nodes[0]!.ssh);
    } finally {
      await client.close();
    }
  });

  it('reset restores the factory settings and files', async () => {
    await ssh.exec('webadmin listen b 8443');
    sim.setMmpFiles('cms1', ['x.crt'], 'replace');
    sim.reset();
    expect(await ssh.exec('webadmin')).toMatch(/TLS listening port {7}: 443/);
    expect(sim.mmpFiles('cms1')).toEqual([...DEFAULT_MMP_FILES].sort());
  });

  it('delays answers when told to (client timeout tests)', async () => {
    sim.nodes[0]!.mmp.responseDelayMs = 150;
    const started = Date.now();
    await ssh.exec('webadmin');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

it('keeps admin credentials usable for the API while SSH is on', async () => {
  const client = new TestClient(sim.url, undefined, { user: ADMIN.username, password: ADMIN.password! });
  expect((await client.get('coSpaces')).status).toBe(200);
  await client.close();
});
