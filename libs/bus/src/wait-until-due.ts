const HEARTBEAT_EVERY_MS = 2_000;

export class WaitAborted extends Error {}

/**
 * Holds a retry message until its due time. The retry consumer may block its partition, since
 * every message behind it in the same tier is due later; it keeps heartbeating so the group
 * does not think it died, and gives up at once when the service shuts down (the offset stays
 * uncommitted, so the message is read again after restart).
 */
export async function waitUntilDue(dueAtMs: number, heartbeat: () => Promise<void>, signal: AbortSignal, now: () => number = Date.now): Promise<void> {
  for (let remaining = dueAtMs - now(); remaining > 0; remaining = dueAtMs - now()) {
    await sleep(Math.min(remaining, HEARTBEAT_EVERY_MS), signal);
    await heartbeat();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new WaitAborted('shutting down'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new WaitAborted('shutting down'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
