/**
 * `cms-simulator`: runs the Meeting Server simulator until SIGINT/SIGTERM.
 *
 *   cms-simulator --port 8443 --state ./sim.json
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseUserSpec } from './http/auth';
import { CONTROL_ENDPOINTS } from './http/control';
import { LdapEntry } from './ldap/directory';
import { Fixture } from './ops/fixtures';
import { ClusterOptions, DEFAULT_USERS, Simulator } from './simulator';
import { SimUser } from './cluster/node';
import { applyScenario, SCENARIOS, SimScenario } from './fixtures';

export const USAGE = `Usage: cms-simulator [options]

Runs a Cisco Meeting Server REST API simulator on loopback.

Options:
  --port <n>                 port of the first node (default 8443; 0 = any free port)
  --host <address>           interface to listen on (default 127.0.0.1)
  --http                     plain HTTP instead of HTTPS
  --state <file>             load state from this JSON file at start, save it after each change
  --state-dir <dir>          where the CA (ca.pem) and server certificate are kept (default .sim)
  --user <name:password[:role]>
                             an MMP user allowed to use the API (repeatable; default admin:admin;
                             roles admin, appadmin, api are allowed, audit and crypto refused)
  --nodes <n>                number of nodes, on consecutive ports (default 1); each has its own
                             database until database clustering joins them
  --shared-database          every node uses one database from the start, as if clustered
  --seed <fixture.json>      objects to start with (when the state file does not exist yet)
  --scenario <name>          start as a whole deployment (its nodes, objects, MMP settings and LDAP
                             users; when the state file does not exist yet): ${Object.keys(SCENARIOS).join(', ')}
  --directory <ldap.json>    LDAP directory entries for LDAP syncs ([{"dn": ..., "attributes": {...}}])
  --ldap-sync-delay <ms>     time an LDAP sync takes before completing (default 500)
  --page-cap <collection=n>  page cap for one collection, e.g. coSpaces=10 (repeatable)
  --lenient-casing           accept any casing of parameter names and path segments
  --software-version <v>     softwareVersion reported by /system/status (default 3.13)
  --unknown-element <table>.<element>=<value>
                             an element a newer server writes that the tables do not know,
                             added to every GET of that object type (repeatable), e.g.
                             callProfile.futureSetting=on
  --ssh                      an MMP (SSH command line) endpoint per node, from port 2222
  --ssh-port <n>             SSH port of the first node, further nodes on consecutive ports
                             (implies --ssh; 0 = any free port)
  --blank                    start every node freshly installed: Web Admin disabled (no API until
                             the MMP enables it), no certificate files, only the configured users
  --authorized-key <name>=<file>
                             an OpenSSH public key file that may log in to the MMP as user <name>
                             (repeatable; the user must have the admin role)
  --version                  print the version and exit
  -h, --help                 show this help
`;

/** First node's SSH port when `--ssh` is given without `--ssh-port`. */
export const DEFAULT_SSH_PORT = 2222;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Install SIGINT/SIGTERM handlers that stop the simulator (default true). */
  handleSignals?: boolean;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  handleSignals: true,
};

export class UsageError extends Error {}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${what} ${file}: ${(err as Error).message}`);
  }
}

function nonNegativeInt(flag: string, value: string): number {
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`${flag}: expected a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Simulator options, and the scenario to start as. */
export type CliOptions = ClusterOptions & { scenario?: SimScenario };

