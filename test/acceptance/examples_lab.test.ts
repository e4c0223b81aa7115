/**
 * examples/lab-single-server: the CDKTF app synthesizes (no secret in cdk.tf.json), brings a blank
 * simulated node (no API user, no certificates, Web Admin off) to a working single combined server
 * in one apply (every MMP command it ran in the simulator's log, the API used only once the MMP
 * has brought it up), re-plans empty, puts back an object deleted by hand, and destroys, leaving
 * the node as blank as it started.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLES, ldapDirectory, synthesize } from '../../scripts/demo/examples';
import { useAcceptanceEnv } from './harness/acceptance';
import { Terraform } from './harness/terraform';
import { actions, applyAndConverge, expectEmptyPlan, ROOT } from './examples-support';

const env = useAcceptanceEnv({ mmp: true, blank: true });
const BIND_PASSWORD = 'lab-Bind-Secret-2291';
const API_PASSWORD = 'lab-Api-Secret-7316';

/** The node's MMP side, to compare before and after. */
const nodeState = (e: ReturnType<typeof env>) => {
  const node = e.sim.node('cms1');
  return { mmp: node.mmp.export(), users: node.users.map((u) => ({ ...u })) };
};

/** Whether `wanted` appear in `log` in this order (other entries between them allowed). */
function inOrder(log: string[], wanted: RegExp[]): boolean {
  let i = 0;
  for (const line of log) if (i < wanted.length && wanted[i]!.test(line)) i++;
  return i === wanted.length;
}
const app = EXAMPLES['lab-single-server']!;

it('the root cdktf.json synthesizes examples/lab-single-server (npx cdktf synth from the root)', () => {
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string };
  expect(root.app).toBe('node scripts/run-ts.js examples/lab-single-server/main.ts');
});

