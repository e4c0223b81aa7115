/**
 * Host key checking: SHA-256 fingerprints the way OpenSSH prints them, compared with the one the
 * user pinned, or trusted on first use when allowed (then kept for this client's reconnections).
 */
import * as crypto from 'node:crypto';
import { MmpConfigError, MmpError, MmpHostKeyMismatchError, MmpTarget, MmpUnknownHostKeyError } from './errors';

/** `SHA256:` and the unpadded base64 SHA-256 of the public key blob, as `ssh-keygen -l` shows it. */
export function sshFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Accepts `SHA256:abc…`, `abc…` and padded base64; answers the canonical `SHA256:abc…`. */
export function normaliseFingerprint(text: string): string | undefined {
  const body = text.trim().replace(/^SHA256:/i, '').replace(/=+$/, '');
  return /^[A-Za-z0-9+/]{43}$/.test(body) ? `SHA256:${body}` : undefined;
}

export class HostKeyCheck {
  private pinned: string | undefined;
  /** The fingerprint the server presented last. */
  seen: string | undefined;
  private refusal: 'unknown' | 'mismatch' | undefined;
  /** Set when a key was accepted because trust on first use allowed it (the caller should say so). */
  trustedOnFirstUse: string | undefined;

  constructor(
    private readonly target: MmpTarget,
    pinned: string | undefined,
    private readonly trustOnFirstUse: boolean,
  ) {
    if (pinned !== undefined) {
      this.pinned = normaliseFingerprint(pinned);
      if (!this.pinned) throw new MmpConfigError(target, `hostKeyFingerprint "${pinned}" is not a SHA256 fingerprint (expected SHA256: and 43 base64 characters, as "ssh-keygen -lf" prints)`);
    }
  }

  /** ssh2's host verifier: true lets the handshake go on. */
  verify(publicKeyBlob: Buffer): boolean {
    const fingerprint = sshFingerprint(publicKeyBlob);
    this.seen = fingerprint;
    this.refusal = undefined;
    if (this.pinned) {
      if (fingerprint === this.pinned) return true;
      this.refusal = 'mismatch';
      return false;
    }
    if (!this.trustOnFirstUse) {
      this.refusal = 'unknown';
      return false;
    }
    // Trusted once: later connections of this client must present the same key.
    this.pinned = fingerprint;
    this.trustedOnFirstUse = fingerprint;
    return true;
  }

  /** The error for the last refusal, if the last handshake was refused here. */
  failure(): MmpError | undefined {
    if (this.refusal === 'mismatch') return new MmpHostKeyMismatchError(this.target, this.pinned!, this.seen!);
    if (this.refusal === 'unknown') return new MmpUnknownHostKeyError(this.target, this.seen!);
    return undefined;
  }
}
