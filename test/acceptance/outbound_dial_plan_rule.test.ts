import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_outbound_dial_plan_rule.cucm';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/outbound_dial_plan_rule.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    for (const p of ['/outboundDialPlanRules', '/tenants', '/callBridges', '/callBridgeGroups']) expect(await idsIn(api, p)).toEqual([]);
  },
};

const base = `
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

const config = (body: string) => `${base}
resource "cms_outbound_dial_plan_rule" "cucm" {
  domain = "example.com"
  ${body}
}
`;

const full = `
  priority               = 100
  sip_proxy              = "cucm.example.com:5061"
  local_contact_domain   = "cms.example.com"
  local_from_domain      = "example.com"
  trunk_type             = "lync"
  sip_control_encryption = "encrypted"
  failure_action         = "continue"
  scope                  = "callBridgeGroup"
  call_bridge_group      = cms_call_bridge_group.london.id
  tenant                 = cms_tenant.acme.id
  call_routing           = "traversal"
`;

const toCallBridge = `
  priority  = 100
  sip_proxy = "10.0.0.5"
  scope     = "callBridge"
  call_bridge = cms_call_bridge.cb1.id
`;

it('cms_outbound_dial_plan_rule: every parameter, scope rules, import by id and domain + priority, update, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config(full),
        check: async ({ api, state }) => {
          expect((await api.get(`/outboundDialPlanRules/${idOf(ADDR)(state)}`)).values).toEqual({
            domain: 'example.com', priority: '100', sipProxy: 'cucm.example.com:5061', localContactDomain: 'cms.example.com', localFromDomain: 'example.com',
            trunkType: 'lync', sipControlEncryption: 'encrypted', failureAction: 'continue', scope: 'callBridgeGroup',
            callBridgeGroup: idOf('cms_call_bridge_group.london')(state), tenant: idOf('cms_tenant.acme')(state), callRouting: 'traversal',
          });
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: 'domain=example.com,priority=100', viaBlock: true },
      {
        config: config(toCallBridge),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          // Parameters left out go back to the server's defaults and read as unset.
          expect((await api.get(`/outboundDialPlanRules/${idOf(ADDR)(state)}`)).values).toEqual({
            domain: 'example.com', priority: '100', sipProxy: '10.0.0.5', localContactDomain: '', localFromDomain: '', trunkType: 'sip', sipControlEncryption: 'auto',
            failureAction: 'stop', scope: 'callBridge', callBridge: idOf('cms_call_bridge.cb1')(state), callRouting: 'default',
          });
          expect(state.find((r) => r.address === ADDR)?.values).toMatchObject({ trunk_type: null, failure_action: null, call_routing: null, local_contact_domain: null });
        },
      },
      {
        config: config(toCallBridge),
        preConfig: async ({ api, state }) => api.update(`/outboundDialPlanRules/${idOf(ADDR)(state)}`, { sipProxy: 'rogue.example.com', failureAction: 'continue' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/outboundDialPlanRules/${idOf(ADDR)(state)}`)).values).toMatchObject({ sipProxy: '10.0.0.5', failureAction: 'stop' }),
      },
      {
        config: config(toCallBridge),
        preConfig: async ({ api, state }) => {
          await api.delete(`/outboundDialPlanRules/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('scope = "callBridge"'), expectError: /A rule with scope = "callBridge" applies to one Call Bridge: set call_bridge\..*call_bridge: it is not set/, expectNoWrites: true },
      { config: config('scope = "node"'), expectError: /cms_outbound_dial_plan_rule\.scope must be one of "global", "callBridge", "callBridgeGroup"/, expectNoWrites: true },
      { config: config('sip_proxy = "cucm proxy"'), expectError: /cms_outbound_dial_plan_rule\.sip_proxy must be a host name or IP address, optionally followed by :port/, expectNoWrites: true },
      { config: config('sip_proxy = "cucm.example.com:70000"'), expectError: /sip_proxy has a port outside 1-65535/, expectNoWrites: true },
      { config: config('trunk_type = "h323"'), expectError: /trunk_type must be one of "sip", "lync", "avaya"/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_outbound_dial_plan_rule: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
