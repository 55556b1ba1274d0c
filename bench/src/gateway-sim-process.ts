// A simulator (tools/<name>/src/main) as its own process on 127.0.0.1, as the stack runs it: the
// compiled main.js when the bench runs from dist/, the TypeScript source (through
// @swc-node/register) when it runs from the source tree. Reads the ports it logs on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const STARTUP_TIMEOUT_MS = 30_000;

export class SimProcess {
  private constructor(
    private readonly child: ChildProcess,
    /** Port of each `*listening` event, by event name. */
    readonly ports: Readonly<Record<string, number>>,
  ) {}

  /** Starts `tools/<tool>` and resolves once every event of `readyEvents` has been logged. */
  static async start(tool: 'smsc-simulator' | 'hub-simulator', env: Record<string, string>, readyEvents: readonly string[]): Promise<SimProcess> {
    const fromSource = __filename.endsWith('.ts');
    // bench/src → repo root (source tree) or dist/bench/src → dist/ (compiled tree).
    const entry = path.resolve(__dirname, '../../tools', tool, 'src', fromSource ? 'main.ts' : 'main.js');
    const args = fromSource ? ['-r', '@swc-node/register', entry] : [entry];
    const child = spawn(process.execPath, args, { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    // Keep reading stdout for the whole run (the simulators log every send): a full pipe would stall them.
    if (!child.stdout) throw new Error(`${tool}: no stdout pipe`);
    const lines = createInterface({ input: child.stdout });
    const ports: Record<string, number> = {};
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${tool} did not start within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${tool} exited with ${code}`));
        });
        lines.on('line', (line) => {
          if (!line.includes('listening')) return;
          const event = JSON.parse(line) as { event?: string; port?: number };
          if (event.event && event.port !== undefined) ports[event.event] = event.port;
          if (readyEvents.every((name) => name in ports)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    } catch (error) {
      if (child.exitCode === null) child.kill('SIGKILL');
      throw error;
    }
    return new SimProcess(child, ports);
  }

  port(event: string): number {
    const port = this.ports[event];
    if (port === undefined) throw new Error(`no ${event} port`);
    return port;
  }

  /** SIGTERM, then SIGKILL if it has not left within 5 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
