import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * POSTs a body and resolves with the status code. A fresh connection per call (no agent):
 * pooled keep-alive sockets would outlive close() and keep test processes alive.
 */
export function postJson(url: string, body: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(
      target,
      { method: 'POST', agent: false, signal, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        res.resume(); // the answer body is irrelevant; drain it so the socket closes
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
