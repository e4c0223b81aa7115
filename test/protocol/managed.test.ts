/**
 * The provider launched the way Terraform launches it: built and bundled like
 * `npm run provider:install -- --dev` does, installed into a filesystem mirror, started by Terraform through go-plugin (AutoMTLS over
 * a unix socket) several times per command. Also the handshake contract checked directly.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../provider/src/plugin/handshake';
import { SERVICE_NAMES, serviceDefinition } from '../../provider/src/plugin/protocol';
import { generateServerCertificate } from '../../provider/src/plugin/tls/certificate';
import { buildProvider, installProvider, ROOT, writeCliConfig, type BuiltProvider } from '../../scripts/provider-package';
import { PROVIDER_BLOCK, resource, TerraformWorkspace, tempRoot, terraformEnv } from './terraform';

const TOY_ENTRY = path.join(ROOT, 'test/protocol/fixtures/toy-main.ts');

let root: string;
let built: BuiltProvider;
let cliConfigFile: string;
let socketTmp: string;
let store: string;

beforeAll(async () => {
  root = tempRoot('cms-managed-');
  built = await buildProvider({ entry: TOY_ENTRY, outDir: path.join(root, 'dist') });
  const installed = installProvider({ built, mirrorDir: path.join(root, 'mirror') });
  cliConfigFile = writeCliConfig(path.join(root, 'cli.tfrc'), installed.mirrorDir);
  socketTmp = path.join(root, 't');
  fs.mkdirSync(socketTmp);
  store = path.join(root, 'store.json');
}, 60_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const socketDirs = (): string[] => fs.readdirSync(socketTmp).filter((f) => f.startsWith('plugin'));

describe('the handshake, without Terraform', () => {
  type Child = ChildProcessByStdio<null, Readable, Readable>;
  const start = (env: NodeJS.ProcessEnv): Child =>
    spawn(process.execPath, [built.launcher], { env: { PATH: process.env.PATH, TMPDIR: socketTmp, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = (child: Child): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve) => {
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
  const firstLine = (child: Child): Promise<string> =>
    new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child.on('close', () => reject(new Error(`no handshake: ${out}`)));
    });

  it('refuses to run without the magic cookie, saying what it is', async () => {
    const res = await exited(start({}));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('This is terraform-provider-cms, a Terraform provider plugin');
  });

  it('refuses a client that does not speak protocol 6', async () => {
    const res = await exited(start({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5' }));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('speaks plugin protocol 6 only');
  });

  it('serves mutual TLS over a unix socket, ignores SIGINT, and exits promptly on Shutdown', async () => {
    const client = generateServerCertificate(); // Terraform's would be P-521; any self-signed CA cert works
    const child = start({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: client.certPem });
    const done = exited(child);
    const line = await firstLine(child);
    const [core, version, network, address, protocol, cert] = line.split('|');
    expect([core, version, network, protocol]).toEqual(['1', '6', 'unix', 'grpc']);
    expect(address.startsWith(socketTmp)).toBe(true);
    expect(cert).toMatch(/^[A-Za-z0-9+/]+$/); // no '=' padding
    const serverPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert, 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;

    const credentials = grpc.credentials.createSsl(Buffer.from(serverPem), Buffer.from(client.keyPem), Buffer.from(client.certPem));
    const options = { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' };
    const Provider = grpc.makeGenericClientConstructor(serviceDefinition(SERVICE_NAMES.provider), 'Provider');
    const Controller = grpc.makeGenericClientConstructor(serviceDefinition(SERVICE_NAMES.controller), 'Controller');
    const Health = grpc.makeGenericClientConstructor(serviceDefinition(SERVICE_NAMES.health), 'Health');
    const Stdio = grpc.makeGenericClientConstructor(serviceDefinition(SERVICE_NAMES.stdio), 'Stdio');
    const target = `unix://${address}`;
    const call = <T>(c: grpc.Client, method: string, req: object): Promise<T> =>
      new Promise((resolve, reject) =>
        (c as unknown as Record<string, (r: object, cb: (e: Error | null, v: T) => void) => void>)[method](req, (e, v) => (e ? reject(e) : resolve(v))),
      );

    const provider = new Provider(target, credentials, options);
    const schema = await call<{ resource_schemas: Record<string, unknown>; server_capabilities: Record<string, boolean> }>(provider, 'GetProviderSchema', {});
    expect(Object.keys(schema.resource_schemas)).toEqual(['cms_thing']);
    expect(schema.server_capabilities.get_provider_schema_optional).toBe(true);
    expect(await call(new Health(target, credentials, options), 'Check', { service: 'plugin' })).toEqual({ status: 'SERVING' });
    const stdio = (new Stdio(target, credentials, options) as unknown as Record<string, (r: object) => grpc.ClientReadableStream<unknown>>).StreamStdio({});
    stdio.on('error', () => undefined);

    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    expect(child.exitCode).toBeNull();

    const before = Date.now();
    await call(new Controller(target, credentials, options), 'Shutdown', {});
    const res = await done;
    expect(res.code).toBe(0);
    expect(Date.now() - before).toBeLessThan(1500);
    expect(fs.existsSync(path.dirname(address))).toBe(false);
  }, 20_000);

  it('rejects a client without the expected certificate', async () => {
    const expected = generateServerCertificate();
    const other = generateServerCertificate();
    const child = start({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: expected.certPem });
    const done = exited(child);
    const [, , , address, , cert] = (await firstLine(child)).split('|');
    const serverPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert, 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
    const Provider = grpc.makeGenericClientConstructor(serviceDefinition(SERVICE_NAMES.provider), 'Provider');
    const client = new Provider(`unix://${address}`, grpc.credentials.createSsl(Buffer.from(serverPem), Buffer.from(other.keyPem), Buffer.from(other.certPem)), {
      'grpc.ssl_target_name_override': 'localhost',
    });
    const err = await new Promise<grpc.ServiceError | null>((resolve) =>
      (client as unknown as Record<string, (r: object, o: object, cb: (e: grpc.ServiceError | null) => void) => void>).GetProviderSchema({}, { deadline: Date.now() + 10_000 }, resolve),
    );
    expect(err?.code).toBe(grpc.status.UNAVAILABLE);
    client.close();
    child.kill('SIGTERM');
    await done;
  }, 20_000);
});

describe('managed by Terraform (filesystem mirror, AutoMTLS)', () => {
  let ws: TerraformWorkspace;

  beforeAll(() => {
    ws = new TerraformWorkspace(terraformEnv({ TF_CLI_CONFIG_FILE: cliConfigFile, CMS_TOY_STORE: store, TMPDIR: socketTmp }), root);
    ws.write(
      'main.tf',
      `${PROVIDER_BLOCK}
resource "cms_thing" "a" {
  name   = "alpha"
  size   = 3
  big    = 9007199254740993
  tags   = ["x", "y"]
  secret = "s3cret"
  zone   = "z1"
  setting {
    key   = "k"
    value = "v"
  }
}
resource "cms_thing" "b" {
  name = "pre-\${cms_thing.a.id}"
  size = 0.1
}
data "cms_echo" "e" {
  input = "hello"
}
output "echo" { value = data.cms_echo.e.result }
`,
    );
  });

  it('installs offline from the mirror', async () => {
    const res = await ws.expect(0, 'init', '-input=false');
    expect(res.stdout).toContain('Installed cms-iac/cms v0.1.0 (unauthenticated)');
  }, 30_000);

  it('applies, then plans no changes', async () => {
    await ws.expect(0, 'apply', '-auto-approve', '-input=false');
    const show = await ws.showJson();
    const a = resource(show, 'cms_thing.a');
    expect(a?.values).toMatchObject({ name: 'alpha', size: 3, big: 9007199254740993n, enabled: false, tags: ['x', 'y'], setting: [{ key: 'k', value: 'v' }] });
    expect(a?.values.id).toMatch(/^[0-9a-f]{12}$/);
    expect(resource(show, 'cms_thing.b')?.values).toMatchObject({ name: `pre-${String(a?.values.id)}`, size: 0.1 });
    expect(show.values?.outputs?.echo.value).toBe('echo: hello');
    await ws.expect(0, 'plan', '-refresh=false', '-detailed-exitcode', '-input=false');
    await ws.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  }, 30_000);

  it('keeps working after a rebuild without re-init (the package is only a wrapper)', async () => {
    await buildProvider({ entry: TOY_ENTRY, outDir: built.dir });
    await ws.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  }, 30_000);

  it('imports an existing object', async () => {
    const before = resource(await ws.showJson(), 'cms_thing.a');
    await ws.expect(0, 'state', 'rm', 'cms_thing.a');
    await ws.expect(0, 'import', '-input=false', 'cms_thing.a', String(before?.values.id));
    expect(resource(await ws.showJson(), 'cms_thing.a')?.values).toEqual(before?.values);
    await ws.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  }, 30_000);

  it('destroys, and leaves no provider process or socket behind', async () => {
    await ws.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(JSON.parse(fs.readFileSync(store, 'utf8'))).toEqual({});
    expect(socketDirs()).toEqual([]);
  }, 30_000);
});
