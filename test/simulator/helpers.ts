/** Test client for the simulator: real HTTP(S) via undici, trusting the simulator's CA. */
import { Agent, request } from 'undici';
import { XMLParser } from 'fast-xml-parser';

/** Parsed XML: nested objects, attributes as `@name`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type XmlValue = any;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed XML body, or undefined for non-XML bodies. */
  xml: XmlValue;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false });

export function parseXml(text: string): XmlValue {
  return text ? parser.parse(text) : undefined;
}

export type Form = Record<string, string | number | boolean> | Array<[string, string]> | string;

export function encodeForm(form: Form): string {
  if (typeof form === 'string') return form;
  const pairs = Array.isArray(form) ? form : Object.entries(form).map(([k, v]): [string, string] => [k, String(v)]);
  return new URLSearchParams(pairs).toString();
}

export class TestClient {
  readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    ca?: string,
    private readonly auth: { user: string; password: string } | null = { user: 'admin', password: 'admin' },
  ) {
    this.agent = new Agent({ connect: ca ? { ca } : {}, keepAliveTimeout: 1000 });
  }

  /** `path` is absolute (`/api/v1/...`, `/_simulator/...`), relative to `/api/v1/`, or a full URL. */
  async send(method: string, path: string, options: { form?: Form; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (this.auth) headers.authorization = `Basic ${Buffer.from(`${this.auth.user}:${this.auth.password}`).toString('base64')}`;
    let body = options.body;
    if (options.form !== undefined) {
      body = encodeForm(options.form);
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/api/v1/'}${path}`;
    const res = await request(url, { method: method as 'GET', headers, body, dispatcher: this.agent });
    const text = await res.body.text();
    const isXml = String(res.headers['content-type'] ?? '').includes('xml');
    return { status: res.statusCode, headers: res.headers, text, xml: isXml ? parseXml(text) : undefined };
  }

  get(path: string): Promise<Reply> {
    return this.send('GET', path);
  }
  post(path: string, form: Form = {}): Promise<Reply> {
    return this.send('POST', path, { form });
  }
  put(path: string, form: Form = {}): Promise<Reply> {
    return this.send('PUT', path, { form });
  }
  delete(path: string): Promise<Reply> {
    return this.send('DELETE', path);
  }

  /** POST that must succeed; returns the new id from Location. */
  async create(path: string, form: Form = {}): Promise<string> {
    const reply = await this.post(path, form);
    if (reply.status !== 200) throw new Error(`POST ${path} → ${reply.status} ${reply.text}`);
    const location = String(reply.headers.location ?? '');
    return location.slice(location.lastIndexOf('/') + 1);
  }

  /** JSON request to a control endpoint. */
  async json(method: string, path: string, body?: unknown): Promise<{ status: number; body: XmlValue }> {
    const reply = await this.send(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
    return { status: reply.status, body: reply.text ? JSON.parse(reply.text) : undefined };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** The reason element of a `<failureDetails>` reply. */
export function failureReason(reply: Reply): string | undefined {
  const details = reply.xml?.failureDetails;
  if (!details || typeof details !== 'object') return undefined;
  return Object.keys(details)[0];
}

/** Items of a list reply as an array (the parser yields an object for a single child). */
export function items(reply: Reply, listName: string, itemName: string): XmlValue[] {
  const list = reply.xml?.[listName];
  if (!list || typeof list !== 'object') return [];
  const v = list[itemName];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
