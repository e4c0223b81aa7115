/**
 * Which CDK the construct tests run against: cdktf (project `constructs`), or CDK Terrain
 * (project `constructs-cdktn`, whose module mapping stands in for the @cms-iac/cdktn build). The
 * app, the L2 constructs and the L1 bindings must all use that one CDK's classes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformResource } from 'cdktf';
import { callBridgeGroup, RoleSeparation, SpaceTemplate } from '../../constructs/src';
import { meetingServer, newStack, synth } from './helpers';

const cdk = (globalThis as { CMS_IAC_CDK?: string }).CMS_IAC_CDK ?? 'cdktf';
const version = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../node_modules', cdk, 'package.json'), 'utf8')) as { version: string }).version;

it(`the app, the L2 constructs and the L1 bindings all use ${cdk} ${version}`, () => {
  // A real App (Testing.app stubs the version written into cdk.tf.json).
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-cdk-'));
  const stack = newStack(new App({ outdir }));
  meetingServer(stack, 'cms1', { defaultProvider: true });
  const group = new callBridgeGroup.CallBridgeGroup(stack, 'london', { name: 'London' });
  const team = new SpaceTemplate(stack, 'team', { name: 'Team', roleSeparation: RoleSeparation.PASSCODE, roles: [{ name: 'Host', activator: true }] });
  expect(group).toBeInstanceOf(TerraformResource);
  expect(team.resource).toBeInstanceOf(TerraformResource);
  expect(Object.keys(synth(stack).resources('cms_cospace_template'))).toHaveLength(1);
  // The version the CDK writes into cdk.tf.json.
  expect((stack.toTerraform() as { '//': { metadata: { version: string } } })['//'].metadata.version).toBe(version);
  fs.rmSync(outdir, { recursive: true, force: true });
});
