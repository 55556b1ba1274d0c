import { chainedRowOf, rowHash, STORED_COLUMNS, type ChainedRow, type StoredRow } from '@switchback/audit-format';
import type { Client } from 'pg';
import { monthStart } from '../src/chain/audit-chain.store';
import { asServiceRole, asSuperuserBypassingTriggers, entry, startAudit, TestClock, type AuditHarness } from './audit-harness';

// Monthly partitions made ahead; retention drops whole old partitions (never one under a legal
// hold), records each drop as an audit row, and the chain still verifies across the gaps.
describe('audit partitions and retention (real Postgres)', () => {
  const clock = new TestClock(Date.parse('2024-01-15T10:00:00Z'));
  let audit: AuditHarness;

  beforeAll(async () => {
    audit = await startAudit('audit_ret', { AUDIT_RETENTION_MONTHS: '12' }, clock);
  });

  afterAll(async () => {
    await audit?.close();
  });

  it('makes this month and the next two at boot', async () => {
    expect(await audit.partitions.partitionMonths()).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
  });

  it('drops old partitions except one under a legal hold, and the chain verifies across the gaps', async () => {
    for (let i = 1; i <= 3; i += 1) await audit.log.append(entry(`jan${i}`));
    clock.at = Date.parse('2024-02-10T00:00:00Z');
    for (let i = 1; i <= 2; i += 1) await audit.log.append(entry(`feb${i}`));
    await audit.checkpoints.checkpoint();
    clock.at = Date.parse('2024-03-10T00:00:00Z');
    for (let i = 1; i <= 2; i += 1) await audit.log.append(entry(`mar${i}`));
    await audit.db.query(`INSERT INTO audit_legal_holds (partition_month, reason, held_by) VALUES ('2024-02-01', 'case 42', 'legal@acme')`);
    await expect(audit.db.query(`SELECT * FROM audit_drop_partition('2024-02-01')`)).rejects.toThrow(/legal hold/);

    clock.at = Date.now();
    const dropped = await audit.partitions.maintain();
    expect(dropped).toEqual([
      { partition: 'audit_events_p202401', month: '2024-01-01', rows: 3 },
      { partition: 'audit_events_p202403', month: '2024-03-01', rows: 2 },
    ]);
    const months = await audit.partitions.partitionMonths();
    expect(months).toContain('2024-02-01');
    expect(months).not.toContain('2024-01-01');
    expect(months).toContain(`${new Date().toISOString().slice(0, 7)}-01`);
    await expect(audit.db.query(`SELECT * FROM audit_drop_partition($1::date)`, [`${new Date().toISOString().slice(0, 7)}-01`])).rejects.toThrow(/too recent/);

    const { rows } = await audit.db.query(`SELECT seq::int AS seq, event_type, detail FROM audit_events ORDER BY seq`);
    expect(rows.map((r) => [r.seq, r.event_type])).toEqual([
      [4, 'delivery_outcome'],
      [5, 'delivery_outcome'],
      [8, 'audit_partition_dropped'],
      [9, 'audit_partition_dropped'],
    ]);
    expect(rows[2].detail).toMatchObject({ partition: 'audit_events_p202401', firstSeq: '1', lastSeq: '3', rows: '3', retentionMonths: 12 });

    const verified = await audit.verify('--public-key', audit.publicKey);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: 4 rows, 1 checkpoints, head [0-9a-f]{64} at seq 9$/) });
    expect((await audit.verifyPinned('--from', '5')).stdout).toMatch(/^ok: 3 rows/);

    // A retention record that lies about the dropped range is caught.
    await asSuperuserBypassingTriggers(audit.db, `UPDATE audit_events SET detail = jsonb_set(detail, '{lastRowHash}', '"00"') WHERE seq = 9`);
    expect((await audit.verifyPinned()).stdout).toMatch(/^broken at seq 6: retention record audit_events_p202403 does not match/);
  });
});

/** A retention record claiming `month` (and seq first..last) left, hashed and linked to the head as the service would. */
async function forgedDropRecord(db: Client, month: string, first: string | null, last: string | null): Promise<{ sql: string; params: unknown[] }> {
  const head = (await db.query<StoredRow>(`SELECT ${STORED_COLUMNS} FROM audit_events ORDER BY seq DESC LIMIT 1`)).rows[0]!;
  const hashOf = async (seq: string | null, column: 'prev_hash' | 'row_hash') => (seq === null ? null : ((await db.query(`SELECT ${column} FROM audit_events WHERE seq = $1`, [seq])).rows[0]?.[column] as string));
  const partition = `audit_events_p${month.slice(0, 4)}${month.slice(5, 7)}`;
  const row: ChainedRow = {
    ...chainedRowOf(head),
    seq: String(Number(head.seq) + 1),
    eventKey: `retention:${partition}`,
    eventType: 'audit_partition_dropped',
    messageId: '',
    tenantId: '',
    recipientHash: '',
    hashKeyId: '',
    channel: '',
    outcome: 'dropped',
    fallbackReason: null,
    detail: { partition, month, retentionMonths: 12, rows: '2', firstSeq: first, lastSeq: last, firstPrevHash: await hashOf(first, 'prev_hash'), lastRowHash: await hashOf(last, 'row_hash') },
    occurredAt: new Date(),
    recordedAt: new Date(),
    prevHash: head.row_hash,
  };
  return {
    sql: `INSERT INTO audit_events (seq, event_key, event_type, message_id, tenant_id, recipient_hash, hash_key_id, channel, outcome, fallback_reason, detail, occurred_at, recorded_at, prev_hash, row_hash)
          VALUES ($1, $2, $3, '', '', '', '', '', 'dropped', NULL, $4, $5, $5, $6, $7)`,
    params: [row.seq, row.eventKey, row.eventType, JSON.stringify(row.detail), row.recordedAt.toISOString(), row.prevHash, rowHash(row)],
  };
}

