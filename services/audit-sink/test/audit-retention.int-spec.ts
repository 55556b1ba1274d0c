import { asSuperuserBypassingTriggers, entry, startAudit, TestClock, type AuditHarness } from './audit-harness';

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
    expect((await audit.verify('--from', '5')).stdout).toMatch(/^ok: 3 rows/);

    // A retention record that lies about the dropped range is caught.
    await asSuperuserBypassingTriggers(audit.db, `UPDATE audit_events SET detail = jsonb_set(detail, '{lastRowHash}', '"00"') WHERE seq = 9`);
    expect((await audit.verify()).stdout).toMatch(/^broken at seq 6: retention record audit_events_p202403 does not match/);
  });
});
