import { Inject, Injectable } from '@nestjs/common';
import { counter, histogram, METRICS_REGISTRY } from '@switchback/telemetry';
import { Gauge, type Counter, type Histogram, type Registry } from 'prom-client';

/**
 * rcs-gateway's metric names. They follow the platform's `switchback_` scheme; they belong in
 * @switchback/telemetry's MetricNames (outside this service's files), to be moved there.
 */
export const RcsMetricNames = {
  sends: 'switchback_rcs_sends_total',
  sendSeconds: 'switchback_rcs_send_duration_seconds',
  retries: 'switchback_rcs_send_retries_total',
  throttled: 'switchback_rcs_throttled_total',
  inFlight: 'switchback_rcs_in_flight',
  webhookEvents: 'switchback_rcs_webhook_events_total',
  webhookDuplicates: 'switchback_rcs_webhook_duplicates_total',
  revocations: 'switchback_rcs_revocations_total',
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
  }
}
