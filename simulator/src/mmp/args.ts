/** Splitting a command line into words, and checking the kinds of argument MMP commands take. */
import { MMP_INTERFACES, MMP_TEXT, MMP_WORDS } from '../unverified';
import { MmpFailure, MmpUsageError } from './reply';
import { MmpListener } from './settings';

/** Words separated by blanks; double quotes keep blanks inside one word. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) words.push(m[1] ?? m[2]!);
  return words;
}

export function interfaceName(text: string): string {
  if (!MMP_INTERFACES.includes(text)) throw new MmpFailure(MMP_TEXT.badInterface(text));
  return text;
}

export function portNumber(text: string): number {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new MmpFailure(MMP_TEXT.badPort(text));
  return port;
}

/** `<interface>:<port>`, e.g. `a:443`. */
export function listener(text: string, syntax: string): MmpListener {
  const colon = text.indexOf(':');
  if (colon < 0) throw new MmpUsageError(syntax);
  return { interface: interfaceName(text.slice(0, colon)), port: portNumber(text.slice(colon + 1)) };
}

export const listenerText = (l: MmpListener): string => `${l.interface}:${l.port}`;

/** Exactly `count` arguments (or one of several counts), else a usage answer. */
export function expectArgs(args: readonly string[], counts: number | readonly number[], syntax: string): void {
  const allowed = typeof counts === 'number' ? [counts] : counts;
  if (!allowed.includes(args.length)) throw new MmpUsageError(syntax);
}

/** The `none` keyword that clears a file setting. */
export const isNone = (text: string): boolean => text === MMP_WORDS.none;

/** A file the command refers to must be in the node's file store. */
export function requireFiles(has: (name: string) => boolean, names: readonly string[]): void {
  for (const name of names) if (!has(name)) throw new MmpFailure(MMP_TEXT.fileMissing(name));
}

/** `enable`/`disable` as a boolean, else a usage answer. */
export function onOff(text: string | undefined, syntax: string): boolean {
  if (text === 'enable') return true;
  if (text === 'disable') return false;
  throw new MmpUsageError(syntax);
}

export const shown = (value: string | undefined): string => value ?? MMP_WORDS.none;

export const enabledWord = (on: boolean): string => (on ? MMP_WORDS.enabled.true : MMP_WORDS.enabled.false);

export const redirectWord = (on: boolean): string => (on ? MMP_WORDS.redirect.true : MMP_WORDS.redirect.false);
