import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { ensureServerTls } from '../../simulator/src/tls';

describe('simulator TLS material (own X.509 writer)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-sim-tls-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a CA and a server certificate that node parses and that chain together', () => {
    const material = ensureServerTls(dir);
    expect(material.caPath).toBe(path.join(dir, 'ca.pem'));
    expect(fs.readFileSync(material.caPath, 'utf8')).toBe(material.caPem);
    const ca = new crypto.X509Certificate(material.caPem);
    const server = new crypto.X509Certificate(material.certPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkPrivateKey(crypto.createPrivateKey(material.keyPem))).toBe(true);
    expect(new Date(server.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
  });

  it('reuses the cached files on restart and regenerates a server certificate for new names', () => {
    const first = ensureServerTls(dir);
    const second = ensureServerTls(dir);
    expect(second.caPem).toBe(first.caPem);
    expect(second.certPem).toBe(first.certPem);
    const third = ensureServerTls(dir, ['127.0.0.1', 'localhost', 'cms1.example.test']);
    expect(third.caPem).toBe(first.caPem);
    expect(third.certPem).not.toBe(first.certPem);
    expect(new crypto.X509Certificate(third.certPem).checkHost('cms1.example.test')).toBe('cms1.example.test');
  });

  async function withServer(fn: (port: number, caPath: string) => Promise<void>): Promise<void> {
    const material = ensureServerTls(dir);
    const server = https.createServer({ cert: material.certPem, key: material.keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await fn((server.address() as AddressInfo).port, material.caPath);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('is accepted by node:tls with the CA as the only trust anchor (IP and DNS names)', async () => {
    await withServer(async (port, caPath) => {
      for (const servername of ['127.0.0.1', 'localhost']) {
        const authorized = await new Promise<boolean>((resolve, reject) => {
          const socket = tls.connect(
            { host: '127.0.0.1', port, ca: fs.readFileSync(caPath), servername: servername === '127.0.0.1' ? undefined : servername },
            () => {
              resolve(socket.authorized);
              socket.end();
            },
          );
          socket.on('error', reject);
        });
        expect(authorized).toBe(true);
      }
    });
  });

  it('is rejected by node:tls without the CA (so the check above is meaningful)', async () => {
    await withServer(async (port) => {
      const error = await new Promise<Error>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port }, () => resolve(new Error('connected')));
        socket.on('error', resolve);
      });
      expect(String((error as NodeJS.ErrnoException).code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|LOCAL_ISSUER/);
    });
  });

  const haveCurl = (() => {
    try {
      execFileSync('curl', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  (haveCurl ? it : it.skip)('is accepted by curl --cacert', async () => {
    await withServer(async (port, caPath) => {
      const { execFile } = await import('node:child_process');
      const out = await new Promise<string>((resolve, reject) =>
        execFile('curl', ['-sS', '--cacert', caPath, `https://127.0.0.1:${port}/`], (err, stdout, stderr) =>
          err ? reject(new Error(stderr || err.message)) : resolve(stdout),
        ),
      );
      expect(out).toBe('ok');
    });
  });
});
