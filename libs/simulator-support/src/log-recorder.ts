import { EventEmitter } from 'node:events';
import type { SimLogEvent, SimLogger } from './sim-logger';
import { waitForMatch } from './wait-for-match';

/** Captures a simulator's log events so tests can wait for one (e.g. webhook.abandoned). */
export function recordLogs(): { log: SimLogger; events: SimLogEvent[]; waitFor(match: string | ((event: SimLogEvent) => boolean), timeoutMs?: number): Promise<SimLogEvent> } {
  const events: SimLogEvent[] = [];
  const emitter = new EventEmitter();
  return {
    events,
    log: (event) => {
      events.push(event);
      emitter.emit('log', event);
    },
    waitFor: (match, timeoutMs = 5_000) => {
      const predicate = typeof match === 'string' ? (e: SimLogEvent) => e.event === match : match;
      return waitForMatch(emitter, 'log', events, predicate, timeoutMs, typeof match === 'string' ? `log event ${match}` : 'log event');
    },
  };
}
