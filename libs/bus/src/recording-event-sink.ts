import type { EventOf, TopicKey } from '@switchback/contracts';
import type { EventContext, HandlerRegistration } from './event-handler';
import type { PublishOptions } from './event-publisher';
import type { EventSink } from './event-sink';

/** One event as it was published. */
export interface PublishedEvent<K extends TopicKey = TopicKey> {
  readonly topic: K;
  readonly event: EventOf<K>;
  readonly options: PublishOptions;
}

/**
 * The in-memory bus driver for unit tests: records what is published, can fail like an
 * unreachable broker, and can hand each event to the handlers registered for its topic (the
 * same registrations the Kafka consumer runs), so a test drives real handler wiring.
 */
export class RecordingEventSink implements EventSink {
  readonly published: PublishedEvent[] = [];
  private failure: Error | undefined;

  constructor(private readonly handlers: readonly HandlerRegistration[] = []) {}

  async publish<K extends TopicKey>(topic: K, event: EventOf<K>, options: PublishOptions): Promise<void> {
    if (this.failure) throw this.failure;
    this.published.push({ topic, event: event as EventOf<TopicKey>, options } as PublishedEvent);
    const handler = this.handlers.find((registration) => registration.topic === topic);
    if (handler) await handler.handle(event as never, contextOf(topic, options));
  }

  /** The events published on one topic, in order. */
  of<K extends TopicKey>(topic: K): EventOf<K>[] {
    return this.published.filter((published) => published.topic === topic).map((published) => published.event as EventOf<K>);
  }

  /** Forgets what was published and any failure (between tests). */
  clear(): void {
    this.published.length = 0;
    this.failure = undefined;
  }

  /** Every later publish rejects with `error` (undefined: publishes succeed again). */
  failWith(error: Error | undefined): void {
    this.failure = error;
  }
}

function contextOf(topic: TopicKey, options: PublishOptions): EventContext {
  return { topic, messageId: options.messageId, key: options.key, attempt: 1, partition: 0, offset: '0', headers: {} };
}
