/**
 * V8 CPU profiles (`node --cpu-prof`) summed into a table of functions by self time, the view
 * that shows where a provider process spends its CPU.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Where a function lives, short: the last two path segments of its file and its line. */
function location(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return '';
  const parts = frame.url.replace(/^file:\/\//, '').split('/');
  return ` ${parts.slice(-2).join('/')}:${frame.lineNumber + 1}`;
}

/** Self time per function over every profile in `dir`, idle time left out. */
export function selfTimes(dir: string): { busyMs: number; rows: SelfTime[]; profiles: number } {
  const totals = new Map<string, number>();
  let busyUs = 0;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)?.callFrame;
      if (!frame || frame.functionName === '(idle)') return;
      const us = profile.timeDeltas[i] ?? 0;
      const key = `${frame.functionName || '(anonymous)'}${location(frame)}`;
      totals.set(key, (totals.get(key) ?? 0) + us);
      busyUs += us;
    });
  }
  const rows = [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
  return { busyMs: busyUs / 1000, rows, profiles: files.length };
}

export function formatSelfTimes(dir: string, top = 25): string {
  const { busyMs, rows, profiles } = selfTimes(dir);
  const lines = rows.slice(0, top).map((r) => `  ${r.ms.toFixed(0).padStart(7)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
  return `${profiles} profiles, ${busyMs.toFixed(0)} ms busy; top functions by self time:\n${lines.join('\n')}`;
}
