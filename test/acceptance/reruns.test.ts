/**
 * Reruns after an interrupted apply, with the provider installed as users install it: an apply of
 * 200 objects of mixed types is cut short by `kill -9` of terraform, or of the provider, at
 * several points (counted in creates the simulator has seen). The rerun converges in one apply,
 * adopting what the interrupted run created but never recorded, and leaves exactly the configured
 * objects on the server (no duplicate, none lost); then the plan is empty. Without adoption, the
 * rerun's plan names every such object with the import block to add, and changes nothing.
 */
import { startSimulator } from '../../simulator/src';
import type { Simulator } from '../../simulator/src';
import { CmsClient } from '../../provider/src/cms/client';
import { initWorkspace, installForTest, type InstalledProvider } from './harness/installed';
import { providerProcesses, waitForExit } from './harness/processes';
import type { RunResult, Terraform } from './harness/terraform';

/** What the configuration declares, per collection: the natural key of every object. */
interface Expected {
  collection: string;
  key: string;
  values: string[];
}

const N = { turn: 40, legProfiles: 30, callProfiles: 20, inbound: 30, outbound: 30, templates: 5, methodTemplates: 10, spaces: 35 };
const TOTAL = Object.values(N).reduce((a, b) => a + b, 0);

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const CONFIG = `
resource "cms_turn_server" "t" {
  count          = ${N.turn}
  server_address = "10.7.0.\${count.index + 1}"
  type           = "cms"
}

resource "cms_call_leg_profile" "leg" {
  count               = ${N.legProfiles}
  name                = "Leg \${count.index}"
  mute_others_allowed = true
}

resource "cms_call_profile" "call" {
  count             = ${N.callProfiles}
  name              = "Call \${count.index}"
  participant_limit = 10 + count.index
}

resource "cms_inbound_dial_plan_rule" "in" {
  count               = ${N.inbound}
  domain              = "in\${count.index}.example.com"
  resolve_to_cospaces = true
}

resource "cms_outbound_dial_plan_rule" "out" {
  count     = ${N.outbound}
  domain    = "out\${count.index}.example.com"
  priority  = count.index
  sip_proxy = "proxy.example.com"
}

resource "cms_cospace_template" "tpl" {
  count = ${N.templates}
  name  = "Template \${count.index}"
}

resource "cms_access_method_template" "am" {
  count               = ${N.methodTemplates}
  cospace_template_id = cms_cospace_template.tpl[count.index % ${N.templates}].id
  name                = "Role \${floor(count.index / ${N.templates})}"
  call_leg_profile    = cms_call_leg_profile.leg[count.index].id
}

resource "cms_cospace" "space" {
  count           = ${N.spaces}
  name            = "Space \${count.index}"
  uri             = "space.\${count.index}"
  call_leg_profile = cms_call_leg_profile.leg[count.index % ${N.legProfiles}].id
}
`;

const EXPECTED: Expected[] = [
  { collection: '/turnServers', key: 'serverAddress', values: range(N.turn).map((i) => `10.7.0.${i + 1}`) },
  { collection: '/callLegProfiles', key: 'name', values: range(N.legProfiles).map((i) => `Leg ${i}`) },
  { collection: '/callProfiles', key: 'name', values: range(N.callProfiles).map((i) => `Call ${i}`) },
  { collection: '/inboundDialPlanRules', key: 'domain', values: range(N.inbound).map((i) => `in${i}.example.com`) },
  { collection: '/outboundDialPlanRules', key: 'domain', values: range(N.outbound).map((i) => `out${i}.example.com`) },
  { collection: '/coSpaceTemplates', key: 'name', values: range(N.templates).map((i) => `Template ${i}`) },
  { collection: '/coSpaces', key: 'uri', values: range(N.spaces).map((i) => `space.${i}`) },
];

let installed: InstalledProvider;
let sim: Simulator;
let api: CmsClient;
let connection: NodeJS.ProcessEnv;

beforeAll(async () => {
  installed = await installForTest('cms-reruns-');
  sim = await startSimulator({ port: 0 });
  api = new CmsClient({ url: sim.url, username: 'admin', password: 'admin', caBundle: sim.caPem });
  connection = { CMS_URL: sim.url, CMS_USERNAME: 'admin', CMS_PASSWORD: 'admin', CMS_CA_BUNDLE: sim.caPath };
}, 180_000);

afterAll(async () => {
  await api?.close();
  await sim?.stop();
});

/** Values of a field of every object in a collection (list summaries, or details when they lack it). */
async function keysIn(collection: string, key: string): Promise<string[]> {
  const out: string[] = [];
  for (const item of await api.listAll(collection)) out.push(item.values[key] ?? (await api.get(`${collection}/${item.id}`)).values[key] ?? '');
  return out.sort();
}

