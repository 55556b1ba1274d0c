import { RoutingMetrics } from '../src/metrics/routing-metrics';
import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPublisher } from '@switchback/bus';
import { ActionTaken, CapabilitySchema, Channel, create, DeliveryOutcomeSchema, DeliveryStatus, SendRequestedSchema, SendResolvedSchema, TrafficType, type MessageTerminal, type RoutingDecision } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { ContentFingerprinter } from '../src/fingerprint/content-fingerprinter';
import { MemoryFingerprintSeeds } from '../src/fingerprint/memory-fingerprint-seeds';
import { DatabaseModule } from '@switchback/persistence';
import { CONFIG } from '@switchback/runtime';
import { classify } from '@switchback/sensitivity';
import { testEnv, uniqueName } from '@switchback/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { CohortAssigner } from '../src/cohort/cohort-assigner';
import { routingConfigSchema } from '../src/config/routing.config';
import { AdminHttpModule } from '../src/admin/admin-http.module';
import { AdminListener } from '../src/admin/admin-listener';
import { routingEntities, routingMigrations } from '../src/database/routing-database';
import { HeldMessageRepository } from '../src/hold/held-message.repository';
import { HoldExpirySweeper } from '../src/hold/hold-expiry.sweeper';
import { HoldReleaseModule } from '../src/hold/hold-release.module';
import { HoldStore } from '../src/hold/hold.store';
import { PolicyModule } from '../src/policy/policy.module';
import { PolicyStore } from '../src/policy/policy.store';
import type { MessageLedger } from '../src/messages/message-ledger';
import { RouteSendService } from '../src/routing/route-send.service';
import { LifecycleService } from '../src/lifecycle/lifecycle.service';
import { noOpenCircuits } from '../src/routing/channel-circuits.provider';
import { CircuitView } from '../src/routing/circuit-view';
import { LegPublisher } from '../src/routing/leg-publisher';
import { SendEvaluator } from '../src/routing/send-evaluator';

// Holds, overrides and expiry against real Postgres (own schema). Kafka is replaced by a
// recording publisher: the test is about what is stored, who may release it and what is sent.
const ADMIN = 'alice-admin-token-0123456789';
/** An admin of another tenant: it may not release acme's holds. */
const GLOBEX_ADMIN = 'bob-globex-admin-token-0123456789';
const PHONE = '+447700900123';
const CANARY = `canary-${randomBytes(6).toString('hex')}`;
// An AWS-style access key id (the documentation example): classified secret.
const TEXT = `${CANARY} use key AKIAIOSFODNN7EXAMPLE for the bucket`;

