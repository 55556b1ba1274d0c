import { Inject, Injectable } from '@nestjs/common';
import { circuitMetrics } from '@switchback/circuit';
import { counter, histogram, METRICS_REGISTRY, MetricNames } from '@switchback/telemetry';
import { Gauge, type Counter, type Histogram, type Registry } from 'prom-client';

/** rcs-gateway's metric names, from @switchback/telemetry's MetricNames. */
export const RcsMetricNames = {
  sends: MetricNames.rcsSends,
  sendSeconds: MetricNames.rcsSendSeconds,
  retries: MetricNames.rcsRetries,
  throttled: MetricNames.rcsThrottled,
  inFlight: MetricNames.rcsInFlight,
  webhookEvents: MetricNames.rcsWebhookEvents,
  webhookDuplicates: MetricNames.rcsWebhookDuplicates,
  revocations: MetricNames.rcsRevocations,
} as const;

function gauge(registry: Registry, name: string, help: string): Gauge<string> {
  return (registry.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, registers: [registry] });
}

/** The gateway's counters; labels carry classes and codes, never numbers or content. */
@Injectable()
export class RcsMetrics {
  /** Hub answers to sends, by verdict kind (accepted, unreachable, ...) and content variant. */
  readonly sends: Counter<string>;
  readonly sendSeconds: Histogram<string>;
  /** Sends handed back to the bus for a retry, by reason (http_429, timeout, rbm_throttled ...). */
  readonly retries: Counter<string>;
  readonly throttled: Counter<string>;
  readonly inFlight: Gauge<string>;
  /** Webhook events by type and what we did (emitted, duplicate, unknown_leg, ignored). */
  readonly webhookEvents: Counter<string>;
  readonly webhookDuplicates: Counter<string>;
  readonly revocations: Counter<string>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.sends = counter(registry, RcsMetricNames.sends, 'RBM send answers by verdict and content variant', ['verdict', 'variant']);
    this.sendSeconds = histogram(registry, RcsMetricNames.sendSeconds, 'Time of one agentMessages call', ['verdict']);
    this.retries = counter(registry, RcsMetricNames.retries, 'RCS sends parked for a bus retry, by reason', ['reason']);
    this.throttled = counter(registry, RcsMetricNames.throttled, 'Sends that could not get a permit in time, by limit', ['limit']);
    this.inFlight = gauge(registry, RcsMetricNames.inFlight, 'Calls to the RBM hub in flight');
    this.webhookEvents = counter(registry, RcsMetricNames.webhookEvents, 'RBM webhook events by type and outcome', ['type', 'outcome']);
    this.webhookDuplicates = counter(registry, RcsMetricNames.webhookDuplicates, 'Redelivered RBM webhook events dropped by eventId');
    this.revocations = counter(registry, RcsMetricNames.revocations, 'RBM revocations by result', ['result']);
    // The hub breaker's metrics (set by libs/circuit), declared with the service's own.
    circuitMetrics(registry);
  }
}
