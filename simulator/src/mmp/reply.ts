/**
 * What a command answers, and the two ways it refuses: a `FAILURE:` line for a command that
 * cannot be done, and a `Usage:` line for one that is malformed.
 */
import { MMP_STATUS_KEY_COLUMN, MMP_TEXT } from '../unverified';

export interface MmpReply {
  lines: string[];
  /**
   * Set by a command that asks before acting (`database cluster remove`): an interactive shell
   * prints the prompt and runs `proceed` only on a capital `Y`; `exec` proceeds at once.
   */
  confirm?: { prompt: string; proceed: () => MmpReply; declined: string };
  /**
   * Set by a command that asks for values it will not take on its command line (passwords):
   * each prompt is answered by one line, over `exec` from the channel's input, in a shell as
   * typed (not echoed); `answer` gets the lines given (fewer when the input ended early).
   */
  ask?: { prompts: string[]; answer: (answers: string[]) => MmpReply };
}

export const reply = (...lines: string[]): MmpReply => ({ lines });

export const silent = (): MmpReply => ({ lines: [] });

export const success = (...what: string[]): MmpReply => ({ lines: what.map((w) => MMP_TEXT.success(w)) });

/** The command was understood but cannot be done: answered `FAILURE: <reason>`. */
export class MmpFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MmpFailure';
  }
}

/** The command's arguments are malformed: answered `Usage: <syntax>`. */
export class MmpUsageError extends Error {
  constructor(readonly syntax: string) {
    super(syntax);
    this.name = 'MmpUsageError';
  }
}

/** One row of a status block: a key (with its indent) and a value; no value = a heading line. */
export type StatusRow = readonly [key: string, value?: string];

/**
 * `Key : value` lines, keys left-aligned and padded so every ` : ` of the block lines up at the
 * status column (further right when a key is longer). Indent a key by starting it with spaces.
 */
export function statusLines(rows: readonly StatusRow[]): string[] {
  const column = Math.max(MMP_STATUS_KEY_COLUMN, ...rows.filter(([, v]) => v !== undefined).map(([key]) => key.length + 1));
  return rows.map(([key, value]) => (value === undefined ? key : `${key.padEnd(column)}: ${value}`));
}
