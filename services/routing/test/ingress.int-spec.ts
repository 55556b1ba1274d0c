import { createHash, randomBytes } from 'node:crypto';
import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPublisher } from '@switchback/bus';
import { ActionTaken, CapabilitySchema, Channel, create, DeliveryOutcomeSchema, DeliveryStatus, FallbackReason, SendRequestedSchema, SendResolvedSchema, Sensitivity, TrafficType, type SendRequested } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { DatabaseModule } from '@switchback/persistence';
import { CONFIG } from '@switchback/runtime';
import { testEnv, uniqueName } from '@switchback/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { routingEntities, routingMigrations } from '../src/database/routing-database';
import { IngressMaintenanceSweeper } from '../src/ingress/ingress-maintenance.sweeper';
import { IngressModule } from '../src/ingress/ingress.module';
import { IngressSigningKey } from '../src/producers/ingress-signing-key';
import { ProducersModule } from '../src/producers/producers.module';
import { IdempotencyBodyHasher } from '../src/ingress/idempotency-body-hasher';
import { MessageLedger } from '../src/messages/message-ledger';
import { RouteSendService } from '../src/routing/route-send.service';

// The producer ingress against real Postgres (own schema). Kafka is replaced by a recording
// publisher, and capability-discovery by a tiny HTTP server that says "SMS only".
const ACME_KEY = 'acme-ingress-key-0123456789';
const GLOBEX_KEY = 'globex-ingress-key-0123456789';
const RECIPIENT = '+447700900123';
const published: { topic: string; event: SendRequested; key: string }[] = [];
const fakePublisher = { publish: async (topic: string, event: SendRequested, options: { key: string }) => void published.push({ topic, event, key: options.key }) };
const hasher = new KeyedHasher({ key: 'ingress-int-test-key-0123456789', keyId: 'k1' });

