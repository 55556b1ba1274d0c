import type { BusObserver } from '@switchback/bus';
import { counter, histogram, MetricNames } from '@switchback/telemetry';
import type { Registry } from 'prom-client';

/** Prometheus counters for what the bus did with each consumed message. */
export function busMetricsObserver(registry: Registry): BusObserver {
  const consumed = counter(registry, MetricNames.busMessagesConsumed, 'Messages consumed, by group, topic and outcome (handled, retry, dead_letter)', ['group', 'topic', 'outcome']);
  const retries = counter(registry, MetricNames.busRetries, 'Messages parked on a retry tier, by group, topic and error code', ['group', 'topic', 'code']);
  const deadLetters = counter(registry, MetricNames.busDeadLetters, 'Messages sent to a dead-letter topic, by group, topic and error code', ['group', 'topic', 'code']);
  const duration = histogram(registry, MetricNames.busHandlerSeconds, 'Time to handle or park one message', ['group', 'topic']);
  return {
    messageProcessed({ group, topic, outcome, reason, durationMs }) {
      consumed.inc({ group, topic, outcome });
      duration.observe({ group, topic }, durationMs / 1000);
      if (outcome === 'retry') retries.inc({ group, topic, code: reason ?? 'unknown' });
      if (outcome === 'dead_letter') deadLetters.inc({ group, topic, code: reason ?? 'unknown' });
    },
  };
}
