/**
 * The `doctor` command line: where the server is and which nodes' MMPs to read. Credentials are
 * never options (they come from the provider's environment variables), so they stay out of shell
 * history, process lists and the report.
 */
import { parseNode, type NodeOption } from '../export/options';
import { UsageError } from '../usage-error';

export const DOCTOR_USAGE = `Usage: cms-iac doctor [--url URL] [--mmp-node NODE]... [--json]

Checks a Meeting Server the way the provider will use it, and reports what it found: a report
to read before a first plan, or to attach to a bug. Read-only: it sends GET requests and MMP
status commands, nothing else.

  - connection: the address answers, TLS verifies, the user may use the API, the version;
  - every collection the provider manages: each object is read and parsed with the provider's
    definitions; elements the definitions do not know, values they would refuse, and
    attributes the server never returned are listed;
  - each node given with --mmp-node: its host key and readable settings, database clustering.

Options:
  --url URL          Web Admin (API) address of a node, e.g. https://cms1.example.com:445
                     (default: CMS_URL)
  --mmp-node NODE    a node's MMP (SSH), repeatable (default: CMS_MMP_NODES), as
                     name=cms1,address=cms1.example.com[,port=22][,host_key_fingerprint=SHA256:...]
                     [,url=https://cms1.example.com:445]  or the same keys as a JSON object.
                     url is the node's own API, for the settings each node keeps.
  --json             the report as JSON (on stdout) instead of text
  -h, --help         show this help

Credentials come from the environment, as for the provider: CMS_USERNAME, CMS_PASSWORD,
CMS_CA_BUNDLE (or CMS_INSECURE=true for a lab), and for the MMP CMS_MMP_USERNAME with
CMS_MMP_PASSWORD or CMS_MMP_PRIVATE_KEY. No secret is ever written to the report.

Exit code: 0 when nothing failed (warnings allowed), 1 when a check failed, 2 for a usage error.
`;

export interface DoctorOptions {
  url?: string;
  nodes?: NodeOption[];
  json: boolean;
}

/** Parses the arguments after `doctor`; undefined means help was asked for. */
export function parseDoctorArgs(argv: string[]): DoctorOptions | undefined {
  const options: DoctorOptions = { json: false };
  const nodes: NodeOption[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
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
      case '--json':
        options.json = true;
        break;
      default:
        throw new UsageError(`unknown option ${arg} (cms-iac doctor --help lists them)`);
    }
  }
  if (nodes.length) options.nodes = nodes;
  return options;
}

/** The nodes: from the options, else CMS_MMP_NODES (which may carry each node's url too). */
export function nodesFrom(options: DoctorOptions, env: NodeJS.ProcessEnv): NodeOption[] {
  if (options.nodes) return options.nodes;
  if (!env.CMS_MMP_NODES) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.CMS_MMP_NODES);
  } catch (err) {
    throw new UsageError(`CMS_MMP_NODES is not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new UsageError('CMS_MMP_NODES must be a JSON list of {"name", "address", "port", "host_key_fingerprint", "url"} objects');
  return parsed.map((n) => parseNode(JSON.stringify(n)));
}
