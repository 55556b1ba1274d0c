import type { EventEmitter } from 'node:events';

/** A bounded wait ran out: tests fail with what they waited for instead of hanging. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';

  constructor(what: string, timeoutMs: number) {
    super(`no ${what} matched within ${timeoutMs} ms`);
  }
}

/**
 * Resolves with the first item (already present, or announced later by `event`) that matches.
 * Event-driven: no polling, and the listener is removed on every outcome.
 */
export function waitForMatch<T>(
  emitter: EventEmitter,
  event: string,
  current: readonly T[],
  predicate: (item: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const hit = current.find(predicate);
  if (hit !== undefined) return Promise.resolve(hit);
  return new Promise<T>((resolve, reject) => {
    const onItem = (item: T) => {
      if (!predicate(item)) return;
      cleanup();
      resolve(item);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new WaitTimeoutError(what, timeoutMs));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off(event, onItem);
    };
    emitter.on(event, onItem);
  });
}
