/**
 * The L2 constructs' output is accepted by the real provider, run the way users run it (the
 * release as a filesystem mirror, started by Terraform: one provider process per node's
 * provider configuration; the in-process reattach harness serves all aliases from one
 * configuration, so it cannot run this app). An app of two simulated nodes (cluster, group, node
 * settings over SSH, web bridge, TURN, space template, LDAP import and sync) synthesizes, applies,
 * plans empty and destroys. The only slow test of this project; the others are synth-only.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
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
  const ldap = new LdapServer(stack, 'ldap', { name: 'Directory', address: 'ldap.example.com', secure: false });
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
  expect(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).not.toContain(SECRET);
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
  });
  await tf.expect(['init', '-input=false', '-no-color']);
  await tf.expect(['apply', '-auto-approve', '-input=false', '-no-color']);
  expect((await tf.run(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);

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
