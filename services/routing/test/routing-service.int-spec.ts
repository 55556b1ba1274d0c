import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, createKafka, kafkaSaslOf, ensureTopics, EventPublisher, silentBusLogger, TopicNames } from '@switchback/bus';
import { ActionTaken, Channel, create, SendRequestedSchema, TrafficType, type RoutingDecision, type TopicKey } from '@switchback/contracts';
import { eventually, uniqueName } from '@switchback/testing';
import { AdminListener } from '../src/admin/admin-listener';
import { AppModule } from '../src/app.module';
import { CapabilityDouble } from './support/capability-double';
import { dropTestSchema, routingTestConfig } from './support/routing-test-config';

// The whole service on the real broker and database: it boots (DI, migrations, readiness),
// takes a policy over HTTP, and routes a send from Kafka under that policy.
const ADMIN = 'ops-admin-token-0123456789';

describe('routing service (real Kafka and Postgres)', () => {
  const name = uniqueName('routing').replace(/-/g, '_');
  const config = routingTestConfig(name, {
    ADMIN_TOKENS: `ops@acme:${ADMIN}`,
    ADMIN_HTTP_PORT: '0',
    POLICY_CACHE_TTL_MS: '0',
  });
  let app: INestApplication;
  let base: string;
  let adminBase: string;
  const capabilities = new CapabilityDouble();
  const seen: { topic: TopicKey; event: unknown }[] = [];

  beforeAll(async () => {
    const kafka = createKafka({ serviceName: 'routing-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length));
    app = await NestFactory.create(AppModule.forRoot({ ...config, CAPABILITY_BASE_URL: await capabilities.start() }), { logger: false });
    const publisher = app.get(EventPublisher);
    const publish = publisher.publish.bind(publisher);
    // Records what routing publishes while still publishing it for real.
    jest.spyOn(publisher, 'publish').mockImplementation((topic, event, options) => {
      seen.push({ topic, event });
      return publish(topic, event, options);
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    adminBase = app.get(AdminListener).url();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await capabilities.stop();
    await dropTestSchema(name);
  });

  it('is ready with Postgres and Kafka checked', async () => {
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain('postgres');
  });

  it('routes a send under the tenant policy it was given over HTTP', async () => {
    const put = await fetch(`${adminBase}/v1/admin/tenants/acme/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rollout: { mode: 'kill_switch' } }),
    });
    expect(put.status).toBe(200);

    const send = create(SendRequestedSchema, { messageId: `${name}-1`, tenantId: 'acme', recipient: '+447700900123', content: { text: 'Doors open at 7pm.' }, trafficType: TrafficType.ALERT, requestedAtMs: BigInt(Date.now()) });
    capabilities.answer = { rcs: true, rcsE2ee: true, region: 'GB' };
    await app.get(EventPublisher).publish('sendRequested', send, { key: 'r', messageId: send.messageId });

    const decision = await eventually(() => {
      const found = seen.find((s) => s.topic === 'routingDecision')?.event as RoutingDecision | undefined;
      expect(found).toBeDefined();
      return found!;
    }, 45_000);
    expect(decision).toMatchObject({ messageId: send.messageId, channel: Channel.SMS, actionTaken: ActionTaken.SENT_PLAIN, cohort: 'kill_switch', policyVersion: 1 });
    expect(seen.map((s) => s.topic)).toEqual(expect.arrayContaining(['policyChanged', 'dispatchSms', 'routingDecision']));
    expect(seen.map((s) => s.topic)).not.toContain('dispatchRcs');
  }, 60_000);
});
