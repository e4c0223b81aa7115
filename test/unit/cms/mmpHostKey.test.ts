/** MMP host key fingerprints and pinning, and redaction of sensitive command values. */
import { MmpConfigError, MmpHostKeyMismatchError, MmpUnknownHostKeyError, normaliseFingerprint, redact, sshFingerprint } from '../../../provider/src/cms/mmp';
import { HostKeyCheck } from '../../../provider/src/cms/mmp/hostKey';

// An Ed25519 public key and the fingerprint `ssh-keygen -lf` printed for it.
const PUBLIC_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAID97aZuSQljkm2NK0SVzzo0BbRoO7sq/4BwxRUmCqoVH';
const FINGERPRINT = 'SHA256:GZN2XK1xkdQHEFssQYFCuU8NsE6VEj0qP+y98BeUyJk';
const blob = Buffer.from(PUBLIC_KEY, 'base64');
const target = { host: 'cms1.example.com', port: 22 };

it('computes fingerprints as ssh-keygen prints them, and normalises pinned ones', () => {
  expect(sshFingerprint(blob)).toBe(FINGERPRINT);
  expect(normaliseFingerprint(FINGERPRINT)).toBe(FINGERPRINT);
  expect(normaliseFingerprint(` ${FINGERPRINT.slice(7)}= `)).toBe(FINGERPRINT);
  expect(normaliseFingerprint('sha256:short')).toBeUndefined();
  expect(() => new HostKeyCheck(target, 'MD5:aa:bb', false)).toThrow(MmpConfigError);
});

it('accepts the pinned key and refuses another one as a mismatch', () => {
  const check = new HostKeyCheck(target, FINGERPRINT, false);
  expect(check.verify(blob)).toBe(true);
  expect(check.failure()).toBeUndefined();
  const other = Buffer.from(blob);
  other[other.length - 1] ^= 1;
  expect(check.verify(other)).toBe(false);
  const failure = check.failure();
  expect(failure).toBeInstanceOf(MmpHostKeyMismatchError);
  expect(failure!.message).toContain(FINGERPRINT);
  expect(failure!.message).toContain(sshFingerprint(other));
  expect(failure!.message).toMatch(/intercept/);
});

it('refuses an unknown key unless told to trust it on first use, then holds to it', () => {
  const strict = new HostKeyCheck(target, undefined, false);
  expect(strict.verify(blob)).toBe(false);
  expect(strict.failure()).toBeInstanceOf(MmpUnknownHostKeyError);
  expect(strict.failure()!.message).toContain(`hostKeyFingerprint = "${FINGERPRINT}"`);

  const tofu = new HostKeyCheck(target, undefined, true);
  expect(tofu.verify(blob)).toBe(true);
  expect(tofu.seen).toBe(FINGERPRINT);
  const other = Buffer.from(blob);
  other[5] ^= 1;
  expect(tofu.verify(other)).toBe(false);
  expect(tofu.failure()).toBeInstanceOf(MmpHostKeyMismatchError);
});

it('redacts every sensitive value, longest first', () => {
  expect(redact('turn credentials user s3cret s3cret-realm', ['s3cret', 's3cret-realm'])).toBe('turn credentials user (redacted) (redacted)');
  expect(redact('ntp server add 10.0.0.1', undefined)).toBe('ntp server add 10.0.0.1');
  expect(redact('x', [''])).toBe('x');
});