describe('producer ingress (real Postgres)', () => {
  const schema = uniqueName('routing_ingress').replace(/-/g, '_');
  const config = {
    TENANT_API_KEYS: [{ tenantId: 'acme', key: ACME_KEY }, { tenantId: 'globex', key: GLOBEX_KEY }],
    ADMIN_TOKENS: [],
    ADMIN_HTTP_PORT: 0,
    ADMIN_HTTP_HOST: '127.0.0.1',
    POLICY_CACHE_TTL_MS: 0,
    RCS_TTL_SECONDS: 300,
    CAPABILITY_BASE_URL: '',
    CAPABILITY_TIMEOUT_MS: 2_000,
    PRODUCER_KEY_CACHE_MS: 0,
    HOLD_ENCRYPTION_KEY: randomBytes(32),
    HOLD_ENCRYPTION_KEY_ID: 'h1',
    HOLD_SWEEP_INTERVAL_MS: 3_600_000,
    HOLD_PREVIOUS_KEYS: [],
    INGRESS_STALE_AFTER_MS: 30_000,
    IDEMPOTENCY_KEY_TTL_S: 86_400,
    ORPHAN_LEG_TTL_S: 7 * 86_400,
    INGRESS_MAINTENANCE_INTERVAL_MS: 3_600_000,
    LIFECYCLE_SWEEP_INTERVAL_MS: 3_600_000,
    REVOKE_RETRY_MS: 30_000,
    TERMINAL_REPUBLISH_AFTER_MS: 10_000,
    LIFECYCLE_MAX_AGE_S: 259_200,
    LIFECYCLE_RETENTION_DAYS: 31,
    CIRCUIT_CACHE_MS: 1_000,
    IDEMPOTENCY_BODY_KEYS: [{ id: 'i1', key: randomBytes(32) }],
    CONTENT_FINGERPRINT_KEYS: [{ id: 'f1', key: randomBytes(32) }],
    CONTENT_FINGERPRINT_CACHE_S: 300,
    RCS_CONNECTOR_REGIONS: ['GLOBAL'],
    SMS_CONNECTOR_REGIONS: ['GLOBAL'],
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_SCHEMA: schema,
  };
  const bodyHash = (body: { to: string; text: string }) => new IdempotencyBodyHasher(config).hash(body);
  const lookups: string[] = [];
  let capabilityServer: Server;
  let app: INestApplication;
  let base: string;

  @Global()
  @Module({
    providers: [
      { provide: CONFIG, useValue: config },
      { provide: EventPublisher, useValue: fakePublisher },
      { provide: KeyedHasher, useValue: hasher },
    ],
    exports: [CONFIG, EventPublisher, KeyedHasher],
  })
  class TestPlatformModule {}

  @Module({ imports: [TestPlatformModule, DatabaseModule.forRoot({ url: testEnv.databaseUrl, schema, entities: routingEntities, migrations: routingMigrations }), ProducersModule.register(new IngressSigningKey()), IngressModule] })
  class TestAppModule {}

  const post = (path: string, body: unknown, options: { key?: string | null; idempotencyKey?: string } = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.key === null ? {} : { authorization: `Bearer ${options.key ?? ACME_KEY}` }),
        ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    capabilityServer = createServer((request, response) => {
      const path = decodeURIComponent(request.url ?? '');
      lookups.push(path);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ phoneNumber: path.split('/').pop(), rcs: false, rcsE2ee: false, inappE2ee: false, features: [], carrier: 'Sim', checkedAtMs: Date.now(), region: 'GB', status: 'amber', statusReason: 'SMS only', level: 'sms_only', downgradeSuspected: false, guess: false, pinnedLevel: null, pinnedAtMs: null, source: 'hub' }));
    });
    await new Promise<void>((resolve) => capabilityServer.listen(0, '127.0.0.1', resolve));
    config.CAPABILITY_BASE_URL = `http://127.0.0.1:${(capabilityServer.address() as AddressInfo).port}`;
    app = await NestFactory.create(TestAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => capabilityServer?.close(resolve));
    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  it('answers 401 with a problem body without a key or with a wrong one', async () => {
    for (const key of [null, 'acme-ingress-key-0123456780']) {
      const response = await post('/v1/messages', { to: RECIPIENT, text: 'hi' }, { key, idempotencyKey: 'k-401' });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    expect(published).toHaveLength(0);
  });

  it('answers 400 naming the bad fields, and 400 without an Idempotency-Key', async () => {
    const bad = await post('/v1/messages', { to: '07700900123', text: '', tenantId: 'globex' }, { idempotencyKey: 'k-400' });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field).sort()).toEqual(['tenantId', 'text', 'to']);

    const noKey = await post('/v1/messages', { to: RECIPIENT, text: 'hi' });
    expect(noKey.status).toBe(400);
    expect(((await noKey.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('Idempotency-Key');
    expect(published).toHaveLength(0);
  });

  it('accepts a message once per Idempotency-Key: 202, replay gives the same id, another body is 422', async () => {
    const body = { to: RECIPIENT, text: 'Your table is ready.', trafficType: 'alert' };
    const first = await post('/v1/messages', body, { idempotencyKey: 'order-1' });
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { messageId: string; status: string };
    expect(accepted).toEqual({ messageId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'accepted' });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ topic: 'sendRequested', key: hasher.hash(RECIPIENT), event: { messageId: accepted.messageId, tenantId: 'acme', recipient: RECIPIENT } });

    const replay = await post('/v1/messages', body, { idempotencyKey: 'order-1' });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual(accepted);
    expect(published).toHaveLength(1);

    const other = await post('/v1/messages', { ...body, text: 'Something else.' }, { idempotencyKey: 'order-1' });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(published).toHaveLength(1);

    // Only the body's hash is stored, never the text or the number.
    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    const rows = await db.query(`SELECT * FROM "${schema}".idempotency_keys`);
    await db.end();
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ tenant_id: 'acme', key: 'order-1', state: 'done', response: accepted });
    expect(JSON.stringify(rows.rows)).not.toContain(RECIPIENT);
    expect(JSON.stringify(rows.rows)).not.toContain(body.text);
  });

  it('dry-runs a secret to an SMS-only recipient: a secure link, no publish, no text or number in the answer', async () => {
    const text = `deploy with ${['AKIA', 'IOSFODNN7EXAMPLE'].join('')} please`;
    const response = await post('/v1/messages:dryRun', { to: RECIPIENT, text });
    expect(response.status).toBe(200);
    const raw = await response.text();
    expect(raw).not.toContain(RECIPIENT);
    expect(raw).not.toContain('IOSFODNN7EXAMPLE');
    expect(JSON.parse(raw)).toMatchObject({
      channel: 'sms',
      actionTaken: 'secure_link_created',
      sensitivity: 'secret',
      detectorIds: expect.arrayContaining(['secret.aws_access_key']),
      cohort: expect.any(String),
      policyVersion: 0,
      capabilityStatus: 'amber',
      dualChannel: 'unspecified',
      secureLink: { channel: 'sms' },
    });
    expect(lookups).toEqual([`/v1/capabilities/${RECIPIENT}`]);
    expect(published).toHaveLength(1);
  });

  it('shows a recorded decision and its legs to its tenant only', async () => {
    const ledger = app.get(MessageLedger);
    // The outcome arrives before the decision: kept, and shown once the decision is recorded.
    await ledger.recordOutcome(create(DeliveryOutcomeSchema, { messageId: 'msg-view-1', leg: 1, channel: Channel.SMS, status: DeliveryStatus.DELIVERED, occurredAtMs: BigInt(Date.now()) }));
    expect((await fetch(`${base}/v1/messages/msg-view-1`, { headers: { authorization: `Bearer ${ACME_KEY}` } })).status).toBe(404);

    await ledger.recordDecision({
      messageId: 'msg-view-1',
      tenantId: 'acme',
      recipientHash: hasher.hash(RECIPIENT),
      channel: Channel.SMS,
      actionTaken: ActionTaken.SENT_PLAIN,
      fallbackReason: FallbackReason.NOT_RCS_REACHABLE,
      sensitivity: Sensitivity.NORMAL,
      detectorIds: [],
      cohort: 'default',
      policyVersion: 0,
      decidedAtMs: Date.UTC(2026, 10, 23, 12),
    });
    const mine = await fetch(`${base}/v1/messages/msg-view-1`, { headers: { authorization: `Bearer ${ACME_KEY}` } });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({
      messageId: 'msg-view-1',
      channel: 'sms',
      actionTaken: 'sent_plain',
      fallbackReason: 'not_rcs_reachable',
      sensitivity: 'normal',
      decidedAt: '2026-11-23T12:00:00.000Z',
      state: 'delivered',
      legs: [{ leg: 1, channel: 'sms', status: 'delivered' }],
    });

    const theirs = await fetch(`${base}/v1/messages/msg-view-1`, { headers: { authorization: `Bearer ${GLOBEX_KEY}` } });
    expect(theirs.status).toBe(404);
    expect(theirs.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${base}/v1/messages/unknown`, { headers: { authorization: `Bearer ${ACME_KEY}` } })).status).toBe(404);
  });

  it('records the decision when routing routes a send, and GET shows it without text or number', async () => {
    const send = create(SendRequestedSchema, { messageId: 'msg-routed-1', tenantId: 'acme', recipient: RECIPIENT, content: { text: 'Doors open at 7pm.' }, trafficType: TrafficType.ALERT, requestedAtMs: BigInt(Date.now()) });
    await app.get(RouteSendService).route(create(SendResolvedSchema, { send, capability: create(CapabilitySchema, { region: 'GB' }) }));
    const response = await fetch(`${base}/v1/messages/msg-routed-1`, { headers: { authorization: `Bearer ${ACME_KEY}` } });
    expect(response.status).toBe(200);
    const raw = await response.text();
    expect(raw).not.toContain(RECIPIENT);
    expect(raw).not.toContain('Doors open');
    expect(JSON.parse(raw)).toMatchObject({ messageId: 'msg-routed-1', channel: 'sms', actionTaken: 'sent_plain', sensitivity: 'normal', recipientHash: hasher.hash(RECIPIENT), state: 'dispatched' });
    // The leg shows as dispatched (routing follows it) before any gateway reports on it.
    expect(JSON.parse(raw).legs).toEqual([{ leg: 1, channel: 'sms', status: 'dispatched', reason: '', occurredAt: null, state: 'live', fallbackReason: 'not_rcs_reachable', failoverFromLeg: null }]);
  });

  it('takes over a key stranded in progress (instance died mid-publish) under its first message id', async () => {
    const body = { to: RECIPIENT, text: 'Stranded send' };
    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    try {
      // What a crash between the insert and the publish leaves behind, 31 s ago.
      await db.query(
        `INSERT INTO ${schema}.idempotency_keys (tenant_id, key, body_sha256, state, message_id, created_at) VALUES ('acme', 'stranded-1', $1, 'in_progress', 'msg-stranded-1', now() - interval '31 seconds')`,
        [bodyHash(body)],
      );
      published.length = 0;
      const response = await post('/v1/messages', body, { idempotencyKey: 'stranded-1' });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ messageId: 'msg-stranded-1', status: 'accepted' });
      expect(published.map((p) => p.event.messageId)).toEqual(['msg-stranded-1']);
      const { rows } = await db.query(`SELECT state FROM ${schema}.idempotency_keys WHERE key = 'stranded-1'`);
      expect(rows).toEqual([{ state: 'done' }]);

      // A fresh in-progress key is not stranded: still 409.
      await db.query(`INSERT INTO ${schema}.idempotency_keys (tenant_id, key, body_sha256, state, message_id, created_at) VALUES ('acme', 'running-1', $1, 'in_progress', 'msg-running-1', now())`, [bodyHash(body)]);
      expect((await post('/v1/messages', body, { idempotencyKey: 'running-1' })).status).toBe(409);
    } finally {
      await db.end();
    }
  });

  it('re-keys rows stored with a bare SHA-256 (before keyed body hashes): replays still match, and no dictionary reverses them', async () => {
    const body = { to: RECIPIENT, text: 'Your code is 483920' };
    const legacy = createHash('sha256').update(JSON.stringify([body.to, body.text, null, [], false])).digest('hex');
    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO ${schema}.idempotency_keys (tenant_id, key, body_sha256, state, message_id, response, created_at) VALUES ('acme', 'legacy-1', $1, 'done', 'msg-legacy-1', $2, now())`,
        [legacy, JSON.stringify({ messageId: 'msg-legacy-1', status: 'accepted' })],
      );
      expect((await app.get(IngressMaintenanceSweeper).sweep()).rekeyedBodies).toBeGreaterThanOrEqual(1);
      const { rows } = await db.query(`SELECT body_sha256 FROM ${schema}.idempotency_keys WHERE key = 'legacy-1'`);
      expect(rows).toEqual([{ body_sha256: bodyHash(body) }]);
      expect(rows[0].body_sha256).not.toContain(legacy);
      published.length = 0;
      const replay = await post('/v1/messages', body, { idempotencyKey: 'legacy-1' });
      expect(await replay.json()).toEqual({ messageId: 'msg-legacy-1', status: 'accepted' });
      expect(published).toHaveLength(0);
      expect((await post('/v1/messages', { ...body, text: 'Your code is 483921' }, { idempotencyKey: 'legacy-1' })).status).toBe(422);
    } finally {
      await db.end();
    }
  });

  it('retention drops old keys and old outcomes without a decision, and keeps the rest', async () => {
    const db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    try {
      await db.query(`INSERT INTO ${schema}.idempotency_keys (tenant_id, key, body_sha256, state, created_at) VALUES ('acme', 'old-1', 'x', 'done', now() - interval '2 days'), ('acme', 'new-1', 'x', 'done', now())`);
      await db.query(
        `INSERT INTO ${schema}.message_legs (message_id, leg, channel, status, reason, occurred_at) VALUES
           ('orphan-old', 1, 'sms', 'delivered', '', now() - interval '8 days'),
           ('orphan-new', 1, 'sms', 'delivered', '', now()),
           ('decided-old', 1, 'sms', 'delivered', '', now() - interval '8 days')`,
      );
      await db.query(
        `INSERT INTO ${schema}.message_views (message_id, tenant_id, recipient_hash, channel, action_taken, fallback_reason, sensitivity, detector_ids, cohort, policy_version, decided_at)
         VALUES ('decided-old', 'acme', 'k1:x', 'sms', 'sent_plain', 'not_rcs_reachable', 'normal', '{}', 'default', 1, now() - interval '8 days')`,
      );
      const result = await app.get(IngressMaintenanceSweeper).sweep();
      expect(result.keys).toBeGreaterThanOrEqual(1);
      expect(result.orphanLegs).toBeGreaterThanOrEqual(1);
      const keys = await db.query(`SELECT key FROM ${schema}.idempotency_keys WHERE key IN ('old-1', 'new-1')`);
      expect(keys.rows).toEqual([{ key: 'new-1' }]);
      const legs = await db.query(`SELECT message_id FROM ${schema}.message_legs WHERE message_id IN ('orphan-old', 'orphan-new', 'decided-old') ORDER BY message_id`);
      expect(legs.rows.map((row: { message_id: string }) => row.message_id)).toEqual(['decided-old', 'orphan-new']);
    } finally {
      await db.end();
    }
  });
});
