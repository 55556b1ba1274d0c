import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

/** A service or simulator running as its own Node process, its output in a log file. */
export class ServiceProcess {
  private child?: ChildProcess;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  start(): void {
    mkdirSync(this.logDir, { recursive: true });
    const log = createWriteStream(path.join(this.logDir, `${this.name}.log`));
    this.child = spawn(process.execPath, ['--enable-source-maps', this.entry], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
  }

  /** The process id while it runs (benchmarks read its CPU time from /proc). */
  get pid(): number | undefined {
    return this.exited ? undefined : this.child?.pid;
  }

  get exited(): boolean {
    return !this.child || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** SIGTERM lets the service drain its consumers; SIGKILL only if it does not leave in time. */
  async stop(timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
