/**
 * One command line in, the MMP's answer out: finds the command family by the first word,
 * turns refusals into `FAILURE:` / `Usage:` lines and unknown commands into the MMP's error text.
 */
import { DatabaseClusterError } from '../cluster/database';
import { MMP_TEXT } from '../unverified';
import { splitWords } from './args';
import { callbridgeCommand } from './commands/callbridge';
import { databaseCommand } from './commands/database';
import { dnsCommand } from './commands/dns';
import { ntpCommand } from './commands/ntp';
import { tlsCommand } from './commands/tls';
import { userCommand } from './commands/user';
import { webadminCommand } from './commands/webadmin';
import { webbridge3Command } from './commands/webbridge3';
import { MmpCommandFamily, MmpContext } from './context';
import { MmpFailure, MmpReply, MmpUsageError, reply } from './reply';

const FAMILIES: Readonly<Record<string, MmpCommandFamily>> = {
  callbridge: callbridgeCommand,
  database: databaseCommand,
  dns: dnsCommand,
  ntp: ntpCommand,
  tls: tlsCommand,
  user: userCommand,
  webadmin: webadminCommand,
  webbridge3: webbridge3Command,
  help: () => reply(...Object.keys(FAMILIES).sort()),
};

/** The commands the simulated MMP knows (first words). */
export const MMP_COMMAND_FAMILIES: readonly string[] = Object.keys(FAMILIES).sort();

/** Runs `work`, answering the refusals a command may raise as the MMP would print them. */
function answered(work: () => MmpReply): MmpReply {
  try {
    const result = work();
    return result.confirm ? { ...result, confirm: { ...result.confirm, proceed: () => answered(result.confirm!.proceed) } } : result;
  } catch (err) {
    if (err instanceof MmpFailure || err instanceof DatabaseClusterError) return reply(MMP_TEXT.failure(err.message));
    if (err instanceof MmpUsageError) return reply(MMP_TEXT.usage(err.syntax));
    throw err;
  }
}

/** The answer to one command line (a confirmation, if asked for, is left to the caller). */
export function dispatchMmpCommand(ctx: MmpContext, line: string): MmpReply {
  const words = splitWords(line);
  if (words.length === 0) return reply();
  const family = FAMILIES[words[0]!];
  if (!family) return reply(MMP_TEXT.unknownCommand(line.trim()));
  return answered(() => family(words.slice(1), ctx));
}

/** The text of a reply: its lines, each ending in a newline. */
export function replyText(r: MmpReply, newline = '\n'): string {
  return r.lines.map((l) => `${l}${newline}`).join('');
}

/**
 * Runs a command the way `exec` does: one command, no questions (a confirmation is answered
 * yes, as automation cannot type `Y`), the output as text.
 */
export function runMmpCommand(ctx: MmpContext, line: string): string {
  const answer = dispatchMmpCommand(ctx, line);
  if (!answer.confirm) return replyText(answer);
  return replyText({ lines: [...answer.lines, ...answer.confirm.proceed().lines] });
}
