import { eventually } from '@switchback/testing';
import type { BusObserver } from '../src/bus-options';
import type { ConsumerLagSample } from '../src/consumer-lag';
import { ConsumerLagMonitor } from '../src/consumer-lag-monitor';
import { registerHandler } from '../src/event-handler';
import { ensureTopics, topicsForGroup } from '../src/topic-provisioner';
import { BusFixture, sendRequest } from './bus-fixture';

describe('consumer lag on a real broker', () => {
  let bus: BusFixture;
  let monitor: ConsumerLagMonitor | undefined;
  afterEach(async () => {
    await monitor?.stop();
    await bus.close();
  });

  it('reads the messages published before the consumers ran, then 0 once they are consumed', async () => {
    const samples: ConsumerLagSample[] = [];
    const observer: BusObserver = { messageProcessed: () => undefined, consumerLag: (sample) => void samples.push(sample) };
    bus = new BusFixture('lag', { lagIntervalMs: 250, observer });
    const target = { group: bus.options.serviceName, eventTopics: ['sendRequested' as const], retryTiers: bus.options.retryDelaysMs.length };
    monitor = new ConsumerLagMonitor(bus.kafka, bus.names, target, 0, bus.options.logger);
    await ensureTopics(bus.kafka, topicsForGroup(bus.names, target.group, target.eventTopics, target.retryTiers));

    const published = 7;
    await bus.publisher.connect();
    for (let index = 0; index < published; index++) await bus.publisher.publish('sendRequested', sendRequest(`m${index}`, `+4477009000${index}`), { key: `r${index}`, messageId: `m${index}` });

    // No consumer has run: the group never committed, so the lag counts from the earliest offset.
    const before = await monitor.sample();
    expect(before.eventTopicsTotal).toBe(published);
    expect(before.partitions.filter((entry) => entry.topic === 'sendRequested').reduce((sum, entry) => sum + entry.lag, 0)).toBe(published);
    expect(before.partitions.filter((entry) => entry.topic === 'sendRequested')).toHaveLength(6);
    // The retry tiers are sampled too (their own groups), empty here.
    expect(before.partitions.filter((entry) => entry.topic.startsWith('retry-')).map((entry) => entry.lag)).toEqual(new Array(2 * 3).fill(0));

    const handled: string[] = [];
    await bus.start([registerHandler('sendRequested', async (event) => void handled.push(event.messageId))]);
    await eventually(() => expect(handled).toHaveLength(published), 30_000);
    await eventually(async () => expect((await monitor!.sample()).eventTopicsTotal).toBe(0), 30_000);

    // The consumers' own monitor reports the same to the observer on its interval.
    await eventually(() => expect(samples.at(-1)).toMatchObject({ group: 'bus-test', eventTopicsTotal: 0 }), 30_000);
    expect(samples.at(-1)!.partitions.every((entry) => entry.lag === 0)).toBe(true);
  });
});
