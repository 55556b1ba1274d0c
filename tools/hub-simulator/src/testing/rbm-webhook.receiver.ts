import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForMatch } from '@switchback/simulator-support';

/** One POST the receiver got, body parsed, with the status it answered. */
export interface ReceivedPush {
  readonly signature: string | undefined;
  readonly body: { message: { data: string; messageId: string; publishTime: string }; subscription: string };
  /** message.data decoded and parsed. */
  readonly event: Record<string, string>;
  readonly data: Buffer;
  readonly answeredStatus: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly pushes: ReceivedPush[];
  /** Status to answer the next pushes with, in order; afterwards 200. */
  failNext(...statuses: number[]): void;
  waitFor(predicate: (push: ReceivedPush) => boolean, timeoutMs?: number): Promise<ReceivedPush>;
  close(): Promise<void>;
}

/** A stand-in for the rcs-gateway's webhook endpoint, for tests. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const pushes: ReceivedPush[] = [];
  const announcer = new EventEmitter();
  const scripted: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = scripted.shift() ?? 200;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedPush['body'];
      const data = Buffer.from(body.message.data, 'base64');
      const push: ReceivedPush = { signature: req.headers['x-goog-signature'] as string | undefined, body, data, event: JSON.parse(data.toString('utf8')) as Record<string, string>, answeredStatus: status };
      pushes.push(push);
      res.writeHead(status).end();
      announcer.emit('push', push);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/rbm/webhook`,
    pushes,
    failNext: (...statuses) => void scripted.push(...statuses),
    waitFor: (predicate, timeoutMs = 5_000) => waitForMatch(announcer, 'push', pushes, predicate, timeoutMs, 'webhook push'),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
