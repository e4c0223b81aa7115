/**
 * The HTTP layer: one undici keep-alive pool per client, TLS settings, one request/response
 * exchange, and the classification of low-level failures.
 *
 * undici is loaded on the first request, not at import: the provider starts several times per
 * Terraform command and most of those starts never talk to a server.
 */
import { readFileSync } from 'node:fs';
import type { Dispatcher, Pool } from 'undici';
import type { CmsConnectionFailure } from './errors';

export interface TransportOptions {
  /** `https://host:port` (or `http://` against a local simulator). */
  readonly origin: string;
  /** Connections kept open (= the client's concurrency limit). */
  readonly connections: number;
  /** PEM text of the CA certificates to trust instead of the system roots. */
  readonly caPem?: string;
  /** Skip certificate verification (testing only). */
  readonly insecure: boolean;
  /** Time allowed to open a connection (TCP + TLS). */
  readonly connectTimeoutMs: number;
  /** Largest response body read; a larger one is abandoned mid-stream. */
  readonly maxBodyBytes: number;
}

export interface HttpExchange {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The full path with query string, e.g. `/api/v1/coSpaces?offset=0&limit=50`. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** Backstop for headers and body arrival; the client's own timer normally fires first. */
  readonly timeoutMs: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | undefined>;
  readonly body: string;
}

/** Read a CA bundle option: PEM text as is, anything else as a file path. */
export function loadCaBundle(caBundle: string): string {
  if (caBundle.includes('-----BEGIN')) return caBundle;
  const pem = readFileSync(caBundle, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(`the CA bundle file ${caBundle} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`);
  }
  return pem;
}

/** The answer's body is larger than the client accepts; it was not read to its end. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(
    readonly status: number,
    readonly limitBytes: number,
    readonly announcedBytes?: number,
  ) {
    super(
      announcedBytes !== undefined
        ? `the answer announces ${announcedBytes} bytes, more than the ${limitBytes} bytes the client accepts`
        : `the answer went past the ${limitBytes} bytes the client accepts and was cut off`,
    );
  }
}

/** Thrown for requests made after {@link Transport.close}. */
export class TransportClosedError extends Error {
  override name = 'TransportClosedError';
  constructor() {
    super('the Meeting Server client is closed');
  }
}

/** The pool was closed under this request (it was never sent). */
export function isClosedError(err: unknown): boolean {
  if (err instanceof TransportClosedError) return true;
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED';
}

export class Transport {
  private pool: Pool | undefined;
  private closed = false;

  constructor(private readonly options: TransportOptions) {}

  private getPool(): Pool {
    if (this.closed) throw new TransportClosedError();
    if (!this.pool) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Pool: UndiciPool } = require('undici') as typeof import('undici');
      const { origin, connections, caPem, insecure, connectTimeoutMs } = this.options;
      this.pool = new UndiciPool(origin, {
        connections,
        pipelining: 1,
        connect: {
          timeout: connectTimeoutMs,
          rejectUnauthorized: !insecure,
          ...(caPem !== undefined ? { ca: caPem } : {}),
        },
      });
    }
    return this.pool;
  }

  /**
   * Send one request and read its body, up to the size limit: chunks are counted as they arrive
   * and the connection is dropped as soon as the limit is passed, so an oversized answer never
   * sits in memory whole. Rejects with the low-level error on failure.
   */
  async exchange(req: HttpExchange): Promise<HttpAnswer> {
    const options: Dispatcher.RequestOptions = {
      path: req.path,
      method: req.method,
      headers: req.headers,
      signal: req.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      ...(req.body !== undefined ? { body: req.body } : {}),
    };
    const res = await this.getPool().request(options);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const limit = this.options.maxBodyBytes;
    const announced = Number(headers['content-length']);
    if (Number.isFinite(announced) && announced > limit) {
      res.body.destroy();
      throw new BodyTooLargeError(res.statusCode, limit, announced);
    }
    const body = await readBody(res.body, res.statusCode, limit);
    return { status: res.statusCode, headers, body };
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await pool.close();
  }
}

