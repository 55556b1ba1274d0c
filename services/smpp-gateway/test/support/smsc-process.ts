import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(__dirname, '../../../..');

/** What the simulator's admin HTTP reports (the fields these tests read). */
export interface SimStats {
  binds: number;
  submits: number;
  messages: number;
  throttled: number;
  scripted: number;
  receiptsSent: number;
  receiptsAcknowledged: number;
  maxOutstanding: number;
  unansweredAtClose: number;
  unbinds: number;
  forcedDisconnects: number;
}

export interface SimMessage {
  id: string;
  partIds: string[];
  destination: string;
  dataCoding: number;
  text: string;
  parts: number;
  receivedAt: string;
}

/**
 * The SMSC simulator as its own process (its CLI, as the stack runs it), driven over admin
 * HTTP: the gateway meets it only on the wire, like a carrier's SMSC.
 */
export class SmscProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly smppPort: number,
    readonly adminUrl: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<SmscProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'tools/smsc-simulator/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, SMSC_SIM_PORT: '0', SMSC_SIM_ADMIN_PORT: '0', SMSC_SIM_HOST: '127.0.0.1', SMSC_SIM_SYSTEM_ID: 'switchback', SMSC_SIM_PASSWORD: 'secret', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout! });
    const ports = await new Promise<{ smpp: number; admin: number }>((resolve, reject) => {
      let smpp = 0;
      const timer = setTimeout(() => reject(new Error('SMSC simulator did not start within 20 s')), 20_000);
      child.once('exit', (code) => reject(new Error(`SMSC simulator exited with ${code}`)));
      lines.on('line', (line) => {
        const event = JSON.parse(line) as { event: string; port?: number };
        if (event.event === 'listening') smpp = event.port!;
        if (event.event === 'admin.listening') {
          clearTimeout(timer);
          resolve({ smpp, admin: event.port! });
        }
      });
    });
    return new SmscProcess(child, ports.smpp, `http://127.0.0.1:${ports.admin}`);
  }

  get smppUrl(): string {
    return `smpp://127.0.0.1:${this.smppPort}`;
  }

  async configure(patch: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.adminUrl}/_sim/behaviour`, { method: 'POST', body: JSON.stringify(patch) });
    if (!response.ok) throw new Error(`behaviour refused: ${await response.text()}`);
  }

  async disconnectAll(): Promise<number> {
    return ((await (await fetch(`${this.adminUrl}/_sim/disconnect`, { method: 'POST' })).json()) as { dropped: number }).dropped;
  }

  async stats(): Promise<SimStats> {
    return (await (await fetch(`${this.adminUrl}/_sim/stats`)).json()) as SimStats;
  }

  async messages(destination?: string): Promise<SimMessage[]> {
    const all = ((await (await fetch(`${this.adminUrl}/_sim/messages`)).json()) as { messages: SimMessage[] }).messages;
    return destination === undefined ? all : all.filter((m) => m.destination === destination);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
