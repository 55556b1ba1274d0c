import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

const REPO = path.resolve(__dirname, '../../..');
const MAIN = path.join(REPO, 'tools/hub-simulator/src/main.ts');

/** A port nothing listens on right now (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface HubMessage {
  readonly messageId: string;
  readonly contentKind: string;
  readonly state: string;
  readonly posts: number;
  readonly receivedAt: string;
}

/**
 * The hub simulator as its own process on 127.0.0.1 (as the stack runs it), driven through its
 * /_sim admin HTTP API: the test sees the gateway only through the wire.
 */
export class HubProcess {
  private child?: ChildProcess;
  url = '';

  /** `env` may depend on the hub's URL (a service-account key naming its /token, say). */
  async start(env: Record<string, string> | ((url: string) => Record<string, string>), timeoutMs = 20_000): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    if (typeof env === 'function') env = env(this.url);
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
      cwd: REPO,
      env: { ...process.env, HUB_SIM_HOST: '127.0.0.1', HUB_SIM_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: this.child.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('hub simulator did not start')), timeoutMs);
      lines.on('line', (line) => {
        if (line.includes('"event":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      this.child!.once('exit', (code) => reject(new Error(`hub simulator exited with ${code}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  async setProfile(phone: string, profile: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.url}/_sim/numbers/${encodeURIComponent(phone)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(profile) });
    if (!response.ok) throw new Error(`setProfile: ${response.status} ${await response.text()}`);
  }

  async stats(): Promise<Record<string, number>> {
    return (await (await fetch(`${this.url}/_sim/stats`)).json()) as Record<string, number>;
  }

  async messages(): Promise<HubMessage[]> {
    return ((await (await fetch(`${this.url}/_sim/messages`)).json()) as { messages: HubMessage[] }).messages;
  }

  async message(messageId: string): Promise<HubMessage | undefined> {
    return (await this.messages()).find((m) => m.messageId === messageId);
  }

  /** The simulated OAuth side's faults (the hub must run with HUB_SIM_OAUTH_KEY_FILES). */
  async auth(action: 'revokeTokens' | { revokeKey: string } | { outage: number | null }): Promise<void> {
    const request =
      action === 'revokeTokens'
        ? { path: '/_sim/auth/tokens:revoke', method: 'POST' }
        : 'revokeKey' in action
          ? { path: `/_sim/auth/keys/${encodeURIComponent(action.revokeKey)}:revoke`, method: 'POST' }
          : { path: '/_sim/auth/outage', method: 'PUT', body: JSON.stringify({ status: action.outage }) };
    const response = await fetch(`${this.url}${request.path}`, { method: request.method, headers: { 'content-type': 'application/json' }, ...(request.body ? { body: request.body } : {}) });
    if (!response.ok) throw new Error(`auth ${JSON.stringify(action)}: ${response.status} ${await response.text()}`);
  }

  async reset(): Promise<void> {
    await fetch(`${this.url}/_sim/reset`, { method: 'POST' });
  }
}
