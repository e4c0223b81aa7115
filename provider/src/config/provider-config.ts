/**
 * The provider block: its schema, its environment variables, and turning both into client
 * options. One table drives all three (and the docs).
 */
import type { CtyObject, CtyValue, Diagnostic, Schema } from '../plugin/types';
import { isUnknown } from '../plugin/types';
import { normaliseFingerprint } from '../cms/mmp/hostKey';

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
  { name: 'timeout_seconds', env: 'CMS_TIMEOUT', type: 'number', description: 'Seconds to wait for one API request before retrying it. Defaults to 30. Listing a whole collection, page after page, may take at most twenty times as long.' },
  { name: 'retries', env: 'CMS_RETRIES', type: 'number', description: 'How many times a request refused as busy (503) or cut off is retried, with exponential backoff. Defaults to 4.' },
  { name: 'concurrency', env: 'CMS_CONCURRENCY', type: 'number', description: 'Most API requests in flight at once, and connections kept open (1 to 64). Defaults to 10, Terraform\'s default -parallelism, so each operation Terraform runs at once has its connection; lower it (with -parallelism) for a busy server, which answers excess requests with 503, retried with backoff.' },
  { name: 'adopt_existing', env: 'CMS_ADOPT_EXISTING', type: 'bool', description: 'Adopt objects the Meeting Server already holds under the natural key of a resource this plan would create (for example ones an interrupted apply created but never recorded), instead of failing the plan. The plan shows a warning per adopted object, and the apply writes the configured values to it. Off by default: such a plan fails, naming the object and the `import` block that brings it under the resource.' },
  { name: 'mmp_username', env: 'CMS_MMP_USERNAME', type: 'string', description: 'MMP (SSH) user with the `admin` role, for resources configured on the nodes\' command line (database clustering, node settings). Used for every `mmp_node` that names none.' },
  { name: 'mmp_password', env: 'CMS_MMP_PASSWORD', type: 'string', sensitive: true, description: 'Password of the MMP user (or use `mmp_private_key`).' },
  { name: 'mmp_private_key', env: 'CMS_MMP_PRIVATE_KEY', type: 'string', sensitive: true, description: 'Private key (OpenSSH or PEM text, or the path of a key file) for the MMP user.' },
  { name: 'mmp_trust_on_first_use', env: 'CMS_MMP_TRUST_ON_FIRST_USE', type: 'bool', description: 'Accept a node\'s SSH host key the first time when no `host_key_fingerprint` is pinned (the fingerprint seen is logged). Off by default: an unknown key is refused and its fingerprint shown.' },
  {
    name: 'connect_on_first_use',
    env: 'CMS_CONNECT_ON_FIRST_USE',
    type: 'bool',
    description:
      'Check the API connection when a resource first needs the API, not when the provider starts; `url`, `username` and `password` may then be left out of a configuration that manages only MMP resources. For a configuration that brings a blank node up itself (its Web Admin listener and `api` user come from MMP resources in the same apply): plan works before the API exists, and the resources that use the API must depend on those that bring it up. Off by default: a wrong address or credential fails at once, with one error.',
  },
];

interface NodeSetting {
  name: string;
  type: 'string' | 'number';
  required?: boolean;
  sensitive?: boolean;
  description: string;
}

/** One `mmp_node` block: how the provider reaches one node's MMP over SSH. */
export const MMP_NODE_SETTINGS: NodeSetting[] = [
  { name: 'name', type: 'string', required: true, description: 'Name resources use to refer to the node, for example `cms1`.' },
  { name: 'address', type: 'string', required: true, description: 'Host name or address of the node\'s MMP (SSH).' },
  { name: 'port', type: 'number', description: 'SSH port. Defaults to 22.' },
  { name: 'host_key_fingerprint', type: 'string', description: 'The node\'s SSH host key fingerprint (`SHA256:...`, as `ssh-keygen -lf` prints it). A node presenting another key is refused.' },
  { name: 'username', type: 'string', description: 'MMP user for this node, instead of `mmp_username`.' },
  { name: 'password', type: 'string', sensitive: true, description: 'Password for this node, instead of `mmp_password`.' },
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
      blockTypes: [
        {
          typeName: 'mmp_node',
          nesting: 'list',
          block: {
            description: 'A node whose MMP (SSH command line) the provider uses. Also from `CMS_MMP_NODES`: a JSON list of objects with these attributes.',
            descriptionKind: 'markdown',
            attributes: MMP_NODE_SETTINGS.map((n) => ({
              name: n.name,
              type: n.type,
              ...(n.required ? { required: true } : { optional: true }),
              ...(n.sensitive ? { sensitive: true } : {}),
              description: n.description,
              descriptionKind: 'markdown' as const,
            })),
          },
        },
      ],
    },
  };
}

/** How to reach one node's MMP. */
export interface MmpNodeSettings {
  name: string;
  address: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  hostKeyFingerprint?: string;
  trustOnFirstUse: boolean;
}

