/**
 * What the look-up before create costs: an apply of many new objects makes about two requests per
 * object (the POST and its read-back), the look-ups of each walk costing a few requests in all,
 * not one per create; and they still find an object an earlier run left behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useAcceptanceEnv, workdir } from './harness/acceptance';

const env = useAcceptanceEnv();
const N = 60;
const ORPHAN = '10.5.0.42';

const config = (adopt: boolean) => `
provider "cms" {
  adopt_existing = ${adopt}
}

resource "cms_turn_server" "t" {
  count          = ${N}
  server_address = "10.5.0.\${count.index}"
  type           = "cms"
}
`;

/** Requests of the last command, by method, without the connection check. */
function requests(sim: ReturnType<typeof env>['sim']): { total: number; byMethod: Record<string, number>; entries: string[] } {
  const entries = sim.log.entries().filter((e) => e.path !== '/api/v1/system/status');
  const byMethod: Record<string, number> = {};
  for (const e of entries) byMethod[e.method] = (byMethod[e.method] ?? 0) + 1;
  return { total: entries.length, byMethod, entries: entries.map((e) => `${e.method} ${e.path}${e.query ? `?${e.query}` : ''}`) };
}

it(`an apply of ${N} new TURN servers costs about two requests each, and still finds the one an earlier run left`, async () => {
  const { sim, api } = env();
  const tf = await workdir(env());
  try {
    const orphan = (await api.create('/turnServers', { serverAddress: ORPHAN, type: 'cms' })).id;

    tf.writeConfig(config(false));
    sim.log.clear();
    const refused = await tf.run(['plan', '-input=false', '-no-color', '-parallelism=10']);
    const said = (refused.stdout + refused.stderr).replace(/\s+/g, ' ');
    expect(refused.code).toBe(1);
    expect(said).toContain(`This cms_turn_server already exists on the Meeting Server`);
    expect(said).toContain(`server_address = "${ORPHAN}" (id ${orphan})`);
    expect(said).toContain(`import { to = cms_turn_server.<name> id = "${orphan}" }`);
    // Sixty look-ups: the first with the server's filter, then the collection's size, whose one
    // page answers the others.
    const plan = requests(sim);
    expect(plan.byMethod).toEqual({ GET: plan.total });
    expect(plan.total).toBeLessThanOrEqual(5);

    tf.writeConfig(config(true));
    sim.log.clear();
    const applied = await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=10']);
    expect(applied.stdout.replace(/\s+/g, ' ')).toContain(`Adopting an existing cms_turn_server`);
    const apply = requests(sim);
    expect(apply.byMethod.POST).toBe(N - 1);
    // Each object: its POST (none for the adopted one, which holds the configured values already)
    // and the read-back GET; the look-ups of the plan and apply walks a handful of requests in all
    // (before, one filtered listing per create in each walk).
    expect(apply.total).toBeGreaterThanOrEqual(2 * N);
    expect(apply.total).toBeLessThanOrEqual(2 * N + 10);

    const state = await tf.state();
    expect(state).toHaveLength(N);
    expect(state.find((r) => r.values.server_address === ORPHAN)?.values.id).toBe(orphan);
    expect((await api.listAll('/turnServers')).map((o) => o.values.serverAddress).sort()).toEqual(Array.from({ length: N }, (_, i) => `10.5.0.${i}`).sort());
  } finally {
    tf.writeConfig(config(true));
    await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
    fs.rmSync(path.resolve(tf.dir), { recursive: true, force: true });
  }
}, 300_000);
