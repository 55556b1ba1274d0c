import { retentionRecordOf, retentionRecordProblem } from './retention-record';
import type { StoredRow } from './stored-row';

// A record as audit_drop_partition() writes it: chained on 2026-11-03 with a 12-month period.
const RECORD: StoredRow = {
  seq: '90',
  event_key: 'retention:audit_events_p202510:90',
  event_type: 'audit_partition_dropped',
  message_id: '',
  tenant_id: '',
  recipient_hash: '',
  hash_key_id: '',
  channel: '',
  outcome: 'dropped',
  fallback_reason: null,
  detail: { partition: 'audit_events_p202510', month: '2025-10-01', retentionMonths: 12, rows: '40', firstSeq: '1', lastSeq: '40', firstPrevHash: '0'.repeat(64), lastRowHash: 'ab'.repeat(32) },
  occurred_at: new Date('2026-11-03T00:00:00.000Z'),
  recorded_at: new Date('2026-11-03T00:00:00.000Z'),
  prev_hash: 'cd'.repeat(32),
  row_hash: '',
};
const withDetail = (more: Record<string, unknown>, row: Partial<StoredRow> = {}): StoredRow => ({ ...RECORD, ...row, detail: { ...(RECORD.detail as object), ...more } });

describe('retention records', () => {
  it('reads the range and period of a record', () => {
    expect(retentionRecordOf(RECORD)).toEqual({ seq: 90n, partition: 'audit_events_p202510', month: '2025-10-01', retentionMonths: 12, firstSeq: 1n, lastSeq: 40n, firstPrevHash: '0'.repeat(64), lastRowHash: 'ab'.repeat(32) });
    expect(retentionRecordOf({ ...RECORD, event_type: 'delivery_outcome' })).toBeUndefined();
    expect(retentionRecordOf(withDetail({ firstSeq: null, lastSeq: null }))).toMatchObject({ firstSeq: undefined, lastSeq: undefined });
  });

  it('accepts a month wholly older than the period when the record was chained', () => {
    expect(retentionRecordProblem(RECORD)).toBeUndefined();
    expect(retentionRecordProblem(RECORD, 12)).toBeUndefined();
    expect(retentionRecordProblem(withDetail({ firstSeq: null, lastSeq: null }))).toBeUndefined();
  });

  it.each([
    ['a month inside the period', withDetail({ partition: 'audit_events_p202511', month: '2025-11-01' }), /drops 2025-11 inside its 12-month retention period/],
    ['a period shorter than the signer requires', RECORD, /claims a retention of 12 months \(at least 24 required\)/, 24],
    ['no period', withDetail({ retentionMonths: 0 }), /claims a retention of 0 months/],
    ['a partition name that is not its month', withDetail({ partition: 'audit_events_p202401' }), /names no monthly partition/],
    ['rows after the record itself', withDetail({ lastSeq: '95' }), /not rows before it/],
    ['half a range', withDetail({ lastSeq: null }), /half a seq range/],
  ])('refuses %s', (_label, row, reason, minimum = 1) => {
    expect(retentionRecordProblem(row as StoredRow, minimum as number)).toMatch(reason as RegExp);
  });
});