/** The server holds exactly the configured objects: every one once, nothing else. */
async function expectExactlyTheConfiguration(): Promise<void> {
  for (const e of EXPECTED) expect({ collection: e.collection, keys: await keysIn(e.collection, e.key) }).toEqual({ collection: e.collection, keys: [...e.values].sort() });
  const templates = await api.listAll('/coSpaceTemplates');
  const methods = (await Promise.all(templates.map((t) => api.listAll(`/coSpaceTemplates/${t.id}/accessMethodTemplates`)))).flat();
  expect(methods.map((m) => m.values.name).sort()).toEqual(range(N.methodTemplates).map((i) => `Role ${Math.floor(i / N.templates)}`).sort());
}

async function objectsOnServer(): Promise<number> {
  let n = 0;
  for (const e of EXPECTED) n += (await api.listAll(e.collection)).length;
  for (const t of await api.listAll('/coSpaceTemplates')) n += (await api.listAll(`/coSpaceTemplates/${t.id}/accessMethodTemplates`)).length;
  return n;
}

async function resourcesInState(tf: Terraform): Promise<number> {
  return (await tf.state()).length;
}

const creates = (): number => sim.log.count({ method: 'POST' });

/** Seconds per phase of each case, logged at the end (measured, never asserted). */
const timings: string[] = [];
async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings.push(`${expect.getState().currentTestName?.slice(0, 60)} | ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

afterAll(() => {
  if (timings.length) console.log(timings.join('\n'));
});

/**
 * Starts `terraform apply` and, once the simulator has seen `afterCreates` creates, kills
 * terraform (or the provider processes) with SIGKILL. Resolves when every process is gone.
 */
async function interruptedApply(tf: Terraform, afterCreates: number, victim: 'terraform' | 'provider'): Promise<RunResult> {
  const before = creates();
  const run = tf.start(['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=10'], connection);
  const pid = run.child.pid!;
  let exited = false;
  void run.done.then(() => (exited = true));
  while (!exited && creates() - before < afterCreates) await new Promise((r) => setTimeout(r, 5));
  if (exited) throw new Error(`terraform finished before ${afterCreates} creates:\n${(await run.done).stdout}`);
  const providers = providerProcesses(pid);
  expect(providers.length).toBeGreaterThan(0);
  if (victim === 'terraform') run.child.kill('SIGKILL');
  else for (const p of providers) process.kill(p, 'SIGKILL');
  const result = await run.done;
  await waitForExit(providers);
  return result;
}

/** Ids named by the plan's adoption warnings (from `-json` output, where terraform folds nothing). */
function adoptedIds(planJson: string): string[] {
  const ids: string[] = [];
  for (const line of planJson.split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line) as { type?: string; diagnostic?: { severity: string; summary: string; detail: string } };
    const d = msg.diagnostic;
    if (msg.type === 'diagnostic' && d?.severity === 'warning' && d.summary.startsWith('Adopting an existing cms_')) ids.push(/\(id ([0-9a-f-]{36})\)/.exec(d.detail)![1]!);
  }
  return ids.sort();
}

/**
 * The rerun: one plan and its apply, which must succeed; then the server holds exactly the
 * configuration and both plans are empty. Returns the ids the plan adopted.
 */
async function rerunConverges(tf: Terraform, env: NodeJS.ProcessEnv): Promise<string[]> {
  const plan = await timed('rerun plan', () => tf.expect(['plan', '-json', '-input=false', '-out=tfplan', '-parallelism=10'], [0, 2], { ...connection, ...env }));
  await timed('rerun apply', () => tf.expect(['apply', '-input=false', '-no-color', '-parallelism=10', 'tfplan'], [0], { ...connection, ...env }));
  await timed('server check', expectExactlyTheConfiguration);
  expect(await resourcesInState(tf)).toBe(TOTAL);
  for (const args of [['-refresh=false'], []]) {
    sim.log.clear();
    const again = await timed(`plan ${args.join(' ')}`, () => tf.run(['plan', ...args, '-detailed-exitcode', '-input=false', '-no-color'], connection));
    if (again.code !== 0) throw new Error(`the plan after the rerun is not empty:\n${again.stdout}${again.stderr}`);
    // Objects already in state cost no look-up: a plan only reads each of them once (refresh).
    const reads = sim.log.entries().filter((e) => e.path !== '/api/v1/system/status');
    expect(reads.filter((e) => e.method !== 'GET' || e.query !== '')).toEqual([]);
    expect(reads).toHaveLength(args.length ? 0 : TOTAL);
  }
  return adoptedIds(plan.stdout);
}

/** Notes how many objects the interrupted run left unrecorded, and how many it recorded as tainted. */
async function noteOutcome(tf: Terraform, orphans: string[]): Promise<void> {
  const shown = JSON.parse((await tf.run(['show', '-json'])).stdout || '{}') as { values?: { root_module?: { resources?: Array<{ tainted?: boolean }> } } };
  const resources = shown.values?.root_module?.resources ?? [];
  timings.push(`${expect.getState().currentTestName?.slice(0, 60)} | left behind: ${resources.length} recorded (${resources.filter((r) => r.tainted).length} tainted), ${orphans.length} unrecorded`);
}

/** Ids of every object on the server that the state does not hold. */
async function unrecorded(tf: Terraform): Promise<string[]> {
  const recorded = new Set((await tf.state().catch(() => [])).map((r) => String(r.values.id)));
  const ids: string[] = [];
  for (const e of EXPECTED) for (const o of await api.listAll(e.collection)) ids.push(String(o.id));
  for (const t of await api.listAll('/coSpaceTemplates')) for (const o of await api.listAll(`/coSpaceTemplates/${t.id}/accessMethodTemplates`)) ids.push(String(o.id));
  return ids.filter((id) => !recorded.has(id)).sort();
}

beforeEach(() => {
  sim.reset();
  sim.log.clear();
});

it(`kill -9 of terraform mid-apply of ${TOTAL} objects: the plan names what was left unrecorded, and the rerun with adopt_existing adopts exactly those`, async () => {
  const tf = await timed('init', () => initWorkspace(installed, connection, CONFIG));
  await timed('interrupted apply', () => interruptedApply(tf, 70, 'terraform'));
  expect(await objectsOnServer()).toBeGreaterThanOrEqual(70);
  const orphans = await unrecorded(tf);
  await noteOutcome(tf, orphans);

  // Without adoption: the plan fails, naming each object it would have created twice; nothing is written.
  sim.log.clear();
  const plan = await timed('plan without adoption', () => tf.run(['plan', '-input=false', '-no-color'], connection));
  const text = (plan.stdout + plan.stderr).replace(/\s+/g, ' ');
  const named = [...text.matchAll(/Error: This cms_\w+ already exists on the Meeting Server .*? \(id ([0-9a-f-]{36})\)/g)].map((m) => m[1]!).sort();
  expect(named).toEqual(orphans);
  if (orphans.length > 0) {
    expect(plan.code).toBe(1);
    expect(text).toMatch(/import \{ to = cms_\w+\.<name> id = "[0-9a-f/-]+" \}/);
  }
  expect(sim.log.entries().filter((e) => e.method !== 'GET')).toEqual([]);

  expect(await rerunConverges(tf, { CMS_ADOPT_EXISTING: 'true' })).toEqual(orphans);
}, 300_000);

it.each([
  ['terraform', 20],
  ['terraform', 140],
  ['provider', 40],
  ['provider', 110],
] as const)(`kill -9 of %s after %i creates: the rerun with adopt_existing converges in one apply`, async (victim, afterCreates) => {
  const tf = await timed('init', () => initWorkspace(installed, connection, CONFIG));
  const interrupted = await timed('interrupted apply', () => interruptedApply(tf, afterCreates, victim));
  if (victim === 'provider') expect(interrupted.code).toBe(1);
  const orphans = await unrecorded(tf);
  await noteOutcome(tf, orphans);
  expect(await rerunConverges(tf, { CMS_ADOPT_EXISTING: 'true' })).toEqual(orphans);
}, 300_000);

it.each([11, 23, 37])('503s and dropped connections, half of them after the server committed (seed %i): the rerun converges', async (seed) => {
  const tf = await initWorkspace(installed, connection, CONFIG);
  sim.faults.set({
    seed,
    rules: [
      { kind: 'busy', rate: 0.08 },
      { kind: 'resetBeforeApply', rate: 0.04 },
      { kind: 'resetAfterApply', rate: 0.04 },
    ],
  });
  try {
    // Retries and look-ups carry most of the apply through; what fails is recorded or found again.
    const first = await timed('apply under faults', () => tf.run(['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=10'], connection));
    if (first.code !== 0) expect(first.stdout + first.stderr).toMatch(/Error:/);
    const fired = sim.faults.stats();
    expect((fired.resetAfterApply ?? 0) + (fired.resetBeforeApply ?? 0)).toBeGreaterThan(0);
  } finally {
    sim.faults.clear();
  }
  const orphans = await unrecorded(tf);
  await noteOutcome(tf, orphans);
  expect(await rerunConverges(tf, { CMS_ADOPT_EXISTING: 'true' })).toEqual(orphans);
}, 300_000);
