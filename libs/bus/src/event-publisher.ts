import { toBinary } from '@bufbuild/protobuf';
import { Topics, type EventOf, type TopicKey } from '@switchback/contracts';
import type { Kafka, Message, Producer } from 'kafkajs';
import type { BusEnvelope } from './bus-envelope';
import type { EventSigner } from './event-signature';
import { BusHeaders, PROTOBUF_CONTENT_TYPE, SCHEMA_VERSION } from './bus-headers';
import { ProduceBatcher } from './produce-batcher';
import type { TopicNames } from './topic-names';
import { withProducerSpan } from './tracing';

export interface PublishOptions {
  /** Partition key: the recipient, so every event about one recipient stays in order. */
  readonly key: string;
  /** Idempotency key of the message this event belongs to. */
  readonly messageId: string;
}

/** Publishes typed events as protobuf; the compiler checks the message against the topic. */
export class EventPublisher {
  private readonly producer: Producer;
  private readonly batcher: ProduceBatcher;

  /**
   * `envelope`: seals the personal fields of the topics that declare them; absent, they go as
   * they are. `signer`: signs the events of `signed` topics (a producer's credential).
   */
  constructor(
    kafka: Kafka,
    private readonly names: TopicNames,
    private readonly envelope?: BusEnvelope,
    private readonly signer?: EventSigner,
  ) {
    // Idempotent: a retried produce request never writes a duplicate; acks from all ISRs.
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.batcher = new ProduceBatcher(this.producer);
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  /** Writes what is still queued (sends nobody awaits included), then disconnects. */
  async disconnect(): Promise<void> {
    await this.batcher.drain();
    await this.producer.disconnect();
  }

  publish<K extends TopicKey>(topic: K, event: EventOf<K>, options: PublishOptions): Promise<void> {
    if (!this.envelope || !Topics[topic].sealed) return this.send(topic, event, options);
    return this.envelope.seal(topic, event).then((sealed) => this.send(topic, sealed as EventOf<K>, options));
  }

  private send<K extends TopicKey>(topic: K, event: EventOf<K>, options: PublishOptions): Promise<void> {
    const spec = Topics[topic];
    const topicName = this.names.event(topic);
    const value = Buffer.from(toBinary(spec.schema, event as never));
    const signature = spec.signed && this.signer ? this.signer.headersFor(topic, (event as { tenantId?: string }).tenantId ?? '', value) : {};
    return withProducerSpan(topicName, options.messageId, (traceHeaders) =>
      this.batcher.send(topicName, {
        key: options.key,
        value,
        headers: {
          ...traceHeaders,
          ...signature,
          [BusHeaders.contentType]: PROTOBUF_CONTENT_TYPE,
          [BusHeaders.schema]: spec.schema.typeName,
          [BusHeaders.schemaVersion]: SCHEMA_VERSION,
          [BusHeaders.messageId]: options.messageId,
        },
      }),
    );
  }

  /** Sends an already-encoded message: used to park messages on retry and dead-letter topics. */
  publishRaw(topicName: string, message: Message): Promise<void> {
    return this.batcher.send(topicName, message);
  }
}
