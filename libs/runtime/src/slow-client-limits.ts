import type { Server } from 'node:http';

export interface SlowClientLimits {
  /** ms within which a request's headers must have arrived. */
  readonly HTTP_HEADERS_TIMEOUT_MS: number;
  /** ms within which the whole request (headers and body) must have arrived. */
  readonly HTTP_REQUEST_TIMEOUT_MS: number;
}

/**
 * Bounds how long a client may take to send its request, so dripping sockets (slow-loris) are
 * answered 408 and closed instead of holding connections. Node checks these deadlines on a
 * timer (30 s by default), so the timer runs at a fraction of the header deadline; it is read
 * when the server starts listening, so call this before `listen`.
 */
export function limitSlowClients(server: Server, limits: Partial<SlowClientLimits>): void {
  const headersTimeout = limits.HTTP_HEADERS_TIMEOUT_MS ?? 10_000;
  const requestTimeout = Math.max(limits.HTTP_REQUEST_TIMEOUT_MS ?? 30_000, headersTimeout);
  server.headersTimeout = headersTimeout;
  server.requestTimeout = requestTimeout;
  // Node requires keep-alive idle sockets to close before the header deadline would trip them.
  server.keepAliveTimeout = Math.min(server.keepAliveTimeout, headersTimeout - 1);
  // An option of createServer that Node also reads from the instance at listen; the types only
  // know the option.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4)));
}
