import { fromBinary } from '@bufbuild/protobuf';
import { Topics, type TopicKey } from '@switchback/contracts';
import { errorCode, isRetriable, PermanentException } from '@switchback/errors';
import type { IHeaders } from 'kafkajs';
import { BusHeaders, headersAsText, PROTOBUF_CONTENT_TYPE, SCHEMA_VERSION } from './bus-headers';
import type { BusEnvelope } from './bus-envelope';
import type { BusLogger, BusObserver, MessageOutcome } from './bus-options';
import type { EventContext, HandlerRegistration } from './event-handler';
import type { EventPublisher } from './event-publisher';
import { redactedReason } from './redacted-reason';
import type { TopicNames } from './topic-names';
import { withConsumerSpan } from './tracing';

export interface InboundMessage {
  readonly topicName: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/** Where a message came from: its event topic and how many attempts it already had. */
export interface MessageOrigin {
  readonly topic: TopicKey | undefined;
  readonly attemptsBefore: number;
  /** Read from one of the group's retry tiers, whose bookkeeping headers the bus wrote itself. */
  readonly fromRetryTier?: boolean;
}

/**
 * Headers only the bus writes when it parks a message. On an event topic they can only be a
 * producer's mistake or a forgery (a planted `sb-original-topic` would send the retry to another
 * topic's handler), so a first read drops them.
 */
const PARKING_HEADERS: readonly string[] = [
  BusHeaders.attempts,
  BusHeaders.retryAt,
  BusHeaders.originalTopic,
  BusHeaders.originalPartition,
  BusHeaders.originalOffset,
  BusHeaders.errorCode,
  BusHeaders.reason,
  BusHeaders.consumerGroup,
  BusHeaders.deadLetteredAt,
  BusHeaders.redrivenAt,
];

function withoutParkingHeaders(headers: Record<string, string>): Record<string, string> {
  const kept = { ...headers };
  for (const name of PARKING_HEADERS) delete kept[name];
  return kept;
}

/** Not an event of the topic: dead-lettered at once. Its message names the schema, never the bytes. */
class UndecodableMessage extends PermanentException {
  constructor(message: string) {
    super('undecodable', message);
  }
}

/**
 * Runs one message through its handler. A failure never blocks the partition: the message is
 * parked on the group's next retry tier (retriable) or its dead-letter topic (not retriable,
 * undecodable, or out of attempts), and only then is the offset allowed to advance. The one
 * exception is a failure to park it, which propagates so that the message is read again.
 */
export class MessageProcessor {
  private readonly handlers = new Map<TopicKey, HandlerRegistration>();

  constructor(
    private readonly group: string,
    private readonly names: TopicNames,
    handlers: readonly HandlerRegistration[],
    private readonly publisher: EventPublisher,
    private readonly retryDelaysMs: readonly number[],
    private readonly logger: BusLogger,
    private readonly observer?: BusObserver,
    /** Opens the sealed fields before the handler runs; absent, handlers see them sealed. */
    private readonly envelope?: BusEnvelope,
    private readonly now: () => number = Date.now,
  ) {
    for (const registration of handlers) this.handlers.set(registration.topic, registration);
  }

  async process(message: InboundMessage, origin: MessageOrigin): Promise<void> {
    const startedAt = this.now();
    const outcome = await this.run(message, origin);
    this.observer?.messageProcessed({ group: this.group, topic: origin.topic ?? 'unknown', outcome: outcome.kind, reason: outcome.code, durationMs: this.now() - startedAt });
  }

  private async run(message: InboundMessage, origin: MessageOrigin): Promise<{ kind: MessageOutcome; code?: string }> {
    const received = headersAsText(message.headers);
    const headers = origin.fromRetryTier ? received : withoutParkingHeaders(received);
    const attempt = origin.attemptsBefore + 1;
    const topic = origin.topic;
    const registration = topic ? this.handlers.get(topic) : undefined;
    if (!topic || !registration) {
      await this.deadLetter(message, headers, attempt, 'no_handler', `no handler for topic ${message.topicName}`);
      return { kind: 'dead_letter', code: 'no_handler' };
    }
    const context: EventContext = {
      topic,
      messageId: headers[BusHeaders.messageId] ?? '',
      key: message.key?.toString(),
      attempt,
      partition: message.partition,
      offset: message.offset,
      headers,
      value: message.value ?? undefined,
    };
    try {
      await withConsumerSpan(message.topicName, headers, { 'messaging.consumer.group.name': this.group, 'sb.attempt': attempt }, async () => {
        const event = this.decode(topic, message.value, headers);
        // A destroyed data key (crypto-shredded), a foreign key id or a changed byte is a typed,
        // permanent error: the message goes to the dead letters under that code, counted.
        await this.envelope?.open(topic, event as object);
        await registration.handle(event as never, context);
      });
    } catch (error) {
      return this.park(message, headers, attempt, error);
    }
    return { kind: 'handled' };
  }

