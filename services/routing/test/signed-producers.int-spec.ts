import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, topicRetentionMs, BusHeaders, createKafka, kafkaSaslOf, Ed25519EventSigner, ensureTopics, headerText, EventPublisher, generateProducerKey, producerPrivateKey, silentBusLogger, TopicNames, type EventSigner } from '@switchback/bus';
import { ActionTaken, create, SendRequestedSchema, TrafficType, type RoutingDecision, type TopicKey } from '@switchback/contracts';
import { SendRequestProducer } from '@switchback/producer';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import { AdminListener } from '../src/admin/admin-listener';
import { AppModule } from '../src/app.module';
import { CapabilityDouble } from './support/capability-double';
import { dropTestSchema, routingTestConfig } from './support/routing-test-config';

// Only a tenant's own producers can send for it, on the real broker and database: a signed
// send from the producer library is routed; unsigned, forged, tampered, wrong-tenant, replayed
// and revoked-key sends go to routing's dead letters under their reason and are never routed.
const ADMIN = 'ops-admin-token-0123456789';
const HOUR_MS = 3_600_000;

describe('signed producers (real Kafka and Postgres)', () => {
  const name = uniqueName('routing_sig').replace(/-/g, '_');
  const config = routingTestConfig(name, {
    ADMIN_TOKENS: `ops@*:${ADMIN}`,
    ADMIN_HTTP_PORT: '0',
    UNSIGNED_PRODUCER_TENANTS: 'legacy',
    PLAINTEXT_PRODUCER_TENANTS: 'acme',
    PRODUCER_KEY_CACHE_MS: '0',
    SIGNED_EVENT_MAX_AGE_S: '3600',
  });
  const capabilities = new CapabilityDouble();
  const acme = generateProducerKey();
  const globex = generateProducerKey();
  const decided: string[] = [];
  /** Refusals recorded for the audit log: message id → code. */
  const refused = new Map<string, string>();
  let app: INestApplication;
  let base: string;
  let raw: EventPublisher;

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${base}/v1/admin/tenants/${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const sendOf = (messageId: string, tenantId: string) =>
    create(SendRequestedSchema, { messageId, tenantId, recipient: '+447700900123', content: { text: 'Doors open at 7pm.' }, trafficType: TrafficType.ALERT, requestedAtMs: BigInt(Date.now()) });
  /** A publisher with any signer (or none): what a forger with write access to the topic has. */
  const publisherWith = async (signer?: EventSigner) => {
    const kafka = createKafka({ serviceName: 'forger', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: [200], partitionsConcurrently: 1, logger: silentBusLogger });
    const publisher = new EventPublisher(kafka, new TopicNames(config.KAFKA_TOPIC_PREFIX), undefined, signer);
    await publisher.connect();
    return publisher;
  };
  /** Routing's dead letters: message id → error code. */
  const deadLetters = new Map<string, string | undefined>();
  const reasonOf = (messageId: string) => deadLetters.get(messageId);

  const names = new TopicNames(config.KAFKA_TOPIC_PREFIX);

  beforeAll(async () => {
    const kafka = createKafka({ serviceName: 'routing-sig-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length));
    app = await NestFactory.create(AppModule.forRoot({ ...config, CAPABILITY_BASE_URL: await capabilities.start() }), { logger: false });
    const publisher = app.get(EventPublisher);
    const publish = publisher.publish.bind(publisher);
    jest.spyOn(publisher, 'publish').mockImplementation((topic: TopicKey, event, options) => {
      if (topic === 'routingDecision') {
        const decision = event as RoutingDecision;
        if (decision.actionTaken === ActionTaken.REFUSED) refused.set(decision.messageId, decision.refusalCode);
        else decided.push(decision.messageId);
      }
      return publish(topic, event, options);
    });
    await app.listen(0, '127.0.0.1');
    base = app.get(AdminListener).url(); // the admin API's own listener
    const reader = kafka.consumer({ groupId: `${name}.dlq-reader` });
    await reader.connect();
    await reader.subscribe({ topics: [names.deadLetter('routing'), names.deadLetter('routing-plaintext')], fromBeginning: true });
    void reader.run({ eachMessage: async ({ message }) => void deadLetters.set(headerText(message.headers, BusHeaders.messageId) ?? '', headerText(message.headers, BusHeaders.errorCode)) });
    afterAllStops.push(() => reader.disconnect());
    expect((await admin('PUT', 'acme/producer-keys/acme-1', { publicKey: acme.publicKey })).status).toBe(204);
    expect((await admin('PUT', 'globex/producer-keys/globex-1', { publicKey: globex.publicKey })).status).toBe(204);
    raw = await publisherWith();
  }, 90_000);

  const afterAllStops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of afterAllStops) await stop();
    await raw?.disconnect();
    await app?.close();
    await capabilities.stop();
    await dropTestSchema(name);
  });

  it('routes a send from the producer library signed with its tenant\'s registered key (in clear: acme allows plaintext producers)', async () => {
    const producer = new SendRequestProducer({ brokers: config.KAFKA_BROKERS, sasl: testEnv.kafkaSasl, topicPrefix: config.KAFKA_TOPIC_PREFIX, tenantId: 'acme', signingKey: { keyId: 'acme-1', privateKeyPem: acme.privateKeyPem } });
    await producer.connect();
    try {
      const messageId = await producer.send({ to: '+447700900123', text: 'Your table is ready.', messageId: `${name}-good` });
      await eventually(() => expect(decided).toContain(messageId), 30_000);
    } finally {
      await producer.disconnect();
    }
  }, 60_000);

  it('refuses plaintext from a producer whose tenant does not allow it, and keeps plaintext on the broker one hour at most', async () => {
    const producer = new SendRequestProducer({ brokers: config.KAFKA_BROKERS, sasl: testEnv.kafkaSasl, topicPrefix: config.KAFKA_TOPIC_PREFIX, tenantId: 'globex', signingKey: { keyId: 'globex-1', privateKeyPem: globex.privateKeyPem } });
    await producer.connect();
    try {
      const messageId = await producer.send({ to: '+447700900123', text: 'Your table is ready.', messageId: `${name}-globex-plain` });
      await eventually(() => expect(reasonOf(messageId)).toBe('plaintext_not_allowed'), 30_000);
      expect(refused.get(messageId)).toBe('plaintext_not_allowed');
      expect(decided).not.toContain(messageId);
    } finally {
      await producer.disconnect();
    }
    // The plaintext topic and every parked copy of it (retry tiers, dead letters): one hour.
    const kafka = createKafka({ serviceName: 'retention-check', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: [200], partitionsConcurrently: 1, logger: silentBusLogger });
    const topics = [names.event('sendRequestedPlaintext'), names.retry('routing-plaintext', 1), names.deadLetter('routing-plaintext')];
    expect(await topicRetentionMs(kafka, topics)).toEqual(Object.fromEntries(topics.map((topic) => [topic, HOUR_MS])));
  }, 60_000);

  it('dead-letters unsigned, unknown-key, wrong-tenant, tampered and replayed sends, and routes none of them', async () => {
    const acmeKey = { keyId: 'acme-1', privateKey: producerPrivateKey(acme.privateKeyPem) };
    const forgerKey = { keyId: 'acme-1', privateKey: producerPrivateKey(generateProducerKey().privateKeyPem) };
    const unknown = { keyId: 'never-registered', privateKey: producerPrivateKey(generateProducerKey().privateKeyPem) };
    const globexKey = { keyId: 'globex-1', privateKey: producerPrivateKey(globex.privateKeyPem) };
    const cases: [string, EventSigner | undefined, string][] = [
      [`${name}-unsigned`, undefined, 'signature_missing'],
      [`${name}-forged`, new Ed25519EventSigner(() => forgerKey), 'signature_invalid'],
      [`${name}-unknown`, new Ed25519EventSigner(() => unknown), 'signature_unknown_key'],
      // globex's own producer key, signing a send that claims to be acme's.
      [`${name}-wrong-tenant`, new Ed25519EventSigner(() => globexKey), 'signature_wrong_tenant'],
      // A genuine acme event captured two hours ago and published again.
      [`${name}-replayed`, new Ed25519EventSigner(() => acmeKey, () => Date.now() - 2 * HOUR_MS), 'signature_expired'],
    ];
    for (const [messageId, signer] of cases) {
      const publisher = signer ? await publisherWith(signer) : raw;
      await publisher.publish('sendRequested', sendOf(messageId, 'acme'), { key: messageId, messageId });
      if (publisher !== raw) await publisher.disconnect();
    }
    await eventually(() => expect(cases.map(([messageId]) => reasonOf(messageId))).toEqual(cases.map(([, , reason]) => reason)), 30_000);
    expect(decided.filter((id) => cases.some(([messageId]) => messageId === id))).toEqual([]);
    // Each refusal is on sb.routing.decision too, for the audit log, with its code.
    expect(cases.map(([messageId]) => refused.get(messageId))).toEqual(cases.map(([, , reason]) => reason));
  }, 60_000);

  it('accepts unsigned sends only for a tenant switched to accept them', async () => {
    await raw.publish('sendRequested', sendOf(`${name}-legacy`, 'legacy'), { key: 'k', messageId: `${name}-legacy` });
    await eventually(() => expect(decided).toContain(`${name}-legacy`), 30_000);
  }, 60_000);

  it('refuses a revoked key from the moment it is revoked, and lists the tenant\'s keys', async () => {
    const key = generateProducerKey();
    expect((await admin('PUT', 'acme/producer-keys/acme-2', { publicKey: key.publicKey })).status).toBe(204);
    // The same id with another key is a conflict: ids are never reused.
    expect((await admin('PUT', 'acme/producer-keys/acme-2', { publicKey: generateProducerKey().publicKey })).status).toBe(409);
    expect((await admin('PUT', 'acme/producer-keys/acme-3', { publicKey: 'not a key' })).status).toBe(400);
    expect((await admin('DELETE', 'acme/producer-keys/acme-2')).status).toBe(204);
    const listed = (await (await admin('GET', 'acme/producer-keys')).json()) as { keys: { keyId: string; revokedAt: string | null }[] };
    expect(listed.keys.map((k) => [k.keyId, k.revokedAt !== null])).toEqual([
      ['acme-1', false],
      ['acme-2', true],
    ]);
    const publisher = await publisherWith(new Ed25519EventSigner(() => ({ keyId: 'acme-2', privateKey: producerPrivateKey(key.privateKeyPem) })));
    await publisher.publish('sendRequested', sendOf(`${name}-revoked`, 'acme'), { key: 'k', messageId: `${name}-revoked` });
    await publisher.disconnect();
    await eventually(() => expect(reasonOf(`${name}-revoked`)).toBe('signature_revoked_key'), 30_000);
    expect(decided).not.toContain(`${name}-revoked`);
  }, 60_000);
});
