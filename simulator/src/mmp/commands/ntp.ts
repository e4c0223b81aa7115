/** `ntp server add|del|list` and `ntp status` (cms-api.md §3.2; `del`, `list` and `status` by analogy). */
import { MMP_MAX_NTP_SERVERS, MMP_NTP_STATUS, MMP_TEXT } from '../../unverified';
import { expectArgs } from '../args';
import { MmpCommandFamily } from '../context';
import { MmpFailure, MmpUsageError, reply, silent, statusLines } from '../reply';

const SYNTAX = 'ntp server add|del <address-or-hostname> | ntp server list | ntp status';

/** A host name, IPv4 or IPv6 address. */
const HOST = /^[A-Za-z0-9.:-]+$/;

export const ntpCommand: MmpCommandFamily = (args, ctx) => {
  const [sub, verb, ...rest] = args;
  if (sub === 'status' && verb === undefined) {
    const servers = ctx.mmp.settings.ntpServers;
    return servers.length ? reply(...statusLines(servers.map((s) => [s, MMP_NTP_STATUS.synchronised]))) : reply(MMP_NTP_STATUS.none);
  }
  if (sub !== 'server') throw new MmpUsageError(SYNTAX);
  const servers = ctx.mmp.settings.ntpServers;
  switch (verb) {
    case 'list':
      expectArgs(rest, 0, SYNTAX);
      return reply(...servers);
    case 'add': {
      expectArgs(rest, 1, SYNTAX);
      const host = rest[0]!;
      if (!HOST.test(host)) throw new MmpUsageError(SYNTAX);
      if (servers.includes(host)) throw new MmpFailure(MMP_TEXT.alreadyPresent(`NTP server ${host}`));
      if (servers.length >= MMP_MAX_NTP_SERVERS) throw new MmpFailure(MMP_TEXT.tooMany('NTP servers', MMP_MAX_NTP_SERVERS));
      ctx.mmp.update((s) => {
        s.ntpServers.push(host);
      });
      return silent();
    }
    case 'del': {
      expectArgs(rest, 1, SYNTAX);
      const host = rest[0]!;
      if (!servers.includes(host)) throw new MmpFailure(MMP_TEXT.notPresent(`NTP server ${host}`));
      ctx.mmp.update((s) => {
        s.ntpServers = s.ntpServers.filter((h) => h !== host);
      });
      return silent();
    }
    default:
      throw new MmpUsageError(SYNTAX);
  }
};
