/**
 * Provider logs: stderr only (stdout belongs to the handshake), in a form go-plugin understands.
 *
 * go-plugin reads each stderr line of the provider; a JSON line with @level/@message (hclog's
 * JSON format) keeps its level and key/value fields in Terraform's log, anything else is logged
 * at debug unless it starts with "[LEVEL]". So: JSON lines when Terraform is listening (stderr
 * is a pipe), "[LEVEL] message k=v" lines for a human at a terminal.
 *
 * The level comes from TF_LOG_PROVIDER, else TF_LOG (as Terraform itself reads them); without
 * either, only warnings and errors are written.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'off';
export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly level: LogLevel;
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const SEVERITY: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };

/** TF_LOG values: a level name, or JSON (trace, in JSON), or anything else meaning trace. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || '').trim().toLowerCase();
  if (raw === '') return 'warn';
  if (raw === 'off') return 'off';
  if (raw === 'json') return 'trace';
  if (raw in SEVERITY) return raw as LogLevel;
  return 'trace';
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Defaults to JSON unless the stream is a terminal. */
  json?: boolean;
  module?: string;
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? logLevelFromEnv();
  const json = options.json ?? !process.stderr.isTTY;
  const module = options.module ?? 'provider.terraform-provider-cms';
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const threshold = SEVERITY[level];

  const log = (lvl: Exclude<LogLevel, 'off'>) => (message: string, fields?: LogFields) => {
    if (SEVERITY[lvl] < threshold) return;
    write(json ? jsonLine(lvl, module, message, fields) : textLine(lvl, message, fields));
  };
  return {
    level,
    enabled: (lvl) => SEVERITY[lvl] >= threshold,
    trace: log('trace'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}

/** go-plugin parses @timestamp with Go's layout 2006-01-02T15:04:05.000000Z07:00: six digits. */
function hclogTimestamp(now: Date): string {
  return now.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function jsonLine(level: string, module: string, message: string, fields?: LogFields): string {
  const entry = { '@level': level, '@message': message, '@module': module, '@timestamp': hclogTimestamp(new Date()), ...fields };
  return JSON.stringify(entry, jsonSafe) + '\n';
}

function textLine(level: string, message: string, fields?: LogFields): string {
  const kv = Object.entries(fields ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v, jsonSafe)}`)
    .join('');
  return `[${level.toUpperCase()}] ${message}${kv}\n`;
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return value.stack ?? value.message;
  return value;
}

/** A logger that drops everything (tests, and in-process servers that want quiet). */
export const silentLogger: Logger = createLogger({ level: 'off', write: () => undefined });