/** The version of the installed package (simulator/package.json, one level above src/ and dist/). */
export function simulatorVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Parses the command line into simulator options (undefined for --help). */
export function parseArgs(argv: string[], cwd = process.cwd()): CliOptions | undefined {
  const options: CliOptions = { nodes: 1, port: 8443, stateDir: path.join(cwd, '.sim'), ldapSyncDelayMs: 500 };
  const users: SimUser[] = [];
  const given = new Set<string>();
  const pageCaps: Record<string, number> = {};
  const authorizedKeys: Array<{ user: string; file: string }> = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    given.add(flag);
    switch (flag) {
      case '-h':
      case '--help':
        return undefined;
      case '--port':
        options.port = nonNegativeInt(flag, value());
        break;
      case '--host':
        options.host = value();
        break;
      case '--http':
        options.tls = false;
        break;
      case '--state':
        options.statePath = path.resolve(cwd, value());
        break;
      case '--state-dir':
        options.stateDir = path.resolve(cwd, value());
        break;
      case '--user':
        users.push(parseUserSpec(value()));
        break;
      case '--nodes': {
        const n = nonNegativeInt(flag, value());
        if (n < 1) throw new UsageError('--nodes: at least 1');
        options.nodes = n;
        break;
      }
      case '--seed':
        options.seed = readJson(path.resolve(cwd, value()), '--seed') as Fixture;
        break;
      case '--scenario': {
        const name = value();
        const scenario = SCENARIOS[name];
        if (!scenario) throw new UsageError(`--scenario ${name}: unknown; use one of ${Object.keys(SCENARIOS).join(', ')}`);
        options.scenario = scenario;
        options.nodes = scenario.nodes.map((n) => ({ ...n }));
        break;
      }
      case '--directory': {
        const entries = readJson(path.resolve(cwd, value()), '--directory');
        if (!Array.isArray(entries)) throw new UsageError('--directory: expected a JSON array of {"dn": ..., "attributes": {...}}');
        options.directory = entries as LdapEntry[];
        break;
      }
      case '--ldap-sync-delay':
        options.ldapSyncDelayMs = nonNegativeInt(flag, value());
        break;
      case '--page-cap': {
        const spec = value();
        const m = /^([A-Za-z/]+)=([0-9]+)$/.exec(spec);
        if (!m || Number(m[2]) < 1) throw new UsageError(`--page-cap ${spec}: expected collection=n, e.g. coSpaces=10`);
        pageCaps[m[1]!] = Number(m[2]);
        break;
      }
      case '--shared-database':
        options.sharedDatabase = true;
        break;
      case '--lenient-casing':
        options.lenientCasing = true;
        break;
      case '--software-version':
        options.softwareVersion = value();
        break;
      case '--unknown-element': {
        const spec = value();
        const m = /^([A-Za-z]+)\.([^=]+)=(.*)$/.exec(spec);
        if (!m) throw new UsageError(`--unknown-element ${spec}: expected <table>.<element>=<value>, e.g. callProfile.futureSetting=on`);
        options.unknownElements = { ...(options.unknownElements ?? {}), [m[1]!]: { ...(options.unknownElements?.[m[1]!] ?? {}), [m[2]!]: m[3]! } };
        break;
      }
      case '--ssh':
        options.ssh = true;
        break;
      case '--blank':
        options.blank = true;
        break;
      case '--ssh-port':
        options.ssh = true;
        options.sshPort = nonNegativeInt(flag, value());
        break;
      case '--authorized-key': {
        const spec = value();
        const eq = spec.indexOf('=');
        if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--authorized-key ${spec}: expected <user>=<public-key-file>`);
        authorizedKeys.push({ user: spec.slice(0, eq), file: path.resolve(cwd, spec.slice(eq + 1)) });
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg} (see --help)`);
    }
  }
  if (options.scenario && (given.has('--nodes') || given.has('--seed'))) throw new UsageError('--scenario sets the nodes and objects itself: leave out --nodes and --seed');
  if (users.length > 0) options.users = users;
  if (Object.keys(pageCaps).length > 0) options.pageCaps = pageCaps;
  if (options.ssh && options.sshPort === undefined) options.sshPort = DEFAULT_SSH_PORT;
  if (authorizedKeys.length > 0) options.users = withAuthorizedKeys(options.users ?? DEFAULT_USERS.map((u) => ({ ...u })), authorizedKeys);
  return options;
}

function withAuthorizedKeys(users: SimUser[], keys: Array<{ user: string; file: string }>): SimUser[] {
  for (const { user, file } of keys) {
    const target = users.find((u) => u.name === user);
    if (!target) throw new UsageError(`--authorized-key: no user named ${user} (add it with --user)`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new UsageError(`--authorized-key ${user}=${file}: ${(err as Error).message}`);
    }
    target.publicKey = text;
  }
  return users;
}

/** Runs the simulator; resolves once it listens (undefined after --help or --version). */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<Simulator | undefined> {
  if (argv.includes('--version')) {
    io.out(`cms-simulator ${simulatorVersion()}`);
    return undefined;
  }
  let options: CliOptions | undefined;
  try {
    options = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`cms-simulator: ${err.message}`);
      process.exitCode = 2;
      return undefined;
    }
    throw err;
  }
  if (!options) {
    io.out(USAGE);
    return undefined;
  }
  const fresh = !options.statePath || !fs.existsSync(options.statePath);
  const sim = await Simulator.start(options);
  if (options.scenario && fresh) applyScenario(sim, options.scenario);
  const users = options.users ?? DEFAULT_USERS;
  io.out(`Cisco Meeting Server simulator${options.scenario ? `: scenario ${options.scenario.name} (${options.scenario.description})` : ''}`);
  for (const node of sim.nodes) io.out(`  node ${node.name.padEnd(8)} ${node.apiUrl}`);
  if (sim.caPath) io.out(`  CA certificate  ${sim.caPath}`);
  io.out(`  credentials     ${users.map((u) => `${u.name}:${u.password} (${u.role})`).join(', ')}`);
  if (options.statePath) io.out(`  state file      ${options.statePath}`);
  io.out(`  control         ${sim.url}/_simulator/ (${CONTROL_ENDPOINTS.length} endpoints)`);
  for (const node of sim.nodes) {
    if (node.ssh) io.out(`  ssh ${node.name.padEnd(12)}${options.host ?? '127.0.0.1'} port ${node.ssh.port}  host key ${node.ssh.hostKeyFingerprint}`);
  }
  const first = users[0]!;
  if (options.blank) io.out('  blank nodes     Web Admin is off: enable it over the MMP (ssh) before using the API');
  io.out(`Try: curl -u ${first.name}:${first.password}${sim.caPath ? ` --cacert ${sim.caPath}` : ''} ${sim.apiUrl}/coSpaces`);

  if (io.handleSignals !== false) {
    const shutdown = (signal: NodeJS.Signals) => {
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      io.out(`cms-simulator: ${signal}, stopping`);
      sim.stop().catch((err: unknown) => io.err(`cms-simulator: ${err instanceof Error ? err.message : String(err)}`));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  }
  return sim;
}
