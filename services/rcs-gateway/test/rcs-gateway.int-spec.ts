import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, createKafka, kafkaSaslOf, ensureTopics, EventPublisher, silentBusLogger, TopicNames } from '@switchback/bus';
import { Channel, create, DeliveryStatus, DispatchCommandSchema, type DeliveryOutcome } from '@switchback/contracts';
import { eventually, testEnv, uniqueName, writeServiceAccountKey } from '@switchback/testing';
import Redis from 'ioredis';
import { createHmac, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppModule } from '../src/app.module';
import { rcsGatewayConfigSchema } from '../src/config/rcs-gateway.config';
import { RcsRevokeService } from '../src/delivery/rcs-revoke.service';
import { RbmAgentClient } from '../src/rbm/rbm-agent.client';
import { rbmMessageId } from '../src/rbm/rbm-message-id';
import { freePort, HubProcess } from './hub-process';

// rcs-gateway on the real broker and Redis, against the hub simulator running as a process on
// 127.0.0.1: sends, signed webhooks, retries through the bus's retry topics, revocation, limits.
const TOKEN = 'int-test-client-token-0123';
const AGENT = 'int-agent';
const RATE = 100;
const BURST = 10;
const IN_FLIGHT = 4;

describe('rcs-gateway (real Kafka, Redis and hub simulator)', () => {
  const name = uniqueName('rcsgw').replace(/-/g, '_');
  const hub = new HubProcess();
  const outcomes: DeliveryOutcome[] = [];
  let app: INestApplication;
  let base: string;
  let publisher: EventPublisher;
  let redis: Redis;
  let config: ReturnType<typeof rcsGatewayConfigSchema.parse>;
  let sequence = 0;

  const phone = () => `+3361${String(1_000_000 + (sequence += 1)).padStart(7, '0')}`;
  const dispatch = async (recipient: string, text: string, options: { ttlSeconds?: number; messageId?: string } = {}) => {
    const messageId = options.messageId ?? `${name}-${(sequence += 1)}`;
    const command = create(DispatchCommandSchema, { messageId, tenantId: 'acme', recipient, content: { text }, channel: Channel.RCS, leg: 1, requestedAtMs: BigInt(Date.now()), ttlSeconds: options.ttlSeconds ?? 0 });
    await publisher.publish('dispatchRcs', command, { key: recipient, messageId });
    return { messageId, rbmId: rbmMessageId(AGENT, messageId, 1) };
  };
  const outcomesOf = (messageId: string) => outcomes.filter((o) => o.messageId === messageId);
  const waitForOutcome = (messageId: string, status: DeliveryStatus, timeoutMs = 30_000) =>
    eventually(() => {
      const found = outcomesOf(messageId).find((o) => o.status === status);
      expect(found).toBeDefined();
      return found!;
    }, timeoutMs);
  const signedPush = (event: Record<string, string>, token = TOKEN) => {
    const data = Buffer.from(JSON.stringify(event));
    return {
      body: JSON.stringify({ message: { data: data.toString('base64'), messageId: '1', publishTime: new Date().toISOString() }, subscription: 'projects/p/subscriptions/s' }),
      signature: createHmac('sha512', token).update(data).digest('base64'),
    };
  };
  const postWebhook = (push: { body: string; signature: string }) =>
    fetch(`${base}/v1/rbm/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-signature': push.signature }, body: push.body });

  beforeAll(async () => {
    const webhookPort = await freePort();
    // Load-test numbers (+3362...) answer after 20 ms, so overlapping calls show at the hub.
    const profilesFile = path.join(tmpdir(), `${name}-profiles.json`);
    writeFileSync(profilesFile, JSON.stringify({ prefixProfiles: [{ prefix: '+3362', profile: { rcs: true, latencyMs: 20 } }] }));
    // The hub requires OAuth as RBM does: the gateway buys its tokens with this agent key.
    const keyFile = path.join(tmpdir(), `${name}-agent-key.json`);
    await hub.start((url) => {
      writeServiceAccountKey(keyFile, `${url}/token`);
      return { HUB_SIM_OAUTH_KEY_FILES: keyFile, HUB_SIM_PROFILES_FILE: profilesFile, HUB_SIM_CLIENT_TOKEN: TOKEN, HUB_SIM_AGENT_ID: AGENT, HUB_SIM_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/v1/rbm/webhook`, HUB_SIM_DELIVERY_DELAY_MS: '30' };
    });
    config = rcsGatewayConfigSchema.parse({
      IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
      HTTP_PORT: String(webhookPort),
      LOG_LEVEL: 'silent',
      ...testEnv.kafkaEnv,
      KAFKA_TOPIC_PREFIX: `${name}.`,
      BUS_RETRY_DELAYS_MS: '300,600,1200',
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: `${name}:`,
      HUB_BASE_URL: hub.url,
      RBM_SERVICE_ACCOUNT_KEY_FILE: keyFile,
      RBM_CLIENT_TOKEN: TOKEN,
      RBM_AGENT_ID: AGENT,
      RBM_SUGGEST_OPEN_URL: 'true',
      RBM_RATE_PER_SECOND: String(RATE),
      RBM_RATE_BURST: String(BURST),
      RBM_MAX_IN_FLIGHT: String(IN_FLIGHT),
      RBM_PERMIT_WAIT_MAX_MS: '10000',
    });
    const kafka = createKafka({ serviceName: 'rcs-gateway-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length));
    app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
    publisher = app.get(EventPublisher);
    const publish = publisher.publish.bind(publisher);
    jest.spyOn(publisher, 'publish').mockImplementation((topic, event, options) => {
      if (topic === 'deliveryOutcome') outcomes.push(event as DeliveryOutcome);
      return publish(topic, event, options);
    });
    await app.listen(webhookPort, '127.0.0.1');
    base = await app.getUrl();
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await hub.stop();
    const keys = (await redis?.keys(`${name}:*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
  });

  it('answers the webhook setup handshake with the secret as plain text', async () => {
    const response = await fetch(`${base}/v1/rbm/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientToken: TOKEN, secret: 's3cr3t-42' }) });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('s3cr3t-42');
  });

  it('sends under a UUID messageId (SUBMITTED), then turns signed DELIVERED and READ webhooks into outcomes', async () => {
    const to = phone();
    await hub.setProfile(to, { rcs: true, readDelayMs: 30 });
    const { messageId, rbmId } = await dispatch(to, 'Doors open at 7pm.', { ttlSeconds: 3600 });
    const submitted = await waitForOutcome(messageId, DeliveryStatus.SUBMITTED, 45_000);
    expect(submitted).toMatchObject({ channel: Channel.RCS, leg: 1, carrierMessageId: rbmId, recipientHash: expect.stringMatching(/^k1:/) });
    await waitForOutcome(messageId, DeliveryStatus.DELIVERED);
    await waitForOutcome(messageId, DeliveryStatus.READ);
    expect(await hub.message(rbmId)).toMatchObject({ contentKind: 'text', posts: 1, state: 'read' });
  }, 60_000);

  it('emits one outcome for a webhook posted twice with the same eventId, and nothing for a bad signature', async () => {
    const to = phone();
    await hub.setProfile(to, { rcs: true, offline: true }); // no real DELIVERED will come
    const { messageId, rbmId } = await dispatch(to, 'Your table is ready.');
    await waitForOutcome(messageId, DeliveryStatus.SUBMITTED);
    const push = signedPush({ eventType: 'DELIVERED', eventId: randomUUID(), messageId: rbmId, senderPhoneNumber: to, sendTime: new Date().toISOString(), agentId: AGENT });
    expect((await postWebhook(push)).status).toBe(200);
    expect((await postWebhook(push)).status).toBe(200);
    expect(outcomesOf(messageId).filter((o) => o.status === DeliveryStatus.DELIVERED)).toHaveLength(1);

    const forged = signedPush({ eventType: 'READ', eventId: randomUUID(), messageId: rbmId }, 'not-the-client-token');
    const rejected = await postWebhook(forged);
    expect(rejected.status).toBe(401);
    expect(rejected.headers.get('content-type')).toContain('application/problem+json');
    expect(await rejected.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(outcomesOf(messageId).map((o) => o.status)).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]);
  }, 60_000);

  it('rides out a 429 storm through the bus retry topics and delivers once at the hub', async () => {
    const to = phone();
    await hub.setProfile(to, { rcs: true, failNext: { status: 429, count: 2, retryAfterSeconds: 1 } });
    const { messageId, rbmId } = await dispatch(to, 'Storm test');
    await waitForOutcome(messageId, DeliveryStatus.DELIVERED, 45_000);
    const message = await hub.message(rbmId);
    expect(message).toMatchObject({ posts: 3, state: 'delivered' });
    expect((await hub.messages()).filter((m) => m.messageId === rbmId)).toHaveLength(1);
    expect(outcomesOf(messageId).map((o) => o.status)).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]);
  }, 60_000);

  it('reports a number without RCS (404) as UNREACHABLE', async () => {
    const to = phone();
    await hub.setProfile(to, { rcs: false });
    const { messageId } = await dispatch(to, 'hello');
    expect(await waitForOutcome(messageId, DeliveryStatus.UNREACHABLE)).toMatchObject({ reason: 'http_404' });
  }, 60_000);

  it('sends the plain variant when a basic device refuses rich content (400)', async () => {
    const to = phone();
    await hub.setProfile(to, { rcs: true, basic: true });
    const { messageId, rbmId } = await dispatch(to, 'Track it: https://t.example/p/42');
    await waitForOutcome(messageId, DeliveryStatus.DELIVERED);
    expect(await hub.message(rbmId)).toMatchObject({ contentKind: 'text', posts: 2 });
    expect(outcomesOf(messageId).some((o) => o.status === DeliveryStatus.UNREACHABLE)).toBe(false);
  }, 60_000);

  it('revokes a pending message (REVOKED) and gets "already delivered" after delivery, from us and from the hub', async () => {
    const offline = phone();
    await hub.setProfile(offline, { rcs: true, offline: true });
    const pending = await dispatch(offline, 'Revoke me');
    await waitForOutcome(pending.messageId, DeliveryStatus.SUBMITTED);
    const revoker = app.get(RcsRevokeService);
    const revokeOf = (recipient: string, messageId: string) => ({ recipient, messageId, leg: 1, tenantId: 'acme', reason: 'delivery_timeout', requestedAtMs: 1n });
    await expect(revoker.revoke(revokeOf(offline, pending.messageId))).resolves.toBe('revoked');
    expect(await waitForOutcome(pending.messageId, DeliveryStatus.REVOKED)).toMatchObject({ reason: 'delivery_timeout' });
    expect(await hub.message(pending.rbmId)).toMatchObject({ state: 'revoked' });

    const online = phone();
    const delivered = await dispatch(online, 'Too late to revoke');
    await waitForOutcome(delivered.messageId, DeliveryStatus.DELIVERED);
    await expect(revoker.revoke(revokeOf(online, delivered.messageId))).resolves.toBe('already_delivered');
    await expect(app.get(RbmAgentClient).revoke({ baseUrl: hub.url, agentId: AGENT }, online, delivered.rbmId)).resolves.toBe('already_delivered'); // the hub's 404
  }, 60_000);

  it('reports EXPIRED when the hub revokes an undelivered message at its ttl', async () => {
    const to = phone();
    await hub.setProfile(to, { rcs: true, offline: true });
    const { messageId } = await dispatch(to, 'Offer ends soon', { ttlSeconds: 1 });
    expect(await waitForOutcome(messageId, DeliveryStatus.EXPIRED)).toMatchObject({ reason: 'ttl_expiration_revoked' });
  }, 60_000);

  it('keeps to the agent rate and in-flight limits under load (300 messages)', async () => {
    await hub.reset(); // fresh meters; profiles of earlier tests are gone, every number is RCS
    const count = 300;
    const sent = await Promise.all(Array.from({ length: count }, (_, i) => dispatch(`+3362${String(1_000_000 + i).padStart(7, '0')}`, `Load ${i}`)));
    await eventually(async () => expect((await hub.stats())['sends']).toBe(count), 40_000, 200);
    const stats = await hub.stats();
    const times = (await hub.messages()).map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
    const seconds = (times[times.length - 1]! - times[0]!) / 1000;
    const achieved = (count - 1) / seconds;
    process.stdout.write(`rcs-gateway load: ${count} sends in ${seconds.toFixed(2)} s = ${achieved.toFixed(1)} msg/s; hub peak ${stats['peakSendsPerSecond']}/s sliding; max concurrent ${stats['maxConcurrentSends']}\n`);
    expect(stats['maxConcurrentSends']).toBeLessThanOrEqual(IN_FLIGHT);
    // The hub's sliding one-second peak is printed, not asserted: arrivals bunch up whenever an
    // event loop stalls on a loaded box. The whole-run bound below is what the limiter promises.
    // An upper bound only: on a shared 2-core box the achieved rate says more about the load
    // average than about the gateway (the report quotes the measured numbers).
    // Token-bucket bound: at most BURST + RATE·T sends in T seconds (+2 for arrival jitter at the hub).
    expect(achieved).toBeLessThanOrEqual(RATE + (BURST + 2) / seconds);
    await eventually(() => expect(sent.filter((s) => outcomesOf(s.messageId).some((o) => o.status === DeliveryStatus.SUBMITTED))).toHaveLength(count), 20_000, 200);
  }, 90_000);
});
