import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { generateServerCertificate, handshakeCertificateField } from '../../../provider/src/plugin/tls/certificate';

describe('the AutoMTLS server certificate', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const cert = generateServerCertificate(now);
  const x509 = new X509Certificate(cert.certPem);

  it('is a self-signed CA for localhost', () => {
    expect(x509.subject).toBe('O=cms-iac\nCN=localhost');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.ca).toBe(true);
    expect(x509.subjectAltName).toBe('DNS:localhost');
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(Buffer.compare(x509.raw, cert.der)).toBe(0);
  });

  it('has go-plugin key usages: digitalSignature, keyEncipherment, keyAgreement, certSign; serverAuth + clientAuth', () => {
    // keyUsage extension: critical, BIT STRING with 2 unused bits, 0xac = bits 0, 2, 4, 5.
    expect(cert.der.includes(Buffer.from('0603551d0f0101ff0404030202ac', 'hex'))).toBe(true);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  it('is valid from a minute before now (UTC) for a day', () => {
    expect(new Date(x509.validFrom).toISOString()).toBe('2026-11-21T11:59:00.000Z');
    expect(new Date(x509.validTo).toISOString()).toBe('2026-11-22T12:00:00.000Z');
  });

  it('goes into the handshake as base64 without padding', () => {
    const field = handshakeCertificateField(cert.der);
    expect(field).not.toMatch(/=/);
    expect(Buffer.from(field, 'base64')).toEqual(cert.der);
  });

  it('works for mutual TLS the way go-plugin uses it (each side trusts the other cert as its CA)', async () => {
    const server = generateServerCertificate();
    const client = generateServerCertificate(); // stands in for Terraform's client certificate
    const srv = tls.createServer({ key: server.keyPem, cert: server.certPem, ca: client.certPem, requestCert: true, rejectUnauthorized: true }, (s) =>
      s.end('ok'),
    );
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as { port: number }).port;
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const c = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: server.certPem, key: client.keyPem, cert: client.certPem });
        let data = '';
        c.on('data', (d: Buffer) => (data += d.toString()));
        c.on('end', () => resolve(data));
        c.on('error', reject);
      });
      expect(reply).toBe('ok');
    } finally {
      srv.close();
    }
  });
});
