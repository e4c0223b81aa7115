/** Parsers of MMP answers (cms-api.md §3), from literal text. */
import {
  mmpFailureText,
  mmpSuccessLines,
  parseCallBridgeStatus,
  parseDatabaseClusterStatus,
  parseDatabaseNodeState,
  parseDnsForwardZones,
  parseNtpServers,
  parseStatusBlock,
  parseStatusLine,
  parseWebAdminStatus,
  parseWebBridge3Status,
} from '../../../provider/src/cms/mmp';

/** The sample of cms-api.md §3.10. */
const REFERENCE_SAMPLE = `Status                   : Enabled
Nodes:
    10.48.54.75          : Connected Primary
    10.48.54.76          : Connected Replica ( In Sync )
    10.48.54.119 (me)    : Connected Replica ( In Sync )
Node in use              : 10.48.54.75
Interface                : a
Certificates
  Server Key             : dbclusterServer.key
  Server Certificate     : dbserver.cer
  Client Key             : dbclusterClient.key
  Client Certificate     : dbclient.cer
  CA Certificate         : Root.cer
Last command             : 'database cluster join 10.48.36.61' (Success)
`;

describe('database cluster status', () => {
  it('reads the reference sample', () => {
    expect(parseDatabaseClusterStatus(REFERENCE_SAMPLE)).toEqual({
      status: 'enabled',
      statusText: 'Enabled',
      nodes: [
        { address: '10.48.54.75', me: false, state: 'primary', connected: true, inSync: true, text: 'Connected Primary' },
        { address: '10.48.54.76', me: false, state: 'replica', connected: true, inSync: true, text: 'Connected Replica ( In Sync )' },
        { address: '10.48.54.119', me: true, state: 'replica', connected: true, inSync: true, text: 'Connected Replica ( In Sync )' },
      ],
      nodeInUse: '10.48.54.75',
      interface: 'a',
      certificates: {
        serverKey: 'dbclusterServer.key',
        serverCertificate: 'dbserver.cer',
        clientKey: 'dbclusterClient.key',
        clientCertificate: 'dbclient.cer',
        caCertificate: 'Root.cer',
      },
      lastCommand: { text: 'database cluster join 10.48.36.61', ok: true },
    });
  });

  it('reads the older Master/Slave words, CRLF line ends and IPv6 addresses', () => {
    const text = REFERENCE_SAMPLE.replace('Connected Primary', 'Connected Master')
      .replace(/Connected Replica/g, 'Connected Slave')
      .replace('10.48.54.76         ', 'fd00::76            ')
      .replace(/\n/g, '\r\n');
    const status = parseDatabaseClusterStatus(text);
    expect(status.nodes.map((n) => [n.address, n.state, n.inSync])).toEqual([
      ['10.48.54.75', 'primary', true],
      ['fd00::76', 'replica', true],
      ['10.48.54.119', 'replica', true],
    ]);
  });

  it('reads the error case: ERROR line, Status Error, failed last command', () => {
    const text = `Status                   : Error
ERROR                    : Couldn't upgrade the schema
Nodes:
    10.0.0.1 (me)        : Connected Primary
Node in use              : 10.0.0.1
Interface                : a
Certificates
Last command             : 'database cluster upgrade_schema' (Failed)
`;
    expect(parseDatabaseClusterStatus(text)).toMatchObject({
      status: 'error',
      error: "Couldn't upgrade the schema",
      lastCommand: { text: 'database cluster upgrade_schema', ok: false },
      certificates: {},
    });
  });

  it('reads an unclustered node', () => {
    const text = 'Status                   : Disabled\nNodes:\nNode in use              : none\nInterface                : none\nCertificates\n  Server Key             : none\nLast command             : none\n';
    expect(parseDatabaseClusterStatus(text)).toEqual({ status: 'disabled', statusText: 'Disabled', nodes: [], certificates: {} });
  });

  it('reads node states beyond the documented ones', () => {
    expect(parseDatabaseNodeState('Disconnected Replica')).toEqual({ state: 'replica', connected: false, inSync: false });
    expect(parseDatabaseNodeState('Connected Replica ( 2048 bytes behind )')).toEqual({ state: 'replica', connected: true, inSync: false, behindBytes: 2048 });
    expect(parseDatabaseNodeState('Connected Replica ( Out of Sync )')).toEqual({ state: 'replica', connected: true, inSync: false });
    expect(parseDatabaseNodeState('Master')).toEqual({ state: 'primary', connected: true, inSync: true });
    expect(parseDatabaseNodeState('Unreachable')).toEqual({ state: 'unknown', connected: false, inSync: false });
  });
});

