import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, createKafka, kafkaSaslOf, ensureTopics, EventPublisher, silentBusLogger, TopicNames } from '@switchback/bus';
import { ActionTaken, Channel, CircuitState, CircuitStateChangedSchema, create, DeliveryStatus, DeviceKeyAction, DeviceKeyChangedSchema, FallbackReason, KeyDeliveryMode, MessageTerminalSchema, RoutingDecisionSchema, SecureLinkEventType, SecureLinkLifecycleSchema } from '@switchback/contracts';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { generateSigningKeySeed } from '../src/chain/checkpoint-signer';
import { auditSinkConfigSchema } from '../src/config/audit-sink.config';
import { OPERATOR_TOKEN, sbctl } from './audit-harness';

// The whole service on the real broker and database: events from Kafka become chained rows,
// a checkpoint is signed on demand and published, and metrics count what was appended.
describe('audit-sink service (real Kafka and Postgres)', () => {
  const name = uniqueName('audit').replace(/-/g, '_');
  const config = auditSinkConfigSchema.parse({
    IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
    AUDIT_SIGNING_KEY: generateSigningKeySeed(),
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...testEnv.kafkaEnv,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    BUS_RETRY_DELAYS_MS: '200',
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_SCHEMA: name,
    AUDIT_OPERATOR_TOKENS: `auditor:${OPERATOR_TOKEN}`,
  });
  let app: INestApplication;
  let base: string;
  const db = new Client({ connectionString: testEnv.databaseUrl, options: `-c search_path=${name}` });

  beforeAll(async () => {
    const kafka = createKafka({ serviceName: 'audit-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(new TopicNames(config.KAFKA_TOPIC_PREFIX), config.BUS_RETRY_DELAYS_MS.length));
    app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await db.end();
  });

  it('chains a secure link (with its escrow key) and a decision from Kafka, then signs and publishes the head', async () => {
    const publisher = app.get(EventPublisher);
    const link = create(SecureLinkLifecycleSchema, { linkId: 'lnk_k', tenantId: 'acme', messageId: 'm-k', type: SecureLinkEventType.CREATED, keyMode: KeyDeliveryMode.PASSPHRASE, maxViews: 1, expiresAtMs: BigInt(Date.now() + 60_000), occurredAtMs: BigInt(Date.now()), escrowKeyId: 'esc-k' });
    await publisher.publish('secureLinkLifecycle', link, { key: 'lnk_k', messageId: 'e-1' });
    await publisher.publish('secureLinkLifecycle', link, { key: 'lnk_k', messageId: 'e-1b' }); // a duplicate publish
    await publisher.publish('routingDecision', create(RoutingDecisionSchema, { messageId: 'm-k', tenantId: 'acme', recipientHash: 'k1:x', channel: Channel.SMS, actionTaken: ActionTaken.SECURE_LINK_CREATED, decidedAtMs: BigInt(Date.now()) }), { key: 'k1:x', messageId: 'e-2' });

    const rows = await eventually(async () => {
      const found = (await db.query(`SELECT seq::int AS seq, event_type, detail->>'escrowKeyId' AS escrow FROM audit_events ORDER BY seq`)).rows;
      expect(found).toHaveLength(2);
      return found;
    }, 45_000);
    expect(rows.map((r) => r.event_type).sort()).toEqual(['routing_decision', 'secure_link_lifecycle']);
    expect(rows.find((r) => r.event_type === 'secure_link_lifecycle')?.escrow).toBe('esc-k');

    const made = (await (await fetch(`${base}/v1/audit/checkpoints`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json()) as { public_key: string; row_hash: string };
    expect(made).toMatchObject({ seq: '2', count: '2', key_id: 'a1' });
    expect(await (await fetch(`${base}/v1/audit/checkpoints/latest`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json()).toEqual(made);
    expect((await sbctl(name, ['audit', 'verify', '--public-key', made.public_key])).stdout).toBe(`ok: 2 rows, 1 checkpoints, head ${made.row_hash} at seq 2`);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/switchback_audit_rows_written_total\{[^}]*event_type="secure_link_lifecycle"[^}]*\} 1/);
    expect(metrics).toMatch(/switchback_audit_checkpoint_age_seconds\{[^}]*\} \d/);
  }, 60_000);

  it('records a failover decision next to the first one, one terminal row per message, and circuit changes', async () => {
    const publisher = app.get(EventPublisher);
    const now = Date.now();
    const decision = { messageId: 'm-f', tenantId: 'acme', recipientHash: 'k1:f', actionTaken: ActionTaken.SENT_PLAIN, decidedAtMs: BigInt(now) };
    await publisher.publish('routingDecision', create(RoutingDecisionSchema, { ...decision, channel: Channel.RCS, leg: 1 }), { key: 'k1:f', messageId: 'f-1' });
    await publisher.publish('routingDecision', create(RoutingDecisionSchema, { ...decision, channel: Channel.SMS, leg: 2, failoverFromLeg: 1, fallbackReason: FallbackReason.DELIVERY_FAILED }), { key: 'k1:f', messageId: 'f-2' });
    const terminal = create(MessageTerminalSchema, { messageId: 'm-f', tenantId: 'acme', recipientHash: 'k1:f', status: DeliveryStatus.DELIVERED, leg: 2, channel: Channel.SMS, legsDispatched: 2, occurredAtMs: BigInt(now) });
    await publisher.publish('messageTerminal', terminal, { key: 'k1:f', messageId: 'f-3' });
    await publisher.publish('messageTerminal', terminal, { key: 'k1:f', messageId: 'f-3b' }); // a replayed terminal
    // Same key, so the same partition: once this is in, the replayed terminal was consumed too.
    await publisher.publish('messageTerminal', create(MessageTerminalSchema, { ...terminal, messageId: 'm-f-sentinel' }), { key: 'k1:f', messageId: 'f-3c' });
    await publisher.publish('channelCircuit', create(CircuitStateChangedSchema, { channel: Channel.SMS, pathId: 'smpp:primary', state: CircuitState.OPEN, previousState: CircuitState.CLOSED, failures: 12, calls: 20, changedAtMs: BigInt(now), openUntilMs: BigInt(now + 30_000), reason: 'error_rate', instanceId: 'smpp-0' }), { key: 'smpp:primary', messageId: 'f-4' });

    const rows = await eventually(async () => {
      const found = (await db.query(`SELECT message_id, event_type, channel, outcome, detail FROM audit_events WHERE message_id LIKE 'm-f%' OR event_type = 'circuit_state_changed' ORDER BY seq`)).rows;
      expect(found.map((r) => r.message_id)).toContain('m-f-sentinel');
      expect(found.some((r) => r.event_type === 'circuit_state_changed')).toBe(true);
      return found.filter((r) => r.message_id !== 'm-f-sentinel');
    }, 45_000);
    expect(rows.map((r) => `${r.event_type}:${r.channel}:${r.outcome}`).sort()).toEqual([
      'circuit_state_changed:sms:open',
      'message_terminal:sms:delivered',
      'routing_decision:rcs:sent_plain',
      'routing_decision:sms:sent_plain',
    ]);
    expect(rows.find((r) => r.channel === 'sms' && r.event_type === 'routing_decision')?.detail).toMatchObject({ leg: 2, failoverFromLeg: 1 });
    expect(rows.find((r) => r.event_type === 'circuit_state_changed')?.detail).toMatchObject({ pathId: 'smpp:primary', previousState: 'closed', failures: 12, calls: 20 });
  }, 60_000);
  it('records device-key registrations and refused cross-tenant attempts with who acted', async () => {
    const publisher = app.get(EventPublisher);
    const now = Date.now();
    const change = { recipientHash: 'k1:dk', keyId: 'phone-1', changedAtMs: BigInt(now) };
    await publisher.publish('deviceKeyChanged', create(DeviceKeyChangedSchema, { ...change, tenantId: 'acme', client: 'app', action: DeviceKeyAction.REGISTERED }), { key: 'k1:dk', messageId: 'dk-1' });
    await publisher.publish('deviceKeyChanged', create(DeviceKeyChangedSchema, { ...change, tenantId: 'globex', client: 'web', action: DeviceKeyAction.REFUSED, ownerTenantId: 'acme' }), { key: 'k1:dk', messageId: 'dk-2' });
    const rows = await eventually(async () => {
      const found = (await db.query(`SELECT tenant_id, recipient_hash, outcome, detail FROM audit_events WHERE event_type = 'device_key_changed' ORDER BY seq`)).rows;
      expect(found).toHaveLength(2);
      return found;
    }, 45_000);
    expect(rows).toEqual([
      { tenant_id: 'acme', recipient_hash: 'k1:dk', outcome: 'registered', detail: { client: 'app', keyId: 'phone-1' } },
      { tenant_id: 'globex', recipient_hash: 'k1:dk', outcome: 'refused', detail: { client: 'web', keyId: 'phone-1', ownerTenantId: 'acme' } },
    ]);
  }, 60_000);
});
