/** The `cms-simulator` command: flags, start-up output, answering, stopping on signals. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { main, parseArgs, USAGE } from '../../simulator/src/cli';
import { TestClient } from './helpers';

const REPO = path.resolve(__dirname, '../..');

describe('parseArgs', () => {
  it('maps every flag to a simulator option', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'seed.json'), JSON.stringify({ tenants: [{ name: 'A' }] }));
      fs.writeFileSync(path.join(dir, 'ldap.json'), JSON.stringify([{ dn: 'cn=a', attributes: {} }]));
      const options = parseArgs(
        ['--port', '9443', '--host=127.0.0.1', '--http', '--state', 'sim.json', '--state-dir', 'certs', '--user', 'ops:pw:api', '--user', 'aud:pw:audit',
          '--nodes', '3', '--seed', 'seed.json', '--directory', 'ldap.json', '--ldap-sync-delay', '0', '--page-cap', 'coSpaces=5', '--lenient-casing',
          '--software-version', '3.9', '--unknown-element', 'callProfile.futureSetting=on', '--unknown-element', 'callProfile.other=1'],
        dir,
      );
      expect(options).toEqual({
        port: 9443,
        host: '127.0.0.1',
        tls: false,
        statePath: path.join(dir, 'sim.json'),
        stateDir: path.join(dir, 'certs'),
        users: [{ name: 'ops', password: 'pw', role: 'api' }, { name: 'aud', password: 'pw', role: 'audit' }],
        nodes: 3,
        seed: { tenants: [{ name: 'A' }] },
        directory: [{ dn: 'cn=a', attributes: {} }],
        ldapSyncDelayMs: 0,
        pageCaps: { coSpaces: 5 },
        lenientCasing: true,
        softwareVersion: '3.9',
        unknownElements: { callProfile: { futureSetting: 'on', other: '1' } },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('defaults to port 8443, HTTPS, .sim under the working directory and admin:admin', () => {
    expect(parseArgs([], '/work/x')).toEqual({ nodes: 1, port: 8443, stateDir: '/work/x/.sim', ldapSyncDelayMs: 500 });
  });

  it('rejects bad input with a message naming the flag', () => {
    expect(() => parseArgs(['--port', 'abc'])).toThrow(/--port: expected a non-negative integer/);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parseArgs(['--user', 'nopassword'])).toThrow(/name:password/);
    expect(() => parseArgs(['--page-cap', 'coSpaces'])).toThrow(/collection=n/);
    expect(() => parseArgs(['--state'])).toThrow(/--state needs a value/);
    expect(parseArgs(['--help'])).toBeUndefined();
  });
});

describe('main() in process', () => {
  it('starts, prints the URLs, CA path and credentials, and answers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-cli-'));
    const lines: string[] = [];
    const sim = await main(['--port', '0', '--state-dir', path.join(dir, '.sim'), '--nodes', '2', '--user', 'ops:secret:api'], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      handleSignals: false,
    });
    try {
      expect(sim).toBeDefined();
      const output = lines.join('\n');
      for (const node of sim!.nodes) expect(output).toContain(node.apiUrl);
      expect(output).toContain(path.join(dir, '.sim', 'ca.pem'));
      expect(output).toContain('ops:secret (api)');
      const api = new TestClient(sim!.nodes[1]!.url, fs.readFileSync(path.join(dir, '.sim', 'ca.pem'), 'utf8'), { user: 'ops', password: 'secret' });
      expect((await api.get('coSpaces')).status).toBe(200);
      await api.close();
    } finally {
      await sim?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the usage for --help', async () => {
    const lines: string[] = [];
    expect(await main(['--help'], { out: (l) => lines.push(l), err: (l) => lines.push(l), handleSignals: false })).toBeUndefined();
    expect(lines.join('\n')).toBe(USAGE);
  });
});

describe('the cms-simulator executable', () => {
  let dir: string;
  beforeAll(() => {
    // Lay out the package (package.json, bin/, dist/) as `npm run build` does, with the CLI bundled by esbuild.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-cli-bin-'));
    fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'simulator', 'bin', 'cms-simulator'), path.join(dir, 'bin', 'cms-simulator'));
    fs.copyFileSync(path.join(REPO, 'simulator', 'package.json'), path.join(dir, 'package.json'));
    buildSync({
      entryPoints: [path.join(REPO, 'simulator', 'src', 'cli.ts')],
      outfile: path.join(dir, 'dist', 'cli.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // ssh2's optional native add-ons: left out, so ssh2 falls back to node:crypto.
      external: ['*.node'],
      logLevel: 'silent',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs from the bin wrapper, persists to --state, and exits cleanly on SIGTERM', async () => {
    const work = fs.mkdtempSync(path.join(dir, 'run-'));
    const child = spawn(process.execPath, [path.join(dir, 'bin', 'cms-simulator'), '--port', '0', '--state', 'sim.json'], { cwd: work });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 200 && !stdout.includes('Try:'); i++) await new Promise((r) => setTimeout(r, 20));
      const url = /(https:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(stdout)?.[1];
      expect(url).toBeDefined();
      const caPath = path.join(work, '.sim', 'ca.pem');
      expect(stdout).toContain(caPath);
      expect(stdout).toContain('admin:admin');
      const api = new TestClient(url!, fs.readFileSync(caPath, 'utf8'));
      await api.create('tenants', { name: 'From the CLI' });
      await api.close();
      expect(JSON.parse(fs.readFileSync(path.join(work, 'sim.json'), 'utf8')).database.tenants[0].name).toBe('From the CLI');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain('SIGTERM, stopping');
  });

  it('reports a bad flag on stderr with exit code 2', async () => {
    const child = spawn(process.execPath, [path.join(dir, 'bin', 'cms-simulator'), '--nodes', 'many']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--nodes: expected a non-negative integer');
  });

  it('prints its package version for --version', async () => {
    const child = spawn(process.execPath, [path.join(dir, 'bin', 'cms-simulator'), '--version']);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toBe(`cms-simulator ${JSON.parse(fs.readFileSync(path.join(REPO, 'simulator', 'package.json'), 'utf8')).version}\n`);
  });
});
