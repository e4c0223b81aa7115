/**
 * Servers that are broken or hostile, against the provider installed as users install it and
 * the real terraform: a connection check answered by something other than a Meeting Server,
 * listings that never end, oversized bodies, bodies that trickle, and `Location` headers that
 * name no new object. Each case must end in one clean diagnostic (no stack trace, no hang).
 * The requests the server received, the provider's peak memory and the time taken are logged
 * per case (measured, never asserted).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initWorkspace, installForTest } from './harness/installed';
import { samplePeakRss } from './harness/processes';
import type { Terraform } from './harness/terraform';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

const STATUS = '<?xml version="1.0"?><status><softwareVersion>3.8</softwareVersion><uptimeSeconds>42</uptimeSeconds></status>';
const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const MiB = 1024 * 1024;

/** Sends `bytes` of filler, respecting back-pressure, until done or the client goes away. */
function pour(res: ServerResponse, bytes: number, prefix = ''): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  res.on('error', () => undefined);
  if (prefix) res.write(prefix);
  const more = (): void => {
    while (sent < bytes && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    if (!res.destroyed) res.end();
  };
  more();
}

function xml(res: ServerResponse, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/xml', ...headers });
  res.end(body);
}

/** An honest status page and an empty TURN server list; `hostile` overrides what it wants. */
function serverFor(hostile: Handler | undefined): Handler {
  return (req, res, url) => {
    if (hostile) {
      hostile(req, res, url);
      if (res.headersSent || res.writableEnded) return;
    }
    if (url.pathname === '/api/v1/system/status') return xml(res, STATUS);
    if (url.pathname === '/api/v1/turnServers' && req.method === 'GET') return xml(res, '<turnServers total="0"/>');
    res.writeHead(404).end();
  };
}

const listPage = (ids: number[], total: number) => `<turnServers total="${total}">${ids.map((i) => `<turnServer id="${GUID(i)}"><serverAddress>10.9.${Math.floor(i / 250) % 250}.${i % 250}</serverAddress></turnServer>`).join('')}</turnServers>`;
const isList = (req: IncomingMessage, url: URL) => req.method === 'GET' && url.pathname === '/api/v1/turnServers';
const offsetOf = (url: URL) => Number(url.searchParams.get('offset') ?? 0);

interface HostileCase {
  name: string;
  /** plan: the look-up before the create meets the server; apply: the create does. */
  command: 'plan' | 'apply';
  hostile: Handler;
  expect: RegExp;
  env?: NodeJS.ProcessEnv;
}

