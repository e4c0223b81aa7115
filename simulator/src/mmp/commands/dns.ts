/**
 * `dns` (list), `dns add|del forwardzone <domain> <server>`, `dns flush` (cms-api.md §3.2; the
 * list format and `del` are guesses). A domain of `.` forwards every lookup.
 */
import * as net from 'node:net';
import { MMP_MAX_DNS_SERVERS, MMP_TEXT } from '../../unverified';
import { expectArgs } from '../args';
import { MmpCommandFamily } from '../context';
import { MmpFailure, MmpUsageError, reply, silent, statusLines } from '../reply';

const SYNTAX = 'dns add|del forwardzone <domain> <server-address> | dns flush | dns';

const DOMAIN = /^(\.|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?)$/;

export const dnsCommand: MmpCommandFamily = (args, ctx) => {
  const [sub, kind, ...rest] = args;
  const zones = ctx.mmp.settings.dnsForwardZones;
  if (sub === undefined) {
    return reply(MMP_TEXT.dnsForwardZonesHeading, ...statusLines(zones.map((z) => [`  ${z.domain}`, z.server])));
  }
  if (sub === 'flush' && kind === undefined) return silent();
  if ((sub !== 'add' && sub !== 'del') || kind !== 'forwardzone') throw new MmpUsageError(SYNTAX);
  expectArgs(rest, 2, SYNTAX);
  const [domain, server] = rest as [string, string];
  if (!DOMAIN.test(domain) || net.isIP(server) === 0) throw new MmpUsageError(SYNTAX);
  const present = zones.some((z) => z.domain === domain && z.server === server);
  const what = `forward zone ${domain} ${server}`;
  if (sub === 'add') {
    if (present) throw new MmpFailure(MMP_TEXT.alreadyPresent(what));
    const servers = new Set([...zones.map((z) => z.server), server]);
    if (servers.size > MMP_MAX_DNS_SERVERS) throw new MmpFailure(MMP_TEXT.tooMany('DNS servers', MMP_MAX_DNS_SERVERS));
    ctx.mmp.update((s) => {
      s.dnsForwardZones.push({ domain, server });
    });
  } else {
    if (!present) throw new MmpFailure(MMP_TEXT.notPresent(what));
    ctx.mmp.update((s) => {
      s.dnsForwardZones = s.dnsForwardZones.filter((z) => !(z.domain === domain && z.server === server));
    });
  }
  return silent();
};
