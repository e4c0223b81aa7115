/** Transport, authentication and response format (cms-api.md §1.1-§1.4, §5 "Transport / auth"). */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { startSimulator, Simulator } from '../../simulator/src';
import { failureReason, TestClient } from './helpers';

function haveCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('HTTPS with Basic auth', () => {
  let sim: Simulator;
  let api: TestClient;
  beforeAll(async () => {
    sim = await startSimulator({
      users: [
        { name: 'admin', password: 'admin', role: 'admin' },
        { name: 'apiuser', password: 's3cret', role: 'api' },
        { name: 'appadmin', password: 'pw', role: 'appadmin' },
        { name: 'auditor', password: 'pw', role: 'audit' },
        { name: 'cryptoofficer', password: 'pw', role: 'crypto' },
      ],
    });
    api = new TestClient(sim.url, sim.caPem);
  });
  afterAll(async () => {
    await api.close();
    await sim.stop();
  });

  it('serves /api/v1 over HTTPS on 127.0.0.1 with a CA written to caPath', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.apiUrl).toBe(`${sim.url}/api/v1`);
    expect(fs.readFileSync(sim.caPath, 'utf8')).toBe(sim.caPem);
    const reply = await api.get('coSpaces');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('<?xml version="1.0"?><coSpaces total="0"/>');
  });

  it('is verified against the CA: a client without it refuses the connection', async () => {
    const untrusting = new TestClient(sim.url);
    try {
      await expect(untrusting.get('coSpaces')).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    } finally {
      await untrusting.close();
    }
  });

  (haveCurl() ? it : it.skip)('answers curl -u admin:admin --cacert <ca.pem> (the documented check)', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile('curl', ['-sS', '-u', 'admin:admin', '--cacert', sim.caPath, `${sim.apiUrl}/coSpaces`], (err, stdout, stderr) =>
        err ? reject(new Error(stderr || err.message)) : resolve(stdout),
      ),
    );
    expect(out).toBe('<?xml version="1.0"?><coSpaces total="0"/>');
  });

  it('refuses missing and bad credentials with 401 and a Basic challenge', async () => {
    const anonymous = new TestClient(sim.url, sim.caPem, null);
    const wrong = new TestClient(sim.url, sim.caPem, { user: 'admin', password: 'nope' });
    const unknown = new TestClient(sim.url, sim.caPem, { user: 'ghost', password: 'admin' });
    try {
      for (const client of [anonymous, wrong, unknown]) {
        const reply = await client.get('coSpaces');
        expect(reply.status).toBe(401);
        expect(String(reply.headers['www-authenticate'])).toMatch(/^Basic realm=/);
      }
      expect((await wrong.post('coSpaces', { name: 'x' })).status).toBe(401);
      expect(sim.snapshot()).toEqual({});
    } finally {
      await Promise.all([anonymous.close(), wrong.close(), unknown.close()]);
    }
  });

  it('lets admin, appadmin and api roles in and refuses audit and crypto users with 403', async () => {
    for (const [user, password, status] of [
      ['apiuser', 's3cret', 200],
      ['appadmin', 'pw', 200],
      ['auditor', 'pw', 403],
      ['cryptoofficer', 'pw', 403],
    ] as const) {
      const client = new TestClient(sim.url, sim.caPem, { user, password });
      try {
        expect((await client.get('system/status')).status).toBe(status);
      } finally {
        await client.close();
      }
    }
  });

  it('answers compact text/xml with the XML prolog', async () => {
    await api.create('coSpaces', { name: 'Compact', uri: 'compact' });
    const reply = await api.get('coSpaces');
    expect(reply.headers['content-type']).toBe('text/xml');
    expect(reply.text.startsWith('<?xml version="1.0"?><coSpaces total="1"><coSpace id="')).toBe(true);
    expect(reply.text).not.toMatch(/\n|>\s+</);
  });

  it('answers unknown paths with 404 unrecognisedObject', async () => {
    for (const path of ['nothingHere', 'coSpaces/x/nothing', 'recorders', '/api/v2/coSpaces']) {
      const reply = await api.get(path);
      expect(reply.status).toBe(404);
      expect(failureReason(reply)).toBe('unrecognisedObject');
    }
  });

  it('parses form bodies whatever the Content-Type says', async () => {
    for (const contentType of ['x-www-form-urlencoded', 'text/plain', undefined]) {
      const reply = await api.send('POST', 'callBridgeGroups', {
        body: `name=group-${contentType ?? 'none'}`,
        headers: contentType ? { 'content-type': contentType } : {},
      });
      expect(reply.status).toBe(200);
      const detail = await api.get(String(reply.headers.location));
      expect(detail.xml.callBridgeGroup.name).toBe(`group-${contentType ?? 'none'}`);
    }
  });

  it('takes the last value of a parameter repeated in one body', async () => {
    const id = await api.create('callBridgeGroups', [
      ['name', 'first'],
      ['name', 'last'],
    ]);
    expect((await api.get(`callBridgeGroups/${id}`)).xml.callBridgeGroup.name).toBe('last');
  });

  it('is strict about parameter and path casing by default', async () => {
    const badName = await api.post('coSpaces', { URI: 'upper' });
    expect(badName.status).toBe(400);
    expect(badName.xml.failureDetails.parameterError['@parameter']).toBe('URI');
    expect((await api.get('cospaces')).status).toBe(404);
  });
});

