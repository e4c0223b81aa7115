/**
 * The Meeting Server REST client: every call the provider makes to `/api/v1` goes through here.
 *
 * One client talks to one server (one base URL) over a keep-alive pool, with at most
 * `concurrency` requests in flight. Reads and idempotent writes are retried on busy answers and
 * connection failures; a POST is retried only when it provably did not reach the server (see
 * {@link CmsClient.create}).
 */
import { PROVIDER_VERSION } from '../version';
import { onAbort } from './abort';
import {
  CmsAbortedError,
  CmsApiError,
  CmsConnectionError,
  CmsError,
  CmsNotFoundError,
  CmsResponseError,
  CmsTimeoutError,
  CmsTlsError,
  UnknownOutcomeError,
  apiErrorFor,
  type CmsRequestInfo,
} from './errors';
import { FORM_CONTENT_TYPE, encodeForm, encodeQuery, type CmsParams } from './form';
import { emitLog, redactForm, sensitiveSet, type CmsLogFields, type CmsLogHook } from './log';
import { DEFAULT_MAX_PASSES, DEFAULT_PAGE_SIZE, PagingError, walkPages } from './paging';
import { DEFAULT_RETRY_POLICY, backoffDelay, retryAfterMs, sleep, type RetryPolicy } from './retry';
import { Semaphore } from './semaphore';
import { BodyTooLargeError, Transport, classifyTransportError, isClosedError, loadCaBundle, type HttpAnswer, type TransportFailure } from './transport';
import { CmsXmlError, parseFailureDetails, parseListPage, parseObject, parseXml, type CmsListPage, type CmsObject, type CmsXmlNode } from './xml';

export interface CmsClientOptions {
  /** The Web Admin address, e.g. `https://cms1.example.com:445`. `/api/v1` is added unless present. */
  readonly url: string;
  /** An MMP user with the api, appadmin or admin role on this node. */
  readonly username: string;
  readonly password: string;
  /** CA certificates to trust instead of the system roots: PEM text, or the path of a PEM file. */
  readonly caBundle?: string;
  /** Skip TLS certificate verification (testing only). Default false. */
  readonly insecure?: boolean;
  /** Time allowed for one attempt, from sending to the end of the body. Default 30 s. */
  readonly timeoutMs?: number;
  /** Time allowed for a whole call including retries and queueing. Default 120 s. */
  readonly totalTimeoutMs?: number;
  /** Time allowed for listing a whole collection, page after page. Default 10 minutes. */
  readonly listTimeoutMs?: number;
  /** Largest response body accepted, in bytes; a larger answer is cut off with an error. Default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** Retries after the first attempt; or a full policy. Default 5 retries, 500 ms base, 10 s cap. */
  readonly retries?: number | Partial<RetryPolicy>;
  /** Requests in flight at once (and connections kept). Default 10, Terraform's default parallelism. */
  readonly concurrency?: number;
  /** Receives one entry per attempt, retry and failure; never credentials or secret values. */
  readonly onLog?: CmsLogHook;
  /** Parameter names (besides password/passcode/secret/…) whose values are never logged. */
  readonly sensitiveParameters?: readonly string[];
  readonly userAgent?: string;
  /** Random source for backoff jitter (tests make it deterministic). */
  readonly random?: () => number;
}

/** Options of a single call. */
export interface CmsCallOptions {
  /** Cancels the call (Terraform's StopProvider). */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly totalTimeoutMs?: number;
  /** Overrides the client's retry count for this call. */
  readonly retries?: number;
  /** More parameter names whose values must not be logged. */
  readonly sensitive?: readonly string[];
}

export interface CmsListOptions extends CmsCallOptions {
  /** The collection's `filter` (substring match on the server). */
  readonly filter?: string;
  /** Other query parameters (`tenantFilter`, `usageFilter`, …); not `offset` or `limit`. */
  readonly query?: CmsParams;
  /** The `limit` asked for each page; the server may return fewer. Default 50. */
  readonly pageSize?: number;
  /** Restarts allowed when the collection changes during the walk. Default 5 passes. */
  readonly maxPasses?: number;
  /** Time allowed for the whole walk, every page and retry included. Default: the client's `listTimeoutMs`. */
  readonly listTimeoutMs?: number;
}

