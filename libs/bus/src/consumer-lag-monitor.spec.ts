import type { Kafka } from 'kafkajs';
import { silentBusLogger, type BusObserver } from './bus-options';
import type { ConsumerLagSample } from './consumer-lag';
import { ConsumerLagMonitor } from './consumer-lag-monitor';
import { TopicNames } from './topic-names';

/** A Kafka whose admin answers from fixed offsets, or fails when `down`. */
function fakeKafka(state: { down: boolean; connects: number }): Kafka {
  const admin = {
    connect: async () => {
      state.connects++;
      if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
    },
    disconnect: async () => undefined,
    fetchOffsets: async ({ topics }: { topics: string[] }) => topics.map((topic) => ({ topic, partitions: [{ partition: 0, offset: topic.includes('retry') ? '-1' : '3' }, { partition: 1, offset: '-1' }] })),
    fetchTopicOffsets: async () => [
      { partition: 0, high: '10', low: '0', offset: '10' },
      { partition: 1, high: '4', low: '1', offset: '4' },
    ],
  };
  return { admin: () => admin } as unknown as Kafka;
}

describe('ConsumerLagMonitor', () => {
  const names = new TopicNames('p.');
  const target = { group: 'routing', eventTopics: ['sendRequested' as const], retryTiers: 1 };

  it('labels event topics by key and retry topics by tier; the total counts event topics only', async () => {
    const monitor = new ConsumerLagMonitor(fakeKafka({ down: false, connects: 0 }), names, target, 0, silentBusLogger);
    expect(await monitor.sample()).toEqual({
      group: 'routing',
      partitions: [
        { topic: 'sendRequested', partition: 0, lag: 7 },
        { topic: 'sendRequested', partition: 1, lag: 3 },
        { topic: 'retry-1', partition: 0, lag: 10 },
        { topic: 'retry-1', partition: 1, lag: 3 },
      ],
      eventTopicsTotal: 10,
    });
  });

  it('logs and reports a failed sample, keeps its timer, and reconnects once the broker is back', async () => {
    const state = { down: true, connects: 0 };
    const failures: string[] = [];
    const samples: ConsumerLagSample[] = [];
    const warnings: object[] = [];
    const observer: BusObserver = { messageProcessed: () => undefined, consumerLag: (sample) => void samples.push(sample), consumerLagFailed: (group) => void failures.push(group) };
    const monitor = new ConsumerLagMonitor(fakeKafka(state), names, target, 5, { ...silentBusLogger, warn: (obj) => void warnings.push(obj) }, observer);
    monitor.start();
    await waitFor(() => failures.length >= 2);
    expect(failures[0]).toBe('routing');
    expect(warnings[0]).toEqual({ group: 'routing', err: 'connect ECONNREFUSED 127.0.0.1:9092' });
    state.down = false;
    await waitFor(() => samples.length >= 2);
    await monitor.stop();
    expect(samples[0]!.eventTopicsTotal).toBe(10);
    // One admin connection serves every sample once connected.
    const connects = state.connects;
    expect(connects).toBe(failures.length + 1);
  });

  it('never samples with an interval of 0', async () => {
    const state = { down: false, connects: 0 };
    const monitor = new ConsumerLagMonitor(fakeKafka(state), names, target, 0, silentBusLogger, { messageProcessed: () => undefined });
    monitor.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await monitor.stop();
    expect(state.connects).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