describe('status blocks', () => {
  it('splits padded keys from values that hold colons, and unpadded keys', () => {
    expect(parseStatusLine('HTTPS listening ports and interfaces : a:443 b:443')).toEqual({ indent: 0, key: 'HTTPS listening ports and interfaces', value: 'a:443 b:443' });
    expect(parseStatusLine('Key file: cms.key')).toEqual({ indent: 0, key: 'Key file', value: 'cms.key' });
    expect(parseStatusLine('  Server Key             : db.key')).toEqual({ indent: 2, key: 'Server Key', value: 'db.key' });
    expect(parseStatusLine('Nodes:')).toEqual({ indent: 0, key: 'Nodes', value: '' });
    expect(parseStatusLine('just words')).toBeUndefined();
    expect(parseStatusBlock('Enabled   : true\r\nSTATUS    : webadmin running\r\n')).toEqual({ Enabled: 'true', STATUS: 'webadmin running' });
  });

  it('views webadmin', () => {
    const text = `Enabled                  : true
TLS listening interface  : a
TLS listening port       : 445
Key file                 : webadmin.key
Certificate file         : webadmin.crt
CA Bundle file           : none
HTTP redirect            : Enabled
STATUS                   : webadmin running
`;
    const { raw, ...view } = parseWebAdminStatus(text);
    expect(view).toEqual({ enabled: true, interface: 'a', port: 445, keyFile: 'webadmin.key', certificateFile: 'webadmin.crt', httpRedirect: true, status: 'webadmin running' });
    expect(raw['CA Bundle file']).toBe('none');
    expect(parseWebAdminStatus('Enabled : false\nHTTP redirect : Disabled\n')).toMatchObject({ enabled: false, httpRedirect: false });
  });

  it('views callbridge (keys of any case)', () => {
    const text = `Listening interfaces             : a b
Preferred interface              : none
Key file                         : cms.key
Certificate file                 : cms.crt
Address                          : 10.0.0.1
CA bundle file                   : root.crt
C2W trusted certs                : root.crt
Callbridge cluster trusted certs : cluster.crt
Callbridge trust branding certs  : none
`;
    const { raw: _raw, ...view } = parseCallBridgeStatus(text);
    expect(view).toEqual({
      listeningInterfaces: ['a', 'b'],
      keyFile: 'cms.key',
      certificateFile: 'cms.crt',
      address: '10.0.0.1',
      caBundleFile: 'root.crt',
      c2wTrustedCerts: 'root.crt',
      clusterTrustedCerts: 'cluster.crt',
    });
    expect(parseCallBridgeStatus('Listening interfaces : none\n').listeningInterfaces).toEqual([]);
  });

  it('views webbridge3', () => {
    const text = `Enabled                              : true
HTTPS listening ports and interfaces : a:443, b:8443
HTTPS Key file                       : wb.key
HTTPS Full chain certificate file    : wb-chain.crt
HTTP redirect                        : Disabled
C2W listening ports and interfaces   : a:9999
C2W Key file                         : c2w.key
C2W Full chain certificate file      : c2w-chain.crt
C2W Trust bundle                     : root.crt
`;
    const { raw: _raw, ...view } = parseWebBridge3Status(text);
    expect(view).toEqual({
      enabled: true,
      httpsListeners: [
        { interface: 'a', port: 443 },
        { interface: 'b', port: 8443 },
      ],
      httpsKeyFile: 'wb.key',
      httpsCertificateFile: 'wb-chain.crt',
      httpRedirect: false,
      c2wListeners: [{ interface: 'a', port: 9999 }],
      c2wKeyFile: 'c2w.key',
      c2wCertificateFile: 'c2w-chain.crt',
      c2wTrustBundle: 'root.crt',
    });
  });
});

describe('lists', () => {
  it('reads NTP servers, skipping anything that is not one host per line', () => {
    expect(parseNtpServers('10.0.0.10\nntp.example.com\r\nfd00::1\n\nNTP servers:\nsome note here\n')).toEqual(['10.0.0.10', 'ntp.example.com', 'fd00::1']);
  });

  it('reads DNS forward zones, one per server', () => {
    const text = 'Forward zones:\n  .                      : 10.0.0.2\n  example.com            : 10.0.0.3 fd00::53\n';
    expect(parseDnsForwardZones(text)).toEqual([
      { domain: '.', server: '10.0.0.2' },
      { domain: 'example.com', server: '10.0.0.3' },
      { domain: 'example.com', server: 'fd00::53' },
    ]);
    expect(parseDnsForwardZones('Forward zones:\n')).toEqual([]);
  });
});

describe('outcomes', () => {
  it('finds FAILURE lines, unknown commands and usage texts', () => {
    expect(mmpFailureText('SUCCESS: Key and certificate pair match\nFAILURE: port 443 in use\n')).toBe('FAILURE: port 443 in use');
    expect(mmpFailureText('Unknown command: frob\n')).toBe('Unknown command: frob');
    expect(mmpFailureText('Usage: webadmin listen <interface> <port>\n')).toBe('Usage: webadmin listen <interface> <port>');
    expect(mmpFailureText('')).toBeUndefined();
    expect(mmpFailureText('SUCCESS: webadmin enabled\n')).toBeUndefined();
  });

  it('does not take a database status ERROR line for a failed command', () => {
    expect(mmpFailureText("Status                   : Error\nERROR                    : Couldn't upgrade the schema\n")).toBeUndefined();
  });

  it('lists SUCCESS lines', () => {
    expect(mmpSuccessLines('SUCCESS: Key and certificate pair match\r\nSUCCESS: webadmin enabled\n')).toEqual(['Key and certificate pair match', 'webadmin enabled']);
  });
});
