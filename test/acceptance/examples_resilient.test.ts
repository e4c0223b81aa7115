/**
 * examples/resilient-cluster against three simulated nodes (API and MMP each), with the provider
 * installed as users install it: the stack has a provider configuration per node (and one for
 * the database cluster), which Terraform runs as separate provider processes. It converges (a
 * database cluster over SSH, a Call Bridge cluster with two groups, TURN with short-term
 * credentials, a web bridge per node, two LDAP imports, two space templates), re-plans empty;
 * taking one role out of a template in the app changes only that role's objects; destroy
 * leaves the nodes unclustered and the collections empty.
 *
 * The nodes start blank, each with its own configuration database, and a node that joins the
 * database cluster has its database replaced by the primary's, as on a real server: every
 * object must therefore be written after the cluster formed (the constructs make it wait), and
 * afterwards every node holds every object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, AnnotationMetadataEntryType, LocalBackend } from 'cdktf';
import { CmsClient } from '../../provider/src/cms/client';
import { terraformEnv } from '../../scripts/demo/examples';
import { releaseCliConfig, testRelease } from '../../scripts/release/build';
import { startCluster } from '../../simulator/src';
import type { LdapEntry, Simulator } from '../../simulator/src';
import { nodeConnections } from '../../examples/shared/environment';
import type { NodeConnection } from '../../examples/shared/environment';
import { DEFAULT_NODES, ResilientCluster, SPACE_TEMPLATES } from '../../examples/resilient-cluster/stack';
import type { SpaceTemplateSpec } from '../../examples/resilient-cluster/stack';
import { Terraform } from './harness/terraform';
import { actions, applyAndConverge, expectEmptyPlan, ROOT } from './examples-support';

let root: string;
let sim: Simulator;
let api: CmsClient;
let nodes: NodeConnection[];
let tf: Terraform;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-example-resilient-'));
  const release = await testRelease();
  const cliConfig = path.join(root, 'cli.tfrc');
  fs.writeFileSync(cliConfig, releaseCliConfig(release.dir));
  const directory = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/resilient-cluster/ldap-directory.json'), 'utf8')) as LdapEntry[];
  sim = await startCluster({ nodes: ['cms1', 'cms2', 'cms3'], port: 0, ssh: true, directory });
  expect(sim.sharesDatabase('cms1', 'cms2') || sim.sharesDatabase('cms1', 'cms3')).toBe(false);
  api = new CmsClient({ url: sim.url, username: 'admin', password: 'admin', caBundle: sim.caPem, retries: 0 });
  // What a user puts in CMS_MMP_NODES for this app: each node's SSH endpoint and its own API.
  const mmpNodes = sim.nodes.map((n) => ({ name: n.name, url: n.url, address: '127.0.0.1', port: n.ssh!.port, host_key_fingerprint: n.ssh!.hostKeyFingerprint }));
  nodes = nodeConnections(DEFAULT_NODES, { CMS_MMP_NODES: JSON.stringify(mmpNodes) });
  fs.mkdirSync(path.join(root, 'tf'));
  tf = new Terraform(
    path.join(root, 'tf'),
    terraformEnv(
      {
        HOME: root,
        TF_CLI_CONFIG_FILE: cliConfig,
        CMS_USERNAME: 'admin',
        CMS_PASSWORD: 'admin',
        CMS_CA_BUNDLE: sim.caPath,
        CMS_MMP_USERNAME: 'admin',
        CMS_MMP_PASSWORD: 'admin',
        TF_VAR_ldap_bind_password: 'resilient-Bind-Secret-5150',
        TF_VAR_turn_credential_password: 'resilient-Turn-Secret-7781',
      },
      { PATH: process.env.PATH, TMPDIR: os.tmpdir() },
    ),
  );
}, 120_000);

afterAll(async () => {
  await api?.close();
  await sim?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** Synthesizes the app with these templates into the terraform working directory; returns construct paths by address. */
