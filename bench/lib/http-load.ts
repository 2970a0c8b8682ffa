import autocannon, { type Instance, type Options, type Result } from 'autocannon';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type LoadResult = {
  durationS: number;
  responses: number;
  /** 2xx responses per second. */
  okPerS: number;
  /** All responses per second. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
  /** The server process while measured (`watch` given): peak and mean RSS, CPU ms per response. */
  server?: ProcessUse;
};

export function toLoadResult(r: Result): LoadResult {
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  const durationS = r.duration;
  return {
    durationS,
    responses,
    okPerS: round(r['2xx'] / durationS),
    rps: round(responses / durationS),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    statuses,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * autocannon over loopback from this process: an unmeasured warm-up (JIT, caches, pools),
 * then the measured run, during which the server process `watch` is watched. `onStart` sees
 * the measured run's instance (to stop it early).
 */
export async function measure(
  options: Options,
  { warmupS = 0, watch, onStart }: { warmupS?: number; watch?: number; onStart?: (instance: Instance) => void } = {},
): Promise<LoadResult> {
  if (warmupS > 0) await autocannon({ ...options, duration: warmupS });
  const watcher = watch === undefined ? undefined : watchProcess(watch);
  const instance = autocannon(options);
  onStart?.(instance);
  const result = toLoadResult(await instance);
  const use = watcher?.stop();
  if (use) result.server = { ...use, cpuMsPerResponse: round((use.cpuS * 1000) / Math.max(1, result.responses)) };
  return result;
}

export type ProcessUse = { peakMb: number; meanMb: number; cpuS: number; cpuMsPerResponse?: number };

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used (Linux /proc), or null. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/**
 * A process's resident set size, sampled from /proc/<pid>/status every `everyMs` (peak and
 * mean), and the CPU time it used meanwhile (Linux; null elsewhere). CPU time is what a
 * request costs whatever else runs on the machine.
 */
export function watchProcess(pid: number, everyMs = 200) {
  const samples: number[] = [];
  const read = () => {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kb) samples.push(Number(kb) / 1024);
    } catch {
      // not Linux, or the process is gone
    }
  };
  const cpuAtStart = cpuSeconds(pid);
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop(): ProcessUse | null {
      clearInterval(timer);
      read();
      const cpuAtEnd = cpuSeconds(pid);
      if (!samples.length || cpuAtStart === null || cpuAtEnd === null) return null;
      return {
        peakMb: Math.round(Math.max(...samples)),
        meanMb: Math.round(samples.reduce((a, b) => a + b, 0) / samples.length),
        cpuS: round(cpuAtEnd - cpuAtStart),
      };
    },
  };
}
