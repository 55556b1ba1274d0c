import { Inject, Injectable, Optional } from '@nestjs/common';
import { ActionTaken, Channel, DeliveryStatus, FallbackReason, Sensitivity, TrafficType, type DeliveryOutcome, type RoutingDecision } from '@switchback/contracts';
import { counter, METRICS_REGISTRY, MetricNames, MetricSpecs } from '@switchback/telemetry';
import { Registry, type Counter } from 'prom-client';

const nameOf = (values: Readonly<Record<number, string>>, value: number): string => (values[value] ?? 'unspecified').toLowerCase();

/**
 * The fallback metrics SREs and the dashboard read: every published decision by tenant, traffic
 * type, sensitivity, channel, action and reason (bounded sets: enums and configured tenants),
 * and every delivery outcome routing records. Never a recipient or content.
 */
@Injectable()
export class RoutingMetrics {
  private readonly decisions: Counter<string>;
  private readonly outcomes: Counter<string>;
  private readonly terminals: Counter<string>;
  private readonly failoverCount: Counter<string>;

  // Without the platform's registry (service tests that build a bare module) the counts go to a private one.
  constructor(@Optional() @Inject(METRICS_REGISTRY) registry: Registry = new Registry()) {
    this.decisions = counter(registry, MetricNames.routingDecisions, 'Routing decisions published (first routing, overrides, hold expiries)', MetricSpecs.routingDecisions.labels);
    this.outcomes = counter(registry, MetricNames.deliveryOutcomes, 'Delivery outcomes recorded on message legs', MetricSpecs.deliveryOutcomes.labels);
    this.terminals = counter(registry, MetricNames.messageTerminals, 'Messages that reached their one terminal outcome (a dual delivery counts once)', MetricSpecs.messageTerminals.labels);
    this.failoverCount = counter(registry, MetricNames.failovers, 'Failovers: a dispatched leg failed, timed out or expired and the policy chose the next rung', MetricSpecs.failovers.labels);
  }

  decided(decision: RoutingDecision): void {
    this.decisions.inc({
      tenant: decision.tenantId,
      traffic_type: nameOf(TrafficType, decision.trafficType),
      sensitivity: nameOf(Sensitivity, decision.sensitivity),
      channel: nameOf(Channel, decision.channel),
      action: nameOf(ActionTaken, decision.actionTaken),
      reason: nameOf(FallbackReason, decision.fallbackReason),
    });
  }

  /** Once per message: called by the instance whose compare-and-set ended it. */
  terminal(tenantId: string, status: DeliveryStatus, channel: Channel): void {
    this.terminals.inc({ tenant: tenantId, status: nameOf(DeliveryStatus, status), channel: nameOf(Channel, channel) });
  }

  failover(tenantId: string, trafficType: string, reason: FallbackReason, from: Channel, to: Channel): void {
    this.failoverCount.inc({ tenant: tenantId, traffic_type: trafficType, reason: nameOf(FallbackReason, reason), from_channel: nameOf(Channel, from), to_channel: nameOf(Channel, to) });
  }

  outcome(outcome: DeliveryOutcome): void {
    this.outcomes.inc({ channel: nameOf(Channel, outcome.channel), status: nameOf(DeliveryStatus, outcome.status) });
  }
}
