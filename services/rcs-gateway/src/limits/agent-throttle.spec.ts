import { Registry } from 'prom-client';
import type { SleepingClock } from '@switchback/runtime';
import { rcsGatewayConfigSchema } from '../config/rcs-gateway.config';
import { RcsMetrics } from '../metrics/rcs-metrics';
import { RbmThrottledException } from '../rbm/rbm.exception';
import { AgentThrottle } from './agent-throttle';

/** Virtual time: sleeping moves the clock at once. */
function fakeClock(): SleepingClock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

const config = (overrides: Record<string, string>) =>
  rcsGatewayConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', RBM_AUTH: 'none', HUB_BASE_URL: 'http://127.0.0.1:1', RBM_CLIENT_TOKEN: 'client-token', ...overrides });

describe('AgentThrottle', () => {
  it('spaces calls at the configured rate after the burst', async () => {
    const clock = fakeClock();
    const throttle = new AgentThrottle(config({ RBM_RATE_PER_SECOND: '10', RBM_RATE_BURST: '2' }), clock, new RcsMetrics(new Registry()));
    for (let i = 0; i < 4; i += 1) await throttle.run(async () => undefined);
    expect(clock.slept).toEqual([100, 100]);
  });

  it('throws a retriable exception instead of waiting past the bound', async () => {
    const clock = fakeClock();
    const metrics = new RcsMetrics(new Registry());
    const throttle = new AgentThrottle(config({ RBM_RATE_PER_SECOND: '1', RBM_RATE_BURST: '1', RBM_PERMIT_WAIT_MAX_MS: '500' }), clock, metrics);
    await throttle.run(async () => undefined);
    const error = await throttle.run(async () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RbmThrottledException);
    expect((error as RbmThrottledException).retriable).toBe(true);
    expect((await metrics.throttled.get()).values).toEqual([expect.objectContaining({ labels: { limit: 'rate' }, value: 1 })]);
  });

  it('holds every call until a Retry-After cool-down is over, capped by RBM_RETRY_AFTER_MAX_MS', async () => {
    const clock = fakeClock();
    const throttle = new AgentThrottle(config({ RBM_PERMIT_WAIT_MAX_MS: '5000', RBM_RETRY_AFTER_MAX_MS: '2000' }), clock, new RcsMetrics(new Registry()));
    throttle.coolDown(1_500);
    await throttle.run(async () => undefined);
    expect(clock.slept).toEqual([1_500]);
    throttle.coolDown(3_600_000);
    await throttle.run(async () => undefined);
    expect(clock.slept).toEqual([1_500, 2_000]);
  });

  it('parks a call at once when the cool-down outlasts the wait bound', async () => {
    const clock = fakeClock();
    const throttle = new AgentThrottle(config({ RBM_PERMIT_WAIT_MAX_MS: '100' }), clock, new RcsMetrics(new Registry()));
    throttle.coolDown(1_000);
    await expect(throttle.run(async () => 'sent')).rejects.toMatchObject({ limit: 'cool_down' });
    expect(clock.slept).toEqual([]);
  });

  it('caps calls in flight and reports them on the gauge', async () => {
    const metrics = new RcsMetrics(new Registry());
    const throttle = new AgentThrottle(config({ RBM_MAX_IN_FLIGHT: '2', RBM_PERMIT_WAIT_MAX_MS: '1000' }), { now: () => Date.now(), sleep: async () => undefined }, metrics);
    let active = 0;
    let peak = 0;
    const work = async () => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active -= 1;
    };
    await Promise.all(Array.from({ length: 6 }, () => throttle.run(work)));
    expect(peak).toBe(2);
    expect((await metrics.inFlight.get()).values[0]?.value).toBe(0);
  });
});
