import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, createKafka, ensureTopics, EventPublisher, kafkaSaslOf, silentBusLogger, TopicNames } from '@switchback/bus';
import { ActionTaken, Channel, create, DeliveryStatus, E2eeCapability, FallbackReason, MessageTerminalSchema, RoutingDecisionSchema } from '@switchback/contracts';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { webhookDispatcherConfigSchema } from '../src/config/webhook-dispatcher.config';
import { WebhookReceiver } from './webhook-receiver';

// The service on the real broker and database, calling real HTTP receivers on loopback.
describe('webhook-dispatcher (real Kafka, Postgres and HTTP receivers)', () => {
  const name = uniqueName('webhooks').replace(/-/g, '_');
  const tenants = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark'] as const;
  const keyOf = (tenant: string) => `${tenant}-int-test-key-0123456789`;
  const config = webhookDispatcherConfigSchema.parse({
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...testEnv.kafkaEnv,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    BUS_RETRY_DELAYS_MS: '200,200,200',
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_SCHEMA: name,
    TENANT_API_KEYS: tenants.map((t) => `${t}:${keyOf(t)}`).join(','),
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_ENVIRONMENT: 'development',
    WEBHOOK_ALLOWED_TARGETS: 'loopback',
    WEBHOOK_TIMEOUT_MS: '1000',
  });
  let app: INestApplication;
  let base: string;
  let publisher: EventPublisher;
  const receivers: WebhookReceiver[] = [];
  const db = new Client({ connectionString: testEnv.databaseUrl, options: `-c search_path=${name}` });

  const api = (tenant: string, method: string, path: string, body?: unknown) =>
    fetch(`${base}/v1/webhooks${path}`, { method, headers: { authorization: `Bearer ${keyOf(tenant)}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  /** A receiver registered for a tenant, holding the endpoint's signing secret. */
  async function receiverFor(tenant: string, respond?: ConstructorParameters<typeof WebhookReceiver>[0], eventTypes = ['message.accepted', 'message.decided', 'message.terminal']): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(respond);
    receivers.push(receiver);
    const url = await receiver.start();
    const response = await api(tenant, 'PUT', '/main', { url, eventTypes });
    expect(response.status).toBe(201);
    receiver.secrets.push(((await response.json()) as { secret: string }).secret);
    return receiver;
  }

  const terminal = (tenant: string, messageId: string) =>
    publisher.publish('messageTerminal', create(MessageTerminalSchema, { messageId, tenantId: tenant, recipientHash: 'k1:r', status: DeliveryStatus.DELIVERED, channel: Channel.SMS, leg: 1, legsDispatched: 1, occurredAtMs: BigInt(Date.now()) }), { key: 'k1:r', messageId });
  const decision = (tenant: string, messageId: string) =>
    publisher.publish('routingDecision', create(RoutingDecisionSchema, { messageId, tenantId: tenant, recipientHash: 'k1:r', channel: Channel.RCS, e2eeCapability: E2eeCapability.AVAILABLE, fallbackReason: FallbackReason.NONE, actionTaken: ActionTaken.SENT_E2EE, leg: 1, decidedAtMs: BigInt(Date.now()) }), { key: 'k1:r', messageId });

  beforeAll(async () => {
    const kafka = createKafka({ serviceName: 'webhook-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length));
    app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    publisher = app.get(EventPublisher);
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all(receivers.map((r) => r.stop()));
    await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await db.end();
  });

  it('registers endpoints with the tenant key, refusing unknown event types, bad URLs and strangers', async () => {
    expect((await fetch(`${base}/v1/webhooks`)).status).toBe(401);
    const unknown = await api('stark', 'PUT', '/x', { url: 'http://127.0.0.1:9/hook', eventTypes: ['message.sent'] });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(((await unknown.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('eventTypes');
    expect((await api('stark', 'PUT', '/x', { url: 'https://169.254.169.254/latest', eventTypes: ['message.read'] })).status).toBe(400);
    const created = await api('stark', 'PUT', '/x', { url: 'http://127.0.0.1:9/hook', eventTypes: ['message.read'] });
    expect(created.status).toBe(201);
    expect((await created.json()) as object).toMatchObject({ id: 'x', enabled: true, secret: expect.stringMatching(/^whsec_/) });
    const replaced = await api('stark', 'PUT', '/x', { url: 'http://127.0.0.1:9/other', eventTypes: ['message.read', 'link.claimed'] });
    expect(replaced.status).toBe(200);
    expect((await replaced.json()) as object).not.toHaveProperty('secret');
    expect(((await (await api('stark', 'GET', '')).json()) as { endpoints: { url: string }[] }).endpoints.map((e) => e.url)).toEqual(['http://127.0.0.1:9/other']);
    expect((await api('acme', 'GET', '/x')).status).toBe(404); // another tenant's endpoint
    expect((await api('stark', 'DELETE', '/x')).status).toBe(204);
    expect((await api('stark', 'GET', '/x')).status).toBe(404);
  });

  it('delivers signed callbacks that the library verifies, retries after 500s, and a replayed id is processed once', async () => {
    const receiver = await receiverFor('acme', ({ count }) => ({ status: count <= 2 ? 500 : 204 }));
    await terminal('acme', 'm-retry');
    await eventually(() => expect(receiver.processed).toHaveLength(1), 20_000);
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([receiver.processed[0]!.id]));
    expect(receiver.processed[0]).toMatchObject({ type: 'message.terminal', data: { message_id: 'm-retry', status: 'delivered', channel: 'sms' } });
    // The same bus event again (a redelivery): same webhook id, not sent twice; a replay is deduplicated.
    await terminal('acme', 'm-retry');
    await decision('acme', 'm-after');
    await eventually(() => expect(receiver.processed.map((p) => p.type)).toEqual(['message.terminal', 'message.accepted', 'message.decided']), 20_000);
    expect(receiver.requests.filter((r) => r.headers['webhook-id'] === receiver.processed[0]!.id)).toHaveLength(3);
    const first = receiver.requests[2]!;
    expect(receiver.accept(first.headers, first.body)).toBe('duplicate');
    expect(receiver.accept(first.headers, first.body.replace('delivered', 'failed'))).toBe('rejected');
    expect(receiver.processed[2]!.data).toEqual({ message_id: 'm-after', channel: 'rcs', e2ee_capability: 'available', fallback_reason: 'none', action_taken: 'sent_e2ee', leg: 1 });
  }, 40_000);

  it('a slow endpoint does not stall another tenant on the same partition', async () => {
    const slow = await receiverFor('globex', async () => (await new Promise((resolve) => setTimeout(resolve, 3_000)), { status: 204 }));
    const fast = await receiverFor('initech');
    const started = Date.now();
    for (let i = 0; i < 10; i += 1) {
      await terminal('globex', `m-slow-${i}`);
      await terminal('initech', `m-fast-${i}`);
    }
    await eventually(() => expect(fast.processed).toHaveLength(10), 20_000);
    // Stalled, each of the ten slow calls would hold the lane for the whole 1 s timeout first.
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(slow.processed).toHaveLength(0);
  }, 40_000);

  it('refuses to follow a redirect, and disables an endpoint that answers 410', async () => {
    const target = new WebhookReceiver();
    receivers.push(target);
    const targetUrl = await target.start();
    const redirecting = await receiverFor('umbrella', () => ({ status: 307, headers: { location: targetUrl } }));
    await terminal('umbrella', 'm-redirect');
    await eventually(() => expect(redirecting.requests.length).toBeGreaterThanOrEqual(3), 20_000);
    expect(target.requests).toHaveLength(0);
    const endpoint = (await (await api('umbrella', 'GET', '/main')).json()) as { failingSince: string | null; enabled: boolean };
    expect(endpoint).toMatchObject({ enabled: true, failingSince: expect.any(String) });

    await receiverFor('hooli', () => ({ status: 410 }));
    await terminal('hooli', 'm-gone');
    await eventually(async () => expect(await (await api('hooli', 'GET', '/main')).json()).toMatchObject({ enabled: false, disabledReason: 'gone' }), 20_000);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/switchback_webhook_endpoints_disabled_total\{[^}]*reason="gone"[^}]*\} 1/);
  }, 40_000);

  it('signs with the old and the new secret during a rotation overlap', async () => {
    const receiver = await receiverFor('stark');
    const rotated = (await (await api('stark', 'POST', '/main/rotate-secret', { overlapSeconds: 3_600 })).json()) as { secret: string };
    await terminal('stark', 'm-rotated');
    await eventually(() => expect(receiver.processed).toHaveLength(1), 20_000);
    const { headers, body } = receiver.requests[0]!;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    const onlyNew = new WebhookReceiver();
    onlyNew.secrets = [rotated.secret];
    expect(onlyNew.accept(headers, body)).toBe('processed');
    const { rows } = await db.query(`SELECT encode(secret, 'escape') LIKE '%whsec_%' AS plain FROM webhook_endpoints`);
    expect(rows.every((r: { plain: boolean }) => !r.plain)).toBe(true);
  }, 30_000);
});
