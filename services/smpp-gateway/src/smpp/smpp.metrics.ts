import { Inject, Injectable } from '@nestjs/common';
import { circuitMetrics } from '@switchback/circuit';
import { counter, METRICS_REGISTRY, MetricNames } from '@switchback/telemetry';
import { Gauge, type Registry } from 'prom-client';
import type { EsmeObserver } from './esme-session';

/** Metric names of the SMPP gateway, from @switchback/telemetry's MetricNames. */
export const SmppMetricNames = {
  windowInUse: MetricNames.smppWindowInUse,
  throttleWaits: MetricNames.smppThrottleWaits,
  throttleWaitSeconds: MetricNames.smppThrottleWaitSeconds,
  submits: MetricNames.smppSubmits,
  receipts: MetricNames.smppReceipts,
  reconnects: MetricNames.smppReconnects,
  bindsUp: MetricNames.smppBindsUp,
  submitsInDoubt: MetricNames.smppSubmitsInDoubt,
  // Not yet in @switchback/telemetry's MetricNames (owned elsewhere): to move there.
  receiptCorrelations: MetricNames.smppReceiptCorrelations,
} as const;

function gauge(registry: Registry, name: string, help: string, labelNames: string[] = []): Gauge<string> {
  return (registry.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames, registers: [registry] });
}

@Injectable()
export class SmppMetrics implements EsmeObserver {
  private readonly windowInUse: Gauge<string>;
  private readonly bindsUp: Gauge<string>;
  private readonly throttleWaits;
  private readonly throttleWaitSeconds;
  private readonly submits;
  private readonly receipts;
  private readonly reconnects;
  private readonly submitsInDoubt;
  private readonly receiptCorrelations;
  private readonly up = new Set<string>();

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.windowInUse = gauge(registry, SmppMetricNames.windowInUse, 'submit_sm/enquire_link requests awaiting a response, per bind', ['bind']);
    this.bindsUp = gauge(registry, SmppMetricNames.bindsUp, 'Binds currently bound to the SMSC');
    this.throttleWaits = counter(registry, SmppMetricNames.throttleWaits, 'Requests that waited for the per-bind throughput limit', ['bind']);
    this.throttleWaitSeconds = counter(registry, SmppMetricNames.throttleWaitSeconds, 'Time spent waiting for the per-bind throughput limit', ['bind']);
    this.submits = counter(registry, SmppMetricNames.submits, 'submit_sm outcomes by command_status name (or timeout/disconnected)', ['status']);
    this.receipts = counter(registry, SmppMetricNames.receipts, 'Delivery receipts by state (DELIVRD, UNDELIV, ..., unknown_id, duplicate)', ['state']);
    this.reconnects = counter(registry, SmppMetricNames.reconnects, 'Reconnects scheduled after a lost or refused bind', ['bind']);
    this.submitsInDoubt = counter(registry, SmppMetricNames.submitsInDoubt, 'SMS legs reported FAILED submit_in_doubt (a submit_sm may have reached the SMSC), by cause', ['cause']);
    this.receiptCorrelations = counter(registry, SmppMetricNames.receiptCorrelations, 'Delivery receipts by connector and the id that matched them (tlv, tlv_alt_base, text, text_alt_base, none)', ['connector', 'path']);
    this.bindsUp.set(0);
    // The connector breakers' metrics (set by libs/circuit), declared with the service's own.
    circuitMetrics(registry);
  }

  windowChanged(bind: string, inUse: number): void {
    this.windowInUse.set({ bind }, inUse);
  }

  throttleWaited(bind: string, ms: number): void {
    this.throttleWaits.inc({ bind });
    this.throttleWaitSeconds.inc({ bind }, ms / 1000);
  }

  bindChanged(bind: string, up: boolean): void {
    if (up) this.up.add(bind);
    else this.up.delete(bind);
    this.bindsUp.set(this.up.size);
  }

  reconnectScheduled(bind: string): void {
    this.reconnects.inc({ bind });
  }

  submitted(status: string): void {
    this.submits.inc({ status });
  }

  /** cause: response_timeout, disconnected (seen live) or instance_lost (found on a redelivery). */
  inDoubt(cause: string): void {
    this.submitsInDoubt.inc({ cause });
  }

  receipt(state: string): void {
    this.receipts.inc({ state });
  }

  /** path: which id of the receipt matched (CorrelationPath), or none. */
  receiptCorrelated(connector: string, path: string): void {
    this.receiptCorrelations.inc({ connector, path });
  }
}
