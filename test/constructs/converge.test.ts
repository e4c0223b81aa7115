/**
 * The L2 constructs' output is accepted by the real provider, run the way users run it (the
 * release as a filesystem mirror, started by Terraform: one provider process per node's
 * provider configuration; the in-process reattach harness serves all aliases from one
 * configuration, so it cannot run this app). An app of two simulated nodes (cluster, group, node
 * settings over SSH, web bridge, TURN, space template, LDAP import and sync) synthesizes, applies,
 * plans empty and destroys; its secrets reach the server write-only and appear in neither the
 * synthesized app, the saved plan (`terraform show -json`), the state nor a TF_LOG=trace log.
 * The only slow test of this project; the others are synth-only.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalBackend, Testing, TerraformStack } from 'cdktf';
import { CmsClient } from '../../provider/src/cms/client';
import { releaseCliConfig, testRelease } from '../../scripts/release/build';
import { startCluster } from '../../simulator/src';
import type { SimNode, Simulator } from '../../simulator/src';
import { Terraform } from '../acceptance/harness/terraform';
import {
  CallBridge,
  CallBridgeCluster,
  CallBridgeGroup,
  LdapImport,
  LdapServer,
  RoleSeparation,
  MeetingServer,
  RecordingMode,
  Secret,
  SpaceTemplate,
  TurnCredentials,
  TurnServer,
  TurnServerType,
  WebBridge,
} from '../../constructs/src';

let root: string;
let sim: Simulator;
let api: CmsClient;
let cliConfig: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-constructs-'));
  cliConfig = path.join(root, 'cli.tfrc');
  fs.writeFileSync(cliConfig, releaseCliConfig((await testRelease()).dir));
  sim = await startCluster({ nodes: 2, port: 0, ssh: true });
  api = new CmsClient({ url: sim.url, username: 'admin', password: 'admin', caBundle: sim.caPem });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await sim?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const SECRET = 'Converge-Secret-7731';
const BIND_SECRET = 'Converge-Bind-Secret-4413';

function nodeOf(stack: TerraformStack, node: SimNode, caPath: string, first: boolean): MeetingServer {
  if (!node.ssh) throw new Error('the simulated node has no MMP');
  return new MeetingServer(stack, node.name, {
    name: node.name,
    apiUrl: node.url,
    caBundle: caPath,
    username: 'admin',
    password: Secret.fromEnv(stack, 'TF_VAR_cms_password'),
    mmpAddress: '127.0.0.1',
    mmpPort: node.ssh.port,
    hostKeyFingerprint: node.ssh.hostKeyFingerprint,
    mmpUsername: 'admin',
    mmpPassword: Secret.fromEnv(stack, 'TF_VAR_mmp_password'),
    defaultProvider: first,
    ntpServers: ['ntp1.example.com'],
    webAdminInterface: 'a',
    webAdminPort: 445,
  });
}

it('an app of L2 constructs converges against the simulator', async () => {
  sim.setDirectory([
    { dn: 'uid=alice,ou=people,dc=example,dc=com', attributes: { objectClass: 'person', uid: 'alice', cn: 'Alice Archer', department: 'Sales' } },
    { dn: 'uid=bob,ou=people,dc=example,dc=com', attributes: { objectClass: 'person', uid: 'bob', cn: 'Bob Baker', department: 'Support' } },
  ]);

  const app = Testing.app();
  const stack = new TerraformStack(app, 'converge');
  // State in this test's directory (cdktf's default local backend would write to the cwd).
  const statePath = path.join(root, 'converge.tfstate');
  new LocalBackend(stack, { path: statePath });
  const [cms1, cms2] = sim.nodes.map((n, i) => nodeOf(stack, n, sim.caPath, i === 0));
  const bridges = [cms1, cms2].map((server) => new CallBridge(stack, `${server.nodeName}-cb`, { server, participantLimit: 500, listenInterfaces: ['a'], certificateKeyFile: 'cms.key', certificateFile: 'cms.crt' }));
  new CallBridgeCluster(stack, 'cluster', { callBridges: bridges });
  new CallBridgeGroup(stack, 'group', { name: 'London', callBridges: bridges });
  new WebBridge(stack, 'web', { server: cms2, httpsKeyFile: 'cms.key', httpsCertificateFile: 'cms-fullchain.crt', c2wKeyFile: 'cms.key', c2wCertificateFile: 'cms-fullchain.crt', c2wTrustFile: 'root-ca.crt' });
  new TurnServer(stack, 'edge', { serverAddress: '10.0.0.10', type: TurnServerType.EXPRESSWAY, credentials: TurnCredentials.longTerm({ username: 'turn', password: Secret.fromEnv(stack, 'TF_VAR_turn_password') }) });
  const team = new SpaceTemplate(stack, 'team', {
    name: 'Team meeting',
    roleSeparation: RoleSeparation.PASSCODE,
    roles: [
      { name: 'Host', activator: true, minPasscodeLength: 6, recordingMode: RecordingMode.MANUAL },
      { name: 'Guest', defaultForDialOut: true },
    ],
    maxParticipants: 50,
  });
  const ldap = new LdapServer(stack, 'ldap', { name: 'Directory', address: 'ldap.example.com', secure: false, bindDn: 'cn=cms,dc=example,dc=com', bindPassword: Secret.fromEnv(stack, 'TF_VAR_ldap_password') });
  new LdapImport(stack, 'directory', {
    ldapServer: ldap,
    userImports: [
      {
        name: 'People',
        baseDn: 'ou=people,dc=example,dc=com',
        filter: '(objectClass=person)',
        signInNameMapping: '$uid$@example.com',
        displayNameMapping: '$cn$',
        personalLicense: true,
        automaticSpaces: [{ name: 'Sales', filter: '(department=Sales)', spaceNameMapping: "$cn$'s space", uriMapping: '$uid$.space' }],
        spaceTemplates: [{ template: team }],
      },
    ],
  });
  app.synth();

  const stackDir = path.join(app.outdir, 'stacks/converge');
  const synthesized = fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8');
  const traceLog = path.join(root, 'converge-trace.log');
  const tf = new Terraform(stackDir, {
    PATH: process.env.PATH,
    HOME: root,
    TMPDIR: os.tmpdir(),
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    TF_VAR_cms_password: 'admin',
    TF_VAR_mmp_password: 'admin',
    TF_VAR_turn_password: SECRET,
    TF_VAR_ldap_password: BIND_SECRET,
    TF_LOG: 'trace',
    TF_LOG_PATH: traceLog,
  });
  await tf.expect(['init', '-input=false', '-no-color']);
  await tf.expect(['plan', '-out=tfplan', '-input=false', '-no-color']);
  const planJson = (await tf.expect(['show', '-json', 'tfplan'])).stdout;
  await tf.expect(['apply', '-input=false', '-no-color', 'tfplan']);
  expect((await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);

  // The secrets went to the server, write-only: not in the synthesized app, the plan file, the
  // state or the trace log.
  const [turn] = await api.listAll('/turnServers');
  expect((await api.get(`/turnServers/${turn.id}`)).values.password).toBe(SECRET);
  expect(sim.db.all('ldapServer').map((o) => o.fields.password)).toEqual([BIND_SECRET]);
  const stateFile = fs.readFileSync(statePath, 'utf8');
  expect(stateFile).toMatch(/"password_wo_version": 1/);
  const trace = fs.readFileSync(traceLog, 'utf8');
  expect(trace).toMatch(/provider\.terraform-provider-cms/);
  for (const [where, text] of Object.entries({ synthesized, planJson, stateFile, trace })) {
    for (const secret of [SECRET, BIND_SECRET]) expect({ where, leaks: text.includes(secret) }).toEqual({ where, leaks: false });
  }

  const names = async (p: string, field = 'name'): Promise<string[]> => (await api.listAll(p)).map((o) => String(o.values[field])).sort();
  expect(await names('/callBridges')).toEqual(['cms1', 'cms2']);
  expect(await names('/coSpaceTemplates')).toEqual(['Team meeting']);
  expect(await names('/callLegProfiles')).toEqual(['Team meeting: Guest', 'Team meeting: Host']);
  expect(await api.listAll('/ldapSources')).toHaveLength(2); // the import and its Sales rule
  expect(await names('/users', 'userJid')).toEqual(['alice@example.com', 'bob@example.com']);
  // Only the Sales rule gives a space.
  expect((await api.listAll('/coSpaces')).map((s) => s.values.uri)).toEqual(['alice.space']);
  expect(sim.runMmpCommand('cms2', 'webbridge3')).toMatch(/Enabled\s+: true/);

  await tf.expect(['destroy', '-auto-approve', '-input=false', '-no-color']);
  expect(await api.listAll('/coSpaceTemplates')).toEqual([]);
  expect(await api.listAll('/callBridges')).toEqual([]);
}, 180_000);
