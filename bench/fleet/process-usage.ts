// CPU time and memory of another process, read from /proc (Linux): the central platform runs in
// its own process so that what the bench measures is the server's cost, not the load generator's.
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ); 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may contain spaces, start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set size now and its peak (VmHWM), in MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** The pids of `parent`'s direct children (PostgreSQL's backends under its postmaster). */
export function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const line of readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').split(' ')) {
    if (line.trim() !== '') pids.push(Number(line));
  }
  return pids;
}

/** CPU seconds of a process and its children still alive, best effort (children come and go). */
export function treeCpuSeconds(pid: number): number {
  let total = cpuSeconds(pid);
  for (const child of childPids(pid)) {
    try {
      total += cpuSeconds(child);
    } catch {
      // exited between the listing and the read
    }
  }
  return total;
}

/** Samples a process's CPU over a window: call `stop()` for the average share of one core (%). */
export function cpuMeter(read: () => number): { stop(): { cpuPercent: number; seconds: number } } {
  const startCpu = read();
  const started = performance.now();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      return { cpuPercent: ((read() - startCpu) / seconds) * 100, seconds };
    },
  };
}
