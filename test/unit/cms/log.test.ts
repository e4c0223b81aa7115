import { REDACTED, isSensitiveName, redactForm } from '../../../provider/src/cms';
import { sensitiveSet } from '../../../provider/src/cms/log';

describe('log redaction', () => {
  it('treats password, passcode, secret, token and credential names as sensitive, in any case', () => {
    for (const name of ['password', 'Password', 'credentialServerPassword', 'passcode', 'guestPasscode', 'secret', 'regenerateSecret', 'authToken', 'credentials']) {
      expect(isSensitiveName(name)).toBe(true);
    }
    for (const name of ['name', 'uri', 'callId', 'username', 'address', 'tenant']) {
      expect(isSensitiveName(name)).toBe(false);
    }
  });

  it('honours names the caller marks sensitive, case-insensitively', () => {
    const extra = sensitiveSet(['sharedKey'], undefined, ['PIN']);
    expect(isSensitiveName('sharedkey', extra)).toBe(true);
    expect(isSensitiveName('pin', extra)).toBe(true);
    expect(isSensitiveName('name', extra)).toBe(false);
  });

  it('replaces sensitive values and keeps everything else readable', () => {
    const text = redactForm({ name: 'Board room', passcode: '1234', password: 'pw', sharedKey: 'k', tenant: '', skipped: undefined }, sensitiveSet(['sharedKey']));
    expect(text).toBe(`name="Board room" passcode=${REDACTED} password=${REDACTED} sharedKey=${REDACTED} tenant=""`);
    expect(text).not.toMatch(/1234|"pw"|"k"/);
  });

  it('shows that a sensitive value is being unset (empty reveals nothing)', () => {
    expect(redactForm({ passcode: '' })).toBe('passcode=""');
    expect(redactForm({ passcode: null })).toBe('passcode=""');
  });
});
