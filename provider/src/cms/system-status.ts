/**
 * The connection check's verdict on `/system/status`: the answer must be the Meeting Server's
 * status document (`<status>` with a `softwareVersion`), so that a proxy's login page, another
 * product's API or a wrong port is refused at configure time instead of surfacing later as odd
 * errors on every resource.
 */
import { quoteServerText } from './client';
import type { CmsObject } from './xml';

export interface MeetingServerStatus {
  /** e.g. `3.8` or `3.9.1`. */
  readonly softwareVersion: string;
}

/** The answer was well-formed XML but not a Meeting Server status document. */
export class NotMeetingServerError extends Error {
  override name = 'NotMeetingServerError';
}

const VERSION = /^\d+(\.\d+)+/;

/** Checks a parsed `/system/status` answer; throws {@link NotMeetingServerError} saying what was wrong. */
export function meetingServerStatus(answer: CmsObject): MeetingServerStatus {
  if (answer.element !== 'status') {
    // An XML element name cannot hold quotes or control characters; only its length needs a limit.
    throw new NotMeetingServerError(`its root element is <${answer.element.slice(0, 40)}>, not the <status> a Meeting Server answers`);
  }
  const version = answer.values['softwareVersion'];
  if (version === undefined || !VERSION.test(version.trim())) {
    const seen = version === undefined ? 'has no <softwareVersion>' : `has softwareVersion ${quoteServerText(version, 40)}`;
    throw new NotMeetingServerError(`the <status> document ${seen}, where a Meeting Server reports its version such as 3.8`);
  }
  return { softwareVersion: version.trim() };
}
