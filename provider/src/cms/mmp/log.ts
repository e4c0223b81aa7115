/**
 * The MMP client's log hook. Entries name the node, the user and the command (with values the
 * caller marked sensitive replaced by {@link REDACTED}); they never carry a password, private
 * key, passphrase or the command's output (a status block may hold credentials).
 */
import { REDACTED, type CmsLogLevel } from '../log';

export interface MmpLogFields {
  host: string;
  port: number;
  username?: string;
  /** The command, redacted. */
  command?: string;
  durationMs?: number;
  /** Lines the command printed (never the lines themselves). */
  outputLines?: number;
  /** The host key the server presented. */
  fingerprint?: string;
  error?: string;
}

export interface MmpLogEntry {
  level: CmsLogLevel;
  message: string;
  fields: MmpLogFields;
}

export type MmpLogHook = (entry: MmpLogEntry) => void;

/** Calls the hook; a faulty hook never changes a command's outcome. */
export function emitMmpLog(hook: MmpLogHook | undefined, level: CmsLogLevel, message: string, fields: MmpLogFields): void {
  if (!hook) return;
  try {
    hook({ level, message, fields });
  } catch {
    // Logging must not break the session.
  }
}

/** Replaces every occurrence of each sensitive value (longest first, so overlaps go too). */
export function redact(text: string, sensitive: readonly string[] | undefined): string {
  let out = text;
  for (const value of [...(sensitive ?? [])].filter((v) => v !== '').sort((a, b) => b.length - a.length)) {
    out = out.split(value).join(REDACTED);
  }
  return out;
}
