/**
 * Retries and unknown outcomes under load: the simulator answers some requests with 503 and
 * resets some connections after it has applied a create. An apply of 50 objects converges on a
 * rerun, with no duplicates and empty plans afterwards. A create whose read-back fails is never
 * forgotten: Terraform records it as tainted and the next apply replaces it.
 */
import { useAcceptanceEnv, workdir } from './harness/acceptance';

const env = useAcceptanceEnv();
const COUNT = 50;

const config = `
resource "cms_turn_server" "relay" {
  count          = ${COUNT}
  server_address = "10.0.1.\${count.index}"
  client_address = "203.0.113.\${count.index}"
  type           = "cms"
}
`;

it(`an apply of ${COUNT} objects through 503s and connection resets converges without duplicates`, async () => {
  const e = env();
  const tf = await workdir(e);
  tf.writeConfig(config);
  e.sim.faults.set({
    seed: 7,
    rules: [
      { kind: 'resetAfterApply', methods: ['POST'], rate: 0.2 },
      { kind: 'busy', rate: 0.15 },
      { kind: 'resetBeforeApply', methods: ['GET', 'PUT'], rate: 0.05 },
    ],
  });
  try {
    // The first apply may stop on an error that exhausted its retries; the rerun must finish.
    const first = await tf.run(['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=10']);
    if (first.code !== 0) expect(first.stdout + first.stderr).toMatch(/Error:/);
    await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color']);
    const fired = e.sim.faults.stats();
    expect(fired.resetAfterApply ?? 0).toBeGreaterThan(0);
    expect(fired.busy ?? 0).toBeGreaterThan(0);
  } finally {
    e.sim.faults.clear();
  }
  const servers = await e.api.listAll('/turnServers');
  const addresses = servers.map((s) => s.values.serverAddress);
  expect(addresses).toHaveLength(COUNT);
  expect(new Set(addresses).size).toBe(COUNT);
  expect((await tf.run(['plan', '-refresh=false', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
  expect((await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
  await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
  expect(await e.api.listAll('/turnServers')).toEqual([]);
}, 300_000);

it('a create whose read-back keeps failing is still recorded (tainted) and replaced by the next apply, never duplicated', async () => {
  const e = env();
  const tf = await workdir(e);
  tf.writeConfig('resource "cms_turn_server" "edge" {\n  server_address = "10.0.2.1"\n  type           = "cms"\n}\n');
  // Every attempt of the read-back after the POST answers 503, until the retries run out.
  e.sim.faults.set({ rules: [{ kind: 'busy', methods: ['GET'], pathPrefix: '/api/v1/turnServers/', times: 5 }] });
  let created: string;
  try {
    const first = await tf.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(first.code).toBe(1);
    const text = (first.stdout + first.stderr).replace(/\s+/g, ' ');
    expect(text).toMatch(/Error: Created cms_turn_server, but could not read it back .*The Meeting Server made cms_turn_server ([0-9a-f-]{36}), but reading it back failed: .*HTTP 503.*records the object \(as tainted\)/);
    created = /made cms_turn_server ([0-9a-f-]{36})/.exec(text)![1]!;
  } finally {
    e.sim.faults.clear();
  }
  const state = JSON.parse((await tf.expect(['show', '-json'])).stdout) as { values: { root_module: { resources: Array<{ address: string; values: { id: string }; tainted?: boolean }> } } };
  expect(state.values.root_module.resources).toEqual([expect.objectContaining({ address: 'cms_turn_server.edge', values: expect.objectContaining({ id: created }), tainted: true })]);

  await tf.expect(['plan', '-input=false', '-no-color', '-out=tfplan'], [0, 2]);
  expect(await tf.planChanges('tfplan')).toEqual([{ address: 'cms_turn_server.edge', actions: ['delete', 'create'], importing: false }]);
  await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
  const servers = await e.api.listAll('/turnServers');
  expect(servers.map((s) => s.values.serverAddress)).toEqual(['10.0.2.1']);
  expect(servers[0]!.id).not.toBe(created);
  expect((await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
  await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
  expect(await e.api.listAll('/turnServers')).toEqual([]);
}, 180_000);
