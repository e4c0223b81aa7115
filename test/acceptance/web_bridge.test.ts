import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_web_bridge.edge';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/web_bridge.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    for (const p of ['/webBridges', '/webBridgeProfiles', '/tenants', '/tenantGroups', '/callBridges', '/callBridgeGroups']) expect(await idsIn(api, p)).toEqual([]);
  },
};

const others = `
resource "cms_web_bridge_profile" "public" {
  name = "Public web app"
}

resource "cms_tenant_group" "customers" {}

resource "cms_tenant" "acme" {
  name = "Acme"
}

resource "cms_call_bridge_group" "london" {
  name = "London"
}

resource "cms_call_bridge" "cb1" {
  name = "cb1"
}
`;

const config = (url: string, body: string) => `${others}
resource "cms_web_bridge" "edge" {
  url = "${url}"
  ${body}
}
`;

it('cms_web_bridge: c2w URL, references, import by id and URL, update, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('c2w://edge.example.com:6000', 'web_bridge_profile = cms_web_bridge_profile.public.id\n  tenant_group = cms_tenant_group.customers.id\n  call_bridge_group = cms_call_bridge_group.london.id'),
        check: async ({ api, state }) => {
          expect((await api.get(`/webBridges/${idOf(ADDR)(state)}`)).values).toEqual({
            url: 'c2w://edge.example.com:6000',
            tenantGroup: idOf('cms_tenant_group.customers')(state),
            callBridgeGroup: idOf('cms_call_bridge_group.london')(state),
            webBridgeProfile: idOf('cms_web_bridge_profile.public')(state),
          });
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: 'url=c2w://edge.example.com:6000', viaBlock: true },
      {
        config: config('c2w://edge.example.com:9999', 'tenant = cms_tenant.acme.id\n  call_bridge = cms_call_bridge.cb1.id'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/webBridges/${idOf(ADDR)(state)}`)).values).toEqual({ url: 'c2w://edge.example.com:9999', tenant: idOf('cms_tenant.acme')(state), callBridge: idOf('cms_call_bridge.cb1')(state) });
        },
      },
      {
        config: config('c2w://edge.example.com:9999', 'tenant = cms_tenant.acme.id\n  call_bridge = cms_call_bridge.cb1.id'),
        preConfig: async ({ api, state }) => api.update(`/webBridges/${idOf(ADDR)(state)}`, { url: 'c2w://other.example.com:6000', tenant: '' }),
        expectActions: { [ADDR]: ['update'] },
      },
      {
        config: config('c2w://edge.example.com:9999', 'tenant = cms_tenant.acme.id\n  call_bridge = cms_call_bridge.cb1.id'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/webBridges/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('https://edge.example.com', ''), expectError: /cms_web_bridge\.url must use c2w:\/\/, not https:\/\//, expectNoWrites: true },
      { config: config('edge.example.com:6000', ''), expectError: /cms_web_bridge\.url must (be a Web Bridge c2w URL|use c2w:\/\/)/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_web_bridge: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
