import type { EventSink, PublishOptions } from '@switchback/bus';
import type { EventOf, TopicKey } from '@switchback/contracts';

/** One event waiting for its transaction to commit. */
export interface StagedEvent {
  readonly topic: TopicKey;
  readonly event: EventOf<TopicKey>;
  readonly options: PublishOptions;
}

/**
 * Collects the events a transaction calls for instead of publishing them, so nothing goes to
 * the broker while a row lock is held: the transaction writes them to the outbox, and they are
 * published once it has committed.
 */
export class StagedEvents implements EventSink {
  private readonly staged: StagedEvent[] = [];

  publish<K extends TopicKey>(topic: K, event: EventOf<K>, options: PublishOptions): Promise<void> {
    this.staged.push({ topic, event: event as EventOf<TopicKey>, options });
    return Promise.resolve();
  }

  get events(): readonly StagedEvent[] {
    return this.staged;
  }
}
