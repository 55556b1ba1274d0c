import { Inject, Injectable } from '@nestjs/common';
import { counter, METRICS_REGISTRY, MetricNames } from '@switchback/telemetry';
import type { Counter, Registry } from 'prom-client';

/** Labels carry outcomes and reasons only, never tenants' URLs or endpoint ids. */
@Injectable()
export class WebhookMetrics {
  readonly deliveries: Counter<string>;
  readonly endpointsDisabled: Counter<string>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.deliveries = counter(registry, MetricNames.webhookDeliveries, 'Status callbacks, by outcome (delivered, failed, deferred, busy, gone)', ['outcome']);
    this.endpointsDisabled = counter(registry, MetricNames.webhookEndpointsDisabled, 'Webhook endpoints disabled, by reason (gone: answered 410; failing: no success for WEBHOOK_DISABLE_AFTER_MS)', ['reason']);
  }
}
