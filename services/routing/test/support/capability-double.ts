import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * capability-discovery's GET /v1/capabilities/:e164 played over real HTTP on 127.0.0.1, so a
 * routing test decides what each send's recipient can receive. `answer` is what every number
 * gets (set it before a send); `answers` overrides it per number.
 */
export class CapabilityDouble {
  answer: Record<string, unknown> = { region: 'GB', carrier: 'EE' };
  readonly answers = new Map<string, Record<string, unknown>>();
  /** The numbers asked about, in order. */
  readonly asked: string[] = [];
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      const match = /^\/v1\/capabilities\/([^/?]+)$/.exec(request.url ?? '');
      const number = match ? decodeURIComponent(match[1]!) : '';
      if (!/^\+\d{6,15}$/.test(number)) {
        response.writeHead(400, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'invalid_recipient', status: 400 }));
        return;
      }
      this.asked.push(number);
      const body = { phoneNumber: number, source: 'hub', status: 'green', checkedAtMs: Date.now(), ...(this.answers.get(number) ?? this.answer) };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
