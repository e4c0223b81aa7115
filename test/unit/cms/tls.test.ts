/**
 * TLS options against a local HTTPS server whose certificate is signed by a test CA made with
 * the openssl command line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CmsClient, CmsTlsError } from '../../../provider/src/cms';
import { startFakeServer, xml, type FakeServer } from './helpers';

let dir: string;
let caPem: string;
let otherCaPem: string;
let server: FakeServer;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeCa(name: string): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cms-tls-'));
  makeCa('ca');
  makeCa('other-ca');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=cms-test');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  otherCaPem = readFileSync(join(dir, 'other-ca.pem'), 'utf8');
  server = await startFakeServer((_req, res) => xml(res, 200, '<status><softwareVersion>3.8</softwareVersion></status>'), {
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function status(options: { caBundle?: string; insecure?: boolean; url?: string }): Promise<string | undefined> {
  const client = new CmsClient({ url: options.url ?? server.url, username: 'u', password: 'p', retries: 0, ...options });
  try {
    return (await client.get('/system/status')).values['softwareVersion'];
  } finally {
    await client.close();
  }
}

describe('TLS', () => {
  it('verifies certificates by default and explains both options on failure', async () => {
    const err = (await status({}).catch((e: unknown) => e)) as CmsTlsError;
    expect(err).toBeInstanceOf(CmsTlsError);
    expect(err.failure).toBe('tls');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    expect(err.message).toMatch(/could not be verified/);
    expect(err.message).toMatch(/CA bundle option \(PEM text or a file path\)/);
    expect(err.message).toMatch(/insecure option/);
  });

  it('trusts a CA bundle given as PEM text', async () => {
    expect(await status({ caBundle: caPem })).toBe('3.8');
  });

  it('trusts a CA bundle given as a file path', async () => {
    expect(await status({ caBundle: join(dir, 'ca.pem') })).toBe('3.8');
  });

  it('refuses a certificate from a CA not in the bundle', async () => {
    await expect(status({ caBundle: otherCaPem })).rejects.toBeInstanceOf(CmsTlsError);
  });

  it('skips verification only when insecure is set', async () => {
    expect(await status({ insecure: true })).toBe('3.8');
  });

  it('explains a host name the certificate does not list', async () => {
    writeFileSync(join(dir, 'other.ext'), 'subjectAltName=DNS:cms.example.com\n');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.csr', '-subj', '/CN=cms.example.com');
    openssl('x509', '-req', '-in', 'other.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'other.pem', '-days', '2', '-extfile', 'other.ext');
    const named = await startFakeServer((_req, res) => xml(res, 200, '<x/>'), {
      key: readFileSync(join(dir, 'other.key'), 'utf8'),
      cert: readFileSync(join(dir, 'other.pem'), 'utf8'),
    });
    try {
      const err = (await status({ caBundle: caPem, url: named.url }).catch((e: unknown) => e)) as CmsTlsError;
      expect(err).toBeInstanceOf(CmsTlsError);
      expect(err.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(err.message).toMatch(/does not name/);
      expect(err.message).toMatch(/insecure option/);
    } finally {
      await named.close();
    }
  });

  it('refuses a CA bundle file without certificates', () => {
    const path = join(dir, 'empty.pem');
    writeFileSync(path, 'nothing here');
    expect(() => new CmsClient({ url: server.url, username: 'u', password: 'p', caBundle: path })).toThrow(/holds no PEM certificate/);
  });

  it('explains talking HTTPS to a plain HTTP port', async () => {
    const plain = await startFakeServer((_req, res) => xml(res, 200, '<x/>'));
    try {
      const err = await status({ url: plain.url.replace('http:', 'https:') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CmsTlsError);
      expect((err as Error).message).toMatch(/TLS handshake/);
    } finally {
      await plain.close();
    }
  });
});
