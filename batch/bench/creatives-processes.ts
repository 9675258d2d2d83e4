/**
 * The workerd processes a bench started and the CPU time they used, read from /proc: a cold
 * start's and a warm request's cost on an idle core, whatever else the machine runs.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Descendant processes of this one named `name` (wrangler's workerd). */
export function descendants(name: string): number[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      parents.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p))
      if (p === process.pid) return true;
    return false;
  };
  return [...names].filter(([pid, n]) => n === name && isOurs(pid)).map(([pid]) => pid);
}

/** CPU ms used so far by the processes `pids`, all threads. */
export function cpuMs(pids: readonly number[]): number {
  let ns = 0;
  for (const pid of pids) {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // thread ended
      }
    }
  }
  return ns / 1e6;
}
