import { execFileSync } from 'node:child_process';

/**
 * The pids of the processes below this one (children, grandchildren…) whose command line matches
 * `pattern`. A test that kills a client process must find its own: a second suite on the machine runs
 * the same test with the same command line, and killing its process failed that suite.
 */
export function ownProcesses(pattern: RegExp, root = process.pid): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [pid, ppid, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), args: args.join(' ') };
    });
  const parentOf = new Map(table.map((p) => [p.pid, p.ppid]));
  const below = (pid: number) => {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p))
      if (p === root) return true;
    return false;
  };
  return table.filter((p) => pattern.test(p.args) && below(p.pid)).map((p) => p.pid);
}
