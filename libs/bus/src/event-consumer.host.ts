import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { TopicKey } from '@switchback/contracts';
import type { Kafka } from 'kafkajs';
import type { BusOptions } from './bus-options';
import { BUS_OPTIONS, KAFKA_CLIENT } from './bus.tokens';
import { EventConsumer } from './event-consumer';
import type { EventHandlerFn, HandlerRegistration } from './event-handler';
import { EventPublisher } from './event-publisher';
import { ON_EVENT_METADATA } from './on-event.decorator';
import { TopicNames } from './topic-names';

/** Finds the @OnEvent handlers of the app and runs the service's consumers for them. */
@Injectable()
export class EventConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: EventConsumer;

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
    const handlers = this.discoverHandlers();
    if (handlers.length === 0) return;
    this.consumer = new EventConsumer(this.kafka, this.publisher, this.names, this.options, handlers);
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  private discoverHandlers(): HandlerRegistration[] {
    const handlers: HandlerRegistration[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') continue;
        const topic = this.reflector.get<TopicKey | undefined>(ON_EVENT_METADATA, method);
        if (topic) handlers.push({ topic, handle: (method as EventHandlerFn<TopicKey>).bind(instance) });
      }
    }
    return handlers;
  }
}
