import type { EventOf, TopicKey } from '@switchback/contracts';

/** What a handler knows about the message besides its decoded content. */
export interface EventContext {
  readonly topic: TopicKey;
  readonly messageId: string;
  readonly key: string | undefined;
  /** 1 for the first delivery, 2 for the first retry, ... */
  readonly attempt: number;
  readonly partition: number;
  readonly offset: string;
  /** The message's headers as text (the bus sets them; hand-made contexts in tests may not). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The encoded event as it was on the topic: what a producer's signature covers. */
  readonly value?: Uint8Array;
}

export type EventHandlerFn<K extends TopicKey> = (event: EventOf<K>, context: EventContext) => Promise<void>;

export interface HandlerRegistration<K extends TopicKey = TopicKey> {
  readonly topic: K;
  readonly handle: EventHandlerFn<K>;
}

/** Keeps the topic-to-type link when registrations are stored together. */
export function registerHandler<K extends TopicKey>(topic: K, handle: EventHandlerFn<K>): HandlerRegistration {
  return { topic, handle } as unknown as HandlerRegistration;
}
