import { SetMetadata } from '@nestjs/common';
import type { TopicKey } from '@switchback/contracts';
import type { EventHandlerFn } from './event-handler';

export const ON_EVENT_METADATA = 'switchback:on-event';

/**
 * Marks a provider method as the handler of one topic. The method's signature is checked
 * against the topic's message type: `(event: EventOf<K>, context: EventContext) => Promise<void>`.
 */
export function OnEvent<K extends TopicKey>(topic: K) {
  return (target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<EventHandlerFn<K>>): void => {
    SetMetadata(ON_EVENT_METADATA, topic)(target, propertyKey, descriptor);
  };
}
