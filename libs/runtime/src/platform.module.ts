import { Global, Module, type DynamicModule, type InjectionToken, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BusModule, KafkaCheck, kafkaSaslOf, type EventSigner } from '@switchback/bus';
import type { BusEnvelopeConfig, IdentifierHashConfig, kafkaConfig, serviceConfig } from '@switchback/config';
import { KeyedHasher } from '@switchback/crypto';
import { HealthModule } from '@switchback/health';
import { createLogger, LoggingModule, METRICS_REGISTRY, MetricsModule } from '@switchback/telemetry';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import { BusEnvelopeHandle, BusEnvelopeModule } from './bus-envelope.module';
import { busMetricsObserver } from './bus-metrics';
import { CONFIG } from './config.token';
import { FallbackProblemFilter } from './fallback-problem.filter';

/**
 * A service that composes busEnvelopeConfig seals and opens the bus's personal fields; one that
 * composes identifierHashConfig gets the KeyedHasher of recipients (audit-sink does not).
 */
export type PlatformConfig = z.infer<typeof serviceConfig> & z.infer<typeof kafkaConfig> & Partial<BusEnvelopeConfig> & Partial<IdentifierHashConfig>;

export interface PlatformOptions {
  readonly config: PlatformConfig;
  /** Readiness checks besides Kafka's, as DI tokens of DependencyCheck providers. */
  readonly checks?: readonly InjectionToken[];
  /** Signs what the service publishes on signed topics (routing's HTTP ingress). */
  readonly signer?: EventSigner;
}

/** The recipient hasher, for a service given IDENTIFIER_HASH_KEY; none for one without it. */
export function keyedHasherOf(config: Partial<IdentifierHashConfig>): Provider[] {
  if (!config.IDENTIFIER_HASH_KEY) return [];
  return [{ provide: KeyedHasher, useValue: new KeyedHasher({ key: config.IDENTIFIER_HASH_KEY, keyId: config.IDENTIFIER_HASH_KEY_ID ?? 'k1' }) }];
}

/**
 * What every service has: its config, JSON logs, /metrics, the event bus, liveness and
 * readiness, and (where configured) the keyed hasher for identifiers in telemetry and audit rows.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot({ config, checks = [], signer }: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        LoggingModule.forRoot({ serviceName: config.SERVICE_NAME, level: config.LOG_LEVEL }),
        MetricsModule.forRoot({ serviceName: config.SERVICE_NAME }),
        BusEnvelopeModule.forRoot(config),
        BusModule.forRootAsync({
          inject: [METRICS_REGISTRY, BusEnvelopeHandle],
          useFactory: (registry: Registry, envelope: BusEnvelopeHandle) => ({
            serviceName: config.SERVICE_NAME,
            brokers: config.KAFKA_BROKERS,
            sasl: kafkaSaslOf(config),
            topicPrefix: config.KAFKA_TOPIC_PREFIX,
            retryDelaysMs: config.BUS_RETRY_DELAYS_MS,
            partitionsConcurrently: config.BUS_PARTITIONS_CONCURRENTLY,
            keyConcurrency: config.BUS_KEY_CONCURRENCY,
            lagIntervalMs: config.BUS_LAG_INTERVAL_MS,
            commitIntervalMs: config.BUS_COMMIT_INTERVAL_MS,
            logger: createLogger({ name: config.SERVICE_NAME, level: config.LOG_LEVEL }),
            observer: busMetricsObserver(registry),
            envelope: envelope.envelope,
            signer,
          }),
        }),
        HealthModule.forRoot([KafkaCheck, ...checks]),
      ],
      // Every HTTP error a route's own filter did not render is still a problem document.
      providers: [{ provide: CONFIG, useValue: config }, { provide: APP_FILTER, useClass: FallbackProblemFilter }, ...keyedHasherOf(config)],
      exports: [CONFIG, ...(config.IDENTIFIER_HASH_KEY ? [KeyedHasher] : [])],
    };
  }
}