it('examples/lab-single-server brings a blank node up, stays converged, repairs a deleted role and destroys back to blank', async () => {
  const e = env();
  e.sim.reset();
  e.sim.setDirectory(ldapDirectory(app)!);
  const blank = nodeState(e);
  expect(blank.users.map((u) => u.name)).toEqual(['admin']);
  expect(blank.mmp.settings.webAdmin.enabled).toBe(false);
  expect(e.sim.mmpFiles('cms1')).toEqual([]);
  e.sim.log.clear();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-example-lab-'));
  try {
    // Synthesized with the node's location in the environment, as a user does.
    const synth = await synthesize(app, path.join(work, 'cdktf.out'), { PATH: process.env.PATH, CMS_URL: e.tfEnv.CMS_URL, CMS_MMP_NODES: e.tfEnv.CMS_MMP_NODES });
    const doc = JSON.parse(synth.json) as { provider: { cms: Array<{ url?: string; mmp_node?: Array<{ host_key_fingerprint?: string }> }> }; variable: Record<string, { sensitive?: boolean }> };
    expect(doc.provider.cms).toHaveLength(1);
    expect(doc.provider.cms[0]!.url).toBe(e.sim.url);
    expect(doc.provider.cms[0]!.mmp_node![0]!.host_key_fingerprint).toBe(e.sim.nodes[0]!.ssh!.hostKeyFingerprint);
    expect(doc.variable.ldap_bind_password?.sensitive).toBe(true);
    expect(doc.variable.api_password?.sensitive).toBe(true);
    // The provider signs in as the api account the app makes, and checks the API only when first used.
    expect(doc.provider.cms[0]).toMatchObject({ username: 'api', password: '${var.api_password}', connect_on_first_use: true });
    expect(Object.keys(doc.provider.cms[0]!).filter((k) => /ca_bundle|mmp_password/.test(k))).toEqual([]);
    for (const m of synth.json.matchAll(/"password(_wo)?"\s*:\s*"([^"]*)"/g)) expect(m[2]).toMatch(/^\$\{var\./);

    const tf = new Terraform(synth.stackDir, { ...e.tfEnv, TF_VAR_ldap_bind_password: BIND_PASSWORD, TF_VAR_api_password: API_PASSWORD });
    await tf.expect(['init', '-input=false', '-no-color']);
    const created = await applyAndConverge(tf);
    expect(actions(created).every((a) => a.endsWith(': create'))).toBe(true);

    // Brought up over the MMP first (every command is in the log), the API only afterwards: at
    // plan, the look-ups for existing objects find no API (its connection check is refused) and
    // stop trying.
    const entries = e.sim.log.entries();
    const refused = entries.filter((l) => l.status === 'reset');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(10);
    expect(new Set(refused.map((l) => `${l.method} ${l.path}`))).toEqual(new Set(['GET /api/v1/system/status']));
    const log = entries.filter((l) => l.status !== 'reset').map((l) => `${l.method} ${l.path}`);
    expect(
      inOrder(log, [
        /^MMP pki selfsigned lab-ca /,
        /^MMP pki csr cms1 CN:cms1\.example\.com .*subjectAltName:cms1\.example\.com,join\.example\.com/,
        /^MMP pki sign cms1 lab-ca$/,
        /^MMP webadmin certs cms1\.key cms1\.crt$/,
        /^MMP webadmin enable$/,
        /^MMP webbridge3 enable$/,
      ]),
    ).toBe(true);
    expect(log).toEqual(expect.arrayContaining(['MMP user add api api', 'MMP callbridge restart', 'MMP webbridge3 c2w trust lab-ca.crt', 'MMP callbridge trust c2w lab-ca.crt', 'MMP syslog enable', 'MMP user rule password_age 0']));
    const firstApiCall = log.findIndex((l) => /^(GET|POST|PUT|DELETE) \/api\//.test(l));
    expect(firstApiCall).toBeGreaterThan(log.indexOf('MMP webadmin enable'));
    expect(firstApiCall).toBeGreaterThan(log.indexOf('MMP user add api api'));
    expect(JSON.stringify(e.sim.log.entries())).not.toContain(API_PASSWORD);
    expect((await tf.expect(['state', 'pull'])).stdout).not.toContain(API_PASSWORD);
    // The api account works against the API (which the test client reaches as admin too).
    expect(e.sim.node('cms1').users.map((u) => `${u.name}:${u.role}`)).toEqual(['admin:admin', 'api:api']);
    expect(e.sim.runMmpCommand('cms1', 'pki verify cms1.crt lab-ca.crt')).toBe('SUCCESS: certificate verified\n');

    // The node, as the Installation Assistant would have left it.
    expect(e.sim.runMmpCommand('cms1', 'ntp server list')).toMatch(/ntp1\.example\.com\s+ntp2\.example\.com/);
    expect(e.sim.runMmpCommand('cms1', 'webadmin')).toMatch(/TLS listening port\s+: 445/);
    expect(e.sim.runMmpCommand('cms1', 'webadmin')).toMatch(/Enabled\s+: true[\s\S]*Key file\s+: cms1\.key/);
    expect(e.sim.runMmpCommand('cms1', 'callbridge')).toMatch(/Listening interfaces\s+: a[\s\S]*C2W trusted certs\s+: lab-ca\.crt/);
    expect(e.sim.runMmpCommand('cms1', 'webbridge3')).toMatch(/C2W listening ports and interfaces\s+: a:9999/);
    expect((await e.api.listAll('/webBridges')).map((w) => w.values.url)).toEqual([`c2w://127.0.0.1:9999`]);
    expect((await e.api.listAll('/outboundDialPlanRules')).map((r) => r.values.domain)).toEqual(['example.com']);
    // Users with personal spaces, and the template offered to them with its two roles.
    const users = await e.api.listAll('/users');
    expect(users.map((u) => u.values.userJid).sort()).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']);
    for (const u of users) expect((await e.api.listAll(`/users/${u.id}/userCoSpaceTemplates`)).length).toBe(1);
    expect((await e.api.listAll('/coSpaces')).map((s) => s.values.uri).sort()).toEqual(['alice.space', 'bob.space', 'carol.space', 'dave.space']);
    const [template] = await e.api.listAll('/coSpaceTemplates');
    expect(template!.values.name).toBe('Team meeting');
    const roles = `/coSpaceTemplates/${template!.id}/accessMethodTemplates`;
    expect((await e.api.listAll(roles)).map((r) => r.values.name).sort()).toEqual(['Guest', 'Host']);
    const outputs = JSON.parse((await tf.expect(['output', '-json'])).stdout) as Record<string, { value: Record<string, unknown> }>;
    expect(outputs.ldap_sync_outcome!.value).toMatchObject({ state: 'complete', users_after: 4, spaces_after: 4 });
    expect(outputs.ldap_sync_schedule!.value).toMatchObject({ cron: '30 2 * * *' });

    // Someone deletes the Guest role by hand: the plan puts back exactly that.
    const guest = (await e.api.listAll(roles)).find((r) => r.values.name === 'Guest')!;
    await e.api.delete(`${roles}/${guest.id}`);
    await tf.expect(['plan', '-input=false', '-no-color', '-out=tfplan'], [0, 2]);
    expect(actions(await tf.planChanges('tfplan'))).toEqual([expect.stringMatching(/^cms_access_method_template\.team-meeting_Guest_AccessMethodTemplate_\w+: create$/)]);
    await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
    await expectEmptyPlan(tf);

    e.sim.log.clear();
    await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
    // Back to blank: the API objects gone (read from the database: the node's API is off again),
    // the node's MMP side as it started, the API objects removed before the node was taken down.
    const left = e.sim.snapshot() as unknown as Record<string, unknown[]>;
    for (const collection of ['coSpaceTemplates', 'ldapServers', 'ldapSources', 'ldapMappings', 'webBridges', 'callLegProfiles', 'callProfiles', 'userProfiles', 'outboundDialPlanRules']) {
      expect({ collection, left: left[collection] ?? [] }).toEqual({ collection, left: [] });
    }
    expect(nodeState(e)).toEqual(blank);
    const destroyLog = e.sim.log.entries().map((l) => `${l.method} ${l.path}`);
    const lastDelete = destroyLog.map((l, i) => (/^DELETE \/api\//.test(l) ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    expect(lastDelete).toBeGreaterThan(0);
    expect(lastDelete).toBeLessThan(destroyLog.indexOf('MMP webadmin disable'));
    expect(destroyLog).toEqual(expect.arrayContaining(['MMP user del api', 'SFTP rm cms1.key', 'SFTP rm lab-ca.crt']));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 120_000);
