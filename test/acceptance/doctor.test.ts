/**
 * `cms-iac doctor` against simulated Meeting Servers: it reports what a user attaches to a bug
 * (connection, TLS, credentials, version, every collection parsed with the definitions, each
 * node's MMP), in text and JSON, sends GETs and MMP status commands only, and never prints a
 * secret.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/src/main';
import { MMP_STATUS_COMMANDS } from '../../cli/src/doctor/nodes';
import type { DoctorReport } from '../../cli/src/doctor/report';
import { startCluster, startSimulator, type Simulator } from '../../simulator/src';

const API_PASSWORD = 'Api-Pa55-word';
const MMP_PASSWORD = 'Mmp-Pa55-word';
const users = [
  { name: 'api', password: API_PASSWORD, role: 'api' },
  { name: 'admin', password: MMP_PASSWORD, role: 'admin' },
];

async function doctor(sim: Simulator, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; requests: string[] }> {
  const out: string[] = [];
  sim.log.clear();
  const code = await main(['doctor', '--url', sim.url, ...args], { out: (l) => out.push(l), err: (l) => out.push(l) }, env);
  return { code, out: out.join('\n'), requests: sim.log.entries().map((e) => `${e.method} ${e.path}`) };
}

/** Anything but a GET or an MMP command that only prints a status. */
function writes(requests: string[]): string[] {
  return requests.filter((r) => !r.startsWith('GET ') && !MMP_STATUS_COMMANDS.some((c) => r === `MMP ${c}`));
}

describe('cms-iac doctor against a server that knows more than the definitions', () => {
  let sim: Simulator;
  let env: NodeJS.ProcessEnv;
  let nodeArgs: string[];
  beforeAll(async () => {
    sim = await startCluster({
      nodes: ['cms1', 'cms2'],
      ssh: true,
      users,
      // What a newer Meeting Server answers: an element the definitions do not know.
      unknownElements: { callProfile: { futureSetting: 'on' } },
      seed: {
        callProfiles: [{ name: 'Meetings', participantLimit: '50' }, { name: 'Webinars' }],
        coSpaces: [{ name: 'Sales', uri: 'sales', callId: '1001', passcode: '4321' }],
        turnServers: [{ serverAddress: '10.0.0.10', type: 'expressway', username: 'turn', password: 'Turn-Pa55-word' }],
      },
    });
    sim.runMmpCommand('cms1', 'ntp server add ntp1.example.com');
    env = { CMS_USERNAME: 'api', CMS_PASSWORD: API_PASSWORD, CMS_CA_BUNDLE: sim.caPath, CMS_MMP_USERNAME: 'admin', CMS_MMP_PASSWORD: MMP_PASSWORD };
    nodeArgs = sim.nodes.flatMap((n) => ['--mmp-node', `name=${n.name},address=127.0.0.1,port=${n.ssh!.port},host_key_fingerprint=${n.ssh!.hostKeyFingerprint}`]);
  });
  afterAll(() => sim.stop());

  it('prints a report of everything it checked, sending GETs and MMP status commands only', async () => {
    const run = await doctor(sim, nodeArgs, env);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/ok +connectivity +https:\/\/127\.0\.0\.1:\d+ answered/);
    expect(run.out).toMatch(/ok +TLS +verified against the CA bundle/);
    expect(run.out).toMatch(/ok +credentials +user api may use the API/);
    expect(run.out).toMatch(/ok +version +Meeting Server 3\.13: everything the provider offers is available/);
    expect(run.out).toMatch(/WARNING +cms_call_profile +2 objects\n +unknown to the definitions: <futureSetting> in 2 of 2/);
    expect(run.out).toMatch(/ok +cms_cospace +1 object/);
    expect(run.out).toMatch(/ok +cms_turn_server +1 object/);
    expect(run.out).toMatch(/ok +cms1 \(127\.0\.0\.1:\d+\): host key SHA256:\S+ \(matches the pinned fingerprint\)\n(?: {10,}\S.*\n)*? +ntp_servers +ntp1\.example\.com/);
    expect(run.out).toMatch(/database cluster +Disabled/);
    expect(run.out).toMatch(/Nothing was changed on the server\.\nResult: usable, with warnings\./);
    expect(writes(run.requests)).toEqual([]);
    expect(run.requests.filter((r) => r.startsWith('MMP '))).toHaveLength(MMP_STATUS_COMMANDS.length * 2);
    for (const secret of [API_PASSWORD, MMP_PASSWORD, 'Turn-Pa55-word', '4321']) expect(run.out).not.toContain(secret);
  });

  it('gives the same as JSON for tools', async () => {
    const run = await doctor(sim, [...nodeArgs, '--json'], env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as DoctorReport;
    expect(report.server).toMatchObject({ url: sim.url, username: 'api', softwareVersion: '3.13' });
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([['connectivity', 'ok'], ['TLS', 'ok'], ['credentials', 'ok'], ['version', 'ok']]);
    const profiles = report.collections.find((c) => c.type === 'cms_call_profile')!;
    expect(profiles).toMatchObject({ status: 'warning', objects: 2, unknownElements: [{ element: 'futureSetting', objects: 2 }], invalidValues: [] });
    // Attributes the definition reads that neither profile returned (both left them unset).
    expect(profiles.neverReturned).toEqual(expect.arrayContaining(['locked', 'survey_allowed']));
    expect(profiles.neverReturned).not.toContain('name');
    expect(report.collections.find((c) => c.type === 'cms_ldap_sync')).toMatchObject({ status: 'skipped' });
    expect(report.nodes.map((n) => [n.name, n.status, n.hostKey?.pinned])).toEqual([['cms1', 'ok', true], ['cms2', 'ok', true]]);
    expect(report.requests.rest).toEqual({ GET: expect.any(Number) });
    expect(writes(run.requests)).toEqual([]);
    for (const secret of [API_PASSWORD, MMP_PASSWORD, 'Turn-Pa55-word', '4321']) expect(run.out).not.toContain(secret);
  });

  it('runs as users run it: the cms-iac executable', async () => {
    const bin = path.resolve(__dirname, '../../cli/bin/cms-iac');
    // Asynchronously: the simulator answering it runs in this process.
    const run = await promisify(execFile)(process.execPath, [bin, 'doctor', '--url', sim.url, ...nodeArgs], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 120000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^cms-iac doctor \d+\.\d+\.\d+: https:\/\/127\.0\.0\.1:\d+ as api, Meeting Server 3\.13/);
    expect(run.stdout).toContain('unknown to the definitions: <futureSetting>');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/\n  doctor +check a Meeting Server the way the provider uses it, read-only/);
  });

  it('says which credentials were refused, without the password, and stops there', async () => {
    const run = await doctor(sim, [], { ...env, CMS_PASSWORD: 'Wrong-Pa55' });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/ERROR +credentials +user api was refused \(HTTP 401\): wrong user name or password/);
    expect(run.out).not.toContain('Wrong-Pa55');
    expect(run.out).toMatch(/MMP \(SSH\): no node given/);
    expect(writes(run.requests)).toEqual([]);
  });
});

