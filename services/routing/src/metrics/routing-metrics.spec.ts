import { ActionTaken, Channel, create, DeliveryOutcomeSchema, DeliveryStatus, FallbackReason, RoutingDecisionSchema, Sensitivity, TrafficType, type RoutingDecision } from '@switchback/contracts';
import { Registry } from 'prom-client';
import { histogramSeries } from './histogram-series';
import { RoutingMetrics } from './routing-metrics';

describe('RoutingMetrics histograms', () => {
  it('never observes a negative delivery latency when the gateway clock is behind the send', async () => {
    const registry = new Registry();
    new RoutingMetrics(registry).delivered(Channel.RCS_E2EE, 'otp', 10_000, 9_500);
    expect(await histogramSeries(registry, 'switchback_delivery_latency_seconds')).toEqual([{ labels: { channel: 'rcs_e2ee', traffic_type: 'otp' }, count: 1, sum: 0 }]);
  });

  it('times only PERSONAL and SECRET verdicts: anything else is not a plaintext-fallback event', async () => {
    const registry = new Registry();
    const metrics = new RoutingMetrics(registry);
    for (const sensitivity of [Sensitivity.UNSPECIFIED, Sensitivity.NORMAL, Sensitivity.SENSITIVE, Sensitivity.PERSONAL, Sensitivity.SECRET]) metrics.fallbackMitigated('held', sensitivity, 1_000, 1_250);
    expect(await histogramSeries(registry, 'switchback_fallback_mitigation_seconds')).toEqual([
      { labels: { mitigation: 'held', sensitivity: 'personal' }, count: 1, sum: 0.25 },
      { labels: { mitigation: 'held', sensitivity: 'secret' }, count: 1, sum: 0.25 },
    ]);
  });
});

describe('RoutingMetrics SLO labels', () => {
  const decision = (fields: Partial<Pick<RoutingDecision, 'detectorIds' | 'cohort' | 'trafficType'>>): RoutingDecision =>
    create(RoutingDecisionSchema, { tenantId: 'acme', trafficType: TrafficType.OTP, sensitivity: Sensitivity.SECRET, channel: Channel.SMS, actionTaken: ActionTaken.SENT_PLAIN, fallbackReason: FallbackReason.NONE, cohort: 'pilot', detectorIds: ['secret.otp_code'], ...fields });
  const labelsOf = async (registry: Registry, name: string) => ((await registry.getSingleMetric(name)!.get()).values as { labels: Record<string, string> }[]).map((value) => value.labels);

  it('marks only the OTP-policy plaintext send as a policy exception: flagged content sent plain otherwise pages', async () => {
    const registry = new Registry();
    const metrics = new RoutingMetrics(registry);
    metrics.decided(decision({}));
    metrics.decided(decision({ detectorIds: ['secret.otp_code', 'pii.card_number'], cohort: 'control' }));
    metrics.decided(decision({ trafficType: TrafficType.TRANSACTIONAL, cohort: 'someone-elses' }));
    expect(await labelsOf(registry, 'switchback_routing_decisions_total')).toEqual([
      expect.objectContaining({ cohort: 'pilot', policy_exception: 'otp_policy' }),
      expect.objectContaining({ cohort: 'control', policy_exception: 'none' }),
      expect.objectContaining({ cohort: 'none', policy_exception: 'none', traffic_type: 'transactional' }),
    ]);
  });

  it('labels a FAILED end with whose fault it is, and times SUBMITTED from the send', async () => {
    const registry = new Registry();
    const metrics = new RoutingMetrics(registry);
    metrics.terminal('acme', DeliveryStatus.FAILED, Channel.SMS, 'UNDELIV err:001');
    metrics.terminal('acme', DeliveryStatus.FAILED, Channel.RCS, 'retries_exhausted_timeout');
    metrics.outcome(create(DeliveryOutcomeSchema, { channel: Channel.RCS, status: DeliveryStatus.SUBMITTED, requestedAtMs: 1_000n, occurredAtMs: 1_250n }));
    metrics.outcome(create(DeliveryOutcomeSchema, { channel: Channel.RCS, status: DeliveryStatus.DELIVERED, requestedAtMs: 1_000n, occurredAtMs: 9_000n }));
    expect(await labelsOf(registry, 'switchback_message_terminal_total')).toEqual([
      { tenant: 'acme', status: 'failed', channel: 'sms', fault: 'recipient' },
      { tenant: 'acme', status: 'failed', channel: 'rcs', fault: 'platform' },
    ]);
    expect(await histogramSeries(registry, 'switchback_submit_latency_seconds')).toEqual([{ labels: { channel: 'rcs' }, count: 1, sum: 0.25 }]);
  });
});
