import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allDeclaredTopics, createKafka, kafkaSaslOf, ensureTopics, EventPublisher, silentBusLogger, TopicNames } from '@switchback/bus';
import { Channel, create, DispatchCommandSchema, RevokeCommandSchema, type CircuitStateChanged, type DeliveryOutcome, type DeliveryStatus } from '@switchback/contracts';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import { AppModule } from '../src/app.module';
import { rcsGatewayConfigSchema, type RcsGatewayConfig } from '../src/config/rcs-gateway.config';
import { rbmMessageId } from '../src/rbm/rbm-message-id';

/** rcs-gateway on the real broker and Redis, isolated by topic and key prefix, spying on what it publishes. */
export interface RcsApp {
  readonly app: INestApplication;
  readonly config: RcsGatewayConfig;
  readonly name: string;
  readonly baseUrl: string;
  readonly outcomes: DeliveryOutcome[];
  readonly circuitEvents: CircuitStateChanged[];
  dispatch(recipient: string, text: string, messageId?: string): Promise<{ messageId: string; rbmId: string }>;
  revoke(recipient: string, messageId: string, reason?: string): Promise<void>;
  outcomesOf(messageId: string): DeliveryOutcome[];
  waitForOutcome(messageId: string, status: DeliveryStatus, timeoutMs?: number): Promise<DeliveryOutcome>;
}

/** `middleware` runs before Nest's own (a test's stand-in for an instrumentation, say). */
export async function startRcsGateway(label: string, env: Record<string, string>, middleware?: (request: IncomingMessage, response: ServerResponse, next: () => void) => void): Promise<RcsApp> {
  const name = uniqueName(label).replace(/-/g, '_');
  const config = rcsGatewayConfigSchema.parse({
    IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    RBM_AUTH: 'none',
    ...testEnv.kafkaEnv,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    BUS_RETRY_DELAYS_MS: '300,300,300',
    REDIS_URL: testEnv.redisUrl,
    REDIS_KEY_PREFIX: `${name}:`,
    CIRCUIT_KEY_PREFIX: `${name}:circuit:`,
    ...env,
  });
  const kafka = createKafka({ serviceName: `${label}-test`, brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
  await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length));
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
  if (middleware) app.use(middleware);
  const outcomes: DeliveryOutcome[] = [];
  const circuitEvents: CircuitStateChanged[] = [];
  const publisher = app.get(EventPublisher);
  const publish = publisher.publish.bind(publisher);
  jest.spyOn(publisher, 'publish').mockImplementation((topic, event, options) => {
    if (topic === 'deliveryOutcome') outcomes.push(event as DeliveryOutcome);
    if (topic === 'channelCircuit') circuitEvents.push(event as CircuitStateChanged);
    return publish(topic, event, options);
  });
  await app.listen(config.HTTP_PORT, '127.0.0.1');
  let sequence = 0;
  const outcomesOf = (messageId: string) => outcomes.filter((o) => o.messageId === messageId);
  return {
    app,
    config,
    name,
    baseUrl: await app.getUrl(),
    outcomes,
    circuitEvents,
    dispatch: async (recipient, text, messageId = `${name}-${(sequence += 1)}`) => {
      const command = create(DispatchCommandSchema, { messageId, tenantId: 'acme', recipient, content: { text }, channel: Channel.RCS, leg: 1, requestedAtMs: BigInt(Date.now()) });
      await publish('dispatchRcs', command, { key: recipient, messageId });
      return { messageId, rbmId: rbmMessageId(config.RBM_AGENT_ID, messageId, 1) };
    },
    revoke: async (recipient, messageId, reason = 'delivery_timeout') => {
      const command = create(RevokeCommandSchema, { messageId, tenantId: 'acme', recipient, channel: Channel.RCS, leg: 1, reason, requestedAtMs: BigInt(Date.now()) });
      await publish('dispatchRevoke', command, { key: recipient, messageId });
    },
    outcomesOf,
    waitForOutcome: (messageId, status, timeoutMs = 30_000) =>
      eventually(() => {
        const found = outcomesOf(messageId).find((o) => o.status === status);
        expect(found).toBeDefined();
        return found!;
      }, timeoutMs),
  };
}
