/**
 * The `export` command line: where the server is, which nodes' MMPs to read, where to write and
 * in which format. Credentials are never options: they come from the provider's environment
 * variables, so they stay out of shell history and process lists.
 */
import { UsageError } from '../usage-error';
import type { ExportFormat } from './summary';

export const EXPORT_USAGE = `Usage: cms-iac export --out DIR [--url URL] [--mmp-node NODE]... [--format hcl|cdktf]

Reads a Meeting Server (its REST API, and each node's MMP when nodes are given) and writes
configuration that imports everything the provider manages: the first plan shows imports only.
Read-only: it sends GET requests, MMP status commands and SFTP file reads (certificates, users'
public keys), nothing else.

Options:
  --url URL           Web Admin (API) address of a node, e.g. https://cms1.example.com:445
                      (default: CMS_URL)
  --mmp-node NODE     a node's MMP (SSH), repeatable (default: CMS_MMP_NODES), as
                      name=cms1,address=cms1.example.com[,port=22][,host_key_fingerprint=SHA256:...]
                      [,url=https://cms1.example.com:445]  or the same keys as a JSON object.
                      url is the node's own API, for the settings each node keeps.
  --out DIR           directory to write to (created; must be empty unless --force)
  --format FORMAT     hcl (Terraform files, the default) or cdktf (a CDKTF TypeScript app)
  --stack NAME        name of the CDKTF stack (default: the output directory's name)
  --force             write into a directory that is not empty, replacing files of the same name
  --quiet             no progress on stderr
  -h, --help          show this help

Credentials come from the environment, as for the provider: CMS_USERNAME, CMS_PASSWORD,
CMS_CA_BUNDLE (or CMS_INSECURE=true for a lab), and for the MMP CMS_MMP_USERNAME with
CMS_MMP_PASSWORD or CMS_MMP_PRIVATE_KEY (CMS_MMP_TRUST_ON_FIRST_USE=true accepts an unpinned
host key and writes the fingerprint it saw into the provider block).
`;

export class ExportUsageError extends UsageError {}

/** A node as given on the command line: the provider's mmp_node fields plus the node's own API url. */
export interface NodeOption {
  name?: string;
  address?: string;
  port?: number;
  host_key_fingerprint?: string;
  username?: string;
  url?: string;
}

export interface ExportOptions {
  url?: string;
  nodes?: NodeOption[];
  out: string;
  format: ExportFormat;
  stack?: string;
  force: boolean;
  quiet: boolean;
}

const NODE_KEYS = ['name', 'address', 'port', 'host_key_fingerprint', 'username', 'url'];

/** `name=cms1,address=...` or a JSON object. */
export function parseNode(text: string): NodeOption {
  let raw: Record<string, unknown>;
  if (text.trim().startsWith('{')) {
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new ExportUsageError(`--mmp-node: not valid JSON (${(err as Error).message})`);
    }
  } else {
    raw = {};
    for (const pair of text.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new ExportUsageError(`--mmp-node ${text}: expected key=value pairs separated by commas, such as name=cms1,address=cms1.example.com`);
      raw[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
  }
  const unknown = Object.keys(raw).filter((k) => !NODE_KEYS.includes(k));
  if (unknown.length) throw new ExportUsageError(`--mmp-node: unknown key ${unknown.join(', ')} (use ${NODE_KEYS.join(', ')}; passwords come from CMS_MMP_PASSWORD)`);
  const node: NodeOption = {};
  for (const k of ['name', 'address', 'host_key_fingerprint', 'username', 'url'] as const) if (raw[k] !== undefined) node[k] = String(raw[k]);
  if (raw.port !== undefined) {
    const port = Number(raw.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ExportUsageError(`--mmp-node: port ${String(raw.port)} is not a TCP port`);
    node.port = port;
  }
  if (!node.name || !node.address) throw new ExportUsageError(`--mmp-node ${text}: name and address are required`);
  return node;
}

/** Parses the arguments after `export`; undefined means help was asked for. */
export function parseExportArgs(argv: string[]): ExportOptions | undefined {
  const options: Partial<ExportOptions> & { format: ExportFormat; force: boolean; quiet: boolean } = { format: 'hcl', force: false, quiet: false };
  const nodes: NodeOption[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new ExportUsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return undefined;
      case '--url':
        options.url = value();
        break;
      case '--mmp-node':
        nodes.push(parseNode(value()));
        break;
      case '--out':
        options.out = value();
        break;
      case '--format': {
        const f = value();
        if (f !== 'hcl' && f !== 'cdktf') throw new ExportUsageError(`--format ${f}: use hcl or cdktf`);
        options.format = f;
        break;
      }
      case '--stack':
        options.stack = value();
        break;
      case '--force':
        options.force = true;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      default:
        throw new ExportUsageError(`unknown option ${arg} (see cms-iac export --help)`);
    }
  }
  if (!options.out) throw new ExportUsageError('--out DIR is required: the directory to write the configuration to');
  if (nodes.length) options.nodes = nodes;
  return options as ExportOptions;
}
