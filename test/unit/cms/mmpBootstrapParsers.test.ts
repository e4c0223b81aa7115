/** Parsers of the MMP answers a blank node's bring-up reads: pki, users, rules, syslog, tls. */
import { parsePkiInspect, parsePkiList, parseSyslogStatus, parseTlsStatus, parseUserList, parseUserRules } from '../../../provider/src/cms/mmp';

describe('pki inspect', () => {
  it("reads OpenSSL's text form, ignoring lines it does not need", () => {
    const text = `Certificate:
    Data:
        Version: 3 (0x2)
    Serial Number: 4a:0b:ff
    Signature Algorithm: sha256WithRSAEncryption
    Issuer: C = US, O = Example, CN = Example Issuing CA
    Validity
        Not Before: Jan  5 10:00:00 2025 GMT
        Not After : Jan  5 10:00:00 2027 GMT
    Subject: O = Example, CN = cms1.example.com
    X509v3 Basic Constraints: CA:FALSE
    X509v3 Subject Alternative Name:
        DNS:cms1.example.com, DNS:join.example.com, IP Address:10.0.0.1
SHA256 Fingerprint=ab:cd:ef
`;
    expect(parsePkiInspect(text)).toEqual({
      subject: 'O=Example, CN=cms1.example.com',
      issuer: 'C=US, O=Example, CN=Example Issuing CA',
      notBefore: '2025-01-05T10:00:00.000Z',
      notAfter: '2027-01-05T10:00:00.000Z',
      serial: '4a:0b:ff',
      altNames: ['cms1.example.com', 'join.example.com', '10.0.0.1'],
      fingerprintSha256: 'AB:CD:EF',
      isCa: false,
    });
  });

  it('reads only the first certificate of a bundle', () => {
    const one = (cn: string, year: number) => `Certificate:\n    Subject: CN = ${cn}\n        Not After : Jan  1 00:00:00 ${year} GMT\n`;
    expect(parsePkiInspect(one('leaf', 2026) + one('ca', 2035))).toMatchObject({ subject: 'CN=leaf', notAfter: '2026-01-01T00:00:00.000Z' });
  });

  it('lists file names and skips headings', () => {
    expect(parsePkiList('User supplied certificates and keys:\n  cms.key\n  cms.crt\n\n')).toEqual(['cms.key', 'cms.crt']);
  });
});

describe('users, rules, syslog, tls', () => {
  it('reads user rows whatever the header', () => {
    expect(parseUserList('Name   Role\nadmin  admin\napi    api\n')).toEqual([
      { name: 'admin', role: 'admin' },
      { name: 'api', role: 'api' },
    ]);
    expect(parseUserList('Username      Role        \nbackup        Admin\n')).toEqual([{ name: 'backup', role: 'admin' }]);
  });

  it('reads rules as numbers', () => {
    expect(parseUserRules('password_length           : 12\npassword_age              : 0\n')).toEqual({ password_length: 12, password_age: 0 });
  });

  it('reads the syslog block, none as no servers', () => {
    expect(parseSyslogStatus('Enabled : true\nSyslog servers : a.example.com:514 10.0.0.9\nAudit log servers : none\n')).toEqual({
      enabled: true,
      servers: ['a.example.com:514', '10.0.0.9'],
      auditServers: [],
    });
  });

  it('reads a tls block with and without peer checks', () => {
    expect(parseTlsStatus('Minimum TLS version : 1.2\n')).toEqual({ minVersion: '1.2' });
    expect(parseTlsStatus('Minimum TLS version : 1.3\nTrust bundle : ca.crt\nCertificate verification : Enabled\n')).toEqual({ minVersion: '1.3', trustBundle: 'ca.crt', verify: 'enabled' });
  });
});