/**
 * The body as text, counted as chunks arrive (read with events: an async iterator costs several
 * promises per chunk, and a provider reads a body per object it plans).
 */
function readBody(stream: Dispatcher.ResponseData['body'], status: number, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        reject(new BodyTooLargeError(status, limit));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8')));
  });
}

/** What a low-level failure means for the request and for retrying it. */
export interface TransportFailure {
  readonly failure: CmsConnectionFailure | 'timeout';
  readonly code?: string;
  /** Whether the request may have reached the server (false only when provably not). */
  readonly maybeSent: boolean;
  /** Whether another attempt could succeed (ignoring the method's own rules). */
  readonly retryable: boolean;
  /** What happened, with a hint for the user where one helps. */
  readonly description: string;
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const TLS_VERIFY_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH/;

/**
 * Classify a failure that happened before any HTTP answer arrived. `host` is used in hints.
 * Failures while connecting mean the request was never sent; anything later means it may have
 * been (we cannot tell how far the server got).
 */
export function classifyTransportError(err: unknown, host: string): TransportFailure {
  const code = errorCode(err);
  const msg = errorMessage(err);
  const base = code !== undefined ? { code } : {};
  switch (code) {
    case 'ECONNREFUSED':
      return {
        ...base,
        failure: 'refused',
        maybeSent: false,
        retryable: true,
        description:
          `the connection to ${host} was refused. Check the URL and port (the API is served by the Web Admin ` +
          'service, often on 443, 445 or 8443) and that Web Admin is enabled on the server',
      };
    case 'ENOTFOUND':
      return {
        ...base,
        failure: 'dns',
        maybeSent: false,
        retryable: false,
        description: `the host name in ${host} could not be resolved. Check the URL and the DNS settings of this machine`,
      };
    case 'EAI_AGAIN':
      return { ...base, failure: 'dns', maybeSent: false, retryable: true, description: `looking up ${host} failed temporarily (DNS)` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return { ...base, failure: 'unreachable', maybeSent: false, retryable: true, description: `${host} is unreachable (${code})` };
    case 'UND_ERR_CONNECT_TIMEOUT':
      return {
        ...base,
        failure: 'timeout',
        maybeSent: false,
        retryable: true,
        description: `could not connect to ${host} in time. Check the URL, port and any firewall between here and the server`,
      };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return {
        ...base,
        failure: 'tls',
        maybeSent: false,
        retryable: false,
        description:
          `the server's TLS certificate does not name ${host} (${msg}). Use a URL with a host name the certificate ` +
          'lists, or set the insecure option to skip verification (testing only)',
      };
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return { ...base, failure: 'timeout', maybeSent: true, retryable: true, description: 'the server stopped answering' };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'ECONNABORTED':
      return { ...base, failure: 'reset', maybeSent: true, retryable: true, description: `the connection was closed by the server or the network (${code})` };
    default:
      break;
  }
  if (code !== undefined && TLS_VERIFY_CODES.test(code)) {
    return {
      ...base,
      failure: 'tls',
      maybeSent: false,
      retryable: false,
      description:
        `the server's TLS certificate could not be verified (${code}: ${msg}). Trust the CA that signed the Web Admin ` +
        'certificate with the CA bundle option (PEM text or a file path), or set the insecure option to skip ' +
        'verification (testing only)',
    };
  }
  if (code !== undefined && (code.startsWith('ERR_SSL_') || code === 'EPROTO')) {
    return {
      ...base,
      failure: 'tls',
      maybeSent: false,
      retryable: false,
      description: `the TLS handshake with ${host} failed (${msg}). Check that the URL's scheme and port are those of the Web Admin (HTTPS) service`,
    };
  }
  return { ...base, failure: 'other', maybeSent: true, retryable: false, description: `the request failed (${code ?? msg})` };
}
