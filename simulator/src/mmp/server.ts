/**
 * A node's MMP endpoint: an SSH server (ssh2) on its own port. Each `exec` channel runs one
 * command and closes with its output, the way automation drives the MMP (values a command asks
 * for, such as passwords, are read from the channel's input); a `shell` channel gives a prompt;
 * the `sftp` subsystem reaches the MMP root's files. Port forwarding is refused.
 */
import * as net from 'node:net';
import { Connection, Server, ServerChannel, Session } from 'ssh2';
import type { SimUser } from '../cluster/node';
import { MMP_EXEC_INPUT_WAIT_MS, MMP_EXIT_STATUS } from '../unverified';
import { MMP_AUTH_METHODS, mmpCredentialsValid } from './auth';
import { serveSftp, SftpHost } from './sftp';
import { runShell, ShellHost } from './shell';

export interface MmpSessionHost extends ShellHost {
  users(): readonly SimUser[];
  /** A user's public keys uploaded as `<user>.pub`. */
  uploadedKeys(user: string): string[];
  /** Runs one command the `exec` way (`readInput` gives the channel's input lines when asked) and returns its output. */
  exec(line: string, user: string, readInput: (lines: number) => Promise<string[]>): Promise<string>;
  /** The node's MMP root for SFTP. */
  sftp(user: string): SftpHost;
  /** Fault hook: how long every answer waits. */
  delayMs(): number;
}

export interface MmpServerOptions {
  host: string;
  port: number;
  /** OpenSSH private key text. */
  hostKey: string;
  session: MmpSessionHost;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class MmpServer {
  private constructor(
    private readonly tcp: net.Server,
    readonly port: number,
    private readonly sockets: Set<net.Socket>,
  ) {}

  static async listen(options: MmpServerOptions): Promise<MmpServer> {
    const ssh = new Server({ hostKeys: [options.hostKey] }, (client) => serveConnection(client, options.session));
    // Our own TCP server hands sockets to ssh2, so that close() can drop live connections.
    const sockets = new Set<net.Socket>();
    const tcp = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // One small packet per answer: without this, Nagle and delayed ACKs add ~40 ms to each.
      socket.setNoDelay(true);
      ssh.injectSocket(socket);
    });
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(options.port, options.host, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
    return new MmpServer(tcp, (tcp.address() as net.AddressInfo).port, sockets);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}

function serveConnection(client: Connection, host: MmpSessionHost): void {
  // A dropped connection is the client's business; it must not take the simulator down.
  client.on('error', () => undefined);
  let user = '';
  client.on('authentication', (ctx) => {
    if (mmpCredentialsValid(ctx, host.users(), (name) => host.uploadedKeys(name))) {
      user = ctx.username;
      ctx.accept();
    } else {
      ctx.reject([...MMP_AUTH_METHODS]);
    }
  });
  client.on('ready', () => {
    client.on('session', (accept) => serveSession(accept(), host, user));
  });
}

/** Collects a channel's input lines from the moment it opens; `take(n)` waits for n lines or the end of input. */
function inputLines(channel: ServerChannel): (count: number) => Promise<string[]> {
  let text = '';
  let ended = false;
  let waiter: (() => void) | undefined;
  channel.on('data', (d: Buffer) => {
    text += d.toString('utf8');
    waiter?.();
  });
  channel.on('end', () => {
    ended = true;
    waiter?.();
  });
  const lines = () => text.split(/\r?\n/).slice(0, -1);
  return (count) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => done(), MMP_EXEC_INPUT_WAIT_MS);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        waiter = undefined;
        const complete = lines();
        // Input that ends without a final newline still counts as a line.
        const tail = ended && !text.endsWith('\n') && text.split(/\r?\n/).pop() ? [text.split(/\r?\n/).pop()!] : [];
        resolve([...complete, ...tail].slice(0, count));
      };
      waiter = () => {
        if (ended || lines().length >= count) done();
      };
      waiter();
    });
}

function serveSession(session: Session, host: MmpSessionHost, user: string): void {
  let terminal = false;
  session.on('pty', (accept) => {
    terminal = true;
    accept?.();
  });
  session.on('exec', (accept, _reject, info) => {
    const channel = accept();
    const readInput = inputLines(channel);
    void (async () => {
      const delay = host.delayMs();
      if (delay > 0) await sleep(delay);
      let output: string;
      try {
        output = await host.exec(info.command, user, readInput);
      } catch (err) {
        // A simulator bug, shown the way the MMP shows a refusal rather than as a dead channel.
        output = `FAILURE: simulator error: ${err instanceof Error ? err.message : String(err)}\n`;
      } finally {
        host.afterCommand();
      }
      // The client may have given up (timeout) and closed the channel meanwhile.
      if (channel.destroyed || !channel.writable) return;
      channel.write(output);
      channel.exit(MMP_EXIT_STATUS);
      channel.end();
    })();
  });
  session.on('shell', (accept) => runShell(accept(), host, terminal));
  session.on('sftp', (accept) => serveSftp(accept(), host.sftp(user)));
}
