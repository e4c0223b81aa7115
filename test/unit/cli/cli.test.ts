/**
 * The cms-iac command line: help, version, and the export's refusals, each with the reason and
 * the fix, before anything is read or written.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../cli/src/main';
import { parseExportArgs, parseNode } from '../../../cli/src/export/options';
import { PROVIDER_VERSION } from '../../../provider/src/version';
import { startSimulator } from '../../../simulator/src';
import type { Simulator } from '../../../simulator/src';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let tmp: string;
beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-iac-cli-'))));
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('prints its commands, its version, and refuses unknown commands', async () => {
  expect((await run(['--help'])).out).toMatch(/Usage: cms-iac <command>[\s\S]*export +read an existing Meeting Server/);
  expect(await run(['--version'])).toMatchObject({ code: 0, out: `cms-iac ${PROVIDER_VERSION}` });
  expect(await run(['deploy'])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown command deploy/) });
  expect((await run(['export', '--help'])).out).toMatch(/Read-only: it sends GET requests, MMP status commands and SFTP file reads/);
});

it('reads --mmp-node as key=value pairs or JSON, and refuses what it cannot use', () => {
  expect(parseNode('name=cms1,address=10.0.0.1,port=2222,host_key_fingerprint=SHA256:abc/+x,url=https://cms1:445')).toEqual({ name: 'cms1', address: '10.0.0.1', port: 2222, host_key_fingerprint: 'SHA256:abc/+x', url: 'https://cms1:445' });
  expect(parseNode('{"name":"cms2","address":"cms2.example.com"}')).toEqual({ name: 'cms2', address: 'cms2.example.com' });
  expect(() => parseNode('name=cms1')).toThrow(/name and address are required/);
  expect(() => parseNode('name=cms1,address=a,password=x')).toThrow(/unknown key password .*passwords come from CMS_MMP_PASSWORD/);
  expect(() => parseNode('name=cms1,address=a,port=70000')).toThrow(/port 70000 is not a TCP port/);
  expect(() => parseExportArgs(['--url', 'https://x'])).toThrow(/--out DIR is required/);
  expect(() => parseExportArgs(['--out', 'x', '--format', 'json'])).toThrow(/--format json: use hcl or cdktf/);
});

it('refuses a missing server, missing credentials and a directory that is not empty, writing nothing', async () => {
  const out = path.join(tmp, 'out');
  expect(await run(['export', '--out', out])).toMatchObject({ code: 2, err: expect.stringMatching(/needs url: set it in the provider block or in the CMS_URL environment variable/) });
  expect(await run(['export', '--url', 'https://cms1.example.com:445', '--out', out])).toMatchObject({ code: 2, err: expect.stringMatching(/needs username[\s\S]*CMS_USERNAME/) });
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'main.tf'), '# mine\n');
  const refused = await run(['export', '--url', 'https://cms1.example.com:445', '--out', out], { CMS_USERNAME: 'api', CMS_PASSWORD: 'x' });
  expect(refused).toMatchObject({ code: 2, err: expect.stringMatching(/--out .* is not empty \(main\.tf\); choose an empty directory, or add --force/) });
  expect(fs.readdirSync(out)).toEqual(['main.tf']);
});

describe('against a server', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => sim.stop());

  it('says which server it cannot read and why (wrong password), with nothing written', async () => {
    const out = path.join(tmp, 'out');
    const r = await run(['export', '--url', sim.url, '--out', out, '--quiet'], { CMS_USERNAME: 'admin', CMS_PASSWORD: 'wrong', CMS_CA_BUNDLE: sim.caPath, CMS_RETRIES: '0' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`Cannot read the Meeting Server at ${sim.url.replace(/[.]/g, '\\.')}: .*(401|credentials|authenti)`, 'i'));
    expect(r.err).not.toContain('wrong');
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('exports an empty server: nothing to import, and says so', async () => {
    const out = path.join(tmp, 'empty');
    const r = await run(['export', '--url', sim.url, '--out', out, '--quiet'], { CMS_USERNAME: 'admin', CMS_PASSWORD: 'admin', CMS_CA_BUNDLE: sim.caPath });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Exported 0 objects/);
    expect(r.out).toMatch(/cms_node_settings: kept on each node's MMP: give the nodes with --mmp-node to export them/);
    expect(fs.readdirSync(out).sort()).toEqual(['README.md', 'cms-export.json', 'providers.tf']);
  });
});
