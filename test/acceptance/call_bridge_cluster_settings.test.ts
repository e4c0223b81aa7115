import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();
const ADDR = 'cms_call_bridge_cluster_settings.this';

it('cms_call_bridge_cluster_settings: a per-node singleton set, changed, drifted, imported and reset', async () => {
  const e = env();
  await acceptance(
    e,
    [
      {
        config: `resource "cms_call_bridge_cluster_settings" "this" {\n  unique_name       = "cb1"\n  participant_limit = 1000\n}\n`,
        check: async ({ api, state }) => {
          expect((await api.get('/system/configuration/cluster')).values).toMatchObject({ uniqueName: 'cb1', participantLimit: '1000' });
          expect((await api.get('/system/status')).values.clusterEnabled).toBe('true');
          expect(state[0].values.id).toBe('system/configuration/cluster');
        },
      },
      { importAddress: ADDR, importId: 'cluster' },
      { importAddress: ADDR, importId: 'cluster', viaBlock: true },
      {
        config: `resource "cms_call_bridge_cluster_settings" "this" {\n  unique_name                            = "cb1"\n  participant_limit                      = 1200\n  new_conference_load_limit_basis_points = 6000\n}\n`,
        expectActions: { [ADDR]: ['update'] },
      },
      {
        config: `resource "cms_call_bridge_cluster_settings" "this" {\n  unique_name                            = "cb1"\n  participant_limit                      = 1200\n  new_conference_load_limit_basis_points = 6000\n}\n`,
        preConfig: async ({ api }) => api.update('/system/configuration/cluster', { participantLimit: '5' }),
        expectActions: { [ADDR]: ['update'] },
      },
      {
        config: `resource "cms_call_bridge_cluster_settings" "this" {\n  unique_name                            = "cb1"\n  new_conference_load_limit_basis_points = 10001\n}\n`,
        expectError: /new_conference_load_limit_basis_points must be at most 10000/,
        expectNoWrites: true,
      },
    ],
    {
      checkDestroy: async ({ api }) => {
        const cluster = (await api.get('/system/configuration/cluster')).values;
        expect(cluster.uniqueName ?? '').toBe('');
        expect(cluster.participantLimit ?? '').toBe('');
        expect((await api.get('/system/status')).values.clusterEnabled).toBe('false');
      },
    },
  );
});
