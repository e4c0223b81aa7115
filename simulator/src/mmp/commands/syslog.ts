/**
 * `syslog` (cms-api.md §3.2, forms UNVERIFIED): the servers the node sends its log to, the
 * servers that receive its audit log, and whether sending is on.
 */
import { MMP_MAX_SYSLOG_SERVERS, MMP_SYSLOG_STATUS_KEYS as K, MMP_TEXT, MMP_WORDS } from '../../unverified';
import { enabledWord, expectArgs } from '../args';
import { MmpCommandFamily, MmpContext } from '../context';
import { MmpFailure, MmpReply, MmpUsageError, reply, silent, statusLines } from '../reply';
import { SyslogSettings } from '../settings';

const SYNTAX = 'syslog [server|audit] (add|del) <host>[:<port>] | syslog enable|disable | syslog';

/** A host name or address, optionally with `:<port>` (IPv6 in brackets then). */
const SERVER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$/;

function status(ctx: MmpContext): MmpReply {
  const s = ctx.mmp.settings.syslog;
  const list = (items: string[]) => (items.length ? items.join(' ') : MMP_WORDS.none);
  return reply(...statusLines([[K.enabled, enabledWord(s.enabled)], [K.servers, list(s.servers)], [K.audit, list(s.auditServers)]]));
}

function changeList(ctx: MmpContext, which: 'servers' | 'auditServers', verb: string | undefined, rest: string[]): MmpReply {
  expectArgs(rest, 1, SYNTAX);
  const server = rest[0]!;
  const port = /:([0-9]{1,5})$/.exec(server)?.[1];
  if (!SERVER.test(server) || (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))) throw new MmpUsageError(SYNTAX);
  const list = ctx.mmp.settings.syslog[which];
  const what = `${which === 'servers' ? 'syslog' : 'audit log'} server ${server}`;
  if (verb === 'add') {
    if (list.includes(server)) throw new MmpFailure(MMP_TEXT.alreadyPresent(what));
    if (list.length >= MMP_MAX_SYSLOG_SERVERS) throw new MmpFailure(MMP_TEXT.tooMany(`${which === 'servers' ? 'syslog' : 'audit log'} servers`, MMP_MAX_SYSLOG_SERVERS));
    ctx.mmp.update((s) => void s.syslog[which].push(server));
  } else if (verb === 'del') {
    if (!list.includes(server)) throw new MmpFailure(MMP_TEXT.notPresent(what));
    ctx.mmp.update((s) => {
      s.syslog[which] = s.syslog[which].filter((x) => x !== server);
    });
  } else {
    throw new MmpUsageError(SYNTAX);
  }
  return silent();
}

function setEnabled(ctx: MmpContext, enabled: boolean): MmpReply {
  ctx.mmp.update((s) => {
    (s.syslog as SyslogSettings).enabled = enabled;
  });
  return silent();
}

export const syslogCommand: MmpCommandFamily = (args, ctx) => {
  const [sub, verb, ...rest] = args;
  switch (sub) {
    case undefined:
      return status(ctx);
    case 'server':
      return changeList(ctx, 'servers', verb, rest);
    case 'audit':
      return changeList(ctx, 'auditServers', verb, rest);
    case 'enable':
    case 'disable':
      expectArgs(args, 1, SYNTAX);
      return setEnabled(ctx, sub === 'enable');
    default:
      throw new MmpUsageError(SYNTAX);
  }
};
