import type { Consumer, Kafka } from 'kafkajs';
import { BusHeaders, headerText } from './bus-headers';
import type { BusOptions } from './bus-options';
import { ConsumerLagMonitor } from './consumer-lag-monitor';
import type { HandlerRegistration } from './event-handler';
import type { EventPublisher } from './event-publisher';
import { MessageProcessor } from './message-processor';
import type { TopicNames } from './topic-names';
import { processByKey } from './key-ordered-batch';
import { ensureTopics, topicsForGroup } from './topic-provisioner';
import { waitUntilDue } from './wait-until-due';

const DEFAULT_LAG_INTERVAL_MS = 15_000;

/**
 * One service's consumers: the main one on its event topics and one per retry tier. Offsets
 * advance only after a handler succeeded or the message was parked. The main consumer runs
 * the messages of different keys of a batch in parallel (`keyConcurrency`), each key in order. Each tier has its own consumer so a message waiting
 * 60 s never holds up one waiting 1 s.
 */
export class EventConsumer {
  private readonly consumers: Consumer[] = [];
  private readonly shutdown = new AbortController();
  private readonly processor: MessageProcessor;
  private readonly lagMonitor: ConsumerLagMonitor;

  constructor(
    private readonly kafka: Kafka,
    publisher: EventPublisher,
    private readonly names: TopicNames,
    private readonly options: BusOptions,
    private readonly handlers: readonly HandlerRegistration[],
    private readonly group: string = options.serviceName,
  ) {
    this.processor = new MessageProcessor(group, names, handlers, publisher, options.retryDelaysMs, options.logger, options.observer);
    const target = { group, eventTopics: handlers.map((handler) => handler.topic), retryTiers: options.retryDelaysMs.length };
    this.lagMonitor = new ConsumerLagMonitor(kafka, names, target, options.lagIntervalMs ?? DEFAULT_LAG_INTERVAL_MS, options.logger, options.observer);
  }

  async start(): Promise<void> {
    const topics = this.handlers.map((handler) => handler.topic);
    await ensureTopics(this.kafka, topicsForGroup(this.names, this.group, topics, this.options.retryDelaysMs.length));
    await Promise.all([this.startMain(), ...this.options.retryDelaysMs.map((_, index) => this.startRetryTier(index + 1))]);
    this.lagMonitor.start();
  }

  /** Drains in-flight handlers (kafkajs waits for the running eachMessage), then leaves the group. */
  async stop(): Promise<void> {
    this.shutdown.abort();
    // A lag sample in progress finishes alongside, not before, the consumers' drain.
    await Promise.allSettled([this.lagMonitor.stop(), ...this.consumers.map((consumer) => consumer.disconnect())]);
    this.consumers.length = 0;
  }

  private newConsumer(groupId: string): Consumer {
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((this.options.sessionTimeoutMs ?? 30_000) / 3)),
    });
    this.consumers.push(consumer);
    return consumer;
  }

  private async startMain(): Promise<void> {
    const consumer = this.newConsumer(this.names.consumerGroup(this.group));
    await consumer.connect();
    await consumer.subscribe({ topics: this.handlers.map((handler) => this.names.event(handler.topic)), fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConcurrently,
      // Offsets are resolved by hand: only the unbroken prefix of processed messages.
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const origin = { topic: this.names.keyOf(batch.topic), attemptsBefore: 0 };
        const result = await processByKey(batch.messages, this.options.keyConcurrency ?? 1, { shouldContinue: () => isRunning() && !isStale(), heartbeat }, (message) =>
          this.processor.process({ topicName: batch.topic, partition: batch.partition, ...message }, origin),
        );
        if (result.lastContiguousOffset !== undefined) resolveOffset(result.lastContiguousOffset);
        // A message that could not even be parked: kafkajs reads the rest of the batch again.
        if (result.error !== undefined) throw result.error;
      },
    });
  }

  private async startRetryTier(tier: number): Promise<void> {
    const consumer = this.newConsumer(this.names.retryConsumerGroup(this.group, tier));
    await consumer.connect();
    await consumer.subscribe({ topics: [this.names.retry(this.group, tier)], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        const dueAt = Number(headerText(message.headers, BusHeaders.retryAt) ?? 0);
        // On shutdown the wait throws: the offset stays uncommitted and the retry is read again.
        await waitUntilDue(dueAt, heartbeat, this.shutdown.signal);
        const originalTopic = headerText(message.headers, BusHeaders.originalTopic) ?? '';
        const attemptsBefore = Number(headerText(message.headers, BusHeaders.attempts) ?? 0);
        await this.processor.process({ topicName: topic, partition, ...message }, { topic: this.names.keyOf(originalTopic), attemptsBefore });
      },
    });
  }
}
