/**
 * The provider served inside the test process (serveInProcess) and attached to Terraform with
 * TF_REATTACH_PROVIDERS: one provider for every command, no TLS, no start-up cost. Walks the
 * lifecycle terraform-plugin-testing checks: plan, apply, empty plans, replace, drift and
 * refresh, import block, data source, validation errors, destroy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serveInProcess, type InProcessProvider } from '../../provider/src/plugin/inprocess';
import { createToyProvider, type ToyProvider } from './fixtures/toy-provider';
import { PROVIDER_BLOCK, resource, TerraformWorkspace, tempRoot, terraformEnv } from './terraform';

let root: string;
let store: string;
let toy: ToyProvider;
let server: InProcessProvider;
let ws: TerraformWorkspace;

const config = (zone: string, extra = ''): string => `${PROVIDER_BLOCK}
provider "cms" {
  store_path = ${JSON.stringify(store)}
}
resource "cms_thing" "a" {
  name   = "alpha"
  size   = 3
  big    = 123456789012345678901234567890
  labels = { env = "test" }
  zone   = ${JSON.stringify(zone)}
  setting {
    key = "k"
  }
}
resource "cms_thing" "b" {
  name = "pre-\${cms_thing.a.id}"
}
data "cms_echo" "e" {
  input = cms_thing.a.name
}
output "echo" { value = data.cms_echo.e.result }
${extra}`;

const readStore = (): Record<string, Record<string, unknown>> => (fs.existsSync(store) ? JSON.parse(fs.readFileSync(store, 'utf8')) : {});

beforeAll(async () => {
  root = tempRoot('cms-reattach-');
  store = path.join(root, 'store.json');
  toy = createToyProvider();
  server = await serveInProcess(toy);
  const cliConfig = path.join(root, 'empty.tfrc');
  fs.writeFileSync(cliConfig, '');
  ws = new TerraformWorkspace(terraformEnv({ TF_REATTACH_PROVIDERS: server.reattachConfig, TF_CLI_CONFIG_FILE: cliConfig }), root);
  ws.write('main.tf', config('z1'));
  await ws.expect(0, 'init', '-input=false');
}, 30_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

it('is attached for registry.terraform.io/cms-iac/cms without TLS', () => {
  const attach = JSON.parse(server.reattachConfig) as Record<string, { Addr: { Network: string }; Test: boolean; Pid: number }>;
  expect(attach['registry.terraform.io/cms-iac/cms']).toMatchObject({ Addr: { Network: 'unix' }, Test: true, Pid: process.pid });
});

it('reports validation errors at the attribute', async () => {
  ws.write('bad.tf', 'resource "cms_thing" "bad" {\n  name = "x"\n  size = -1\n}\n');
  try {
    const res = await ws.expect(1, 'plan', '-input=false', '-no-color');
    expect(res.stderr).toContain('Error: size must not be negative');
    expect(res.stderr).toMatch(/on bad\.tf line 3, in resource "cms_thing" "bad":\s+3:\s+size = -1/);
  } finally {
    fs.rmSync(path.join(ws.dir, 'bad.tf'));
  }
});

it('plans a create with the computed id unknown, then applies it', async () => {
  await ws.expect(2, 'plan', '-input=false', '-detailed-exitcode', '-out=create.plan');
  const plan = await ws.showJson('create.plan');
  const change = plan.resource_changes?.find((c) => c.address === 'cms_thing.a')?.change;
  expect(change?.actions).toEqual(['create']);
  expect(change?.after_unknown).toMatchObject({ id: true });
  // name = "pre-${cms_thing.a.id}" reached the provider as a refined unknown (msgpack ext 12).
  expect(toy.unknownNameRefinements).toContainEqual({ notNull: true, stringPrefix: 'pre-' });
  await ws.expect(0, 'apply', '-input=false', 'create.plan');

  const show = await ws.showJson();
  const a = resource(show, 'cms_thing.a');
  expect(a?.values).toMatchObject({ name: 'alpha', big: 123456789012345678901234567890n, labels: { env: 'test' }, setting: [{ key: 'k', value: null }], enabled: false });
  expect(readStore()[String(a?.values.id)]).toBeDefined();
  expect(show.values?.outputs?.echo.value).toBe('echo: alpha');
}, 30_000);

it('plans no changes, with and without refresh', async () => {
  await ws.expect(0, 'plan', '-input=false', '-refresh=false', '-detailed-exitcode');
  await ws.expect(0, 'plan', '-input=false', '-detailed-exitcode');
}, 30_000);

it('replaces the object when a force-new attribute changes', async () => {
  const before = resource(await ws.showJson(), 'cms_thing.a')?.values.id;
  ws.write('main.tf', config('z2'));
  await ws.expect(2, 'plan', '-input=false', '-detailed-exitcode', '-out=replace.plan');
  const plan = await ws.showJson('replace.plan');
  expect(plan.resource_changes?.find((c) => c.address === 'cms_thing.a')?.change.actions).toEqual(['delete', 'create']);
  await ws.expect(0, 'apply', '-input=false', 'replace.plan');
  const after = resource(await ws.showJson(), 'cms_thing.a')?.values;
  expect(after?.zone).toBe('z2');
  expect(after?.id).not.toBe(before);
  expect(Object.keys(readStore())).toHaveLength(2);
  expect(readStore()[String(after?.id)]).toBeDefined();
  await ws.expect(0, 'plan', '-input=false', '-detailed-exitcode');
}, 30_000);

it('detects an object deleted outside Terraform and recreates it', async () => {
  fs.writeFileSync(store, '{}');
  const refresh = await ws.expect(2, 'plan', '-input=false', '-refresh-only', '-detailed-exitcode');
  expect(refresh.stdout).toContain('has been deleted');
  await ws.expect(2, 'plan', '-input=false', '-detailed-exitcode', '-out=recreate.plan');
  expect((await ws.showJson('recreate.plan')).resource_changes?.find((c) => c.address === 'cms_thing.a')?.change.actions).toEqual(['create']);
  await ws.expect(0, 'apply', '-input=false', 'recreate.plan');
  expect(Object.keys(readStore())).toHaveLength(2);
}, 30_000);

it('imports an existing object through an import block with a no-op plan', async () => {
  const things = readStore();
  things.imported1 = { id: 'imported1', name: 'existing', size: 7, big: null, enabled: true, tags: null, labels: null, secret: null, zone: null, setting: [] };
  fs.writeFileSync(store, JSON.stringify(things));
  const block = `
import {
  to = cms_thing.imp
  id = "imported1"
}
resource "cms_thing" "imp" {
  name    = "existing"
  size    = 7
  enabled = true
}
`;
  ws.write('main.tf', config('z2', block));
  await ws.expect(2, 'plan', '-input=false', '-detailed-exitcode', '-out=import.plan');
  const change = (await ws.showJson('import.plan')).resource_changes?.find((c) => c.address === 'cms_thing.imp')?.change;
  expect(change?.importing?.id).toBe('imported1');
  expect(change?.actions).toEqual(['no-op']);
  await ws.expect(0, 'apply', '-input=false', 'import.plan');
  expect(resource(await ws.showJson(), 'cms_thing.imp')?.values).toMatchObject({ id: 'imported1', name: 'existing', size: 7 });
  await ws.expect(0, 'plan', '-input=false', '-detailed-exitcode');
  expect(toy.calls.ImportResourceState).toBe(1);
}, 30_000);

it('destroys everything; one provider served every command', async () => {
  await ws.expect(0, 'destroy', '-auto-approve', '-input=false');
  expect(readStore()).toEqual({});
  expect(toy.calls.ConfigureProvider).toBeGreaterThan(5);
  expect(toy.calls.GetProviderSchema).toBe(1); // cached by the plugin layer
  expect(toy.calls.StopProvider).toBeUndefined();
}, 30_000);
