/**
 * For benchmarks only: with CMS_PROVIDER_STATS=<file>, each provider process appends one JSON
 * line to that file when it exits: its CPU time and peak memory, the CPU and time it took to
 * reach the handshake, and per RPC how many were served and the time and CPU they took. RPCs
 * overlap when Terraform runs them in parallel, so per-RPC CPU is exact only where they do not
 * (a plan with no objects); the process totals are always exact.
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

export class ProcessStats {
  private handshakeAt?: { wallMs: number; cpuMs: number };
  private readonly rpcs: Record<string, Tally> = {};

  constructor(file: string) {
    process.on('exit', () => {
      const usage = process.resourceUsage();
      const line: ProcessStatsLine = {
        pid: process.pid,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        maxRssKiB: usage.maxRSS,
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
    return { wallMs: performance.now(), cpuMs: cpuMsNow() };
  }

  rpcDone(rpc: string, start: { wallMs: number; cpuMs: number }): void {
    const t = (this.rpcs[rpc] ??= { count: 0, wallMs: 0, cpuMs: 0 });
    t.count++;
    t.wallMs += performance.now() - start.wallMs;
    t.cpuMs += cpuMsNow() - start.cpuMs;
  }
}

const file = process.env.CMS_PROVIDER_STATS;
/** Present only when the environment asks for statistics. */
export const processStats: ProcessStats | undefined = file ? new ProcessStats(file) : undefined;
