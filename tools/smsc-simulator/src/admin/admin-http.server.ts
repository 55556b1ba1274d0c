import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BehaviourPatchError } from '../behaviour/smsc-behaviour';
import type { SmscSimulator } from '../smsc-simulator';

export interface SmscAdminServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

type Controllable = Pick<SmscSimulator, 'messages' | 'stats' | 'activeSessions' | 'pending' | 'behaviour' | 'configure' | 'disconnectAll'>;

const MAX_BODY_BYTES = 64 * 1024;

function reply(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) }).end(payload);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BehaviourPatchError('body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new BehaviourPatchError('the body must be JSON');
  }
}

/**
 * HTTP for scripts and tests. Inspection: GET /_sim/messages, /_sim/stats, /_sim/sessions,
 * /_sim/behaviour. Control: POST /_sim/behaviour (JSON patch of SmscBehaviour: scripted
 * statuses, throttling, receipt delay/loss/duplicates/stat, id format, response delay) and
 * POST /_sim/disconnect (drop every connection). Listens on 127.0.0.1 unless told otherwise.
 */
export async function startSmscAdminServer(smsc: Controllable, port: number, host = '127.0.0.1'): Promise<SmscAdminServer> {
  const routes: Readonly<Record<string, (req: IncomingMessage) => unknown>> = {
    'GET /_sim/messages': () => ({ messages: smsc.messages() }),
    'GET /_sim/stats': () => smsc.stats(),
    'GET /_sim/sessions': () => ({ sessions: smsc.activeSessions(), ...smsc.pending() }),
    'GET /_sim/behaviour': () => smsc.behaviour(),
    'POST /_sim/behaviour': async (req) => smsc.configure((await readJson(req)) as never),
    'POST /_sim/disconnect': () => ({ dropped: smsc.disconnectAll() }),
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://smsc.invalid').pathname;
    const route = routes[`${req.method} ${path}`];
    if (!route) return reply(res, 404, { error: { code: 404, message: 'not found' } });
    Promise.resolve()
      .then(() => route(req))
      .then(
        (body) => reply(res, 200, body),
        (error: unknown) => reply(res, error instanceof BehaviourPatchError ? 400 : 500, { error: { code: error instanceof BehaviourPatchError ? 400 : 500, message: error instanceof BehaviourPatchError ? error.message : 'internal error' } }),
      );
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
