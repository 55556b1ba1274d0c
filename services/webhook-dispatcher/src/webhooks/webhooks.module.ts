import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CLOCK, CONFIG, PeriodicTask, systemClock, type Clock } from '@switchback/runtime';
import type { WebhookDispatcherConfig } from '../config/webhook-dispatcher.config';
import { HttpWebhookTransport } from '../delivery/http-webhook-transport';
import { WebhookDispatchService } from '../delivery/webhook-dispatch.service';
import { WebhookMetrics } from '../delivery/webhook-metrics';
import { WEBHOOK_TRANSPORT } from '../delivery/webhook-transport';
import { TargetPolicy } from '../endpoints/target-policy';
import { TenantKeyGuard } from '../endpoints/tenant-key.guard';
import { WebhookEndpointRepository } from '../endpoints/webhook-endpoint.repository';
import { WebhooksController } from '../endpoints/webhooks.controller';
import { WebhookConsumer } from './webhook.consumer';

const DAY_MS = 86_400_000;

/** Forgets acknowledged deliveries once no source event can come back (retention plus retries). */
class DeliveryRecordSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly task: PeriodicTask;
  constructor(@Inject(WebhookEndpointRepository) endpoints: WebhookEndpointRepository, @Inject(CONFIG) config: WebhookDispatcherConfig, @Inject(CLOCK) clock: Clock) {
    this.task = new PeriodicTask('webhook-delivery-sweep', config.WEBHOOK_SWEEP_INTERVAL_MS, () => endpoints.forgetDeliveriesBefore(new Date(clock.now() - config.WEBHOOK_DELIVERY_RECORD_DAYS * DAY_MS)));
  }
  onModuleInit(): void {
    this.task.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}

/** Status callbacks: the endpoint API, the consumers of the metadata topics and the signed delivery. */
@Module({})
export class WebhooksModule {
  static register(clock: Clock = systemClock): DynamicModule {
    return {
      module: WebhooksModule,
      controllers: [WebhooksController],
      providers: [
        { provide: CLOCK, useValue: clock },
        {
          provide: WEBHOOK_TRANSPORT,
          inject: [CONFIG],
          useFactory: (config: WebhookDispatcherConfig) => new HttpWebhookTransport(new TargetPolicy(config.WEBHOOK_ALLOWED_TARGETS), { timeoutMs: config.WEBHOOK_TIMEOUT_MS, maxResponseBytes: config.WEBHOOK_MAX_RESPONSE_BYTES }),
        },
        WebhookMetrics,
        WebhookEndpointRepository,
        WebhookDispatchService,
        TenantKeyGuard,
        WebhookConsumer,
        DeliveryRecordSweeper,
      ],
      exports: [WebhookDispatchService, WebhookEndpointRepository],
    };
  }
}
