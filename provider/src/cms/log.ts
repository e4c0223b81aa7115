/**
 * The client's log hook and the redaction that keeps secrets out of it.
 *
 * Entries never carry credentials or the Authorization header, and response bodies (which hold
 * values such as a space's `secret` or `passcode`) are never logged. Request bodies are logged
 * only in redacted form.
 */
import { formPairs, type CmsParams } from './form';

export type CmsLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface CmsLogFields {
  method?: string;
  /** The request path below the API base, with its query string. */
  path?: string;
  status?: number;
  durationMs?: number;
  /** 1 for the first try, 2 for the first retry, … */
  attempt?: number;
  /** Backoff before the next attempt. */
  delayMs?: number;
  /** The failure reason code or error code. */
  reason?: string;
  /** The request body, with sensitive values replaced by {@link REDACTED}. */
  body?: string;
  error?: string;
}

export interface CmsLogEntry {
  level: CmsLogLevel;
  message: string;
  fields: CmsLogFields;
}

export type CmsLogHook = (entry: CmsLogEntry) => void;

export const REDACTED = '(redacted)';

/** Parameter names whose values are always redacted: any name containing one of these words. */
const SENSITIVE_WORDS = /password|passcode|secret|token|credential/i;

/** Whether a parameter's value must not be logged. Extra names are matched case-insensitively. */
export function isSensitiveName(name: string, extra?: ReadonlySet<string>): boolean {
  return SENSITIVE_WORDS.test(name) || (extra !== undefined && extra.has(name.toLowerCase()));
}

/** Normalise caller-marked sensitive names for {@link isSensitiveName}. */
export function sensitiveSet(...lists: (readonly string[] | undefined)[]): ReadonlySet<string> {
  const set = new Set<string>();
  for (const list of lists) for (const name of list ?? []) set.add(name.toLowerCase());
  return set;
}

/**
 * A form body for the log, readable rather than encoded: names kept, sensitive values replaced
 * by {@link REDACTED} (an empty value, meaning "unset", is kept: it reveals nothing).
 */
export function redactForm(params: CmsParams | undefined, extra?: ReadonlySet<string>): string {
  return formPairs(params)
    .map(([name, value]) => `${name}=${value !== '' && isSensitiveName(name, extra) ? REDACTED : JSON.stringify(value)}`)
    .join(' ');
}

/** Call the hook without ever letting a faulty hook break a request. */
export function emitLog(hook: CmsLogHook | undefined, level: CmsLogLevel, message: string, fields: CmsLogFields): void {
  if (!hook) return;
  try {
    hook({ level, message, fields });
  } catch {
    // A logging failure must not change the outcome of an API call.
  }
}
