/**
 * The MMP client: runs MMP commands on one Meeting Server node over SSH, one command per exec
 * channel (as automation drives the MMP), over one reused connection, one command at a time.
 *
 *   const mmp = new MmpClient({ host: 'cms1.example.com', username: 'admin', password,
 *                               hostKeyFingerprint: 'SHA256:…' });
 *   await mmp.runChecked('webadmin listen a 445');
 *   const db = await mmp.databaseClusterStatus();
 *   await mmp.close();
 */
import * as fs from 'node:fs';
import { MmpDatabaseClusterStatus, parseDatabaseClusterStatus } from './databaseClusterStatus';
import { MmpCommandError, MmpConfigError, MmpConnectionError, MmpError, MmpTarget } from './errors';
import { HostKeyCheck } from './hostKey';
import { MmpDnsForwardZone, parseDnsForwardZones, parseNtpServers } from './lists';
import { MmpSyslogStatus, MmpTlsStatus, parseSyslogStatus, parseTlsStatus } from './logging';
import { MmpUser, parseUserList, parseUserRules } from './accounts';
import { MmpCertificateInfo, parsePkiInspect } from './pki';
import { MmpFiles } from './sftp';
import { emitMmpLog, MmpLogFields, MmpLogHook, redact } from './log';
import { MmpConnection } from './connection';
import { mmpFailureText } from './outcome';
import { MmpCallBridgeStatus, MmpWebAdminStatus, MmpWebBridge3Status, parseCallBridgeStatus, parseWebAdminStatus, parseWebBridge3Status } from './serviceViews';
import { parseStatusBlock } from './statusBlock';

export interface MmpClientOptions {
  readonly host: string;
  /** Default 22. */
  readonly port?: number;
  /** An MMP user with the admin role on this node. */
  readonly username: string;
  readonly password?: string;
  /** A private key: its text (OpenSSH or PEM), or the path of the key file. */
  readonly privateKey?: string;
  /** For an encrypted private key. */
  readonly passphrase?: string;
  /** The node's host key as `ssh-keygen -lf` prints it (`SHA256:…`). Any other key is refused. */
  readonly hostKeyFingerprint?: string;
  /**
   * Without a pinned fingerprint, accept the key the node presents on the first connection
   * (logged, and held for this client's later connections). Default false: refuse unknown keys.
   */
  readonly trustOnFirstUse?: boolean;
  /** Time allowed for connecting and logging in, and for each command. Default 30 s. */
  readonly timeoutMs?: number;
  /** Receives connection and command entries; never credentials, keys or command output. */
  readonly onLog?: MmpLogHook;
}

export interface MmpRunOptions {
  /** Values in the command that must never appear in logs or errors (replaced by `(redacted)`). */
  readonly sensitive?: readonly string[];
  readonly timeoutMs?: number;
  /**
   * Lines for the command's input: the answers to what it asks (passwords for `user add`,
   * `passwd`). Never logged, and redacted from errors.
   */
  readonly input?: readonly string[];
}

export const DEFAULT_MMP_PORT = 22;
export const DEFAULT_MMP_TIMEOUT_MS = 30_000;

/** Service names `status()` accepts: one lower-case word (`webadmin`, `callbridge`, `turn`, …). */
const SERVICE_NAME = /^[a-z][a-z0-9]*$/;

