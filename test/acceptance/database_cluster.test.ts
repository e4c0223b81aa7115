/**
 * cms_database_cluster against three simulated nodes, each with its MMP over SSH: formed from
 * nothing, read back with empty plans, a node that drops out shows in the next plan and is
 * joined again, imported by its nodes' names, destroyed cleanly; a 2-node cluster is refused at plan with no command run.
 */
import type { CmsClient } from '../../provider/src/cms/client';
import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv({ nodes: 3, mmp: true });
const ADDR = 'cms_database_cluster.db';

const cluster = (nodes: string[]) => `
resource "cms_database_cluster" "db" {
  nodes = {
${nodes.map((n) => `    ${n} = "${{ cms1: '10.0.0.1', cms2: '10.0.0.2', cms3: '10.0.0.3' }[n]}"`).join('\n')}
  }
  primary            = "cms1"
  server_key         = "dbserver.key"
  server_certificate = "dbserver.crt"
  client_key         = "dbclient.key"
  client_certificate = "dbclient.crt"
  ca_certificate     = "root-ca.crt"
  timeout_seconds    = 30
}
`;

async function clustered(api: CmsClient): Promise<{ clustered: string; nodes: number; inUse: string }> {
  const db = await api.get('/system/database');
  const c = db.children.cluster?.[0];
  return { clustered: db.attributes.clustered, nodes: c?.children.node?.length ?? 0, inUse: c?.values.nodeInUse ?? '' };
}

it('cms_database_cluster: 3 nodes formed from nothing, drift when a node drops out, imported, destroyed cleanly', async () => {
  const e = env();
  const files = e.sim.mmpFiles('cms1');
  expect(files).toEqual(expect.arrayContaining(['dbserver.key', 'dbserver.crt', 'dbclient.key', 'dbclient.crt', 'root-ca.crt']));
  await acceptance(
    e,
    [
      {
        config: cluster(['cms1', 'cms2', 'cms3']),
        expectActions: { [ADDR]: ['create'] },
        check: async ({ api, sim, state }) => {
          expect(await clustered(api)).toEqual({ clustered: 'enabled', nodes: 3, inUse: '10.0.0.1' });
          expect(sim.runMmpCommand('cms3', 'database cluster status')).toMatch(/10\.0\.0\.3 \(me\)\s+: Connected Replica/);
          expect(state[0].values.node_in_use).toBe('10.0.0.1');
        },
      },
      {
        // cms3 leaves the cluster behind Terraform's back: the plan shows it and apply joins it again.
        config: cluster(['cms1', 'cms2', 'cms3']),
        preConfig: async ({ sim }) => void sim.runMmpCommand('cms3', 'database cluster remove'),
        expectActions: { [ADDR]: ['update'] },
        check: async ({ sim }) => expect(sim.runMmpCommand('cms3', 'database cluster status')).toMatch(/Status\s+: Enabled/),
      },
      // Imported by its nodes' names: what they report is what apply made (the time allowed is not stored anywhere).
      { importAddress: ADDR, importId: 'cms1,cms2,cms3', viaBlock: true, verifyIgnore: ['timeout_seconds'] },
      {
        config: cluster(['cms1', 'cms2']),
        expectError: /CMS-DB-SIZE: a database cluster of 2 nodes is refused: losing either node stops all writes/,
        expectNoWrites: true, // no REST write and no MMP command
      },
    ],
    {
      checkDestroy: async ({ sim, api }) => {
        for (const node of ['cms1', 'cms2', 'cms3']) expect(sim.runMmpCommand(node, 'database cluster status')).toMatch(/Status\s+: Disabled/);
        expect((await clustered(api)).clustered).toBe('disabled');
      },
    },
  );
});