// Issue 17 item 5: whoever holds the service's credentials (or a superuser) must not be able
// to make a month of audit rows disappear behind a well-hashed "partition dropped" row.
describe('audit retention is decided by the database (real Postgres)', () => {
  const now = Date.now();
  const lastMonth = monthStart(now, -1);
  const clock = new TestClock(Date.parse('2024-01-15T10:00:00Z'));
  let audit: AuditHarness;

  beforeEach(async () => {
    clock.at = Date.parse('2024-01-15T10:00:00Z');
    audit = await startAudit('audit_ret_guard', { AUDIT_RETENTION_MONTHS: '12' }, clock);
    for (const [at, label] of [['2024-01-15T10:00:00Z', 'jan'], ['2024-03-10T00:00:00Z', 'mar'], [`${lastMonth}T12:00:00Z`, 'incident']] as const) {
      clock.at = Date.parse(at);
      for (let i = 1; i <= 2; i += 1) await audit.log.append(entry(`${label}${i}`));
    }
    clock.at = now;
    await audit.checkpoints.checkpoint();
  });

  afterEach(async () => {
    await audit?.close();
  });

  it('hashes a row in SQL exactly as libs/audit-format does (the golden vector)', async () => {
    const fields = { v: 1, seq: '42', event_key: 'decision:m-1:acme:1', event_type: 'routing_decision', message_id: 'm-1', tenant_id: 'acme', recipient_hash: 'k1:abc', hash_key_id: 'k1', channel: 'sms', outcome: 'sent_plain', fallback_reason: null, detail: { z: 1, a: { y: [1, 'two', null], b: true }, é: 'ü' }, occurred_at: '2026-11-23T10:00:00.123Z', recorded_at: '2026-11-23T10:00:01.456Z', prev_hash: 'ab'.repeat(32) };
    expect((await audit.db.query('SELECT audit_row_hash($1::jsonb) AS hash', [JSON.stringify(fields)])).rows[0].hash).toBe('362fda93a2ba21fe4683491e81ca675b71b5e500a6b4f04bdc9556a9aeb15a88');
  });

  it("the service's role cannot write a drop record, drop a month out of order or inside retention, or change retention; the oldest month it may drop", async () => {
    const forged = await forgedDropRecord(audit.db, lastMonth, '5', '6');
    await asServiceRole(audit, async (app, role) => {
      await expect(app.query(forged.sql, forged.params)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/written by audit_drop_partition\(\) only/) });
      await expect(app.query('SELECT * FROM audit_drop_partition($1::date)', [lastMonth])).rejects.toThrow(/too recent to drop \(retention 12 months\)/);
      await expect(app.query(`SELECT * FROM audit_drop_partition('2024-03-01')`)).rejects.toThrow(/audit_events_p202403 is not the oldest: audit_events_p202401 goes first/);
      await expect(app.query('SELECT audit_set_retention(1)')).rejects.toMatchObject({ code: '42501' });
      await expect(app.query('UPDATE audit_retention SET months = 1')).rejects.toMatchObject({ code: '42501' });
      // Default privileges hand the role INSERT on every new table; the period still stays the owner's.
      await audit.db.query(`GRANT INSERT, UPDATE, DELETE ON audit_retention TO ${role}`);
      await expect(app.query('UPDATE audit_retention SET months = 1')).rejects.toThrow(/set by the schema owner only/);
      await expect(app.query('DELETE FROM audit_retention')).rejects.toThrow(/set by the schema owner only/);

      const { rows } = await app.query(`SELECT partition_name, first_seq::int AS first, last_seq::int AS last, record_seq::int AS record FROM audit_drop_partition('2024-01-01')`);
      expect(rows).toEqual([{ partition_name: 'audit_events_p202401', first: 1, last: 2, record: 7 }]);
    });
    const record = (await audit.db.query(`SELECT event_type, detail FROM audit_events WHERE seq = 7`)).rows[0];
    expect(record).toEqual({ event_type: 'audit_partition_dropped', detail: expect.objectContaining({ partition: 'audit_events_p202401', firstSeq: '1', lastSeq: '2', retentionMonths: 12 }) });
    // The record the database wrote hashes right, links to the head, and the service signs it.
    expect(await audit.checkpoints.checkpoint()).toMatchObject({ seq: '7' });
    expect(await audit.verifyPinned()).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: 5 rows, 2 checkpoints, head [0-9a-f]{64} at seq 7$/) });
  });

  it('a drop record forged past the database (by a superuser) is not signed, and the verifier names it', async () => {
    // The incident's rows (5, 6: checkpointed) go, and a record bridging exactly them is chained after.
    const forged = await forgedDropRecord(audit.db, lastMonth, '5', '6');
    await asSuperuserBypassingTriggers(audit.db, 'DELETE FROM audit_events WHERE seq BETWEEN 5 AND 6');
    await asSuperuserBypassingTriggers(audit.db, forged.sql, forged.params);
    await expect(audit.checkpoints.checkpoint()).rejects.toThrow(new RegExp(`retention record audit_events_p${lastMonth.slice(0, 4)}${lastMonth.slice(5, 7)} drops ${lastMonth.slice(0, 7)} inside its 12-month retention period; checkpoint not signed`));
    expect(await audit.verifyPinned()).toMatchObject({ code: 2, stdout: expect.stringMatching(/inside its 12-month retention period/) });
  });
});
