/**
 * The provider block: its schema, its environment variables, and turning both into client
 * options. One table drives all three (and the docs).
 */
import type { CtyObject, CtyValue, Diagnostic, Schema } from '../plugin/types';
import { isUnknown } from '../plugin/types';

interface Setting {
  name: string;
  env: string;
  type: 'string' | 'number' | 'bool';
  sensitive?: boolean;
  description: string;
}

export const PROVIDER_SETTINGS: Setting[] = [
  { name: 'url', env: 'CMS_URL', type: 'string', description: 'Address of the Meeting Server\'s Web Admin interface, which serves the API, for example `https://cms1.example.com:445`.' },
  { name: 'username', env: 'CMS_USERNAME', type: 'string', description: 'MMP user with the `api`, `appadmin` or `admin` role on this node.' },
  { name: 'password', env: 'CMS_PASSWORD', type: 'string', sensitive: true, description: 'Password of that user.' },
  { name: 'ca_bundle', env: 'CMS_CA_BUNDLE', type: 'string', description: 'CA certificates (PEM text, or the path of a PEM file) that signed the Web Admin certificate. The system\'s trusted CAs are used when unset.' },
  { name: 'insecure', env: 'CMS_INSECURE', type: 'bool', description: 'Skip TLS certificate verification. Only for labs with self-signed certificates; prefer `ca_bundle`.' },
  { name: 'timeout_seconds', env: 'CMS_TIMEOUT', type: 'number', description: 'Seconds to wait for one API request before retrying it. Defaults to 30.' },
  { name: 'retries', env: 'CMS_RETRIES', type: 'number', description: 'How many times a request refused as busy (503) or cut off is retried, with exponential backoff. Defaults to 4.' },
  { name: 'concurrency', env: 'CMS_CONCURRENCY', type: 'number', description: 'Most API requests in flight at once. Defaults to 4, as the Meeting Server handles few concurrent requests well.' },
];

export function providerSchema(): Schema {
  return {
    version: 0,
    block: {
      description: 'Manages Cisco Meeting Server 3.x through its REST API. Every setting can also come from an environment variable.',
      descriptionKind: 'markdown',
      attributes: PROVIDER_SETTINGS.map((s) => ({
        name: s.name,
        type: s.type,
        optional: true,
        sensitive: s.sensitive,
        description: `${s.description} Environment variable: \`${s.env}\`.`,
        descriptionKind: 'markdown' as const,
      })),
    },
  };
}

export interface ConnectionSettings {
  url: string;
  username: string;
  password: string;
  caBundle?: string;
  insecure: boolean;
  timeoutMs: number;
  retries: number;
  concurrency: number;
}

function fromEnv(setting: Setting, env: NodeJS.ProcessEnv): CtyValue | undefined {
  const raw = env[setting.env];
  if (raw === undefined || raw === '') return undefined;
  if (setting.type === 'bool') return /^(1|true|yes)$/i.test(raw);
  if (setting.type === 'number') return Number(raw);
  return raw;
}

/**
 * Merges the provider block over the environment. Returns the settings, or diagnostics that say
 * exactly what is missing and where to set it.
 */
export function resolveSettings(config: CtyObject, env: NodeJS.ProcessEnv = process.env): { settings?: ConnectionSettings; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const value = (name: string): CtyValue | undefined => {
    const setting = PROVIDER_SETTINGS.find((s) => s.name === name)!;
    const v = config[name];
    if (v !== null && v !== undefined && !isUnknown(v)) return v;
    const e = fromEnv(setting, env);
    if (setting.type === 'number' && typeof e === 'number' && !Number.isFinite(e)) {
      diagnostics.push({ severity: 'error', summary: `Invalid ${setting.env}`, detail: `${setting.env} must be a number; got ${JSON.stringify(env[setting.env])}.` });
      return undefined;
    }
    return e;
  };
  const url = value('url');
  const username = value('username');
  const password = value('password');
  for (const [name, v] of [['url', url], ['username', username], ['password', password]] as const) {
    if (typeof v !== 'string' || v === '') {
      const s = PROVIDER_SETTINGS.find((x) => x.name === name)!;
      diagnostics.push({ severity: 'error', summary: `Missing provider setting ${name}`, detail: `The cms provider needs ${name}: set it in the provider block or in the ${s.env} environment variable.`, attribute: [name] });
    }
  }
  if (typeof url === 'string' && url !== '') {
    try {
      const u = new URL(url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
    } catch {
      diagnostics.push({ severity: 'error', summary: 'Invalid provider url', detail: `url must be an https:// address such as https://cms1.example.com:445; got ${JSON.stringify(url)}.`, attribute: ['url'] });
    }
  }
  const numberSetting = (name: string, fallback: number, min: number, max: number): number => {
    const v = value(name);
    if (v === undefined || v === null) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      diagnostics.push({ severity: 'error', summary: `Invalid provider setting ${name}`, detail: `${name} must be a whole number from ${min} to ${max}; got ${String(v)}.`, attribute: [name] });
      return fallback;
    }
    return n;
  };
  const timeoutSeconds = numberSetting('timeout_seconds', 30, 1, 3600);
  const retries = numberSetting('retries', 4, 0, 20);
  const concurrency = numberSetting('concurrency', 4, 1, 64);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const caBundle = value('ca_bundle');
  return {
    diagnostics,
    settings: {
      url: String(url).replace(/\/+$/, ''),
      username: String(username),
      password: String(password),
      ...(typeof caBundle === 'string' && caBundle !== '' ? { caBundle } : {}),
      insecure: value('insecure') === true,
      timeoutMs: timeoutSeconds * 1000,
      retries,
      concurrency,
    },
  };
}