export interface CmsListPageOptions extends CmsCallOptions {
  readonly offset?: number;
  readonly limit?: number;
  readonly filter?: string;
  readonly query?: CmsParams;
}

export interface CmsDeleteOptions extends CmsCallOptions {
  /**
   * How to treat a not-found answer:
   * - `error` (default): throw {@link CmsNotFoundError}.
   * - `successAfterRetry`: success if an earlier attempt of this call may have reached the server
   *   (its answer was lost, so the object was most likely deleted by that attempt).
   * - `success`: always success ("make sure it is gone").
   */
  readonly notFound?: 'error' | 'successAfterRetry' | 'success';
}

export interface CmsActionOptions extends CmsCallOptions {
  /** The action has no lasting effect (a query such as `/uriUsageQuery`), so it may be replayed. */
  readonly idempotent?: boolean;
}

export interface CmsCreated {
  /** The new object's id: the last segment of `Location`. */
  readonly id: string;
  /** The `Location` header as sent, e.g. `/api/v1/coSpaces/<id>`. */
  readonly location: string;
  /** `Location` relative to the API base, usable with {@link CmsClient.get}: `/coSpaces/<id>`. */
  readonly path: string;
}

export interface CmsDeleteResult {
  /** True when the server said the object did not exist and `notFound` made that a success. */
  readonly notFound: boolean;
}

export interface CmsActionResult {
  readonly status: number;
  /** `Location`, when the action created something (an LDAP sync job, diagnostics, …). */
  readonly location?: string;
  readonly id?: string;
  /** The parsed XML body, when there is one. */
  readonly body?: CmsXmlNode;
}

export interface CmsRawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface CallSpec {
  readonly method: Method;
  /** Path relative to the API base, already normalised. */
  readonly path: string;
  readonly query?: CmsParams;
  readonly body?: CmsParams;
  readonly options: CmsCallOptions;
  /** May a failure after the request possibly reached the server be retried? */
  readonly replayable: boolean;
  readonly notFound?: CmsDeleteOptions['notFound'];
}

interface CallResult extends HttpAnswer {
  /** A not-found answer was accepted as success. */
  readonly notFoundAccepted: boolean;
}

const DEFAULTS = { timeoutMs: 30_000, totalTimeoutMs: 120_000, listTimeoutMs: 600_000, concurrency: 10, maxBodyBytes: 4 * 1024 * 1024 };

/** Markers for why an attempt's signal fired. */
const ABORT_USER = Symbol('cancelled by the caller');
const ABORT_TOTAL = Symbol('total timeout');
const ABORT_ATTEMPT = Symbol('request timeout');

/** The shape of every Meeting Server object id. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Text a server sent, made safe to show in a message: quoted, control characters escaped, and
 * cut to a readable length.
 */
export function quoteServerText(text: string, max = 120): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The client's own configuration problems (bad URL, unreadable CA bundle, …). */
export class CmsConfigError extends Error {
  override name = 'CmsConfigError';
}

