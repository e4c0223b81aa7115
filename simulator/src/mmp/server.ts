/**
 * A node's MMP endpoint: an SSH server (ssh2) on its own port. Each `exec` channel runs one
 * command and closes with its output, the way automation drives the MMP; a `shell` channel
 * gives a prompt. SFTP and port forwarding are refused.
 */
import * as net from 'node:net';
import { Connection, Server, Session } from 'ssh2';
import type { SimUser } from '../cluster/node';
import { MMP_EXIT_STATUS } from '../unverified';
import { MMP_AUTH_METHODS, mmpCredentialsValid } from './auth';
import { runShell, ShellHost } from './shell';

export interface MmpSessionHost extends ShellHost {
  users(): readonly SimUser[];
  /** Runs one command without questions (the `exec` way) and returns its output. */
  exec(line: string): string;
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
  client.on('authentication', (ctx) => {
    if (mmpCredentialsValid(ctx, host.users())) ctx.accept();
    else ctx.reject([...MMP_AUTH_METHODS]);
  });
  client.on('ready', () => {
    client.on('session', (accept) => serveSession(accept(), host));
  });
}

function serveSession(session: Session, host: MmpSessionHost): void {
  let terminal = false;
  session.on('pty', (accept) => {
    terminal = true;
    accept?.();
  });
  session.on('exec', (accept, _reject, info) => {
    const channel = accept();
    void (async () => {
      const delay = host.delayMs();
      if (delay > 0) await sleep(delay);
      let output: string;
      try {
        output = host.exec(info.command);
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
}
