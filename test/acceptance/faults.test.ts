/**
 * Retries and unknown outcomes under load: the simulator answers some requests with 503 and
 * resets some connections after it has applied a create. An apply of 50 objects converges on a
 * rerun, with no duplicates and empty plans afterwards.
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
