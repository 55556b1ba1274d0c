import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, createKafka, kafkaSaslOf, ensureTopics, EventPublisher, silentBusLogger, TopicNames } from '@switchback/bus';
import { create, DispatchCommandSchema, Channel, type CircuitStateChanged, type DeliveryOutcome } from '@switchback/contracts';
import { testEnv, uniqueName } from '@switchback/testing';
import { AppModule } from '../../src/app.module';
import { smppGatewayConfigSchema, type SmppGatewayConfig } from '../../src/config/smpp-gateway.config';

/** The whole smpp-gateway on the real broker and Redis, isolated by topic and key prefix. */
export interface GatewayApp {
  readonly app: INestApplication;
  readonly config: SmppGatewayConfig;
  readonly baseUrl: string;
  /** Every deliveryOutcome the gateway published, in order. */
  readonly outcomes: DeliveryOutcome[];
  /** Every CircuitStateChanged the gateway published, in order. */
  readonly circuitEvents: CircuitStateChanged[];
  dispatch(command: { messageId: string; recipient: string; text: string; leg?: number; ttlSeconds?: number; connectorRegions?: string[] }): Promise<void>;
  outcomesOf(messageId: string): DeliveryOutcome[];
}

export async function startGateway(label: string, env: Record<string, string>): Promise<GatewayApp> {
  const name = uniqueName(label);
  const config = smppGatewayConfigSchema.parse({
    IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...testEnv.kafkaEnv,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    BUS_RETRY_DELAYS_MS: '300,300,300',
    REDIS_URL: testEnv.redisUrl,
    REDIS_KEY_PREFIX: `${name}:`,
    SMPP_SYSTEM_ID: 'switchback',
    SMPP_PASSWORD: 'secret',
    SMPP_RECONNECT_MIN_MS: '100',
    SMPP_RECONNECT_MAX_MS: '1000',
    SMPP_RESPONSE_TIMEOUT_MS: '2000',
    SMPP_ENQUIRE_LINK_MS: '5000',
    SMPP_LOCAL_RETRY_MS: '50',
    SMPP_SHUTDOWN_DRAIN_MS: '5000',
    // The test's own channel flag: never the shared key routing reads.
    CIRCUIT_KEY_PREFIX: `${name}:circuit:`,
    ...env,
  });
  const kafka = createKafka({ serviceName: `${label}-test`, brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
  await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length));
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
  const outcomes: DeliveryOutcome[] = [];
  const circuitEvents: CircuitStateChanged[] = [];
  const publisher = app.get(EventPublisher);
  const publish = publisher.publish.bind(publisher);
  jest.spyOn(publisher, 'publish').mockImplementation((topic, event, options) => {
    if (topic === 'deliveryOutcome') outcomes.push(event as DeliveryOutcome);
    if (topic === 'channelCircuit') circuitEvents.push(event as CircuitStateChanged);
    return publish(topic, event, options);
  });
  await app.listen(0, '127.0.0.1');
  return {
    app,
    config,
    baseUrl: await app.getUrl(),
    outcomes,
    circuitEvents,
    dispatch: ({ text, ...fields }) => {
      const command = create(DispatchCommandSchema, { tenantId: 'acme', channel: Channel.SMS, leg: 1, requestedAtMs: BigInt(Date.now()), ...fields, content: { text } });
      return publish('dispatchSms', command, { key: command.recipient, messageId: command.messageId });
    },
    outcomesOf: (messageId) => outcomes.filter((o) => o.messageId === messageId),
  };
}
