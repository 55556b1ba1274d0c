import { ActionTaken, Channel, create, DeliveryOutcomeSchema, DeliveryStatus, FallbackReason, KeyDeliveryMode, PolicyChangedSchema, RoutingDecisionSchema, SecureLinkEventType, SecureLinkLifecycleSchema } from '@switchback/contracts';
import type { EventContext } from '@switchback/bus';
import { uniqueName } from '@switchback/testing';
import { asSuperuserBypassingTriggers, entry, startAudit, type AuditHarness } from './audit-harness';

// The hash chain on real Postgres, each test on its own schema: what is written, that it is
// chained and idempotent, and that the verifier (the real sbctl) names tampering.
const context = {} as EventContext;

describe('audit chain (real Postgres)', () => {
  const open: AuditHarness[] = [];
  const start = async (...args: Parameters<typeof startAudit>) => {
    const harness = await startAudit(...args);
    open.push(harness);
    return harness;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });

  it('chains every consumed event type (escrowed links included) and a redelivered event changes nothing', async () => {
    const audit = await start('audit_chain');
    const decision = create(RoutingDecisionSchema, { messageId: 'm-1', tenantId: 'acme', recipientHash: 'k1:abcDEF', channel: Channel.SMS, actionTaken: ActionTaken.SENT_PLAIN, fallbackReason: FallbackReason.NOT_RCS_REACHABLE, decidedAtMs: 1_763_900_000_123n, detectorIds: ['aws'], policyVersion: 3 });
    await audit.consumer.decision(decision, context);
    await audit.consumer.outcome(create(DeliveryOutcomeSchema, { messageId: 'm-1', tenantId: 'acme', recipientHash: 'k1:abcDEF', channel: Channel.SMS, status: DeliveryStatus.DELIVERED, leg: 1, occurredAtMs: 1_763_900_001_000n }), context);
    await audit.consumer.policyChanged(create(PolicyChangedSchema, { tenantId: 'acme', version: 3, actor: 'alice', changedAtMs: 1_763_800_000_000n, policyJson: '{"z":{"b":1,"a":2},"a":true}' }), context);
    await audit.consumer.secureLink(create(SecureLinkLifecycleSchema, { linkId: 'lnk_1', tenantId: 'acme', messageId: 'm-2', type: SecureLinkEventType.CREATED, maxViews: 1, keyMode: KeyDeliveryMode.FRAGMENT, expiresAtMs: 1_763_990_000_000n, occurredAtMs: 1_763_900_002_000n, escrowKeyId: 'esc-7' }), context);
    const before = (await audit.db.query('SELECT seq::int AS seq, prev_hash, row_hash FROM audit_events ORDER BY seq')).rows;

    await audit.consumer.decision(decision, context); // the bus redelivers
    const after = (await audit.db.query('SELECT seq::int AS seq, prev_hash, row_hash FROM audit_events ORDER BY seq')).rows;
    expect(after).toEqual(before);
    expect(after.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(after[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < after.length; i += 1) expect(after[i].prev_hash).toBe(after[i - 1].row_hash);

    const { rows } = await audit.db.query(`SELECT event_type, hash_key_id, detail FROM audit_events ORDER BY seq`);
    expect(rows.map((r) => r.event_type)).toEqual(['routing_decision', 'delivery_outcome', 'policy_changed', 'secure_link_lifecycle']);
    expect(rows.map((r) => r.hash_key_id)).toEqual(['k1', 'k1', '', '']);
    expect(rows[3].detail).toMatchObject({ escrowKeyId: 'esc-7', keyMode: 'fragment', linkId: 'lnk_1' });

    const verified = await audit.verifyPinned();
    expect(verified).toMatchObject({ code: 0, stdout: `ok: 4 rows, 0 checkpoints, head ${after[3].row_hash} at seq 4` });
  });

  it('keeps one valid chain under concurrent appends from two instances, duplicates included', async () => {
    const one = await start('audit_conc');
    const two = await start('audit_conc', { AUDIT_BATCH_MAX: '7' }, undefined, one.schema);
    const keys = Array.from({ length: 300 }, (_, i) => i);
    const results = await Promise.all([...keys.map((i) => one.log.append(entry(i))), ...keys.filter((i) => i % 3 === 0).map((i) => two.log.append(entry(i))), ...keys.map((i) => two.log.append(entry(`b${i}`)))]);
    expect(results.filter((r) => r === 'appended')).toHaveLength(600);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(100);
    const { rows } = await one.db.query('SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi, count(DISTINCT event_key)::int AS keys FROM audit_events');
    expect(rows[0]).toEqual({ n: 600, lo: 1, hi: 600, keys: 600 });
    expect((await one.verifyPinned()).stdout).toMatch(/^ok: 600 rows/);
    open.splice(open.indexOf(two), 1);
    await two.app.close();
    await two.db.end();
  });

  it('appends faster batched than one transaction per event', async () => {
    const rate = async (env: Record<string, string>) => {
      const audit = await start('audit_rate', env);
      const started = performance.now();
      await Promise.all(Array.from({ length: 400 }, (_, i) => audit.log.append(entry(i))));
      return 400 / ((performance.now() - started) / 1000);
    };
    const unbatched = await rate({ AUDIT_BATCH_MAX: '1', AUDIT_BATCH_DELAY_MS: '0' });
    const batched = await rate({});
    console.log(`audit append: ${batched.toFixed(0)} rows/s batched, ${unbatched.toFixed(0)} rows/s unbatched (x${(batched / unbatched).toFixed(1)})`);
    expect(batched).toBeGreaterThan(unbatched * 2);
  });

  it('refuses UPDATE, DELETE and TRUNCATE even to a superuser; a superuser who bypasses the trigger is named by the verifier', async () => {
    const audit = await start('audit_edit');
    for (let i = 1; i <= 5; i += 1) await audit.log.append(entry(i));
    await expect(audit.db.query(`UPDATE audit_events SET outcome = 'failed' WHERE seq = 3`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(audit.db.query('DELETE FROM audit_events WHERE seq = 3')).rejects.toThrow(/append-only: DELETE/);
    await expect(audit.db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only: TRUNCATE/);
    const partition = (await audit.partitions.partitionMonths()).map((m) => `audit_events_p${m.slice(0, 4)}${m.slice(5, 7)}`)[0]!;
    await expect(audit.db.query(`TRUNCATE ${partition}`)).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(audit.db.query(`INSERT INTO audit_checkpoints (seq, row_hash, row_count, created_at, key_id, key_fingerprint, public_key, signature) VALUES (1, 'h', 1, now(), 'a1', 'f', 'p', 's')`)).resolves.toBeDefined();
    await expect(audit.db.query(`UPDATE audit_checkpoints SET seq = 2`)).rejects.toThrow(/append-only: UPDATE/);
    await asSuperuserBypassingTriggers(audit.db, 'DELETE FROM audit_checkpoints');

    await asSuperuserBypassingTriggers(audit.db, `UPDATE audit_events SET outcome = 'failed' WHERE seq = 3`);
    expect(await audit.verifyPinned()).toMatchObject({ code: 2, stdout: 'broken at seq 3: row hash mismatch: the row was altered after it was written' });
    // jsonb edits too, whatever key order Postgres keeps.
    await asSuperuserBypassingTriggers(audit.db, `UPDATE audit_events SET outcome = 'delivered', detail = jsonb_set(detail, '{leg}', '2') WHERE seq = 3`);
    expect((await audit.verifyPinned()).stdout).toBe('broken at seq 3: row hash mismatch: the row was altered after it was written');
    // And the service refuses to sign over the broken chain.
    await expect(audit.checkpoints.checkpoint()).rejects.toThrow(/broken at seq 3/);
  });

  it('names a deleted middle row', async () => {
    const audit = await start('audit_delete');
    for (let i = 1; i <= 6; i += 1) await audit.log.append(entry(i));
    await audit.checkpoints.checkpoint();
    await asSuperuserBypassingTriggers(audit.db, 'DELETE FROM audit_events WHERE seq = 3');
    expect(await audit.verifyPinned()).toMatchObject({ code: 2, stdout: 'broken at seq 3: row 3 missing (no retention record covers the gap)' });
  });

  it('the application role may insert and read but neither UPDATE nor DELETE (by grant, and by trigger)', async () => {
    const audit = await start('audit_role');
    await audit.log.append(entry(1));
    const role = uniqueName('audit_app').replace(/-/g, '_');
    const { Client } = await import('pg');
    await audit.db.query(`CREATE ROLE ${role} LOGIN`);
    try {
      await audit.db.query(`GRANT USAGE ON SCHEMA "${audit.schema}" TO ${role}`);
      await audit.db.query(`GRANT SELECT, INSERT ON audit_events, audit_event_keys, audit_checkpoints TO ${role}`);
      const app = new Client({ connectionString: audit.config.DATABASE_URL.replace('postgres@', `${role}@`), options: `-c search_path=${audit.schema}` });
      await app.connect();
      try {
        expect((await app.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n).toBe(1);
        await expect(app.query(`UPDATE audit_events SET outcome = 'x'`)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
        await expect(app.query('DELETE FROM audit_events')).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
        await expect(app.query('TRUNCATE audit_events')).rejects.toMatchObject({ code: '42501' });
        await expect(app.query(`SELECT audit_drop_partition('2020-01-01')`)).rejects.toMatchObject({ code: '42501' });
        // A grant given by mistake still meets the trigger.
        await audit.db.query(`GRANT UPDATE, DELETE ON audit_events TO ${role}`);
        await expect(app.query(`UPDATE audit_events SET outcome = 'x'`)).rejects.toThrow(/append-only: UPDATE/);
        await expect(app.query('DELETE FROM audit_events')).rejects.toThrow(/append-only: DELETE/);
      } finally {
        await app.end();
      }
    } finally {
      await audit.db.query(`DROP OWNED BY ${role}`);
      await audit.db.query(`DROP ROLE ${role}`);
    }
  });
});
