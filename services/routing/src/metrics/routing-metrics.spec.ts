import { Channel, Sensitivity } from '@switchback/contracts';
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
