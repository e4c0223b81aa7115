import { acceptance, idsIn, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_call_bridge_group.london';
const groupId = (state: { address: string; values: Record<string, unknown> }[]) => String(state.find((r) => r.address === ADDR)?.values.id);

it('cms_call_bridge_group: create, import, update, drift, bad values, destroy', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: `resource "cms_call_bridge_group" "london" {\n  name                   = "London"\n  load_balancing_enabled = true\n}\n`,
        expectActions: { [ADDR]: ['create'] },
        check: async ({ api, state }) => {
          const obj = await api.get(`/callBridgeGroups/${groupId(state)}`);
          expect(obj.values).toMatchObject({ name: 'London', loadBalancingEnabled: 'true', loadBalanceUserCalls: 'true' });
          expect(state[0].values).toMatchObject({ name: 'London', load_balancing_enabled: true, load_balance_user_calls: null });
        },
      },
      { importAddress: ADDR, importId: groupId },
      { importAddress: ADDR, importId: 'name=London', viaBlock: true },
      {
        config: `resource "cms_call_bridge_group" "london" {\n  name                    = "London"\n  load_balancing_enabled  = true\n  load_balance_user_calls = false\n}\n`,
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/callBridgeGroups/${groupId(state)}`)).values.loadBalanceUserCalls).toBe('false');
        },
      },
      {
        // Drift: someone turns load balancing off on the server; the plan puts it back.
        config: `resource "cms_call_bridge_group" "london" {\n  name                    = "London"\n  load_balancing_enabled  = true\n  load_balance_user_calls = false\n}\n`,
        preConfig: async ({ api, state }) => api.update(`/callBridgeGroups/${groupId(state)}`, { loadBalancingEnabled: 'false' }),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/callBridgeGroups/${groupId(state)}`)).values.loadBalancingEnabled).toBe('true');
        },
      },
      {
        // Removing an attribute unsets it: the server goes back to its default.
        config: `resource "cms_call_bridge_group" "london" {\n  name = "London"\n}\n`,
        expectActions: { [ADDR]: ['update'] },
        check: async ({ api, state }) => {
          expect((await api.get(`/callBridgeGroups/${groupId(state)}`)).values).toMatchObject({ loadBalancingEnabled: 'false', loadBalanceUserCalls: 'true' });
        },
      },
      {
        // Drift: the group is deleted on the server; the plan re-creates it.
        config: `resource "cms_call_bridge_group" "london" {\n  name = "London"\n}\n`,
        preConfig: async ({ api, state }) => {
          await api.delete(`/callBridgeGroups/${groupId(state)}`);
        },
        expectActions: { [ADDR]: ['create'] },
      },
      {
        config: `resource "cms_call_bridge_group" "london" {\n  name = ""\n}\n`,
        expectError: /cms_call_bridge_group\.name must not be empty/,
        expectNoWrites: true,
      },
    ],
    { checkDestroy: async ({ api }) => expect(await idsIn(api, '/callBridgeGroups')).toEqual([]) },
  );
});
