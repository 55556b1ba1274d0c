import { ActionTaken, Channel, create, DeliveryOutcomeSchema, DeliveryStatus, FallbackReason, Sensitivity, type DeliveryOutcome } from '@switchback/contracts';
import { openDataSource } from '@switchback/persistence';
import { testEnv, uniqueName } from '@switchback/testing';
import type { DataSource } from 'typeorm';
import { routingEntities, routingMigrations } from '../src/database/routing-database';
import type { NewLeg, NewLifecycle } from '../src/lifecycle/lifecycle-rows';
import { LifecycleRepository } from '../src/lifecycle/lifecycle.repository';
import { MessageLedger, type DecisionRecord } from '../src/messages/message-ledger';

// Routing's hot-path writes are grouped: the rows of concurrent handlers go to Postgres as one
// multi-row statement. These tests submit many at once, duplicates included, and check that
// the tables end as a sequence of single-row upserts would have left them.
describe('grouped hot-path writes (real Postgres)', () => {
  const schema = uniqueName('routing_gw').replace(/-/g, '_');
  let dataSource: DataSource;
  let ledger: MessageLedger;
  let lifecycles: LifecycleRepository;

  beforeAll(async () => {
    dataSource = await openDataSource({ url: testEnv.databaseUrl, schema, entities: routingEntities, migrations: routingMigrations, poolSize: 4 });
    ledger = new MessageLedger(dataSource);
    lifecycles = new LifecycleRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const decision = (messageId: string, overrides: Partial<DecisionRecord> = {}): DecisionRecord => ({
    messageId,
    tenantId: 'acme',
    recipientHash: `h-${messageId}`,
    channel: Channel.RCS,
    actionTaken: ActionTaken.SENT_PLAIN,
    fallbackReason: FallbackReason.NONE,
    sensitivity: Sensitivity.NORMAL,
    detectorIds: [],
    cohort: 'control',
    policyVersion: 1,
    decidedAtMs: Date.UTC(2026, 11, 5, 12),
    ...overrides,
  });

  it('records a burst of decisions in few statements, each row with its own detector ids, the last of a message winning', async () => {
    const records = Array.from({ length: 60 }, (_, index) => decision(`d-${index}`, { detectorIds: index % 3 === 0 ? ['otp', 'aws_access_key'] : index % 3 === 1 ? ['otp'] : [] }));
    await Promise.all([...records.map((record) => ledger.recordDecision(record)), ledger.recordDecision(decision('d-5', { actionTaken: ActionTaken.SECURE_LINK_CREATED, policyVersion: 2 }))]);
    const rows = (await dataSource.query(`SELECT message_id, detector_ids, action_taken, policy_version FROM message_views WHERE message_id LIKE 'd-%'`)) as { message_id: string; detector_ids: string[]; action_taken: string; policy_version: number }[];
    expect(rows).toHaveLength(60);
    const byId = new Map(rows.map((row) => [row.message_id, row]));
    expect(byId.get('d-3')?.detector_ids).toEqual(['otp', 'aws_access_key']);
    expect(byId.get('d-4')?.detector_ids).toEqual(['otp']);
    expect(byId.get('d-2')?.detector_ids).toEqual([]);
    expect(byId.get('d-5')).toMatchObject({ action_taken: 'secure_link_created', policy_version: 2 });
  });

  it("never lets another tenant's decision replace a message's row, even in the same batch", async () => {
    await Promise.all([ledger.recordDecision(decision('t-1', { tenantId: 'acme', cohort: 'first' })), ledger.recordDecision(decision('t-1', { tenantId: 'mallory', cohort: 'forged' })), ledger.recordDecision(decision('t-1', { tenantId: 'acme', cohort: 'second' }))]);
    const [row] = (await dataSource.query(`SELECT tenant_id, cohort FROM message_views WHERE message_id = 't-1'`)) as { tenant_id: string; cohort: string }[];
    expect(row).toEqual({ tenant_id: 'acme', cohort: 'second' });
  });

  it('keeps the latest outcome per leg when a batch holds several for one leg, in any order', async () => {
    const outcome = (leg: number, status: DeliveryStatus, atMs: number): DeliveryOutcome =>
      create(DeliveryOutcomeSchema, { messageId: 'o-1', leg, channel: Channel.RCS, status, reason: '', occurredAtMs: BigInt(atMs) });
    await Promise.all([ledger.recordOutcome(outcome(1, DeliveryStatus.DELIVERED, 2_000)), ledger.recordOutcome(outcome(1, DeliveryStatus.SUBMITTED, 1_000)), ledger.recordOutcome(outcome(2, DeliveryStatus.SUBMITTED, 1_500))]);
    // An older one, alone in its batch, changes nothing.
    await ledger.recordOutcome(outcome(1, DeliveryStatus.SUBMITTED, 500));
    const rows = (await dataSource.query(`SELECT leg, status FROM message_legs WHERE message_id = 'o-1' ORDER BY leg`)) as { leg: number; status: string }[];
    expect(rows).toEqual([
      { leg: 1, status: 'delivered' },
      { leg: 2, status: 'submitted' },
    ]);
  });

  it('opens a burst of lifecycles with their legs; a message opened twice keeps its first opening and no extra legs', async () => {
    const lifecycle = (messageId: string, legsDispatched: number): NewLifecycle => ({
      messageId,
      tenantId: 'acme',
      recipientHash: `h-${messageId}`,
      trafficType: 'alert',
      legsDispatched,
      keyId: legsDispatched > 1 ? 'k1' : null,
      sendCiphertext: legsDispatched > 1 ? Buffer.from([0, 1, 2, 255]) : null,
      capability: null,
      requestedAtMs: 1_765_000_000_000n,
      createdAt: new Date(Date.UTC(2026, 11, 5, 12)),
      trace: undefined,
    });
    const legs = (count: number): NewLeg[] =>
      Array.from({ length: count }, (_, index) => ({ leg: index + 1, channel: index === 0 ? Channel.RCS : Channel.SMS, deadlineAt: index === 0 ? new Date(Date.UTC(2026, 11, 5, 13)) : null, fallbackReason: FallbackReason.NONE, failoverFromLeg: 0 }));
    await Promise.all([
      ...Array.from({ length: 40 }, (_, index) => lifecycles.open(lifecycle(`l-${index}`, 1 + (index % 2)), legs(1 + (index % 2)))),
      lifecycles.open(lifecycle('l-1', 1), legs(1)), // a redelivery in the same batch
    ]);
    await lifecycles.open(lifecycle('l-0', 2), legs(2)); // and one in a later batch
    const counts = (await dataSource.query(`SELECT m.message_id, m.legs_dispatched, count(l.leg)::int AS legs, m.send_ciphertext FROM message_lifecycles m JOIN lifecycle_legs l USING (message_id) GROUP BY m.message_id`)) as {
      message_id: string;
      legs_dispatched: number;
      legs: number;
      send_ciphertext: Buffer | null;
    }[];
    const byId = new Map(counts.map((row) => [row.message_id, row]));
    expect(counts).toHaveLength(40);
    expect(byId.get('l-0')).toMatchObject({ legs_dispatched: 1, legs: 1, send_ciphertext: null });
    expect(byId.get('l-1')).toMatchObject({ legs_dispatched: 2, legs: 2, send_ciphertext: Buffer.from([0, 1, 2, 255]) });
  });

  it('marks a burst of terminals announced, each once', async () => {
    await dataSource.query(`UPDATE message_lifecycles SET terminal_at = now(), terminal_status = 'delivered' WHERE message_id LIKE 'l-%'`);
    const at = new Date(Date.UTC(2026, 11, 5, 14));
    await Promise.all(Array.from({ length: 40 }, (_, index) => lifecycles.markAnnounced(`l-${index}`, at)));
    await lifecycles.markAnnounced('l-0', new Date(Date.UTC(2026, 11, 5, 15))); // a second announcement keeps the first time
    expect(await lifecycles.unannounced(new Date(Date.UTC(2030, 0, 1)), 100)).toEqual([]);
    const [row] = (await dataSource.query(`SELECT terminal_published_at FROM message_lifecycles WHERE message_id = 'l-0'`)) as { terminal_published_at: Date }[];
    expect(row?.terminal_published_at).toEqual(at);
  });
});
