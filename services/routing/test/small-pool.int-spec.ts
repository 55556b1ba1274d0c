import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, createKafka, kafkaSaslOf, ensureTopics, EventPublisher, silentBusLogger, TopicNames } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, SendRequestedSchema, TrafficType, type TopicKey } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { CapabilityDouble } from './support/capability-double';
import { routingTestConfig } from './support/routing-test-config';
import { LifecycleService } from '../src/lifecycle/lifecycle.service';
import { PolicyStore } from '../src/policy/policy.store';

// Many concurrent outcomes against a pool of two connections. Every outcome reads its tenant's
// policy (no cache) and half of them fail over (evaluate, publish the next leg, write it). If a
// handler ever needed a second connection while its transaction holds one (the old shape: the
// policy read inside the row lock), every connection would end up held by a handler waiting
// for another and the consumer would stop: this test would time out with messages still open.
const MESSAGES = 40;
const POOL_SIZE = 2;

describe('routing on a two-connection pool (real Kafka and Postgres)', () => {
  const name = uniqueName('routing_pool').replace(/-/g, '_');
  const config = routingTestConfig(name, {
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    POLICY_CACHE_TTL_MS: '0',
    LIFECYCLE_SWEEP_INTERVAL_MS: '600000',
    REVOKE_RETRY_MS: '600000',
    CIRCUIT_CACHE_MS: '0',
    REDIS_URL: testEnv.redisUrl,
    CIRCUIT_KEY_PREFIX: `test:${name}:circuit:`,
  });
  const hasher = new KeyedHasher({ key: config.IDENTIFIER_HASH_KEY, keyId: config.IDENTIFIER_HASH_KEY_ID });
  let app: INestApplication;
  let db: Client;
  let publisher: EventPublisher;
  const capabilities = new CapabilityDouble();
  const published: { topic: TopicKey; messageId: string }[] = [];

  const phoneOf = (index: number) => `+4477009${String(10_000 + index).slice(1)}`;
  const idOf = (index: number) => `${name}-${index}`;
  const states = async () => (await db.query<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM "${name}".message_lifecycles GROUP BY state ORDER BY state`)).rows.map((row) => [row.state, Number(row.n)]);

  beforeAll(async () => {
    const kafka = createKafka({ serviceName: 'routing-pool-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length));
    // Every recipient can receive RCS (capability-discovery's answer, over real HTTP).
    capabilities.answer = { region: 'GB', carrier: 'EE', rcs: true };
    app = await NestFactory.create(AppModule.forRoot({ ...config, CAPABILITY_BASE_URL: await capabilities.start() }), { logger: false });
    publisher = app.get(EventPublisher);
    const publish = publisher.publish.bind(publisher);
    jest.spyOn(publisher, 'publish').mockImplementation((topic, event, options) => {
      published.push({ topic, messageId: options.messageId });
      return publish(topic, event, options);
    });
    await app.listen(0, '127.0.0.1');
    const policies = app.get(PolicyStore);
    const base = (await policies.latest('acme')).policy;
    await policies.save('acme', { ...base, failover: { ...base.failover, alert: { onUnreachable: true, onErrorClass: true, onTtlExpired: true, deliveryTimeoutS: 0, maxFailovers: 2 } } }, 'test');
    db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await capabilities.stop();
    await db?.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await db?.end();
  });

  it(`ends ${MESSAGES} messages whose outcomes arrive at once, half of them through a failover`, async () => {
    // One recipient per message: they spread over the partitions and run side by side.
    await Promise.all(
      Array.from({ length: MESSAGES }, (_, index) => {
        const send = create(SendRequestedSchema, { messageId: idOf(index), tenantId: 'acme', recipient: phoneOf(index), content: { text: `Your table ${index} is ready.` }, trafficType: TrafficType.ALERT, requestedAtMs: BigInt(Date.now()) });
        return publisher.publish('sendRequested', send, { key: hasher.hash(phoneOf(index)), messageId: idOf(index) });
      }),
    );
    await eventually(async () => expect(await states()).toEqual([['dispatched', MESSAGES]]), 60_000);

    const outcome = (index: number, leg: number, channel: Channel, status: DeliveryStatus) =>
      publisher.publish('deliveryOutcome', create(DeliveryOutcomeSchema, { messageId: idOf(index), tenantId: 'acme', recipientHash: hasher.hash(phoneOf(index)), channel, leg, status, reason: status === DeliveryStatus.UNREACHABLE ? 'http_404' : '', occurredAtMs: BigInt(Date.now()) }), {
        key: hasher.hash(phoneOf(index)),
        messageId: idOf(index),
      });
    // Even messages are delivered on RCS; odd ones are unreachable there and fail over to SMS.
    await Promise.all(Array.from({ length: MESSAGES }, (_, index) => outcome(index, 1, Channel.RCS, index % 2 ? DeliveryStatus.UNREACHABLE : DeliveryStatus.DELIVERED)));
    await eventually(() => expect(published.filter((p) => p.topic === 'dispatchSms').length).toBe(MESSAGES / 2), 60_000);
    await Promise.all(Array.from({ length: MESSAGES / 2 }, (_, half) => outcome(half * 2 + 1, 2, Channel.SMS, DeliveryStatus.DELIVERED)));

    await eventually(async () => expect(await states()).toEqual([['delivered', MESSAGES]]), 60_000);
    const terminals = published.filter((p) => p.topic === 'messageTerminal').map((p) => p.messageId);
    await eventually(() => expect(published.filter((p) => p.topic === 'messageTerminal')).toHaveLength(MESSAGES), 30_000);
    expect(new Set(terminals).size).toBe(terminals.length);
  }, 240_000);

  it('ends each message once when its DELIVERED (one compare-and-set) meets an UNREACHABLE that fails it over', async () => {
    const ids = Array.from({ length: 30 }, (_, index) => `${name}-race-${index}`);
    const phone = (index: number) => `+4477009${String(20_000 + index).slice(1)}`;
    await Promise.all(
      ids.map((messageId, index) => {
        const send = create(SendRequestedSchema, { messageId, tenantId: 'acme', recipient: phone(index), content: { text: `Race ${index}.` }, trafficType: TrafficType.ALERT, requestedAtMs: BigInt(Date.now()) });
        return publisher.publish('sendRequested', send, { key: hasher.hash(phone(index)), messageId });
      }),
    );
    const lifecycles = async () => (await db.query<{ message_id: string; state: string; terminal_leg: number | null }>(`SELECT message_id, state, terminal_leg FROM "${name}".message_lifecycles WHERE message_id LIKE $1`, [`${name}-race-%`])).rows;
    await eventually(async () => expect((await lifecycles()).filter((row) => row.state === 'dispatched')).toHaveLength(ids.length), 60_000);

    // Straight to the service, both at once (the bus would serialise one recipient's outcomes).
    const lifecycle = app.get(LifecycleService);
    const outcome = (index: number, status: DeliveryStatus) =>
      create(DeliveryOutcomeSchema, { messageId: ids[index]!, tenantId: 'acme', recipientHash: hasher.hash(phone(index)), channel: Channel.RCS, leg: 1, status, reason: status === DeliveryStatus.UNREACHABLE ? 'http_404' : '', occurredAtMs: BigInt(Date.now()) });
    // Even messages: both at once. Odd ones: the failover first, so the delivery finds an open SMS
    // leg and must leave the compare-and-set for the locked path, which makes that leg a loser.
    await Promise.all(
      ids.map(async (_, index) => {
        if (index % 2 === 0) return Promise.all([lifecycle.onOutcome(outcome(index, DeliveryStatus.DELIVERED)), lifecycle.onOutcome(outcome(index, DeliveryStatus.UNREACHABLE))]);
        await lifecycle.onOutcome(outcome(index, DeliveryStatus.UNREACHABLE));
        return lifecycle.onOutcome(outcome(index, DeliveryStatus.DELIVERED));
      }),
    );

    const rows = await lifecycles();
    expect(rows.map((row) => [row.state, row.terminal_leg])).toEqual(ids.map(() => ['delivered', 1]));
    // A failover that went first left an SMS leg: the delivery on leg 1 made it a loser.
    const legs = (await db.query<{ leg: number; state: string }>(`SELECT leg, state FROM "${name}".lifecycle_legs WHERE message_id LIKE $1`, [`${name}-race-%`])).rows;
    expect(legs.filter((leg) => leg.leg === 1).map((leg) => leg.state)).toEqual(ids.map(() => 'delivered'));
    expect(legs.filter((leg) => leg.leg === 2).length).toBeGreaterThanOrEqual(ids.length / 2);
    expect(legs.filter((leg) => leg.leg === 2 && leg.state !== 'lost')).toEqual([]);
    // Announced at least once each, always under the message's one terminal id: two outcomes
    // racing outside the bus's per-recipient order may both announce the end before either
    // marks it announced, and consumers deduplicate by that id. The end itself is one row.
    const ours = () => new Set(published.filter((p) => p.topic === 'messageTerminal' && ids.some((id) => p.messageId.endsWith(id))).map((p) => p.messageId));
    await eventually(() => expect(ours().size).toBe(ids.length), 30_000);
  }, 240_000);
});
