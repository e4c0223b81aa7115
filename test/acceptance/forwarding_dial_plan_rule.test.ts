import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_forwarding_dial_plan_rule.partners';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/forwarding_dial_plan_rule.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    expect(await idsIn(api, '/forwardingDialPlanRules')).toEqual([]);
    expect(await idsIn(api, '/tenants')).toEqual([]);
  },
};

const config = (pattern: string, body: string) => `
resource "cms_tenant" "acme" {
  name = "Acme"
}

resource "cms_forwarding_dial_plan_rule" "partners" {
  match_pattern = "${pattern}"
  ${body}
}
`;

const full = `
  action             = "forward"
  destination_domain = "vcs.example.com"
  caller_id_mode     = "preserve"
  uri_parameters     = "forward"
  priority           = 10
  tenant             = cms_tenant.acme.id
`;

it('cms_forwarding_dial_plan_rule: forward and reject, import by id and pattern, update, drift, a bare * refused', async () => {
  await acceptance(
    env(),
    [
      {
        config: config('*.partner.example.com', full),
        check: async ({ api, state }) => {
          expect((await api.get(`/forwardingDialPlanRules/${idOf(ADDR)(state)}`)).values).toEqual({
            matchPattern: '*.partner.example.com', action: 'forward', destinationDomain: 'vcs.example.com', callerIdMode: 'preserve',
            uriParameters: 'forward', priority: '10', tenant: idOf('cms_tenant.acme')(state),
          });
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: 'match_pattern=*.partner.example.com', viaBlock: true },
      {
        config: config('*.blocked.example.com', 'action = "reject"\n  priority = 20'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/forwardingDialPlanRules/${idOf(ADDR)(state)}`)).values).toEqual({
            matchPattern: '*.blocked.example.com', action: 'reject', callerIdMode: 'regenerate', uriParameters: 'discard', priority: '20',
          });
        },
      },
      {
        config: config('*.blocked.example.com', 'action = "reject"\n  priority = 20'),
        preConfig: async ({ api, state }) => api.update(`/forwardingDialPlanRules/${idOf(ADDR)(state)}`, { action: 'forward', destinationDomain: 'evil.example.com' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          const values = (await api.get(`/forwardingDialPlanRules/${idOf(ADDR)(state)}`)).values;
          expect(values.action).toBe('reject');
          expect(values.destinationDomain).toBeUndefined();
        },
      },
      {
        config: config('*.blocked.example.com', 'action = "reject"\n  priority = 20'),
        preConfig: async ({ api, state }) => {
          await api.delete(`/forwardingDialPlanRules/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      // A catch-all that rejects what no other rule matched is fine: it forwards nothing.
      { config: config('*', 'action = "reject"\n  priority = -10'), expectActions: { [ADDR]: ['update'] } },
      {
        config: config('*', 'action = "forward"\n  destination_domain = "vcs.example.com"'),
        expectError: /A forwarding rule must not forward every domain \("\*"\): it would also forward calls meant for this Meeting Server and loop.*match_pattern: it is set/,
        expectNoWrites: true,
      },
      { config: config('*.example.com', 'action = "drop"'), expectError: /cms_forwarding_dial_plan_rule\.action must be one of "forward", "reject"/, expectNoWrites: true },
      { config: config('*.example.com', 'destination_domain = "https://vcs.example.com"'), expectError: /destination_domain must be a domain name/, expectNoWrites: true },
    ],
    empty,
  );
});

it('cms_forwarding_dial_plan_rule: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
