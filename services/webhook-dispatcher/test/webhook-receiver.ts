import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * A receiver as a customer would write one: verifies each request with the Standard Webhooks
 * library (signature and timestamp tolerance) and processes a webhook id only once.
 * `respond` scripts its answer per request (status, delay, redirect).
 */
export class WebhookReceiver {
  readonly requests: { headers: Record<string, string>; body: string }[] = [];
  /** Verified and first seen: what the customer's business logic would act on. */
  readonly processed: ReceivedWebhook[] = [];
  readonly rejected: string[] = [];
  private readonly seen = new Set<string>();
  private server?: Server;
  secrets: string[] = [];

  constructor(private readonly respond: (request: { count: number }) => Promise<{ status: number; headers?: Record<string, string> }> | { status: number; headers?: Record<string, string> } = () => ({ status: 204 })) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** What a receiver does with one request: verify, dedup, act. Also used to replay a request. */
  accept(headers: Record<string, string>, body: string): 'processed' | 'duplicate' | 'rejected' {
    let payload: { type: string; data: Record<string, unknown> } | undefined;
    for (const secret of this.secrets) {
      try {
        payload = new Webhook(secret).verify(body, headers) as typeof payload;
        break;
      } catch {
        // try the next secret
      }
    }
    if (!payload) {
      this.rejected.push(headers['webhook-id'] ?? '');
      return 'rejected';
    }
    const id = headers['webhook-id']!;
    if (this.seen.has(id)) return 'duplicate';
    this.seen.add(id);
    this.processed.push({ id, type: payload.type, data: payload.data, headers, body });
    return 'processed';
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    this.requests.push({ headers, body });
    const answer = await this.respond({ count: this.requests.length });
    if (answer.status >= 200 && answer.status < 300) this.accept(headers, body);
    response.writeHead(answer.status, answer.headers ?? {}).end();
  }
}
