/**
 * A node's MMP file store: the files uploaded over SFTP to the MMP root or made by `pki`
 * (certificates, keys, bundles, signing requests, users' public keys, the licence), which
 * `certs` and `trust` commands name. Files written only by name (the control API) are empty.
 */
import { defaultFileContents } from './defaultFiles';

/** What a freshly installed simulated node holds: a lab's usual certificate and key names. */
export const DEFAULT_MMP_FILES: readonly string[] = [
  'webadmin.key',
  'webadmin.crt',
  'cms.key',
  'cms.crt',
  'cms-fullchain.crt',
  'root-ca.crt',
  'dbserver.key',
  'dbserver.crt',
  'dbclient.key',
  'dbclient.crt',
];

/** MMP file names are bare names in the MMP root: no directories, no spaces. */
const FILE_NAME = /^[A-Za-z0-9._-]+$/;

export function isMmpFileName(name: string): boolean {
  return FILE_NAME.test(name) && name !== '.' && name !== '..';
}

function validate(names: readonly string[]): void {
  for (const name of names) {
    if (!isMmpFileName(name)) throw new Error(`invalid MMP file name ${JSON.stringify(name)} (a bare name such as cms.crt)`);
  }
}

/** How a store starts and resets: the usual lab files, or nothing (a blank node). */
export type MmpFileDefaults = 'lab' | 'none';

export class MmpFileStore {
  private readonly files = new Map<string, Buffer>();

  constructor(
    private readonly onChange: () => void = () => undefined,
    private readonly defaults: MmpFileDefaults = 'lab',
  ) {
    this.reset();
  }

  has(name: string): boolean {
    return this.files.has(name);
  }

  list(): string[] {
    return [...this.files.keys()].sort();
  }

  /** A file's content, or undefined when there is no such file. */
  read(name: string): Buffer | undefined {
    const content = this.files.get(name);
    return content === undefined ? undefined : Buffer.from(content);
  }

  /** Writes (or replaces) one file. */
  write(name: string, content: Buffer | string): void {
    validate([name]);
    this.files.set(name, Buffer.from(content));
    this.onChange();
  }

  /** Adds names with empty content (files whose content does not matter to a test). */
  add(...names: string[]): void {
    validate(names);
    for (const name of names) if (!this.files.has(name)) this.files.set(name, Buffer.alloc(0));
    this.onChange();
  }

  remove(...names: string[]): void {
    for (const name of names) this.files.delete(name);
    this.onChange();
  }

  /** Replace the whole store with these names (the control API's PUT). */
  set(names: readonly string[]): void {
    validate(names);
    this.files.clear();
    this.add(...names);
  }

  /** Every file as base64, for the state file. */
  export(): Record<string, string> {
    return Object.fromEntries([...this.files].sort(([a], [b]) => a.localeCompare(b)).map(([name, content]) => [name, content.toString('base64')]));
  }

  /** Restores saved files: a list of names (older state files) or names with base64 content. */
  import(saved: readonly string[] | Readonly<Record<string, string>>): void {
    this.files.clear();
    if (Array.isArray(saved)) {
      this.add(...(saved as readonly string[]));
      return;
    }
    const entries = Object.entries(saved as Record<string, string>);
    validate(entries.map(([name]) => name));
    for (const [name, content] of entries) this.files.set(name, Buffer.from(content, 'base64'));
    this.onChange();
  }

  reset(): void {
    this.files.clear();
    if (this.defaults === 'lab') for (const [name, content] of defaultFileContents()) this.files.set(name, Buffer.from(content));
  }
}
