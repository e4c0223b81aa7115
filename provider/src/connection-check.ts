/**
 * The configure-time connection check: one GET of `/system/status` that must come back as the
 * Meeting Server's status document. Anything else (an HTML login page, JSON, another XML
 * document, an oversized answer) is refused with one error that says what answered.
 */
import { CmsResponseError } from './cms/errors';
import { meetingServerStatus, NotMeetingServerError, type MeetingServerStatus } from './cms/system-status';
import type { CmsApi } from './resources/api';
import { OperationError } from './resources/operations';

const HINT = 'Check that url is the Web Admin address of a Meeting Server (for example https://cms1.example.com:445) and that nothing in between (a proxy or load balancer) answers in its place.';

export async function checkConnection(api: Pick<CmsApi, 'get'>): Promise<MeetingServerStatus> {
  try {
    return meetingServerStatus(await api.get('/system/status'));
  } catch (err) {
    if (err instanceof NotMeetingServerError) {
      throw new OperationError(`GET /api/v1/system/status answered, but not with a Meeting Server status document: ${err.message}. ${HINT}`);
    }
    if (err instanceof CmsResponseError) throw new OperationError(`${err.message}. This is not a Meeting Server API answer. ${HINT}`);
    throw err;
  }
}