const CASES: HostileCase[] = [
  {
    name: 'status answered by an HTML login page',
    command: 'plan',
    hostile: (_req, res, url) => {
      if (url.pathname === '/api/v1/system/status') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><head><title>Sign in</title></head><body><form></form></body></html>');
      }
    },
    expect: /Error: Cannot use the Meeting Server at http:\/\/127\.0\.0\.1:\d+ .*not with a Meeting Server status document: its root element is <html>/,
  },
  {
    name: 'status answered with JSON',
    command: 'plan',
    hostile: (_req, res, url) => {
      if (url.pathname === '/api/v1/system/status') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok","version":"3.8"}');
      }
    },
    expect: /Error: Cannot use the Meeting Server at .*This is not a Meeting Server API answer/,
  },
  {
    name: 'status of 16 MiB',
    command: 'plan',
    hostile: (_req, res, url) => {
      if (url.pathname === '/api/v1/system/status') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        pour(res, 16 * MiB, '<status><softwareVersion>3.8</softwareVersion><x>');
      }
    },
    expect: /Error: Cannot use the Meeting Server at .*went past the 4194304 bytes the client accepts and was cut off/,
  },
  {
    name: 'list of 16 MiB announced by Content-Length',
    command: 'plan',
    hostile: (req, res, url) => {
      if (isList(req, url)) {
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(16 * MiB) });
        pour(res, 16 * MiB);
      }
    },
    expect: /Error: Could not check whether this cms_turn_server already exists .*announces 16777216 bytes, more than the 4194304 bytes the client accepts/,
  },
  {
    name: 'list with total=1000000000 repeating its first page at every offset',
    command: 'plan',
    hostile: (req, res, url) => {
      if (isList(req, url)) xml(res, listPage(Array.from({ length: 20 }, (_, i) => (offsetOf(url) + i) % 20), 1_000_000_000));
    },
    expect: /Error: Could not check whether this cms_turn_server already exists .*the listing cannot be trusted: the page at offset 20 repeats 19 objects already listed \(the server reports 1000000000\)/,
  },
  {
    name: 'list with total=1000000000 answering the same page whatever the offset',
    command: 'plan',
    hostile: (req, res, url) => {
      if (isList(req, url)) xml(res, listPage(Array.from({ length: 20 }, (_, i) => i), 1_000_000_000));
    },
    expect: /Error: Could not check whether this cms_turn_server already exists .*the collection kept changing while it was listed \(5 attempts/,
  },
  {
    name: 'list with total=1000000000 and new objects on every page (stops past 100000 objects)',
    command: 'plan',
    // The default timeouts: the listing deadline would allow minutes, the object limit stops it first.
    hostile: (req, res, url) => {
      if (isList(req, url)) {
        // Pages line up (the last object of one page starts the next) and always bring new ones.
        const offset = offsetOf(url);
        const limit = Number(url.searchParams.get('limit') ?? 50);
        xml(res, listPage(Array.from({ length: Math.min(limit, 20) }, (_, i) => offset + i), 1_000_000_000));
      }
    },
    expect: /Error: Could not check whether this cms_turn_server already exists .*the listing cannot be trusted: the listing passed 100000 objects \(the server reports 1000000000\)/,
  },
  {
    name: 'list trickling one byte every 200 ms',
    command: 'plan',
    env: { CMS_TIMEOUT: '2', CMS_RETRIES: '0' },
    hostile: (req, res, url) => {
      if (isList(req, url)) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.on('error', () => undefined);
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 200);
        res.on('close', () => clearInterval(timer));
      }
    },
    expect: /Error: Could not check whether this cms_turn_server already exists .*no answer within 2000 ms/,
  },
  {
    name: 'create answered with Location .../turnServers/',
    command: 'apply',
    hostile: (req, res, url) => {
      if (req.method === 'POST' && url.pathname === '/api/v1/turnServers') res.writeHead(200, { Location: '/api/v1/turnServers/' }).end();
    },
    expect: /Error: Meeting Server refused to create cms_turn_server .*the Location header "\/api\/v1\/turnServers\/" is not a new object of this collection: what follows the collection is not a Meeting Server object id/,
  },
  {
    name: 'create answered with Location javascript:alert(1)',
    command: 'apply',
    hostile: (req, res, url) => {
      if (req.method === 'POST' && url.pathname === '/api/v1/turnServers') res.writeHead(200, { Location: 'javascript:alert(1)' }).end();
    },
    expect: /Error: Meeting Server refused to create cms_turn_server .*the Location header "javascript:alert\(1\)" is not a new object of this collection: it points at another server/,
  },
];

const CONFIG = 'provider "cms" {}\n\nresource "cms_turn_server" "edge" {\n  server_address = "10.0.0.10"\n}\n';

let tf: Terraform;
let server: Server;
let url: string;
let current: Handler = serverFor(undefined);
let requests = 0;
const figures: Array<{ case: string; requests: number; peakRssMiB: number; seconds: number }> = [];

beforeAll(async () => {
  const installed = await installForTest('cms-hostile-');
  server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => current(req, res, new URL(req.url ?? '/', 'http://x')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Every case runs the same configuration; a failed plan or create leaves no state behind.
  tf = await initWorkspace(installed, {}, CONFIG);
}, 180_000);

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  if (figures.length) console.log(`hostile servers (requests received, provider peak RSS, time):\n${figures.map((f) => `  ${f.case}: ${f.requests} requests, ${f.peakRssMiB} MiB, ${f.seconds} s`).join('\n')}`);
});

it.each(CASES.map((c) => [c.name, c] as const))('%s: one clean diagnostic', async (_name, c) => {
  const env = { CMS_URL: url, CMS_USERNAME: 'admin', CMS_PASSWORD: 'admin', ...c.env };
  current = serverFor(c.hostile);
  requests = 0;
  const started = Date.now();
  const run = tf.start(c.command === 'plan' ? ['plan', '-input=false', '-no-color'] : ['apply', '-auto-approve', '-input=false', '-no-color'], env);
  const rss = samplePeakRss(run.child.pid!);
  const result = await run.done;
  figures.push({ case: c.name, requests, peakRssMiB: rss.stop(), seconds: Math.round((Date.now() - started) / 100) / 10 });
  current = serverFor(undefined);
  const text = (result.stdout + result.stderr).replace(/\s+/g, ' ');
  expect(result.code).toBe(1);
  expect(text).toMatch(c.expect);
  expect(figures[figures.length - 1]!.peakRssMiB).toBeLessThan(300);
  expect(text.match(/Error:/g)).toHaveLength(1);
  expect(text).not.toMatch(/ at \S+\.js:\d+|panic:|Plugin did not respond|rpc error/);
}, 180_000);
