import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';
import type { AcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_tenant_group.customers';
type State = { address: string; values: Record<string, unknown> }[];
const idOf = (address: string) => (state: State) => String(state.find((r) => r.address === address)?.values.id);
const example = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/resources/tenant_group.json'), 'utf8')) as { example: string }).example;
const empty = {
  checkDestroy: async ({ api }: AcceptanceEnv) => {
    expect(await idsIn(api, '/tenantGroups')).toEqual([]);
    expect(await idsIn(api, '/tenants')).toEqual([]);
  },
};

const config = (groups: string[]) =>
  groups.map((g) => `resource "cms_tenant_group" "${g}" {}\n`).join('\n') +
  `\nresource "cms_tenant" "acme" {\n  name         = "Acme"\n  tenant_group = cms_tenant_group.${groups[groups.length - 1]}.id\n}\n`;

it('cms_tenant_group: no parameters, several at once, import by id, deleted on the server, moved tenant', async () => {
  await acceptance(
    env(),
    [
      {
        config: config(['customers', 'partners']),
        check: async ({ api, state }) => {
          expect((await idsIn(api, '/tenantGroups')).sort()).toEqual([idOf(ADDR)(state), idOf('cms_tenant_group.partners')(state)].sort());
          expect((await api.get(`/tenants/${idOf('cms_tenant.acme')(state)}`)).values.tenantGroup).toBe(idOf('cms_tenant_group.partners')(state));
        },
      },
      { importAddress: ADDR, importId: idOf(ADDR) },
      { importAddress: ADDR, importId: idOf(ADDR), viaBlock: true },
      {
        config: config(['customers', 'partners']),
        preConfig: async ({ api, state }) => {
          await api.delete(`/tenantGroups/${idOf(ADDR)(state)}`);
        },
        expectActions: { [ADDR]: ['create'], 'cms_tenant_group.partners': ['no-op'] },
      },
      {
        // The connection drops after the server made the group: nothing tells groups apart, so the
        // provider adopts the one group that appeared since the create started, making no duplicate.
        config: config(['customers', 'partners', 'suppliers']),
        preConfig: async ({ sim }) => sim.faults.set({ rules: [{ kind: 'resetAfterApply', methods: ['POST'], pathPrefix: '/api/v1/tenantGroups', times: 1 }] }),
        expectActions: { 'cms_tenant_group.suppliers': ['create'] },
        check: async ({ api, sim, state }) => {
          expect(sim.faults.stats().resetAfterApply).toBe(1);
          sim.faults.clear();
          expect(await idsIn(api, '/tenantGroups')).toHaveLength(3);
          expect(await idsIn(api, '/tenantGroups')).toContain(idOf('cms_tenant_group.suppliers')(state));
        },
      },
      // The tenant moves to another group; removing groups deletes them on the server.
      { config: config(['customers']), expectActions: { 'cms_tenant_group.partners': ['delete'], 'cms_tenant_group.suppliers': ['delete'], 'cms_tenant.acme': ['update'] } },
    ],
    empty,
  );
});

it('cms_tenant_group: the documented example applies', async () => {
  await acceptance(env(), [{ config: example }], empty);
});
