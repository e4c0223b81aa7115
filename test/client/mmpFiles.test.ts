/** The MMP client's SFTP files, asked values and new readers, against a simulated blank node. */
import { MmpClient, MmpCommandError, MmpLogEntry } from '../../provider/src/cms/mmp';
import { Simulator, startCluster } from '../../simulator/src';

let sim: Simulator;
let mmp: MmpClient;
const logs: MmpLogEntry[] = [];
beforeAll(async () => {
  sim = await startCluster({ nodes: [{ name: 'cms1', blank: true }], ssh: true, tls: false });
  const node = sim.node('cms1');
  mmp = new MmpClient({ host: '127.0.0.1', port: node.ssh!.port, username: 'admin', password: 'admin', hostKeyFingerprint: node.ssh!.hostKeyFingerprint, timeoutMs: 5000, onLog: (e) => logs.push(e) });
});
afterAll(async () => {
  await mmp.close();
  await sim.stop();
});

it('uploads, lists, downloads and removes files; a missing file is undefined, not an error', async () => {
  await mmp.files.upload('cms.crt', 'certificate text');
  expect(await mmp.files.list()).toEqual(['cms.crt']);
  expect((await mmp.files.download('cms.crt'))?.toString()).toBe('certificate text');
  expect(await mmp.files.download('nope.crt')).toBeUndefined();
  expect(await mmp.files.remove('cms.crt')).toBe(true);
  expect(await mmp.files.remove('cms.crt')).toBe(false);
  await expect(mmp.files.upload('../x', 'x')).rejects.toThrow(/not an MMP file name/);
  expect(JSON.stringify(logs)).not.toContain('certificate text');
});

it('answers what a command asks on its input, never logging or showing the answers', async () => {
  await mmp.runChecked('user add api api', { input: ['api-Secret-77', 'api-Secret-77'] });
  expect(await mmp.users()).toEqual([
    { name: 'admin', role: 'admin' },
    { name: 'api', role: 'api' },
  ]);
  const failure = await mmp.runChecked('passwd api', { input: ['api-Secret-88', 'other-Secret'] }).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(MmpCommandError);
  expect((failure as Error).message).toMatch(/passwords do not match/);
  expect(JSON.stringify(logs) + (failure as Error).message).not.toMatch(/Secret-77|Secret-88|other-Secret/);
});

it('reads certificates, rules, syslog and tls', async () => {
  await mmp.runChecked('pki selfsigned ca "CN:Lab CA"');
  await mmp.runChecked('pki csr cms CN:cms1.example.com subjectAltName:cms1.example.com');
  await mmp.runChecked('pki sign cms ca');
  const info = await mmp.inspectCertificate('cms.crt');
  expect(info).toMatchObject({ subject: 'CN=cms1.example.com', issuer: 'CN=Lab CA', altNames: ['cms1.example.com'], isCa: false });
  expect(Date.parse(info.notAfter!)).toBeGreaterThan(Date.now());
  expect((await mmp.userRules()).password_length).toBe(8);
  expect(await mmp.syslog()).toEqual({ enabled: false, servers: [], auditServers: [] });
  expect(await mmp.tls('sip')).toEqual({ minVersion: '1.2', verify: 'disabled' });
});
