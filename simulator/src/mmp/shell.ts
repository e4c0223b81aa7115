/**
 * An interactive MMP session (`ssh admin@node` without a command): a prompt, one command per
 * line, and the confirmation questions `exec` skips. Enough for a person poking at a simulated
 * node; automation uses `exec`.
 */
import type { ServerChannel } from 'ssh2';
import { replyText } from './dispatcher';
import { MmpReply, reply } from './reply';

export interface ShellHost {
  /** `cms1> ` */
  prompt: string;
  dispatch(line: string): MmpReply;
  afterCommand(): void;
}

const LOGOUT = new Set(['exit', 'quit', 'logout']);

export function runShell(channel: ServerChannel, host: ShellHost, terminal: boolean): void {
  // A terminal needs its input echoed and lines ended with CR LF.
  const newline = terminal ? '\r\n' : '\n';
  let line = '';
  let lastWasCr = false;
  let pending: MmpReply['confirm'];
  /** A command's questions being answered: the prompts, and the answers so far (never echoed). */
  let asking: { ask: NonNullable<MmpReply['ask']>; answers: string[] } | undefined;
  const write = (text: string) => channel.write(text);
  const prompt = () => write(asking ? asking.ask.prompts[asking.answers.length]! : pending ? pending.prompt : host.prompt);
  const close = () => {
    channel.exit(0);
    channel.end();
  };

  const handle = (text: string) => {
    if (terminal) write(newline);
    let answer: MmpReply;
    if (asking) {
      asking.answers.push(text);
      if (asking.answers.length < asking.ask.prompts.length) {
        prompt();
        return;
      }
      const done = asking;
      asking = undefined;
      answer = done.ask.answer(done.answers);
    } else if (pending) {
      const asked = pending;
      pending = undefined;
      // Only a capital Y goes on (cms-api.md §3.10).
      answer = text.trim() === 'Y' ? asked.proceed() : reply(asked.declined);
    } else if (LOGOUT.has(text.trim())) {
      close();
      return;
    } else {
      answer = host.dispatch(text);
      pending = answer.confirm;
      if (answer.ask) asking = { ask: answer.ask, answers: [] };
    }
    write(replyText(answer, newline));
    host.afterCommand();
    prompt();
  };

  prompt();
  channel.on('data', (data: Buffer) => {
    for (const ch of data.toString('utf8')) {
      if (ch === '\n' && lastWasCr) {
        lastWasCr = false;
        continue;
      }
      lastWasCr = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        const text = line;
        line = '';
        handle(text);
      } else if (ch === '\x7f' || ch === '\b') {
        if (line && terminal && !asking) write('\b \b');
        line = line.slice(0, -1);
      } else if (ch === '\x03') {
        line = '';
        pending = undefined;
        asking = undefined;
        write(`^C${newline}`);
        prompt();
      } else if (ch === '\x04' && line === '') {
        close();
        return;
      } else if (ch >= ' ') {
        line += ch;
        if (terminal && !asking) write(ch);
      }
    }
  });
}