function readPrivateKey(target: MmpTarget, value: string): string {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return value;
  try {
    return fs.readFileSync(value, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    // The value is a path here (not key text), so naming it reveals no secret.
    throw new MmpConfigError(target, `privateKey is neither private key text nor a readable key file (${value}: ${code})`);
  }
}

export class MmpClient {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  private readonly target: MmpTarget;
  private readonly password: string | undefined;
  private readonly privateKey: string | undefined;
  private readonly passphrase: string | undefined;
  private readonly timeoutMs: number;
  private readonly hostKeys: HostKeyCheck;
  private readonly onLog: MmpLogHook | undefined;
  private connection: MmpConnection | undefined;
  /** Commands run one after another: the MMP is a single administrator's console. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: MmpClientOptions) {
    this.host = options.host;
    this.port = options.port ?? DEFAULT_MMP_PORT;
    this.username = options.username;
    this.target = { host: this.host, port: this.port };
    if (!this.host) throw new MmpConfigError(this.target, 'host is empty');
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) throw new MmpConfigError(this.target, `port ${this.port} is not a TCP port`);
    if (!this.username) throw new MmpConfigError(this.target, 'username is empty');
    if (options.password === undefined && options.privateKey === undefined) {
      throw new MmpConfigError(this.target, `no password or private key for MMP user "${this.username}"`);
    }
    this.password = options.password;
    this.privateKey = options.privateKey === undefined ? undefined : readPrivateKey(this.target, options.privateKey);
    this.passphrase = options.passphrase;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_MMP_TIMEOUT_MS;
    this.hostKeys = new HostKeyCheck(this.target, options.hostKeyFingerprint, options.trustOnFirstUse ?? false);
    this.onLog = options.onLog;
  }

  /** The host key fingerprint the node presented (after a connection), e.g. to pin it. */
  get hostKeyFingerprint(): string | undefined {
    return this.hostKeys.seen;
  }

  /** Connects and logs in now (otherwise the first command does). */
  connect(): Promise<void> {
    return this.serialised(async () => {
      await this.connected();
    });
  }

  /** Runs one command and returns what it printed, whatever it says. */
  run(command: string, options: MmpRunOptions = {}): Promise<string> {
    return this.serialised(() => this.execute(command, options));
  }

  /** Runs one command; throws {@link MmpCommandError} when the MMP says it failed. */
  async runChecked(command: string, options: MmpRunOptions = {}): Promise<string> {
    const output = await this.run(command, options);
    const failure = mmpFailureText(output);
    if (failure !== undefined) {
      const secrets = [...(options.sensitive ?? []), ...(options.input ?? [])];
      const error = new MmpCommandError(this.target, redact(command, secrets), redact(failure, secrets));
      this.log('warn', 'MMP command failed', { command: error.command, error: error.message });
      throw error;
    }
    return output;
  }

  /** A service's status block as printed (`status('webadmin')` → `{ Enabled: 'true', … }`). */
  async status(service: string): Promise<Record<string, string>> {
    if (!SERVICE_NAME.test(service)) throw new MmpConfigError(this.target, `"${service}" is not an MMP service name (e.g. webadmin, callbridge, webbridge3)`);
    return parseStatusBlock(await this.runChecked(service));
  }

  async databaseClusterStatus(): Promise<MmpDatabaseClusterStatus> {
    return parseDatabaseClusterStatus(await this.runChecked('database cluster status'));
  }

  async ntpServers(): Promise<string[]> {
    return parseNtpServers(await this.runChecked('ntp server list'));
  }

  async dnsForwardZones(): Promise<MmpDnsForwardZone[]> {
    return parseDnsForwardZones(await this.runChecked('dns'));
  }

  async webadmin(): Promise<MmpWebAdminStatus> {
    return parseWebAdminStatus(await this.runChecked('webadmin'));
  }

  async callbridge(): Promise<MmpCallBridgeStatus> {
    return parseCallBridgeStatus(await this.runChecked('callbridge'));
  }

  async webbridge3(): Promise<MmpWebBridge3Status> {
    return parseWebBridge3Status(await this.runChecked('webbridge3'));
  }

  /** A certificate file as `pki inspect` describes it (a bundle: its first certificate). */
  async inspectCertificate(file: string): Promise<MmpCertificateInfo> {
    return parsePkiInspect(await this.runChecked(`pki inspect ${file}`));
  }

  /** The node's MMP users and their roles (`user list`). */
  async users(): Promise<MmpUser[]> {
    return parseUserList(await this.runChecked('user list'));
  }

  /** The password and login rules (`user rule`). */
  async userRules(): Promise<Record<string, number>> {
    return parseUserRules(await this.runChecked('user rule'));
  }

  async syslog(): Promise<MmpSyslogStatus> {
    return parseSyslogStatus(await this.runChecked('syslog'));
  }

  /** One service's TLS settings (`tls <service>`). */
  async tls(service: string): Promise<MmpTlsStatus> {
    if (!SERVICE_NAME.test(service)) throw new MmpConfigError(this.target, `"${service}" is not an MMP service name (e.g. sip, ldap, webadmin)`);
    return parseTlsStatus(await this.runChecked(`tls ${service}`));
  }

  /** The MMP root's files over SFTP (uploads, downloads, removal), on this client's connection. */
  get files(): MmpFiles {
    return new MmpFiles(
      (work) => this.serialised(async () => work(await (await this.connected()).sftp(this.timeoutMs))),
      this.target,
      (message, fields) => this.log('debug', message, fields),
    );
  }

  /** Closes the connection; later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    this.connection?.close();
    this.connection = undefined;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async connected(): Promise<MmpConnection> {
    if (this.closed) throw new MmpConnectionError(this.target, 'closed', `this MMP client for ${this.host}:${this.port} was closed`);
    if (this.connection?.usable) return this.connection;
    const started = Date.now();
    try {
      this.connection = await MmpConnection.open({
        target: this.target,
        username: this.username,
        ...(this.password !== undefined ? { password: this.password } : {}),
        ...(this.privateKey !== undefined ? { privateKey: this.privateKey } : {}),
        ...(this.passphrase !== undefined ? { passphrase: this.passphrase } : {}),
        timeoutMs: this.timeoutMs,
        hostKeys: this.hostKeys,
      });
    } catch (err) {
      this.log('error', 'MMP connection failed', { durationMs: Date.now() - started, error: err instanceof Error ? err.message : String(err) });
      throw err instanceof MmpError ? err : new MmpConnectionError(this.target, 'other', String(err), { cause: err });
    }
    this.log('info', 'MMP connected', { durationMs: Date.now() - started, ...(this.hostKeys.seen ? { fingerprint: this.hostKeys.seen } : {}) });
    const trusted = this.hostKeys.trustedOnFirstUse;
    if (trusted) {
      this.hostKeys.trustedOnFirstUse = undefined;
      this.log('warn', `MMP host key ${trusted} trusted on first use; pin it with hostKeyFingerprint`, { fingerprint: trusted });
    }
    return this.connection;
  }

  private async execute(command: string, options: MmpRunOptions): Promise<string> {
    const logged = redact(command, options.sensitive);
    // One command per exec: a line break would smuggle in a second one.
    if (/[\r\n]/.test(command) || command.trim() === '') throw new MmpConfigError(this.target, `an MMP command must be one non-empty line (got "${logged}")`);
    const connection = await this.connected();
    const started = Date.now();
    this.log('debug', 'MMP command', { command: logged });
    try {
      const { output } = await connection.exec(command, options.timeoutMs ?? this.timeoutMs, logged, options.input);
      this.log('debug', 'MMP answer', { command: logged, durationMs: Date.now() - started, outputLines: output.split('\n').filter(Boolean).length });
      return output;
    } catch (err) {
      this.log('error', 'MMP command did not complete', { command: logged, durationMs: Date.now() - started, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }

  private log(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string, fields: Omit<MmpLogFields, 'host' | 'port' | 'username'>): void {
    emitMmpLog(this.onLog, level, message, { host: this.host, port: this.port, username: this.username, ...fields });
  }
}
