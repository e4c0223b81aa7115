/** MMP users (`user list`) and the password and login rules (`user rule`), cms-api.md §3.1. */
import { outputLines, parseStatusBlock } from './statusBlock';

export interface MmpUser {
  readonly name: string;
  readonly role: string;
}

const ROLES = new Set(['admin', 'crypto', 'audit', 'appadmin', 'api']);

/** `<name> <role>` rows (a header line and anything that is not a user row are skipped). */
export function parseUserList(text: string): MmpUser[] {
  const users: MmpUser[] = [];
  for (const line of outputLines(text)) {
    const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(line);
    if (m && ROLES.has(m[2]!.toLowerCase())) users.push({ name: m[1]!, role: m[2]!.toLowerCase() });
  }
  return users;
}

/** `<rule> : <number>` lines → rule → value. */
export function parseUserRules(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(parseStatusBlock(text))) {
    if (/^\d+$/.test(value)) out[key.trim()] = Number(value);
  }
  return out;
}
