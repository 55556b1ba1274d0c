import { RecordingEventSink } from '@switchback/bus';
import { CapabilityLevel } from '@switchback/contracts';
import { MetricNames } from '@switchback/telemetry';
import { Registry } from 'prom-client';
import type { SleepingClock } from '@switchback/runtime';
import type { CapabilityPin, PinDecision } from '../capability/pin-decision';
import { CapabilityPinning } from './capability-pinning';
import { PinStore, type AfterDecision, type DecidePin, type Observation } from './pin-store';

/** A pin store in a Map: the decision logic runs for real, nothing leaves the process. */
class MemoryPinStore extends PinStore {
  readonly pins = new Map<string, CapabilityPin>();
  readonly history: { hash: string; decision: PinDecision }[] = [];
  find(hash: string): Promise<CapabilityPin | undefined> {
    return Promise.resolve(this.pins.get(hash));
  }
  async apply(hash: string, _observation: Observation, decide: DecidePin, after: AfterDecision): Promise<PinDecision> {
    const decision = decide(this.pins.get(hash));
    await after(decision); // before "commit", as the real store does
    this.pins.set(hash, decision.pin);
    if (decision.levelChanged) this.history.push({ hash, decision });
    return decision;
  }
}

const DAY = 24 * 3600 * 1000;

function setup() {
  let now = Date.UTC(2026, 10, 1);
  const clock: SleepingClock = { now: () => now, sleep: () => Promise.resolve() };
  const store = new MemoryPinStore();
  const publisher = new RecordingEventSink();
  const published = publisher.published;
  // A broker that stops answering: every publish rejects while it is down.
  const broker = {
    set down(down: boolean) {
      publisher.failWith(down ? new Error('broker down') : undefined);
    },
  };
  const registry = new Registry();
  const pinning = new CapabilityPinning(store, publisher, clock, { CAPABILITY_PIN_WINDOW_S: 30 * 24 * 3600 }, registry);
  const downgrades = async () => (await registry.getSingleMetric(MetricNames.capabilityDowngrades)?.get())?.values[0]?.value ?? 0;
  return { pinning, store, published, downgrades, broker, advance: (ms: number) => (now += ms) };
}

const where = { carrier: 'Orange', region: 'FR' };

describe('CapabilityPinning', () => {
  it('records a first sighting without announcing it', async () => {
    const { pinning, store, published, downgrades } = setup();
    await expect(pinning.observe('h1', 'rcs', where)).resolves.toMatchObject({ downgradeSuspected: false, previousLevel: null });
    expect(store.history).toHaveLength(1);
    expect(published).toEqual([]);
    expect(await downgrades()).toBe(0);
  });

  it('announces, counts and records a downgrade within the window, keyed by the hash', async () => {
    const { pinning, store, published, downgrades, advance } = setup();
    await pinning.observe('h1', 'e2ee', where);
    advance(3 * DAY);
    const decision = await pinning.observe('h1', 'sms_only', where);
    expect(decision.downgradeSuspected).toBe(true);
    expect(store.pins.get('h1')?.pinnedLevel).toBe('e2ee');
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ topic: 'capabilityChanged', options: { key: 'h1' }, event: { recipientHash: 'h1', previousLevel: CapabilityLevel.E2EE, currentLevel: CapabilityLevel.SMS_ONLY, downgradeSuspected: true, pinnedLevel: CapabilityLevel.E2EE, carrier: 'Orange', region: 'FR' } });
    expect(await downgrades()).toBe(1);

    // The same weak answer again: still suspicious, but not a new change or a new count.
    await expect(pinning.observe('h1', 'sms_only', where)).resolves.toMatchObject({ downgradeSuspected: true, levelChanged: false });
    expect(published).toHaveLength(1);
    expect(await downgrades()).toBe(1);
  });

  it('announces an upgrade as a change that is not a downgrade', async () => {
    const { pinning, published, downgrades } = setup();
    await pinning.observe('h1', 'sms_only', where);
    await pinning.observe('h1', 'rcs', where);
    expect(published).toHaveLength(1);
    expect(published[0]?.event).toMatchObject({ previousLevel: CapabilityLevel.SMS_ONLY, currentLevel: CapabilityLevel.RCS, downgradeSuspected: false, pinnedLevel: CapabilityLevel.RCS });
    expect(await downgrades()).toBe(0);
  });

  it('saves nothing when the change cannot be announced, so a retry announces it', async () => {
    const { pinning, store, published, broker } = setup();
    await pinning.observe('h1', 'rcs', where);
    broker.down = true;
    await expect(pinning.observe('h1', 'sms_only', where)).rejects.toMatchObject({ retriable: true });
    expect(store.pins.get('h1')?.lastLevel).toBe('rcs');
    broker.down = false;
    await expect(pinning.observe('h1', 'sms_only', where)).resolves.toMatchObject({ downgradeSuspected: true, levelChanged: true });
    expect(published).toHaveLength(1);
  });

  it('wraps a failing store in a retriable error', async () => {
    const { pinning, store } = setup();
    jest.spyOn(store, 'apply').mockRejectedValue(new Error('connection refused'));
    await expect(pinning.observe('h1', 'rcs', where)).rejects.toMatchObject({ code: 'pinning_failed', retriable: true });
  });
});
