import type { TopicKey } from '@switchback/contracts';
import type { Admin, Kafka } from 'kafkajs';
import type { BusLogger, BusObserver } from './bus-options';
import { topicLag, type ConsumerLagSample, type PartitionLag } from './consumer-lag';
import type { TopicNames } from './topic-names';

/** What one service's consumers read: its event topics and its retry tiers, each in its own group. */
export interface LagTarget {
  readonly group: string;
  readonly eventTopics: readonly TopicKey[];
  readonly retryTiers: number;
}

/**
 * Samples a consumer group's lag on an interval and hands it to the observer (metrics). Its own
 * timer, not libs/runtime's PeriodicTask (runtime depends on the bus): one run at a time, unref'd,
 * stop() waits for a run in progress. A failed sample is logged and reported, never thrown.
 */
export class ConsumerLagMonitor {
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly names: TopicNames,
    private readonly target: LagTarget,
    private readonly intervalMs: number,
    private readonly logger: BusLogger,
    private readonly observer?: BusObserver,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** One sample: the lag of every partition of every topic the group reads. */
  async sample(): Promise<ConsumerLagSample> {
    const admin = await this.connectedAdmin();
    const { group, eventTopics, retryTiers } = this.target;
    const reads = [
      { groupId: this.names.consumerGroup(group), topics: eventTopics.map((key) => ({ name: this.names.event(key), label: key })) },
      ...Array.from({ length: retryTiers }, (_, index) => ({
        groupId: this.names.retryConsumerGroup(group, index + 1),
        topics: [{ name: this.names.retry(group, index + 1), label: `retry-${index + 1}` }],
      })),
    ];
    const partitions: PartitionLag[] = [];
    for (const { groupId, topics } of reads) {
      const committed = await admin.fetchOffsets({ groupId, topics: topics.map((topic) => topic.name) });
      for (const topic of topics) {
        const offsets = await admin.fetchTopicOffsets(topic.name);
        partitions.push(...topicLag(topic.label, offsets, committed.find((entry) => entry.topic === topic.name)?.partitions ?? []));
      }
    }
    const eventLabels = new Set<string>(eventTopics);
    const eventTopicsTotal = partitions.filter((entry) => eventLabels.has(entry.topic)).reduce((sum, entry) => sum + entry.lag, 0);
    return { group, partitions, eventTopicsTotal };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      this.observer?.consumerLag?.(await this.sample());
    } catch (error) {
      // A fresh admin next time: the broker may have moved or the connection died.
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      this.logger.warn({ group: this.target.group, err: error instanceof Error ? error.message : String(error) }, 'consumer lag sample failed');
      this.observer?.consumerLagFailed?.(this.target.group);
    }
  }

  private async connectedAdmin(): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin();
    await admin.connect();
    this.admin = admin;
    return admin;
  }
}
