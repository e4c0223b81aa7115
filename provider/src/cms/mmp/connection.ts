/**
 * One SSH connection to a node's MMP (ssh2, loaded on first use so that a provider run without
 * MMP resources never pays for it). Turns ssh2's failures into the MMP error classes.
 */
import type { Client, ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import { MmpAuthError, MmpConfigError, MmpConnectionError, MmpError, MmpTarget, MmpTimeoutError } from './errors';
import { HostKeyCheck } from './hostKey';

export interface MmpConnectOptions {
  readonly target: MmpTarget;
  readonly username: string;
  readonly password?: string;
  /** Private key text (OpenSSH or PEM). */
  readonly privateKey?: string;
  readonly passphrase?: string;
  /** Time allowed from TCP connect to the end of authentication. */
  readonly timeoutMs: number;
  readonly hostKeys: HostKeyCheck;
}

export interface MmpExecResult {
  readonly output: string;
  /** When the server reports one (the MMP may not). */
  readonly exitCode?: number;
}

const at = (t: MmpTarget): string => `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;

function loadSsh2(): typeof import('ssh2') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ssh2') as typeof import('ssh2');
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ETIMEDOUT', 'EADDRNOTAVAIL']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

/** The error for a connection that never became ready. */
function connectFailure(err: Error, options: MmpConnectOptions): MmpError {
  const refusedKey = options.hostKeys.failure();
  if (refusedKey) return refusedKey;
  const { target } = options;
  const level = (err as { level?: string }).level;
  const code = (err as NodeJS.ErrnoException).code;
  if (level === 'client-authentication') {
    const methods = [...(options.password !== undefined ? ['password'] : []), ...(options.privateKey !== undefined ? ['public key'] : [])];
    return new MmpAuthError(target, options.username, methods, { cause: err });
  }
  if (level === 'client-timeout') return new MmpTimeoutError(target, 'connect', options.timeoutMs);
  if (code === 'ECONNREFUSED') {
    return new MmpConnectionError(target, 'refused', `connection to the MMP at ${at(target)} refused: nothing accepts connections on that port (is SSH enabled on the node, and is the port right?)`, { code, cause: err });
  }
  if (code && DNS.has(code)) return new MmpConnectionError(target, 'dns', `cannot resolve the MMP host name "${target.host}" (${code})`, { code, cause: err });
  if (code && UNREACHABLE.has(code)) return new MmpConnectionError(target, 'unreachable', `cannot reach the MMP at ${at(target)} (${code}): check the address, routing and firewalls`, { code, cause: err });
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new MmpConnectionError(target, 'reset', `the MMP at ${at(target)} reset the connection during the SSH handshake (${code})`, { code, cause: err });
  }
  return new MmpConnectionError(target, 'other', `SSH connection to the MMP at ${at(target)} failed: ${err.message}`, { ...(code ? { code } : {}), cause: err });
}

export class MmpConnection {
  private dead = false;
  private sftpSession: Promise<SFTPWrapper> | undefined;
  /** Commands under way, told when the connection drops. */
  private readonly running = new Set<(cause?: Error) => void>();

  private constructor(
    private readonly client: Client,
    private readonly target: MmpTarget,
  ) {
    const drop = (cause?: Error) => {
      this.dead = true;
      for (const notify of [...this.running]) notify(cause);
    };
    client.on('error', drop);
    client.on('close', () => drop());
  }

  static open(options: MmpConnectOptions): Promise<MmpConnection> {
    const { Client: SshClient, utils } = loadSsh2();
    if (options.privateKey !== undefined) {
      // ssh2's messages say what is wrong (format, missing or bad passphrase), never the key.
      const parsed = utils.parseKey(options.privateKey, options.passphrase);
      if (parsed instanceof Error) {
        return Promise.reject(new MmpConfigError(options.target, `cannot use the private key of MMP user "${options.username}": ${parsed.message}`));
      }
    }
    const client = new SshClient();
    const config: ConnectConfig = {
      host: options.target.host,
      port: options.target.port,
      username: options.username,
      readyTimeout: options.timeoutMs,
      hostVerifier: (key: Buffer) => options.hostKeys.verify(key),
      ...(options.password !== undefined ? { password: options.password } : {}),
      ...(options.privateKey !== undefined ? { privateKey: options.privateKey } : {}),
      ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
    };
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        // ssh2 may report more (the lost connection) after the first failure: only the first counts.
        client.on('error', () => undefined);
        client.destroy();
        reject(connectFailure(err, options));
      };
      const closedEarly = () => fail(Object.assign(new Error('the server closed the connection before the SSH handshake finished'), { code: 'ECONNRESET' }));
      client.on('error', fail);
      client.on('close', closedEarly);
      client.once('ready', () => {
        settled = true;
        client.off('error', fail);
        client.off('close', closedEarly);
        // One small packet per command each way: without this, Nagle and delayed ACKs add ~40 ms.
        client.setNoDelay(true);
        resolve(new MmpConnection(client, options.target));
      });
      client.connect(config);
    });
  }

  /** False once the connection dropped, failed or timed out. */
  get usable(): boolean {
    return !this.dead;
  }

  /**
   * Runs one command on its own channel. `logged` is the command as errors may show it (redacted).
   * A timeout closes the whole connection: the command's fate and the session's state are unknown.
   */
  exec(command: string, timeoutMs: number, logged: string, input?: readonly string[]): Promise<MmpExecResult> {
    const target = this.target;
    if (this.dead) return Promise.reject(new MmpConnectionError(target, 'closed', `the connection to the MMP at ${at(target)} is closed`));
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.running.delete(dropped);
        settle();
      };
      const dropped = (cause?: Error) =>
        finish(() =>
          reject(
            new MmpConnectionError(target, 'closed', `the MMP at ${at(target)} closed the connection while "${logged}" was running; it may or may not have been applied`, {
              commandMayHaveRun: true,
              ...(cause ? { cause } : {}),
            }),
          ),
        );
      const timer = setTimeout(
        () =>
          finish(() => {
            this.close();
            reject(new MmpTimeoutError(target, 'command', timeoutMs, logged));
          }),
        timeoutMs,
      );
      this.running.add(dropped);
      const onChannel = (err: Error | undefined, channel: ClientChannel) => {
        if (err) {
          finish(() => reject(new MmpConnectionError(target, 'other', `the MMP at ${at(target)} would not run "${logged}": ${err.message}`, { cause: err })));
          return;
        }
        const chunks: Buffer[] = [];
        let exitCode: number | undefined;
        channel.on('data', (d: Buffer) => chunks.push(d));
        channel.stderr.on('data', (d: Buffer) => chunks.push(d));
        channel.on('exit', (code: number | null) => {
          if (typeof code === 'number') exitCode = code;
        });
        channel.on('close', () => {
          // A channel closed by a dropped connection, without an exit status, is not an answer.
          setImmediate(() => {
            if (this.dead && exitCode === undefined) dropped();
            else finish(() => resolve({ output: Buffer.concat(chunks).toString('utf8'), ...(exitCode !== undefined ? { exitCode } : {}) }));
          });
        });
        // Values the command asks for (passwords) go on its input, never on its command line.
        if (input) channel.end(input.map((line) => `${line}\n`).join(''));
      };
      try {
        this.client.exec(command, onChannel);
      } catch (err) {
        // ssh2 throws when the socket closed since the usable check: nothing was sent.
        this.dead = true;
        finish(() => reject(new MmpConnectionError(target, 'closed', `the connection to the MMP at ${at(target)} closed before "${logged}" was sent`, { cause: err })));
      }
    });
  }

  /** The connection's SFTP session (opened on first use), for the MMP root's files. */
  sftp(timeoutMs: number): Promise<SFTPWrapper> {
    const target = this.target;
    if (this.dead) return Promise.reject(new MmpConnectionError(target, 'closed', `the connection to the MMP at ${at(target)} is closed`));
    this.sftpSession ??= new Promise<SFTPWrapper>((resolve, reject) => {
      const timer = setTimeout(() => reject(new MmpTimeoutError(target, 'command', timeoutMs, 'sftp')), timeoutMs);
      this.client.sftp((err, sftp) => {
        clearTimeout(timer);
        if (err) reject(new MmpConnectionError(target, 'other', `the MMP at ${at(target)} refused an SFTP session: ${err.message}`, { cause: err }));
        else resolve(sftp);
      });
    });
    this.sftpSession.catch(() => {
      this.sftpSession = undefined;
    });
    return this.sftpSession;
  }

  close(): void {
    this.dead = true;
    this.client.end();
    this.client.destroy();
  }
}
