import { Inject, Module, type DynamicModule, type InjectionToken, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { BusOptions } from './bus-options';
import { BUS_OPTIONS, KAFKA_CLIENT } from './bus.tokens';
import { EventConsumerHost } from './event-consumer.host';
import { EventPublisher } from './event-publisher';
import { KafkaCheck } from './kafka.check';
import { createKafka } from './kafka-factory';
import { TopicNames } from './topic-names';

export interface BusModuleAsyncOptions {
  readonly inject?: InjectionToken[];
  readonly useFactory: (...deps: never[]) => BusOptions | Promise<BusOptions>;
}

/** Connects the publisher at start and disconnects it after the consumers have drained. */
class PublisherLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}
  onModuleInit(): Promise<void> {
    return this.publisher.connect();
  }
  onApplicationShutdown(): Promise<void> {
    return this.publisher.disconnect();
  }
}

@Module({})
export class BusModule {
  static forRootAsync(options: BusModuleAsyncOptions): DynamicModule {
    return {
      module: BusModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: BUS_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        { provide: KAFKA_CLIENT, inject: [BUS_OPTIONS], useFactory: (busOptions: BusOptions) => createKafka(busOptions) },
        { provide: TopicNames, inject: [BUS_OPTIONS], useFactory: (busOptions: BusOptions) => new TopicNames(busOptions.topicPrefix) },
        {
          provide: EventPublisher,
          inject: [KAFKA_CLIENT, TopicNames, BUS_OPTIONS],
          useFactory: (kafka: Kafka, names: TopicNames, busOptions: BusOptions) => new EventPublisher(kafka, names, busOptions.envelope, busOptions.signer),
        },
        { provide: KafkaCheck, inject: [KAFKA_CLIENT, EventConsumerHost], useFactory: (kafka: Kafka, host: EventConsumerHost) => new KafkaCheck(kafka, () => host.failure()) },
        PublisherLifecycle,
        EventConsumerHost,
      ],
      exports: [EventPublisher, KafkaCheck, TopicNames, KAFKA_CLIENT, BUS_OPTIONS],
    };
  }
}
