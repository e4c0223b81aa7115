/**
 * Files in a node's MMP root over SFTP (cms-api.md §3: certificates, keys, bundles and public
 * keys are uploaded and then named by bare file name). Logs name the file and its size, never
 * its content.
 */
import type { SFTPWrapper } from 'ssh2';
import { MmpCommandError, MmpConfigError, MmpTarget } from './errors';
import type { MmpLogFields } from './log';

const FILE_NAME = /^[A-Za-z0-9._-]+$/;
/** ssh2's status code for a missing file. */
const NO_SUCH_FILE = 2;

type Run = <T>(work: (sftp: SFTPWrapper) => Promise<T>) => Promise<T>;

function isMissing(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === NO_SUCH_FILE;
}

export class MmpFiles {
  constructor(
    private readonly run: Run,
    private readonly target: MmpTarget,
    private readonly log: (message: string, fields: Omit<MmpLogFields, 'host' | 'port' | 'username'>) => void,
  ) {}

  private check(name: string): string {
    if (!FILE_NAME.test(name) || name === '.' || name === '..') throw new MmpConfigError(this.target, `"${name}" is not an MMP file name (a bare name such as cms.crt)`);
    return name;
  }

  private failed(what: string, name: string, err: unknown): MmpCommandError {
    return new MmpCommandError(this.target, `sftp ${what} ${name}`, err instanceof Error ? err.message : String(err));
  }

  /** Writes (or replaces) a file. */
  async upload(name: string, content: string | Buffer): Promise<void> {
    this.check(name);
    const data = Buffer.from(content);
    await this.run(
      (sftp) =>
        new Promise<void>((resolve, reject) => {
          sftp.writeFile(`/${name}`, data, (err) => (err ? reject(this.failed('put', name, err)) : resolve()));
        }),
    );
    this.log('MMP file uploaded', { command: `sftp put ${name}`, outputLines: data.length });
  }

  /** A file's content, or undefined when the node has no such file. */
  async download(name: string): Promise<Buffer | undefined> {
    this.check(name);
    return this.run(
      (sftp) =>
        new Promise<Buffer | undefined>((resolve, reject) => {
          sftp.readFile(`/${name}`, (err, data) => (err ? (isMissing(err) ? resolve(undefined) : reject(this.failed('get', name, err))) : resolve(data)));
        }),
    );
  }

  /** Removes a file; false when there was none. */
  async remove(name: string): Promise<boolean> {
    this.check(name);
    return this.run(
      (sftp) =>
        new Promise<boolean>((resolve, reject) => {
          sftp.unlink(`/${name}`, (err) => (err ? (isMissing(err) ? resolve(false) : reject(this.failed('rm', name, err))) : resolve(true)));
        }),
    ).then((removed) => {
      if (removed) this.log('MMP file removed', { command: `sftp rm ${name}` });
      return removed;
    });
  }

  /** The names of the files in the MMP root. */
  list(): Promise<string[]> {
    return this.run(
      (sftp) =>
        new Promise<string[]>((resolve, reject) => {
          sftp.readdir('/', (err, entries) => (err ? reject(this.failed('ls', '/', err)) : resolve(entries.map((e) => e.filename).filter((n) => FILE_NAME.test(n)).sort())));
        }),
    );
  }
}
