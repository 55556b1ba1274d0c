import type { Consumer, Kafka } from 'kafkajs';
import { BusHeaders, headerText } from './bus-headers';
import type { BusOptions } from './bus-options';
import { ConsumerLagMonitor } from './consumer-lag-monitor';
import type { HandlerRegistration } from './event-handler';
import type { EventPublisher } from './event-publisher';
import { MessageProcessor } from './message-processor';
import { OffsetCommitter } from './offset-committer';
import type { TopicNames } from './topic-names';
import { processByKey } from './key-ordered-batch';
import { ConsumerStoppedError } from './consumer-stopped';
import { ensureTopics, topicsForGroup } from './topic-provisioner';
import { waitUntilDue } from './wait-until-due';

const DEFAULT_LAG_INTERVAL_MS = 15_000;
const DEFAULT_COMMIT_INTERVAL_MS = 100;

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
  private main?: { readonly consumer: Consumer; readonly committer: OffsetCommitter; readonly topics: string[] };
  /** Batches of the main consumer being processed: stop() waits for them before the last commit. */
  private readonly running = new Set<Promise<void>>();
  private stopped: ConsumerStoppedError | undefined;

  constructor(
    private readonly kafka: Kafka,
    publisher: EventPublisher,
    private readonly names: TopicNames,
    private readonly options: BusOptions,
    private readonly handlers: readonly HandlerRegistration[],
    private readonly group: string = options.serviceName,
  ) {
    this.processor = new MessageProcessor(group, names, handlers, publisher, options.retryDelaysMs, options.logger, options.observer, options.envelope);
    const target = { group, eventTopics: handlers.map((handler) => handler.topic), retryTiers: options.retryDelaysMs.length };
    this.lagMonitor = new ConsumerLagMonitor(kafka, names, target, options.lagIntervalMs ?? DEFAULT_LAG_INTERVAL_MS, options.logger, options.observer);
  }

  /** Why one of its consumers stopped for good (kafkajs gave up), if one did. */
  get failure(): ConsumerStoppedError | undefined {
    return this.stopped;
  }

  async start(): Promise<void> {
    const topics = this.handlers.map((handler) => handler.topic);
    await ensureTopics(this.kafka, topicsForGroup(this.names, this.group, topics, this.options.retryDelaysMs.length));
    await Promise.all([this.startMain(), ...this.options.retryDelaysMs.map((_, index) => this.startRetryTier(index + 1))]);
    this.lagMonitor.start();
  }

  /**
   * Drains in-flight handlers, commits what they processed, then leaves the group (kafkajs
   * also waits for a running retry-tier eachMessage).
   */
  async stop(): Promise<void> {
    this.shutdown.abort();
    const main = this.main;
    this.main = undefined;
    if (main) {
      try {
        main.consumer.pause(main.topics.map((topic) => ({ topic })));
      } catch {
        // never ran (start failed): nothing to pause
      }
      await Promise.allSettled([...this.running]);
      await main.committer.stop();
    }
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
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.shutdown.signal.aborted) return;
      this.stopped = new ConsumerStoppedError(groupId, payload.error);
      this.options.logger.error({ group: groupId, error: this.stopped.message }, 'consumer stopped for good');
    });
    return consumer;
  }

  private async startMain(): Promise<void> {
    const consumer = this.newConsumer(this.names.consumerGroup(this.group));
    const topics = this.handlers.map((handler) => this.names.event(handler.topic));
    const committer = new OffsetCommitter(consumer, this.options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS, this.options.logger, this.group);
    this.main = { consumer, committer, topics };
    consumer.on(consumer.events.GROUP_JOIN, (event) => committer.assigned(event.payload.memberAssignment));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConcurrently,
      // Offsets are resolved by hand (only the unbroken prefix of processed messages) and
      // committed by the committer on its interval, not after every batch.
      eachBatchAutoResolve: false,
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (this.shutdown.signal.aborted) return; // stopping: the next owner reads it
        const work = (async () => {
          const origin = { topic: this.names.keyOf(batch.topic), attemptsBefore: 0 };
          const shouldContinue = (): boolean => isRunning() && !isStale() && !this.shutdown.signal.aborted;
          const result = await processByKey(batch.messages, this.options.keyConcurrency ?? 1, { shouldContinue, heartbeat }, (message) =>
            this.processor.process({ topicName: batch.topic, partition: batch.partition, ...message }, origin),
          );
          if (result.lastContiguousOffset !== undefined) {
            resolveOffset(result.lastContiguousOffset);
            committer.processed(batch.topic, batch.partition, result.lastContiguousOffset);
          }
          // A message that could not even be parked: kafkajs reads the rest of the batch again.
          if (result.error !== undefined) throw result.error;
        })();
        const settled = work.catch(() => undefined);
        this.running.add(settled);
        try {
          await work;
        } finally {
          this.running.delete(settled);
        }
      },
    });
    committer.start();
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
        const attempts = Number(headerText(message.headers, BusHeaders.attempts) ?? 0);
        const attemptsBefore = Number.isSafeInteger(attempts) && attempts >= 0 ? attempts : 0;
        await this.processor.process({ topicName: topic, partition, ...message }, { topic: this.names.keyOf(originalTopic), attemptsBefore, fromRetryTier: true });
      },
    });
  }
}
