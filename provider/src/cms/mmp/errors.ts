/**
 * One error class per way an MMP (SSH) session can fail. Messages name the node (`host:port`)
 * and the user, say what to do, and never carry a password, key, passphrase or a value the
 * caller marked sensitive.
 */

/** Where the client was talking to. */
export interface MmpTarget {
  readonly host: string;
  readonly port: number;
}

const at = (t: MmpTarget): string => `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;

/** Base of every MMP client error. */
export class MmpError extends Error {
  override name = 'MmpError';
  readonly host: string;
  readonly port: number;

  constructor(target: MmpTarget, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.host = target.host;
    this.port = target.port;
  }

  /** `host:port`. */
  get address(): string {
    return at(this);
  }
}

/** The client's options cannot work (no credentials, unreadable key, malformed fingerprint). */
export class MmpConfigError extends MmpError {
  override name = 'MmpConfigError';
}

export type MmpConnectionFailure = 'refused' | 'unreachable' | 'dns' | 'reset' | 'closed' | 'other';

/** The TCP connection or the SSH session failed below authentication, or dropped. */
export class MmpConnectionError extends MmpError {
  override name = 'MmpConnectionError';
  readonly failure: MmpConnectionFailure;
  /** The low-level code, e.g. `ECONNREFUSED`. */
  readonly code?: string;
  /** A command was under way when the connection dropped: it may or may not have been applied. */
  readonly commandMayHaveRun: boolean;

  constructor(target: MmpTarget, failure: MmpConnectionFailure, message: string, options: { code?: string; commandMayHaveRun?: boolean; cause?: unknown } = {}) {
    super(target, message, options);
    this.failure = failure;
    if (options.code !== undefined) this.code = options.code;
    this.commandMayHaveRun = options.commandMayHaveRun ?? false;
  }
}

/** The MMP refused the login. */
export class MmpAuthError extends MmpError {
  override name = 'MmpAuthError';
  constructor(
    target: MmpTarget,
    readonly username: string,
    methods: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      target,
      `the MMP at ${at(target)} refused the login of user "${username}" (tried ${methods.join(' and ') || 'no method'}). ` +
        'Check the password or key, that the account exists on this node with the admin role, and that its password has not expired.',
      options,
    );
  }
}

/** How to pin or trust a host key, said the same way in both host key errors. */
function pinAdvice(fingerprint: string): string {
  return `pin it with hostKeyFingerprint = "${fingerprint}" (compare it first with the node's key, e.g. "ssh-keygen -lf" on a trusted copy), or set trustOnFirstUse to accept the first key seen`;
}

/** The server's host key is not pinned and trust on first use is off. */
export class MmpUnknownHostKeyError extends MmpError {
  override name = 'MmpUnknownHostKeyError';
  constructor(
    target: MmpTarget,
    readonly fingerprint: string,
  ) {
    super(target, `the MMP at ${at(target)} presented host key ${fingerprint}, which is not pinned; if it is this node's key, ${pinAdvice(fingerprint)}`);
  }
}

/** The server's host key differs from the pinned one: possible interception. */
export class MmpHostKeyMismatchError extends MmpError {
  override name = 'MmpHostKeyMismatchError';
  constructor(
    target: MmpTarget,
    readonly expected: string,
    readonly fingerprint: string,
  ) {
    super(
      target,
      `HOST KEY MISMATCH: the MMP at ${at(target)} presented host key ${fingerprint}, but ${expected} is pinned. ` +
        'Someone may be intercepting the connection (or the node was reinstalled and has a new key). Nothing was sent. ' +
        'If the change is expected, pin the new fingerprint.',
    );
  }
}

/** No SSH handshake (`connect`) or no complete answer to a command (`command`) in time. */
export class MmpTimeoutError extends MmpError {
  override name = 'MmpTimeoutError';
  readonly phase: 'connect' | 'command';
  readonly timeoutMs: number;
  /** The command as logged (sensitive values redacted). */
  readonly command?: string;

  constructor(target: MmpTarget, phase: 'connect' | 'command', timeoutMs: number, command?: string) {
    super(
      target,
      phase === 'connect'
        ? `no SSH handshake with the MMP at ${at(target)} within ${timeoutMs} ms (is it an SSH server, and reachable?)`
        : `the MMP at ${at(target)} did not finish "${command}" within ${timeoutMs} ms; it may still have been applied`,
    );
    this.phase = phase;
    this.timeoutMs = timeoutMs;
    if (command !== undefined) this.command = command;
  }
}

/** The command ran and the MMP said it failed (`FAILURE: …`, an unknown command, a usage line). */
export class MmpCommandError extends MmpError {
  override name = 'MmpCommandError';
  /** The command as logged (sensitive values redacted). */
  readonly command: string;
  /** The MMP's failure text (redacted the same way). */
  readonly mmpText: string;

  constructor(target: MmpTarget, command: string, mmpText: string) {
    super(target, `the MMP at ${at(target)} refused "${command}": ${mmpText}`);
    this.command = command;
    this.mmpText = mmpText;
  }
}
