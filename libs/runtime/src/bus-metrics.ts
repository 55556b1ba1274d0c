import type { BusObserver } from '@switchback/bus';
import { counter, histogram, MetricNames } from '@switchback/telemetry';
import { Gauge, type Registry } from 'prom-client';

function gauge(registry: Registry, name: string, help: string, labelNames: readonly string[]): Gauge<string> {
  return (registry.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames: [...labelNames], registers: [registry] });
}

/** Prometheus counters for what the bus did with each consumed message, and gauges of its lag. */
export function busMetricsObserver(registry: Registry): BusObserver {
  const consumed = counter(registry, MetricNames.busMessagesConsumed, 'Messages consumed, by group, topic and outcome (handled, retry, dead_letter)', ['group', 'topic', 'outcome']);
  const retries = counter(registry, MetricNames.busRetries, 'Messages parked on a retry tier, by group, topic and error code', ['group', 'topic', 'code']);
  const deadLetters = counter(registry, MetricNames.busDeadLetters, 'Messages sent to a dead-letter topic, by group, topic and error code', ['group', 'topic', 'code']);
  const duration = histogram(registry, MetricNames.busHandlerSeconds, 'Time to handle or park one message', ['group', 'topic']);
  const lag = gauge(registry, MetricNames.consumerLagMessages, 'Messages behind per partition, by group, topic (event key or retry-<tier>) and partition', ['group', 'topic', 'partition']);
  const groupLag = gauge(registry, MetricNames.consumerGroupLagMessages, 'Messages behind on the event topics of a group (retry tiers excluded)', ['group']);
  const lagErrors = counter(registry, MetricNames.consumerLagErrors, 'Consumer lag samples that failed', ['group']);
  return {
    messageProcessed({ group, topic, outcome, reason, durationMs }) {
      consumed.inc({ group, topic, outcome });
      duration.observe({ group, topic }, durationMs / 1000);
      if (outcome === 'retry') retries.inc({ group, topic, code: reason ?? 'unknown' });
      if (outcome === 'dead_letter') deadLetters.inc({ group, topic, code: reason ?? 'unknown' });
    },
    consumerLag({ group, partitions, eventTopicsTotal }) {
      for (const { topic, partition, lag: behind } of partitions) lag.set({ group, topic, partition: String(partition) }, behind);
      groupLag.set({ group }, eventTopicsTotal);
    },
    consumerLagFailed(group) {
      lagErrors.inc({ group });
    },
  };
}
