import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SmscSimulator } from '../smsc-simulator';

export interface SmscAdminServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

type Inspectable = Pick<SmscSimulator, 'messages' | 'stats' | 'activeSessions' | 'pending'>;

function reply(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) }).end(payload);
}

/** Read-only HTTP inspection for scripts: GET /_sim/messages, /_sim/stats, /_sim/sessions. */
export async function startSmscAdminServer(smsc: Inspectable, port: number, host = '127.0.0.1'): Promise<SmscAdminServer> {
  const routes: Readonly<Record<string, () => unknown>> = {
    '/_sim/messages': () => ({ messages: smsc.messages() }),
    '/_sim/stats': () => smsc.stats(),
    '/_sim/sessions': () => ({ sessions: smsc.activeSessions(), ...smsc.pending() }),
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://smsc.invalid').pathname;
    const route = routes[path];
    if (req.method !== 'GET' || !route) return reply(res, 404, { error: { code: 404, message: 'not found' } });
    reply(res, 200, route());
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  return {
    port: bound,
    url: `http://${host}:${bound}`,
    close: async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
    },
  };
}
