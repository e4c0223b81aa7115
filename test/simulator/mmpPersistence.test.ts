/** MMP state across restarts (`--state`), and the command line's SSH flags. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { utils } from 'ssh2';
import { startCluster } from '../../simulator/src';
import { DEFAULT_SSH_PORT, main, parseArgs } from '../../simulator/src/cli';
import { TestClient } from './helpers';
import { SshSession } from './mmpHelpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-mmp-state-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('keeps MMP settings, files, database clusters and host keys across a restart', async () => {
  const options = { nodes: 2, tls: false, ssh: true, statePath: path.join(dir, 'sim.json'), stateDir: dir };
  const first = await startCluster(options);
  const fingerprints = first.nodes.map((n) => n.ssh!.hostKeyFingerprint);
  try {
    first.setMmpFiles('cms1', ['edge.key', 'edge.crt']);
    const [a, b] = await Promise.all(first.nodes.map((n) => SshSession.forNode(n)));
    for (const command of ['ntp server add 10.0.0.10', 'dns add forwardzone . 10.0.0.2', 'webadmin listen a 445', 'callbridge certs edge.key edge.crt', 'tls sip min-tls-version 1.1']) {
      expect(await a!.exec(command)).toBe('');
    }
    for (const s of [a!, b!]) {
      await s.exec('database cluster localnode a');
      await s.exec('database cluster certs dbserver.key dbserver.crt dbclient.key dbclient.crt root-ca.crt');
    }
    await a!.exec('database cluster initialize');
    await b!.exec('database cluster join 10.0.0.1');
    a!.close();
    b!.close();
  } finally {
    await first.stop();
  }

  const second = await startCluster(options);
  try {
    expect(second.nodes.map((n) => n.ssh!.hostKeyFingerprint)).toEqual(fingerprints);
    const a = await SshSession.forNode(second.node('cms1'));
    expect(await a.exec('ntp server list')).toBe('10.0.0.10\n');
    expect(await a.exec('dns')).toContain('10.0.0.2');
    expect(await a.exec('webadmin')).toMatch(/TLS listening port {7}: 445/);
    expect(await a.exec('callbridge')).toMatch(/Key file {25}: edge\.key/);
    expect(await a.exec('tls sip')).toContain('1.1');
    expect(second.mmpFiles('cms1')).toContain('edge.key');
    expect(second.mmpFiles('cms2')).not.toContain('edge.key');
    expect(await a.exec('database cluster status')).toMatch(/10\.0\.0\.2 {13}: Connected Replica \( In Sync \)/);
    expect(await a.exec('database cluster status')).toMatch(/Last command {13}: 'database cluster initialize' \(Success\)/);
    a.close();
    const api = new TestClient(second.node('cms2').url);
    const database = (await api.get('system/database')).xml.database;
    await api.close();
    expect(database['@clustered']).toBe('enabled');
    expect(database.cluster.totalNodes).toBe('2');
  } finally {
    await second.stop();
  }
});

describe('command line', () => {
  it('maps --ssh, --ssh-port and --authorized-key', () => {
    fs.writeFileSync(path.join(dir, 'ops.pub'), `${utils.generateKeyPairSync('ed25519').public}\n`);
    expect(parseArgs(['--ssh'], dir)).toMatchObject({ ssh: true, sshPort: DEFAULT_SSH_PORT });
    expect(parseArgs(['--ssh-port', '0'], dir)).toMatchObject({ ssh: true, sshPort: 0 });
    const options = parseArgs(['--user', 'ops:pw', '--authorized-key', 'ops=ops.pub'], dir);
    expect(options?.users?.[0]?.publicKey).toMatch(/^ssh-ed25519 AAAA/);
    expect(() => parseArgs(['--authorized-key', 'admin'], dir)).toThrow(/<user>=<public-key-file>/);
    expect(() => parseArgs(['--authorized-key', 'ghost=ops.pub'], dir)).toThrow(/no user named ghost/);
  });

  it('prints each node\'s SSH port and host key fingerprint', async () => {
    const lines: string[] = [];
    const sim = await main(['--port', '0', '--http', '--nodes', '2', '--ssh-port', '0', '--state-dir', dir], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      handleSignals: false,
    });
    try {
      for (const node of sim!.nodes) {
        expect(lines.join('\n')).toContain(`ssh ${node.name}`);
        expect(lines.join('\n')).toContain(`port ${node.ssh!.port}  host key ${node.ssh!.hostKeyFingerprint}`);
      }
    } finally {
      await sim?.stop();
    }
  });
});