describe('options', () => {
  it('serves plain HTTP when tls is false', async () => {
    const sim = await startSimulator({ tls: false });
    const api = new TestClient(sim.url);
    try {
      expect(sim.url).toMatch(/^http:\/\//);
      expect(sim.caPath).toBe('');
      expect((await api.get('coSpaces')).status).toBe(200);
    } finally {
      await api.close();
      await sim.stop();
    }
  });

  it('accepts any casing of names and paths with lenientCasing, answering in the documented casing', async () => {
    const sim = await startSimulator({ tls: false, lenientCasing: true });
    const api = new TestClient(sim.url);
    try {
      const id = await api.create('cospaces', { NAME: 'Loose', Uri: 'loose' });
      const reply = await api.get(`COSPACES/${id}`);
      expect(reply.xml.coSpace.name).toBe('Loose');
      expect(reply.xml.coSpace.uri).toBe('loose');
    } finally {
      await api.close();
      await sim.stop();
    }
  });

  it('reuses the CA in stateDir across restarts, and stop() lets the port go', async () => {
    const stateDir = fs.mkdtempSync(`${require('node:os').tmpdir()}/cms-sim-state-`);
    try {
      const first = await startSimulator({ stateDir });
      const port = first.nodes[0]!.port;
      await first.stop();
      const second = await startSimulator({ stateDir, port });
      try {
        expect(second.caPem).toBe(first.caPem);
        expect(second.nodes[0]!.port).toBe(port);
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('writes elements a newer server knows and the tables do not, with the unknownElements option', async () => {
    const sim = await startSimulator({ tls: false, unknownElements: { callProfile: { futureSetting: 'on' }, profiles: { futureProfile: 'x' } } });
    const api = new TestClient(sim.url);
    try {
      const id = await api.create('callProfiles', { participantLimit: 10 });
      expect((await api.get(`callProfiles/${id}`)).text).toContain('<participantLimit>10</participantLimit><futureSetting>on</futureSetting>');
      expect((await api.get('system/profiles')).text).toContain('<futureProfile>x</futureProfile>');
      // The element is written, not taken: a client may not send it back.
      expect((await api.put(`callProfiles/${id}`, { futureSetting: 'off' })).status).toBe(400);
    } finally {
      await api.close();
      await sim.stop();
    }
    await expect(startSimulator({ tls: false, unknownElements: { spaces: { x: '1' } } })).rejects.toThrow('unknownElements: no object table named spaces');
    await expect(startSimulator({ tls: false, unknownElements: { callProfile: { locked: '1' } } })).rejects.toThrow('callProfile already writes <locked>');
  });

  it('reports softwareVersion from the softwareVersion option', async () => {
    const sim = await startSimulator({ tls: false, softwareVersion: '3.8.2' });
    const api = new TestClient(sim.url);
    try {
      expect((await api.get('system/status')).xml.status.softwareVersion).toBe('3.8.2');
    } finally {
      await api.close();
      await sim.stop();
    }
  });
});