function text(v: CtyValue | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The mmp_node blocks, or else CMS_MMP_NODES, completed with the provider-wide MMP defaults. */
function mmpNodes(config: CtyObject, env: NodeJS.ProcessEnv, defaults: { username?: string; password?: string; privateKey?: string; trustOnFirstUse: boolean }, diagnostics: Diagnostic[]): MmpNodeSettings[] {
  let blocks = Array.isArray(config.mmp_node) ? (config.mmp_node as CtyObject[]) : [];
  if (blocks.length === 0 && env.CMS_MMP_NODES) {
    try {
      const parsed = JSON.parse(env.CMS_MMP_NODES) as unknown;
      if (!Array.isArray(parsed)) throw new Error('not a list');
      blocks = parsed as CtyObject[];
    } catch (err) {
      diagnostics.push({ severity: 'error', summary: 'Invalid CMS_MMP_NODES', detail: `CMS_MMP_NODES must be a JSON list of {"name", "address", "port", "host_key_fingerprint"} objects (${(err as Error).message}).` });
      return [];
    }
  }
  const nodes: MmpNodeSettings[] = [];
  blocks.forEach((b, i) => {
    const name = text(b.name);
    const address = text(b.address);
    if (!name || !address) {
      diagnostics.push({ severity: 'error', summary: 'Incomplete mmp_node', detail: `mmp_node ${i + 1} needs a name and an address.`, attribute: ['mmp_node', i] });
      return;
    }
    if (nodes.some((n) => n.name === name)) {
      diagnostics.push({ severity: 'error', summary: 'Duplicate mmp_node', detail: `Two mmp_node blocks are named ${JSON.stringify(name)}; names must be unique.`, attribute: ['mmp_node', i, 'name'] });
      return;
    }
    const username = text(b.username) ?? defaults.username;
    if (!username) {
      diagnostics.push({ severity: 'error', summary: 'Missing MMP user', detail: `mmp_node ${JSON.stringify(name)} needs a user: set username in the block, mmp_username, or CMS_MMP_USERNAME.`, attribute: ['mmp_node', i] });
      return;
    }
    const problems = mmpNodeProblems(b, i);
    if (problems.length) {
      diagnostics.push(...problems);
      return;
    }
    const password = text(b.password) ?? defaults.password;
    const port = typeof b.port === 'number' ? b.port : typeof b.port === 'bigint' ? Number(b.port) : 22;
    nodes.push({
      name,
      address,
      port,
      username,
      ...(password ? { password } : {}),
      ...(defaults.privateKey ? { privateKey: defaults.privateKey } : {}),
      ...(text(b.host_key_fingerprint) ? { hostKeyFingerprint: text(b.host_key_fingerprint) } : {}),
      trustOnFirstUse: defaults.trustOnFirstUse,
    });
  });
  return nodes;
}

/**
 * What is wrong with one mmp_node's port or host key fingerprint, found when the provider is
 * validated or configured (at plan), not when an apply first connects. Unknown values pass.
 */
export function mmpNodeProblems(b: CtyObject, index: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const node = typeof b.name === 'string' ? `mmp_node ${JSON.stringify(b.name)}` : `mmp_node ${index + 1}`;
  const port = typeof b.port === 'bigint' ? Number(b.port) : b.port;
  if (typeof port === 'number' && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    out.push({ severity: 'error', summary: 'Invalid mmp_node port', detail: `${node}: port must be a whole number from 1 to 65535 (the node's SSH port, 22 unless changed).`, attribute: ['mmp_node', index, 'port'] });
  }
  if (typeof b.host_key_fingerprint === 'string' && b.host_key_fingerprint !== '' && !normaliseFingerprint(b.host_key_fingerprint)) {
    out.push({
      severity: 'error',
      summary: 'Invalid mmp_node host_key_fingerprint',
      detail: `${node}: host_key_fingerprint must be a SHA256 fingerprint: SHA256: and 43 base64 characters, as \`ssh-keygen -lf\` prints for the node's host key (or as the provider's error shows when it meets an unknown key).`,
      attribute: ['mmp_node', index, 'host_key_fingerprint'],
    });
  }
  return out;
}

/** Plan-time checks of the provider block's own values (the environment is read at configure). */
export function validateProviderSettings(config: CtyObject): Diagnostic[] {
  const blocks = Array.isArray(config.mmp_node) ? (config.mmp_node as CtyObject[]) : [];
  return blocks.flatMap((b, i) => (b && typeof b === 'object' && !isUnknown(b) ? mmpNodeProblems(b, i) : []));
}

export interface ConnectionSettings {
  /** '' when left out of a configuration that connects on first use (MMP resources only). */
  url: string;
  username: string;
  password: string;
  caBundle?: string;
  insecure: boolean;
  timeoutMs: number;
  retries: number;
  concurrency: number;
  mmpNodes: MmpNodeSettings[];
  /** Check the API when a resource first needs it (connect_on_first_use). */
  connectOnFirstUse: boolean;
  /** Adopt existing objects found by the look-up before a create (see resources/adoption.ts). */
  adoptExisting: boolean;
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
  const connectOnFirstUse = value('connect_on_first_use') === true;
  for (const [name, v] of [['url', url], ['username', username], ['password', password]] as const) {
    // Connecting on first use, a missing setting is reported by the first resource that needs the API.
    if ((typeof v !== 'string' || v === '') && !connectOnFirstUse) {
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
  const concurrency = numberSetting('concurrency', 10, 1, 64);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const caBundle = value('ca_bundle');
  const mmp = mmpNodes(config, env, {
    username: text(value('mmp_username') ?? undefined),
    password: text(value('mmp_password') ?? undefined),
    privateKey: text(value('mmp_private_key') ?? undefined),
    trustOnFirstUse: value('mmp_trust_on_first_use') === true,
  }, diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return {
    diagnostics,
    settings: {
      url: typeof url === 'string' ? url.replace(/\/+$/, '') : '',
      username: typeof username === 'string' ? username : '',
      password: typeof password === 'string' ? password : '',
      ...(typeof caBundle === 'string' && caBundle !== '' ? { caBundle } : {}),
      insecure: value('insecure') === true,
      timeoutMs: timeoutSeconds * 1000,
      retries,
      concurrency,
      mmpNodes: mmp,
      connectOnFirstUse,
      adoptExisting: value('adopt_existing') === true,
    },
  };
}