function synth(spaceTemplates: readonly SpaceTemplateSpec[]): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(root, 'cdktf.out-'));
  const app = new App({ outdir });
  const stack = new ResilientCluster(app, 'resilient-cluster', { nodes, spaceTemplates });
  new LocalBackend(stack, { path: path.join(root, 'terraform.tfstate') });
  app.synth();
  const warnings = app.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => `${c.node.path}: ${String(m.data)}`));
  expect(warnings).toEqual([]);
  const json = fs.readFileSync(path.join(outdir, 'stacks/resilient-cluster/cdk.tf.json'), 'utf8');
  expect(json).not.toMatch(/Secret-\d{4}/);
  fs.writeFileSync(path.join(tf.dir, 'cdk.tf.json'), json);
  const doc = JSON.parse(json) as { resource: Record<string, Record<string, { '//': { metadata: { path: string } } }>> };
  return new Map(Object.entries(doc.resource).flatMap(([type, byName]) => Object.entries(byName).map(([name, r]) => [`${type}.${name}`, r['//'].metadata.path] as [string, string])));
}

/** Every object of every collection the app manages, read through one node: `collection id name`. */
async function everyObject(name: string): Promise<string[]> {
  const node = sim.node(name);
  const client = new CmsClient({ url: node.url, username: 'admin', password: 'admin', caBundle: sim.caPem, retries: 0 });
  const collections = ['/callBridges', '/callBridgeGroups', '/turnServers', '/webBridges', '/callLegProfiles', '/callProfiles', '/dialInSecurityProfiles', '/userProfiles', '/ldapServers', '/ldapMappings', '/ldapSources', '/ldapUserCoSpaceTemplateSources', '/coSpaceTemplates', '/users', '/coSpaces'];
  try {
    const out: string[] = [];
    for (const c of collections) for (const o of await client.listAll(c)) out.push(`${c} ${o.id} ${o.values.name ?? o.values.uri ?? o.values.userJid ?? ''}`);
    for (const t of await client.listAll('/coSpaceTemplates')) for (const r of await client.listAll(`/coSpaceTemplates/${t.id}/accessMethodTemplates`)) out.push(`accessMethodTemplate ${r.id} ${r.values.name}`);
    return out.sort();
  } finally {
    await client.close();
  }
}

async function onNode(name: string, apiPath: string): Promise<Record<string, string>> {
  const node = sim.node(name);
  const client = new CmsClient({ url: node.url, username: 'admin', password: 'admin', caBundle: sim.caPem, retries: 0 });
  try {
    return (await client.get(apiPath)).values;
  } finally {
    await client.close();
  }
}