  private decode(topic: TopicKey, value: Buffer | null, headers: Record<string, string>): unknown {
    if (!value) throw new UndecodableMessage('empty message value');
    // Headers that say the bytes are something else are believed: decoding JSON or another
    // schema as this one could "succeed" with garbage fields. Absent headers are not an error
    // (a producer outside the bus may not set them). The values are never quoted back.
    const typeName = Topics[topic].schema.typeName;
    const contentType = headers[BusHeaders.contentType];
    if (contentType !== undefined && contentType.split(';')[0]!.trim().toLowerCase() !== PROTOBUF_CONTENT_TYPE) {
      throw new UndecodableMessage(`content-type is not ${PROTOBUF_CONTENT_TYPE}`);
    }
    const schema = headers[BusHeaders.schema];
    if (schema !== undefined && schema !== typeName) throw new UndecodableMessage(`${BusHeaders.schema} names another schema than ${typeName}`);
    const version = headers[BusHeaders.schemaVersion];
    if (version !== undefined && version !== SCHEMA_VERSION) throw new UndecodableMessage(`${BusHeaders.schemaVersion} is not ${SCHEMA_VERSION}`);
    try {
      return fromBinary(Topics[topic].schema, value);
    } catch (error) {
      // The decoder's own message may quote the bytes it choked on: only its name is kept.
      throw new UndecodableMessage(`not a ${Topics[topic].schema.typeName}: ${error instanceof Error ? error.name : 'decode error'}`);
    }
  }

  private async park(message: InboundMessage, headers: Record<string, string>, attempt: number, error: unknown): Promise<{ kind: MessageOutcome; code: string }> {
    const undecodable = error instanceof UndecodableMessage;
    const code = undecodable ? 'undecodable' : errorCode(error);
    const reason = redactedReason(error);
    if (!undecodable && isRetriable(error) && attempt <= this.retryDelaysMs.length) {
      const retryAt = this.now() + this.retryDelaysMs[attempt - 1]!;
      this.logger.warn({ group: this.group, topic: message.topicName, attempt, code, retryAt }, 'handler failed; parked for retry');
      await this.publisher.publishRaw(this.names.retry(this.group, attempt), {
        key: message.key,
        value: message.value,
        headers: { ...this.withOrigin(message, headers), [BusHeaders.attempts]: String(attempt), [BusHeaders.retryAt]: String(retryAt), [BusHeaders.errorCode]: code },
      });
      return { kind: 'retry', code };
    }
    await this.deadLetter(message, headers, attempt, code, reason);
    return { kind: 'dead_letter', code };
  }

  private async deadLetter(message: InboundMessage, headers: Record<string, string>, attempt: number, code: string, reason: string): Promise<void> {
    this.logger.error({ group: this.group, topic: message.topicName, attempt, code }, 'message dead-lettered');
    await this.publisher.publishRaw(this.names.deadLetter(this.group), {
      key: message.key,
      value: message.value,
      headers: {
        ...this.withOrigin(message, headers),
        [BusHeaders.attempts]: String(attempt),
        [BusHeaders.errorCode]: code,
        [BusHeaders.reason]: reason,
        [BusHeaders.consumerGroup]: this.group,
        [BusHeaders.deadLetteredAt]: new Date(this.now()).toISOString(),
      },
    });
  }

  /** The first place a message was read stays in its headers through every retry. */
  private withOrigin(message: InboundMessage, headers: Record<string, string>): Record<string, string> {
    if (headers[BusHeaders.originalTopic]) return { ...headers };
    return {
      ...headers,
      [BusHeaders.originalTopic]: message.topicName,
      [BusHeaders.originalPartition]: String(message.partition),
      [BusHeaders.originalOffset]: message.offset,
    };
  }
}
