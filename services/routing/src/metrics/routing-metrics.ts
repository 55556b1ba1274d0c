import { Inject, Injectable, Optional } from '@nestjs/common';
import { ActionTaken, Channel, DeliveryStatus, FallbackReason, Sensitivity, TrafficType, type DeliveryOutcome, type RoutingDecision } from '@switchback/contracts';
import { OTP_DETECTOR_IDS } from '@switchback/sensitivity';
import { counter, histogram, METRICS_REGISTRY, MetricNames, MetricSpecs } from '@switchback/telemetry';
import { Registry, type Counter, type Histogram } from 'prom-client';
import { terminalFault } from './terminal-fault';

const nameOf = (values: Readonly<Record<number, string>>, value: number): string => (values[value] ?? 'unspecified').toLowerCase();

/**
 * Messaging time scales: a quarter second (E2EE on a warm device) to ten minutes (a failover
 * after a delivery timeout). 0.3 and 1 are the SLO thresholds (p50 < 300 ms, p95 < 1 s): the
 * SLO rules read those buckets.
 */
export const DELIVERY_LATENCY_BUCKETS = [0.25, 0.3, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
/** Send to SUBMITTED: tens of milliseconds on an idle stack, seconds when it falls behind; 0.3 and 1 are the SLO thresholds. */
export const SUBMIT_LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10, 30];
/** A hold is sealed within milliseconds of its decision; a secure link takes a payload-store call (or a failover) more. */
export const MITIGATION_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600];

/** How sensitive content without an E2EE path was protected (see fallbackMitigated). */
export type Mitigation = 'secure_link' | 'held';

const OTP_DETECTORS: ReadonlySet<string> = new Set(OTP_DETECTOR_IDS);
const COHORTS: ReadonlySet<string> = new Set(['default', 'pilot', 'control', 'opt_in', 'kill_switch']);

/**
 * `otp_policy` for the one sanctioned plaintext send of flagged content: an OTP whose only
 * detections are the OTP ones, sent plain under the tenant's sms_first / rcs_first policy (the
 * invariant of decide()). Anything else flagged and sent plain stays `none`, and pages.
 */
function policyException(decision: RoutingDecision): 'otp_policy' | 'none' {
  const sanctioned =
    decision.actionTaken === ActionTaken.SENT_PLAIN &&
    decision.trafficType === TrafficType.OTP &&
    decision.detectorIds.length > 0 &&
    decision.detectorIds.every((id) => OTP_DETECTORS.has(id));
  return sanctioned ? 'otp_policy' : 'none';
}

