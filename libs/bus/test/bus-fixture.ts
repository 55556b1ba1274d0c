import { create } from '@bufbuild/protobuf';
import { SendRequestedSchema, type SendRequested } from '@switchback/contracts';
import { testEnv, uniqueName } from '@switchback/testing';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { silentBusLogger, type BusOptions } from '../src/bus-options';
import { EventConsumer } from '../src/event-consumer';
import type { HandlerRegistration } from '../src/event-handler';
import { EventPublisher } from '../src/event-publisher';
import { createKafka } from '../src/kafka-factory';
import { TopicNames } from '../src/topic-names';

/** An isolated bus (own topic prefix and groups) on the real broker. */
export class BusFixture {
  readonly options: BusOptions;
  readonly kafka: Kafka;
  readonly names: TopicNames;
  readonly publisher: EventPublisher;
  private readonly consumers: EventConsumer[] = [];

  constructor(label: string, overrides: Partial<BusOptions> = {}) {
    this.options = {
      serviceName: 'bus-test',
      brokers: testEnv.kafkaBrokers,
      sasl: testEnv.kafkaSasl,
      topicPrefix: `${uniqueName(label)}.`,
      retryDelaysMs: [400, 800],
      partitionsConcurrently: 3,
      keyConcurrency: 8,
      logger: silentBusLogger,
      sessionTimeoutMs: 6_000,
      ...overrides,
    };
    this.kafka = createKafka(this.options);
    this.names = new TopicNames(this.options.topicPrefix);
    this.publisher = new EventPublisher(this.kafka, this.names, this.options.envelope);
  }

  async start(handlers: HandlerRegistration[]): Promise<EventConsumer> {
    await this.publisher.connect();
    const consumer = new EventConsumer(this.kafka, this.publisher, this.names, this.options, handlers);
    this.consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await this.publisher.disconnect();
  }

  /** Reads every message of a topic until `count` arrived (bounded). */
  async readTopic(topic: string, count: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
    const consumer = this.kafka.consumer({ groupId: uniqueName('reader') });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${messages.length}/${count} messages on ${topic}`)), timeoutMs);
        void consumer.run({
          eachMessage: async ({ message }) => {
            messages.push(message);
            if (messages.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return messages;
  }

  /** Committed offset sum of the service's main group on an event topic. */
  async committedOffsets(topic: string): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [result] = await admin.fetchOffsets({ groupId: this.names.consumerGroup(this.options.serviceName), topics: [topic] });
      return (result?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  }
}

export function sendRequest(messageId: string, recipient = '+447700900001'): SendRequested {
  return create(SendRequestedSchema, { messageId, tenantId: 'tenant-a', recipient, requestedAtMs: BigInt(Date.now()) });
}
