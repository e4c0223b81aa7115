import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_inbound_dial_plan_rule.meet';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/inbound_dial_plan_rule.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    expect(await idsIn(api, '/inboundDialPlanRules')).toEqual([]);
    expect(await idsIn(api, '/tenants')).toEqual([]);
  },
};

const config = (domain: string, body: string) => `
resource "cms_tenant" "acme" {
  name = "Acme"
}

resource "cms_inbound_dial_plan_rule" "meet" {
  domain = "${domain}"
  ${body}
}
`;

const full = `
  priority                    = 10
  resolve_to_cospaces         = true
  resolve_to_ivrs             = false
  resolve_to_lync_conferences = true
  resolve_to_lync_simplejoin  = true
  tenant                      = cms_tenant.acme.id
`;

it('cms_inbound_dial_plan_rule: odd spellings as the reference writes them, defaults, import by id and domain, update, drift, refused values', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('meet.example.com', full),
        check: async ({ api, state }) => {
          const obj = await api.get(`/inboundDialPlanRules/${idOf(ADDR)(state)}`);
          // The server answers with its own spellings; state reads them back as configured.
          expect(obj.values).toEqual({
            domain: 'meet.example.com', priority: '10', resolveTocoSpaces: 'true', resolveToIvrs: 'false',
            resolveToLyncConferences: 'true', resolveToLyncSimplejoin: 'true', tenant: idOf('cms_tenant.acme')(state),
          });
          expect(state.find((r) => r.address === ADDR)?.values).toMatchObject({ resolve_to_cospaces: true, resolve_to_lync_simplejoin: true });
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: 'domain=meet.example.com', viaBlock: true },
      {
        config: config('video.example.com', 'resolve_to_cospaces = false\n  resolve_to_ivrs = true'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/inboundDialPlanRules/${idOf(ADDR)(state)}`)).values).toEqual({
            domain: 'video.example.com', priority: '0', resolveTocoSpaces: 'false', resolveToIvrs: 'true', resolveToLyncConferences: 'false', resolveToLyncSimplejoin: 'false',
          });
          expect(state.find((r) => r.address === ADDR)?.values).toMatchObject({ priority: null, resolve_to_lync_conferences: null, resolve_to_lync_simplejoin: null });
        },
      },
      {
        config: config('video.example.com', 'resolve_to_cospaces = false\n  resolve_to_ivrs = true'),
        preConfig: async ({ api, state }) => api.update(`/inboundDialPlanRules/${idOf(ADDR)(state)}`, { resolveTocoSpaces: 'true', resolveToLyncSimplejoin: 'true' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => expect((await api.get(`/inboundDialPlanRules/${idOf(ADDR)(state)}`)).values).toMatchObject({ resolveTocoSpaces: 'false', resolveToLyncSimplejoin: 'false' }),
      },
      {
        config: config('video.example.com', 'resolve_to_cospaces = false\n  resolve_to_ivrs = true'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/inboundDialPlanRules/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      { config: config('*.example.com', ''), expectError: /cms_inbound_dial_plan_rule\.domain must be a domain name such as example\.com/, expectNoWrites: true },
      // No documented range: the server judges the value.
      { config: config('example.com', 'priority = 3000000000'), expectError: /the server refused the value of parameter "priority" \(invalidValue\)/ },
    ],
    empty,
  );
});

it('cms_inbound_dial_plan_rule: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
