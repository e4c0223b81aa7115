/**
 * Whether an MMP answer says the command failed. The MMP prints `FAILURE: …` for a refused
 * service command and its own texts for unknown or malformed commands (cms-api.md §3:
 * automation looks for `FAILURE`). A `database cluster status` block's `ERROR : …` line reports
 * the cluster, not the command, so it does not count.
 */
import { outputLines } from './statusBlock';

const FAILURE_LINE = /^(FAILURE\b|Unknown command\b|Usage:|(Invalid|Unrecognised|Unrecognized|Unknown) (command|argument|option|parameter)s?\b)/i;

/** The failure text (the first failure line and what follows it), or undefined for success. */
export function mmpFailureText(output: string): string | undefined {
  const lines = outputLines(output);
  const first = lines.findIndex((l) => FAILURE_LINE.test(l.trim()));
  if (first < 0) return undefined;
  return lines
    .slice(first)
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

/** The SUCCESS lines of an answer, without the prefix (`['webadmin enabled', …]`). */
export function mmpSuccessLines(output: string): string[] {
  return outputLines(output)
    .map((l) => /^SUCCESS:?\s*(.*)$/i.exec(l.trim())?.[1])
    .filter((l): l is string => l !== undefined);
}
