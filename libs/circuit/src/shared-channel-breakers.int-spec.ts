import { Channel } from '@switchback/contracts';
import { MetricNames } from '@switchback/telemetry';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { ChannelBreakers, type CircuitChange } from './channel-breakers';
import { circuitKeyFor } from './channel-circuits';
import type { BreakerOptions } from './circuit-breaker';
import { CircuitMetricsSink } from './circuit-sinks';
import { RedisChannelFlag } from './redis-channel-flag';
import { RedisSharedCircuitStore } from './redis-shared-circuit-store';

// Several gateway "pods" (ChannelBreakers instances, each with its own Redis connection) share
// one breaker state per path in the real Redis, under a key prefix of this test's own. They
// share a manual clock, so cool-downs pass when the test says; only the periodic re-read of the
// shared state runs on real time (every 50 ms), which the assertions wait for with a bound.
const OPTIONS: BreakerOptions = { failureRatio: 1, windowCalls: 2, windowMs: 60_000, minCalls: 2, coolDownMs: 1_000, maxCoolDownMs: 8_000, halfOpenProbes: 1 };
const LEASE_MS = 5_000;
const SYNC_MS = 50;
const BOUND_MS = 5_000;
const PATH = 'smpp:a';

describe('ChannelBreakers shared through Redis (real Redis, two pods)', () => {
  const clock = { t: 1_000_000, now: () => clock.t };
  const prefix = `${uniqueName('circuit')}:`;
  const admin = new Redis(testEnv.redisUrl);
  const pods: { breakers: ChannelBreakers; redis: Redis }[] = [];

  async function pod(instanceId: string, paths = [PATH]) {
    const redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    const changes: CircuitChange[] = [];
    const registry = new Registry();
    const store = new RedisSharedCircuitStore(redis, Channel.SMS, OPTIONS, { keyPrefix: prefix, instanceId, probeLeaseMs: LEASE_MS });
    const flag = new RedisChannelFlag(redis, instanceId, circuitKeyFor(prefix));
    const sinks = [{ changed: (change: CircuitChange) => void changes.push(change) }, new CircuitMetricsSink(registry, Channel.SMS, paths)];
    const breakers = new ChannelBreakers(Channel.SMS, paths, OPTIONS, clock, sinks, flag, { store, syncMs: SYNC_MS });
    pods.push({ breakers, redis });
    const metric = async (name: string, labels: Record<string, string>) => (await registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
    const transitions = () => changes.map((c) => `${c.pathId} ${c.transition.from}>${c.transition.to}`);
    // Local until the first read of the shared state succeeds (the connection comes up).
    await eventually(() => expect(breakers.mode).toBe('shared'), BOUND_MS);
    return { breakers, redis, changes, transitions, metric, instanceId };
  }

  /** Two failed calls on a pod open the path (window of 2, ratio 1). */
  async function trip(p: Awaited<ReturnType<typeof pod>>, path = PATH) {
    p.breakers.acquire(path)!.failure();
    p.breakers.acquire(path)!.failure();
    await p.breakers.settled();
  }

  beforeEach(() => {
    clock.t += 10 * 60_000; // each test starts past every earlier window and cool-down
  });

  afterEach(async () => {
    for (const { breakers, redis } of pods.splice(0)) {
      breakers.close();
      await breakers.settled();
      redis.disconnect();
    }
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
  });

  afterAll(() => admin.disconnect());

  it("opens the path on pod B within a bounded time when pod A's calls fail, with one transition event", async () => {
    const a = await pod('pod-a');
    const b = await pod('pod-b');
    // One failure on each pod: neither pod's own calls would trip a window of 2, together they do.
    b.breakers.acquire(PATH)!.failure();
    await b.breakers.settled();
    expect(a.breakers.state(PATH)).toBe('closed');
    a.breakers.acquire(PATH)!.failure();
    await a.breakers.settled();
    expect(a.breakers.state(PATH)).toBe('open');

    // B learns it from the periodic read, without a call of its own.
    await eventually(() => expect(b.breakers.state(PATH)).toBe('open'), BOUND_MS);
    expect(b.breakers.acquire(PATH)).toBeUndefined();
    expect(b.breakers.acquireAny()).toBeUndefined();
    await eventually(async () => expect(await b.metric(MetricNames.circuitState, { path: PATH })).toBe(2), BOUND_MS);
    // The transition is published once, by the pod whose call made it.
    expect(a.transitions()).toEqual([`${PATH} closed>open`]);
    expect(b.transitions()).toEqual([]);
    expect(a.changes[0]!.transition).toMatchObject({ reason: 'error_rate', failures: 2, calls: 2, openUntil: clock.t + OPTIONS.coolDownMs });
    // Every path of the channel is open: routing's flag is raised.
    expect(await admin.exists(circuitKeyFor(prefix)(Channel.SMS))).toBe(1);
  });

  it('lets one pod probe after the cool-down, then closes the path for both', async () => {
    const a = await pod('pod-a');
    const b = await pod('pod-b');
    await trip(a);
    await eventually(() => expect(b.breakers.state(PATH)).toBe('open'), BOUND_MS);
    clock.t += OPTIONS.coolDownMs;

    // A opened it, so A owns the half-open round: B is refused, A gets exactly one probe.
    expect(b.breakers.acquire(PATH)).toBeUndefined();
    const probe = a.breakers.acquire(PATH);
    expect(probe).toBeDefined();
    expect(a.breakers.acquire(PATH)).toBeUndefined();
    await a.breakers.settled();
    expect(a.breakers.state(PATH)).toBe('half_open');
    await eventually(() => expect(b.breakers.state(PATH)).toBe('half_open'), BOUND_MS);
    expect(b.breakers.acquire(PATH)).toBeUndefined();
    await b.breakers.settled();

    probe!.success();
    await a.breakers.settled();
    expect(a.breakers.state(PATH)).toBe('closed');
    await eventually(() => expect(b.breakers.state(PATH)).toBe('closed'), BOUND_MS);
    expect(b.breakers.acquire(PATH)).toBeDefined();
    expect(a.transitions()).toEqual([`${PATH} closed>open`, `${PATH} open>half_open`, `${PATH} half_open>closed`]);
    expect(b.transitions()).toEqual([]);
    await eventually(async () => expect(await admin.exists(circuitKeyFor(prefix)(Channel.SMS))).toBe(0), BOUND_MS);
  });

  it('a failed probe reopens the path for both, with the cool-down doubled', async () => {
    const a = await pod('pod-a');
    const b = await pod('pod-b');
    await trip(a);
    clock.t += OPTIONS.coolDownMs;
    a.breakers.acquire(PATH)!.failure();
    await a.breakers.settled();
    expect(a.changes.at(-1)!.transition).toMatchObject({ from: 'half_open', to: 'open', reason: 'probe_failed', openUntil: clock.t + 2 * OPTIONS.coolDownMs });
    await eventually(() => expect(b.breakers.state(PATH)).toBe('open'), BOUND_MS);
    clock.t += OPTIONS.coolDownMs;
    expect(a.breakers.acquire(PATH)).toBeUndefined(); // still in the doubled cool-down
    expect(b.transitions()).toEqual([]);
  });

  it('hands the probes to another pod once the owner lets its lease pass (the owner died or is idle)', async () => {
    const a = await pod('pod-a');
    const b = await pod('pod-b');
    await trip(a);
    await eventually(() => expect(b.breakers.state(PATH)).toBe('open'), BOUND_MS);
    clock.t += OPTIONS.coolDownMs + LEASE_MS;

    expect(b.breakers.acquire(PATH)).toBeUndefined(); // asks for the round
    await b.breakers.settled();
    const probe = b.breakers.acquire(PATH);
    expect(probe).toBeDefined();
    // The round is B's now: A, back from its pause, sends no probe of its own.
    await eventually(() => expect(a.breakers.state(PATH)).toBe('half_open'), BOUND_MS);
    expect(a.breakers.acquire(PATH)).toBeUndefined();
    probe!.success();
    await b.breakers.settled();
    await eventually(() => expect(a.breakers.state(PATH)).toBe('closed'), BOUND_MS);
    expect(b.transitions()).toEqual([`${PATH} open>half_open`, `${PATH} half_open>closed`]);
    expect(a.transitions()).toEqual([`${PATH} closed>open`]);
  });

  it('falls back to local breakers while Redis is unreachable (never refusing sends for that), then shares again', async () => {
    const a = await pod('pod-a');
    const b = await pod('pod-b');
    await trip(a);
    await eventually(() => expect(b.breakers.state(PATH)).toBe('open'), BOUND_MS);
    expect(await b.metric(MetricNames.circuitShared, { channel: 'SMS' })).toBe(1);

    b.redis.disconnect(); // B loses Redis
    await eventually(() => expect(b.breakers.mode).toBe('local'), BOUND_MS);
    expect(await b.metric(MetricNames.circuitShared, { channel: 'SMS' })).toBe(0);
    // B's local breaker starts closed: it sends, and its own failures still open it.
    expect(b.breakers.state(PATH)).toBe('closed');
    b.breakers.acquire(PATH)!.success();
    await trip(b);
    expect(b.breakers.state(PATH)).toBe('open');
    expect(b.transitions()).toEqual([`${PATH} closed>open`]);

    await b.redis.connect(); // Redis is back: B follows the shared state again
    await eventually(() => expect(b.breakers.mode).toBe('shared'), BOUND_MS);
    expect(await b.metric(MetricNames.circuitShared, { channel: 'SMS' })).toBe(1);
    clock.t += OPTIONS.coolDownMs; // shared cool-down over; A (the owner) probes and closes it
    a.breakers.acquire(PATH)!.success();
    await a.breakers.settled();
    await eventually(() => expect(b.breakers.state(PATH)).toBe('closed'), BOUND_MS);
    expect(b.breakers.acquire(PATH)).toBeDefined();
  });
});
