/** CPU use of the processes a production-style stack runs, read from /proc. */
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100;

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds this process has used itself, without the children it has reaped. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * CPU seconds a process has used, with its reaped children (fields utime, stime, cutime, cstime) and, for a
 * server that forks a process per connection (PostgreSQL), the children still running.
 */
export function cpuSeconds(pid: number, withLiveChildren = false): number {
  const fields = statFields(pid);
  if (!fields) return Number.NaN;
  // After the ")" the fields start at state (3rd): utime is the 14th field overall, so index 11 here.
  let ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  if (withLiveChildren) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const child = statFields(Number(entry));
      if (child && Number(child[1]) === pid) ticks += Number(child[11]) + Number(child[12]);
    }
  }
  return ticks / ticksPerSecond;
}
