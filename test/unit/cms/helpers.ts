/**
 * Small local servers for the client's unit tests: each test scripts the answers it needs,
 * including dropped connections (`socket.destroy()`), and reads back what the client sent.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CmsLogEntry } from '../../../provider/src/cms';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: SeenRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  /** Replace the handler between phases of a test. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeServer(handler: Handler, tls?: { key: string; cert: string }): Promise<FakeServer> {
  let current = handler;
  const requests: SeenRequest[] = [];
  const listener = (raw: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const req: SeenRequest = { method: raw.method ?? '', url: raw.url ?? '', headers: raw.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(req);
      Promise.resolve(current(req, res, raw)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    handle(h) {
      current = h;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answer with an XML body. */
export function xml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/xml', ...headers });
  res.end(body);
}

/** Answer `<failureDetails><reason …/></failureDetails>`. */
export function failure(res: ServerResponse, status: number, reason: string, attrs: Record<string, string> = {}): void {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  xml(res, status, `<?xml version="1.0"?><failureDetails><${reason}${a} /></failureDetails>`);
}

/** Drop the connection without answering. */
export function drop(res: ServerResponse): void {
  res.socket?.destroy();
}

export function logCollector(): { entries: CmsLogEntry[]; onLog: (e: CmsLogEntry) => void } {
  const entries: CmsLogEntry[] = [];
  return { entries, onLog: (e) => entries.push(e) };
}

/** Deterministic jitter for tests: always the full ceiling times `f`. */
export const fixedRandom = (f = 0) => (): number => f;
