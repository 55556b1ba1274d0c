import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { TopicKey } from '@switchback/contracts';
import type { Kafka } from 'kafkajs';
import type { BusOptions } from './bus-options';
import { BUS_OPTIONS, KAFKA_CLIENT } from './bus.tokens';
import { EventConsumer } from './event-consumer';
import type { EventHandlerFn, HandlerRegistration } from './event-handler';
import { EventPublisher } from './event-publisher';
import { ON_EVENT_METADATA, type OnEventMetadata } from './on-event.decorator';
import { TopicNames } from './topic-names';

/** A second handler of one topic in one group would never run: the consumer keeps one per topic. */
export class DuplicateEventHandlerError extends Error {
  constructor(group: string, topic: TopicKey) {
    super(`two @OnEvent('${topic}') handlers in consumer group ${group}: only one would ever run; merge them or give one its own group`);
    this.name = 'DuplicateEventHandlerError';
  }
}

/** Finds the @OnEvent handlers of the app and runs one consumer per consumer group for them. */
@Injectable()
export class EventConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumers: EventConsumer[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly publisher: EventPublisher,
    private readonly names: TopicNames,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(BUS_OPTIONS) private readonly options: BusOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const [group, handlers] of handlersByGroup(this.discoverHandlers(), this.options.serviceName)) {
      this.consumers.push(new EventConsumer(this.kafka, this.publisher, this.names, this.options, handlers, group));
    }
    await Promise.all(this.consumers.map((consumer) => consumer.start()));
  }

  /** The first consumer that stopped for good, for readiness. */
  failure(): Error | undefined {
    return this.consumers.find((consumer) => consumer.failure)?.failure;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  private discoverHandlers(): (HandlerRegistration & { group?: string })[] {
    const handlers: (HandlerRegistration & { group?: string })[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') continue;
        const metadata = this.reflector.get<OnEventMetadata | undefined>(ON_EVENT_METADATA, method);
        if (metadata) handlers.push({ topic: metadata.topic, group: metadata.group, handle: (method as EventHandlerFn<TopicKey>).bind(instance) });
      }
    }
    return handlers;
  }
}

/** The handlers of each consumer group (the service's own when a handler names none); one per topic and group. */
export function handlersByGroup(handlers: readonly (HandlerRegistration & { group?: string })[], serviceGroup: string): Map<string, HandlerRegistration[]> {
  const groups = new Map<string, HandlerRegistration[]>();
  for (const { group = serviceGroup, topic, handle } of handlers) {
    const registered = groups.get(group) ?? [];
    if (registered.some((handler) => handler.topic === topic)) throw new DuplicateEventHandlerError(group, topic);
    groups.set(group, [...registered, { topic, handle }]);
  }
  return groups;
}