/** Normalise a caller's path to `/collection/...` below `/api/v1`. */
export function normaliseApiPath(path: string): string {
  let p = path.trim();
  if (!p.startsWith('/')) p = `/${p}`;
  if (p === '/api/v1' || p.startsWith('/api/v1/')) p = p.slice('/api/v1'.length) || '/';
  if (/[?#\s]/.test(p)) throw new TypeError(`invalid API path "${path}": pass query parameters separately`);
  if (p.split('/').some((s) => s === '.' || s === '..')) throw new TypeError(`invalid API path "${path}"`);
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new CmsConfigError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

export class CmsClient {
  /** The server's origin, e.g. `https://cms1:445`. */
  readonly server: string;
  /** The API base path on that server, normally `/api/v1`. */
  readonly basePath: string;
  readonly username: string;
  // A private field: it never shows in inspection, JSON or error output.
  readonly #authorization: string;
  private readonly transport: Transport;
  private readonly semaphore: Semaphore;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly listTimeoutMs: number;
  private readonly onLog: CmsLogHook | undefined;
  private readonly sensitive: readonly string[];
  private readonly userAgent: string;
  private readonly random: () => number;

  constructor(options: CmsClientOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new CmsConfigError(`the Meeting Server URL "${options.url}" is not a valid URL (expected e.g. https://cms.example.com:445)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new CmsConfigError(`the Meeting Server URL must start with https:// (got ${url.protocol})`);
    }
    if (url.username || url.password) throw new CmsConfigError('put the credentials in the username and password options, not in the URL');
    if (!options.username) throw new CmsConfigError('a username is required (an MMP user with the api, appadmin or admin role)');
    if (options.username.includes(':')) throw new CmsConfigError('the username must not contain ":" (HTTP Basic authentication cannot carry it)');
    if (options.password === undefined || options.password === null) throw new CmsConfigError('a password is required');

    this.server = url.origin;
    let base = url.pathname.replace(/\/+$/, '');
    if (!base.endsWith('/api/v1')) base = `${base}/api/v1`;
    this.basePath = base;
    this.username = options.username;
    this.#authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;

    this.timeoutMs = positiveInt('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs);
    this.totalTimeoutMs = positiveInt('totalTimeoutMs', options.totalTimeoutMs, DEFAULTS.totalTimeoutMs);
    this.listTimeoutMs = positiveInt('listTimeoutMs', options.listTimeoutMs, DEFAULTS.listTimeoutMs);
    const maxBodyBytes = positiveInt('maxBodyBytes', options.maxBodyBytes, DEFAULTS.maxBodyBytes);
    const concurrency = positiveInt('concurrency', options.concurrency, DEFAULTS.concurrency);
    const r = typeof options.retries === 'number' ? { retries: options.retries } : (options.retries ?? {});
    this.retry = {
      retries: positiveInt('retries', r.retries, DEFAULT_RETRY_POLICY.retries, 0),
      baseDelayMs: positiveInt('retries.baseDelayMs', r.baseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs, 0),
      maxDelayMs: positiveInt('retries.maxDelayMs', r.maxDelayMs, DEFAULT_RETRY_POLICY.maxDelayMs, 0),
    };
    this.onLog = options.onLog;
    this.sensitive = options.sensitiveParameters ?? [];
    this.userAgent = options.userAgent ?? `terraform-provider-cms/${PROVIDER_VERSION}`;
    this.random = options.random ?? Math.random;
    this.semaphore = new Semaphore(concurrency);

    let caPem: string | undefined;
    if (options.caBundle !== undefined && options.caBundle !== '') {
      try {
        caPem = loadCaBundle(options.caBundle);
      } catch (err) {
        throw new CmsConfigError(`the CA bundle could not be read: ${(err as Error).message}`);
      }
    }
    this.transport = new Transport({
      origin: this.server,
      connections: concurrency,
      insecure: options.insecure === true,
      connectTimeoutMs: Math.min(this.timeoutMs, 10_000),
      maxBodyBytes,
      ...(caPem !== undefined ? { caPem } : {}),
    });
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  /** GET an object (or a singleton such as `/system/status`). */
  async get(path: string, query?: CmsParams, options: CmsCallOptions = {}): Promise<CmsObject> {
    const spec: CallSpec = { method: 'GET', path: normaliseApiPath(path), options, replayable: true, ...(query ? { query } : {}) };
    const answer = await this.call(spec);
    return this.parse(spec, answer, parseObject);
  }

  /** GET and return the raw answer (2xx only; errors are thrown as for every call). */
  async getRaw(path: string, query?: CmsParams, options: CmsCallOptions = {}): Promise<CmsRawResponse> {
    const spec: CallSpec = { method: 'GET', path: normaliseApiPath(path), options, replayable: true, ...(query ? { query } : {}) };
    const { status, headers, body } = await this.call(spec);
    return { status, headers, body };
  }

  /** GET one page of a collection. */
  async listPage(path: string, options: CmsListPageOptions = {}): Promise<CmsListPage> {
    const query = this.listQuery(options.query, options.filter);
    if (options.offset !== undefined) query['offset'] = options.offset;
    if (options.limit !== undefined) query['limit'] = options.limit;
    const spec: CallSpec = { method: 'GET', path: normaliseApiPath(path), query, options, replayable: true };
    const answer = await this.call(spec);
    return this.parse(spec, answer, parseListPage);
  }

  /**
   * Every object of a collection, page by page, each exactly once (see `paging.ts` for how moves
   * between pages are handled). Items are list summaries; GET a member for its full state.
   */
  async *list(path: string, options: CmsListOptions = {}): AsyncGenerator<CmsObject, void, undefined> {
    const apiPath = normaliseApiPath(path);
    if (options.query && ('offset' in options.query || 'limit' in options.query)) {
      throw new TypeError('list() sets offset and limit itself; use pageSize, or listPage() for a single page');
    }
    const query = this.listQuery(options.query, options.filter);
    const { filter: _f, query: _q, pageSize: _p, maxPasses: _m, listTimeoutMs: _l, ...callOptions } = options;
    const fetchPage = (offset: number, limit: number): Promise<CmsListPage> =>
      this.listPage(apiPath, { ...callOptions, query, offset, limit });
    const walk = walkPages(fetchPage, {
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      maxPasses: options.maxPasses ?? DEFAULT_MAX_PASSES,
      deadline: Date.now() + (options.listTimeoutMs ?? this.listTimeoutMs),
      onRestart: (reason, pass) =>
        emitLog(this.onLog, 'debug', `listing ${this.basePath}${apiPath} again: ${reason}`, { method: 'GET', path: apiPath, attempt: pass + 1 }),
      onUnstable: (reason) =>
        emitLog(this.onLog, 'warn', `listing ${this.basePath}${apiPath} kept changing; giving up: ${reason}`, {
          method: 'GET',
          path: apiPath,
        }),
    });
    try {
      yield* walk;
    } catch (err) {
      if (err instanceof PagingError) {
        const info = this.info({ method: 'GET', path: apiPath, options: callOptions, replayable: true });
        throw new CmsResponseError(info, 200, `the listing cannot be trusted: ${err.message}`, err);
      }
      throw err;
    }
  }

  /** {@link list} collected into an array. */
  async listAll(path: string, options: CmsListOptions = {}): Promise<CmsObject[]> {
    const items: CmsObject[] = [];
    for await (const item of this.list(path, options)) items.push(item);
    return items;
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  /**
   * POST to a collection; the new id comes from `Location`. A POST is retried only when it
   * provably did not reach the server (connection refused, 503 or 307 answer, database not
   * ready). If the connection fails after sending, it throws {@link UnknownOutcomeError} and
   * does not repeat the request: look the object up before creating it again.
   */
  async create(path: string, params: CmsParams = {}, options: CmsCallOptions = {}): Promise<CmsCreated> {
    const spec: CallSpec = { method: 'POST', path: normaliseApiPath(path), body: params, options, replayable: false };
    const answer = await this.call(spec);
    const location = answer.headers['location'];
    if (!location) throw new CmsResponseError(this.info(spec), answer.status, 'the server did not return the new object\'s Location header');
    const created = this.createdObject(location, spec.path);
    if (typeof created === 'string') {
      throw new CmsResponseError(
        this.info(spec),
        answer.status,
        `the Location header ${quoteServerText(location)} is not a new object of this collection: ${created}. ` +
          'The object may or may not have been created; the provider looks it up before creating it again',
      );
    }
    return { location, ...created };
  }

  /** PUT the given parameters (only those; an empty value unsets one). Retried like a read. */
  async update(path: string, params: CmsParams, options: CmsCallOptions = {}): Promise<void> {
    await this.call({ method: 'PUT', path: normaliseApiPath(path), body: params, options, replayable: true });
  }

  /** DELETE an object. Retried like a read; see {@link CmsDeleteOptions.notFound}. */
  async delete(path: string, options: CmsDeleteOptions = {}): Promise<CmsDeleteResult> {
    const answer = await this.call({
      method: 'DELETE',
      path: normaliseApiPath(path),
      options,
      replayable: true,
      notFound: options.notFound ?? 'error',
    });
    return { notFound: answer.notFoundAccepted };
  }

  /** POST an action (LDAP sync, URI usage query, …) and return its Location and/or XML body. */
  async action(path: string, params: CmsParams = {}, options: CmsActionOptions = {}): Promise<CmsActionResult> {
    const spec: CallSpec = { method: 'POST', path: normaliseApiPath(path), body: params, options, replayable: options.idempotent === true };
    const answer = await this.call(spec);
    const location = answer.headers['location'];
    const created = location ? this.locationToPath(location) : undefined;
    const body = answer.body.trim() === '' ? undefined : this.parse(spec, answer, parseXml);
    return {
      status: answer.status,
      ...(location ? { location } : {}),
      ...(created ? { id: created.id } : {}),
      ...(body ? { body } : {}),
    };
  }

  /** Close the connections. Calls made afterwards fail. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  private listQuery(query: CmsParams | undefined, filter: string | undefined): Record<string, CmsParams[string]> {
    const q: Record<string, CmsParams[string]> = { ...(query ?? {}) };
    if (filter !== undefined) q['filter'] = filter;
    return q;
  }

  private info(spec: CallSpec, attempts?: number): CmsRequestInfo {
    return { method: spec.method, path: `${this.basePath}${spec.path}`, server: this.server, ...(attempts ? { attempts } : {}) };
  }

  private parse<T>(spec: CallSpec, answer: HttpAnswer, parser: (body: string) => T): T {
    try {
      return parser(answer.body);
    } catch (err) {
      const why = err instanceof CmsXmlError ? err.message : String(err);
      throw new CmsResponseError(this.info(spec), answer.status, why, err);
    }
  }

  /** `Location` → id and path below the API base, or undefined when it has no last segment. */
  private locationToPath(location: string): { id: string; path: string } | undefined {
    let pathname: string;
    try {
      pathname = new URL(location, this.server).pathname;
    } catch {
      return undefined;
    }
    const segments = pathname.split('/').filter((s) => s !== '');
    const id = segments[segments.length - 1];
    if (!id) return undefined;
    const path = pathname.startsWith(`${this.basePath}/`) ? pathname.slice(this.basePath.length) : pathname;
    let decoded = id;
    try {
      decoded = decodeURIComponent(id);
    } catch {
      // Not percent-encoded after all: keep it as sent.
    }
    return { id: decoded, path };
  }

  /**
   * A create's `Location`: it must name this server (a path, or a URL of the same origin), the
   * collection the POST went to, and one id of the shape the Meeting Server gives ids (a GUID).
   * Returns why not otherwise, so nothing else is ever taken for the new object's id.
   */
  private createdObject(location: string, collection: string): { id: string; path: string } | string {
    let url: URL;
    try {
      url = new URL(location, this.server);
    } catch {
      return 'it is not a URL path';
    }
    if (url.origin !== this.server) return `it points at another server (${quoteServerText(url.origin)})`;
    if (url.search !== '' || url.hash !== '') return 'it carries a query or fragment';
    const prefix = `${this.basePath}${collection}/`;
    if (!url.pathname.toLowerCase().startsWith(prefix.toLowerCase())) return `it does not start with ${prefix}`;
    const id = url.pathname.slice(prefix.length);
    if (!GUID.test(id)) return 'what follows the collection is not a Meeting Server object id (a GUID)';
    return { id, path: `${collection}/${id}` };
  }

  /**
   * Run one call: queue for a permit, send, and retry as the method allows until success, a
   * final error, the retry budget or the total deadline.
   */
  private async call(spec: CallSpec): Promise<CallResult> {
    const opts = spec.options;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const totalTimeoutMs = opts.totalTimeoutMs ?? this.totalTimeoutMs;
    const retries = opts.retries ?? this.retry.retries;
    const deadline = Date.now() + totalTimeoutMs;
    const logPath = `${spec.path}${encodeQuery(spec.query)}`;
    const fullPath = `${this.basePath}${logPath}`;
    const label = `${spec.method} ${fullPath}`;
    const body = spec.body !== undefined ? encodeForm(spec.body) : undefined;
    const headers: Record<string, string> = {
      authorization: this.#authorization,
      accept: 'text/xml, application/xml',
      'user-agent': this.userAgent,
    };
    if (body !== undefined) {
      headers['content-type'] = FORM_CONTENT_TYPE;
      emitLog(this.onLog, 'trace', `${label} parameters`, {
        method: spec.method,
        path: logPath,
        body: redactForm(spec.body, sensitiveSet(this.sensitive, opts.sensitive)),
      });
    }

    if (opts.signal?.aborted) throw new CmsAbortedError(this.info(spec), opts.signal.reason);
    // One controller for the whole call, fired by the caller's signal or the total deadline.
    const callCtl = new AbortController();
    const unsubscribe = opts.signal ? onAbort(opts.signal, () => callCtl.abort(ABORT_USER)) : undefined;
    const totalTimer = setTimeout(() => callCtl.abort(ABORT_TOTAL), totalTimeoutMs);

    let mayHaveApplied = false; // an earlier attempt may have reached the server
    try {
      for (let attempt = 1; ; attempt++) {
        const stopped = (cause?: unknown): CmsError => {
          const info = this.info(spec, attempt);
          return callCtl.signal.reason === ABORT_USER
            ? new CmsAbortedError(info, opts.signal?.reason ?? cause)
            : new CmsTimeoutError(info, 'total', totalTimeoutMs, cause);
        };

        let release: () => void;
        try {
          release = await this.semaphore.acquire(callCtl.signal);
        } catch {
          throw stopped();
        }

        const attemptCtl = new AbortController();
        const forward = (): void => attemptCtl.abort(callCtl.signal.reason);
        if (callCtl.signal.aborted) forward();
        callCtl.signal.addEventListener('abort', forward, { once: true });
        const attemptTimer = setTimeout(() => attemptCtl.abort(ABORT_ATTEMPT), timeoutMs);
        const attemptStart = Date.now();
        let answer: HttpAnswer | undefined;
        let failure: unknown;
        try {
          answer = await this.transport.exchange({
            method: spec.method,
            path: fullPath,
            headers,
            signal: attemptCtl.signal,
            timeoutMs,
            ...(body !== undefined ? { body } : {}),
          });
        } catch (err) {
          failure = err;
        } finally {
          clearTimeout(attemptTimer);
          callCtl.signal.removeEventListener('abort', forward);
          release();
        }
        const durationMs = Date.now() - attemptStart;
        const fields = { method: spec.method, path: logPath, durationMs, attempt };

        if (answer) {
          emitLog(this.onLog, 'debug', `${label} → ${answer.status} (${durationMs} ms)`, { ...fields, status: answer.status });
          if (answer.status >= 200 && answer.status < 300) return { ...answer, notFoundAccepted: false };
          const status = answer.status;
          const details = parseFailureDetails(answer.body);
          const snippet = !details && answer.body.trim() !== '' ? answer.body.slice(0, 200) : undefined;
          const apiError = (): CmsApiError =>
            apiErrorFor({
              ...this.info(spec, attempt),
              status,
              username: this.username,
              ...(details ? { failure: details } : {}),
              ...(snippet !== undefined ? { bodySnippet: snippet } : {}),
            });
          const error = apiError();
          if (
            error instanceof CmsNotFoundError &&
            (spec.notFound === 'success' || (spec.notFound === 'successAfterRetry' && mayHaveApplied))
          ) {
            emitLog(this.onLog, 'debug', `${label}: the object is already gone; counted as success`, { ...fields, status });
            return { ...answer, notFoundAccepted: true };
          }
          // Busy answers (503, 307, databaseNotReady) mean the request was not carried out, so even
          // a POST may be sent again.
          if (!error.retryable || attempt > retries) throw error;
          const serverDelay = retryAfterMs(answer.headers['retry-after']);
          await this.backoff(label, fields, error.reason ?? `HTTP ${status}`, serverDelay, deadline, callCtl.signal, apiError, stopped);
          continue;
        }

        if (failure instanceof BodyTooLargeError) {
          emitLog(this.onLog, 'debug', `${label} → ${failure.status}: body over ${failure.limitBytes} bytes, abandoned`, { ...fields, status: failure.status });
          throw new CmsResponseError(
            this.info(spec, attempt),
            failure.status,
            `${failure.message}; a Meeting Server answers one page or object in a few kilobytes, so this is not a Meeting Server API answer`,
          );
        }

        // No HTTP answer: our own timer, the caller, or the network stopped the exchange.
        const fired: unknown = attemptCtl.signal.aborted ? attemptCtl.signal.reason : undefined;
        if (fired === undefined && isClosedError(failure)) throw new CmsAbortedError(this.info(spec, attempt), failure);
        const t: TransportFailure =
          fired === ABORT_ATTEMPT
            ? { failure: 'timeout', maybeSent: true, retryable: true, description: `no answer within ${timeoutMs} ms` }
            : fired === ABORT_USER || fired === ABORT_TOTAL
              ? { failure: 'timeout', maybeSent: true, retryable: false, description: fired === ABORT_USER ? 'cancelled' : 'total timeout reached' }
              : classifyTransportError(failure, this.server);
        emitLog(this.onLog, 'debug', `${label} failed after ${durationMs} ms: ${t.description}`, {
          ...fields,
          ...(t.code ? { reason: t.code } : {}),
        });

        if (t.maybeSent && !spec.replayable) {
          const why =
            fired === ABORT_USER
              ? 'the call was cancelled'
              : fired === ABORT_TOTAL
                ? `the total timeout of ${totalTimeoutMs} ms ran out`
                : fired === ABORT_ATTEMPT
                  ? `no answer came within ${timeoutMs} ms`
                  : `the connection failed (${t.code ?? 'network error'})`;
          throw new UnknownOutcomeError(this.info(spec, attempt), why, failure ?? fired);
        }
        if (t.maybeSent) mayHaveApplied = true;
        if (fired === ABORT_USER || fired === ABORT_TOTAL) throw stopped(failure);

        const transportError = (): CmsError => {
          const info = this.info(spec, attempt);
          if (t.failure === 'timeout') return new CmsTimeoutError(info, 'request', timeoutMs, failure);
          const o = { maybeSent: t.maybeSent, retryable: t.retryable, cause: failure, ...(t.code ? { code: t.code } : {}) };
          return t.failure === 'tls' ? new CmsTlsError(info, 'tls', t.description, o) : new CmsConnectionError(info, t.failure, t.description, o);
        };
        if (!t.retryable || attempt > retries) throw transportError();
        await this.backoff(label, fields, t.code ?? 'timeout', undefined, deadline, callCtl.signal, transportError, stopped);
      }
    } finally {
      clearTimeout(totalTimer);
      unsubscribe?.();
    }
  }

  /** Wait before the next attempt, or throw the final error when the deadline would pass first. */
  private async backoff(
    label: string,
    fields: CmsLogFields,
    reason: string,
    serverDelayMs: number | undefined,
    deadline: number,
    signal: AbortSignal,
    finalError: () => CmsError,
    stopped: (cause?: unknown) => CmsError,
  ): Promise<void> {
    let delayMs = backoffDelay(fields.attempt ?? 1, this.retry, this.random);
    if (serverDelayMs !== undefined) delayMs = Math.max(delayMs, Math.min(serverDelayMs, this.retry.maxDelayMs));
    if (Date.now() + delayMs >= deadline) throw finalError();
    emitLog(this.onLog, 'warn', `${label} will be retried in ${delayMs} ms (${reason})`, { ...fields, delayMs, reason });
    try {
      await sleep(delayMs, signal);
    } catch (err) {
      throw stopped(err);
    }
  }
}
