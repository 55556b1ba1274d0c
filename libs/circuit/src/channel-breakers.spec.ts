import { Channel, CircuitState, type CircuitStateChanged } from '@switchback/contracts';
import { MetricNames } from '@switchback/telemetry';
import { Registry } from 'prom-client';
import { ChannelBreakers, type ChannelFlag, type CircuitChange } from './channel-breakers';
import type { BreakerOptions } from './circuit-breaker';
import { CircuitEventSink, CircuitMetricsSink } from './circuit-sinks';

const OPTIONS: BreakerOptions = { failureRatio: 1, windowCalls: 2, windowMs: 60_000, minCalls: 2, coolDownMs: 1_000, maxCoolDownMs: 8_000, halfOpenProbes: 1 };

function setup(paths = ['smpp:a', 'smpp:b'], flagFails = false) {
  const clock = { t: 10_000, now: () => clock.t };
  const flagOps: string[] = [];
  const flag: ChannelFlag = {
    raise: async (channel, ttlMs) => {
      if (flagFails) throw new Error('redis down');
      flagOps.push(`raise ${Channel[channel]} ${ttlMs}`);
    },
    lower: async (channel) => void flagOps.push(`lower ${Channel[channel]}`),
  };
  const changes: CircuitChange[] = [];
  const events: CircuitStateChanged[] = [];
  const registry = new Registry();
  const publisher = { publish: async (_topic: string, event: unknown) => void events.push(event as CircuitStateChanged) };
  const sinks = [{ changed: (c: CircuitChange) => void changes.push(c) }, new CircuitMetricsSink(registry, Channel.SMS, paths), new CircuitEventSink(publisher as never, 'pod-1')];
  const breakers = new ChannelBreakers(Channel.SMS, paths, OPTIONS, clock, sinks, flag);
  const fail = (path: string) => breakers.acquire(path)!.failure();
  const trip = (path: string) => {
    fail(path);
    fail(path);
  };
  return { clock, breakers, flagOps, changes, events, registry, trip };
}

describe('ChannelBreakers', () => {
  it('raises the channel flag only when every path is open, with the earliest cool-down end as TTL', async () => {
    const { breakers, flagOps, trip, clock } = setup();
    trip('smpp:a');
    await breakers.settled();
    expect(flagOps).toEqual([]);
    clock.t += 400;
    trip('smpp:b');
    await breakers.settled();
    expect(flagOps).toEqual(['raise SMS 600']); // a reopens for probes 600 ms from now
  });

  it('lowers the flag when a path half-opens or closes', async () => {
    const { breakers, flagOps, trip, clock } = setup(['rcs:hub']);
    trip('rcs:hub');
    clock.t += 1_000;
    const probe = breakers.acquire('rcs:hub')!;
    probe.success();
    await breakers.settled();
    expect(flagOps).toEqual(['raise SMS 1000', 'lower SMS', 'lower SMS']);
    expect(breakers.state('rcs:hub')).toBe('closed');
  });

  it('routes around an open path and refuses only when all are open', () => {
    const { breakers, trip } = setup();
    expect(breakers.acquireAny()?.pathId).toBe('smpp:a');
    trip('smpp:a');
    expect(breakers.acquireAny()?.pathId).toBe('smpp:b');
    trip('smpp:b');
    expect(breakers.acquireAny()).toBeUndefined();
  });

  it('publishes each transition as CircuitStateChanged and keeps the metrics in step', async () => {
    const { breakers, events, registry, trip, clock } = setup();
    trip('smpp:a');
    clock.t += 1_000;
    breakers.acquire('smpp:a')!.failure(); // probe fails: open again, cool-down doubled
    await breakers.settled();
    expect(events.map((e) => [e.pathId, CircuitState[e.previousState], CircuitState[e.state], e.reason])).toEqual([
      ['smpp:a', 'CLOSED', 'OPEN', 'error_rate'],
      ['smpp:a', 'OPEN', 'HALF_OPEN', 'cool_down_over'],
      ['smpp:a', 'HALF_OPEN', 'OPEN', 'probe_failed'],
    ]);
    expect(events[0]).toMatchObject({ channel: Channel.SMS, failures: 2, calls: 2, instanceId: 'pod-1', openUntilMs: 11_000n, changedAtMs: 10_000n });
    expect(events[2]!.openUntilMs).toBe(BigInt(clock.t + 2_000));
    const state = await registry.getSingleMetric(MetricNames.circuitState)!.get();
    expect(state.values).toEqual(expect.arrayContaining([
      expect.objectContaining({ labels: { channel: 'SMS', path: 'smpp:a' }, value: 2 }),
      expect.objectContaining({ labels: { channel: 'SMS', path: 'smpp:b' }, value: 0 }),
    ]));
    const transitions = await registry.getSingleMetric(MetricNames.circuitTransitions)!.get();
    expect(transitions.values.find((v) => v.labels['to'] === 'open')?.value).toBe(2);
  });

  it('never throws a failing side effect into the caller', async () => {
    const { breakers, trip, changes } = setup(['rcs:hub'], true);
    expect(() => trip('rcs:hub')).not.toThrow();
    await expect(breakers.settled()).resolves.toBeUndefined();
    expect(changes).toHaveLength(1);
  });

  it('refuses duplicate or missing path ids and unknown paths', () => {
    expect(() => setup([])).toThrow(/path ids/);
    expect(() => setup(['a', 'a'])).toThrow(/path ids/);
    expect(() => setup(['a']).breakers.acquire('b')).toThrow(/unknown path/);
  });
});
