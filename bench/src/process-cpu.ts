import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

/** CPU time (user + system) a process has used so far, in ms; undefined once it is gone. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime is field 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** Every running process whose command name (/proc/PID/comm) is `comm`: Postgres backends, Redis, the broker's JVM. */
export function pidsByCommand(comm: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * CPU ms used by groups of processes between `start()` and `stop()`. Groups are resolved at
 * both ends, so a Postgres backend that appears during the run counts from zero.
 */
export class CpuMeter {
  private before = new Map<number, number>();

  constructor(private readonly groups: () => Record<string, readonly number[]>) {}

  start(): void {
    this.before = new Map(Object.values(this.groups()).flat().map((pid) => [pid, cpuMsOf(pid) ?? 0]));
  }

  stop(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.groups()).map(([name, pids]) => [name, pids.reduce((sum, pid) => sum + Math.max(0, (cpuMsOf(pid) ?? 0) - (this.before.get(pid) ?? 0)), 0)]),
    );
  }
}

/** The stack's processes plus the shared infrastructure (broker, Postgres, Redis) and this process. */
export function stackCpuGroups(stackPids: () => Record<string, number>): () => Record<string, readonly number[]> {
  return () => ({
    ...Object.fromEntries(Object.entries(stackPids()).map(([name, pid]) => [name, [pid]])),
    kafka: pidsByCommand('java'),
    postgres: pidsByCommand('postgres'),
    redis: pidsByCommand('redis-server'),
    'bench-driver': [process.pid],
  });
}
