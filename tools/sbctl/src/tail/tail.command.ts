import { createKafka, silentBusLogger, tailEvents, TopicNames } from '@switchback/bus';
import type { BusTarget } from '../dlq.command';
import { decisionView, formatDecision, passesFilters } from './decision-line';
import { parseTailArgs } from './tail-args';

export const TAIL_USAGE = `  tail decisions [--json] [--tenant id] [--action name[,name]] [--sensitive-only] [--max n] [--for seconds]
                          routing decisions live, one line each (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX)`;

export interface TailHooks {
  /** Stops the tail from outside (SIGINT). */
  readonly signal?: AbortSignal;
  /** Called once the tail is positioned: every decision published after this is printed. */
  readonly onReady?: () => void;
  readonly warn?: (message: string) => void;
}

/**
 * Prints sb.routing.decision as it happens, from the end of the topic, with a throwaway
 * consumer group; stops on the signal, after --max lines or --for seconds. Returns the count.
 */
export async function tailDecisions(target: BusTarget, args: readonly string[], write: (line: string) => void, hooks: TailHooks = {}): Promise<number> {
  const tail = parseTailArgs(args);
  const done = new AbortController();
  const stop = () => done.abort();
  if (hooks.signal?.aborted) stop();
  hooks.signal?.addEventListener('abort', stop, { once: true });
  const timer = tail.forSeconds === undefined ? undefined : setTimeout(stop, tail.forSeconds * 1_000);
  const kafka = createKafka({ serviceName: 'sbctl-tail', brokers: target.brokers, sasl: target.sasl, topicPrefix: target.topicPrefix, retryDelaysMs: [], partitionsConcurrently: 1, logger: silentBusLogger });
  let printed = 0;
  try {
    await tailEvents(kafka, new TopicNames(target.topicPrefix), 'routingDecision', {
      signal: done.signal,
      ...(hooks.onReady ? { onReady: hooks.onReady } : {}),
      onUndecodable: (partition, offset) => hooks.warn?.(`skipped a message that is not a RoutingDecision (partition ${partition}, offset ${offset})`),
      onEvent: ({ event }) => {
        if (done.signal.aborted || !passesFilters(event, tail)) return;
        const view = decisionView(event);
        write(tail.json ? JSON.stringify(view) : formatDecision(view));
        printed += 1;
        if (tail.max !== undefined && printed >= tail.max) stop();
      },
    });
  } finally {
    clearTimeout(timer);
    hooks.signal?.removeEventListener('abort', stop);
  }
  return printed;
}

/** The CLI's entry: Ctrl-C (SIGINT) or SIGTERM ends the tail cleanly (the group is removed). */
export async function runTailDecisions(target: BusTarget, args: readonly string[]): Promise<number> {
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await tailDecisions(target, args, (line) => process.stdout.write(`${line}\n`), {
      signal: interrupted.signal,
      onReady: () => console.error(`following ${target.topicPrefix}sb.routing.decision (Ctrl-C to stop)`),
      warn: (message) => console.error(message),
    });
    return 0;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
