/** The MMP's lists: NTP servers (`ntp server list`) and DNS forward zones (`dns`). */
import * as net from 'node:net';
import { outputLines, parseStatusLine } from './statusBlock';

export interface MmpDnsForwardZone {
  /** `.` forwards every lookup. */
  readonly domain: string;
  readonly server: string;
}

/** One server per line; lines that are not a single host name or address (headings, notes) are skipped. */
export function parseNtpServers(text: string): string[] {
  return outputLines(text)
    .map((l) => l.trim())
    .filter((l) => /^[A-Za-z0-9.:-]+$/.test(l) && !l.endsWith(':'));
}

/**
 * `<domain> : <server>` lines (under a `Forward zones` heading when there is one); a line naming
 * several servers gives one zone each.
 */
export function parseDnsForwardZones(text: string): MmpDnsForwardZone[] {
  const lines = outputLines(text);
  const heading = lines.findIndex((l) => /forward\s*zones?/i.test(l));
  const zones: MmpDnsForwardZone[] = [];
  for (const raw of heading >= 0 ? lines.slice(heading + 1) : lines) {
    const line = parseStatusLine(raw);
    if (!line || line.value === '') continue;
    for (const server of line.value.split(/[\s,]+/)) {
      if (net.isIP(server)) zones.push({ domain: line.key, server });
    }
  }
  return zones;
}
