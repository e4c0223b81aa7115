import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_turn_server.edge';
const idOf = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);

const config = (type: string, port: number, password = 'first-secret') => `
variable "turn_password" {
  type      = string
  sensitive = true
  default   = "${password}"
}

resource "cms_turn_server" "edge" {
  server_address           = "10.0.0.10"
  client_address           = "203.0.113.10"
  type                     = "${type}"
  username                 = "turnuser"
  password                 = var.turn_password
  tcp_port_number_override = ${port}
}
`;

it('cms_turn_server: sensitive password, update, import, drift, refused values', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: config('expressway', 3478),
        check: async ({ api, state }) => {
          expect((await api.get(`/turnServers/${idOf(state)}`)).values).toMatchObject({ serverAddress: '10.0.0.10', type: 'expressway', tcpPortNumberOverride: '3478' });
        },
      },
      // The password is a secret the server may not return, so import may not recover it; the
      // next apply then sends it again and the plans after are empty.
      { importAddress: ADDR, importId: idOf, verifyIgnore: ['password'] },
      { config: config('expressway', 3478) },
      { importAddress: ADDR, importId: 'server_address=10.0.0.10', viaBlock: true, verifyIgnore: ['password'] },
      { config: config('expressway', 3478) },
      { config: config('expressway', 3478, 'second-secret'), expectActions: { [ADDR]: ['update'] } },
      { config: config('cms', 443), expectActions: { [ADDR]: ['update'] } },
      {
        config: config('cms', 443),
        preConfig: async ({ api, state }) => api.update(`/turnServers/${idOf(state)}`, { clientAddress: '198.51.100.1' }),
        expectActions: { [ADDR]: ['update'] },
      },
      { config: config('coturn', 443), expectError: /cms_turn_server\.type must be one of "standard", "acano", "cms", "expressway", "lyncEdge"/, expectNoWrites: true },
      { config: config('cms', 0), expectError: /tcp_port_number_override must be at least 1/, expectNoWrites: true },
      {
        config: config('standard', 443).replace('tcp_port_number_override = 443', 'use_short_term_credentials = true\n  credential_server_address = "expc.example.com"\n  credential_server_username = "cms"'),
        expectError: /Short-term TURN credentials work only with an Expressway TURN server/,
        expectNoWrites: true,
      },
    ],
    { checkDestroy: async ({ api }) => expect(await idsIn(api, '/turnServers')).toEqual([]) },
  );
});