describe('cms-iac doctor against an older server with a certificate it cannot verify', () => {
  let sim: Simulator;
  let otherCa: string;
  beforeAll(async () => {
    sim = await startSimulator({ softwareVersion: '3.4', users });
    // A CA bundle that did not sign the server's certificate.
    const other = await startSimulator({ tls: true });
    otherCa = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cms-doctor-')), 'other-ca.pem');
    fs.writeFileSync(otherCa, other.caPem);
    await other.stop();
  });
  afterAll(() => sim.stop());

  it('lists what the provider offers that 3.4 cannot take', async () => {
    const run = await doctor(sim, [], { CMS_USERNAME: 'api', CMS_PASSWORD: API_PASSWORD, CMS_CA_BUNDLE: sim.caPath });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/ok +version +Meeting Server 3\.4: \d+ attributes the provider offers need another version and would be refused at plan/);
    expect(run.out).toContain('cms_turn_server.use_short_term_credentials (3.13 or later)');
    expect(run.out).toContain('cms_call_profile.survey_allowed (3.8 or later)');
    expect(run.out).not.toContain('cms_call_profile.notes_allowed (');
  });

  it('says the certificate does not verify and how to fix it', async () => {
    const run = await doctor(sim, [], { CMS_USERNAME: 'api', CMS_PASSWORD: API_PASSWORD, CMS_CA_BUNDLE: otherCa });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/ERROR +TLS +the certificate does not verify against the CA bundle/);
    expect(run.out).toContain('Set CMS_CA_BUNDLE (ca_bundle) to the CA that signed the Web Admin certificate');
    expect(run.out).toMatch(/skipped +credentials +not tried/);
    expect(run.requests).toEqual([]);
  });
});
