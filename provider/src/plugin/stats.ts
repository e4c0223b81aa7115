/**
 * For benchmarks only: with CMS_PROVIDER_STATS=<file>, each provider process appends one JSON
 * line to that file when it exits: its CPU time and peak memory, the CPU and time it took to
 * reach the handshake, and per RPC how many were served and the time they took. With
 * CMS_PROVIDER_STATS_RPC_CPU=1 also the CPU each RPC took: that reads the process's CPU clock
 * twice per RPC, a cost worth paying only where RPCs are few, and exact only where they do not
 * overlap (a plan with no objects). The process totals are always exact.
 */
import * as fs from 'node:fs';

interface Tally {
  count: number;
  wallMs: number;
  cpuMs: number;
}

export interface ProcessStatsLine {
  pid: number;
  /** User + system CPU of the whole process. */
  cpuMs: number;
  maxRssKiB: number;
  /** From process start to the handshake line: wall time and CPU. */
  handshake?: { wallMs: number; cpuMs: number };
  rpcs: Record<string, Tally>;
}

const cpuMsNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * The process's own resident high-water mark. On Linux getrusage's maxRSS also holds the RSS of
 * Terraform at the moment it started this process (plugins are started with vfork, and exec
 * folds the shared memory's high-water mark into the child's), so /proc is read instead.
 */
function peakRssKiB(fallback: number): number {
  try {
    const match = /VmHWM:\s*(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : fallback;
  } catch {
    return fallback;
  }
}

export class ProcessStats {
  private handshakeAt?: { wallMs: number; cpuMs: number };
  private readonly rpcs: Record<string, Tally> = {};

  constructor(
    file: string,
    private readonly rpcCpu: boolean,
  ) {
    process.on('exit', () => {
      const usage = process.resourceUsage();
      const line: ProcessStatsLine = {
        pid: process.pid,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        maxRssKiB: peakRssKiB(usage.maxRSS),
        ...(this.handshakeAt ? { handshake: this.handshakeAt } : {}),
        rpcs: this.rpcs,
      };
      fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    });
  }

  handshake(): void {
    this.handshakeAt = { wallMs: performance.now(), cpuMs: cpuMsNow() };
  }

  /** A mark to pass to {@link rpcDone} when the RPC ends. */
  rpcStart(): { wallMs: number; cpuMs: number } {
    return { wallMs: performance.now(), cpuMs: this.rpcCpu ? cpuMsNow() : 0 };
  }

  rpcDone(rpc: string, start: { wallMs: number; cpuMs: number }): void {
    const t = (this.rpcs[rpc] ??= { count: 0, wallMs: 0, cpuMs: 0 });
    t.count++;
    t.wallMs += performance.now() - start.wallMs;
    if (this.rpcCpu) t.cpuMs += cpuMsNow() - start.cpuMs;
  }
}

const file = process.env.CMS_PROVIDER_STATS;
/** Present only when the environment asks for statistics. */
export const processStats: ProcessStats | undefined = file ? new ProcessStats(file, process.env.CMS_PROVIDER_STATS_RPC_CPU === '1') : undefined;
