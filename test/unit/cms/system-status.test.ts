import { parseObject } from '../../../provider/src/cms/xml';
import { meetingServerStatus, NotMeetingServerError } from '../../../provider/src/cms/system-status';
import { CmsResponseError } from '../../../provider/src/cms/errors';
import { checkConnection } from '../../../provider/src/connection-check';
import { OperationError } from '../../../provider/src/resources/operations';

describe('the connection check on /system/status', () => {
  it('accepts the Meeting Server status document and reads its version', () => {
    const status = parseObject('<?xml version="1.0"?><status><softwareVersion>3.8.1</softwareVersion><uptimeSeconds>12</uptimeSeconds></status>');
    expect(meetingServerStatus(status)).toEqual({ softwareVersion: '3.8.1' });
  });

  it.each([
    ['another document', '<coSpaces total="0"/>', /root element is <coSpaces>, not the <status>/],
    ['a status without a version', '<status><uptimeSeconds>1</uptimeSeconds></status>', /has no <softwareVersion>/],
    ['a status with an odd version', '<status><softwareVersion>banana</softwareVersion></status>', /has softwareVersion "banana"/],
  ])('refuses %s', (_what, body, why) => {
    expect(() => meetingServerStatus(parseObject(body))).toThrow(NotMeetingServerError);
    expect(() => meetingServerStatus(parseObject(body))).toThrow(why);
  });

  it('names the problem and the fix in one error', async () => {
    const err = await checkConnection({ get: async () => parseObject('<html><body>Sign in</body></html>') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationError);
    expect((err as Error).message).toMatch(/not with a Meeting Server status document: its root element is <html>.*Check that url is the Web Admin address of a Meeting Server/);
    const unreadable = new CmsResponseError({ method: 'GET', path: '/api/v1/system/status', server: 'https://x' }, 200, 'not XML');
    const err2 = await checkConnection({ get: async () => Promise.reject(unreadable) }).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/not XML\. This is not a Meeting Server API answer\. Check that url/);
  });
});
