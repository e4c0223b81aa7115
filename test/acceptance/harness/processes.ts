/**
 * The processes under a terraform command, read from /proc (Linux): which provider processes
 * Terraform started, to kill them or to follow their memory. Elsewhere these find nothing.
 */
import * as fs from 'node:fs';

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The parent of every live process. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(name), Number(fields[1]));
  }
  return out;
}

/** Every live process below `root`. */
export function descendants(root: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const queue = [root];
  while (queue.length) for (const child of byParent.get(queue.shift()!) ?? []) out.push(child), queue.push(child);
  return out;
}

export function commandLine(pid: number): string {
  return (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ');
}

/** The provider processes terraform (`root`) started. */
export function providerProcesses(root: number): number[] {
  return descendants(root).filter((pid) => commandLine(pid).includes('terraform-provider-cms'));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until every given process has exited (orphaned providers notice within seconds). */
export async function waitForExit(pids: number[], timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > until) throw new Error(`processes ${pids.filter(isAlive).join(', ')} are still running`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Follows the peak resident memory (VmHWM) of the provider processes below `root` until
 * stopped; the result is the largest peak of any of them, in MiB.
 */
export function samplePeakRss(root: number, intervalMs = 20): { stop(): number } {
  const peaks = new Map<number, number>();
  const sample = (): void => {
    for (const pid of providerProcesses(root)) {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
      if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm[1])));
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Math.round(Math.max(0, ...peaks.values()) / 1024);
    },
  };
}
