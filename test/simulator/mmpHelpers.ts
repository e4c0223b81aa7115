/** SSH test client for the simulated MMP (ssh2's Client, one command per exec channel, SFTP). */
import { Client, ConnectConfig, SFTPWrapper } from 'ssh2';
import type { SimNode } from '../../simulator/src';

export interface SshAuth {
  username: string;
  password?: string;
  privateKey?: string;
}

export const ADMIN: SshAuth = { username: 'admin', password: 'admin' };

export class SshSession {
  private constructor(private readonly client: Client) {}

  /** Connects and authenticates; rejects with ssh2's error (its `level` says which stage failed). */
  static connect(port: number, auth: SshAuth = ADMIN, extra: Partial<ConnectConfig> = {}): Promise<SshSession> {
    const client = new Client();
    return new Promise((resolve, reject) => {
      client.once('ready', () => {
        client.setNoDelay(true);
        resolve(new SshSession(client));
      });
      client.once('error', reject);
      client.connect({ host: '127.0.0.1', port, readyTimeout: 5000, ...auth, ...extra });
    });
  }

  static forNode(node: SimNode, auth: SshAuth = ADMIN): Promise<SshSession> {
    if (!node.ssh) throw new Error(`node ${node.name} has no SSH endpoint`);
    return SshSession.connect(node.ssh.port, auth);
  }

  /** Output of one command, and the exit status the channel reported. */
  execWithStatus(command: string): Promise<{ output: string; code: number | undefined }> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, stream) => {
        if (err) return reject(err);
        let output = '';
        let code: number | undefined;
        stream.on('data', (d: Buffer) => (output += d.toString('utf8')));
        stream.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
        stream.on('exit', (c: number | null) => (code = c ?? undefined));
        stream.on('close', () => resolve({ output, code }));
      });
    });
  }

  async exec(command: string): Promise<string> {
    return (await this.execWithStatus(command)).output;
  }

  /** Runs a command that asks for values, writing `input` lines to the channel, then ending it. */
  execWithInput(command: string, input: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, stream) => {
        if (err) return reject(err);
        let output = '';
        stream.on('data', (d: Buffer) => (output += d.toString('utf8')));
        stream.on('close', () => resolve(output));
        stream.end(input.map((l) => `${l}\n`).join(''));
      });
    });
  }

  /** An SFTP session on the same connection, its calls as promises. */
  sftp(): Promise<{ put(name: string, content: string | Buffer): Promise<void>; get(name: string): Promise<Buffer>; list(): Promise<string[]>; remove(name: string): Promise<void>; raw: SFTPWrapper }> {
    return new Promise((resolve, reject) => {
      this.client.sftp((err, sftp) => {
        if (err) return reject(err);
        const done = (res: () => void, rej: (e: Error) => void) => (e?: Error | null) => (e ? rej(e) : res());
        resolve({
          raw: sftp,
          put: (name, content) => new Promise((res, rej) => sftp.writeFile(name, content, done(res, rej))),
          get: (name) => new Promise((res, rej) => sftp.readFile(name, (e, data) => (e ? rej(e) : res(data)))),
          list: () => new Promise((res, rej) => sftp.readdir('/', (e, list) => (e ? rej(e) : res(list.map((f) => f.filename).sort())))),
          remove: (name) => new Promise((res, rej) => sftp.unlink(name, done(res, rej))),
        });
      });
    });
  }

  /** An interactive shell: writes lines, collects what comes back until `until` matches. */
  shell(): Promise<{ send(text: string): void; readUntil(pattern: RegExp): Promise<string>; close(): void }> {
    return new Promise((resolve, reject) => {
      this.client.shell(false, (err, stream) => {
        if (err) return reject(err);
        let buffer = '';
        let waiter: { pattern: RegExp; resolve: (text: string) => void } | undefined;
        const check = () => {
          if (waiter && waiter.pattern.test(buffer)) {
            const text = buffer;
            buffer = '';
            const w = waiter;
            waiter = undefined;
            w.resolve(text);
          }
        };
        stream.on('data', (d: Buffer) => {
          buffer += d.toString('utf8');
          check();
        });
        resolve({
          send: (text) => stream.write(text),
          readUntil: (pattern) =>
            new Promise((res) => {
              waiter = { pattern, resolve: res };
              check();
            }),
          close: () => stream.end(),
        });
      });
    });
  }

  close(): void {
    this.client.end();
  }
}
