/**
 * examples/lab-single-server: the CDKTF app synthesizes (no secret in cdk.tf.json), converges a
 * simulated node (API and MMP) with terraform, re-plans empty, puts back an object deleted by
 * hand, and destroys.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLES, ldapDirectory, synthesize } from '../../scripts/demo/examples';
import { useAcceptanceEnv } from './harness/acceptance';
import { Terraform } from './harness/terraform';
import { actions, applyAndConverge, expectEmptyPlan, ROOT } from './examples-support';

const env = useAcceptanceEnv({ mmp: true });
const BIND_PASSWORD = 'lab-Bind-Secret-2291';
const app = EXAMPLES['lab-single-server']!;

it('the root cdktf.json synthesizes examples/lab-single-server (npx cdktf synth from the root)', () => {
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string };
  expect(root.app).toBe('node scripts/run-ts.js examples/lab-single-server/main.ts');
});

it('examples/lab-single-server synthesizes, converges, stays converged, repairs a deleted role and destroys', async () => {
  const e = env();
  e.sim.reset();
  e.sim.setDirectory(ldapDirectory(app)!);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-example-lab-'));
  try {
    // Synthesized with the node's location in the environment, as a user does.
    const synth = await synthesize(app, path.join(work, 'cdktf.out'), { PATH: process.env.PATH, CMS_URL: e.tfEnv.CMS_URL, CMS_MMP_NODES: e.tfEnv.CMS_MMP_NODES });
    const doc = JSON.parse(synth.json) as { provider: { cms: Array<{ url?: string; mmp_node?: Array<{ host_key_fingerprint?: string }> }> }; variable: Record<string, { sensitive?: boolean }> };
    expect(doc.provider.cms).toHaveLength(1);
    expect(doc.provider.cms[0]!.url).toBe(e.sim.url);
    expect(doc.provider.cms[0]!.mmp_node![0]!.host_key_fingerprint).toBe(e.sim.nodes[0]!.ssh!.hostKeyFingerprint);
    expect(doc.variable.ldap_bind_password?.sensitive).toBe(true);
    // No credentials: the provider reads them from the environment; passwords are references.
    expect(Object.keys(doc.provider.cms[0]!).filter((k) => /user|password|ca_bundle/.test(k))).toEqual([]);
    for (const m of synth.json.matchAll(/"password"\s*:\s*"([^"]*)"/g)) expect(m[1]).toMatch(/^\$\{var\./);

    const tf = new Terraform(synth.stackDir, { ...e.tfEnv, TF_VAR_ldap_bind_password: BIND_PASSWORD });
    await tf.expect(['init', '-input=false', '-no-color']);
    const created = await applyAndConverge(tf);
    expect(actions(created).every((a) => a.endsWith(': create'))).toBe(true);

    // The node, as the Installation Assistant would have left it.
    expect(e.sim.runMmpCommand('cms1', 'ntp server list')).toMatch(/ntp1\.example\.com\s+ntp2\.example\.com/);
    expect(e.sim.runMmpCommand('cms1', 'webadmin')).toMatch(/TLS listening port\s+: 445/);
    expect(e.sim.runMmpCommand('cms1', 'callbridge')).toMatch(/Listening interfaces\s+: a/);
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

    await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
    for (const collection of ['/coSpaceTemplates', '/ldapServers', '/ldapSources', '/ldapMappings', '/webBridges', '/callLegProfiles', '/callProfiles', '/userProfiles', '/outboundDialPlanRules']) {
      expect({ collection, left: await e.api.listAll(collection) }).toEqual({ collection, left: [] });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 120_000);