/** A duration in seconds, never negative (the gateways' and routing's clocks may disagree slightly). */
const secondsBetween = (fromMs: number, toMs: number): number => Math.max(0, toMs - fromMs) / 1000;

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
  private readonly deliveryLatency: Histogram<string>;
  private readonly submitLatency: Histogram<string>;
  private readonly mitigation: Histogram<string>;

  // Without the platform's registry (service tests that build a bare module) the counts go to a private one.
  constructor(@Optional() @Inject(METRICS_REGISTRY) registry: Registry = new Registry()) {
    this.decisions = counter(registry, MetricNames.routingDecisions, 'Routing decisions published (first routing, overrides, hold expiries)', MetricSpecs.routingDecisions.labels);
    this.outcomes = counter(registry, MetricNames.deliveryOutcomes, 'Delivery outcomes recorded on message legs', MetricSpecs.deliveryOutcomes.labels);
    this.terminals = counter(registry, MetricNames.messageTerminals, 'Messages that reached their one terminal outcome (a dual delivery counts once)', MetricSpecs.messageTerminals.labels);
    this.failoverCount = counter(registry, MetricNames.failovers, 'Failovers: a dispatched leg failed, timed out or expired and the policy chose the next rung', MetricSpecs.failovers.labels);
    this.deliveryLatency = histogram(
      registry,
      MetricNames.deliveryLatencySeconds,
      "Once per delivered message (a dual delivery counts once): the winning outcome's occurred_at (first DELIVERED, or READ if that came first) minus the send's requested_at, failover legs included; channel is the winning leg's",
      MetricSpecs.deliveryLatencySeconds.labels,
      DELIVERY_LATENCY_BUCKETS,
    );
    this.submitLatency = histogram(
      registry,
      MetricNames.submitLatencySeconds,
      "Each SUBMITTED outcome routing records: the gateway's occurred_at (the carrier accepted the leg) minus the send's requested_at; failover and dual legs included, channel is the leg's. The latency SLO's SLI",
      MetricSpecs.submitLatencySeconds.labels,
      SUBMIT_LATENCY_BUCKETS,
    );
    this.mitigation = histogram(
      registry,
      MetricNames.fallbackMitigationSeconds,
      "PERSONAL/SECRET content with no E2EE path: from routing's decision for the message (message_views.decided_at, the first routing's) until it was protected. secure_link: link stored in payload-store and its link leg published by routing's dispatcher; held: content sealed in a hold (block). Admin overrides to plaintext are not mitigations: see switchback_routing_decisions_total{action=\"user_override\"}",
      MetricSpecs.fallbackMitigationSeconds.labels,
      MITIGATION_BUCKETS,
    );
  }

  decided(decision: RoutingDecision): void {
    this.decisions.inc({
      tenant: decision.tenantId,
      traffic_type: nameOf(TrafficType, decision.trafficType),
      sensitivity: nameOf(Sensitivity, decision.sensitivity),
      channel: nameOf(Channel, decision.channel),
      action: nameOf(ActionTaken, decision.actionTaken),
      reason: nameOf(FallbackReason, decision.fallbackReason),
      cohort: COHORTS.has(decision.cohort) ? decision.cohort : 'none',
      policy_exception: policyException(decision),
    });
  }

  /** Once per message: called by the instance whose compare-and-set ended it; `reason` decides whose fault a FAILED end is. */
  terminal(tenantId: string, status: DeliveryStatus, channel: Channel, reason = ''): void {
    this.terminals.inc({ tenant: tenantId, status: nameOf(DeliveryStatus, status), channel: nameOf(Channel, channel), fault: terminalFault(status, reason) });
  }

  failover(tenantId: string, trafficType: string, reason: FallbackReason, from: Channel, to: Channel): void {
    this.failoverCount.inc({ tenant: tenantId, traffic_type: trafficType, reason: nameOf(FallbackReason, reason), from_channel: nameOf(Channel, from), to_channel: nameOf(Channel, to) });
  }

  /** Once per message whose first delivery won (the caller's compare-and-set ended it). */
  delivered(channel: Channel, trafficType: string, requestedAtMs: number, deliveredAtMs: number): void {
    this.deliveryLatency.observe({ channel: nameOf(Channel, channel), traffic_type: trafficType }, secondsBetween(requestedAtMs, deliveredAtMs));
  }

  /** Sensitive content without E2EE, protected `seconds` after its decision; other verdicts are not counted. */
  fallbackMitigated(mitigation: Mitigation, sensitivity: Sensitivity, decidedAtMs: number, mitigatedAtMs: number): void {
    if (sensitivity !== Sensitivity.PERSONAL && sensitivity !== Sensitivity.SECRET) return;
    this.mitigation.observe({ mitigation, sensitivity: nameOf(Sensitivity, sensitivity) }, secondsBetween(decidedAtMs, mitigatedAtMs));
  }

  outcome(outcome: DeliveryOutcome): void {
    this.outcomes.inc({ channel: nameOf(Channel, outcome.channel), status: nameOf(DeliveryStatus, outcome.status) });
    if (outcome.status === DeliveryStatus.SUBMITTED && outcome.requestedAtMs > 0n && outcome.occurredAtMs > 0n) {
      this.submitLatency.observe({ channel: nameOf(Channel, outcome.channel) }, secondsBetween(Number(outcome.requestedAtMs), Number(outcome.occurredAtMs)));
    }
  }
}