it('examples/resilient-cluster converges on three nodes; taking a role out changes only its objects; destroys', async () => {
  synth(SPACE_TEMPLATES);
  await tf.expect(['init', '-input=false', '-no-color']);
  const created = await applyAndConverge(tf);
  expect(actions(created).every((a) => a.endsWith(': create'))).toBe(true);

  // The database cluster, formed over SSH on the three nodes.
  for (const name of ['cms1', 'cms2', 'cms3']) expect(sim.runMmpCommand(name, 'database cluster status')).toMatch(/Status\s+: Enabled/);
  expect(sim.runMmpCommand('cms3', 'database cluster status')).toMatch(/10\.0\.0\.1\s+: Connected Primary/);
  // Every object, whichever node it was written through, is on every node: none was written
  // into a node's own database before the node joined (that would have been lost).
  const everything = await everyObject('cms1');
  expect(everything.length).toBeGreaterThan(40);
  for (const name of ['cms2', 'cms3']) expect({ node: name, objects: await everyObject(name) }).toEqual({ node: name, objects: everything });
  expect(sim.sharesDatabase('cms1', 'cms2') && sim.sharesDatabase('cms1', 'cms3')).toBe(true);
  // (applyAndConverge already planned twice after the apply: Terraform found each object.)
  // The Call Bridge cluster: each node's unique name, the peer entries with their groups.
  for (const name of ['cms1', 'cms2', 'cms3']) expect(await onNode(name, '/system/configuration/cluster')).toMatchObject({ uniqueName: name, participantLimit: '400', peerLinkBitRate: '4000000' });
  const groups = Object.fromEntries((await api.listAll('/callBridgeGroups')).map((g) => [g.id, g.values.name]));
  const bridges = await Promise.all((await api.listAll('/callBridges')).map(async (b) => (await api.get(`/callBridges/${b.id}`)).values));
  expect(bridges.map((b) => `${b.name}@${groups[b.callBridgeGroup!]}`).sort()).toEqual(['cms1@London', 'cms2@London', 'cms3@Paris']);
  // TURN: an Expressway per site, short-term credentials from the Expressway-C.
  const turn = await Promise.all((await api.listAll('/turnServers')).map(async (t) => (await api.get(`/turnServers/${t.id}`)).values));
  expect(turn.map((t) => [t.serverAddress, t.type, t.useShortTermCredentials, t.credentialServerAddress, groups[t.callBridgeGroup!]]).sort()).toEqual([
    ['10.1.0.10', 'expressway', 'true', 'expc.example.com', 'London'],
    ['10.2.0.10', 'expressway', 'true', 'expc.example.com', 'Paris'],
  ]);
  // Web Bridge 3 on each node, and the entries the Call Bridges use.
  for (const name of ['cms1', 'cms2', 'cms3']) expect(sim.runMmpCommand(name, 'webbridge3')).toMatch(/Enabled\s+: true/);
  expect((await api.listAll('/webBridges')).map((w) => w.values.url).sort()).toEqual(['c2w://cms1.example.com:9999', 'c2w://cms2.example.com:9999', 'c2w://cms3.example.com:9999']);
  // LDAP: staff (licensed, a boardroom or a personal space, both templates), contractors (one template).
  const users = await api.listAll('/users');
  expect(users.map((u) => u.values.userJid).sort()).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com', 'erin@partner.example', 'frank@partner.example']);
  expect((await api.listAll('/coSpaces')).map((s) => s.values.uri).sort()).toEqual(['alice.space', 'bob.space', 'carol.boardroom', 'dave.space']);
  for (const u of users) {
    const templates = await api.listAll(`/users/${u.id}/userCoSpaceTemplates`);
    expect({ user: u.values.userJid, templates: templates.length }).toEqual({ user: u.values.userJid, templates: String(u.values.userJid).endsWith('@example.com') ? 2 : 1 });
  }
  const townHall = (await api.listAll('/coSpaceTemplates')).find((t) => t.values.name === 'Town hall')!;
  const townHallRoles = `/coSpaceTemplates/${townHall.id}/accessMethodTemplates`;
  expect((await api.listAll(townHallRoles)).map((r) => r.values.name).sort()).toEqual(['Attendee', 'Moderator', 'Presenter']);

  // The Moderator role is taken out of the Town hall template in the app: only its access
  // method template and call leg profile go; nothing else changes.
  const withoutModerator = SPACE_TEMPLATES.map((t) => (t.name === 'Town hall' ? { ...t, roles: t.roles!.filter((r) => r.name !== 'Moderator') } : t));
  const paths = synth(withoutModerator);
  await tf.expect(['plan', '-input=false', '-no-color', '-out=tfplan'], [0, 2]);
  const changes = actions(await tf.planChanges('tfplan'));
  expect(changes).toHaveLength(2);
  expect(changes).toEqual([expect.stringMatching(/^cms_access_method_template\.town-hall_Moderator_AccessMethodTemplate_\w+: delete$/), expect.stringMatching(/^cms_call_leg_profile\.town-hall_Moderator_CallLegProfile_\w+: delete$/)]);
  expect([...paths.values()].some((p) => p.includes('Moderator'))).toBe(false);
  await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
  await expectEmptyPlan(tf);
  expect((await api.listAll(townHallRoles)).map((r) => r.values.name).sort()).toEqual(['Attendee', 'Presenter']);
  expect((await api.listAll('/callLegProfiles')).map((p) => p.values.name)).not.toContain('Town hall: Moderator');

  await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
  for (const name of ['cms1', 'cms2', 'cms3']) {
    expect(sim.runMmpCommand(name, 'database cluster status')).toMatch(/Status\s+: Disabled/);
    expect((await onNode(name, '/system/configuration/cluster')).uniqueName ?? '').toBe('');
  }
  for (const collection of ['/callBridges', '/callBridgeGroups', '/turnServers', '/webBridges', '/coSpaceTemplates', '/callLegProfiles', '/ldapServers', '/ldapSources', '/ldapMappings']) {
    expect({ collection, left: await api.listAll(collection) }).toEqual({ collection, left: [] });
  }
}, 600_000);