describe('held messages (real Postgres)', () => {
  const schema = uniqueName('routing_hold').replace(/-/g, '_');
  const config = routingConfigSchema.parse({
    IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
    ADMIN_TOKENS: `alice@acme:${ADMIN},bob@globex:${GLOBEX_ADMIN}`,
    ADMIN_HTTP_PORT: '0',
    POLICY_CACHE_TTL_MS: '0',
    HOLD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    IDEMPOTENCY_BODY_KEYS: `i1:${randomBytes(32).toString('base64')}`,
    CONTENT_FINGERPRINT_KEYS: `f1:${randomBytes(32).toString('base64')}`,
    HOLD_SWEEP_INTERVAL_MS: '3600000',
  });
  const hasher = new KeyedHasher({ key: config.IDENTIFIER_HASH_KEY, keyId: config.IDENTIFIER_HASH_KEY_ID });
  const published: { topic: string; event: unknown; heldRows?: number }[] = [];
  let db: Client;
  const heldCount = async (messageId: string) => Number((await db.query(`SELECT count(*) AS n FROM "${schema}".held_messages WHERE message_id = $1`, [messageId])).rows[0].n);
  const fakePublisher = {
    publish: async (topic: string, event: { messageId?: string; actionTaken?: ActionTaken }) => {
      // Records whether the hold was already stored when the BLOCKED decision went out.
      const heldRows = topic === 'routingDecision' && event.actionTaken === ActionTaken.BLOCKED ? await heldCount(event.messageId!) : undefined;
      published.push({ topic, event, heldRows });
    },
  };
  let app: INestApplication;
  let base: string;
  let routing: RouteSendService;

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

  @Module({ imports: [TestPlatformModule, DatabaseModule.forRoot({ url: testEnv.databaseUrl, schema, entities: routingEntities, migrations: routingMigrations }), AdminHttpModule, PolicyModule, HoldReleaseModule] })
  class TestAppModule {}

  const route = (messageId: string) =>
    routing.route(
      create(SendResolvedSchema, {
        send: create(SendRequestedSchema, { messageId, tenantId: 'acme', recipient: PHONE, content: { text: TEXT }, trafficType: TrafficType.TRANSACTIONAL, requestedAtMs: 5n, labels: ['billing'] }),
        capability: create(CapabilitySchema, { rcs: true, region: 'GB', carrier: 'EE' }),
      }),
    );
  const override = (messageId: string, body: unknown, token: string | null = ADMIN) =>
    fetch(`${base}/v1/messages/${messageId}/override`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
  const decisionsOf = (messageId: string) =>
    published.filter((p) => p.topic === 'routingDecision' && (p.event as RoutingDecision).messageId === messageId).map((p) => p.event as RoutingDecision);
  const reason = 'customer confirmed the request by phone';
  const terminalsOf = (messageId: string) =>
    published.filter((p) => p.topic === 'messageTerminal' && (p.event as MessageTerminal).messageId === messageId).map((p) => p.event as MessageTerminal);
  const lifecycleOf = async (messageId: string) =>
    (await db.query(`SELECT state, legs_dispatched, send_ciphertext IS NOT NULL AS sealed, terminal_status, terminal_reason, terminal_leg, terminal_published_at IS NOT NULL AS announced FROM "${schema}".message_lifecycles WHERE message_id = $1`, [messageId])).rows[0];

  beforeAll(async () => {
    db = new Client({ connectionString: testEnv.databaseUrl });
    await db.connect();
    app = await NestFactory.create(TestAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = app.get(AdminListener).url(); // the admin API's own listener
    const policies = app.get(PolicyStore);
    await policies.save('acme', { ...(await policies.latest('acme')).policy, onSensitive: 'block', holdTtlSeconds: 3600 }, 'alice');
    // The service the consumer calls, wired with this module's hold store and real classifier.
    const clock = { now: () => Date.now() };
    const evaluator = new SendEvaluator(policies, new CohortAssigner(hasher), new CircuitView(noOpenCircuits, clock, config), classify, clock);
    const legs = new LegPublisher(fakePublisher as unknown as EventPublisher, config);
    const noLifecycle = { open: async () => undefined } as unknown as LifecycleService;
    routing = new RouteSendService(fakePublisher as unknown as EventPublisher, hasher, evaluator, legs, { recordDecision: async () => undefined } as unknown as MessageLedger, app.get(HoldStore), noLifecycle, new RoutingMetrics(), clock, new ContentFingerprinter(new MemoryFingerprintSeeds(), config, clock));
  });

  afterAll(async () => {
    await app?.close();
    await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db?.end();
  });

  it('holds a block in one sealed row, stored before the decision is published, idempotently', async () => {
    await route('m-1');
    await route('m-1'); // the bus redelivers
    expect(await heldCount('m-1')).toBe(1);
    expect(decisionsOf('m-1').map((d) => d.actionTaken)).toEqual([ActionTaken.BLOCKED, ActionTaken.BLOCKED]);
    expect(published.find((p) => p.heldRows !== undefined)?.heldRows).toBe(1);
    expect(published.filter((p) => p.topic.startsWith('dispatch'))).toEqual([]);

    const { rows } = await db.query(`SELECT t::text AS row, status, key_id FROM "${schema}".held_messages t WHERE message_id = 'm-1'`);
    expect(rows[0]).toMatchObject({ status: 'held', key_id: 'h1' });
    const row = rows[0].row as string;
    for (const secret of [CANARY, PHONE.slice(1), 'AKIAIOSFODNN7EXAMPLE']) {
      expect(row).not.toContain(secret);
      expect(row).not.toContain(Buffer.from(secret).toString('hex'));
    }
  });

  it('answers 401 without a token and 400 for an empty reason, releasing nothing', async () => {
    // An admin scoped to another tenant cannot release acme's hold, even naming acme.
    const otherTenant = await override('m-1', { tenantId: 'acme', reason }, GLOBEX_ADMIN);
    expect(otherTenant.status).toBe(403);
    expect(await otherTenant.json()).toMatchObject({ status: 403, title: 'Tenant out of scope' });
    const noToken = await override('m-1', { tenantId: 'acme', reason }, null);
    expect((await override('m-1', { tenantId: 'acme', reason }, 'alice-admin-token-0123456780')).status).toBe(401);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('content-type')).toContain('application/problem+json');
    const empty = await override('m-1', { tenantId: 'acme', reason: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ status: 400, errors: [{ field: 'reason' }] });
    expect((await override('m-1', { tenantId: 'acme', reason: 'x'.repeat(501) })).status).toBe(400);
    expect((await override('nope', { tenantId: 'acme', reason })).status).toBe(404);
    expect(published.filter((p) => p.topic.startsWith('dispatch'))).toEqual([]);
  });

  it('releases on an authorised override: dispatch, USER_OVERRIDE decision with actor and reason, content wiped', async () => {
    const response = await override('m-1', { tenantId: 'acme', reason });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ messageId: 'm-1', channel: 'RCS', actionTaken: 'USER_OVERRIDE' });
    const dispatched = published.filter((p) => p.topic === 'dispatchRcs');
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]!.event).toMatchObject({ messageId: 'm-1', tenantId: 'acme', recipient: PHONE, content: { text: TEXT }, channel: Channel.RCS });
    expect(decisionsOf('m-1').at(-1)).toMatchObject({ actionTaken: ActionTaken.USER_OVERRIDE, actor: 'alice', overrideReason: reason, channel: Channel.RCS, policyVersion: 1, recipientHash: hasher.hash(PHONE) });
    const { rows } = await db.query(`SELECT status, actor, override_reason, recipient_ciphertext, content_ciphertext FROM "${schema}".held_messages WHERE message_id = 'm-1'`);
    expect(rows[0]).toEqual({ status: 'released', actor: 'alice', override_reason: reason, recipient_ciphertext: null, content_ciphertext: null });
    expect((await override('m-1', { tenantId: 'acme', reason })).status).toBe(409);
    // The released leg has a lifecycle like a first routing's: leg 1 on RCS, send sealed (it may fail over).
    expect(await lifecycleOf('m-1')).toMatchObject({ state: 'dispatched', legs_dispatched: 1, sealed: true, terminal_status: null });
    const legs = await db.query(`SELECT leg, channel, state FROM "${schema}".lifecycle_legs WHERE message_id = 'm-1'`);
    expect(legs.rows).toEqual([{ leg: 1, channel: Channel.RCS, state: 'live' }]);
  });

  it('fails an overridden sensitive message over without plaintext: the policy re-runs and blocks, the message ends FAILED once', async () => {
    // m-1 went out on RCS by override; RCS is unreachable. Its text is a secret and the policy
    // blocks sensitive content: the override authorised plaintext on RCS only, not on SMS.
    const before = published.length;
    const failure = create(DeliveryOutcomeSchema, { messageId: 'm-1', tenantId: 'acme', recipientHash: hasher.hash(PHONE), channel: Channel.RCS, leg: 1, status: DeliveryStatus.UNREACHABLE, reason: 'http_404', occurredAtMs: 6n });
    await app.get(LifecycleService).onOutcome(failure);
    await app.get(LifecycleService).onOutcome(failure); // redelivered
    const after = published.slice(before);
    expect(after.filter((p) => p.topic.startsWith('dispatch'))).toEqual([]);
    expect(after.filter((p) => p.topic === 'routingDecision').map((p) => p.event)).toEqual([expect.objectContaining({ actionTaken: ActionTaken.BLOCKED, leg: 2, failoverFromLeg: 1, holdExpiresAtMs: 0n })]);
    expect(terminalsOf('m-1')).toEqual([expect.objectContaining({ status: DeliveryStatus.FAILED, reason: 'failover_blocked:http_404', leg: 1, channel: Channel.RCS, legsDispatched: 1 })]);
    expect(await lifecycleOf('m-1')).toMatchObject({ state: 'blocked', sealed: false, announced: true });
  });

  it('releases once when two overrides race', async () => {
    await route('m-2');
    const statuses = (await Promise.all([override('m-2', { tenantId: 'acme', reason }), override('m-2', { tenantId: 'acme', reason })])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409]);
    expect(published.filter((p) => p.topic.startsWith('dispatch') && (p.event as { messageId: string }).messageId === 'm-2')).toHaveLength(1);
  });

  it('refuses with 503 a hold sealed under a key id this instance does not hold, and keeps it held', async () => {
    await route('m-4');
    await db.query(`UPDATE "${schema}".held_messages SET key_id = 'h0' WHERE message_id = 'm-4'`);
    const response = await override('m-4', { tenantId: 'acme', reason });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ title: 'Hold key unavailable' });
    const { rows } = await db.query(`SELECT status, content_ciphertext IS NOT NULL AS sealed FROM "${schema}".held_messages WHERE message_id = 'm-4'`);
    expect(rows[0]).toEqual({ status: 'held', sealed: true });
    expect(published.filter((p) => p.topic.startsWith('dispatch') && (p.event as { messageId: string }).messageId === 'm-4')).toEqual([]);
  });

  it('expires a hold past its deadline: EXPIRED decision, content gone, override then 410', async () => {
    await route('m-3');
    const sweeper = new HoldExpirySweeper(app.get(HeldMessageRepository), fakePublisher as unknown as EventPublisher, { now: () => Date.now() + 3_600_001 }, config, new RoutingMetrics(), app.get(LifecycleService));
    expect(await sweeper.sweep()).toBe(2); // m-3 and the rotated-key m-4
    expect(await sweeper.sweep()).toBe(0);
    expect(decisionsOf('m-3').map((d) => d.actionTaken)).toEqual([ActionTaken.BLOCKED, ActionTaken.EXPIRED]);
    expect(decisionsOf('m-3')[1]).toMatchObject({ channel: Channel.UNSPECIFIED, tenantId: 'acme', recipientHash: hasher.hash(PHONE) });
    const { rows } = await db.query(`SELECT status, recipient_ciphertext, content_ciphertext FROM "${schema}".held_messages WHERE message_id = 'm-3'`);
    expect(rows[0]).toEqual({ status: 'expired', recipient_ciphertext: null, content_ciphertext: null });
    expect((await override('m-3', { tenantId: 'acme', reason })).status).toBe(410);
    // The blocked message ends once: EXPIRED hold_expired, no leg, announced.
    for (const id of ['m-3', 'm-4']) {
      expect(terminalsOf(id)).toEqual([expect.objectContaining({ status: DeliveryStatus.EXPIRED, reason: 'hold_expired', leg: 0, channel: Channel.UNSPECIFIED, legsDispatched: 0, tenantId: 'acme', recipientHash: hasher.hash(PHONE), requestedAtMs: 5n })]);
      expect(await lifecycleOf(id)).toEqual({ state: 'expired', legs_dispatched: 0, sealed: false, terminal_status: 'expired', terminal_reason: 'hold_expired', terminal_leg: 0, announced: true });
    }
    // Released holds never expire into a second end.
    expect(terminalsOf('m-2')).toEqual([]);
  });
});
