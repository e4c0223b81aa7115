/** Small helpers shared by the constructs; not exported from the package. */
import { TerraformStack, Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { CmsProvider } from '../../generated/providers/cms/provider';

/** Values listed more than once (compared as given). */
export function duplicates<T>(items: readonly T[]): T[] {
  return [...new Set(items.filter((x, i) => items.indexOf(x) !== i))];
}

/** The host part of a URL, or undefined when the URL is a token or not a URL. */
export function hostOf(url: string): string | undefined {
  if (Token.isUnresolved(url)) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Every construct of a class in the stack that holds `scope`. */
export function findInStack<T extends IConstruct>(scope: IConstruct, guard: (c: IConstruct) => c is T): T[] {
  return TerraformStack.of(scope).node.findAll().filter(guard);
}

/** Whether the stack has a `cms` provider without alias, which resources naming no provider use. */
export function hasDefaultProvider(scope: IConstruct): boolean {
  return findInStack(scope, (c): c is CmsProvider => c instanceof CmsProvider).some((p) => p.alias === undefined);
}

/** A construct id from a name chosen by people (construct ids cannot hold `/`). */
export function idFrom(name: string): string {
  return name.replace(/\//g, '-');
}

/** A network interface name of the MMP (a to e). */
export function checkInterface(what: string, value: string): void {
  if (!Token.isUnresolved(value) && !/^[a-e]$/.test(value)) throw new Error(`${what} must be a network interface name a to e; got ${JSON.stringify(value)}.`);
}

/** A TCP port (1-65535). */
export function checkPort(what: string, value: number): void {
  if (!Token.isUnresolved(value) && !(Number.isInteger(value) && value >= 1 && value <= 65535)) throw new Error(`${what} must be a TCP port 1-65535; got ${value}.`);
}

/** A whole number within a range, unless it is a token. */
export function checkRange(what: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${what} must be a whole number from ${min} to ${max}; got ${value}.`);
}

/** An MMP file name (uploaded with SFTP): no path. */
export function checkFileName(what: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!/^[A-Za-z0-9._-]+$/.test(value)) throw new Error(`${what} must be a file name on the MMP (uploaded with SFTP), without a path; got ${JSON.stringify(value)}.`);
}
