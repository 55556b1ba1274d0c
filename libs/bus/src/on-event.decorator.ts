import { SetMetadata } from '@nestjs/common';
import type { ConsumerGroupName, TopicKey } from '@switchback/contracts';
import type { EventHandlerFn } from './event-handler';

export const ON_EVENT_METADATA = 'switchback:on-event';

export interface OnEventOptions {
  /**
   * The consumer group that runs this handler (declared in ConsumerGroups). Default: the
   * service's own. A group of its own keeps a slow path (bookkeeping) from delaying a
   * latency-critical one: each group has its own consumer, fetches and retry tiers.
   */
  readonly group?: ConsumerGroupName;
}

export interface OnEventMetadata {
  readonly topic: TopicKey;
  readonly group?: ConsumerGroupName;
}

/**
 * Marks a provider method as the handler of one topic. The method's signature is checked
 * against the topic's message type: `(event: EventOf<K>, context: EventContext) => Promise<void>`.
 */
export function OnEvent<K extends TopicKey>(topic: K, options: OnEventOptions = {}) {
  return (target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<EventHandlerFn<K>>): void => {
    SetMetadata(ON_EVENT_METADATA, { topic, group: options.group } satisfies OnEventMetadata)(target, propertyKey, descriptor);
  };
}
