import { acceptance, useAcceptanceEnv } from './harness/acceptance';

const env = useAcceptanceEnv();

it('data source cms_system_status reads the node', async () => {
  const e = env();
  await acceptance(e, [
    {
      config: `data "cms_system_status" "node" {}\n\noutput "version" {\n  value = data.cms_system_status.node.software_version\n}\n\noutput "clustered" {\n  value = data.cms_system_status.node.cluster_enabled\n}\n`,
      check: async ({ tf }) => {
        const out = await tf.expect(['output', '-json']);
        const outputs = JSON.parse(out.stdout) as Record<string, { value: unknown }>;
        expect(String(outputs.version.value)).toMatch(/^3\.\d+/);
        expect(outputs.clustered.value).toBe(false);
      },
    },
  ]);
});
