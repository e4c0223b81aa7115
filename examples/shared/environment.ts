/**
 * Where the Meeting Server nodes are, read when the app is synthesized, from the variables the
 * provider itself documents (docs/index.md), so one set of variables serves `cdktf synth`
 * and terraform:
 *
 *   CMS_URL         the API (Web Admin) address of a single-node deployment
 *   CMS_MMP_NODES   a JSON list of {"name", "address", "port", "host_key_fingerprint"}: each
 *                   node's MMP (SSH); an entry may also give "url", that node's own API address
 *                   (several nodes)
 *
 * Neither holds a secret: user names, passwords and the CA bundle stay in CMS_USERNAME,
 * CMS_PASSWORD, CMS_MMP_USERNAME, CMS_MMP_PASSWORD and CMS_CA_BUNDLE, which the provider reads
 * when Terraform runs, so they never reach cdk.tf.json.
 */

/** How to reach one node: what MeetingServer needs besides its settings. */
export interface NodeConnection {
  readonly name: string;
  /** The node's API (Web Admin) address. */
  readonly apiUrl: string;
  /** Host of the node's MMP (SSH). */
  readonly mmpAddress: string;
  readonly mmpPort?: number;
  readonly hostKeyFingerprint?: string;
}

interface MmpNodeEntry {
  name?: unknown;
  address?: unknown;
  port?: unknown;
  host_key_fingerprint?: unknown;
  url?: unknown;
}

function mmpNodes(env: NodeJS.ProcessEnv): MmpNodeEntry[] {
  if (!env.CMS_MMP_NODES) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.CMS_MMP_NODES);
  } catch (err) {
    throw new Error(`CMS_MMP_NODES is not JSON (${(err as Error).message}); it must be a list of {"name", "address", "port", "host_key_fingerprint"} objects.`);
  }
  if (!Array.isArray(parsed)) throw new Error('CMS_MMP_NODES must be a JSON list of {"name", "address", "port", "host_key_fingerprint"} objects.');
  return parsed as MmpNodeEntry[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The connection of each named node. `defaults` gives each node's API address when the
 * environment does not (for example `https://cms1.example.com:445`); the MMP address defaults
 * to the API address's host, its port to 22.
 */
export function nodeConnections(defaults: Record<string, string>, env: NodeJS.ProcessEnv = process.env): NodeConnection[] {
  const names = Object.keys(defaults);
  const entries = mmpNodes(env);
  return names.map((name) => {
    const entry = entries.find((e) => e.name === name);
    const apiUrl = str(entry?.url) ?? (names.length === 1 ? str(env.CMS_URL) : undefined) ?? defaults[name]!;
    const port = typeof entry?.port === 'number' ? entry.port : typeof entry?.port === 'string' && entry.port !== '' ? Number(entry.port) : undefined;
    return {
      name,
      apiUrl,
      mmpAddress: str(entry?.address) ?? new URL(apiUrl).hostname,
      ...(port !== undefined ? { mmpPort: port } : {}),
      ...(str(entry?.host_key_fingerprint) ? { hostKeyFingerprint: str(entry?.host_key_fingerprint) } : {}),
    };
  });
}
