import type { EventOf, TopicKey } from '@switchback/contracts';
import type { PublishOptions } from './event-publisher';

/**
 * The bus as a service sees it: publish one typed event. EventPublisher is the Kafka driver;
 * RecordingEventSink the in-memory one unit tests use; routing's StagedEvents an outbox.
 * Services inject it under the EventPublisher token: `@Inject(EventPublisher) sink: EventSink`.
 */
export interface EventSink {
  publish<K extends TopicKey>(topic: K, event: EventOf<K>, options: PublishOptions): Promise<void>;
}
