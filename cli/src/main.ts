/**
 * `cms-iac`: the command-line tool of cms-iac. Each subcommand is one entry of the table below.
 *
 *   cms-iac doctor --url https://cms1.example.com:445
 *   cms-iac export --url https://cms1.example.com:445 --out ./adopted
 */
import { PROVIDER_VERSION } from '../../provider/src/version';
import { runDoctor } from './doctor/command';
import { DOCTOR_USAGE, parseDoctorArgs } from './doctor/options';
import { runExport } from './export/command';
import { EXPORT_USAGE, parseExportArgs } from './export/options';
import { UsageError } from './usage-error';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

interface Command {
  summary: string;
  run(argv: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  doctor: {
    summary: 'check a Meeting Server the way the provider uses it, read-only, and report (text or --json)',
    async run(argv, io, env) {
      const options = parseDoctorArgs(argv);
      if (!options) {
        io.out(DOCTOR_USAGE);
        return 0;
      }
      return runDoctor(options, env, io);
    },
  },
  export: {
    summary: 'read an existing Meeting Server and write configuration that imports it (HCL or CDKTF)',
    async run(argv, io, env) {
      const options = parseExportArgs(argv);
      if (!options) {
        io.out(EXPORT_USAGE);
        return 0;
      }
      await runExport(options, env, io);
      return 0;
    },
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: cms-iac <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --version   print the version',
    '  -h, --help  show this help (cms-iac <command> --help for a command)',
    '',
  ].join('\n');
}

/** Runs the tool; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.out(usage());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(`cms-iac ${PROVIDER_VERSION}`);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    io.err(`cms-iac: unknown command ${first}\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io, env);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`cms-iac ${first}: ${err.message}`);
      return 2;
    }
    io.err(`cms-iac ${first}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
