/**
 * What happens to one HTTP request on a node: authentication, control endpoints, faults,
 * the API handler, the request log, and writing (or dropping) the response.
 */
import * as http from 'node:http';
import { SimNode } from '../cluster/node';
import { unknownPath } from '../api/failures';
import { ApiEnvironment, ApiResponse, failureResponse, handleApiRequest } from '../api/handler';
import { FaultDecision, FaultInjector } from '../ops/faults';
import { RequestLog } from '../ops/requestLog';
import { authenticate } from './auth';

export const CONTROL_PREFIX = '/_simulator';
const API_PREFIX = '/api/v1/';
const MAX_BODY_BYTES = 1 << 20;

export interface ControlResponse {
  status: number;
  body: unknown;
}

export interface PipelineHost {
  apiEnvironment(node: SimNode): ApiEnvironment;
  faults: FaultInjector;
  log: RequestLog;
  /** Runs the control endpoint `subpath` (after `/_simulator`). */
  control(node: SimNode, method: string, subpath: string, query: URLSearchParams, body: string): Promise<ControlResponse>;
  /** Called after each API request (persistence checks for changes). */
  afterRequest(): void;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Drops the connection with a TCP reset (RST), so clients see ECONNRESET as with a real
 * network failure. A TLS socket is reset through the TCP socket beneath it.
 */
function resetConnection(req: http.IncomingMessage): void {
  type Resettable = { resetAndDestroy?: () => void; destroy: () => void };
  const socket = req.socket as unknown as Resettable & { _parent?: Resettable };
  const tcp = socket._parent ?? socket;
  try {
    if (typeof tcp.resetAndDestroy === 'function') tcp.resetAndDestroy();
  } catch {
    // Not a TCP handle: fall back to a plain close.
  }
  socket.destroy();
}

async function send(res: http.ServerResponse, response: ApiResponse, slow: FaultDecision['slowBody']): Promise<void> {
  const body = Buffer.from(response.body, 'utf8');
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
  if (!slow || body.length === 0) {
    res.end(body);
    return;
  }
  res.flushHeaders();
  for (let offset = 0; offset < body.length; offset += slow.chunkBytes) {
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + slow.chunkBytes));
    await sleep(slow.chunkDelayMs);
  }
  res.end();
}

export function requestListener(host: PipelineHost, node: SimNode) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handle(host, node, req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator error: ${err instanceof Error ? err.message : String(err)}\n`);
      } else {
        res.destroy();
      }
    });
  };
}

async function handle(host: PipelineHost, node: SimNode, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = performance.now();
  const arrived = new Date().toISOString();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname;
  const body = await readBody(req);

  const auth = authenticate(req.headers.authorization, node.users);

  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
    if (!auth.ok) {
      res.writeHead(auth.status, auth.headers).end();
      return;
    }
    const out = await host.control(node, method, path.slice(CONTROL_PREFIX.length) || '/', url.searchParams, body);
    const json = JSON.stringify(out.body, null, 2) + '\n';
    res.writeHead(out.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) }).end(json);
    return;
  }

  const log = (status: number | 'reset', collection?: string, faults?: FaultDecision) =>
    host.log.record({
      time: arrived,
      node: node.name,
      method,
      path,
      query: url.search.replace(/^\?/, ''),
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      collection,
      ...(faults && faults.fired.length > 0 ? { faults: faults.fired } : {}),
    });

  // Web Admin serves the API: with it disabled on the node's MMP there is no API to talk to.
  if (!node.mmp.webAdminEnabled) {
    resetConnection(req);
    log('reset');
    return;
  }

  if (!auth.ok) {
    res.writeHead(auth.status, { ...auth.headers, 'content-length': '0' }).end();
    log(auth.status);
    return;
  }

  const decision = host.faults.decide(method, path, node.name);
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  switch (decision.disruption) {
    case 'busy':
      res.writeHead(503, { 'content-length': '0', 'retry-after': '1' }).end();
      log(503, undefined, decision);
      return;
    case 'temporaryRedirect':
      res.writeHead(307, { location: `${path}${url.search}`, 'content-length': '0' }).end();
      log(307, undefined, decision);
      return;
    case 'resetBeforeApply':
      resetConnection(req);
      log('reset', undefined, decision);
      return;
  }

  let response: ApiResponse;
  if (path.startsWith(API_PREFIX)) {
    const segments = path.slice(API_PREFIX.length).split('/');
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
    let decoded: string[] | undefined;
    try {
      decoded = segments.map((s) => decodeURIComponent(s));
    } catch {
      decoded = undefined;
    }
    response = decoded
      ? handleApiRequest(host.apiEnvironment(node), { method, segments: decoded, query: url.searchParams, body })
      : failureResponse(unknownPath());
  } else {
    response = failureResponse(unknownPath());
  }
  host.afterRequest();

  if (decision.disruption === 'resetAfterApply') {
    resetConnection(req);
    log('reset', response.collection, decision);
    return;
  }
  await send(res, response, decision.slowBody);
  log(response.status, response.collection, decision);
}

