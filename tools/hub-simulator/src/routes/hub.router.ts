import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorReason } from '@switchback/simulator-support';
import { HubHttpError, invalidArgument, notFound } from '../http/hub-http.error';
import { sendJson } from '../http/json.reply';
import { listMessagesHandler, resetHandler, revokeKeyHandler, revokeTokensHandler, setNumberHandler, statsHandler, tokenOutageHandler } from './admin.handler';
import { agentMessageHandler } from './agent-message.handler';
import { capabilityHandler } from './capability.handler';
import type { HubContext, HubHandler } from './hub-context';
import { revokeHandler } from './revoke.handler';
import { upCapabilityHandler } from './up-capability.handler';
import { tokenHandler } from '../auth/token.handler';

interface Route {
  readonly method: string;
  /** Matched against the raw (still percent-encoded) path; groups are decoded afterwards. */
  readonly pattern: RegExp;
  readonly handler: HubHandler;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/v1\/phones\/([^/]+)\/capabilities$/, handler: capabilityHandler },
  { method: 'GET', pattern: /^\/v1\/phones\/([^/]+)\/upCapabilities$/, handler: upCapabilityHandler },
  { method: 'POST', pattern: /^\/v1\/phones\/([^/]+)\/agentMessages$/, handler: agentMessageHandler },
  { method: 'DELETE', pattern: /^\/v1\/phones\/([^/]+)\/agentMessages\/([^/]+)$/, handler: revokeHandler },
  { method: 'POST', pattern: /^\/token$/, handler: tokenHandler },
  { method: 'PUT', pattern: /^\/_sim\/numbers\/([^/]+)$/, handler: setNumberHandler },
  { method: 'GET', pattern: /^\/_sim\/messages$/, handler: listMessagesHandler },
  { method: 'GET', pattern: /^\/_sim\/stats$/, handler: statsHandler },
  { method: 'POST', pattern: /^\/_sim\/reset$/, handler: resetHandler },
  { method: 'POST', pattern: /^\/_sim\/auth\/tokens:revoke$/, handler: revokeTokensHandler },
  { method: 'POST', pattern: /^\/_sim\/auth\/keys\/([^/]+):revoke$/, handler: revokeKeyHandler },
  { method: 'PUT', pattern: /^\/_sim\/auth\/outage$/, handler: tokenOutageHandler },
];

function decodeParams(groups: readonly string[]): string[] {
  try {
    return groups.map((group) => decodeURIComponent(group)); // clients send the + of E.164 as %2B
  } catch {
    throw invalidArgument('Malformed percent-encoding in the path.');
  }
}

async function route(ctx: HubContext, req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Readonly<Record<string, string>> }> {
  const url = new URL(req.url ?? '/', 'http://hub.invalid');
  for (const { method, pattern, handler } of ROUTES) {
    const match = pattern.exec(url.pathname);
    if (!match || req.method !== method) continue;
    // The RBM API needs a bearer token; the token endpoint and the _sim admin routes do not.
    if (url.pathname.startsWith('/v1/')) ctx.auth?.check(req.headers.authorization);
    return handler(ctx, { req, url, params: decodeParams(match.slice(1)) });
  }
  throw notFound();
}

/** The HTTP entry point: routes, turns typed errors into Google-style error bodies. */
export function createHubListener(ctx: HubContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(ctx, req).then(
      (reply) => sendJson(res, reply),
      (error: unknown) => {
        if (error instanceof HubHttpError) return sendJson(res, { status: error.httpStatus, body: error.toBody(), headers: error.headers });
        if (res.destroyed) return; // close() aborted a latency wait: nobody is listening
        ctx.options.log({ event: 'request.error', error: errorReason(error) });
        sendJson(res, { status: 500, body: new HubHttpError(500, 'INTERNAL', 'Internal error encountered.').toBody() });
      },
    );
  };
}
