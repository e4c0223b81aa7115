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
import { passwdCommand } from './commands/passwd';
import { pkiCommand } from './commands/pki';
import { syslogCommand } from './commands/syslog';
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
  passwd: passwdCommand,
  pki: pkiCommand,
  syslog: syslogCommand,
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
    if (result.confirm) return { ...result, confirm: { ...result.confirm, proceed: () => answered(result.confirm!.proceed) } };
    if (result.ask) return { ...result, ask: { ...result.ask, answer: (answers) => answered(() => result.ask!.answer(answers)) } };
    return result;
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

/** The `exec` answer to a reply once its questions have their answers. */
function execText(answer: MmpReply, input: readonly string[]): string {
  if (answer.confirm) return replyText({ lines: [...answer.lines, ...answer.confirm.proceed().lines] });
  if (answer.ask) {
    const given = input.slice(0, answer.ask.prompts.length);
    // The prompts answered are printed; the answers themselves never are.
    return replyText({ lines: [...answer.lines, ...answer.ask.prompts.slice(0, Math.max(1, given.length)), ...answer.ask.answer([...given]).lines] });
  }
  return replyText(answer);
}

/**
 * Runs a command the way `exec` does: one command, a confirmation answered yes (automation
 * cannot type `Y`), the values it asks for taken from `input` (the channel's input lines), the
 * output as text.
 */
export function runMmpCommand(ctx: MmpContext, line: string, input: readonly string[] = []): string {
  return execText(dispatchMmpCommand(ctx, line), input);
}

/** As runMmpCommand, reading the answers only when the command asks (from an SSH channel's input). */
export async function execMmpCommand(ctx: MmpContext, line: string, readInput: (lines: number) => Promise<string[]>): Promise<string> {
  const answer = dispatchMmpCommand(ctx, line);
  return execText(answer, answer.ask ? await readInput(answer.ask.prompts.length) : []);
}
