import type { IncomingMessage } from 'node:http';
import { HubHttpError, invalidArgument } from './hub-http.error';

/** Past this multiple of the limit we stop draining an oversized upload and drop the socket. */
const DRAIN_FACTOR = 8;

/**
 * Reads a JSON body of at most `maxBytes`. An oversized body is drained (not buffered) so the
 * client still reads our 413 instead of a reset connection.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes * DRAIN_FACTOR) {
      req.destroy();
      break;
    }
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes || declared > maxBytes) {
    throw new HubHttpError(413, 'INVALID_ARGUMENT', `Request payload size exceeds the limit: ${maxBytes} bytes.`);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw invalidArgument('Invalid JSON payload received.');
  }
}
