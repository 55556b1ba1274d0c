import type { ServerResponse } from 'node:http';

export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function sendJson(res: ServerResponse, reply: JsonReply): void {
  if (res.headersSent || res.destroyed) return; // the client left (or close() dropped it)
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...reply.headers });
  res.end(payload);
}
