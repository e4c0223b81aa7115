/**
 * A node's MMP file store: the names of files uploaded over SFTP to the MMP root (certificates,
 * keys, bundles, the licence), which `certs` and `trust` commands name. Only names are kept:
 * the simulator never reads certificate contents.
 */

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

function validate(names: readonly string[]): void {
  for (const name of names) {
    if (!FILE_NAME.test(name)) throw new Error(`invalid MMP file name ${JSON.stringify(name)} (a bare name such as cms.crt)`);
  }
}

export class MmpFileStore {
  private readonly names = new Set<string>(DEFAULT_MMP_FILES);

  constructor(private readonly onChange: () => void = () => undefined) {}

  has(name: string): boolean {
    return this.names.has(name);
  }

  list(): string[] {
    return [...this.names].sort();
  }

  add(...names: string[]): void {
    validate(names);
    for (const name of names) this.names.add(name);
    this.onChange();
  }

  remove(...names: string[]): void {
    for (const name of names) this.names.delete(name);
    this.onChange();
  }

  /** Replace the whole store (the control API's PUT). */
  set(names: readonly string[]): void {
    validate(names);
    this.names.clear();
    this.add(...names);
  }

  reset(): void {
    this.names.clear();
    for (const name of DEFAULT_MMP_FILES) this.names.add(name);
  }
}
