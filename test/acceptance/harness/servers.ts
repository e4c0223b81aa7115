/**
 * Small loopback servers for tests that run Terraform as users do: a static HTTPS server (a
 * provider network mirror; Terraform requires https, so it gets a CA for SSL_CERT_FILE) and a
 * state server for Terraform's http backend, with locking.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ensureServerTls } from '../../../simulator/src/tls/certStore';

export interface StaticServer {
  url: string;
  /** CA certificate for SSL_CERT_FILE. */
  caPath: string;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves the files under `root` over HTTPS on 127.0.0.1 (certificates kept in `tlsDir`). */
export async function serveStatic(root: string, tlsDir: string): Promise<StaticServer> {
  const tls = ensureServerTls(tlsDir);
  const requests: string[] = [];
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname);
    requests.push(urlPath);
    const file = path.join(root, urlPath);
    if (req.method !== 'GET' || !file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.json') ? 'application/json' : 'application/zip' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}/`, caPath: tls.caPath, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface StateServer {
  /** Base URL; a state lives at <url><name>. */
  url: string;
  /** Method and path of every request, in order. */
  requests: string[];
  state(name: string): Buffer | undefined;
  close(): Promise<void>;
}

/**
 * Terraform's http backend protocol: GET (200 with the state, or 404), POST (store), DELETE, and
 * LOCK / UNLOCK on the same address (423 while someone else holds the lock).
 */
export async function serveState(): Promise<StateServer> {
  const states = new Map<string, Buffer>();
  const locks = new Map<string, string>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = new URL(req.url ?? '/', 'http://x').pathname;
      const body = Buffer.concat(chunks);
      requests.push(`${req.method} ${name}`);
      switch (req.method) {
        case 'GET': {
          const state = states.get(name);
          if (state) res.writeHead(200, { 'content-type': 'application/json' }).end(state);
          else res.writeHead(404).end();
          return;
        }
        case 'POST':
          states.set(name, body);
          res.writeHead(200).end();
          return;
        case 'DELETE':
          states.delete(name);
          res.writeHead(200).end();
          return;
        case 'LOCK': {
          const held = locks.get(name);
          if (held) {
            res.writeHead(423, { 'content-type': 'application/json' }).end(held);
            return;
          }
          locks.set(name, body.toString());
          res.writeHead(200).end();
          return;
        }
        case 'UNLOCK':
          locks.delete(name);
          res.writeHead(200).end();
          return;
        default:
          res.writeHead(405).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    state: (name) => states.get(name.startsWith('/') ? name : `/${name}`),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
