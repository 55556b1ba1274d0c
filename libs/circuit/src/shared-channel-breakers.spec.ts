import { Channel } from '@switchback/contracts';
import { MetricNames } from '@switchback/telemetry';
import { Registry } from 'prom-client';
import { ChannelBreakers, type ChannelFlag, type CircuitChange } from './channel-breakers';
import type { BreakerOptions } from './circuit-breaker';
import { circuitConfig } from './circuit.config';
import { CircuitMetricsSink } from './circuit-sinks';
import type { SharedCircuitStore, SharedPathState } from './shared-circuit-store';

const OPTIONS: BreakerOptions = { failureRatio: 1, windowCalls: 2, windowMs: 60_000, minCalls: 2, coolDownMs: 1_000, maxCoolDownMs: 8_000, halfOpenProbes: 1 };
const CLOSED: SharedPathState = { state: 'closed', openUntil: 0, gen: 0, owner: '', leaseUntil: 0 };

/** A store whose answers the test sets; `down` makes every call reject like an unreachable Redis. */
function fakeStore(instanceId = 'pod-b') {
  const store = {
    instanceId,
    probeLeaseMs: 5_000,
    down: false,
    shared: CLOSED,
    records: [] as boolean[],
    answer: async (): Promise<SharedPathState> => {
      if (store.down) throw new Error('Connection is closed.');
      return store.shared;
    },
    read: () => store.answer(),
    record: (_path: string, _gen: number, failed: boolean) => {
      store.records.push(failed);
      return store.answer();
    },
    beginProbes: () => store.answer(),
    probe: () => store.answer(),
  };
  return store satisfies SharedCircuitStore;
}

const created: ChannelBreakers[] = [];

/** `initial`: what the store holds when the instance boots (it reads at once). */
function setup(initial: { shared?: SharedPathState; down?: boolean } = {}) {
  const clock = { t: 10_000, now: () => clock.t };
  const store = Object.assign(fakeStore(), initial);
  const changes: CircuitChange[] = [];
  const flagOps: string[] = [];
  const flag: ChannelFlag = { raise: async (_c, ttl) => void flagOps.push(`raise ${ttl}`), lower: async () => void flagOps.push('lower') };
  const registry = new Registry();
  const sinks = [{ changed: (c: CircuitChange) => void changes.push(c) }, new CircuitMetricsSink(registry, Channel.SMS, ['smpp:a'])];
  // A sync period far beyond the test: only explicit sync() calls read the store.
  const breakers = new ChannelBreakers(Channel.SMS, ['smpp:a'], OPTIONS, clock, sinks, flag, { store, syncMs: 3_600_000 });
  created.push(breakers);
  const metric = async (name: string) => (await registry.getSingleMetric(name)!.get()).values[0]?.value;
  return { clock, store, breakers, changes, flagOps, metric };
}

describe('ChannelBreakers with a shared store', () => {
  const opened = (owner: string): SharedPathState => ({ state: 'open', openUntil: 11_000, gen: 1, owner, leaseUntil: 0 });

  afterEach(() => {
    for (const breakers of created.splice(0)) breakers.close();
  });

  it("follows another instance's transition without publishing it, and keeps its gauge and routing's flag in step", async () => {
    const { store, breakers, changes, flagOps, metric } = setup();
    await breakers.settled();
    expect(breakers.mode).toBe('shared');
    store.shared = opened('pod-a');
    await breakers.sync();
    await breakers.settled();
    expect(breakers.state('smpp:a')).toBe('open');
    expect(breakers.acquire('smpp:a')).toBeUndefined();
    expect(changes).toEqual([]); // pod-a made the transition and published it
    expect(await metric(MetricNames.circuitState)).toBe(2);
    expect(flagOps).toEqual(['raise 1000']);
  });

  it('reports its calls to the store and publishes the transition its own call made', async () => {
    const { store, breakers, changes } = setup();
    await breakers.settled();
    store.shared = { ...opened('pod-b'), transition: { from: 'closed', to: 'open', reason: 'error_rate', at: 10_000, failures: 2, calls: 2, openUntil: 11_000 } };
    breakers.acquire('smpp:a')!.failure();
    await breakers.settled();
    expect(store.records).toEqual([true]);
    expect(changes.map((c) => c.transition.to)).toEqual(['open']);
  });

  it('leaves the probes to the owner until its lease runs out', async () => {
    const { clock, store, breakers } = setup({ shared: opened('pod-a') });
    await breakers.settled();
    clock.t = 11_000;
    expect(breakers.acquire('smpp:a')).toBeUndefined();
    clock.t = 11_000 + store.probeLeaseMs;
    store.shared = { state: 'half_open', openUntil: 0, gen: 2, owner: 'pod-b', leaseUntil: clock.t + store.probeLeaseMs };
    expect(breakers.acquire('smpp:a')).toBeUndefined(); // asks for the round ...
    await breakers.settled();
    expect(breakers.acquire('smpp:a')).toBeDefined(); // ... and has it: one probe
    expect(breakers.acquire('smpp:a')).toBeUndefined();
  });

  it('never refuses a send because the store is down: local breakers, shown by switchback_circuit_shared, until it answers', async () => {
    const { store, breakers, metric } = setup({ shared: opened('pod-a') });
    await breakers.settled();
    expect(await metric(MetricNames.circuitShared)).toBe(1);
    store.down = true;
    await breakers.sync();
    await breakers.settled();
    expect(breakers.mode).toBe('local');
    expect(await metric(MetricNames.circuitShared)).toBe(0);
    expect(breakers.acquire('smpp:a')).toBeDefined();
    store.down = false;
    await breakers.sync();
    expect(breakers.mode).toBe('shared');
    expect(breakers.acquire('smpp:a')).toBeUndefined();
  });

  it('starts local until the store first answers', async () => {
    const { store, breakers } = setup({ down: true });
    expect(breakers.mode).toBe('local');
    await breakers.settled();
    expect(breakers.mode).toBe('local');
    expect(breakers.acquire('smpp:a')).toBeDefined();
    store.down = false;
    await breakers.sync();
    expect(breakers.mode).toBe('shared');
  });

  it('waits at boot, bounded, until the store answers, so the first failures after boot count for every pod', async () => {
    const { store, breakers } = setup({ down: true });
    // Redis comes up 50 ms into boot: the gateway waits for it instead of starting local.
    setTimeout(() => (store.down = false), 50);
    expect(await breakers.shareWhenReachable(2_000, 10)).toBe('shared');
    const failing = breakers.acquire('smpp:a')!;
    failing.failure();
    await breakers.settled();
    expect(store.records).toEqual([true]);
  });

  it('starts on local breakers when the store does not answer within the boot wait', async () => {
    const { breakers } = setup({ down: true });
    expect(await breakers.shareWhenReachable(50, 10)).toBe('local');
    expect(breakers.acquire('smpp:a')).toBeDefined();
  });
});

describe('circuitConfig sharing settings', () => {
  it('shares breaker state by default and can be switched off', () => {
    expect(circuitConfig.parse({})).toMatchObject({ CIRCUIT_SHARED: true, CIRCUIT_SHARED_SYNC_MS: 1_000, CIRCUIT_PROBE_LEASE_MS: 15_000 });
    expect(circuitConfig.parse({ CIRCUIT_SHARED: 'false' }).CIRCUIT_SHARED).toBe(false);
    expect(() => circuitConfig.parse({ CIRCUIT_SHARED: 'yes' })).toThrow(/CIRCUIT_SHARED/);
  });
});
