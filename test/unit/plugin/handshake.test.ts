import { handshakeLine, hasMagicCookie, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, negotiateProtocolVersion, reattachConfig } from '../../../provider/src/plugin/handshake';

describe('go-plugin handshake', () => {
  it('checks the magic cookie exactly', () => {
    expect(hasMagicCookie({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE })).toBe(true);
    expect(hasMagicCookie({ [MAGIC_COOKIE_KEY]: 'nope' })).toBe(false);
    expect(hasMagicCookie({})).toBe(false);
  });

  it('negotiates protocol 6 from the client list in any order', () => {
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '5,6' })).toEqual({ ok: true, version: 6 });
    expect(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '6, 5' })).toEqual({ ok: true, version: 6 });
    expect(negotiateProtocolVersion({})).toEqual({ ok: true, version: 6 });
    const refused = negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '4,5' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toContain('protocol 6 only, but the client offered 4,5');
  });

  it('writes the handshake line', () => {
    expect(handshakeLine({ network: 'unix', address: '/tmp/plugin1/plugin.sock' })).toBe('1|6|unix|/tmp/plugin1/plugin.sock|grpc|\n');
    expect(handshakeLine({ network: 'unix', address: '/s' }, Buffer.from([1, 2, 3, 4]))).toBe('1|6|unix|/s|grpc|AQIDBA\n');
  });

  it('writes the TF_REATTACH_PROVIDERS value', () => {
    expect(JSON.parse(reattachConfig({ network: 'unix', address: '/s.sock' }, 42))).toEqual({
      'registry.terraform.io/cms-iac/cms': { Protocol: 'grpc', ProtocolVersion: 6, Pid: 42, Test: true, Addr: { Network: 'unix', String: '/s.sock' } },
    });
  });
});
